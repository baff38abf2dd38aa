"""History across periods: four quarters and the same period of the previous year in one file;
comparison values equal the stored totals; re-recording is idempotent; export round-trips;
the report draft and the reminder letter read back with python-docx and convert in LibreOffice."""
import copy
import random

import docx
import pytest

from consolidation import history
from consolidation.comparison import compare
from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.report_docx import vn_number, write_reminder_docx, write_report_docx
from consolidation.summary_writer import write_summary
from workbook_templates import libreoffice
from workbook_templates.bundled import load_source
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_reader import read_plan
from workbook_templates.plan_workbook import write_plan
from workbook_templates.template_writer import write_template


def _plan(tmp_path, year):
    """hodo-2024 re-dated: the same office's plan of ``year`` (history is keyed by owner, not plan)."""
    src = copy.deepcopy(load_source("hodo-2024"))
    src["info"].update(name=f"hodo-{year}", year=year, title=f"Kế hoạch CCHC xã Hộ Độ năm {year}")
    for p in src["period"]:
        for key in ("cutoff", "deadline"):
            p[key] = str(p[key]).replace("2024", str(year))
    for t in src.get("task", []):
        t["timing"] = str(t["timing"]).replace("2024", str(year))
        t.pop("due", None)
    for t in src.get("target", []):
        t.pop("periods", None) if t.get("periods") and any("-" in str(x) for x in t["periods"]) else None
    return read_plan(write_plan(src, tmp_path / f"hodo-{year}.xlsx"))


def _run(tmp_path, plan, code, store, received):
    period = parse_period(code)
    folder = tmp_path / code
    rng = random.Random(code)
    for unit in plan.units:
        values = unit_values(plan, unit, period, rng)
        write_template(plan, unit, period, folder / f"{unit.code}.xlsx", values)
    result = consolidate(folder, plan, period)
    result.comparison = compare(result, store)
    return result


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hist")
    store = tmp / "lich-su.sqlite"
    plans = {2023: _plan(tmp, 2023), 2024: _plan(tmp, 2024)}
    results = {}
    for code, received in (("2023-Q2", 100), ("2024-Q1", 150), ("2024-Q2", 200), ("2024-Q3", 250), ("2024-Q4", 300)):
        result = _run(tmp, plans[int(code[:4])], code, store, received)
        history.record(result, store)
        results[code] = result
    return tmp, store, results


def test_four_quarters_and_last_year_are_compared_from_the_stored_totals(recorded):
    _, store, results = recorded
    q2 = results["2024-Q2"]
    assert q2.comparison.previous.code == "2024-Q1" and q2.comparison.last_year.code == "2023-Q2"
    assert q2.comparison.previous_totals == history.totals("LH_HODO", "2024-Q1", store)
    assert q2.comparison.last_year_totals["HS_NHAN"] == results["2023-Q2"].totals["HS_NHAN"]
    data = q2.as_json()["comparison"]
    assert data["previous"]["period"] == "2024-Q1"
    assert data["previous"]["totals"]["HS_NHAN"] == results["2024-Q1"].totals["HS_NHAN"] > 0
    assert results["2024-Q1"].as_json()["comparison"]["previous"] is None        # nothing before 2024-Q1 but 2023-Q2
    assert [p["period"] for p in history.periods("LH_HODO", store)] == ["2023-Q2", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_recording_a_period_again_replaces_it(recorded):
    _, store, results = recorded
    before = history.totals("LH_HODO", "2024-Q3", store)
    history.record(results["2024-Q3"], store)
    history.record(results["2024-Q3"], store)
    assert history.totals("LH_HODO", "2024-Q3", store) == before
    assert len(history.periods("LH_HODO", store)) == 5


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_history_export_round_trips(recorded, suffix):
    tmp, store, _ = recorded
    rows = history.read_export(history.export(tmp / f"lich-su{suffix}", "LH_HODO", store))
    assert rows[0][:3] == ["Mã đơn vị tổng hợp", "Đơn vị tổng hợp", "Kỳ"]
    totals = {(r[2], r[6]): float(r[9]) for r in rows[1:] if not r[4]}
    for code in ("2023-Q2", "2024-Q4"):
        for indicator, value in history.totals("LH_HODO", code, store).items():
            assert totals[(code, indicator)] == pytest.approx(value)


def test_summary_has_the_comparison_sheet(recorded):
    tmp, _, results = recorded
    import openpyxl
    wb = openpyxl.load_workbook(write_summary(results["2024-Q2"], tmp / "s.xlsx"))
    rows = {r[0]: r for r in wb["So sánh"].iter_rows(values_only=True) if r[0]}
    name = next(i.indicator.name for i in results["2024-Q2"].indicators if i.code == "HS_NHAN")
    now, before, year_ago = (results[c].totals["HS_NHAN"] for c in ("2024-Q2", "2024-Q1", "2023-Q2"))
    assert rows[name][2:5] == (now, before, now - before) and rows[name][7] == year_ago


def test_report_draft_and_reminder_read_back_and_convert(recorded):
    tmp, _, results = recorded
    result = results["2024-Q2"]
    draft = write_report_docx(result, tmp / "bao-cao.docx")
    text = "\n".join(p.text for p in docx.Document(draft).paragraphs)
    tables = "\n".join(c.text for t in docx.Document(draft).tables for row in t.rows for c in row.cells)
    assert "BÁO CÁO" in text and "Quý II/2024" in text and result.plan.owner.name.upper() in tables
    now, year_ago = result.totals["HS_NHAN"], results["2023-Q2"].totals["HS_NHAN"]
    pct = vn_number(abs(100 * (now - year_ago) / year_ago), 1)
    assert f"{vn_number(now)} hồ sơ" in text and f"{'tăng' if now > year_ago else 'giảm'} {pct}% so với cùng kỳ năm 2023" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in tables and "Nơi nhận:" in tables
    reminder = write_reminder_docx(result, tmp / "don-doc.docx")
    assert "V/v đôn đốc" in "\n".join(p.text for p in docx.Document(reminder).paragraphs)
    if libreoffice.writer_available():
        pdfs = libreoffice.convert([draft, reminder], "pdf", tmp / "pdf")
        assert all(p.stat().st_size > 1000 for p in pdfs)


def test_vietnamese_number_style():
    assert vn_number(12345) == "12.345" and vn_number(55.04, 1) == "55,0" and vn_number(None) == "…"
