"""What one report (a unit, a period) contains, and the fingerprint that identifies its layout."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from . import names
from .plan_model.catalog import Rule
from .plan_model.periods import Period
from .plan_model.plan import Plan, PlanIndicator, Task, Unit

TEMPLATE_VERSION = "1"


@dataclass(frozen=True)
class ReportLayout:
    plan: Plan
    unit: Unit
    period: Period
    indicators: list[PlanIndicator]
    rules: list[Rule]
    tasks: list[Task]
    known_fingerprint: str | None = field(default=None, compare=False, repr=False)

    @property
    def main_indicators(self) -> list[PlanIndicator]:
        """Indicators on the indicator sheet (everything but PAR scores and free text)."""
        return [i for i in self.indicators if not i.indicator.par and i.indicator.kind != "text"]

    @property
    def par_indicators(self) -> list[PlanIndicator]:
        return [i for i in self.indicators if i.indicator.par]

    @property
    def text_indicators(self) -> list[PlanIndicator]:
        return [i for i in self.indicators if i.indicator.kind == "text"]

    @property
    def input_indicators(self) -> list[PlanIndicator]:
        return [i for i in self.indicators if i.indicator.is_input]

    @property
    def fingerprint(self) -> str:
        return self.known_fingerprint or layout_fingerprint(self)


def report_layout(plan: Plan, unit: Unit, period: Period) -> ReportLayout:
    indicators = plan.indicators_for(unit.level, period.kind)
    return ReportLayout(plan, unit, period, indicators, plan.rules_for(indicators), plan.tasks_for(unit.code))


_shared: dict[tuple, tuple[Plan, list[PlanIndicator], list[Rule], str]] = {}


def shared_report_layout(plan: Plan, unit: Unit, period: Period) -> ReportLayout:
    """report_layout for reading many reports of one plan: the indicators, rules and fingerprint are
    worked out once per level and task list, not per unit. The plan must not change meanwhile:
    a run reads one plan object from start to end."""
    tasks = plan.tasks_for(unit.code)
    key = (id(plan), unit.level, period.code, tuple(t.id for t in tasks))
    hit = _shared.get(key)
    if hit is None or hit[0] is not plan:
        layout = report_layout(plan, unit, period)
        if len(_shared) > 1000:
            _shared.clear()
        hit = _shared[key] = (plan, layout.indicators, layout.rules, layout_fingerprint(layout))
    return ReportLayout(plan, unit, period, hit[1], hit[2], tasks, hit[3])


def layout_fingerprint(layout: ReportLayout) -> str:
    """SHA-256 of what a reader relies on: names, kinds, tasks. Targets may change freely."""
    data = {
        "template_version": TEMPLATE_VERSION,
        "plan": layout.plan.name,
        "year": layout.plan.year,
        "period": layout.period.code,
        "level": layout.unit.level,
        "header": names.HEADER_NAMES,
        "indicators": [[i.code, i.indicator.kind, i.defined_name, i.max_value] for i in layout.indicators],
        "tasks": [[t.id, t.names] for t in layout.tasks],
    }
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()
