"""Units ranked by their self-assessed PAR points: standard competition ranking and distribution.

Units are ranked within their level (a commune's maximum is not an office's). Equal totals
share a rank and the next rank skips ("1, 1, 3"), as in every published PAR Index table.
A unit whose points are incomplete is listed without a rank.
"""
from __future__ import annotations

from dataclasses import dataclass

from workbook_templates.plan_model.plan import PlanIndicator

from .engine import HAS_ERRORS, MISSING, OK, STATUS_REJECTED, Consolidation

#: Why a unit has no rank.
UNRANKED_NOTE = {MISSING: "Chưa nộp báo cáo", STATUS_REJECTED: "Báo cáo bị từ chối", HAS_ERRORS: "Báo cáo có lỗi"}

#: Bands of the share of the maximum (lower bound %, label), from the top.
BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "Từ 90% trở lên"), (80.0, "Từ 80% đến dưới 90%"), (70.0, "Từ 70% đến dưới 80%"),
    (50.0, "Từ 50% đến dưới 70%"), (0.0, "Dưới 50%"),
)


@dataclass(frozen=True)
class RankedUnit:
    code: str
    name: str
    level: str
    points: tuple[float | None, ...]
    total: float | None
    percent: float | None
    rank: int | None
    note: str = ""


def competition_ranks(totals: list[float]) -> list[int]:
    """Standard competition ranks ("1224") of totals sorted from best to worst."""
    ranks: list[int] = []
    for i, total in enumerate(totals):
        ranks.append(ranks[-1] if i and total == totals[i - 1] else i + 1)
    return ranks


def rank_units(result: Consolidation, par: list[PlanIndicator]) -> dict[str, list[RankedUnit]]:
    """Level code → its units, ranked ones first (best to worst, ties by code), then unranked ones."""
    maximum = sum(p.max_value or 0 for p in par)
    by_level: dict[str, list[RankedUnit]] = {}
    for level in dict.fromkeys(u.level for u in result.plan.units):
        if not any(p.applies_to(level, result.period.kind) for p in par):
            continue  # this level's templates carry no PAR points
        scored, unscored = [], []
        for u in result.units:
            if u.unit.level != level:
                continue
            values = u.report.values if u.report and u.status == OK else {}
            points = tuple(_number(values.get(p.code)) for p in par)
            if all(p is not None for p in points):
                total = round(sum(points), 6)
                scored.append((total, u.unit, points))
            else:
                note = UNRANKED_NOTE.get(u.status, "Chưa đủ điểm các lĩnh vực")
                unscored.append(RankedUnit(u.unit.code, u.unit.name, level, points, None, None, None, note))
        scored.sort(key=lambda item: (-item[0], item[1].code))
        ranks = competition_ranks([t for t, _, _ in scored])
        ranked = [RankedUnit(unit.code, unit.name, level, points, total,
                             round(100 * total / maximum, 6) if maximum else None, rank)
                  for rank, (total, unit, points) in zip(ranks, scored)]
        if ranked or unscored:
            by_level[level] = ranked + unscored
    return by_level


def distribution(units: list[RankedUnit]) -> list[tuple[str, int]]:
    """How many ranked units fall in each band of the share of the maximum."""
    counts = {label: 0 for _, label in BANDS}
    for u in units:
        if u.percent is None:
            continue
        label = next(label for bound, label in BANDS if u.percent >= bound)
        counts[label] += 1
    return list(counts.items())


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
