"""A realistic folder of filled reports for a bundled plan, then its consolidation.

Most units are fine; some fall short of targets; one is late, one missing, one sends two
versions, two make typical mistakes, one file is .xls and one .ods (both written by
LibreOffice when it is installed), plus a report of another period, an Excel lock file and
a stray text file. Values come from a seeded generator: the same plan and period always
give the same figures.
"""
from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

from workbook_templates import libreoffice, names
from workbook_templates.bundled import resolve_plan
from workbook_templates.layout import report_layout
from workbook_templates.plan_model.periods import Period, parse_period
from workbook_templates.plan_model.plan import Plan, Unit
from workbook_templates.template_writer import template_filename, write_template

from .engine import Consolidation, consolidate
from .feedback import write_feedback
from .report_docx import write_reminder_docx, write_report_docx
from .summary_writer import write_summary


def unit_values(plan: Plan, unit: Unit, period: Period, rng: random.Random) -> dict[str, Any]:
    """Plausible, consistent values for one unit's template, by defined name."""
    layout = report_layout(plan, unit, period)
    v: dict[str, Any] = {}
    codes = {i.code for i in layout.input_indicators}
    scale = {"Q1": 1, "Q2": 1, "Q3": 1, "Q4": 1, "H1": 2, "9M": 3, "Y": 4}[period.kind]
    for pi in layout.input_indicators:
        kind = pi.indicator.kind
        if kind == "count":
            v[pi.code] = rng.randint(0, 12) * scale
        elif kind == "percent":
            v[pi.code] = round(rng.uniform(88, 100), 1)
        elif kind == "yesno":
            v[pi.code] = names.YES if rng.random() < 0.9 else names.NO
        elif kind == "score":
            top = pi.max_value or 0
            v[pi.code] = round(max(0.0, top - rng.choice([0, 0, 0, 0.5, 1])), 1)
        elif kind == "text":
            v[pi.code] = "Không có khó khăn, vướng mắc." if rng.random() < 0.5 else "Đề nghị tập huấn thêm về số hóa hồ sơ."
    # Ratios: the numerator never exceeds the denominator.
    for pi in layout.indicators:
        ind = pi.indicator
        if ind.kind == "ratio" and ind.numerator in codes and ind.denominator in codes:
            den = max(v[ind.denominator], rng.randint(5, 40) * scale)
            v[ind.denominator] = den
            v[ind.numerator] = min(den, round(den * rng.uniform(0.45, 1.0)))
    if "BC_GIAO" in codes and "BC_COMAT" in codes:
        v["BC_GIAO"] = rng.randint(8, 30)
        v["BC_COMAT"] = v["BC_GIAO"] - rng.randint(0, 2)
    if "HS_NHAN" in codes:  # the dossier table, consistent with every catalog rule
        received = rng.randint(40, 400) * scale
        online = round(received * rng.uniform(0.35, 0.8))
        postal = round(received * rng.uniform(0.0, 0.06))
        carried = rng.randint(0, 30)
        resolved = round((received + carried) * rng.uniform(0.85, 0.95))
        late = round(resolved * rng.choice([0, 0, 0.005, 0.01, 0.03]))
        pending = received + carried - resolved
        v.update(HS_TON=carried, HS_NHAN=received, HS_NHAN_TRUCTUYEN=online, HS_NHAN_BUUCHINH=postal,
                 HS_NHAN_TRUCTIEP=received - online - postal, HS_GQ=resolved, HS_GQ_DUNGHAN=resolved - late,
                 HS_GQ_QUAHAN=late, HS_GQ_TRUOCHAN=round((resolved - late) * 0.6),
                 HS_DANG_TRONGHAN=max(0, pending - 2), HS_DANG_QUAHAN=min(2, pending), HS_TRALAI=0)
        for code, share in (("HS_GQ_TOANTRINH", (0.3, 0.7)), ("HS_TRAKQ_BUUCHINH", (0.0, 0.15))):
            if code in codes:
                v[code] = round(resolved * rng.uniform(*share))
        if "KQ_CONHIEULUC" in codes:
            v["KQ_CONHIEULUC"] = resolved
            v["KQ_SOHOA"] = round(resolved * rng.uniform(0.45, 0.9))
    _dossier_extras(v, codes, rng)
    values = {names.indicator_name(c): x for c, x in v.items() if c in codes}
    entry = plan.calendar_entry(period)
    values[names.HEADER_NAMES["reporter"]] = "Nguyễn Văn An - công chức phụ trách CCHC"
    values[names.HEADER_NAMES["report_date"]] = entry.deadline - dt.timedelta(days=rng.randint(0, 4))
    for task in layout.tasks:
        tn = task.names
        due_passed = task.due is not None and task.due <= period.end
        status = rng.choices(names.TASK_STATUSES, weights=(6 if due_passed else 2, 3, 1))[0]
        values[tn["status"]] = status
        if status == names.TASK_STATUSES[0]:
            values[tn["done_date"]] = min(task.due or period.end, period.end) - dt.timedelta(days=rng.randint(0, 20))
            values[tn["output"]] = task.output or "Đã hoàn thành"
    return values


