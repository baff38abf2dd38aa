"""Generate the blank report template of each reporting unit for a period."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Mapping

import xlsxwriter

from . import names
from .fast_workbook import FastWorkbook
from .fileio import atomic_path
from .layout import ReportLayout, report_layout
from .plan_model.periods import Period
from .plan_model.plan import Plan, Unit
from .report_writer import ReportValues, ReportWriter, WrittenReport
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


def new_workbook(path: Path, title: str, in_memory: bool = True) -> xlsxwriter.Workbook:
    """``in_memory``: sheets assembled in memory (faster, nothing left behind); False for large
    workbooks, whose sheets then go through temporary files (a sheet's text in memory takes up to
    four bytes a character)."""
    wb = FastWorkbook(str(path), {
        "in_memory": in_memory,
        "default_date_format": "dd/mm/yyyy",
        "default_format_properties": {"font_name": FONT, "font_size": 12},
    })
    wb.set_properties({**FIXED_DATE_PROPS, "title": title, "created": FIXED_CREATED})
    return wb


def values_by_name(layout: ReportLayout, by_name: Mapping[str, Any]) -> ReportValues:
    """Values keyed by defined name (as a unit types them) sorted into a report's values."""
    indicators = {pi.code: by_name[pi.defined_name] for pi in layout.indicators
                  if pi.defined_name and pi.defined_name in by_name}
    tasks = {t.id: {key: by_name[name] for key, name in t.names.items() if name in by_name} for t in layout.tasks}
    header = {key: by_name[name] for key, name in names.HEADER_NAMES.items() if name in by_name}
    unknown = set(by_name) - {pi.defined_name for pi in layout.indicators} - set(names.HEADER_NAMES.values()) \
        - {n for t in layout.tasks for n in t.names.values()}
    if unknown:
        raise KeyError(f"Biểu mẫu không có tên: {', '.join(sorted(unknown))}")
    return ReportValues(indicators=indicators, tasks=tasks, header=header)


def write_template(plan: Plan, unit: Unit, period: Period, path: Path | str,
                   values: Mapping[str, Any] | None = None) -> WrittenReport:
    """Write one unit's template atomically, optionally filled with ``values`` (defined name → value),
    every formula carrying its computed result; return where each defined name points."""
    check_period(plan, period)
    layout = report_layout(plan, unit, period)
    filled = values_by_name(layout, values) if values else None
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp, f"Báo cáo CCHC {period.label} - {unit.name}")
        written = ReportWriter(wb, layout, values=filled).write()
        wb.close()
    return written


def units_to_write(plan: Plan, unit_codes: list[str] | None = None) -> list[Unit]:
    """Every reporting unit, or the listed ones; TemplateError names codes the plan lacks."""
    units = [u for u in plan.units if unit_codes is None or u.code in unit_codes]
    unknown = set(unit_codes or []) - {u.code for u in units}
    if unknown:
        raise TemplateError(f"Mã đơn vị không có trong kế hoạch: {', '.join(sorted(unknown))}")
    return units


def write_templates(plan: Plan, period: Period, out_dir: Path | str, unit_codes: list[str] | None = None) -> list[Path]:
    """Write the template of every reporting unit (or of the listed ones) into ``out_dir``."""
    check_period(plan, period)
    out_dir = Path(out_dir)
    units = units_to_write(plan, unit_codes)
    paths = []
    for unit in units:
        path = out_dir / template_filename(unit, period)
        write_template(plan, unit, period, path)
        paths.append(path)
    return paths
