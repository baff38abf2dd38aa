"""Totals across units, per the indicator's aggregation.

Ratios are always recomputed from aggregated numerators and denominators, never averaged.
Counts of procedures (``level_max``) are lists shared by the units of one level: their total
is the largest count within each level, added across levels. Every aggregation composes across
levels: a unit that is itself a summary carries, per indicator, how many base units stand
behind its value (``weights``), so consolidating district summaries gives the same totals as
consolidating their communes directly (``level_max`` excepted, see docs/result-json.md).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from workbook_templates.plan_model.catalog import Indicator
from workbook_templates.plan_model.plan import PlanIndicator, Target, _num

from .unit_report import UnitReport


@dataclass(frozen=True)
class Shortfall:
    """A value that misses its target: for one unit (scope ``each``) or a pooled figure."""

    indicator: str
    value: float
    target: float
    op: str
    gap: float
    scope: str = "each"
    level: str | None = None

    @property
    def target_text(self) -> str:
        """The plan's target as staff read it, e.g. '≥ 95' or '≥ 9,5'."""
        return Target(self.op, self.target).text

    def as_json(self) -> dict:
        return {"indicator": self.indicator, "value": _clean(self.value), "target": _clean(self.target),
                "op": self.op, "gap": _clean(self.gap), "scope": self.scope, "level": self.level}


def _clean(value: float | None) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = round(float(value), 10)
    return _num(value)


def _columns(reports: list[UnitReport], codes: list[str], skip_bad: bool) -> dict[str, dict[int, tuple[float, str, float]]]:
    """Per code, the reporting units' (value, level, weight), keyed by the report's position."""
    columns: dict[str, dict[int, tuple[float, str, float]]] = {c: {} for c in codes}
    for i, rep in enumerate(reports):
        level, weights, bad = rep.unit.level, rep.weights, (rep.bad if skip_bad else ())
        for code, value in rep.values.items():
            column = columns.get(code)
            if column is None or value is None or code in bad:
                continue
            value = float(value)
            if value == value:                          # NaN never counts
                column[i] = (value, level, weights.get(code, 1.0))
    return columns


def _combine(ind: Indicator | None, cells: list[tuple[float, str, float]]) -> float:
    """Σ of a count over units; for procedure counts the largest per level, added across levels."""
    if ind is not None and ind.aggregate == "level_max":
        largest: dict[str, float] = {}
        for value, level, _ in cells:
            largest[level] = max(largest.get(level, value), value)
        return math.fsum(largest[level] for level in sorted(largest))
    return math.fsum(value for value, _, _ in cells)


def aggregate(reports: list[UnitReport], indicators: list[PlanIndicator], skip_bad: bool = True
              ) -> tuple[dict[str, float | None], dict[str, float]]:
    """Totals per indicator code, and how many base units stand behind each total."""
    by_code = {i.code: i.indicator for i in indicators}
    columns = _columns(reports, list(by_code), skip_bad)
    totals: dict[str, float | None] = {}
    counts: dict[str, float] = {}
    for pi in indicators:
        ind, code = pi.indicator, pi.code
        present = list(columns[code].values())
        counts[code] = math.fsum(w for _, _, w in present)
        total: float | None = None
        agg = ind.aggregate
        if agg in ("sum", "count_yes", "level_max") and present:
            total = _combine(ind, present)
        elif agg == "ratio":
            refs = [c for c in ind.ratio_codes if c in columns]
            rows = (set.intersection(*(set(columns[c]) for c in refs))
                    if refs and len(refs) == len(ind.ratio_codes) else set())
            parts = {c: _combine(by_code.get(c), [columns[c][i] for i in sorted(rows)]) for c in refs}
            counts[code] = math.fsum(columns[refs[-1]][i][2] for i in sorted(rows)) if rows else 0.0
            total = ind.ratio_value(parts) if rows else None
        elif agg == "mean" and present:
            total = math.fsum(v * w for v, _, w in present) / math.fsum(w for _, _, w in present)
        elif agg == "weighted_mean":
            weight_of = columns.get(ind.weight, {})
            both = [(v, weight_of[i][0], w) for i, (v, _, w) in columns[code].items() if i in weight_of]
            w_sum = math.fsum(x for _, x, _ in both)
            total = math.fsum(v * x for v, x, _ in both) / w_sum if both and w_sum > 0 else None
            counts[code] = math.fsum(w for _, _, w in both)
        elif agg == "min" and present:
            total = min(v for v, _, _ in present)
        elif agg == "max" and present:
            total = max(v for v, _, _ in present)
        totals[code] = total
    return totals, counts
