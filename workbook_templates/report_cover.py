"""The report's cover ("Bìa") in the form of Nghị định 30/2020: issuing body over issuing unit,
national motto, number and date line, title, the report's header cells, the self-check, the
recipients and the signature block."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from . import names
from .styles import BAD_FONT, BROKEN_FILL, MISSING_FILL, row_height

if TYPE_CHECKING:
    from .report_writer import ReportWriter

COVER = "Bìa"
WIDTHS = (40.0, 40.0, 42.0)
DATE_FMT = "dd/mm/yyyy"
#: Words before which a long heading breaks, so that a place name stays on one line.
_BREAK_BEFORE = re.compile(r"\s+(?=(?:huyện|xã|tỉnh|thị trấn|thị xã|phường|quận|thành phố|đặc khu)\b)", re.IGNORECASE)


def heading_lines(name: str, width: float) -> str:
    """A unit's name for a heading: broken before its place ("Ủy ban nhân dân\\nhuyện Cát Hải") when
    it does not fit on one line, never inside the place name."""
    if len(name) <= width * 1.05:
        return name
    parts = _BREAK_BEFORE.split(name, maxsplit=1)
    return "\n".join(p.strip() for p in parts) if len(parts) == 2 else name


_PLACE = re.compile(r"\b(?:huyện|xã|tỉnh|thị trấn|thị xã|phường|quận|thành phố|đặc khu)\s+(.+)$", re.IGNORECASE)


def place_of(name: str, default: str) -> str:
    """The place of the date line: the unit's own place ("UBND xã Hộ Độ" → "Hộ Độ"), else ``default``."""
    found = _PLACE.search(re.sub(r"\s*\([^)]*\)", "", name))
    return found.group(1).strip() if found else (default or "……")


def abbreviation(name: str) -> str:
    """"BC-…" sign of a unit: UBND for a people's committee, else the initials of its first words."""
    plain = unicodedata.normalize("NFD", name).replace("đ", "d").replace("Đ", "D")
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn")
    if re.match(r"(?i)\s*(uy ban nhan dan|ubnd)\b", plain):
        return "UBND"
    words = [w for w in re.split(r"[\s\-–]+", plain) if w and w[0].isalpha()]
    stop = {"huyen", "xa", "tinh", "thi", "phuong", "quan", "thanh", "va", "cua"}
    initials = []
    for w in words:
        if w.lower() in stop:
            break
        initials.append(w[0].upper())
    return "".join(initials[:5]) or "BC"


def recipient(w: "ReportWriter") -> str:
    """Who receives the report: the owner for a unit's report, the owner's parent for the summary."""
    plan = w.layout.plan
    if w.layout.unit.code != plan.owner.code:
        return plan.owner.name
    return plan.owner_parent_name or "Cơ quan cấp trên"


def write_cover(w: "ReportWriter") -> None:
    lay, st = w.layout, w.st
    plan, unit = lay.plan, lay.unit
    is_owner = unit.code == plan.owner.code
    entry = plan.calendar_entry(lay.period)
    ws = w.wb.add_worksheet(COVER)
    w.cover = ws
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    parent = "" if is_owner else plan.owner.name
    parent_text = heading_lines(parent.upper(), WIDTHS[0])
    unit_text = heading_lines(unit.name.upper(), WIDTHS[0])
    ws.write(0, 0, parent_text, st.get(align="center", text_wrap=True))
    ws.merge_range(0, 1, 0, 2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st.get(bold=True, align="center"))
    ws.write(1, 0, unit_text, st.get(bold=True, align="center", text_wrap=True, valign="top"))
    ws.merge_range(1, 1, 1, 2, "Độc lập - Tự do - Hạnh phúc", st.get(bold=True, underline=1, align="center", valign="top"))
    ws.set_row(0, row_height([(parent_text, WIDTHS[0])], minimum=20))
    ws.set_row(1, row_height([(unit_text, WIDTHS[0])], minimum=20))
    ws.write(2, 0, f"Số:        /BC-{abbreviation(unit.name)}", st.get(align="center"))
    place = place_of(unit.name, plan.place) if not is_owner else (plan.place or place_of(unit.name, ""))
    ws.merge_range(2, 1, 2, 2, f"{place}, ngày      tháng      năm {lay.period.end.year if lay.period.kind != 'Y' else lay.period.year}",
                   st.get(italic=True, align="center"))
    ws.set_row(2, 24)
    ws.merge_range(4, 0, 4, 2, "BÁO CÁO", st.title(16))
    ws.merge_range(5, 0, 5, 2, f"Kết quả thực hiện công tác cải cách hành chính {lay.period.label}", st.title(13))
    basis = f"(Thực hiện {plan.title})"
    ws.merge_range(6, 0, 6, 2, basis, st.get(italic=True, align="center", text_wrap=True))
    ws.set_row(6, row_height([(basis, sum(WIDTHS))]))
    _header_cells(w, ws, 8)
    extra = [("Nơi nhận báo cáo", recipient(w))]
    if entry and not is_owner:
        extra += [("Ngày chốt số liệu", entry.cutoff), ("Hạn nộp báo cáo", entry.deadline)]
    for offset, (text, value) in enumerate(extra):
        r = 15 + offset
        ws.write(r, 0, text, st.text(bold=True))
        w.prefill(ws, r, 1, value, st.text(num_format=DATE_FMT, align="left"))
        if isinstance(value, str):
            ws.set_row(r, row_height([(value, WIDTHS[1])]))
    r = 19
    ws.merge_range(r, 0, r, 2, "CHÚ THÍCH MÀU", st.header())
    legend = [(st.input(), "Ô nhập số liệu (chỉ các ô này được sửa)"),
              (st.get(bg_color=MISSING_FILL, border=1), "Ô bắt buộc nhưng chưa nhập"),
              (st.get(bg_color=BROKEN_FILL, border=1), "Số liệu sai hoặc không thống nhất (xem cột \"Tự kiểm tra\")")]
    for offset, (fmt, text) in enumerate(legend, start=1):
        ws.write_blank(r + offset, 0, None, fmt)
        ws.merge_range(r + offset, 1, r + offset, 2, text, st.get())
    w.summary_row = r + 5
    w.page(ws, landscape=False)
    w.protect_sheet(ws)


