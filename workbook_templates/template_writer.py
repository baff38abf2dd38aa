"""Generate the blank report template of each reporting unit for a period."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from .fileio import atomic_path
from .layout import report_layout
from .plan_model.periods import Period
from .plan_model.plan import Plan, Unit
from .report_writer import ReportWriter, WrittenReport
from .styles import FIXED_DATE_PROPS, FONT

#: Workbook creation date written into every file, so the same inputs give the same bytes.
FIXED_CREATED = dt.datetime(2024, 1, 1)


class TemplateError(ValueError):
    """A template that cannot be made for this plan and period."""


def check_period(plan: Plan, period: Period) -> None:
    if period.year not in plan.years:
        span = f"năm {plan.year}" if len(plan.years) == 1 else f"giai đoạn {plan.year}–{plan.years[-1]}"
        raise TemplateError(f"Kỳ {period.code} không thuộc {span} của kế hoạch '{plan.name}'.")
    if plan.calendar_entry(period) is None:
        kinds = ", ".join(c.period.code for c in plan.calendar)
        raise TemplateError(f"Kỳ {period.code} không có trong lịch báo cáo của kế hoạch '{plan.name}' (có: {kinds}).")


def template_filename(unit: Unit, period: Period) -> str:
    return f"{unit.code}_{period.code}.xlsx"


def new_workbook(path: Path, title: str) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path), {
        "default_date_format": "dd/mm/yyyy",
        "default_format_properties": {"font_name": FONT, "font_size": 12},
    })
    wb.set_properties({**FIXED_DATE_PROPS, "title": title, "created": FIXED_CREATED})
    return wb


def write_template(plan: Plan, unit: Unit, period: Period, path: Path | str) -> WrittenReport:
    """Write one unit's template atomically; return where each defined name points."""
    check_period(plan, period)
    layout = report_layout(plan, unit, period)
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp, f"Báo cáo CCHC {period.label} - {unit.name}")
        written = ReportWriter(wb, layout).write()
        wb.close()
    return written


def write_templates(plan: Plan, period: Period, out_dir: Path | str, unit_codes: list[str] | None = None) -> list[Path]:
    """Write the template of every reporting unit (or of the listed ones) into ``out_dir``."""
    check_period(plan, period)
    out_dir = Path(out_dir)
    units = [u for u in plan.units if unit_codes is None or u.code in unit_codes]
    unknown = set(unit_codes or []) - {u.code for u in units}
    if unknown:
        raise TemplateError(f"Mã đơn vị không có trong kế hoạch: {', '.join(sorted(unknown))}")
    paths = []
    for unit in units:
        path = out_dir / template_filename(unit, period)
        write_template(plan, unit, period, path)
        paths.append(path)
    return paths
