"""Compare a consolidation with the previous period and the same period of the previous year,
from the history file; and the "So sánh" sheet of the summary."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from workbook_templates.plan_model.catalog import Indicator
from workbook_templates.plan_model.periods import Period
from workbook_templates.styles import BAD_FONT, GOOD_FONT, Styles, row_height

from . import history
from .engine import Consolidation
from .sheet_tables import page, title


def direction(ind: Indicator) -> int:
    """+1 when a higher value is better, -1 when lower is better, 0 when neither (plain counts)."""
    code = ind.code
    if "QUAHAN" in code or code.startswith("XH_") or "_XH_" in code or code.endswith("TGBQ") or "KYLUAT" in code:
        return -1
    return 1 if ind.kind in ("ratio", "percent", "score", "yesno") else 0


@dataclass
class Comparison:
    previous: Period | None = None
    previous_totals: dict[str, float] = field(default_factory=dict)
    last_year: Period | None = None
    last_year_totals: dict[str, float] = field(default_factory=dict)
    trend: list[tuple[str, dict]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        def part(period, totals):
            return {"period": period.code, "totals": dict(sorted(totals.items()))} if period else None
        return {"previous": part(self.previous, self.previous_totals),
                "last_year": part(self.last_year, self.last_year_totals)}


def compare(result: Consolidation, path: Path | str | None = None) -> Comparison:
    """Look up the earlier periods of this owner in the history file (before this run is recorded)."""
    owner, period = result.plan.owner.code, result.period
    stored = history.stored_periods(owner, path)
    found = Comparison(previous=history.previous_period(period, stored),
                       last_year=history.same_period_last_year(period, stored))
    trend = [p for p in stored if p.kind == period.kind and p != period]
    needed = {p.code for p in (*trend, found.previous, found.last_year) if p is not None}
    stored_totals = history.totals_by_period(owner, sorted(needed), path)
    if found.previous:
        found.previous_totals = stored_totals[found.previous.code]
    if found.last_year:
        found.last_year_totals = stored_totals[found.last_year.code]
    codes = {i.code for i in result.indicators if i.indicator.kind != "text"}   # the trend of every total
    found.trend = [(p.code, {c: v for c, v in stored_totals[p.code].items() if c in codes}) for p in trend]
    return found


def change(now: float | None, before: float | None) -> tuple[float | None, float | None]:
    """Absolute and relative (%) change; None where a value is missing or the base is 0."""
    if now is None or before is None:
        return None, None
    return now - before, (100 * (now - before) / abs(before) if before else None)


def verdict(ind: Indicator, delta: float | None) -> str:
    sign = direction(ind)
    if delta is None or sign == 0 or abs(delta) < 1e-9:
        return ""
    return "Tốt hơn" if delta * sign > 0 else "Kém hơn"


def write_comparison(wb, st: Styles, result: Consolidation, comparison: Comparison, sub: str) -> None:
    ws = wb.add_worksheet("So sánh")
    prev = comparison.previous.label if comparison.previous else "kỳ trước"
    last = comparison.last_year.label if comparison.last_year else "cùng kỳ năm trước"
    headers = ["Chỉ tiêu", "ĐVT", result.period.label, prev, "Tăng, giảm", "Tăng, giảm (%)", "So với kỳ trước",
               last, "Tăng, giảm", "Tăng, giảm (%)", "So với cùng kỳ", "Xu hướng"]
    widths = [44, 9, 12, 12, 11, 10, 11, 12, 11, 10, 11, 16]
    title(ws, st, "SO SÁNH VỚI KỲ TRƯỚC VÀ CÙNG KỲ NĂM TRƯỚC", sub, len(headers), widths)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    note = []
    if not comparison.previous:
        note.append("Lịch sử chưa có số liệu kỳ trước.")
    if not comparison.last_year:
        note.append("Lịch sử chưa có số liệu cùng kỳ năm trước.")
    ws.merge_range(2, 0, 2, len(headers) - 1, " ".join(note) or "Số liệu kỳ trước lấy từ tệp lịch sử tổng hợp.",
                   st.get(italic=True))
    ws.write_row(3, 0, headers, st.header())
    ws.set_row(3, row_height(list(zip(headers, widths)), minimum=32))
    good = st.text(font_color=GOOD_FONT, bold=True, align="center")
    bad = st.text(font_color=BAD_FONT, bold=True, align="center")
    number = st.number("#,##0.##")
    trend_rows = comparison.trend + [(result.period.code, result.totals)]
    row = 4
    for pi in [i for i in result.indicators if i.indicator.kind != "text"]:
        now = result.totals.get(pi.code)
        before, year_ago = comparison.previous_totals.get(pi.code), comparison.last_year_totals.get(pi.code)
        d1, p1 = change(now, before)
        d2, p2 = change(now, year_ago)
        cells = [pi.indicator.name, pi.indicator.unit, now, before, d1, p1, verdict(pi.indicator, d1), year_ago, d2, p2,
                 verdict(pi.indicator, d2)]
        for c, value in enumerate(cells):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(row, c, round(value, 2), number)
            elif value in ("Tốt hơn", "Kém hơn"):
                ws.write_string(row, c, value, good if value == "Tốt hơn" else bad)
            elif value is None or value == "":
                ws.write_blank(row, c, None, st.text())
            else:
                ws.write_string(row, c, str(value), st.text())
        ws.set_row(row, row_height([(pi.indicator.name, widths[0])]))
        # Trend over every stored period of this kind, then this one: a sparkline from hidden columns.
        points = [t.get(pi.code) for _p, t in trend_rows]
        for k, value in enumerate(points):
            ws.write(row, 13 + k, value if isinstance(value, (int, float)) else None)
        if sum(1 for v in points if isinstance(v, (int, float))) >= 2:
            ws.add_sparkline(row, 11, {"range": f"'So sánh'!{xl_col_to_name(13)}{row + 1}:{xl_col_to_name(13 + len(points) - 1)}{row + 1}",
                                       "markers": True})
        else:
            ws.write_blank(row, 11, None, st.text())
        row += 1
    ws.set_column(13, 13 + len(trend_rows), None, None, {"hidden": True})
    page(ws, 3)


def comparison_text(result: Consolidation) -> str:
    """A few Vietnamese lines for the window: how the totals moved against the earlier periods."""
    comparison = result.comparison
    if comparison is None:
        return ""
    lines = []
    for label, period, before in (("kỳ trước", comparison.previous, comparison.previous_totals),
                                  ("cùng kỳ năm trước", comparison.last_year, comparison.last_year_totals)):
        if period is None:
            lines.append(f"So với {label}: lịch sử chưa có số liệu.")
            continue
        verdicts = [verdict(i.indicator, change(result.totals.get(i.code), before.get(i.code))[0]) for i in result.indicators]
        lines.append(f"So với {label} ({period.label}): {verdicts.count('Tốt hơn')} chỉ tiêu tốt hơn, "
                     f"{verdicts.count('Kém hơn')} chỉ tiêu kém hơn (chi tiết ở sheet \"So sánh\").")
    return "\n".join(lines)
