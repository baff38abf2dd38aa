"""Named cells read straight from the sheet XML give what a full reader (calamine) gives, for the
packages our templates write, for LibreOffice's own, and for hand-made XML in every legal spelling."""
import datetime as dt
import random
import zipfile

import pytest

from consolidation.demo import unit_values
from consolidation.reader import _calamine_grids, from_grids, read_workbook
from workbook_templates import libreoffice
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template

from conftest import needs_libreoffice

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr{date1904}/><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets>
<definedNames>{names}</definedNames></workbook>"""
_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet1.xml"/></Relationships>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="xl/workbook.xml"/></Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="10"/></cellXfs>
</styleSheet>"""
_STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>Ủy ban &amp; "xã"</t></si>
<si><r><rPr><b/></rPr><t xml:space="preserve">Hoàn </t></r><r><t>thành</t></r><rPh sb="0" eb="1"><t>X</t></rPh></si>
<si><t>dòng 1_x000D_dòng 2</t></si></sst>"""


def _package(path, cells: str, names: dict[str, str], date1904=False, strings=_STRINGS):
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet '
             'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             f'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>')
    defined = "".join(f'<definedName name="{n}">\'Số liệu\'!{ref}</definedName>' for n, ref in names.items())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK.format(names=defined, date1904=' date1904="1"' if date1904 else ""))
        zf.writestr("xl/_rels/workbook.xml.rels", _RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        zf.writestr("xl/sharedStrings.xml", strings)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


ROWS = """
<row r="1"><c r="A1" t="inlineStr"><is><t>r="B9" trong chữ</t></is></c><c r="B1" t="s"><v>0</v></c></row>
<row r="2"><c s="0" r="B2"><v>98.5</v></c></row>
<row r="3"><c r='B3' t='s'><v>1</v></c></row>
<row r="4"><x:c r="B4"><x:v>12</x:v></x:c></row>
<row r="5"><c r="B5" t="b"><v>1</v></c></row>
<row r="6"><c r="B6" t="e"><v>#DIV/0!</v></c></row>
<row r="7"><c r="B7" t="str"><f>A1&amp;"x"</f><v>chuỗi &lt;công thức&gt;</v></c></row>
<row r="8"><c r="B8"><f>SUM(B2:B4)</f></c></row>
<row r="9"><c r="B9" s="1"><v>45640</v></c><c r="C9" s="2"><v>45640.5</v></c><c r="D9" s="3"><v>0.5</v></c></row>
<row r="11"><c r="B11" t="inlineStr"><is><t>nội dung nhập thẳng</t></is></c></row>
<row r="10"><c r="B10" t="s"><v>2</v></c></row>
"""
NAMES = {"TEN": "$B$1", "TYLE": "$B$2", "TT": "$B$3", "SO": "$B$4", "DUNG": "$B$5", "LOI": "$B$6", "CT": "$B$7",
         "CHUA_TINH": "$B$8", "NGAY": "$B$9", "NGAY_GIO": "$C$9", "PHAN_TRAM": "$D$9", "XUONG_DONG": "$B$10",
         "NHAP": "$B$11", "TRONG": "$B$12"}


def test_every_kind_of_cell_in_every_legal_spelling(tmp_path):
    raw = read_workbook(_package(tmp_path / "a.xlsx", ROWS, NAMES))
    assert raw.value("TEN") == 'Ủy ban & "xã"'
    assert raw.value("TYLE") == 98.5                       # attributes in another order
    assert raw.value("TT") == "Hoàn thành"                  # single quotes; rich text without its phonetic guide
    assert raw.value("SO") == 12.0                          # a namespace prefix
    assert raw.value("DUNG") is True
    assert raw.value("LOI") is None and raw.error_value("LOI") == "#DIV/0!"
    assert raw.value("CT") == "chuỗi <công thức>"
    assert raw.value("CHUA_TINH") is None and raw.has_uncached_formula("CHUA_TINH")
    assert raw.value("NGAY") == dt.date(2024, 12, 14)       # a custom date format
    assert raw.value("NGAY_GIO") == dt.datetime(2024, 12, 14, 12)   # built-in format 14, with a time
    assert raw.value("PHAN_TRAM") == 0.5                    # 0.00%: a number, not a date
    assert raw.value("XUONG_DONG") == "dòng 1\rdòng 2"      # rows out of order; the _x000D_ escape
    assert raw.value("NHAP") == "nội dung nhập thẳng"
    assert raw.value("TRONG") is None                       # no such cell: blank


def test_the_1904_date_system(tmp_path):
    raw = read_workbook(_package(tmp_path / "a.xlsx", ROWS, NAMES, date1904=True))
    assert raw.datemode == 1 and raw.value("NGAY") == dt.date(2028, 12, 15)


def test_cells_without_references_go_to_calamine(tmp_path):
    cells = '<row r="1"><c t="s"><v>0</v></c><c><v>7</v></c></row><row r="2"><c/><c><v>8</v></c></row>'
    raw = read_workbook(_package(tmp_path / "a.xlsx", cells, {"TEN": "$A$1", "SO": "$B$1", "HAI": "$B$2"}))
    assert (raw.value("TEN"), raw.value("SO"), raw.value("HAI")) == ('Ủy ban & "xã"', 7.0, 8.0)


def _same_as_calamine(path):
    raw = read_workbook(path)
    full = from_grids(path, raw.names, _calamine_grids(path, raw.names), raw.datemode)
    for name in raw.names:
        expected = full.value(name)
        assert raw.value(name) == (None if expected == "" else expected), name
    assert raw.meta() == full.meta()
    return raw


@pytest.fixture(scope="module")
def filled(tmp_path_factory, plans):
    plan, period = plans["hodo-2024"], parse_period("2024-Y")
    folder = tmp_path_factory.mktemp("filled")
    rng = random.Random(7)
    paths = []
    for unit in plan.units[:3]:
        values = unit_values(plan, unit, period, rng)
        write_template(plan, unit, period, folder / f"{unit.code}.xlsx", values)
        paths.append(folder / f"{unit.code}.xlsx")
    return paths


def test_our_templates_read_as_calamine_reads_them(filled):
    for path in filled:
        raw = _same_as_calamine(path)
        assert raw.meta()["kind"] == "template" and raw.value("BC_MA_DONVI") == path.stem


@needs_libreoffice
def test_a_report_saved_by_libreoffice_reads_as_calamine_reads_it(filled, tmp_path):
    saved = libreoffice.convert(filled[:2], "xlsx", tmp_path / "lo", recalc=False)
    for original, path in zip(filled, saved):
        raw = _same_as_calamine(path)
        before = read_workbook(original)
        for name in before.names:
            assert raw.value(name) == pytest.approx(before.value(name)) if isinstance(before.value(name), float) \
                else raw.value(name) == before.value(name), name
