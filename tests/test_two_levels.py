"""Communes -> district summaries -> province gives the same totals as communes -> province directly."""
import copy
import random

import pytest

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.filler import fill_workbook
from consolidation.summary_writer import write_summary
from workbook_templates.bundled import load_source
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_reader import read_plan
from workbook_templates.plan_workbook import write_plan
from workbook_templates.template_writer import write_template

PERIOD = parse_period("2024-Y")
COMMUNES = {"D1": ["C1", "C2", "C3"], "D2": ["C4", "C5"]}


def _plan(tmp_path, name, owner, owner_level, units, unit_level):
    src = copy.deepcopy(load_source("locha-2024"))
    src["info"].update(name=name, owner_code=owner, owner_name=f"UBND {owner}", owner_level=owner_level, owner_parent="")
    src["levels"] = {"tinh": "Cấp tỉnh", "huyen": "Cấp huyện", "xa": "Cấp xã"}
    src["unit"] = [{"code": u, "name": f"UBND {u}", "level": unit_level, "consolidates": unit_level == "huyen"} for u in units]
    src["task"] = []
    # Add a weighted mean and two means, to check they compose too.
    added = ["HL_DANHGIA", "HL_DANHGIA_HAILONG", "HL_TL", "DD_NGUOIDUNG", "DD_XACTHUC", "DD_XACTHUC_TL",
             "TC_DVSN_2015", "TC_DVSN_GIAM", "TC_DVSN_GIAM_TL", "ISO_APDUNG"]
    src["indicator"] = [i for i in src["indicator"] if i["code"] not in added] + [{"code": c} for c in added]
    src["target"].append({"code": "HL_TL", "scope": "total", "op": ">=", "value": 90})
    src["target"].append({"code": "ISO_APDUNG", "scope": "each", "op": "=", "value": 1})
    return read_plan(write_plan(src, tmp_path / f"{name}.xlsx"))


def test_two_level_totals_equal_direct(tmp_path):
    districts = {d: _plan(tmp_path, f"dist-{d}", d, "huyen", cs, "xa") for d, cs in COMMUNES.items()}
    province = _plan(tmp_path, "province", "P", "tinh", list(COMMUNES), "huyen")
    direct = _plan(tmp_path, "direct", "P", "tinh", [c for cs in COMMUNES.values() for c in cs], "xa")
    rng = random.Random(7)
    direct_dir, summaries = tmp_path / "direct", tmp_path / "summaries"
    for d, communes in COMMUNES.items():
        plan = districts[d]
        for code in communes:
            values = unit_values(plan, plan.unit(code), PERIOD, rng)
            values["CT_ISO_APDUNG"] = "Có" if code != "C2" else "Không"
            values["CT_TC_DVSN_2015"] = 10
            values["CT_TC_DVSN_GIAM"] = {"C1": 1, "C2": 2, "C3": 6, "C4": 0, "C5": 1}[code]
            write_template(plan, plan.unit(code), PERIOD, tmp_path / "t" / d / f"{code}.xlsx")
            fill_workbook(tmp_path / "t" / d / f"{code}.xlsx", tmp_path / d / f"{code}.xlsx", values)
            write_template(direct, direct.unit(code), PERIOD, tmp_path / "t" / "direct" / f"{code}.xlsx")
            fill_workbook(tmp_path / "t" / "direct" / f"{code}.xlsx", direct_dir / f"{code}.xlsx", values)
        result = consolidate(tmp_path / d, plan, PERIOD)
        assert result.counts["ok"] == len(communes), [u.issues for u in result.units]
        write_summary(result, summaries / f"{d}.xlsx")
    upper = consolidate(summaries, province, PERIOD)
    straight = consolidate(direct_dir, direct, PERIOD)
    assert [u.status for u in upper.units] == ["ok", "ok"], [i.message for u in upper.units for i in u.issues if i.is_error]
    assert straight.counts["ok"] == 5
    compared = 0
    for code, value in straight.totals.items():
        if value is None:
            assert upper.totals[code] is None, code
            continue
        assert upper.totals[code] == pytest.approx(value), code
        compared += 1
    assert compared > 30
    assert upper.totals["ISO_APDUNG"] == 4                          # communes, not districts
    assert upper.totals["TC_DVSN_GIAM_TL"] == pytest.approx(20.0)   # 10 / 50 from counts over 5 communes
    assert upper.units_behind["ISO_APDUNG"] == 5
