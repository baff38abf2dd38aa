"""The faster workbook writes exactly the bytes xlsxwriter writes, and still prefixes newer functions."""
import zipfile

import xlsxwriter

from workbook_templates.fast_workbook import FastWorkbook


def _closed_parts(wb, path):
    """Close ``wb`` (with a fixed creation date) and return its parts."""
    wb.set_properties({"created": __import__("datetime").datetime(2024, 1, 1)})
    wb.close()
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _write(cls, path):
    wb = cls(str(path))
    ws = wb.add_worksheet("S")
    ws.write_formula("A1", '=IF(AND(COUNT(B1,B2)=2,B2>0),100*B1/B2,"")', None, 50)
    ws.write_formula("A2", "=XLOOKUP(1,B1:B2,C1:C2)", None, 0)
    ws.write_formula("A3", '=SUMPRODUCT((B1:B2="Hoàn thành")*(1-ISNUMBER(C1:C2)))', None, 0)
    ws.conditional_format("B1:B2", {"type": "formula", "criteria": '=AND($C1<>"",$C1<>"Chưa nhập")',
                                     "format": wb.add_format({"bold": True})})
    return _closed_parts(wb, path)


def test_same_parts_as_xlsxwriter(tmp_path):
    fast, plain = _write(FastWorkbook, tmp_path / "fast.xlsx"), _write(xlsxwriter.Workbook, tmp_path / "plain.xlsx")
    assert fast == plain
    assert b"_xlfn.XLOOKUP" in fast["xl/worksheets/sheet1.xml"]


def _write_cells(cls, path):
    wb = cls(str(path), {"in_memory": True})
    ws = wb.add_worksheet("Ô")
    fmt, bold = wb.add_format({"border": 1}), wb.add_format({"bold": True, "num_format": "#,##0.##"})
    ws.set_row(5, 30, bold)
    ws.set_column(3, 3, 12, fmt)
    for r in range(8):
        ws.write_number(r, 0, r / 3, bold)
        ws.write_string(r, 1, f"<dòng {r} & \"trích\">", fmt)
        ws.write_blank(r, 2, None, fmt)
        ws.write_number(r, 3, 10 ** r)                    # no format of its own: the row's or column's
        ws.write_string(r, 4, "không định dạng")
        ws.write_boolean(r, 5, r % 2 == 0, fmt)
        ws.write_datetime(r, 6, __import__("datetime").datetime(2024, 12, r + 1), bold)
    ws.set_row(20, 40)                                   # a row with a height and no cell
    ws.write_comment(22, 1, "ghi chú")                   # a row with a comment and no cell
    ws.write_formula(23, 0, "=A1+1", fmt, 1.33)
    ws.write_string(23, 300, "xa", fmt)                  # far columns: spans and letters
    return _closed_parts(wb, path)


def test_formatted_cells_are_the_bytes_xlsxwriter_writes(tmp_path):
    fast, plain = _write_cells(FastWorkbook, tmp_path / "fast.xlsx"), _write_cells(xlsxwriter.Workbook, tmp_path / "p.xlsx")
    assert fast == plain
    assert b'<c r="C1" s="1"/>' in fast["xl/worksheets/sheet1.xml"]


def _write_table(path, rows_by, by_put_row):
    wb = FastWorkbook(str(path), {"in_memory": True})
    ws = wb.add_worksheet("Bảng")
    text, number, code = (wb.add_format({"border": 1}), wb.add_format({"num_format": "0.0"}),
                          wb.add_format({"font_size": 8}))
    for r, values in enumerate(rows_by):
        if by_put_row:
            ws.put_row(r, values, text, number, {2: code})
            continue
        for c, value in enumerate(values):
            fmt = code if c == 2 else text
            if value is None or value == "":
                ws.write_blank(r, c, None, fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value, number if c != 2 else code)
            else:
                ws.write_string(r, c, str(value), fmt)
    return _closed_parts(wb, path)


def test_put_row_writes_what_the_cell_methods_write_and_never_a_formula(tmp_path):
    rows = [["=SUM(A1:A3)", 1.5, "MÃ_01", None, "", "http://x.vn", 7, "x" * 20000],
            ["Ủy ban", -2, "", 3.25, "a & <b>", "=1+1", None, 0]]
    fast, plain = _write_table(tmp_path / "fast.xlsx", rows, True), _write_table(tmp_path / "plain.xlsx", rows, False)
    assert fast == plain
    sheet = fast["xl/worksheets/sheet1.xml"]
    assert b"<f>" not in sheet and b"hyperlink" not in sheet


def test_put_row_cells_keep_their_formats_whatever_order_formats_are_first_used(tmp_path):
    import openpyxl

    rows = [["MÃ", 1.5, None], ["chữ", 2, "x"]]
    wb = FastWorkbook(str(tmp_path / "a.xlsx"), {"in_memory": True})
    ws = wb.add_worksheet("Bảng")
    text, number = wb.add_format({"border": 1}), wb.add_format({"num_format": "0.000", "bold": True})
    code = wb.add_format({"font_size": 8, "italic": True})
    ws.put_row(0, rows[0], text, number, {0: code})      # code used first, created last
    ws.put_row(1, rows[1], text, number)
    ws.put_row(2, ["a", "b", "c"], text, number)
    ws.write_string(2, 1, "viết đè", code)               # written over after put_row: this one wins
    ws.write_number(2, 5, 9)                              # and a cell past the row's end
    wb.close()
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["Bảng"]
    a1, b1, c1, a2, b2 = sheet["A1"], sheet["B1"], sheet["C1"], sheet["A2"], sheet["B2"]
    assert (a1.value, a1.font.i, a1.font.sz) == ("MÃ", True, 8)
    assert (b1.value, b1.number_format, b1.font.b) == (1.5, "0.000", True)
    assert c1.value is None and c1.border.left.style == "thin"
    assert (a2.value, a2.font.i, a2.border.left.style) == ("chữ", False, "thin")
    assert (b2.value, b2.number_format) == (2, "0.000")
    assert [sheet.cell(3, c).value for c in range(1, 7)] == ["a", "viết đè", "c", None, None, 9]
    assert sheet["B3"].font.i is True
