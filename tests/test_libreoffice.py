"""LibreOffice as a real client: open, recalculate and convert the templates (one per layout)."""
import openpyxl
import pytest

from consolidation.filler import fill_workbook, named_cells
from workbook_templates.libreoffice import convert

from conftest import needs_libreoffice, template_of

ERRORS = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


def _errors(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    return [(ws.title, c.coordinate, c.value) for ws in wb for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith(ERRORS)]


@needs_libreoffice
def test_every_template_recalculates_without_formula_errors(all_templates, plans, tmp_path):
    # One template per plan, period and level (the one leading most tasks): the others share its layout.
    chosen: dict[tuple, object] = {}
    for (plan_name, period), paths in all_templates.items():
        plan = plans[plan_name]
        for path in paths:
            unit = plan.unit(path.stem.rsplit("_", 1)[0])
            key = (plan_name, period, unit.level)
            if key not in chosen or len(plan.tasks_for(unit.code)) > len(plan.tasks_for(chosen[key][1])):
                chosen[key] = (path, unit.code)
    sources = sorted({p for p, _ in chosen.values()} | {template_of(all_templates, "cathai-2023", "2023-Y", "CH_CATBA")})
    converted = convert(sources, "xlsx", tmp_path / "lo")
    assert len(converted) == len(sources)
    for path in converted:
        assert _errors(path) == [], path.name
    # LibreOffice computed the checks itself: an empty template has blank required cells.
    wb = openpyxl.load_workbook(tmp_path / "lo" / "CH_CATBA_2023-Y.xlsx", data_only=True)
    checks = {r[0]: r[1] for r in wb["Bìa"].iter_rows(values_only=True) if r[0] and str(r[0]).startswith("Số ")}
    assert checks["Số ô bắt buộc chưa nhập (kể cả ngày lập báo cáo)"] > 40
    assert len(wb.defined_names) == len(openpyxl.load_workbook(template_of(all_templates, "cathai-2023", "2023-Y", "CH_CATBA")).defined_names)


@needs_libreoffice
def test_filled_template_formulas_compute_in_libreoffice(all_templates, tmp_path):
    src = template_of(all_templates, "cathai-2023", "2023-Q1", "CH_CATBA")
    values = {"CT_HS_NHAN": 200, "CT_HS_NHAN_TRUCTIEP": 100, "CT_HS_NHAN_TRUCTUYEN": 90, "CT_HS_NHAN_BUUCHINH": 5,
              "CT_HS_GQ": 180, "CT_HS_GQ_DUNGHAN": 171, "CT_HS_GQ_QUAHAN": 9, "CT_ISO_APDUNG": "Có",
              "NV_1c_TINHTRANG": "Đang thực hiện"}
    filled = fill_workbook(src, tmp_path / "filled.xlsx", values)
    (out,) = convert([filled], "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(out, data_only=True)
    ws = wb["Chỉ tiêu"]
    rows = {r[1]: r for r in ws.iter_rows(values_only=True) if r[1]}
    assert rows["HS_DUNGHAN_TL"][5] == pytest.approx(95.0)
    assert rows["HS_DUNGHAN_TL"][6] == "Không đạt"          # target = 100
    assert rows["HS_TRUCTUYEN_TL"][5] == pytest.approx(45.0)
    assert rows["ISO_APDUNG"][6] == "Đạt"
    assert rows["HS_NHAN_TONG"][5] == "Sai"                  # 100 + 90 + 5 != 200
    assert rows["HS_GQ_TONG"][5] == "Đúng"
    assert _errors(out) == []
    checks = {r[0]: r[1] for r in wb["Bìa"].iter_rows(values_only=True) if r[0] and str(r[0]).startswith("Số ")}
    assert checks["Số kiểm tra tính thống nhất bị sai"] == 1
    assert checks["Số nhiệm vụ chưa chọn hoặc chọn sai tình trạng"] == len([n for n in named_cells(wb) if n.endswith("_TINHTRANG")]) - 1
