"""The plan-export JSON: a public contract (docs/plan-export.md). Change only additively."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from . import names
from .plan_model.catalog import default_catalog
from .plan_model.periods import Period
from .plan_model.plan import Plan, PlanIndicator, Task, _num
from .plan_model.targets import SCOPE_TEXT

EXPORT_VERSION = 1


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def indicator_json(pi: PlanIndicator, owner_level: str, own_codes: frozenset[str] = frozenset()) -> dict[str, Any]:
    ind = pi.indicator
    return {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "area": ind.area,
        "kind": ind.kind,
        "input": ind.is_input,
        "required": pi.required if ind.is_input else False,
        "min": pi.min_value,
        "max": _num(pi.max_value) if pi.max_value is not None else None,
        "aggregate": ind.aggregate,
        "numerator": ind.numerator,
        "denominator": ind.denominator,
        "weight": ind.weight,
        "defined_name": pi.defined_name,
        "target": legacy.as_json() if (legacy := pi.legacy_target()) else None,
        "target_by_level": {level: t.as_json() for level, t in pi.legacy_target_by_level(owner_level).items()},
        "targets": [t.as_json() for t in pi.targets],
        "levels": list(pi.levels),
        "periods": list(pi.period_kinds),
        "group": ind.group,
        "basis": pi.basis,
        "scale": _num(ind.scale) if ind.kind == "ratio" else None,
        "own": pi.is_own,
        "catalog": "plan" if ind.code in own_codes else "shared",
    }


def task_json(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "area": task.area,
        "content": task.content,
        "lead": task.lead,
        "lead_units": list(task.lead_units),
        "partners": task.partners,
        "timing": task.timing,
        "due": _iso(task.due),
        "output": task.output,
        "budget": _num(task.budget) if task.budget is not None else None,
        "note": task.note,
        "names": task.names,
        "milestones": [d.isoformat() for d in task.due_dates],
    }


def period_indicators(plan: Plan, period: Period) -> list[PlanIndicator]:
    """Indicators of this period's templates and of the owner's summary (its own figures), in plan order."""
    included: set[str] = set()
    for level in {u.level for u in plan.units} | {plan.owner.level}:
        included |= {i.code for i in plan.indicators_for(level, period.kind)}
    return [i for i in plan.indicators if i.code in included]


def export_plan(plan: Plan, period: Period | None = None) -> dict[str, Any]:
    """The plan as a JSON-ready dict; with a period, only what that period's templates contain."""
    indicators = period_indicators(plan, period) if period else plan.indicators
    tasks = [t for t in plan.tasks if t.lead_units] if period else plan.tasks
    codes = {i.code for i in indicators}
    own_codes = frozenset(i.code for i in plan.own_indicators)
    return {
        "export_version": EXPORT_VERSION,
        "name": plan.name,
        "title": plan.title,
        "year": plan.year,
        "document": plan.document,
        "issued": _iso(plan.issued),
        "source": plan.source,
        "notes": plan.notes,
        "catalog_version": default_catalog().version,
        "period": period.code if period else None,
        "owner": {"code": plan.owner.code, "name": plan.owner.name, "level": plan.owner.level, "parent": plan.owner.parent},
        "levels": [{"code": code, "name": name} for code, name in plan.levels.items()],
        "units": [{"code": u.code, "name": u.name, "level": u.level, "parent": u.parent} for u in plan.units],
        "periods": [
            {"code": c.period.code, "label": c.period.label, "cutoff": _iso(c.cutoff), "deadline": _iso(c.deadline),
             "start": _iso(c.period.start), "end": _iso(c.period.end)}
            for c in plan.calendar
            if period is None or c.period == period
        ],
        "areas": [{"id": k, "name": v} for k, v in sorted(plan.areas.items())],
        "indicators": [indicator_json(i, plan.owner.level, own_codes) for i in indicators],
        "rules": [{"id": r.id, "message": r.message, "expr": r.expr} for r in plan.rules if set(r.codes) <= codes],
        "tasks": [task_json(t) for t in tasks],
        "budget_total": _num(sum(t.budget or 0 for t in tasks)),
        "headline_targets": [
            {"no": h.number, "text": h.text, "indicators": list(h.indicators)} for h in plan.headlines
        ],
        "header_names": dict(names.HEADER_NAMES),
        "task_statuses": list(names.TASK_STATUSES),
        "end_year": plan.end_year or plan.year,
        "pre_2025": plan.pre_2025,
        "target_scopes": dict(SCOPE_TEXT),
    }


def export_json(plan: Plan, period: Period | None = None) -> str:
    return json.dumps(export_plan(plan, period), ensure_ascii=False, indent=2) + "\n"
