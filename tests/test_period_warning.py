"""A folder without a report of the chosen period gets a clear warning naming the period its files carry."""
from consolidation.engine import consolidate
from consolidation.service import counts_text
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_templates

PLAN = resolve_plan("hodo-2024")


def test_reports_of_another_period_are_named(tmp_path):
    write_templates(PLAN, parse_period("2024-Q1"), tmp_path / "in")
    result = consolidate(tmp_path / "in", PLAN, parse_period("2024-Y"))
    warning = result.period_warning()
    assert warning and "Năm 2024" in warning and "Quý I/2024" in warning and f"({len(PLAN.units)} tệp)" in warning
    assert "CẢNH BÁO" in counts_text(result)


def test_an_empty_folder_is_warned_and_a_good_one_is_not(tmp_path):
    (tmp_path / "empty").mkdir()
    result = consolidate(tmp_path / "empty", PLAN, parse_period("2024-Y"))
    assert result.period_warning() == "Thư mục không có báo cáo nào của kỳ Năm 2024."
    write_templates(PLAN, parse_period("2024-Y"), tmp_path / "good")
    assert consolidate(tmp_path / "good", PLAN, parse_period("2024-Y")).period_warning() is None