def run_demo(out: Path, plan_name: str = "cathai-2023", period_code: str | None = None) -> Consolidation:
    plan = resolve_plan(plan_name)
    period = parse_period(period_code or f"{plan.year}-Y")
    rng = random.Random(f"{plan.name}/{period.code}")
    if out.exists():
        shutil.rmtree(out)
    blank, inbox = out / "bieu-mau", out / "bao-cao"
    units = list(plan.units)
    missing, late, duplicate, mistake_rule, mistake_blank, as_xls, as_ods = (
        units[-1], units[1], units[2], units[3], units[4], units[5], units[6])
    for unit in units:
        template = blank / template_filename(unit, period)
        write_template(plan, unit, period, template)
        if unit is missing:
            continue
        values = unit_values(plan, unit, period, rng)
        target = inbox / unit.level / template.name
        if unit is late:
            values[names.HEADER_NAMES["report_date"]] = plan.calendar_entry(period).deadline + dt.timedelta(days=3)
        if unit is mistake_rule and "CT_HS_NHAN" in values:
            values["CT_HS_NHAN"] += 7                 # received ≠ in person + online + postal
            values["CT_HL_DANHGIA"] = "khoảng 120"     # a count typed with words
        if unit is mistake_blank:
            values.pop("CT_HS_GQ", None)               # a required value left blank
            typed = "CT_BC_GIAO" if "CT_BC_GIAO" in values else "CT_HS_TON"
            values[typed] = "1.234"                    # thousands typed as text
        if unit is duplicate:
            older = dict(values)
            older[names.HEADER_NAMES["report_date"]] -= dt.timedelta(days=10)
            older["CT_HS_NHAN_TRUCTUYEN"] = 0
            write_template(plan, unit, period, inbox / unit.level / f"{unit.code}_{period.code}_ban-cu.xlsx", older)
        # Filled as Excel would save it: every formula carries its computed result.
        write_template(plan, unit, period, target, values)
        if unit in (as_xls, as_ods) and libreoffice.available():
            libreoffice.convert([target], "xls" if unit is as_xls else "ods", target.parent)
            target.unlink()
    other = next(c.period for c in plan.calendar if c.period != period)
    write_template(plan, units[0], other, inbox / "khac" / template_filename(units[0], other))
    (inbox / "khac" / f"~${units[0].code}_{period.code}.xlsx").write_bytes(b"lock")
    (inbox / "khac" / "ghi-chu.txt").write_text("Danh sách đơn vị đã gửi qua email.\n", encoding="utf-8")
    result = consolidate(inbox, plan, period)
    write_summary(result, out / "tong-hop.xlsx")
    (out / "ket-qua.json").write_text(result.to_json_text(), encoding="utf-8")
    write_feedback(result, out / "phan-hoi")
    write_report_docx(result, out / "du-thao-bao-cao.docx")
    write_reminder_docx(result, out / "du-thao-cong-van-don-doc.docx")
    return result


def _dossier_extras(v: dict, codes: set, rng) -> None:
    """Counts that depend on the dossier table or on complaints, kept consistent with the catalog rules."""
    if "HS_NHAN_TOANTRINH" in codes and "HS_NHAN_TRUCTUYEN" in v:
        full = round(v["HS_NHAN_TRUCTUYEN"] * rng.uniform(0.4, 0.8))
        v.update(HS_NHAN_TOANTRINH=full, HS_NHAN_MOTPHAN=v["HS_NHAN_TRUCTUYEN"] - full)
    if "HS_GQ_TONGNGAY" in codes and "HS_GQ" in v:
        v["HS_GQ_TONGNGAY"] = round(v["HS_GQ"] * rng.uniform(2.0, 6.0))
    if "HS_THEODOI" in codes and "HS_NHAN" in v:
        v["HS_THEODOI"] = v["HS_NHAN"]
    if "PAKN_DUNGHAN" in codes and "PAKN_XULY" in v:
        v["PAKN_DUNGHAN"] = min(v.get("PAKN_DUNGHAN", 0), v["PAKN_XULY"])
