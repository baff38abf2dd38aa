"""Write the sheets of a unit report: cover, indicators, tasks, PAR self-assessment, help.

Used for blank and pre-filled templates (``template_writer``) and, with values, for the
consolidated summary, which is itself a report of the consolidating unit under the same
defined names. Every formula is written with the result a spreadsheet computes
(``report_cache``), so readers that do not recalculate see true values.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

import xlsxwriter

from . import names, report_cache as cache
from .layout import TEMPLATE_VERSION, ReportLayout
from .plan_model.plan import PlanIndicator, format_number
from .plan_model.targets import NOT_DUE_TEXT, ScopedTarget
from .report_cover import COVER, write_checks, write_cover
from .report_indicators import INDICATORS, write_indicators
from .report_tasks import HELP, PAR, TASKS, write_help, write_par, write_tasks
from .styles import Styles

META = "_meta"
DATE_FMT = "dd/mm/yyyy"
__all__ = ["COVER", "HELP", "INDICATORS", "META", "PAR", "TASKS", "ReportValues", "ReportWriter", "WrittenReport",
           "quote_sheet", "absolute_ref"]


def quote_sheet(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def absolute_ref(sheet: str, row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell
    return f"={quote_sheet(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


@dataclass
class ReportValues:
    """Values to pre-fill. Keys: indicator codes, task ids, header keys."""

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
    """Writes one report into an open xlsxwriter workbook; the sheets live in their own modules."""

    def __init__(self, wb: xlsxwriter.Workbook, layout: ReportLayout, *, values: ReportValues | None = None,
                 kind: str = "template", protect: bool = True):
        self.wb = wb
        self.layout = layout
        self.values = values
        self.kind = kind
        self.protect = protect
        self.st = Styles(wb)
        self.written = WrittenReport()
        self.cover = None
        self.summary_row = 0
        self.check_ranges: list[str] = []
        self.rule_range: str | None = None
        self.rule_results: list[str] = []
        self.task_ranges: tuple[str, str] | None = None
        self.check_results: list[str] = []

    # ---------------------------------------------------------------- helpers
    def define(self, name: str, sheet: str, row: int, col: int) -> None:
        self.wb.define_name(name, absolute_ref(sheet, row, col))
        self.written.cells[name] = (sheet, row, col)

    def page(self, ws, landscape: bool, repeat: tuple[int, int] | None = None) -> None:
        """A4, one page wide, unit and period in the header, "Trang x/y" in the footer."""
        ws.set_paper(9)
        ws.set_landscape() if landscape else ws.set_portrait()
        ws.set_margins(left=0.6, right=0.4, top=0.7, bottom=0.6)
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        header = f"{self.layout.unit.name} — {self.layout.period.label}".replace("&", "&&")
        ws.set_header(f'&R&"Times New Roman,Italic"&9{header}')
        ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N")
        if repeat:
            ws.repeat_rows(*repeat)

    def protect_sheet(self, ws) -> None:
        if self.protect:
            ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                            "select_unlocked_cells": True})

    def prefill(self, ws, row: int, col: int, value: Any, fmt) -> None:
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, (dt.date, dt.datetime)):
            ws.write_datetime(row, col, value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day), fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def validation(self, pi: PlanIndicator) -> dict[str, Any]:
        return _validation(pi)

    # ---------------------------------------------------------------- sheets
    def write(self) -> WrittenReport:
        self.write_cover()
        self.write_indicators()
        self.write_tasks()
        if self.layout.par_indicators:
            self.write_par()
        self.write_checks()
        self.write_help()
        self.write_meta()
        return self.written

    def write_cover(self) -> None:
        write_cover(self)

    def write_indicators(self) -> None:
        write_indicators(self)

    def write_tasks(self) -> None:
        write_tasks(self)

    def write_par(self) -> None:
        write_par(self)

    def write_help(self) -> None:
        write_help(self)

    def write_checks(self) -> None:
        """The cover's "Tự kiểm tra trước khi gửi": counts of every mistake a formula can see."""
        write_checks(self, self.self_checks())

    def self_checks(self) -> list[tuple[str, str, int]]:
        checks = []
        ranges = self.check_ranges or ["'Chỉ tiêu'!$Z$1"]
        count = lambda label: "+".join(f'COUNTIF({r},"{label}")' for r in ranges)  # noqa: E731
        results = self._check_results()
        report_date = names.HEADER_NAMES["report_date"]
        blank_date = 1 if (self.values.header.get("report_date") if self.values else None) is None else 0
        checks.append(("Số ô bắt buộc chưa nhập (kể cả ngày lập báo cáo)", f"={count(cache.BLANK)}+IF(ISBLANK({report_date}),1,0)",
                       results.count(cache.BLANK) + blank_date))
        wrong = "+".join(count(label) for label in cache.WRONG_LABELS)
        checks.append(("Số ô nhập sai (không phải số, không phải số nguyên, ngoài giới hạn, vượt điểm tối đa, sai Có/Không)",
                       f"={wrong}", sum(results.count(label) for label in cache.WRONG_LABELS)))
        checks.append(("Số tỷ lệ (%) nghi nhập nhầm dạng 0,985 (cần nhập 98,5)", f"={count(cache.FRACTION)}",
                       results.count(cache.FRACTION)))
        if self.rule_range:
            checks.append(("Số kiểm tra tính thống nhất bị sai", f'=COUNTIF({self.rule_range},"{cache.RULE_BROKEN}")',
                           self.rule_results.count(cache.RULE_BROKEN)))
        if self.task_ranges:
            status, done = self.task_ranges
            tasks = self.values.tasks if self.values else {}
            statuses = [(tasks.get(t.id) or {}).get("status") for t in self.layout.tasks]
            dates = [(tasks.get(t.id) or {}).get("done_date") for t in self.layout.tasks]
            valid = "-".join(f'COUNTIF({status},"{s}")' for s in names.TASK_STATUSES)
            checks.append(("Số nhiệm vụ chưa chọn hoặc chọn sai tình trạng", f"=ROWS({status})-{valid}",
                           sum(1 for s in statuses if s not in names.TASK_STATUSES)))
            checks.append(("Số nhiệm vụ đã hoàn thành nhưng chưa ghi ngày hoàn thành",
                           f'=SUMPRODUCT(({status}="{names.TASK_STATUSES[0]}")*(1-ISNUMBER({done})))',
                           sum(1 for s, d in zip(statuses, dates)
                               if s == names.TASK_STATUSES[0] and not isinstance(d, (dt.date, int, float)))))
        return checks

    def _check_results(self) -> list[str]:
        values = self.values.indicators if self.values else {}
        summary = self.kind == "summary"
        found = []
        for pi in self.layout.indicators:
            if not pi.indicator.is_input or pi.indicator.kind == "text" or (summary and pi.indicator.kind == "yesno"):
                continue
            found.append(cache.input_check(pi, values.get(pi.code), pi.required and not summary))
        return found

    # ---------------------------------------------------------------- verdicts
    def target(self, pi: PlanIndicator) -> ScopedTarget | None:
        """The target this report is judged against: a unit's ``each`` target; the owner's total or own one."""
        year = self.layout.period.year
        if self.kind == "summary" or self.layout.unit.code == self.layout.plan.owner.code:
            return pi.owner_target(year)
        return pi.unit_target(self.layout.unit.level, year)

    def assessment(self, ws, row: int, col: int, pi: PlanIndicator, cell: str, value: Any) -> None:
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
        if target is None:
            ws.write_blank(row, col, None, self.st.text())
            return
        excel_op = {"=": "=", ">=": ">=", ">": ">", "<=": "<="}[target.op]
        threshold = format(target.value, "g")
        if pi.indicator.kind == "yesno":
            formula = f'=IF({cell}="","",IF(IF({cell}="{names.YES}",1,0){excel_op}{threshold},"{cache.PASSED}","{cache.FAILED}"))'
        else:
            formula = f'=IF(ISNUMBER({cell}),IF({cell}{excel_op}{threshold},"{cache.PASSED}","{cache.FAILED}"),"")'
        ws.write_formula(row, col, formula, fmt, cache.assessment(pi, target, value))

    def target_text(self, pi: PlanIndicator, target: ScopedTarget | None) -> str:
        """The target as printed: from the engine in a summary, else the threshold and when it is judged."""
        texts = self.values.targets if self.values else {}
        if self.kind == "summary" and pi.code in texts:
            return texts[pi.code]
        text = _plain_target_text(pi, target)
        if target is not None and target.periods is not None:
            labels = {c.period.code: c.period.label for c in self.layout.plan.calendar}
            text += f" (đánh giá: {target.when_text(labels)})"
        return text

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
            self.prefill(ws, r, 1, value, None)
        ws.protect("", {})
        ws.very_hidden()



def _plain_target_text(pi: PlanIndicator, target: ScopedTarget | None) -> str:
    if target is None:
        return ""
    if pi.indicator.kind == "yesno":
        return names.YES if target.value >= 1 else names.NO
    suffix = "%" if pi.indicator.unit == "%" else ""
    return target.text + suffix


