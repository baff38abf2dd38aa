"""The 2026 two-level plan: the province consolidates departments and communes directly, no district."""
import random

import pytest

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.filler import fill_workbook
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template

YEAR = parse_period("2026-Y")


def test_province_totals_equal_the_units_own_figures(tmp_path):
    plan = resolve_plan("tinh-2026")
    assert not plan.pre_2025 and set(plan.levels) == {"tinh", "so", "xa"}
    assert {u.parent for u in plan.units} == {"TINH_SNV"}          # every unit reports to the province directly
    rng = random.Random(11)
    sent: dict[str, dict] = {}
    for unit in plan.units:
        values = unit_values(plan, unit, YEAR, rng)
        sent[unit.code] = values
        write_template(plan, unit, YEAR, tmp_path / "tpl" / f"{unit.code}.xlsx")
        fill_workbook(tmp_path / "tpl" / f"{unit.code}.xlsx", tmp_path / "in" / f"{unit.code}.xlsx", values)
    result = consolidate(tmp_path / "in", plan, YEAR)
    assert result.counts["ok"] == len(plan.units), [(u.unit.code, [i.message for i in u.issues]) for u in result.units]
    checked = 0
    for pi in result.indicators:
        name = f"CT_{pi.code}"
        if pi.indicator.aggregate == "sum":
            assert result.totals[pi.code] == pytest.approx(sum(v.get(name, 0) for v in sent.values())), pi.code
            checked += 1
        elif pi.indicator.aggregate == "level_max":
            by_level = {}
            for u in plan.units:
                by_level[u.level] = max(by_level.get(u.level, 0), sent[u.code].get(name, 0))
            assert result.totals[pi.code] == sum(by_level.values()), pi.code
            checked += 1
    assert checked > 20
