"""The demo's summary workbook: sheets, names, LibreOffice rendering without errors."""
import json

import openpyxl
import pytest

from consolidation.demo import run_demo
from consolidation.filler import named_cells
from workbook_templates.libreoffice import convert

from conftest import needs_libreoffice
from test_libreoffice import _errors


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "demo"
    result = run_demo(out)
    return out, result


def test_demo_has_the_promised_situations(demo):
    out, result = demo
    data = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))
    c = data["counts"]
    assert c["missing"] == 1 and c["late"] == 1 and c["has_errors"] >= 2 and c["ok"] >= 15
    outcomes = [f["outcome"] for f in data["files"]]
    assert outcomes.count("superseded") == 1 and outcomes.count("rejected") == 1 and outcomes.count("ignored") == 2
    suffixes = {f["path"].rsplit(".", 1)[-1] for f in data["files"] if f["outcome"] == "accepted"}
    assert {"xlsx", "xls", "ods"} <= suffixes
    assert data["total_shortfalls"]
    assert len(list((out / "phan-hoi").iterdir())) >= 3


def test_summary_is_a_report_of_the_owner(demo):
    out, result = demo
    wb = openpyxl.load_workbook(out / "tong-hop.xlsx")
    for sheet in ["Tổng quan", "Bìa", "Chỉ tiêu", "Đơn vị × chỉ tiêu", "Không đạt", "Nhiệm vụ theo đơn vị",
                  "Lỗi dữ liệu", "Chưa nộp", "Xếp hạng", "Nguồn dữ liệu"]:
        assert sheet in wb.sheetnames
    cells = named_cells(wb)
    value = lambda n: wb[cells[n][0]][cells[n][1]].value  # noqa: E731
    assert value("BC_MA_DONVI") == "CATHAI" and value("BC_KY") == "2023-Y"
    assert value("CT_HS_NHAN") == result.totals["HS_NHAN"]
    assert len(wb["Tổng quan"]._charts) == 2
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True)}
    assert meta["kind"] == "summary" and meta["n:ISO_APDUNG"] == result.units_behind["ISO_APDUNG"]


@needs_libreoffice
def test_summary_opens_in_libreoffice_without_errors(demo, tmp_path):
    out, _ = demo
    (converted,) = convert([out / "tong-hop.xlsx"], "xlsx", tmp_path)
    assert _errors(converted) == []
    (pdf,) = convert([out / "tong-hop.xlsx"], "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000


def test_one_verdict_per_indicator_on_every_sheet_and_in_the_json(demo):
    """The summary's "Đánh giá", its "Không đạt" sheet and the JSON tell the same verdicts."""
    from consolidation.verdicts import verdict_texts

    out, result = demo
    data = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(out / "tong-hop.xlsx")
    shown = {r[1]: r[6] for r in wb["Chỉ tiêu"].iter_rows(values_only=True) if r[1]}
    expected = verdict_texts(result.plan, result.verdicts)
    own = {i.code for i in result.indicators if i.is_own}
    for code, text in expected.items():
        if code in shown and code not in own:
            assert shown[code] == text, code
    failed = {v["indicator"] for v in data["verdicts"] if v["status"] == "not_met"}
    assert failed and all("Không đạt" in expected[c] or "đạt" in expected[c] for c in failed)
    listed = [r for r in wb["Không đạt"].iter_rows(min_row=5, values_only=True) if r[0]]
    shortfalls = len(data["total_shortfalls"]) + sum(len(u["shortfalls"]) for u in data["units"])
    assert len(listed) == shortfalls
    pooled = {r[7] for r in listed if not r[1].startswith("Từng đơn vị")}
    assert pooled == {s["indicator"] for s in data["total_shortfalls"]}
