"""Problems found in report files: each a small declaration with a stable code (docs/issue-codes.md)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: str
    title: str
    template: str
    description: str


_TYPES = [
    IssueType("file-unreadable", ERROR, "Không đọc được tệp", "Không mở được tệp: {detail}",
              "The file is damaged, password-protected or not really a spreadsheet."),
    IssueType("file-not-regular", ERROR, "Không phải tệp thông thường", "Không đọc: đây là {detail}, không phải tệp",
              "A FIFO, device, socket or folder with a spreadsheet name: never opened (reading it could hang)."),
    IssueType("file-no-access", ERROR, "Không có quyền đọc", "Không có quyền đọc tệp hoặc thư mục này {detail}",
              "The operating system refuses to open it; the other files are read."),
    IssueType("file-vanished", ERROR, "Tệp bị xóa trong lúc đọc", "Tệp đã bị xóa hoặc di chuyển trong lúc tổng hợp",
              "Listed when the folder was read, gone when its turn came."),
    IssueType("file-too-large", ERROR, "Tệp quá lớn", "Tệp quá lớn để là một báo cáo ({detail})",
              "Larger on disk than CCHC_MAX_FILE_MB."),
    IssueType("file-limit", ERROR, "Vượt giới hạn đọc", "Không đọc tệp: {detail}",
              "Unzipped parts, farthest cell, repeated rows, memory or time beyond the limits (docs/bad-input.md)."),
    IssueType("file-encrypted", ERROR, "Tệp có mật khẩu", "Tệp được bảo vệ bằng mật khẩu (mã hóa): đề nghị đơn vị gửi lại tệp không đặt mật khẩu",
              "An encrypted OOXML package (OLE container with EncryptedPackage)."),
    IssueType("file-format", ERROR, "Định dạng không nhận", "Không đọc được tệp: {detail}",
              "The content is not an Excel or ODS workbook, or its package is damaged."),
    IssueType("file-xlsb", ERROR, "Báo cáo dạng .xlsb", "Báo cáo lưu dạng Excel nhị phân (.xlsb){detail}: đề nghị lưu lại dạng .xlsx và gửi lại",
              "Binary workbooks carry their defined names in a binary part we do not read; the unit is named when its code is found on the cover."),
    IssueType("not-a-report", ERROR, "Không phải biểu mẫu báo cáo", "Tệp không có các ô được đặt tên của biểu mẫu báo cáo CCHC ({detail})",
              "A spreadsheet without the template's defined names (e.g. a home-made table)."),
    IssueType("template-foreign", ERROR, "Biểu mẫu của kế hoạch khác", "Biểu mẫu thuộc kế hoạch '{detail}', không phải kế hoạch đang tổng hợp",
              "The file was made from another plan's templates."),
    IssueType("template-outdated", ERROR, "Biểu mẫu cũ", "Biểu mẫu đã cũ hoặc bị sửa cấu trúc (dấu vân tay không khớp); đề nghị đơn vị dùng biểu mẫu mới",
              "The metadata fingerprint differs from the current plan's layout for this unit and period."),
    IssueType("wrong-period", ERROR, "Sai kỳ báo cáo", "Báo cáo của kỳ '{detail}', không phải kỳ đang tổng hợp",
              "Header period differs from the consolidated period."),
    IssueType("unknown-unit", ERROR, "Đơn vị không thuộc kế hoạch", "Mã đơn vị '{detail}' không có trong danh sách đơn vị của kế hoạch",
              "Header unit code is not a reporting unit of the plan."),
    IssueType("identity-mismatch", ERROR, "Thông tin đơn vị không khớp", "Tệp không phải của đơn vị ghi trong tệp: {detail}",
              "The header code, the unit the template was made for and the unit name must agree with the plan."),
    IssueType("summary-not-allowed", ERROR, "Không được nhận là báo cáo tổng hợp", "Tệp tự nhận là báo cáo tổng hợp nhưng {detail}",
              "Only a unit that consolidates others may send a summary, and its unit counts must be whole and plausible."),
    IssueType("name-missing", ERROR, "Thiếu ô dữ liệu", "Biểu mẫu thiếu ô được đặt tên '{detail}'",
              "A defined name the plan expects is absent (row deleted, name removed)."),
    IssueType("value-missing", ERROR, "Chưa nhập số liệu bắt buộc", "Chưa nhập '{detail}'",
              "A required input is blank."),
    IssueType("not-a-number", ERROR, "Không phải số", "'{detail}' không phải là số",
              "Text in a number cell that cannot be read as a number."),
    IssueType("not-whole-number", ERROR, "Không phải số nguyên", "Số lượng phải là số nguyên: '{detail}'",
              "A count with decimals."),
    IssueType("number-as-text", WARNING, "Số nhập dạng chữ", "Số được nhập dạng chữ '{detail}', đã hiểu là {value}",
              "Text such as '98,5' or '1.234' read the Vietnamese way."),
    IssueType("out-of-range", ERROR, "Ngoài giới hạn", "Giá trị {detail} ngoài giới hạn cho phép ({value})",
              "Below 0, above 100 for a percentage, above the maximum of a score."),
    IssueType("par-above-max", ERROR, "Điểm vượt tối đa", "Điểm tự đánh giá {detail} vượt điểm tối đa {value}",
              "A PAR self-assessment score above its maximum."),
    IssueType("percent-suspicious", WARNING, "Tỷ lệ có thể nhập sai dạng", "Tỷ lệ {detail} rất nhỏ: có thể đã nhập dạng phần trăm của Excel (0,985 thay vì 98,5)",
              "A percentage between 0 and 1, typical of a cell formatted as %."),
    IssueType("yesno-invalid", ERROR, "Sai giá trị Có/Không", "Chỉ được chọn Có hoặc Không, không phải '{detail}'",
              "A yes/no cell with another value."),
    IssueType("formula-no-value", ERROR, "Công thức chưa có giá trị", "Ô chứa công thức chưa được tính (không có giá trị lưu): {detail}",
              "A formula saved without a cached value; open and save the file in Excel."),
    IssueType("value-error", ERROR, "Ô chứa lỗi công thức", "'{detail}' là lỗi công thức {value} (ví dụ chia cho 0), không phải số liệu",
              "The cell holds a spreadsheet error value (#DIV/0!, #N/A, #VALUE!…), not a blank."),
    IssueType("rule-broken", ERROR, "Số liệu không thống nhất", "{detail}",
              "A consistency rule of the catalog does not hold."),
    IssueType("legacy-encoding", WARNING, "Chữ gõ bằng bảng mã cũ", "Nội dung '{detail}' gõ bằng bảng mã {value}: đã chuyển sang Unicode, đề nghị kiểm tra lại",
              "Text typed in TCVN3 or VNI fonts and pasted as is; converted to Unicode for the summary."),
    IssueType("task-status-missing", WARNING, "Chưa cập nhật tình trạng nhiệm vụ", "Nhiệm vụ {detail} chưa chọn tình trạng",
              "A task the unit leads has no status."),
    IssueType("task-status-invalid", ERROR, "Sai tình trạng nhiệm vụ", "Tình trạng nhiệm vụ {detail} không hợp lệ: '{value}'",
              "A status outside Hoàn thành / Đang thực hiện / Chưa thực hiện."),
    IssueType("task-done-no-date", WARNING, "Thiếu ngày hoàn thành", "Nhiệm vụ {detail} đã hoàn thành nhưng chưa ghi ngày hoàn thành",
              "Status Hoàn thành without a completion date."),
    IssueType("date-invalid", ERROR, "Ngày không hợp lệ", "'{detail}' không phải ngày hợp lệ (dd/mm/yyyy)",
              "A date cell with something that is not a date."),
    IssueType("report-date-missing", WARNING, "Thiếu ngày báo cáo", "Chưa ghi ngày lập báo cáo: không xác định được nộp đúng hạn hay muộn",
              "The report date header is blank."),
    IssueType("late", WARNING, "Nộp muộn", "Báo cáo lập ngày {detail}, sau hạn nộp {value}",
              "The report date in the workbook is after the period's deadline."),
    IssueType("duplicate", WARNING, "Nhiều tệp của cùng đơn vị", "Có {detail} tệp của đơn vị này; dùng tệp '{value}' (ngày báo cáo mới nhất)",
              "Several files for one unit; the newest report date wins (ties: newest file)."),
]
TYPES: dict[str, IssueType] = {t.code: t for t in _TYPES}


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    indicator: str | None = None
    #: The template's {detail} value (e.g. the period a file carries), for the program, not shown.
    detail: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "file": self.file,
                "sheet": self.sheet, "cell": self.cell, "indicator": self.indicator}

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def level(self) -> str:
        """The severity as staff read it: Lỗi or Cảnh báo."""
        return "Lỗi" if self.is_error else "Cảnh báo"

    @property
    def where(self) -> str:
        parts = [p for p in (self.file, f"trang tính '{self.sheet}'" if self.sheet else None,
                             f"ô {self.cell}" if self.cell else None) if p]
        return ", ".join(parts)


def make(code: str, *, detail: Any = "", value: Any = "", file: str | None = None, sheet: str | None = None,
         cell: str | None = None, indicator: str | None = None) -> Issue:
    kind = TYPES[code]
    message = kind.template.format(detail=detail, value=value)
    return Issue(code, kind.severity, message, file, sheet, cell, indicator, str(detail) if detail != "" else None)
