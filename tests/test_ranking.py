"""PAR ranking: standard competition ranks within each level, distribution by share of the maximum."""
import random

import openpyxl

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.filler import fill_workbook
from consolidation.ranking import RankedUnit, competition_ranks, distribution, rank_units
from consolidation.summary_writer import write_summary
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template


def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    assert competition_ranks([62.5, 62.5, 62.5, 62.5, 60, 59, 59, 50]) == [1, 1, 1, 1, 5, 6, 6, 8]
    assert competition_ranks([]) == []


def test_distribution_counts_ranked_units_by_band():
    units = [RankedUnit(str(i), "", "xa", (), None, pct, 1 if pct is not None else None)
             for i, pct in enumerate([95, 90, 89.99, 75, 10, None])]
    assert distribution(units) == [("Từ 90% trở lên", 2), ("Từ 80% đến dưới 90%", 1), ("Từ 70% đến dưới 80%", 1),
                                   ("Từ 50% đến dưới 70%", 0), ("Dưới 50%", 1)]


def test_communes_on_equal_points_share_rank_one_on_the_summary(tmp_path):
    plan, period = resolve_plan("cathai-2023"), parse_period("2023-Y")
    communes = [u for u in plan.units if u.level == "xa"][:3]
    par = [i for i in plan.indicators if i.indicator.par and i.applies_to("xa", "Y")]
    rng = random.Random(5)
    for unit in plan.units:
        tpl = tmp_path / "tpl" / f"{unit.code}.xlsx"
        write_template(plan, unit, period, tpl)
        values = unit_values(plan, unit, period, rng)
        if unit in communes[:2]:
            values.update({p.defined_name: p.max_value for p in par})        # both on full points
        elif unit is communes[2]:
            values.pop(par[0].defined_name, None)                           # incomplete: not ranked
        fill_workbook(tpl, tmp_path / "in" / f"{unit.code}.xlsx", values)
    result = consolidate(tmp_path / "in", plan, period)
    xa = rank_units(result, par)["xa"]
    top = [u for u in xa if u.rank == 1]
    assert {u.code for u in top} >= {communes[0].code, communes[1].code}
    assert xa[len(top)].rank == len(top) + 1
    assert next(u for u in xa if u.code == communes[2].code).rank is None and xa[-1].rank is None
    wb = openpyxl.load_workbook(write_summary(result, tmp_path / "tong-hop.xlsx"))
    cells = [c for row in wb["Xếp hạng"].iter_rows(values_only=True) for c in row if c is not None]
    assert "Báo cáo có lỗi" in cells and "Lĩnh vực 1" not in cells and plan.areas[1] in cells
    assert "Cấp xã (12 đơn vị)" in cells or any(str(c).startswith(plan.level_name("xa")) for c in cells)
