"""Templates written by several processes are the very files one process writes."""
import copy

from consolidation.parallel_templates import write_templates as write_parallel
from workbook_templates.bundled import load_source
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_reader import read_plan
from workbook_templates.plan_workbook import write_plan
from workbook_templates.template_writer import write_templates


def test_parallel_templates_equal_sequential_ones(tmp_path):
    src = copy.deepcopy(load_source("locha-2024"))
    src["unit"] = src["unit"] + [{"code": f"X{i:03d}", "name": f"UBND xã số {i}", "level": "xa"} for i in range(30)]
    plan = read_plan(write_plan(src, tmp_path / "plan.xlsx"))
    period = parse_period("2024-Q2")
    one = write_templates(plan, period, tmp_path / "one")
    many = write_parallel(plan, period, tmp_path / "many")
    assert [p.name for p in one] == [p.name for p in many] and len(many) == len(plan.units) >= 30
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, many))
