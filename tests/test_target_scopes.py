"""Verdicts as the plan's sentence binds them: each unit, a level's pooled figure, the owner's total or own figure."""
import copy
import random

import openpyxl
import pytest

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.filler import fill_workbook, named_cells
from consolidation.summary_writer import write_summary
from workbook_templates.bundled import load_source
from workbook_templates.plan_export import export_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_reader import read_plan
from workbook_templates.plan_workbook import write_plan
from workbook_templates.template_writer import write_template

Q2, YEAR = parse_period("2024-Q2"), parse_period("2024-Y")
OFFICES, COMMUNES = ["P1", "P2"], ["X1", "X2", "X3"]


def _plan(tmp_path, own=None, extra_indicators=(), extra_targets=()):
    src = copy.deepcopy(load_source("locha-2024"))
    src["info"].update(name="scopes-2024", owner_code="H", owner_name="UBND huyện Thử", owner_level="huyen")
    src["levels"] = {"huyen": "Cấp huyện", "phong": "Cơ quan chuyên môn", "xa": "Cấp xã"}
    src["unit"] = ([{"code": c, "name": f"Phòng {c}", "level": "phong"} for c in OFFICES]
                   + [{"code": c, "name": f"UBND xã {c}", "level": "xa"} for c in COMMUNES])
    src["task"] = []
    src["headline"] = []
    codes = {i["code"] for i in src["indicator"]}
    src["indicator"] += [{"code": c} for c in ("KT_DUOCKIEMTRA", "TTHC_THAMQUYEN", "PAR_LV1", *extra_indicators)
                         if c not in codes]
    for row in src["indicator"]:
        if row["code"] == "PAR_LV1":
            row.update(max=13, levels=["huyen", "xa"], periods=["Y"])
    src["target"] = [
        {"code": "KT_DUOCKIEMTRA", "scope": "level_total", "level": "xa", "op": ">=", "value": 30},
        {"code": "KT_DUOCKIEMTRA", "scope": "level_total", "level": "phong", "op": ">=", "value": 30},
        {"code": "HS_DUNGHAN_TL", "scope": "each", "op": ">=", "value": 95},
        {"code": "HS_DUNGHAN_TL", "scope": "total", "op": ">=", "value": 90},
        {"code": "HS_TRUCTUYEN_TL", "scope": "total", "op": ">", "value": 30, "periods": ["Năm"]},
        {"code": "PAR_LV1", "scope": "own", "level": "huyen", "op": ">=", "value": 13, "periods": ["Năm"]},
        *extra_targets,
    ]
    if own:
        src["own_indicator"] = own
    return read_plan(write_plan(src, tmp_path / "plan.xlsx"))


def _fill(tmp_path, plan, period, overrides):
    rng = random.Random(3)
    folder = tmp_path / f"in-{period.code}"
    for unit in plan.units:
        values = unit_values(plan, unit, period, rng)
        values.update(overrides.get(unit.code, {}))
        write_template(plan, unit, period, tmp_path / "tpl" / f"{unit.code}-{period.code}.xlsx")
        fill_workbook(tmp_path / "tpl" / f"{unit.code}-{period.code}.xlsx", folder / f"{unit.code}.xlsx", values)
    return folder


def _dossiers(received, resolved, on_time):
    return {"CT_HS_TON": 0, "CT_HS_NHAN": received, "CT_HS_NHAN_TRUCTIEP": received, "CT_HS_NHAN_TRUCTUYEN": 0,
            "CT_HS_NHAN_BUUCHINH": 0, "CT_HS_GQ": resolved, "CT_HS_GQ_DUNGHAN": on_time, "CT_HS_GQ_TRUOCHAN": 0,
            "CT_HS_GQ_QUAHAN": resolved - on_time, "CT_HS_DANG_TRONGHAN": received - resolved, "CT_HS_DANG_QUAHAN": 0,
            "CT_HS_TRALAI": 0, "CT_HS_GQ_TOANTRINH": 0}


