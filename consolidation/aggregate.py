"""Totals across units, per the indicator's aggregation; targets and shortfalls.

Ratios are always recomputed from summed numerators and denominators, never averaged.
Every aggregation composes across levels: a unit that is itself a summary carries, per
indicator, how many base units stand behind its value (``weights``), so consolidating
district summaries gives the same totals as consolidating their communes directly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from workbook_templates.plan_model.plan import PlanIndicator, Target, _num

from .unit_report import UnitReport


@dataclass(frozen=True)
class Shortfall:
    indicator: str
    value: float
    target: float
    op: str
    gap: float

    @property
    def target_text(self) -> str:
        """The plan's target as staff read it, e.g. '≥ 95' or '≥ 9,5'."""
        return Target(self.op, self.target).text

    def as_json(self) -> dict:
        return {"indicator": self.indicator, "value": _clean(self.value), "target": _clean(self.target),
                "op": self.op, "gap": _clean(self.gap)}


def _clean(value: float | None) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = round(float(value), 10)
    return _num(value)


def _frames(reports: list[UnitReport], indicators: list[PlanIndicator], skip_bad: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    codes = [i.code for i in indicators]
    rows, weights = [], []
    for rep in reports:
        rows.append({c: (None if (skip_bad and c in rep.bad) else rep.values.get(c)) for c in codes})
        weights.append({c: rep.weights.get(c, 1.0) for c in codes})
    index = [r.unit.code for r in reports]
    values = pd.DataFrame(rows, index=index, columns=codes, dtype="float64")
    return values, pd.DataFrame(weights, index=index, columns=codes, dtype="float64")


def aggregate(reports: list[UnitReport], indicators: list[PlanIndicator], skip_bad: bool = True
              ) -> tuple[dict[str, float | None], dict[str, float]]:
    """Totals per indicator code, and how many base units stand behind each total."""
    values, weights = _frames(reports, indicators, skip_bad)
    totals: dict[str, float | None] = {}
    counts: dict[str, float] = {}
    for pi in indicators:
        ind, code = pi.indicator, pi.code
        col = values[code] if code in values else pd.Series(dtype="float64")
        present = col.notna()
        counts[code] = float(weights.loc[present, code].sum()) if len(col) else 0.0
        total: float | None = None
        agg = ind.aggregate
        if agg == "sum" and present.any():
            total = float(col[present].sum())
        elif agg == "ratio":
            num, den = values[ind.numerator], values[ind.denominator]
            both = num.notna() & den.notna()
            den_sum = float(den[both].sum())
            counts[code] = float(weights.loc[both, ind.denominator].sum())
            total = 100.0 * float(num[both].sum()) / den_sum if both.any() and den_sum > 0 else None
        elif agg == "mean" and present.any():
            w = weights.loc[present, code]
            total = float((col[present] * w).sum() / w.sum())
        elif agg == "weighted_mean":
            w = values[ind.weight]
            both = present & w.notna()
            w_sum = float(w[both].sum())
            total = float((col[both] * w[both]).sum()) / w_sum if both.any() and w_sum > 0 else None
            counts[code] = float(weights.loc[both, code].sum())
        elif agg == "count_yes" and present.any():
            total = float(col[present].sum())
        elif agg == "min" and present.any():
            total = float(col[present].min())
        elif agg == "max" and present.any():
            total = float(col[present].max())
        totals[code] = total
    return totals, counts


def shortfall(pi: PlanIndicator, value: float | None, target: Target | None, units_behind: float = 1.0) -> Shortfall | None:
    """The shortfall of one value against a target, or None when met or not evaluable.

    For yes/no indicators a total is a count of units answering Có: the target (Có) is met
    when every unit behind the total answered Có; gap = count − units.
    """
    if value is None or target is None:
        return None
    if pi.indicator.kind == "yesno" and units_behind != 1.0:
        if units_behind <= 0:
            return None
        expected = target.value * units_behind
        met = Target(target.op, expected).met_by(value)
        return None if met else Shortfall(pi.code, value, expected, target.op, value - expected)
    if target.met_by(value):
        return None
    return Shortfall(pi.code, value, target.value, target.op, value - target.value)


def shortfalls(indicators: Iterable[PlanIndicator], values: dict[str, float | None], level: str | None,
               units_behind: dict[str, float] | None = None) -> list[Shortfall]:
    found = []
    for pi in indicators:
        behind = (units_behind or {}).get(pi.code, 1.0)
        item = shortfall(pi, values.get(pi.code), pi.target_for(level), behind)
        if item:
            found.append(item)
    return found
