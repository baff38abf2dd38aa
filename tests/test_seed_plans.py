"""Seeds 001 (Quảng Nam 2020, a province) and 002 (Sở LĐTBXH Thừa Thiên Huế 2022–2025, multi-year)."""
import json
import random
import subprocess
import sys

import pytest

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.filler import fill_workbook
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_export import export_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template


def _targets(plan_name: str) -> dict[str, list[dict]]:
    return {i["code"]: i["targets"] for i in export_plan(resolve_plan(plan_name))["indicators"]}


def test_quangnam_ranks_are_the_province_s_own_figures():
    targets = _targets("quangnam-2020")
    ranks = {a: targets[f"QN_XH_LV{a}"] for a in range(1, 9)}
    assert {a: t[0]["value"] for a, t in ranks.items()} == {1: 20, 2: 20, 3: 20, 4: 15, 5: 15, 6: 20, 7: 30, 8: 15}
    assert all(t == [{**t[0], "scope": "own", "level": "tinh", "op": "<="}] for t in ranks.values())
    assert targets["HS_DUNGHAN_TL"] == [{"level": None, "scope": "total", "op": ">=", "value": 98, "periods": ["2020-Y"]}]
    assert targets["QN_NGANHDOC_TL"][0]["value"] == 80 and targets["QN_LIENTHONG_CUNGCAP"][0]["value"] == 50
    assert targets["QN_CBCCXA_DC_TL"][0]["scope"] == "level_total" and targets["QN_CBCCXA_DC_TL"][0]["level"] == "huyen"
    exported = {i["code"]: i for i in export_plan(resolve_plan("quangnam-2020"))["indicators"]}
    assert exported["QN_NGANHDOC_TL"]["catalog"] == "plan" and exported["HL_TL"]["catalog"] != "plan"


def test_ldtbxh_digitisation_rises_twenty_points_a_year():
    plan = resolve_plan("ldtbxh-hue-2022")
    assert plan.years == [2022, 2023, 2024, 2025]
    sohoa = _targets("ldtbxh-hue-2022")["SOHOA_TL"]
    assert [(t["value"], t["periods"]) for t in sohoa] == [(30, ["2022-Y"]), (50, ["2023-Y"]), (70, ["2024-Y"]), (90, ["2025-Y"])]
    yearly = next(t for t in plan.tasks if t.id == "1.2")              # "Hàng năm": due at every year's end
    assert [d.year for d in yearly.due_dates] == [2022, 2023, 2024, 2025]
    phase = next(t for t in plan.tasks if t.id == "2.4")               # "Giai đoạn 2022–2025": once, at the end
    assert [d.isoformat() for d in phase.due_dates] == ["2025-12-31"]


def test_a_phase_plan_judges_each_year_against_that_year_s_target(tmp_path):
    plan = resolve_plan("ldtbxh-hue-2022")
    period = parse_period("2023-Y")
    rng = random.Random(1)
    for unit in plan.units:
        tpl = tmp_path / "tpl" / f"{unit.code}.xlsx"
        write_template(plan, unit, period, tpl)
        values = unit_values(plan, unit, period, rng)
        values.update({"CT_KQ_CONHIEULUC": 100, "CT_KQ_SOHOA": 60})   # 60% everywhere: ≥ 50 in 2023, < 70 in 2024
        fill_workbook(tpl, tmp_path / "in" / f"{unit.code}.xlsx", values)
    data = consolidate(tmp_path / "in", plan, period).as_json()
    sohoa = [v for v in data["verdicts"] if v["indicator"] == "SOHOA_TL"]
    assert [(v["target"], v["status"], v["value"]) for v in sohoa] == [(50, "met", pytest.approx(60))]
    par = [v for v in data["verdicts"] if v["indicator"] == "XH_PAR"]
    assert [(v["scope"], v["status"]) for v in par] == [("own", "to_fill")]


def test_cchc_plans_json_tells_the_era():
    out = subprocess.run([sys.executable, "-m", "consolidation.cli", "plans", "--json"], capture_output=True, text=True,
                         check=True).stdout
    era = {p["name"]: (p["pre_2025"], p["year"], p["end_year"]) for p in json.loads(out)}
    assert era["quangnam-2020"] == (True, 2020, 2020)
    assert era["ldtbxh-hue-2022"] == (True, 2022, 2025)
    assert era["tinh-2026"][0] is False
