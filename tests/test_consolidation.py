"""Fill templates through the exported names with known values, consolidate, compare with
expectations computed independently here (never by the engine's own code)."""
import datetime as dt
import hashlib
import json

import pytest

from consolidation.engine import consolidate
from consolidation.filler import fill_workbook
from consolidation.summary_writer import write_summary
from workbook_templates.fileio import OutputLockedError
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_export import export_plan
from workbook_templates.template_writer import write_templates

PERIOD = "2024-Q2"
DEADLINE = dt.date(2024, 6, 12)   # hodo-2024 calendar


def base_values(received, online, resolved, on_time, satisfied=None):
    v = {"CT_HS_TON": 0, "CT_HS_NHAN": received, "CT_HS_NHAN_TRUCTIEP": received - online, "CT_HS_NHAN_TRUCTUYEN": online,
         "CT_HS_NHAN_BUUCHINH": 0, "CT_HS_GQ": resolved, "CT_HS_GQ_DUNGHAN": on_time, "CT_HS_GQ_TRUOCHAN": 0,
         "CT_HS_GQ_QUAHAN": resolved - on_time, "CT_HS_DANG_TRONGHAN": received - resolved, "CT_HS_DANG_QUAHAN": 0,
         "CT_HS_TRALAI": 0, "CT_VB_TRAODOI": 10, "CT_VB_DIENTU": 10, "CT_CBCC_TONGSO": 5,
         "CT_CBCC_SUDUNG_HTQLVB": 5, "CT_CV_DATCHUAN": 5, "CT_TT_TINBAI": 3,
         "BC_NGUOI_LAP": "Trần Thị B", "BC_NGAY": dt.date(2024, 6, 10)}
    return v


@pytest.fixture()
def folder(tmp_path, plans):
    plan = plans["hodo-2024"]
    templates = {p.name.split("_2024")[0]: p for p in write_templates(plan, parse_period(PERIOD), tmp_path / "tpl")}
    inbox = tmp_path / "in"
    # Ratio trap: unit A 9/10 online (90%), unit B 10/100 (10%): mean of % = 50, ratio of sums = 19/110.
    a = base_values(10, 9, 10, 10)
    b = base_values(100, 10, 80, 72)
    c = base_values(50, 20, 50, 50)
    c["CT_HS_NHAN"] = 55                       # rule broken: 55 != 30 + 20 + 0 -> has_errors
    c["CT_VB_DIENTU"] = "9"                    # warning only (number typed as text)
    late = base_values(20, 5, 20, 19)
    late["BC_NGAY"] = dt.date(2024, 6, 20)
    dup_old, dup_new = base_values(30, 3, 30, 30), base_values(40, 8, 40, 40)
    dup_old["BC_NGAY"], dup_new["BC_NGAY"] = dt.date(2024, 6, 1), dt.date(2024, 6, 11)
    fill_workbook(templates["HD_VPTK"], inbox / "a.xlsx", a)
    fill_workbook(templates["HD_MOTCUA"], inbox / "sub" / "b.xlsx", b)
    fill_workbook(templates["HD_TP"], inbox / "c.xlsx", c)
    fill_workbook(templates["HD_TC"], inbox / "late.xlsx", late)
    fill_workbook(templates["HD_VHXH"], inbox / "old.xlsx", dup_old)
    fill_workbook(templates["HD_VHXH"], inbox / "new.xlsx", dup_new)
    # A report from another plan (locha-2024) is rejected, not counted.
    other = write_templates(plans["locha-2024"], parse_period(PERIOD), tmp_path / "tpl2", ["LH_HODO"])[0]
    fill_workbook(other, inbox / "foreign.xlsx", a)
    (inbox / "~$a.xlsx").write_bytes(b"x")
    (inbox / "notes.docx").write_bytes(b"x")
    (inbox / "broken.xlsx").write_bytes(b"PK not really")
    return inbox


