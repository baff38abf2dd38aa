"""The plan (kế hoạch CCHC) of a consolidating office: units, calendar, indicators, tasks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import names
from .catalog import Indicator, Rule
from .periods import Period

OPS = (">=", ">", "=", "<=")
#: How each comparison is printed for people.
OP_SYMBOLS = {">=": "≥", ">": ">", "=": "=", "<=": "≤"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str | None = None


@dataclass(frozen=True)
class Target:
    op: str
    value: float

    def met_by(self, value: float) -> bool:
        eps = 1e-9
        return {
            ">=": value >= self.value - eps,
            ">": value > self.value + eps,
            "=": abs(value - self.value) <= eps,
            "<=": value <= self.value + eps,
        }[self.op]

    def as_json(self) -> dict:
        return {"op": self.op, "value": _num(self.value)}

    @property
    def text(self) -> str:
        return f"{OP_SYMBOLS[self.op]} {format_number(self.value)}"


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def format_number(value: float) -> str:
    """Vietnamese number text: decimal comma, no thousands separator for small numbers."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


@dataclass(frozen=True)
class PlanIndicator:
    """A catalog indicator as this plan uses it."""

    indicator: Indicator
    required: bool = True
    target: Target | None = None
    target_by_level: dict[str, Target] = field(default_factory=dict)
    levels: tuple[str, ...] = ()
    period_kinds: tuple[str, ...] = ()
    max: float | None = None
    basis: str = ""

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def defined_name(self) -> str | None:
        return names.indicator_name(self.code) if self.indicator.is_input else None

    @property
    def min_value(self) -> float | None:
        return 0 if self.indicator.is_numeric else None

    @property
    def max_value(self) -> float | None:
        kind = self.indicator.kind
        if kind in ("percent", "ratio"):
            return 100
        if kind == "yesno":
            return 1
        if kind == "score":
            return self.max if self.max is not None else self.indicator.max
        return None

    def applies_to(self, level: str | None, kind: str | None) -> bool:
        level_ok = level is None or not self.levels or level in self.levels
        kind_ok = kind is None or not self.period_kinds or kind in self.period_kinds
        return level_ok and kind_ok

    def target_for(self, level: str | None) -> Target | None:
        if level is not None and level in self.target_by_level:
            return self.target_by_level[level]
        return self.target


@dataclass(frozen=True)
class CalendarEntry:
    period: Period
    cutoff: date
    deadline: date


@dataclass(frozen=True)
class Task:
    id: str
    area: int
    content: str
    lead: str
    lead_units: tuple[str, ...]
    partners: str
    timing: str
    due: date | None
    output: str
    budget: float | None
    note: str = ""

    @property
    def names(self) -> dict[str, str]:
        return names.task_names(self.id)


@dataclass(frozen=True)
class Headline:
    number: int
    text: str
    indicators: tuple[str, ...]


@dataclass
class Plan:
    name: str
    title: str
    year: int
    owner: Unit
    levels: dict[str, str]
    units: list[Unit]
    calendar: list[CalendarEntry]
    indicators: list[PlanIndicator]
    rules: list[Rule]
    tasks: list[Task]
    headlines: list[Headline] = field(default_factory=list)
    document: str = ""
    issued: date | None = None
    source: str = ""
    notes: str = ""
    path: Path | None = None
    areas: dict[int, str] = field(default_factory=dict)

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)

    def indicator(self, code: str) -> PlanIndicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def calendar_entry(self, period: Period) -> CalendarEntry | None:
        return next((c for c in self.calendar if c.period == period), None)

    def indicators_for(self, level: str | None = None, kind: str | None = None) -> list[PlanIndicator]:
        """Indicators a template of this level and period kind contains (None: any)."""
        chosen = [i for i in self.indicators if i.applies_to(level, kind)]
        codes = {i.code for i in chosen}
        # A ratio needs its numerator and denominator in the same template.
        return [
            i for i in chosen
            if i.indicator.kind != "ratio"
            or (i.indicator.numerator in codes and i.indicator.denominator in codes)
        ]

    def rules_for(self, indicators: list[PlanIndicator]) -> list[Rule]:
        """Rules whose every indicator is among these."""
        codes = {i.code for i in indicators}
        return [r for r in self.rules if set(r.codes) <= codes]

    def tasks_for(self, unit_code: str | None = None) -> list[Task]:
        return [t for t in self.tasks if unit_code is None or unit_code in t.lead_units]

    def level_name(self, level: str) -> str:
        return self.levels.get(level, level)