@pytest.fixture()
def year_result(tmp_path):
    plan = _plan(tmp_path)
    overrides = {
        # X1 resolves 10 of 100 late (90 %); everyone else is on time: X1 misses "each ≥ 95", the total (99,6 %) passes.
        **{c: _dossiers(500, 500, 500) for c in ["P1", "P2", "X2", "X3"]},
        "X1": _dossiers(100, 100, 90),
        # offices: 1 of 2 inspected (50 %); communes: 0 of 3 (0 %).
        "P1": {**_dossiers(500, 500, 500), "CT_KT_DUOCKIEMTRA": "Có"}, "P2": {**_dossiers(500, 500, 500), "CT_KT_DUOCKIEMTRA": "Không"},
        **{c: {"CT_KT_DUOCKIEMTRA": "Không", **({} if c == "X1" else _dossiers(500, 500, 500))} for c in ["X2", "X3"]},
        "X1_": {},
        # procedure lists shared within a level: communes 40, 42, 41; offices 120, 118
        **{},
    }
    overrides["X1"] = {**_dossiers(100, 100, 90), "CT_KT_DUOCKIEMTRA": "Không"}
    for code, n in {"P1": 120, "P2": 118, "X1": 40, "X2": 42, "X3": 41}.items():
        overrides[code]["CT_TTHC_THAMQUYEN"] = n
        overrides[code].setdefault("CT_TTHC_CONGKHAI", n)
        overrides[code]["CT_TTHC_CONGKHAI"] = n
    for code in ["X1", "X2", "X3"]:
        overrides[code]["CT_PAR_LV1"] = 12.5
    folder = _fill(tmp_path, plan, YEAR, overrides)
    return plan, consolidate(folder, plan, YEAR)


def test_a_unit_below_an_each_target_is_listed_while_the_pooled_total_passes(year_result):
    plan, result = year_result
    data = result.as_json()
    assert data["counts"]["ok"] == 5, [(u["code"], u["issues"]) for u in data["units"] if u["status"] != "ok"]
    units = {u["code"]: u for u in data["units"]}
    x1 = [s for s in units["X1"]["shortfalls"] if s["indicator"] == "HS_DUNGHAN_TL"]
    assert x1 == [{"indicator": "HS_DUNGHAN_TL", "value": 90, "target": 95, "op": ">=", "gap": -5, "scope": "each",
                   "level": None}]
    assert data["totals"]["HS_DUNGHAN_TL"] == pytest.approx(100 * 2090 / 2100)
    assert "HS_DUNGHAN_TL" not in {s["indicator"] for s in data["total_shortfalls"]}
    verdicts = {(v["indicator"], v["scope"], v["level"]): v for v in data["verdicts"]}
    each = verdicts[("HS_DUNGHAN_TL", "each", None)]
    assert (each["status"], each["units_met"], each["units_judged"]) == ("not_met", 4, 5)
    assert verdicts[("HS_DUNGHAN_TL", "total", None)]["status"] == "met"


def test_a_level_total_is_computed_over_that_level_only(year_result):
    _, result = year_result
    data = result.as_json()
    assert data["level_totals"]["phong"]["KT_DUOCKIEMTRA"] == 1 and data["level_totals"]["xa"]["KT_DUOCKIEMTRA"] == 0
    verdicts = {(v["indicator"], v["level"]): v for v in data["verdicts"] if v["indicator"] == "KT_DUOCKIEMTRA"}
    assert (verdicts[("KT_DUOCKIEMTRA", "phong")]["status"], verdicts[("KT_DUOCKIEMTRA", "phong")]["value"]) == ("met", 50)
    assert (verdicts[("KT_DUOCKIEMTRA", "xa")]["status"], verdicts[("KT_DUOCKIEMTRA", "xa")]["value"]) == ("not_met", 0)
    pooled = [s for s in data["total_shortfalls"] if s["indicator"] == "KT_DUOCKIEMTRA"]
    assert pooled == [{"indicator": "KT_DUOCKIEMTRA", "value": 0, "target": 30, "op": ">=", "gap": -30,
                       "scope": "level_total", "level": "xa"}]
    # an inspected-share target binds no single unit
    assert not any(s["indicator"] == "KT_DUOCKIEMTRA" for u in data["units"] for s in u["shortfalls"])


def test_procedure_counts_take_the_largest_within_a_level_and_add_levels(year_result):
    _, result = year_result
    assert result.level_totals["xa"]["TTHC_THAMQUYEN"] == 42
    assert result.level_totals["phong"]["TTHC_THAMQUYEN"] == 120
    assert result.totals["TTHC_THAMQUYEN"] == 162          # not 361, the sum over five units
    assert result.totals["TTHC_CONGKHAI_TL"] == 100          # ratio of the per-level counts


def test_the_owner_s_own_par_stays_the_owner_s(year_result, tmp_path):
    plan, result = year_result
    assert result.totals["PAR_LV1"] is None                  # never the mean of the communes' 12,5
    own = [v for v in result.as_json()["verdicts"] if v["indicator"] == "PAR_LV1"]
    assert [(v["scope"], v["status"]) for v in own] == [("own", "to_fill")]
    out = write_summary(result, tmp_path / "summary.xlsx")
    wb = openpyxl.load_workbook(out)
    sheet, cell = named_cells(wb)["CT_PAR_LV1"]
    assert wb[sheet][cell].value is None                     # left for the office to fill
    # the communes' template carries no district target
    assert plan.indicator("PAR_LV1").unit_target("xa") is None


