"""The template's "Tự kiểm tra trước khi gửi" counts every mistake `cchc validate` finds that a
formula can see: as stored by our writer, and as LibreOffice recalculates it."""
import datetime as dt
import random

import openpyxl
import pytest

from consolidation.demo import unit_values
from consolidation.filler import fill_workbook
from consolidation.service import check_file
from workbook_templates import libreoffice
from workbook_templates.bundled import load_source
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_reader import read_plan
from workbook_templates.plan_workbook import write_plan
from workbook_templates.template_writer import write_template

PERIOD = parse_period("2023-Y")
UNIT = "CH_CATHAI"
#: Cover line → the issue codes of `cchc validate` it counts.
LINES = {
    "Số ô bắt buộc chưa nhập": {"value-missing", "report-date-missing"},
    "Số ô nhập sai": {"not-a-number", "not-whole-number", "out-of-range", "par-above-max", "yesno-invalid"},
    "Số tỷ lệ (%) nghi nhập nhầm": {"percent-suspicious"},
    "Số kiểm tra tính thống nhất bị sai": {"rule-broken"},
    "Số nhiệm vụ chưa chọn hoặc chọn sai": {"task-status-missing", "task-status-invalid"},
    "Số nhiệm vụ đã hoàn thành nhưng chưa ghi ngày": {"task-done-no-date"},
}
MISTAKES = {
    "clean": {},
    "blank required": {"CT_HS_GQ": None},
    "no report date": {"BC_NGAY": None},
    "words in a count": {"CT_HS_TON": "khoảng 12"},
    "decimal count": {"CT_HS_TON": 12.5},
    "negative count": {"CT_TT_TINBAI": -3},
    "PAR above maximum": {"CT_PAR_LV1": 15},
    "yes/no invalid": {"CT_CD_KH_BANHANH": "Rồi"},
    "rate typed as a fraction": {"CT_SIPAS_TL": 0.985},
    "broken rule": {"CT_HS_NHAN": "+7"},
    "task status missing": {"NV_11_TINHTRANG": None},
    "task status invalid": {"NV_11_TINHTRANG": "Xong"},
    "done without a date": {"NV_1c_TINHTRANG": "Hoàn thành", "NV_1c_NGAYHT": None},
}


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    source = load_source("cathai-2023")
    source["indicator"].append({"code": "SIPAS_TL", "levels": ["xa"], "periods": ["Y"], "required": False})
    return read_plan(write_plan(source, tmp_path_factory.mktemp("plan") / "plan.xlsx"))


def _values(plan, changes):
    unit = plan.unit(UNIT)
    values = unit_values(plan, unit, PERIOD, random.Random(8))
    values["CT_SIPAS_TL"] = 91.5
    values["BC_NGAY"] = dt.date(2023, 12, 4)
    for name in [n for n in values if n.endswith("_TINHTRANG")]:
        values[name] = "Đang thực hiện"
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        elif value == "+7":
            values[key] += 7
        else:
            values[key] = value
    return values


def _cover_checks(path) -> dict[str, int]:
    ws = openpyxl.load_workbook(path, data_only=True)["Bìa"]
    found = {}
    for label, value in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        for line in LINES:
            if isinstance(label, str) and label.startswith(line):
                found[line] = value
    return found


def _expected(plan, path) -> dict[str, int]:
    issues = check_file(path, plan, PERIOD).issues
    return {line: sum(1 for i in issues if i.code in codes) for line, codes in LINES.items()}


def test_stored_self_check_counts_what_validate_finds(plan, tmp_path):
    for case, changes in MISTAKES.items():
        path = tmp_path / f"{case}.xlsx"
        write_template(plan, plan.unit(UNIT), PERIOD, path, _values(plan, changes))
        expected = _expected(plan, path)
        assert (sum(expected.values()) == 0) == (case == "clean"), (case, expected)
        assert _cover_checks(path) == expected, case


@pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice not installed")
def test_recalculated_self_check_counts_what_validate_finds(plan, tmp_path):
    blank = tmp_path / "blank.xlsx"
    write_template(plan, plan.unit(UNIT), PERIOD, blank)
    filled = [fill_workbook(blank, tmp_path / "in" / f"{n}.xlsx", _values(plan, changes))
              for n, changes in enumerate(MISTAKES.values())]
    recalculated = libreoffice.convert(filled, "xlsx", tmp_path / "lo", recalc=True)
    for case, source, done in zip(MISTAKES, filled, recalculated):
        assert _cover_checks(done) == _expected(plan, source), case
