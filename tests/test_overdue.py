"""A task is overdue when not done and due before the report's date (the cut-off without one)."""
import datetime as dt
import random

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.filler import fill_workbook
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template

PLAN, PERIOD = resolve_plan("cathai-2023"), parse_period("2023-Y")   # cut-off 05/12/2023


def _report(tmp_path, unit_code, statuses, report_date):
    unit = PLAN.unit(unit_code)
    tpl = tmp_path / "tpl" / f"{unit_code}.xlsx"
    write_template(PLAN, unit, PERIOD, tpl)
    values = unit_values(PLAN, unit, PERIOD, random.Random(2))
    values.update({f"NV_{tid}_TINHTRANG": status for tid, status in statuses.items()})
    values["BC_NGAY"] = report_date
    fill_workbook(tpl, tmp_path / "in" / f"{unit_code}.xlsx", values)


def _tasks(result, unit_code):
    return {t.task_id: t for t in result.tasks if t.unit == unit_code}


def test_due_before_the_report_date_and_not_done_is_overdue(tmp_path):
    _report(tmp_path, "CH_PNV", {"1b": "Đang thực hiện", "3": "Đang thực hiện", "4": "Hoàn thành"}, dt.date(2023, 12, 5))
    tasks = _tasks(consolidate(tmp_path / "in", PLAN, PERIOD), "CH_PNV")
    assert tasks["1b"].overdue                      # due 15/01/2023, still in progress on 05/12
    assert not tasks["3"].overdue                   # due 31/12/2023: after the report's date
    assert not tasks["4"].overdue                   # done


def test_a_report_dated_after_the_due_date_makes_it_overdue(tmp_path):
    _report(tmp_path, "CH_PNV", {"3": "Đang thực hiện"}, dt.date(2024, 1, 5))
    assert _tasks(consolidate(tmp_path / "in", PLAN, PERIOD), "CH_PNV")["3"].overdue


def test_a_missing_unit_s_tasks_are_not_reported_never_overdue(tmp_path):
    (tmp_path / "in").mkdir()
    result = consolidate(tmp_path / "in", PLAN, PERIOD)
    assert result.counts["overdue_tasks"] == 0
    assert result.counts["tasks_not_reported"] == len(result.tasks) > 0
    assert all(not t.reported and t.status is None for t in result.tasks)


def test_a_recurring_task_answers_for_this_year_s_milestone():
    plan = resolve_plan("ldtbxh-hue-2022")
    yearly = next(t for t in plan.tasks if t.id == "1.2")             # "Hàng năm"
    assert not yearly.overdue("Đang thực hiện", dt.date(2023, 12, 10), 2023)   # 31/12/2022 is last year's
    assert yearly.overdue("Đang thực hiện", dt.date(2024, 1, 5), 2023)
