"""Judge every target as the plan's sentence binds it, at the periods the plan names.

- ``each``: every unit of the level must meet it; a unit below it is a shortfall of that unit
  even when the pooled figure passes; the overall verdict is "k of n units meet it".
- ``level_total``: the pooled figure of one level's units; ``total``: the owner's total.
- ``own``: the owner's own figure; no unit reports it, the office fills it in the summary.

A target not judged at this period gets "Chưa đến kỳ đánh giá", never "Không đạt". A yes/no
indicator pooled over units is judged as the share of units answering Có, in percent (a target
written as 1, "Có", means every unit).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from workbook_templates.plan_model.periods import Period
from workbook_templates.plan_model.plan import Plan, PlanIndicator
from workbook_templates.plan_model.targets import NOT_DUE_TEXT, ScopedTarget, Target

from .aggregate import Shortfall, _clean

MET, NOT_MET, NO_DATA, NOT_DUE, TO_FILL = "met", "not_met", "no_data", "not_due", "to_fill"
STATUS_TEXT = {MET: "Đạt", NOT_MET: "Không đạt", NO_DATA: "Chưa có số liệu", NOT_DUE: NOT_DUE_TEXT,
               TO_FILL: "Đơn vị tổng hợp tự nhập"}


@dataclass(frozen=True)
class Verdict:
    """The verdict on one target of one indicator for the whole consolidation."""

    indicator: str
    target: ScopedTarget
    status: str
    value: float | None = None
    units_met: int | None = None
    units_judged: int | None = None

    @property
    def text(self) -> str:
        if self.target.scope == "each" and self.units_judged:
            return f"{self.units_met}/{self.units_judged} đơn vị đạt"
        return STATUS_TEXT[self.status]

    def as_json(self) -> dict:
        t = self.target
        return {"indicator": self.indicator, "scope": t.scope, "level": t.level, "op": t.op,
                "target": _clean(t.value), "periods": list(t.periods) if t.periods is not None else None,
                "status": self.status, "value": _clean(self.value), "units_met": self.units_met,
                "units_judged": self.units_judged}


@dataclass(frozen=True)
class UnitFigures:
    """What the verdicts need of one accepted unit report."""

    code: str
    level: str
    values: Mapping[str, float | None]
    weights: Mapping[str, float]
    shortfalls: tuple[Shortfall, ...]


def compare(pi: PlanIndicator, value: float | None, target: ScopedTarget, units_behind: float = 1.0) -> Shortfall | None:
    """The shortfall of one value against one target, or None when met or without a value."""
    if value is None:
        return None
    threshold = target.value
    if pi.indicator.kind == "yesno" and target.scope in ("level_total", "total"):
        if units_behind <= 0:
            return None
        value = 100.0 * value / units_behind  # share of units answering Có
        threshold = 100.0 * threshold if threshold <= 1 else threshold
    elif pi.indicator.kind == "yesno" and units_behind != 1.0:
        threshold = threshold * units_behind  # a summary's count of Có against its units
    if Target(target.op, threshold).met_by(value):
        return None
    return Shortfall(pi.code, value, threshold, target.op, value - threshold, target.scope, target.level)


def binding_targets(indicators: Iterable[PlanIndicator], level: str, period: Period
                    ) -> list[tuple[PlanIndicator, ScopedTarget]]:
    """The ``each`` targets binding a unit of ``level`` at this period, with their indicators."""
    found = []
    for pi in indicators:
        target = pi.unit_target(level, period.year)
        if target is not None and target.judged_at(period):
            found.append((pi, target))
    return found


def unit_shortfalls(binding: Iterable[tuple[PlanIndicator, ScopedTarget]], values: Mapping[str, float | None],
                    weights: Mapping[str, float] | None = None) -> list[Shortfall]:
    """Shortfalls of one unit against the targets binding its level (``binding_targets``) that it reports."""
    found = []
    for pi, target in binding:
        if pi.code not in values:
            continue
        item = compare(pi, values.get(pi.code), target, (weights or {}).get(pi.code, 1.0))
        if item:
            found.append(item)
    return found


def judge(plan: Plan, period: Period, indicators: list[PlanIndicator], units: list[UnitFigures],
          level_totals: Mapping[str, Mapping[str, float | None]], level_behind: Mapping[str, Mapping[str, float]],
          totals: Mapping[str, float | None], behind: Mapping[str, float]) -> tuple[list[Verdict], list[Shortfall]]:
    """Every target's verdict, and the shortfalls of pooled figures (level totals and the owner's total)."""
    verdicts: list[Verdict] = []
    pooled_short: list[Shortfall] = []
    for pi in indicators:
        for target in pi.targets_in(period.year):
            if target.scope == "own":
                verdicts.append(Verdict(pi.code, target, TO_FILL if target.judged_at(period) else NOT_DUE))
                continue
            if target.scope == "each":
                verdicts.append(_each(pi, target, units, period))
                continue
            if target.scope == "level_total":
                value = level_totals.get(target.level or "", {}).get(pi.code)
                n = level_behind.get(target.level or "", {}).get(pi.code, 0.0)
            else:
                value, n = totals.get(pi.code), behind.get(pi.code, 0.0)
            if not target.judged_at(period):
                verdicts.append(Verdict(pi.code, target, NOT_DUE, value))
                continue
            if value is None:
                verdicts.append(Verdict(pi.code, target, NO_DATA))
                continue
            miss = compare(pi, value, target, n)
            shown = miss.value if miss else (100.0 * value / n if pi.indicator.kind == "yesno" and n else value)
            verdicts.append(Verdict(pi.code, target, NOT_MET if miss else MET, shown))
            if miss:
                pooled_short.append(miss)
    return verdicts, pooled_short


def _each(pi: PlanIndicator, target: ScopedTarget, units: list[UnitFigures], period: Period) -> Verdict:
    bound = [u for u in units if pi.unit_target(u.level, period.year) == target and u.values.get(pi.code) is not None]
    if not target.judged_at(period):
        return Verdict(pi.code, target, NOT_DUE)
    if not bound:
        return Verdict(pi.code, target, NO_DATA)
    failed = sum(1 for u in bound if any(s.indicator == pi.code for s in u.shortfalls))
    return Verdict(pi.code, target, NOT_MET if failed else MET, None, len(bound) - failed, len(bound))


def scope_label(plan: Plan, s: Shortfall) -> str:
    """Whom a shortfall's target binds, in Vietnamese, with the level's name."""
    target = ScopedTarget(s.op, s.target, s.scope, s.level)
    return target.scope_text(plan.level_name(s.level) if s.level else None)


def verdict_texts(plan: Plan, verdicts: list[Verdict]) -> dict[str, str]:
    """One line per indicator for pages: every target's verdict, labelled by level when there are several."""
    by_code: dict[str, list[Verdict]] = {}
    for v in verdicts:
        by_code.setdefault(v.indicator, []).append(v)
    texts = {}
    for code, found in by_code.items():
        if len(found) == 1:
            texts[code] = found[0].text
        else:
            texts[code] = "; ".join(f"{plan.level_name(v.target.level) if v.target.level else v.target.scope_text()}: {v.text}"
                                    for v in found)
    return texts


def target_texts(plan: Plan, indicators: list[PlanIndicator], year: int | None = None) -> dict[str, str]:
    """Each indicator's targets in force in ``year``, as staff read them: '≥ 30 (chung của cấp xã, kỳ Năm 2023)'."""
    labels = {c.period.code: c.period.label for c in plan.calendar}
    texts = {}
    for pi in indicators:
        parts = []
        for t in pi.targets_in(year):
            text = t.scope_text(plan.level_name(t.level) if t.level else None)
            scope = text[:1].lower() + text[1:]
            when = "" if t.periods is None else f", đánh giá: {t.when_text(labels)}"
            parts.append(f"{t.text} ({scope}{when})")
        if parts:
            texts[pi.code] = "; ".join(parts)
    return texts

