"""The plan (kế hoạch CCHC) of a consolidating office: units, calendar, indicators, tasks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import names
from .catalog import Indicator, Rule
from .periods import Period
from .targets import OP_SYMBOLS, OPS, ScopedTarget, Target, _num, format_number  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str | None = None
    #: The unit consolidates units of its own (it may send a summary instead of a template).
    consolidates: bool = False


@dataclass(frozen=True)
class PlanIndicator:
    """A catalog indicator as this plan uses it."""

    indicator: Indicator
    required: bool = True
    targets: tuple[ScopedTarget, ...] = ()
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

    def targets_in(self, year: int | None) -> list[ScopedTarget]:
        """The targets in force in ``year`` (None: all of them)."""
        return [t for t in self.targets if t.in_force(year)]

    def unit_target(self, level: str | None, year: int | None = None) -> ScopedTarget | None:
        """The ``each`` target a unit of ``level`` must meet (a level's own before the general one)."""
        targets = self.targets_in(year)
        binding = [t for t in targets if t.scope == "each" and level is not None and t.level == level]
        return (binding or [t for t in targets if t.scope == "each" and t.level is None] or [None])[0]

    def owner_target(self, year: int | None = None) -> ScopedTarget | None:
        """The target on the owner's figure in its own report: its total, else its own figure."""
        for scope in ("total", "own"):
            found = [t for t in self.targets_in(year) if t.scope == scope]
            if found:
                return found[0]
        return None

    @property
    def is_own(self) -> bool:
        """The owner fills this figure itself (PAR scores, ranks): never a sum or mean of its units."""
        return self.indicator.par or any(t.scope == "own" for t in self.targets)

    def legacy_target(self) -> Target | None:
        """``target`` of plan export version 1: the general per-unit target, else the owner's."""
        chosen = next((t for t in self.targets if t.scope == "each" and t.level is None), None) or self.owner_target()
        return chosen.target if chosen else None

    def legacy_target_by_level(self, owner_level: str) -> dict[str, Target]:
        """``target_by_level`` of export version 1: per-unit targets by level, the owner's under its level."""
        found: dict[str, Target] = {}
        for t in self.targets:
            if t.scope == "each" and t.level:
                found.setdefault(t.level, t.target)
            elif t.scope in ("total", "own") and (t.level in (None, owner_level)):
                found.setdefault(owner_level, t.target)
        return found


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
    milestones: tuple[date, ...] = ()

    @property
    def due_dates(self) -> tuple[date, ...]:
        """Every due date: the milestones ("Quý I và Quý IV": two), else the one due date."""
        return self.milestones or ((self.due,) if self.due else ())

    def due_dates_for(self, year: int) -> tuple[date, ...]:
        """The due dates a report of ``year`` answers for: that year's milestones of a recurring task
        ("Hàng năm" in a 2022–2025 plan), else every due date."""
        this_year = tuple(d for d in self.due_dates if d.year == year)
        return this_year if this_year and len({d.year for d in self.due_dates}) > 1 else self.due_dates

    def due_text(self, year: int) -> str:
        """The due dates a report of ``year`` answers for, as printed ("15/01/2023; 31/12/2023"), or "Thường xuyên"."""
        dues = self.due_dates_for(year)
        return "; ".join(d.strftime("%d/%m/%Y") for d in dues) if dues else "Thường xuyên"

    def overdue(self, status: str | None, on: date, year: int) -> bool:
        """Not done although a due date lies before ``on`` (the report's date, else the cut-off)."""
        return status != names.TASK_STATUSES[0] and any(d < on for d in self.due_dates_for(year))

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
    end_year: int | None = None
    own_indicators: list[Indicator] = field(default_factory=list)
    #: Place name of the date line ("Cát Hải, ngày … tháng … năm …") and the owner's parent by name.
    place: str = ""
    owner_parent_name: str = ""

    @property
    def years(self) -> list[int]:
        """Calendar years the plan covers (a phase plan such as 2022–2025 covers several)."""
        return list(range(self.year, (self.end_year or self.year) + 1))

    @property
    def pre_2025(self) -> bool:
        """A plan of the three-level local government that ended on 1/7/2025 (it has districts)."""
        return self.year < 2025 or any(level in ("huyen", "quan") for level in [self.owner.level, *self.levels])

    def _lookup(self) -> dict[str, Any]:
        """Units by code and tasks by lead unit, rebuilt whenever the unit or task lists change."""
        key = (id(self.units), len(self.units), id(self.tasks), len(self.tasks))
        cached = self.__dict__.get("_lookup_cache")
        if cached is None or cached[0] != key:
            units: dict[str, Unit] = {}
            for u in self.units:
                units.setdefault(u.code, u)
            tasks: dict[str, list[Task]] = {}
            for t in self.tasks:
                for code in dict.fromkeys(t.lead_units):
                    tasks.setdefault(code, []).append(t)
            cached = (key, {"units": units, "tasks": tasks})
            self.__dict__["_lookup_cache"] = cached
        return cached[1]

    def unit(self, code: str) -> Unit | None:
        return self._lookup()["units"].get(code)

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
            if i.indicator.kind != "ratio" or set(i.indicator.ratio_codes) <= codes
        ]

    def rules_for(self, indicators: list[PlanIndicator]) -> list[Rule]:
        """Rules whose every indicator is among these."""
        codes = {i.code for i in indicators}
        return [r for r in self.rules if set(r.codes) <= codes]

    def tasks_for(self, unit_code: str | None = None) -> list[Task]:
        if unit_code is None:
            return list(self.tasks)
        return list(self._lookup()["tasks"].get(unit_code, []))

    def level_name(self, level: str) -> str:
        return self.levels.get(level, level)
