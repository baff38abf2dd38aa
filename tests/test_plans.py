import json

import pytest

from workbook_templates.bundled import build_bundled, bundled_paths, load_source
from workbook_templates.plan_export import export_json, export_plan
from workbook_templates.plan_reader import read_plan
from workbook_templates.plan_workbook import PlanError, write_plan


def test_bundled_workbooks_match_their_transcriptions(tmp_path):
    for fresh in build_bundled(tmp_path):
        assert export_json(read_plan(fresh)) == export_json(read_plan(bundled_paths()[fresh.stem])), fresh.name


def test_bundled_plan_bytes_are_reproducible(tmp_path):
    for fresh in build_bundled(tmp_path):
        assert fresh.read_bytes() == bundled_paths()[fresh.stem].read_bytes(), fresh.name


def test_hodo_budget_and_tasks(plans):
    data = export_plan(plans["hodo-2024"])
    assert sum(t["budget"] or 0 for t in data["tasks"]) == 72
    assert data["budget_total"] == 72
    assert [t["id"] for t in data["tasks"]][:3] == ["1.1", "1.2", "1.3"]
    assert next(t for t in data["tasks"] if t["id"] == "7.1")["budget"] is None
    assert data["owner"] == {"code": "LH_HODO", "name": "Ủy ban nhân dân xã Hộ Độ", "level": "xa", "parent": "LOCHA"}


def test_cathai_tasks_and_headline_targets(plans):
    data = export_plan(plans["cathai-2023"])
    # annex task 1 has two lead rows with two deadlines (b: 15/01/2023, c: within 01/2023)
    assert [t["id"] for t in data["tasks"]] == ["1b", "1c"] + [str(n) for n in range(2, 26)]
    assert [(t["due"], t["lead_units"][:1]) for t in data["tasks"][:2]] == [("2023-01-15", ["CH_PNV"]),
                                                                           ("2023-01-31", ["CH_CATBA"])]
    assert len(data["headline_targets"]) == 11
    by_code = {i["code"]: i for i in data["indicators"]}
    for headline in data["headline_targets"]:
        for code in headline["indicators"]:
            assert by_code[code]["targets"], code
    assert by_code["SOHOA_TL"]["target_by_level"] == {"huyen": {"op": ">=", "value": 60}, "xa": {"op": ">=", "value": 55}}
    assert by_code["SOHOA_TL"]["targets"] == [
        {"level": None, "scope": "total", "op": ">=", "value": 60, "periods": ["2023-Y"]},
        {"level": "xa", "scope": "each", "op": ">=", "value": 55, "periods": ["2023-Y"]}]
    assert by_code["HS_TRUCTUYEN_TL"]["target"] is None
    assert by_code["PAR_LV5"]["target"] == {"op": ">=", "value": 10.5} and by_code["PAR_LV5"]["max"] == 11.5
    periods = {p["code"]: p for p in data["periods"]}
    assert periods["2023-Q1"]["deadline"] == "2023-03-07" and periods["2023-Q1"]["label"] == "Quý I/2023"


def test_export_contract_fields(plans):
    data = export_plan(plans["cathai-2023"])
    for key in ["name", "title", "year", "owner", "units", "periods", "indicators", "rules", "tasks", "header_names"]:
        assert key in data
    ind = data["indicators"][0]
    assert set(ind) >= {"code", "name", "unit", "area", "kind", "input", "required", "min", "max", "aggregate",
                        "numerator", "denominator", "weight", "defined_name", "target", "target_by_level", "levels"}
    assert set(data["tasks"][0]) >= {"id", "area", "content", "lead", "partners", "due", "output", "budget", "names"}
    assert set(data["tasks"][0]["names"]) >= {"status", "done_date", "note"}
    assert data["header_names"] == {"unit_code": "BC_MA_DONVI", "unit_name": "BC_TEN_DONVI", "period": "BC_KY",
                                    "reporter": "BC_NGUOI_LAP", "report_date": "BC_NGAY"}
    ratios = [i for i in data["indicators"] if i["kind"] == "ratio"]
    assert ratios and all(not i["input"] and i["defined_name"] is None for i in ratios)
    assert all(i["max"] == 100 for i in data["indicators"] if i["kind"] == "percent")


def test_period_export_keeps_only_that_periods_contents(plans, period):
    full = export_plan(plans["cathai-2023"])
    q1 = export_plan(plans["cathai-2023"], period("2023-Q1"))
    year = export_plan(plans["cathai-2023"], period("2023-Y"))
    codes = lambda d: {i["code"] for i in d["indicators"]}  # noqa: E731
    assert "PAR_LV1" not in codes(q1) and "PAR_LV1" in codes(year)
    assert "XH_PAR" in codes(year) and "XH_PAR" not in codes(q1)   # the district's own rank, in its year summary
    assert codes(q1) < codes(full)
    assert [p["code"] for p in q1["periods"]] == ["2023-Q1"]


def test_two_level_family(plans):
    upper, lower = plans["locha-2024"], plans["hodo-2024"]
    assert lower.owner.code in {u.code for u in upper.units}
    assert upper.unit(lower.owner.code).level == lower.owner.level
    # The commune's summary can answer everything the district asks of a commune.
    asked = {i.code for i in upper.indicators_for(lower.owner.level, None) if i.indicator.is_input}
    assert asked <= {i.code for i in lower.indicators}


def _source_with(**changes):
    src = load_source("hodo-2024")
    for key, value in changes.items():
        src[key] = value
    return src


def test_plan_errors_name_sheet_and_cell(tmp_path):
    src = load_source("hodo-2024")
    src["indicator"][0]["code"] = "KHONG_CO"
    src["task"][1]["lead_units"] = ["HD_XYZ"]
    src["unit"][1]["level"] = "thon"
    path = write_plan(src, tmp_path / "bad.xlsx")
    with pytest.raises(PlanError) as err:
        read_plan(path)
    text = str(err.value)
    assert "trang tính 'Chỉ tiêu', ô A2: mã chỉ tiêu 'KHONG_CO' không có trong danh mục chỉ tiêu" in text
    assert "trang tính 'Nhiệm vụ', ô E3: mã đơn vị chủ trì 'HD_XYZ'" in text
    assert "trang tính 'Đơn vị', ô C3: cấp 'thon'" in text
    # ... and the consequence: headline 1 now names an indicator the plan does not have.
    assert "trang tính 'Chỉ tiêu chủ yếu', ô C2: mã chỉ tiêu 'CD_KH_BANHANH'" in text
    assert len(err.value.problems) == 5   # + the target sheet still names CD_KH_BANHANH


def test_not_a_workbook(tmp_path):
    junk = tmp_path / "plan.xlsx"
    junk.write_text("hello")
    with pytest.raises(PlanError, match="không mở được"):
        read_plan(junk)


def test_export_is_deterministic(plans):
    assert export_json(plans["cathai-2023"]) == export_json(plans["cathai-2023"])
    json.loads(export_json(plans["cathai-2023"]))
