"""Property tests: random values and random mutations of real templates never crash consolidation,
and the totals always equal the oracle sum, over the units accepted as valid, of what we wrote."""
import datetime as dt
import random

import openpyxl
from openpyxl.cell.cell import MergedCell
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template

PLAN, PERIOD = resolve_plan("hodo-2024"), parse_period("2024-Y")
SUMMED = [pi for pi in PLAN.indicators_for(None, "Y") if pi.indicator.aggregate == "sum" and pi.indicator.is_input]

values_st = st.one_of(st.integers(0, 10_000), st.integers(-50, -1), st.floats(allow_nan=True, allow_infinity=True),
                      st.text(alphabet="0123456789 .,-%eEabcđĐ=", max_size=12), st.none(), st.booleans(), st.sampled_from(["#DIV/0!", "1.234", "12,5", "=1+1"]))
mutation_st = st.sampled_from(["none", "drop-name", "rename-sheet", "junk-cell", "clear-meta", "wrong-code"])


@pytest.fixture(scope="module")
def blanks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blank")
    for unit in PLAN.units:
        write_template(PLAN, unit, PERIOD, folder / f"{unit.code}.xlsx")
    return folder


def _write(blank, target, values, mutation, rng):
    wb = openpyxl.load_workbook(blank)
    for name, value in values.items():
        sheet, coord = list(wb.defined_names[name].destinations)[0]
        wb[sheet][coord.replace("$", "")].value = value
    if mutation == "drop-name":
        del wb.defined_names[rng.choice(sorted(wb.defined_names))]
    elif mutation == "rename-sheet":
        wb[rng.choice(["Chỉ tiêu", "Bìa", "Nhiệm vụ"])].title = "Đổi tên"
    elif mutation == "junk-cell":
        cell = wb["Chỉ tiêu"].cell(rng.randint(1, 300), rng.randint(1, 40))
        if not isinstance(cell, MergedCell):             # inside a merged range a cell holds nothing
            cell.value = rng.choice(["x", 1e9, None, "=A1/0"])
    elif mutation == "clear-meta":
        del wb["_meta"]
    elif mutation == "wrong-code":
        sheet, coord = list(wb.defined_names["BC_MA_DONVI"].destinations)[0]
        wb[sheet][coord.replace("$", "")].value = rng.choice(["HD_XYZ", "", 42])
    wb.save(target)


@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_files_never_crash_and_totals_equal_the_oracle(blanks, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("run")
    seed = data.draw(st.integers(0, 10_000))
    rng = random.Random(seed)
    written = {}
    for unit in PLAN.units:
        values = unit_values(PLAN, unit, PERIOD, rng)
        values["BC_NGAY"] = dt.datetime(2024, 12, 5)
        for pi in SUMMED:
            if pi.defined_name in values and data.draw(st.booleans()):
                values[pi.defined_name] = data.draw(values_st)
        mutation = data.draw(mutation_st)
        _write(blanks / f"{unit.code}.xlsx", folder / f"{unit.code}.xlsx", values, mutation, rng)
        written[unit.code] = values
    result = consolidate(folder, PLAN, PERIOD)
    ok = [u for u in result.units if u.status == "ok"]
    for pi in SUMMED:
        expected = [written[u.unit.code].get(pi.defined_name) for u in ok if pi.code in u.report.values]
        numbers = [v for v in expected if isinstance(v, (int, float)) and not isinstance(v, bool)]
        total = result.totals.get(pi.code)
        if numbers:
            assert total == pytest.approx(sum(numbers)), pi.code
        for v in (total, *numbers):
            assert v is None or (v == v and abs(v) < 1e12)
