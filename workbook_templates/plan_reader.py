"""Read and check a plan workbook (sheets and columns: docs/plans.md).

Every problem is collected with its sheet and cell, in Vietnamese, and raised together as
one PlanError, so an office fixes its plan in one pass.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .plan_model import expr
from .plan_model.catalog import Catalog, Indicator, Rule, default_catalog, indicator_problems, rule_problems
from .plan_model.periods import KIND_END_MONTH, PeriodError, parse_milestones, period_codes
from .plan_model.plan import CalendarEntry, Headline, Plan, PlanIndicator, Task, Unit
from .plan_model.targets import OPS, SCOPE_TEXT, SCOPES, ScopedTarget, Target, parse_scope
from .plan_sheets import PlanSheets
from .plan_workbook import (CAL_SHEET, GOAL_SHEET, HEADLINE_SHEET, INFO_SHEET, LEGACY_TARGET_COLUMNS, LEVEL_SHEET,
                            OWN_SHEET, TARGET_SHEET, TASK_SHEET, UNIT_SHEET, PlanError, PlanProblem, _period_of)

KIND_WORDS = {"số lượng": "count", "tỷ lệ nhập": "percent", "tỷ lệ tính": "ratio", "có/không": "yesno",
              "điểm": "score", "văn bản": "text"}
AGGREGATE_WORDS = {"tổng": "sum", "tỷ lệ từ tổng": "ratio", "trung bình": "mean", "trung bình có trọng số": "weighted_mean",
                   "đếm có": "count_yes", "nhỏ nhất": "min", "lớn nhất": "max", "lớn nhất trong cấp": "level_max",
                   "không tổng hợp": "none"}
NO_WORDS = ("không", "khong", "0", "false")


def _split(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", str(value or "")) if p.strip()]


def _parse_target(text: str) -> Target:
    match = re.fullmatch(r"\s*(>=|>|=|<=|≥|≤)\s*(-?\d+(?:[.,]\d+)?)\s*", text)
    if not match:
        raise ValueError(text)
    op = {"≥": ">=", "≤": "<="}.get(match.group(1), match.group(1))
    return Target(op, float(match.group(2).replace(",", ".")))


def _op(value: Any) -> str:
    text = str(value or "").strip()
    return {"≥": ">=", "≤": "<="}.get(text, text)


def _own_indicators(reader: PlanSheets, areas: dict[int, str]) -> tuple[list[Indicator], list[Rule]]:
    """The plan's own indicators (the open catalog), checked like the catalog's."""
    found: list[tuple[Indicator, str]] = []
    rules: list[Rule] = []
    for _, row, cells in reader.rows(OWN_SHEET, optional=True):
        code = str(row["code"] or "")
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", code):
            reader.problem(OWN_SHEET, cells["code"], f"mã chỉ tiêu '{code}' chỉ gồm chữ in hoa không dấu, số và '_'")
            continue
        if code in reader.catalog.indicators or any(i.code == code for i, _ in found):
            reader.problem(OWN_SHEET, cells["code"], f"mã chỉ tiêu '{code}' đã có trong danh mục chung hoặc bị trùng")
            continue
        kind = KIND_WORDS.get(str(row["kind"] or "").lower(), str(row["kind"] or ""))
        aggregate = AGGREGATE_WORDS.get(str(row["aggregate"] or "").lower(), str(row["aggregate"] or ""))
        try:
            area = int(row["area"])
        except (TypeError, ValueError):
            reader.problem(OWN_SHEET, cells["area"], f"lĩnh vực '{row['area']}' không phải số 1–{max(areas)}")
            continue
        top = row.get("max")
        ind = Indicator(code=code, name=str(row["name"] or code), unit=str(row["unit"] or ""), area=area, kind=kind,
                        aggregate=aggregate, numerator=row.get("numerator") or None,
                        denominator=row.get("denominator") or None, weight=row.get("weight") or None,
                        max=float(top) if isinstance(top, (int, float)) else None, group=row.get("group") or None,
                        source=row.get("source") or None)
        found.append((ind, cells["code"]))
        if row.get("rule"):
            try:
                rules.append(Rule(id=f"R_{code}", expr=str(row["rule"]), tree=expr.parse(str(row["rule"])),
                                  message=str(row.get("rule_message") or f"Quy tắc của chỉ tiêu {code} bị sai")))
            except expr.ExprError as exc:
                reader.problem(OWN_SHEET, cells.get("rule", ""), f"quy tắc '{row['rule']}' không hợp lệ: {exc}")
    known = {**reader.catalog.indicators, **{i.code: i for i, _ in found}}
    for ind, cell in found:
        for message in indicator_problems(ind, known, areas):
            reader.problem(OWN_SHEET, cell, f"chỉ tiêu '{ind.code}': {message}")
    for rule in rules:
        for message in rule_problems(rule, known):
            reader.problem(OWN_SHEET, "", f"quy tắc của chỉ tiêu '{rule.id[2:]}': {message}")
    return [i for i, _ in found], rules


def _targets(reader: PlanSheets, levels: dict[str, str], years: list[int],
             legacy: dict[str, list[ScopedTarget]]) -> dict[str, list[ScopedTarget]]:
    """Targets by indicator code from "Mục tiêu", after the legacy ones of "Chỉ tiêu"."""
    found = {code: list(items) for code, items in legacy.items() if items}
    for _, row, cells in reader.rows(GOAL_SHEET, optional=True):
        code = str(row["code"] or "")
        try:
            scope = parse_scope(row.get("scope"))
        except ValueError:
            words = ", ".join(SCOPE_TEXT[s] for s in SCOPES)
            reader.problem(GOAL_SHEET, cells.get("scope", ""), f"phạm vi '{row.get('scope')}' không hợp lệ (dùng: {words})")
            continue
        level = str(row.get("level") or "").strip() or None
        if level is not None and level not in levels:
            reader.problem(GOAL_SHEET, cells.get("level", ""), f"cấp '{level}' không có trong trang tính '{LEVEL_SHEET}'")
            continue
        if scope == "level_total" and level is None:
            reader.problem(GOAL_SHEET, cells.get("level", ""), "mục tiêu chung của cấp cần ghi rõ cấp")
            continue
        op = _op(row.get("op"))
        if op not in OPS:
            reader.problem(GOAL_SHEET, cells["op"], f"phép so sánh '{row.get('op')}' không hợp lệ (dùng >=, >, =, <=)")
            continue
        if not isinstance(row.get("value"), (int, float)) or isinstance(row.get("value"), bool):
            reader.problem(GOAL_SHEET, cells["value"], f"giá trị '{row.get('value')}' không phải số")
            continue
        periods = None
        if row.get("periods") not in (None, ""):
            try:
                periods = period_codes(str(row["periods"]), years)
            except PeriodError as exc:
                reader.problem(GOAL_SHEET, cells.get("periods", ""), str(exc))
                continue
        found.setdefault(code, []).append(ScopedTarget(op, float(row["value"]), scope, level, periods,
                                                       str(row.get("basis") or "")))
    return found


def _legacy_targets(row: dict[str, Any], cells: dict[str, str], reader: PlanSheets, levels: dict[str, str],
                    owner_level: str) -> list[ScopedTarget]:
    """One target per indicator in "Chỉ tiêu": each unit and the owner's total; by level likewise."""
    found: list[ScopedTarget] = []
    if row.get("op") not in (None, "") or row.get("value") not in (None, ""):
        op = _op(row.get("op"))
        if op not in OPS:
            reader.problem(TARGET_SHEET, cells.get("op", ""), f"phép so sánh '{row.get('op')}' không hợp lệ (dùng >=, >, =, <=)")
        elif not isinstance(row.get("value"), (int, float)):
            reader.problem(TARGET_SHEET, cells.get("value", ""), f"giá trị chỉ tiêu '{row.get('value')}' không phải số")
        else:
            found += [ScopedTarget(op, float(row["value"]), "each"), ScopedTarget(op, float(row["value"]), "total")]
    for part in _split(row.get("by_level")):
        level, _, text = part.partition(":")
        level = level.strip()
        try:
            target = _parse_target(text)
        except ValueError:
            reader.problem(TARGET_SHEET, cells.get("by_level", ""), f"chỉ tiêu theo cấp '{part}' không hợp lệ (ví dụ: xa: >=55)")
            continue
        if level not in levels:
            reader.problem(TARGET_SHEET, cells.get("by_level", ""), f"cấp '{level}' không có trong trang tính '{LEVEL_SHEET}'")
        scope = "total" if level == owner_level else "each"
        found = [t for t in found if not (t.scope == scope and t.level is None)] if scope == "total" else found
        found.append(ScopedTarget(target.op, target.value, scope, None if scope == "total" else level))
    return found


