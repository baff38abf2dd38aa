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

import pandas as pd

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


def _frames(reports: list[UnitReport], codes: list[str], skip_bad: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, weights = [], []
    for rep in reports:
        rows.append({c: (None if (skip_bad and c in rep.bad) else rep.values.get(c)) for c in codes})
        weights.append({c: rep.weights.get(c, 1.0) for c in codes})
    index = [r.unit.code for r in reports]
    values = pd.DataFrame(rows, index=index, columns=codes, dtype="float64")
    return values, pd.DataFrame(weights, index=index, columns=codes, dtype="float64")


def _combine(ind: Indicator | None, col: pd.Series, levels: pd.Series) -> float:
    """Σ of a count over units; for procedure counts the largest per level, added across levels."""
    if ind is not None and ind.aggregate == "level_max":
        return float(col.groupby(levels).max().sum())
    return float(col.sum())


def aggregate(reports: list[UnitReport], indicators: list[PlanIndicator], skip_bad: bool = True
              ) -> tuple[dict[str, float | None], dict[str, float]]:
    """Totals per indicator code, and how many base units stand behind each total."""
    by_code = {i.code: i.indicator for i in indicators}
    codes = list(by_code)
    values, weights = _frames(reports, codes, skip_bad)
    levels = pd.Series([r.unit.level for r in reports], index=values.index, dtype="object")
    totals: dict[str, float | None] = {}
    counts: dict[str, float] = {}
    for pi in indicators:
        ind, code = pi.indicator, pi.code
        col = values[code]
        present = col.notna()
        counts[code] = float(weights.loc[present, code].sum()) if len(col) else 0.0
        total: float | None = None
        agg = ind.aggregate
        if agg in ("sum", "count_yes", "level_max") and present.any():
            total = _combine(ind, col[present], levels[present])
        elif agg == "ratio":
            refs = [c for c in ind.ratio_codes if c in values]
            both = values[refs].notna().all(axis=1) if len(refs) == len(ind.ratio_codes) else present & False
            parts = {c: _combine(by_code.get(c), values.loc[both, c], levels[both]) for c in refs}
            counts[code] = float(weights.loc[both, refs[-1]].sum()) if refs and both.any() else 0.0
            total = ind.ratio_value(parts) if both.any() else None
        elif agg == "mean" and present.any():
            w = weights.loc[present, code]
            total = float((col[present] * w).sum() / w.sum())
        elif agg == "weighted_mean":
            w = values[ind.weight]
            both = present & w.notna()
            w_sum = float(w[both].sum())
            total = float((col[both] * w[both]).sum()) / w_sum if both.any() and w_sum > 0 else None
            counts[code] = float(weights.loc[both, code].sum())
        elif agg == "min" and present.any():
            total = float(col[present].min())
        elif agg == "max" and present.any():
            total = float(col[present].max())
        totals[code] = total
    return totals, counts