def test_year_end_targets_are_not_judged_earlier(tmp_path):
    plan = _plan(tmp_path)
    overrides = {c: {**_dossiers(100, 100, 100), "CT_HS_NHAN_TRUCTIEP": 90, "CT_HS_NHAN_TRUCTUYEN": 10}
                 for c in OFFICES + COMMUNES}
    q2 = consolidate(_fill(tmp_path, plan, Q2, overrides), plan, Q2).as_json()
    online = [v for v in q2["verdicts"] if v["indicator"] == "HS_TRUCTUYEN_TL"]
    assert [(v["status"], v["value"]) for v in online] == [("not_due", 10)]
    assert not any(s["indicator"] == "HS_TRUCTUYEN_TL" for s in q2["total_shortfalls"])
    year = consolidate(_fill(tmp_path, plan, YEAR, overrides), plan, YEAR).as_json()
    assert [s["gap"] for s in year["total_shortfalls"] if s["indicator"] == "HS_TRUCTUYEN_TL"] == [-20]


def test_a_plan_s_own_indicator_goes_from_plan_workbook_to_template_to_summary(tmp_path):
    own = [{"code": "BC_HOPDONG_TL", "name": "Tỷ lệ thủ tục có hồ sơ qua bưu chính công ích", "unit": "%", "area": 3,
            "kind": "ratio", "aggregate": "ratio", "numerator": "BC_TTHC_COHOSO", "denominator": "BC_TTHC"},
           {"code": "BC_TTHC", "name": "Số thủ tục thực hiện qua bưu chính công ích", "unit": "TTHC", "area": 3,
            "kind": "count", "aggregate": "sum"},
           {"code": "BC_TTHC_COHOSO", "name": "Số thủ tục qua bưu chính công ích đã có hồ sơ", "unit": "TTHC",
            "area": 3, "kind": "count", "aggregate": "sum", "rule": "BC_TTHC_COHOSO <= BC_TTHC",
            "rule_message": "Số thủ tục có hồ sơ không vượt quá số thủ tục"}]
    plan = _plan(tmp_path, own=own, extra_indicators=("BC_TTHC", "BC_TTHC_COHOSO", "BC_HOPDONG_TL"),
                 extra_targets=[{"code": "BC_HOPDONG_TL", "scope": "total", "op": ">=", "value": 50}])
    exported = {i["code"]: i for i in export_plan(plan, Q2)["indicators"]}
    assert exported["BC_HOPDONG_TL"]["catalog"] == "plan" and exported["BC_TTHC"]["defined_name"] == "CT_BC_TTHC"
    overrides = {c: {"CT_BC_TTHC": 10, "CT_BC_TTHC_COHOSO": 4} for c in OFFICES + COMMUNES}
    overrides["X1"]["CT_BC_TTHC_COHOSO"] = 11                # breaks the plan's own rule
    result = consolidate(_fill(tmp_path, plan, Q2, overrides), plan, Q2)
    data = result.as_json()
    assert data["totals"]["BC_HOPDONG_TL"] == pytest.approx(40.0)   # 16 / 40 over the four clean units
    x1 = next(u for u in data["units"] if u["code"] == "X1")
    assert x1["status"] == "has_errors" and any(i["code"] == "rule-broken" for i in x1["issues"])
    assert [s["gap"] for s in data["total_shortfalls"] if s["indicator"] == "BC_HOPDONG_TL"] == [pytest.approx(-10)]
    wb = openpyxl.load_workbook(write_summary(result, tmp_path / "summary.xlsx"))
    sheet, cell = named_cells(wb)["CT_BC_TTHC"]
    assert wb[sheet][cell].value == 40


def test_plan_check_explains_a_wrong_scope(tmp_path):
    from workbook_templates.plan_workbook import PlanError
    with pytest.raises(PlanError) as err:
        _plan(tmp_path, extra_targets=[{"code": "HS_DUNGHAN_TL", "scope": "mỗi thôn", "op": ">=", "value": 1},
                                       {"code": "HS_DUNGHAN_TL", "scope": "level_total", "op": ">=", "value": 1}])
    text = str(err.value)
    assert "phạm vi 'mỗi thôn' không hợp lệ" in text and "mục tiêu chung của cấp cần ghi rõ cấp" in text