def _header_cells(w: "ReportWriter", ws, top: int) -> None:
    lay, st = w.layout, w.st
    ws.merge_range(top - 1, 0, top - 1, 2, "THÔNG TIN BÁO CÁO", st.header())
    header = dict(w.values.header) if w.values else {}
    rows = [
        ("unit_code", "Mã đơn vị", lay.unit.code, False),
        ("unit_name", "Tên đơn vị báo cáo", lay.unit.name, False),
        ("period", "Kỳ báo cáo (mã)", lay.period.code, False),
        ("reporter", "Người lập báo cáo (họ tên, chức vụ)", header.get("reporter"), True),
        ("report_date", "Ngày lập báo cáo (dd/mm/yyyy)", header.get("report_date"), True),
    ]
    year = lay.period.year
    for offset, (key, text, value, is_input) in enumerate(rows):
        r = top + offset
        ws.write(r, 0, text, st.text(bold=True))
        if is_input:
            fmt = st.input(DATE_FMT if key == "report_date" else None, text_wrap=True)
            w.prefill(ws, r, 1, value, fmt)
            if key == "report_date":
                ws.data_validation(r, 1, r, 1, {
                    "validate": "date", "criteria": "between",
                    "minimum": dt.date(year, 1, 1), "maximum": dt.date(year + 1, 12, 31),
                    "input_title": "Ngày lập báo cáo", "input_message": "Nhập ngày dạng dd/mm/yyyy, ví dụ 05/04/2024.",
                    "error_title": "Ngày không hợp lệ",
                    "error_message": f"Nhập một ngày hợp lệ trong năm {year} hoặc {year + 1} (dd/mm/yyyy)."})
            else:
                ws.data_validation(r, 1, r, 1, {
                    "validate": "length", "criteria": "between", "minimum": 1, "maximum": 200,
                    "input_title": "Người lập báo cáo", "input_message": "Họ tên, chức vụ người lập báo cáo.",
                    "error_title": "Nội dung không hợp lệ", "error_message": "Nhập từ 1 đến 200 ký tự."})
            ws.conditional_format(r, 1, r, 1, {"type": "blanks", "format": w.wb.add_format({"bg_color": MISSING_FILL})})
        else:
            ws.write_string(r, 1, str(value), st.locked_value(text_wrap=True))
            ws.set_row(r, row_height([(str(value), WIDTHS[1])]))
        w.define(names.HEADER_NAMES[key], COVER, r, 1)
    ws.write(top + 2, 2, lay.period.label, st.get(italic=True))


def write_checks(w: "ReportWriter", checks: list[tuple[str, str, int]]) -> None:
    """The self-check block (label, formula, stored result), then recipients and signatures."""
    ws, st, r = w.cover, w.st, w.summary_row
    ws.merge_range(r, 0, r, 2, "TỰ KIỂM TRA TRƯỚC KHI GỬI (các số đều phải bằng 0)", st.header())
    warn = w.wb.add_format({"font_color": BAD_FONT, "bg_color": BROKEN_FILL})
    for offset, (text, formula, cached) in enumerate(checks, start=1):
        ws.write(r + offset, 0, text, st.text(bold=True))
        ws.set_row(r + offset, row_height([(text, WIDTHS[0] * 0.85)]))
        ws.write_formula(r + offset, 1, formula, st.number("0", bold=True, align="left"), cached)
        ws.conditional_format(r + offset, 1, r + offset, 1, {"type": "cell", "criteria": ">", "value": 0, "format": warn})
    _signatures(w, r + len(checks) + 2)


def _signatures(w: "ReportWriter", r: int) -> None:
    """Nơi nhận (left) and the signature block (Người lập biểu, Thủ trưởng đơn vị)."""
    ws, st = w.cover, w.st
    ws.write(r, 1, "NGƯỜI LẬP BIỂU", st.get(bold=True, align="center"))
    ws.write(r, 2, "THỦ TRƯỞNG ĐƠN VỊ", st.get(bold=True, align="center"))
    ws.write(r + 1, 1, "(Ký, ghi rõ họ tên)", st.get(italic=True, align="center"))
    ws.write(r + 1, 2, "(Ký tên, đóng dấu)", st.get(italic=True, align="center"))
    ws.write(r, 0, "Nơi nhận:", st.get(bold=True, italic=True, font_size=11))
    lines = [f"- {recipient(w)};", "- Lưu: VT."]
    for offset, line in enumerate(lines, start=1):
        ws.write(r + offset, 0, line, st.get(font_size=11, text_wrap=True))
        ws.set_row(r + offset, row_height([(line, WIDTHS[0] * 1.1)]))
    ws.set_row(r + 4, 60)
