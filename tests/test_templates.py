"""Every template of the bundled plans, read back: names, locks, validations, metadata."""
import openpyxl
import pytest
from openpyxl.worksheet.cell_range import CellRange

from consolidation.filler import named_cells
from workbook_templates import names
from workbook_templates.layout import report_layout
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_export import export_plan
from workbook_templates.template_writer import TemplateError, write_template, write_templates

from conftest import template_of


def _validated(ws, coord: str) -> list:
    return [dv for dv in ws.data_validations.dataValidation if any(coord in CellRange(str(r)) for r in dv.sqref.ranges)]


def _meta(wb) -> dict:
    ws = wb["_meta"]
    return {row[0]: row[1] for row in ws.iter_rows(values_only=True)}


def test_every_template_exists_and_is_named_by_unit(all_templates, plans):
    for (plan_name, period_code), paths in all_templates.items():
        plan = plans[plan_name]
        assert sorted(p.name for p in paths) == sorted(f"{u.code}_{period_code}.xlsx" for u in plan.units)


@pytest.mark.parametrize("plan_name", ["cathai-2023", "hodo-2024", "locha-2024"])
def test_defined_names_point_to_unlocked_validated_inputs(all_templates, plans, plan_name):
    plan = plans[plan_name]
    for entry in plan.calendar:
        export = export_plan(plan, entry.period)
        for path in all_templates[(plan_name, entry.period.code)]:
            wb = openpyxl.load_workbook(path)
            cells = named_cells(wb)
            unit = plan.unit(path.name.split("_" + entry.period.code)[0])
            layout = report_layout(plan, unit, entry.period)
            expected = {i.defined_name: i for i in layout.input_indicators}
            for task in layout.tasks:
                expected.update({n: task for n in task.names.values()})
            expected.update({names.HEADER_NAMES[k]: k for k in ("reporter", "report_date")})
            exported = {i["defined_name"] for i in export["indicators"] if i["defined_name"]}
            assert {n for n in expected if n.startswith("CT_")} <= exported
            for name, what in expected.items():
                sheet, coord = cells[name]
                ws = wb[sheet]
                assert ws.protection.sheet, f"{path.name}: {sheet} không được khóa"
                assert ws[coord].protection.locked is False, f"{path.name}: {name} bị khóa"
                if not name.endswith(("_KETQUA", "_GHICHU")):
                    assert _validated(ws, coord), f"{path.name}: {name} không có kiểm tra dữ liệu"
                if name.startswith("CT_"):
                    expected_sheet = "Tự đánh giá PAR" if what.indicator.par else "Chỉ tiêu"
                    assert sheet == expected_sheet
            for key in ("unit_code", "unit_name", "period"):
                sheet, coord = cells[names.HEADER_NAMES[key]]
                assert wb[sheet][coord].protection.locked is not False
            assert wb[cells["BC_MA_DONVI"][0]][cells["BC_MA_DONVI"][1]].value == unit.code
            assert wb[cells["BC_KY"][0]][cells["BC_KY"][1]].value == entry.period.code
            meta = _meta(wb)
            assert meta["fingerprint"] == layout.fingerprint
            assert (meta["plan"], meta["unit_code"], meta["period"], meta["kind"]) == \
                (plan.name, unit.code, entry.period.code, "template")
            assert wb["_meta"].sheet_state == "veryHidden" and wb["_meta"].protection.sheet


def test_validation_rules_by_kind(all_templates):
    path = template_of(all_templates, "cathai-2023", "2023-Y", "CH_CATBA")
    wb = openpyxl.load_workbook(path)
    cells = named_cells(wb)

    def dv(name):
        sheet, coord = cells[name]
        (found,) = _validated(wb[sheet], coord)
        return found

    count, yesno = dv("CT_HS_NHAN"), dv("CT_ISO_APDUNG")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert yesno.type == "list" and yesno.formula1 == '"Có,Không"'
    assert "số nguyên" in count.error and count.errorTitle and count.promptTitle
    score = dv("CT_PAR_LV5")
    assert (score.type, score.formula2) == ("decimal", "11.5")
    status = dv("NV_11_TINHTRANG")
    assert status.type == "list" and status.formula1 == '"Hoàn thành,Đang thực hiện,Chưa thực hiện"'
    assert dv("NV_11_NGAYHT").type == "date" and dv("BC_NGAY").type == "date"