def read_plan(path: Path | str, catalog: Catalog | None = None) -> Plan:
    """Load a plan workbook; raise PlanError listing every problem (sheet, cell, message)."""
    path = Path(path)
    base = catalog or default_catalog()
    try:
        reader = PlanSheets(path, base)
    except Exception as exc:  # noqa: BLE001 - not a workbook at all
        raise PlanError(path, [PlanProblem("", "", f"không mở được tệp kế hoạch ({type(exc).__name__})")]) from exc
    try:
        return _read(reader, path, base)
    finally:
        reader.wb.close()


def _read(reader: PlanSheets, path: Path, base: Catalog) -> Plan:
    info = reader.info()
    year = info.get("year") if isinstance(info.get("year"), int) else 0
    years = list(range(year, (info.get("end_year") or year) + 1))
    own, own_rules = _own_indicators(reader, base.areas)
    catalog = base.extended(own, own_rules)
    reader.catalog = catalog

    levels: dict[str, str] = {}
    for _, row, cells in reader.rows(LEVEL_SHEET):
        levels[str(row["code"])] = str(row["name"] or row["code"])

    def check_level(level: Any, sheet: str, cell: str) -> str:
        level = str(level or "")
        if level not in levels:
            reader.problem(sheet, cell, f"cấp '{level}' không có trong trang tính '{LEVEL_SHEET}'")
        return level

    owner = Unit(str(info.get("owner_code") or ""), str(info.get("owner_name") or ""),
                 str(info.get("owner_level") or ""), (str(info["owner_parent"]) if info.get("owner_parent") else None))
    if owner.level and owner.level not in levels:
        reader.problem(INFO_SHEET, "", f"cấp '{owner.level}' của đơn vị tổng hợp không có trong trang tính '{LEVEL_SHEET}'")

    units: list[Unit] = []
    seen: set[str] = set()
    for _, row, cells in reader.rows(UNIT_SHEET):
        code = str(row["code"] or "")
        if code in seen:
            reader.problem(UNIT_SHEET, cells["code"], f"mã đơn vị '{code}' bị trùng")
            continue
        seen.add(code)
        if code == owner.code:
            reader.problem(UNIT_SHEET, cells["code"], "đơn vị tổng hợp không được là đơn vị báo cáo của chính mình")
        consolidates = str(row.get("consolidates") or "").strip().lower() in ("có", "co", "x", "yes", "1", "true")
        units.append(Unit(code, str(row["name"] or ""), check_level(row["level"], UNIT_SHEET, cells["level"]),
                          str(row["parent"]) if row.get("parent") else owner.code, consolidates))

    calendar: list[CalendarEntry] = []
    for _, row, cells in reader.rows(CAL_SHEET):
        try:
            period = _period_of(str(row["kind"] or ""), year)
        except PeriodError as exc:
            reader.problem(CAL_SHEET, cells["kind"], str(exc))
            continue
        cutoff = reader.date(row["cutoff"], CAL_SHEET, cells["cutoff"], "ngày chốt số liệu")
        deadline = reader.date(row["deadline"], CAL_SHEET, cells["deadline"], "hạn nộp")
        if cutoff and deadline:
            if deadline < cutoff:
                reader.problem(CAL_SHEET, cells["deadline"], "hạn nộp sớm hơn ngày chốt số liệu")
            calendar.append(CalendarEntry(period, cutoff, deadline))
    calendar.sort(key=lambda c: (c.period.end, list(KIND_END_MONTH).index(c.period.kind)))
    known_periods = {c.period.code for c in calendar}

    rows = list(reader.rows(TARGET_SHEET, extra=LEGACY_TARGET_COLUMNS))
    legacy = {str(row["code"] or ""): _legacy_targets(row, cells, reader, levels, owner.level) for _, row, cells in rows}
    targets = _targets(reader, levels, years, legacy)
    indicators: list[PlanIndicator] = []
    for _, row, cells in rows:
        code = str(row["code"] or "")
        if code not in catalog.indicators:
            reader.problem(TARGET_SHEET, cells["code"], f"mã chỉ tiêu '{code}' không có trong danh mục chỉ tiêu "
                                                        f"(chỉ tiêu riêng của kế hoạch khai báo ở trang tính '{OWN_SHEET}')")
            continue
        if any(i.code == code for i in indicators):
            reader.problem(TARGET_SHEET, cells["code"], f"mã chỉ tiêu '{code}' bị trùng")
            continue
        ind = catalog[code]
        levels_of = tuple(check_level(lv, TARGET_SHEET, cells["levels"]) for lv in _split(row.get("levels")))
        kinds: list[str] = []
        for word in _split(row.get("periods")):
            try:
                kinds.append(_period_of(word, year).kind)
            except PeriodError as exc:
                reader.problem(TARGET_SHEET, cells["periods"], str(exc))
        max_points = row.get("max")
        if ind.kind == "score" and not isinstance(max_points, (int, float)):
            reader.problem(TARGET_SHEET, cells.get("max", ""), f"chỉ tiêu điểm '{code}' cần 'Điểm tối đa'")
            max_points = None
        required = str(row.get("required") or "Có").strip().lower() not in NO_WORDS
        indicators.append(PlanIndicator(
            indicator=ind, required=required, targets=tuple(targets.get(code, ())), levels=levels_of,
            period_kinds=tuple(kinds), max=float(max_points) if isinstance(max_points, (int, float)) else None,
            basis=str(row.get("basis") or ""),
        ))
    codes = {i.code for i in indicators}
    for code, items in targets.items():
        if code not in codes:
            reader.problem(GOAL_SHEET, "", f"mục tiêu của chỉ tiêu '{code}' nhưng chỉ tiêu này không có trong trang tính '{TARGET_SHEET}'")
        for t in items:
            for period in t.periods or ():
                if period not in known_periods:
                    reader.problem(GOAL_SHEET, "", f"chỉ tiêu '{code}': kỳ đánh giá {period} không có trong trang tính '{CAL_SHEET}'")
    for ind in indicators:
        for ref in [*ind.indicator.ratio_codes, ind.indicator.weight]:
            if ref and ref not in codes:
                reader.problem(TARGET_SHEET, "", f"chỉ tiêu '{ind.code}' cần chỉ tiêu '{ref}' trong kế hoạch")

    headlines: list[Headline] = []
    for _, row, cells in reader.rows(HEADLINE_SHEET):
        refs = tuple(_split(row.get("codes")))
        for ref in refs:
            if ref not in codes:
                reader.problem(HEADLINE_SHEET, cells.get("codes", ""), f"mã chỉ tiêu '{ref}' không có trong trang tính '{TARGET_SHEET}'")
        headlines.append(Headline(int(row["no"]), str(row["text"]), refs))

    tasks = _tasks(reader, units, levels, (year, info.get("end_year") or None), max(catalog.areas))
    if reader.problems:
        raise PlanError(path, reader.problems)
    issued = info.get("issued")
    return Plan(
        name=str(info["name"]), title=str(info["title"]), year=year, owner=owner, levels=levels, units=units,
        calendar=calendar, indicators=indicators, rules=[r for r in catalog.rules if set(r.codes) <= codes],
        tasks=tasks, headlines=headlines, document=str(info.get("document") or ""),
        issued=issued.date() if isinstance(issued, dt.datetime) else None, source=str(info.get("source") or ""),
        notes=str(info.get("notes") or ""), place=str(info.get("place") or ""),
        owner_parent_name=str(info.get("owner_parent_name") or ""), path=path, areas=dict(catalog.areas), end_year=info.get("end_year"),
        own_indicators=own,
    )


