"""The faster workbook writes exactly the bytes xlsxwriter writes, and still prefixes newer functions."""
import zipfile

import xlsxwriter

from workbook_templates.fast_workbook import FastWorkbook


def _write(cls, path):
    wb = cls(str(path))
    ws = wb.add_worksheet("S")
    ws.write_formula("A1", '=IF(AND(COUNT(B1,B2)=2,B2>0),100*B1/B2,"")', None, 50)
    ws.write_formula("A2", "=XLOOKUP(1,B1:B2,C1:C2)", None, 0)
    ws.write_formula("A3", '=SUMPRODUCT((B1:B2="Hoàn thành")*(1-ISNUMBER(C1:C2)))', None, 0)
    ws.conditional_format("B1:B2", {"type": "formula", "criteria": '=AND($C1<>"",$C1<>"Chưa nhập")',
                                     "format": wb.add_format({"bold": True})})
    wb.set_properties({"created": __import__("datetime").datetime(2024, 1, 1)})
    wb.close()
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_same_parts_as_xlsxwriter(tmp_path):
    fast, plain = _write(FastWorkbook, tmp_path / "fast.xlsx"), _write(xlsxwriter.Workbook, tmp_path / "plain.xlsx")
    assert fast == plain
    assert b"_xlfn.XLOOKUP" in fast["xl/worksheets/sheet1.xml"]