def test_totals_statuses_and_issues(folder, plans):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    result = consolidate(folder, plans["hodo-2024"], parse_period(PERIOD))
    data = json.loads(result.to_json_text())
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    assert before == after                                 # inputs never modified
    units = {u["code"]: u for u in data["units"]}
    assert {c: u["status"] for c, u in units.items()} == {
        "HD_VPTK": "ok", "HD_MOTCUA": "ok", "HD_TP": "has_errors", "HD_TC": "ok", "HD_VHXH": "ok",
        "HD_BBT": "missing", "HD_VPDU": "missing"}
    assert units["HD_TC"]["late"] is True and units["HD_VPTK"]["late"] is False
    assert units["HD_VHXH"]["values"]["HS_NHAN"] == 40      # newest report date wins
    assert {i["code"] for i in units["HD_TP"]["issues"]} >= {"rule-broken", "number-as-text"}
    rule = next(i for i in units["HD_TP"]["issues"] if i["code"] == "rule-broken")
    assert (rule["sheet"], rule["severity"], rule["file"].endswith("c.xlsx")) == ("Chỉ tiêu", "error", True)
    assert rule["cell"].startswith("F")
    # clean totals: A, B, late, dup_new (ok units only)
    ok = [(10, 9, 10, 10), (100, 10, 80, 72), (20, 5, 20, 19), (40, 8, 40, 40)]
    totals = data["totals"]
    assert totals["HS_NHAN"] == sum(r for r, *_ in ok)
    assert totals["HS_TRUCTUYEN_TL"] == pytest.approx(100 * sum(o for _, o, *_ in ok) / sum(r for r, *_ in ok))
    assert totals["HS_DUNGHAN_TL"] == pytest.approx(100 * sum(t for *_, t in ok) / sum(g for _, _, g, _ in ok))
    mean_of_percent = sum(100 * o / r for r, o, *_ in ok) / len(ok)
    assert abs(totals["HS_TRUCTUYEN_TL"] - mean_of_percent) > 10   # never averaged
    # including units with errors: C's HS_NHAN (55) counts, its values stay out of clean totals
    assert data["totals_including_errors"]["HS_NHAN"] == totals["HS_NHAN"] + 55
    assert data["totals_including_errors"]["VB_DIENTU_TL"] == 98     # share from counts: (4 × 10 + 9) / (5 × 10)
    # "đến hết năm 2024: trên 30% hồ sơ trực tuyến" binds the commune's total at the year end only:
    # at Q2 (total 23 %) it is not judged, and it never binds a section.
    assert totals["HS_TRUCTUYEN_TL"] < 30
    assert "HS_TRUCTUYEN_TL" not in {s["indicator"] for s in data["total_shortfalls"]}
    online = [v for v in data["verdicts"] if v["indicator"] == "HS_TRUCTUYEN_TL"]
    assert online == [{"indicator": "HS_TRUCTUYEN_TL", "scope": "total", "level": None, "op": ">", "target": 30,
                       "periods": ["2024-Y"], "status": "not_due", "value": pytest.approx(totals["HS_TRUCTUYEN_TL"]),
                       "units_met": None, "units_judged": None}]
    assert not any(s["indicator"] == "HS_TRUCTUYEN_TL" for u in data["units"] for s in u["shortfalls"])
    outcomes = {f["path"].split("/")[-1]: f["outcome"] for f in data["files"]}
    assert outcomes == {"a.xlsx": "accepted", "b.xlsx": "accepted", "c.xlsx": "accepted", "late.xlsx": "accepted",
                        "old.xlsx": "superseded", "new.xlsx": "accepted", "foreign.xlsx": "rejected",
                        "~$a.xlsx": "ignored", "notes.docx": "ignored", "broken.xlsx": "unreadable"}
    # tasks: HD_VPTK leads 1.1 (due Q1) and left it blank -> overdue at the end of Q2
    vptk_tasks = {t["id"]: t for t in units["HD_VPTK"]["tasks"]}
    assert vptk_tasks["1.1"] == {"id": "1.1", "status": None, "overdue": True, "reported": True}
    assert vptk_tasks["4.2"]["overdue"] is False                       # due Q3


def test_same_inputs_same_outputs(folder, plans, tmp_path):
    plan, period = plans["hodo-2024"], parse_period(PERIOD)
    first, second = consolidate(folder, plan, period), consolidate(folder, plan, period)
    assert first.to_json_text() == second.to_json_text()
    write_summary(first, tmp_path / "s1.xlsx")
    write_summary(second, tmp_path / "s2.xlsx")
    assert (tmp_path / "s1.xlsx").read_bytes() == (tmp_path / "s2.xlsx").read_bytes()


def test_locked_output_is_reported_and_untouched(folder, plans, tmp_path):
    result = consolidate(folder, plans["hodo-2024"], parse_period(PERIOD))
    target = tmp_path / "tong-hop.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "~$tong-hop.xlsx").write_bytes(b"lock")
    with pytest.raises(OutputLockedError, match="đang được mở"):
        write_summary(result, target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "tong-hop.xlsx", "tpl", "tpl2", "~$tong-hop.xlsx"]


def test_values_cover_every_exported_indicator(folder, plans):
    data = consolidate(folder, plans["hodo-2024"], parse_period(PERIOD)).as_json()
    exported = {i["code"] for i in export_plan(plans["hodo-2024"], parse_period(PERIOD))["indicators"]}
    assert set(data["totals"]) == exported
    assert all(set(u["values"]) == exported for u in data["units"])