def _tasks(reader: PlanSheets, units: list[Unit], levels: dict[str, str], years: tuple[int, int | None],
           last_area: int) -> list[Task]:
    tasks: list[Task] = []
    unit_codes = {u.code for u in units}
    for _, row, cells in reader.rows(TASK_SHEET):
        task_id = str(row["id"]).removesuffix(".0") if isinstance(row["id"], float) else str(row["id"] or "")
        if any(t.id == task_id for t in tasks):
            reader.problem(TASK_SHEET, cells["id"], f"mã nhiệm vụ '{task_id}' bị trùng")
            continue
        leads: list[str] = []
        for token in _split(row["lead_units"]):
            if token.lower().startswith("cấp:"):
                level = token.split(":", 1)[1].strip()
                leads += [u.code for u in units if u.level == level]
                if level not in levels:
                    reader.problem(TASK_SHEET, cells["lead_units"], f"cấp '{level}' không có trong trang tính '{LEVEL_SHEET}'")
            elif token == "*":
                leads += [u.code for u in units]
            elif token in unit_codes:
                leads.append(token)
            else:
                reader.problem(TASK_SHEET, cells["lead_units"], f"mã đơn vị chủ trì '{token}' không có trong trang tính '{UNIT_SHEET}'")
        if not _split(row["lead_units"]):
            reader.problem(TASK_SHEET, cells["lead_units"], f"nhiệm vụ '{task_id}' chưa có đơn vị chủ trì")
        milestones: tuple[dt.date, ...] = ()
        if row.get("due") not in (None, ""):
            due = reader.date(row["due"], TASK_SHEET, cells["due"], "hạn hoàn thành")
            milestones = (due,) if due else ()
        else:
            try:
                milestones = parse_milestones(str(row["timing"] or ""), *years)
            except PeriodError as exc:
                reader.problem(TASK_SHEET, cells["timing"], f"{exc}; ghi rõ 'Hạn hoàn thành'")
        budget = row.get("budget")
        if budget not in (None, "") and not isinstance(budget, (int, float)):
            reader.problem(TASK_SHEET, cells.get("budget", ""), f"kinh phí '{budget}' không phải số")
            budget = None
        try:
            area = int(row["area"])
        except (TypeError, ValueError):
            reader.problem(TASK_SHEET, cells["area"], f"lĩnh vực '{row['area']}' không phải số 1–{last_area}")
            area = 0
        tasks.append(Task(
            id=task_id, area=area, content=str(row["content"] or ""), lead=str(row["lead"] or ""),
            lead_units=tuple(dict.fromkeys(leads)), partners=str(row.get("partners") or ""),
            timing=str(row["timing"] or ""), due=milestones[-1] if milestones else None, output=str(row.get("output") or ""),
            budget=float(budget) if isinstance(budget, (int, float)) else None, note=str(row.get("note") or ""),
            milestones=milestones if len(milestones) > 1 else (),
        ))
    return tasks