def test_ratio_cells_are_formulas_and_percent_cells_are_plain_numbers(all_templates):
    path = template_of(all_templates, "cathai-2023", "2023-Q1", "CH_VP")
    wb = openpyxl.load_workbook(path)
    ws = wb["Chỉ tiêu"]
    formulas = [c.value for row in ws.iter_rows(min_col=6, max_col=6) for c in row if isinstance(c.value, str)
                and c.value.endswith("/CT_HS_GQ,\"\")")]
    assert formulas == ['=IF(AND(COUNT(CT_HS_GQ_DUNGHAN,CT_HS_GQ)=2,CT_HS_GQ>0),100*CT_HS_GQ_DUNGHAN/CT_HS_GQ,"")',
                        '=IF(AND(COUNT(CT_HS_GQ_TOANTRINH,CT_HS_GQ)=2,CT_HS_GQ>0),100*CT_HS_GQ_TOANTRINH/CT_HS_GQ,"")',
                        '=IF(AND(COUNT(CT_HL_DANHGIA_HAILONG,CT_HL_DANHGIA)=2,CT_HL_DANHGIA>0),'
                        '100*CT_HL_DANHGIA_HAILONG/CT_HL_DANHGIA,"")'][:len(formulas)]
    assert len(formulas) >= 2
    sheet, coord = named_cells(wb)["CT_HL_DANHGIA"]
    assert "%" not in wb[sheet][coord].number_format


@pytest.mark.parametrize("plan_name, unit, required", [("locha-2024", "LH_HODO", True), ("hodo-2024", "HD_MOTCUA", False)])
def test_conditional_formatting_marks_blanks_and_broken_rules(all_templates, plan_name, unit, required):
    wb = openpyxl.load_workbook(template_of(all_templates, plan_name, "2024-Q2", unit))
    ws = wb["Chỉ tiêu"]
    rules = [(str(rng.sqref), r.type, r.formula) for rng in ws.conditional_formatting for r in rng.rules]
    sheet, coord = named_cells(wb)["CT_HS_NHAN"]
    mine = [r for r in rules if r[0] == coord]
    # a blank required cell is highlighted; an optional one (hodo: only sections handling dossiers) is not
    blanks = [r for r in rules if r[1] == "containsBlanks" and coord in r[0].split()]
    assert bool(blanks) is required
    # HS_NHAN takes part in two rules (received split, to-process total): both can paint it red
    assert len([f for _, t, f in mine if t == "expression" and f[0].endswith('="Sai"')]) == 2


def test_print_setup(all_templates):
    wb = openpyxl.load_workbook(template_of(all_templates, "cathai-2023", "2023-Y", "CH_CATBA"))
    for title in ("Bìa", "Chỉ tiêu", "Nhiệm vụ", "Tự đánh giá PAR", "Hướng dẫn"):
        ws = wb[title]
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["Chỉ tiêu"].page_setup.orientation == "landscape"
    assert wb["Chỉ tiêu"].print_title_rows == "$4:$4"
    assert wb["Chỉ tiêu"]["C6"].font.name == "Times New Roman"
    assert wb["Chỉ tiêu"]["Z99"].font.name == "Times New Roman"   # the workbook default too


def test_annual_only_sheet(all_templates):
    q1 = openpyxl.load_workbook(template_of(all_templates, "hodo-2024", "2024-Q1", "HD_TP"), read_only=True)
    year = openpyxl.load_workbook(template_of(all_templates, "hodo-2024", "2024-Y", "HD_TP"), read_only=True)
    assert "Tự đánh giá PAR" not in q1.sheetnames
    assert q1.sheetnames == year.sheetnames  # hodo has no PAR scores; cathai communes do
    cathai = openpyxl.load_workbook(template_of(all_templates, "cathai-2023", "2023-Y", "CH_CATBA"), read_only=True)
    assert "Tự đánh giá PAR" in cathai.sheetnames


def test_tasks_of_the_unit_only(all_templates, plans):
    wb = openpyxl.load_workbook(template_of(all_templates, "hodo-2024", "2024-Q1", "HD_TP"))
    assert {n for n in named_cells(wb) if n.startswith("NV_")} == {
        f"NV_{i}_{s}" for i in ("2_1", "2_2", "2_3") for s in ("TINHTRANG", "NGAYHT", "KETQUA", "GHICHU")}


def test_same_input_same_bytes(tmp_path, plans):
    plan = plans["hodo-2024"]
    period = parse_period("2024-Y")
    a = write_template(plan, plan.units[0], period, tmp_path / "a.xlsx")
    b = write_template(plan, plan.units[0], period, tmp_path / "b.xlsx")
    assert a.cells == b.cells
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_period_must_be_in_plan(tmp_path, plans):
    with pytest.raises(TemplateError, match="không thuộc năm 2023"):
        write_templates(plans["cathai-2023"], parse_period("2024-Q1"), tmp_path)
    with pytest.raises(TemplateError, match="HD_NOPE"):
        write_templates(plans["hodo-2024"], parse_period("2024-Q1"), tmp_path, ["HD_NOPE"])
