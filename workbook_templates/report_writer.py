"""Write the sheets of a unit report: cover/header, indicators, tasks, PAR self-assessment.

Used for blank templates (``template_writer``) and, with values, for the consolidated
summary, which is itself a report of the consolidating unit under the same defined names.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from . import names
from .plan_model import expr
from .plan_model.catalog import parse_cached
from .plan_model.targets import NOT_DUE_TEXT, ScopedTarget
from .layout import TEMPLATE_VERSION, ReportLayout
from .plan_model.plan import PlanIndicator, format_number
from .styles import BAD_FONT, BROKEN_FILL, GOOD_FONT, MISSING_FILL, Styles, row_height

COVER, INDICATORS, TASKS, PAR, HELP, META = "Bìa", "Chỉ tiêu", "Nhiệm vụ", "Tự đánh giá PAR", "Hướng dẫn", "_meta"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
DATE_FMT = "dd/mm/yyyy"
KIND_FORMAT = {"count": "#,##0", "percent": "0.00", "ratio": "0.00", "score": "0.00", "yesno": "@", "text": "@"}


def quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def absolute_ref(sheet: str, row: int, col: int) -> str:
    return f"={quote_sheet(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


@dataclass
class ReportValues:
    """Values to pre-fill (summary mode). Keys: indicator codes, task ids, header keys."""

    indicators: Mapping[str, Any] = field(default_factory=dict)
    tasks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    header: Mapping[str, Any] = field(default_factory=dict)
    #: Summary only: one verdict text and one target text per indicator code, from the engine.
    verdicts: Mapping[str, str] = field(default_factory=dict)
    targets: Mapping[str, str] = field(default_factory=dict)


@dataclass
class WrittenReport:
    """Where each defined name was put: name → (sheet, row, col), zero-based."""

    cells: dict[str, tuple[str, int, int]] = field(default_factory=dict)


def _validation(pi: PlanIndicator) -> dict[str, Any]:
    ind = pi.indicator
    base = {"input_title": "Nhập số liệu", "error_title": "Giá trị không hợp lệ", "error_type": "stop"}
    if ind.kind == "count":
        return {**base, "validate": "integer", "criteria": ">=", "value": 0,
                "input_message": f"{ind.unit}: số nguyên, không âm.",
                "error_message": "Chỉ nhập số nguyên lớn hơn hoặc bằng 0 (không nhập chữ, số âm, số thập phân)."}
    if ind.kind == "percent":
        return {**base, "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
                "input_message": "Nhập số phần trăm từ 0 đến 100, ví dụ 98,5 (không nhập dấu %).",
                "error_message": "Tỷ lệ phải là số từ 0 đến 100 (ví dụ 98,5 nghĩa là 98,5%)."}
    if ind.kind == "score":
        top = format_number(pi.max_value or 0)
        return {**base, "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": pi.max_value or 0,
                "input_message": f"Điểm tự đánh giá từ 0 đến {top}.",
                "error_message": f"Điểm phải từ 0 đến tối đa {top} điểm."}
    if ind.kind == "yesno":
        return {**base, "validate": "list", "source": [names.YES, names.NO],
                "input_message": "Chọn Có hoặc Không trong danh sách.",
                "error_message": "Chỉ chọn Có hoặc Không."}
    return {**base, "validate": "length", "criteria": "<=", "value": 4000,
            "input_message": "Nhập nội dung (tối đa 4.000 ký tự).",
            "error_message": "Nội dung quá dài (tối đa 4.000 ký tự)."}


class ReportWriter:
    """Writes one report into an open xlsxwriter workbook."""

    def __init__(self, wb: xlsxwriter.Workbook, layout: ReportLayout, *, values: ReportValues | None = None,
                 kind: str = "template", protect: bool = True):
        self.wb = wb
        self.layout = layout
        self.values = values
        self.kind = kind
        self.protect = protect
        self.st = Styles(wb)
        self.written = WrittenReport()

    # ---------------------------------------------------------------- helpers
    def define(self, name: str, sheet: str, row: int, col: int) -> None:
        self.wb.define_name(name, absolute_ref(sheet, row, col))
        self.written.cells[name] = (sheet, row, col)

    def _page(self, ws, landscape: bool, repeat: tuple[int, int] | None = None) -> None:
        ws.set_paper(9)
        ws.set_landscape() if landscape else ws.set_portrait()
        ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N")
        if repeat:
            ws.repeat_rows(*repeat)

    def _protect(self, ws) -> None:
        if self.protect:
            ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                            "select_unlocked_cells": True})

    def _prefill(self, ws, row: int, col: int, value: Any, fmt) -> None:
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, (dt.date, dt.datetime)):
            ws.write_datetime(row, col, value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day), fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    # ---------------------------------------------------------------- sheets
    def write(self) -> WrittenReport:
        self.write_cover()
        self.write_indicators()
        self.write_tasks()
        if self.layout.par_indicators:
            self.write_par()
        self.write_help()
        self.write_meta()
        return self.written

    def write_cover(self) -> None:
        lay, st = self.layout, self.st
        entry = lay.plan.calendar_entry(lay.period)
        ws = self.wb.add_worksheet(COVER)
        self.cover = ws
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 46)
        ws.set_column(2, 2, 40)
        parent = lay.plan.owner.name if lay.unit.code != lay.plan.owner.code else ""
        ws.write(0, 0, parent.upper(), st.get(align="center", text_wrap=True))
        ws.merge_range(0, 1, 0, 2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st.get(bold=True, align="center"))
        ws.write(1, 0, lay.unit.name.upper(), st.get(bold=True, underline=1, align="center", text_wrap=True))
        ws.merge_range(1, 1, 1, 2, "Độc lập - Tự do - Hạnh phúc", st.get(bold=True, underline=1, align="center"))
        ws.set_row(0, 32)
        ws.set_row(1, 32)
        ws.merge_range(3, 0, 3, 2, "BÁO CÁO", st.title(16))
        ws.merge_range(4, 0, 4, 2, f"Kết quả thực hiện công tác cải cách hành chính {lay.period.label}", st.title(13))
        ws.merge_range(5, 0, 5, 2, f"(Thực hiện {lay.plan.title})", st.get(italic=True, align="center", text_wrap=True))
        ws.set_row(5, 32)
        ws.merge_range(7, 0, 7, 2, "THÔNG TIN BÁO CÁO", st.header())
        header = dict(self.values.header) if self.values else {}
        label = st.text(bold=True)
        rows = [
            ("unit_code", "Mã đơn vị", lay.unit.code, False),
            ("unit_name", "Tên đơn vị báo cáo", lay.unit.name, False),
            ("period", "Kỳ báo cáo (mã)", lay.period.code, False),
            ("reporter", "Người lập báo cáo (họ tên, chức vụ)", header.get("reporter"), True),
            ("report_date", "Ngày lập báo cáo (dd/mm/yyyy)", header.get("report_date"), True),
        ]
        for offset, (key, text, value, is_input) in enumerate(rows):
            r = 8 + offset
            ws.write(r, 0, text, label)
            if is_input:
                fmt = st.input(DATE_FMT if key == "report_date" else None, text_wrap=True)
                self._prefill(ws, r, 1, value, fmt)
                if key == "report_date":
                    year = lay.period.year
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
                ws.conditional_format(r, 1, r, 1, {"type": "blanks", "format": self.wb.add_format({"bg_color": MISSING_FILL})})
            else:
                ws.write_string(r, 1, str(value), st.locked_value())
            self.define(names.HEADER_NAMES[key], COVER, r, 1)
        ws.write(10, 2, lay.period.label, st.get(italic=True))
        extra = [("Nơi nhận báo cáo", lay.plan.owner.name if lay.unit.code != lay.plan.owner.code else (lay.plan.owner.parent or ""))]
        if entry and lay.unit.code != lay.plan.owner.code:
            extra += [("Ngày chốt số liệu", entry.cutoff), ("Hạn nộp báo cáo", entry.deadline)]
        for offset, (text, value) in enumerate(extra):
            r = 13 + offset
            ws.write(r, 0, text, label)
            self._prefill(ws, r, 1, value, st.text(num_format=DATE_FMT, align="left"))
        r = 17
        ws.merge_range(r, 0, r, 2, "CHÚ THÍCH MÀU", st.header())
        ws.write_blank(r + 1, 0, None, st.input())
        ws.write(r + 1, 1, "Ô nhập số liệu (chỉ các ô này được sửa)", st.get())
        ws.write_blank(r + 2, 0, None, st.get(bg_color=MISSING_FILL, border=1))
        ws.write(r + 2, 1, "Ô bắt buộc nhưng chưa nhập", st.get())
        ws.write_blank(r + 3, 0, None, st.get(bg_color=BROKEN_FILL, border=1))
        ws.write(r + 3, 1, "Số liệu không thống nhất (xem mục Kiểm tra ở sheet Chỉ tiêu)", st.get())
        self.summary_row = r + 5
        self._page(ws, landscape=False)
        self._protect(ws)

    def _write_cover_checks(self, required_names: list[str], rule_range: str | None, task_range: str | None) -> None:
        ws, st, r = self.cover, self.st, self.summary_row
        ws.merge_range(r, 0, r, 2, "TỰ KIỂM TRA TRƯỚC KHI GỬI", st.header())
        blank_formula = "=" + ("+".join(f"ISBLANK({n})*1" for n in required_names) if required_names else "0")
        checks = [("Số ô bắt buộc chưa nhập", blank_formula, 0)]
        if rule_range:
            checks.append(("Số kiểm tra tính thống nhất bị sai", f"=COUNTIF({rule_range},\"Sai\")", 0))
        if task_range:
            checks.append(("Số nhiệm vụ chưa chọn tình trạng", f"=COUNTBLANK({task_range})", 0))
        for offset, (text, formula, cached) in enumerate(checks, start=1):
            ws.write(r + offset, 0, text, st.text(bold=True))
            ws.write_formula(r + offset, 1, formula, st.number("0", bold=True, align="left"), cached)
            ws.conditional_format(r + offset, 1, r + offset, 1, {
                "type": "cell", "criteria": ">", "value": 0, "format": self.wb.add_format({"font_color": BAD_FONT, "bg_color": BROKEN_FILL})})

    def target(self, pi: PlanIndicator) -> ScopedTarget | None:
        """The target this report is judged against: a unit's ``each`` target; the owner's total or own one."""
        year = self.layout.period.year
        if self.kind == "summary" or self.layout.unit.code == self.layout.plan.owner.code:
            return pi.owner_target(year)
        return pi.unit_target(self.layout.unit.level, year)

    def _assessment(self, ws, row: int, col: int, pi: PlanIndicator, cell: str) -> None:
        """The "Đánh giá" cell: the engine's verdict in a summary, else a formula, or "not judged yet"."""
        fmt = self.st.text(align="center")
        verdicts = self.values.verdicts if self.values else {}
        if self.kind == "summary" and pi.code in verdicts and not pi.is_own:
            ws.write_string(row, col, verdicts[pi.code], fmt)
            return
        target = self.target(pi)
        if target is not None and not target.judged_at(self.layout.period):
            ws.write_string(row, col, NOT_DUE_TEXT, self.st.text(align="center", font_size=10, italic=True))
            return
        formula = self._assessment_formula(pi, cell)
        if formula:
            ws.write_formula(row, col, formula, fmt, "")
        else:
            ws.write_blank(row, col, None, self.st.text())

    def _assessment_formula(self, pi: PlanIndicator, cell: str) -> str | None:
        target = self.target(pi)
        if target is None:
            return None
        excel_op = {"=": "=", ">=": ">=", ">": ">", "<=": "<="}[target.op]
        value = format(target.value, "g")
        if pi.indicator.kind == "yesno":
            test = f"IF({cell}=\"{names.YES}\",1,0){excel_op}{value}"
            return f'=IF({cell}="","",IF({test},"Đạt","Không đạt"))'
        return f'=IF(ISNUMBER({cell}),IF({cell}{excel_op}{value},"Đạt","Không đạt"),"")'

    def _target_text(self, pi: PlanIndicator, target: ScopedTarget | None) -> str:
        """The target as printed: from the engine in a summary, else the threshold and when it is judged."""
        texts = self.values.targets if self.values else {}
        if self.kind == "summary" and pi.code in texts:
            return texts[pi.code]
        text = _plain_target_text(pi, target)
        if target is not None and target.periods is not None:
            labels = {c.period.code: c.period.label for c in self.layout.plan.calendar}
            text += f" (đánh giá: {target.when_text(labels)})"
        return text

    def write_indicators(self) -> None:
        lay, st = self.layout, self.st
        ws = self.wb.add_worksheet(INDICATORS)
        widths = [6, 24, 62, 14, 14, 16, 12, 34]
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        ws.set_column(1, 1, widths[1], st.get(font_size=9, font_color="#7F7F7F"))
        ws.merge_range(0, 0, 0, 7, "BIỂU SỐ LIỆU KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH", st.title(14))
        ws.merge_range(1, 0, 1, 7, f"Đơn vị: {lay.unit.name} — Kỳ báo cáo: {lay.period.label}", st.title(12))
        ws.merge_range(2, 0, 2, 7, "Nhập số liệu vào các ô màu vàng nhạt ở cột \"Kết quả thực hiện\". Tỷ lệ (%) được tính tự động.",
                       st.get(italic=True, align="center"))
        heads = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Chỉ tiêu kế hoạch", "Kết quả thực hiện", "Đánh giá", "Căn cứ, ghi chú"]
        ws.write_row(3, 0, heads, st.header())
        ws.set_row(3, 32)
        ws.freeze_panes(4, 0)
        values = self.values.indicators if self.values else {}
        missing_fmt = self.wb.add_format({"bg_color": MISSING_FILL})
        good = self.wb.add_format({"font_color": GOOD_FONT, "bold": True})
        bad = self.wb.add_format({"font_color": BAD_FONT, "bold": True})
        row = 4
        cell_of: dict[str, str] = {}
        ratio_rows: list[tuple[int, PlanIndicator]] = []
        required_names: list[str] = []
        main = lay.main_indicators
        areas = sorted({i.indicator.area for i in main})
        for a_idx, area in enumerate(areas):
            ws.merge_range(row, 0, row, 7, f"{ROMAN[area - 1]}. {lay.plan.areas.get(area, '').upper()}", st.area())
            row += 1
            group = None
            number = 0
            for pi in [i for i in main if i.indicator.area == area]:
                ind = pi.indicator
                if ind.group and ind.group != group:
                    group = ind.group
                    ws.merge_range(row, 0, row, 7, group, st.text(italic=True, bold=True))
                    row += 1
                number += 1
                target = self.target(pi)
                ws.write_number(row, 0, number, st.text(align="center"))
                ws.write_string(row, 1, ind.code, st.text(font_size=9, font_color="#7F7F7F"))
                ws.write_string(row, 2, ind.name + ("" if pi.required or not ind.is_input else " (nếu có)"),
                                st.text(indent=1 if ind.name.startswith("Trong") else 0))
                ws.write_string(row, 3, ind.unit, st.text(align="center"))
                target_text = self._target_text(pi, target)
                ws.write_string(row, 4, target_text, st.text(align="center"))
                ws.write_string(row, 7, pi.basis, st.text(font_size=10))
                ws.set_row(row, row_height([(ind.name, widths[2]), (ind.unit, widths[3]), (pi.basis, widths[7] * 1.2),
                                            (target_text, widths[4])]))
                cell = xl_rowcol_to_cell(row, 5)
                if ind.is_input:
                    value = values.get(ind.code)
                    if self.kind == "summary" and ind.kind == "yesno":
                        # A summary carries the count of units answering "Có".
                        self._prefill(ws, row, 5, value, st.input("#,##0"))
                    else:
                        self._prefill(ws, row, 5, value, st.input(KIND_FORMAT[ind.kind]))
                        ws.data_validation(row, 5, row, 5, _validation(pi))
                    self.define(pi.defined_name, INDICATORS, row, 5)
                    cell_of[ind.code] = pi.defined_name
                    if pi.required:
                        required_names.append(pi.defined_name)
                        ws.conditional_format(row, 5, row, 5, {"type": "blanks", "format": missing_fmt})
                else:
                    ratio_rows.append((row, pi))
                self._assessment(ws, row, 6, pi, cell)
                row += 1
        for r, pi in ratio_rows:
            formula = _ratio_formula(pi, cell_of)
            cached = _ratio_cached(values, pi)
            ws.write_formula(r, 5, formula, st.number("0.00", bg_color="#F2F2F2"), cached)
        text_rows = lay.text_indicators
        if text_rows:
            row += 1
            ws.merge_range(row, 0, row, 7, f"{ROMAN[len(lay.plan.areas)]}. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", st.area())
            row += 1
            for pi in text_rows:
                ws.write_string(row, 0, "", st.text())
                ws.write_string(row, 1, pi.code, st.text(font_size=9, font_color="#7F7F7F"))
                ws.merge_range(row, 2, row, 7, "", st.input(text_wrap=True, valign="top"))
                self._prefill(ws, row, 2, (values.get(pi.code)), st.input(text_wrap=True, valign="top"))
                ws.data_validation(row, 2, row, 2, _validation(pi))
                ws.set_row(row, 90)
                self.define(pi.defined_name, INDICATORS, row, 2)
                row += 1
        # Consistency checks, shown while the unit types.
        rule_range = None
        if lay.rules:
            row += 1
            ws.merge_range(row, 0, row, 7, "KIỂM TRA TÍNH THỐNG NHẤT CỦA SỐ LIỆU (tự động)", st.area())
            row += 1
            first = row
            broken = self.wb.add_format({"bg_color": BROKEN_FILL})
            for n, rule in enumerate(lay.rules, start=1):
                refs = [names.indicator_name(c) for c in rule.codes]
                body = expr.to_excel(rule.tree, names.indicator_name)
                formula = f'=IF(COUNT({",".join(refs)})<{len(refs)},"",IF({body},"Đúng","Sai"))'
                ws.write_number(row, 0, n, st.text(align="center"))
                ws.write_string(row, 1, rule.id, st.text(font_size=9, font_color="#7F7F7F"))
                ws.merge_range(row, 2, row, 4, rule.message, st.text())
                ws.set_row(row, row_height([(rule.message, sum(widths[2:5])), (rule.expr, (widths[6] + widths[7]) * 1.3)]))
                ws.write_formula(row, 5, formula, st.text(align="center", bold=True), "")
                ws.merge_range(row, 6, row, 7, rule.expr, st.text(font_size=9, font_color="#7F7F7F"))
                status = xl_rowcol_to_cell(row, 5, row_abs=True, col_abs=True)
                for code in rule.codes:
                    sheet, r, c = self.written.cells[names.indicator_name(code)]
                    ws.conditional_format(r, c, r, c, {"type": "formula", "criteria": f'={status}="Sai"', "format": broken})
                row += 1
            rule_range = f"{quote_sheet(INDICATORS)}!{xl_rowcol_to_cell(first, 5, True, True)}:{xl_rowcol_to_cell(row - 1, 5, True, True)}"
            ws.conditional_format(first, 5, row - 1, 5, {"type": "cell", "criteria": "==", "value": '"Sai"', "format": bad})
            ws.conditional_format(first, 5, row - 1, 5, {"type": "cell", "criteria": "==", "value": '"Đúng"', "format": good})
        ws.conditional_format(4, 6, row, 6, {"type": "cell", "criteria": "==", "value": '"Không đạt"', "format": bad})
        ws.conditional_format(4, 6, row, 6, {"type": "cell", "criteria": "==", "value": '"Đạt"', "format": good})
        self._page(ws, landscape=True, repeat=(3, 3))
        self._protect(ws)
        self._cover_required = required_names
        self._cover_rule_range = rule_range

    def write_tasks(self) -> None:
        lay, st = self.layout, self.st
        ws = self.wb.add_worksheet(TASKS)
        widths = [6, 8, 56, 30, 18, 13, 17, 14, 30, 24]
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        ws.merge_range(0, 0, 0, 9, "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO CHỦ TRÌ TRONG KẾ HOẠCH CCHC", st.title(14))
        ws.merge_range(1, 0, 1, 9, f"Đơn vị: {lay.unit.name} — Kỳ báo cáo: {lay.period.label}", st.title(12))
        heads = ["STT", "Mã NV", "Nội dung nhiệm vụ", "Sản phẩm dự kiến", "Thời gian thực hiện", "Hạn hoàn thành",
                 "Tình trạng", "Ngày hoàn thành", "Kết quả, sản phẩm đã có", "Ghi chú"]
        ws.write_row(2, 0, heads, st.header())
        ws.set_row(2, 32)
        ws.freeze_panes(3, 0)
        task_values = self.values.tasks if self.values else {}
        entry = lay.plan.calendar_entry(lay.period)
        task_range = None
        if not lay.tasks:
            ws.merge_range(3, 0, 3, 9, "Đơn vị không được giao chủ trì nhiệm vụ nào trong Kế hoạch.", st.text(italic=True, align="center"))
        overdue_fmt = self.wb.add_format({"bg_color": BROKEN_FILL})
        missing_fmt = self.wb.add_format({"bg_color": MISSING_FILL})
        for n, task in enumerate(lay.tasks, start=1):
            r = 2 + n
            tv = task_values.get(task.id, {})
            ws.write_number(r, 0, n, st.text(align="center"))
            ws.write_string(r, 1, task.id, st.text(align="center"))
            ws.write_string(r, 2, task.content, st.text())
            ws.write_string(r, 3, task.output, st.text(font_size=11))
            ws.write_string(r, 4, task.timing, st.text(font_size=11))
            ws.set_row(r, row_height([(task.content, widths[2]), (task.output, widths[3] * 1.1), (task.timing, widths[4] * 1.1)]))
            if task.due:
                ws.write_datetime(r, 5, dt.datetime(task.due.year, task.due.month, task.due.day), st.text(num_format=DATE_FMT, align="center"))
            else:
                ws.write_string(r, 5, "Thường xuyên", st.text(align="center"))
            task_names = task.names
            status_fmt = st.input(text_wrap=True)
            self._prefill(ws, r, 6, tv.get("status"), status_fmt)
            ws.data_validation(r, 6, r, 6, {
                "validate": "list", "source": list(names.TASK_STATUSES),
                "input_title": "Tình trạng nhiệm vụ", "input_message": "Chọn: Hoàn thành / Đang thực hiện / Chưa thực hiện.",
                "error_title": "Tình trạng không hợp lệ", "error_message": "Chỉ chọn một trong ba giá trị của danh sách."})
            ws.conditional_format(r, 6, r, 6, {"type": "blanks", "format": missing_fmt})
            dues = task.due_dates_for(lay.period.year)
            if dues:
                # Overdue: not done and due before the report's date (the cut-off while it is blank).
                first, on = min(dues), entry.cutoff if entry else lay.period.end
                due = f"DATE({first.year},{first.month},{first.day})"
                report_date = names.HEADER_NAMES["report_date"]
                ws.conditional_format(r, 6, r, 6, {"type": "formula", "format": overdue_fmt, "criteria":
                    f'=AND($G${r + 1}<>"",$G${r + 1}<>"{names.TASK_STATUSES[0]}",'
                    f'{due}<IF(ISNUMBER({report_date}),{report_date},DATE({on.year},{on.month},{on.day})))'})
            self._prefill(ws, r, 7, tv.get("done_date"), st.input(DATE_FMT))
            ws.data_validation(r, 7, r, 7, {
                "validate": "date", "criteria": "between", "minimum": dt.date(lay.plan.year - 1, 1, 1),
                "maximum": dt.date(lay.period.year + 1, 12, 31),
                "input_title": "Ngày hoàn thành", "input_message": "Nhập khi đã hoàn thành, dạng dd/mm/yyyy.",
                "error_title": "Ngày không hợp lệ", "error_message": "Nhập một ngày hợp lệ dạng dd/mm/yyyy."})
            self._prefill(ws, r, 8, tv.get("output"), st.input(text_wrap=True))
            self._prefill(ws, r, 9, tv.get("note"), st.input(text_wrap=True))
            for key, col in (("status", 6), ("done_date", 7), ("output", 8), ("note", 9)):
                self.define(task_names[key], TASKS, r, col)
        if lay.tasks:
            task_range = f"{quote_sheet(TASKS)}!$G$4:$G${3 + len(lay.tasks)}"
        self._page(ws, landscape=True, repeat=(2, 2))
        self._protect(ws)
        self._write_cover_checks(self._cover_required, self._cover_rule_range, task_range)

    def write_par(self) -> None:
        lay, st = self.layout, self.st
        ws = self.wb.add_worksheet(PAR)
        for c, w in enumerate([6, 52, 12, 14, 16, 12, 14]):
            ws.set_column(c, c, w)
        ws.merge_range(0, 0, 0, 6, "TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", st.title(14))
        ws.merge_range(1, 0, 1, 6, f"Đơn vị: {lay.unit.name} — {lay.period.label}", st.title(12))
        ws.write_row(2, 0, ["STT", "Lĩnh vực", "Điểm tối đa", "Chỉ tiêu (điểm)", "Điểm tự đánh giá", "Tỷ lệ đạt (%)", "Đánh giá"], st.header())
        ws.set_row(2, 32)
        values = self.values.indicators if self.values else {}
        first = 3
        for n, pi in enumerate(lay.par_indicators):
            r = first + n
            target = self.target(pi)
            ws.write_string(r, 0, ROMAN[pi.indicator.area - 1], st.text(align="center"))
            ws.write_string(r, 1, lay.plan.areas.get(pi.indicator.area, pi.indicator.name), st.text())
            ws.write_number(r, 2, pi.max_value or 0, st.number("0.0#"))
            if target:
                ws.write_number(r, 3, target.value, st.number("0.0#"))
            else:
                ws.write_blank(r, 3, None, st.text())
            self._prefill(ws, r, 4, values.get(pi.code), st.input("0.0#"))
            ws.data_validation(r, 4, r, 4, _validation(pi))
            ws.conditional_format(r, 4, r, 4, {"type": "blanks", "format": self.wb.add_format({"bg_color": MISSING_FILL})})
            cell = xl_rowcol_to_cell(r, 4)
            ws.write_formula(r, 5, f'=IF(ISNUMBER({cell}),100*{cell}/{xl_rowcol_to_cell(r, 2)},"")', st.number("0.0"), "")
            self._assessment(ws, r, 6, pi, cell)
            self.define(pi.defined_name, PAR, r, 4)
        last = first + len(lay.par_indicators) - 1
        total = last + 1
        ws.merge_range(total, 0, total, 1, "TỔNG CỘNG", st.text(bold=True, align="center"))
        ws.write_formula(total, 2, f"=SUM(C{first + 1}:C{last + 1})", st.number("0.0#", bold=True))
        ws.write_formula(total, 3, f"=SUM(D{first + 1}:D{last + 1})", st.number("0.0#", bold=True))
        ws.write_formula(total, 4, f'=IF(COUNT(E{first + 1}:E{last + 1})={len(lay.par_indicators)},SUM(E{first + 1}:E{last + 1}),"")',
                         st.number("0.0#", bold=True), "")
        ws.write_formula(total, 5, f'=IF(ISNUMBER(E{total + 1}),100*E{total + 1}/C{total + 1},"")', st.number("0.0", bold=True), "")
        ws.write_blank(total, 6, None, st.text())
        self._page(ws, landscape=False, repeat=(2, 2))
        self._protect(ws)

    def write_help(self) -> None:
        st = self.st
        ws = self.wb.add_worksheet(HELP)
        ws.set_column(0, 0, 110)
        lines = [
            ("HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO CẢI CÁCH HÀNH CHÍNH", st.title(14)),
            ("1. Chỉ nhập vào các ô màu vàng nhạt. Các ô khác đã khóa để tránh sửa nhầm; không cần mật khẩu để mở khóa nhưng "
             "không nên mở khóa, chèn hoặc xóa dòng.", None),
            ("2. Sheet \"Bìa\": nhập họ tên người lập báo cáo và ngày lập báo cáo (dd/mm/yyyy). Mã đơn vị, tên đơn vị và kỳ "
             "báo cáo đã điền sẵn, không sửa.", None),
            ("3. Sheet \"Chỉ tiêu\": nhập số liệu của kỳ báo cáo. Số lượng nhập số nguyên không âm; tỷ lệ (%) nhập số từ 0 đến "
             "100, ví dụ 98,5 (không gõ dấu %). Các tỷ lệ có công thức được tính tự động từ số liệu đã nhập.", None),
            ("4. Ô màu vàng đậm là ô bắt buộc chưa nhập. Ô màu đỏ là số liệu không thống nhất, ví dụ tổng số hồ sơ tiếp nhận "
             "khác tổng trực tiếp + trực tuyến + bưu chính: xem mục \"Kiểm tra tính thống nhất\" cuối sheet.", None),
            ("5. Sheet \"Nhiệm vụ\": với từng nhiệm vụ được giao chủ trì, chọn tình trạng (Hoàn thành / Đang thực hiện / Chưa "
             "thực hiện), ngày hoàn thành nếu đã xong, kết quả hoặc sản phẩm đã có. Dòng tô đỏ là nhiệm vụ đã đến hạn mà chưa hoàn thành.", None),
            ("6. Báo cáo năm có thêm sheet \"Tự đánh giá PAR\": nhập điểm tự đánh giá từng lĩnh vực, không vượt điểm tối đa.", None),
            ("7. Trước khi gửi, xem mục \"Tự kiểm tra trước khi gửi\" ở sheet \"Bìa\": các số đều phải bằng 0.", None),
            ("8. Lưu tệp dạng Excel (.xlsx). Có thể đổi tên tệp; không dùng tệp của đơn vị khác hoặc của kỳ khác. "
             "Nếu cần biểu mẫu mới, liên hệ cơ quan tổng hợp.", None),
        ]
        for r, (text, fmt) in enumerate(lines):
            ws.write_string(r, 0, text, fmt or st.get(text_wrap=True, valign="top"))
            ws.set_row(r, 36 if r else 24)
        self._page(ws, landscape=False)
        self._protect(ws)

    def write_meta(self, extra: Mapping[str, Any] | None = None) -> None:
        lay = self.layout
        ws = self.wb.add_worksheet(META)
        entries = {
            "kind": self.kind,
            "plan": lay.plan.name,
            "plan_title": lay.plan.title,
            "plan_year": lay.plan.year,
            "unit_code": lay.unit.code,
            "unit_level": lay.unit.level,
            "period": lay.period.code,
            "template_version": TEMPLATE_VERSION,
            "fingerprint": lay.fingerprint,
            **(extra or {}),
        }
        for r, (key, value) in enumerate(entries.items()):
            ws.write_string(r, 0, key)
            self._prefill(ws, r, 1, value, None)
        ws.protect("", {})
        ws.very_hidden()


def _plain_target_text(pi: PlanIndicator, target: ScopedTarget | None) -> str:
    if target is None:
        return ""
    if pi.indicator.kind == "yesno":
        return names.YES if target.value >= 1 else names.NO
    suffix = "%" if pi.indicator.unit == "%" else ""
    return target.text + suffix


def _ratio_formula(pi: PlanIndicator, cell_of: Mapping[str, str]) -> str:
    """``scale`` × numerator / denominator, blank until every part is a number and the denominator > 0."""
    ind = pi.indicator
    num = expr.to_excel(parse_cached(ind.numerator or ""), cell_of.__getitem__)
    den = expr.to_excel(parse_cached(ind.denominator or ""), cell_of.__getitem__)
    parts = ",".join(cell_of[c] for c in ind.ratio_codes)
    return f'=IF(AND(COUNT({parts})={len(ind.ratio_codes)},{den}>0),{format(ind.scale, "g")}*{num}/{den},"")'


def _ratio_cached(values: Mapping[str, Any], pi: PlanIndicator) -> Any:
    value = values.get(pi.code)
    return value if isinstance(value, (int, float)) else ""
