"""The .xlam built from macros/ without Excel: package, VBA project, ribbon, LibreOffice import."""
from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from pathlib import Path

import pytest

from addin import registry
from addin.xlam import cfb, ovba
from addin.xlam.package import CONF_KEYS, MACROS_DIR, build_xlam
from addin.xlam.vba_project import read_project
from tests.conftest import needs_libreoffice

olefile = pytest.importorskip("olefile")
olevba = pytest.importorskip("oletools.olevba")
pytest.importorskip("xlwings")
ET = pytest.importorskip("defusedxml.ElementTree")

CUSTOM_UI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
ADDIN_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"


@pytest.fixture(scope="module")
def xlam(tmp_path_factory) -> Path:
    return build_xlam(tmp_path_factory.mktemp("addin") / "cchc.xlam")


@pytest.fixture(scope="module")
def macros(xlam) -> dict[str, str]:
    """Module name → source, as olevba extracts it from the built file."""
    parser = olevba.VBA_Parser(str(xlam))
    try:
        return {Path(vba_filename).stem: code for _f, _s, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def _ribbon(xlam: Path):
    with zipfile.ZipFile(xlam) as z:
        return ET.fromstring(z.read("customUI/customUI.xml"))


def test_the_package_is_valid(xlam):
    with zipfile.ZipFile(xlam) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        types = ET.fromstring(z.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.tag.endswith("Override")}
        assert overrides["/xl/workbook.xml"] == ADDIN_TYPE
        for part in overrides:
            assert part.lstrip("/") in names, part
        for rels_name in [n for n in names if n.endswith(".rels")]:
            base = rels_name.replace("_rels/", "").removesuffix(".rels")
            folder = os.path.dirname(base)
            for rel in ET.fromstring(z.read(rels_name)):
                target = os.path.normpath(os.path.join(folder, rel.get("Target"))).lstrip("/")
                assert target in names, (rels_name, target)
        ribbon_rel = [r for r in ET.fromstring(z.read("_rels/.rels"))
                      if r.get("Type").endswith("/ui/extensibility")]
        assert [r.get("Target") for r in ribbon_rel] == ["customUI/customUI.xml"]
        for name in names:
            if name.endswith(".xml") or name.endswith(".rels"):
                ET.fromstring(z.read(name))
        workbook = z.read("xl/workbook.xml").decode()
        assert 'name="_cchc.conf"' in workbook and "felix" not in workbook
        assert olefile.isOleFile(io.BytesIO(z.read("xl/vbaProject.bin")))


def test_document_modules_stay_bound_to_the_workbook_and_sheet(xlam):
    with zipfile.ZipFile(xlam) as z:
        project = read_project(z.read("xl/vbaProject.bin"))
        workbook = z.read("xl/workbook.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    documents = {m.name for m in project.modules if m.kind == "Document"}
    assert documents == {"ThisWorkbook", "Sheet2"}
    assert 'codeName="ThisWorkbook"' in workbook and '<sheetPr codeName="Sheet2"/>' in sheet


def test_build_is_deterministic(xlam, tmp_path):
    assert build_xlam(tmp_path / "again.xlam").read_bytes() == xlam.read_bytes()


def test_every_on_action_names_a_vba_procedure(xlam, macros):
    actions = {b.get("onAction") for b in _ribbon(xlam).iter(f"{CUSTOM_UI_NS}button")}
    assert actions == {"CCHC.OnAction"}
    for action in actions:
        module, proc = action.split(".")
        assert re.search(rf"^Public Sub {proc}\(control As IRibbonControl\)", macros[module], re.M)


def test_every_tag_maps_to_a_registered_action(xlam):
    buttons = list(_ribbon(xlam).iter(f"{CUSTOM_UI_NS}button"))
    tags = [b.get("tag") for b in buttons]
    actions = registry.load()
    assert sorted(tags) == sorted(actions)                   # no dead button, no unreachable action
    for button in buttons:
        registered = actions[button.get("tag")]
        assert callable(registered.func) and registered.func.__module__ == "addin.actions"
        assert button.get("label") == registered.label
        assert re.fullmatch(r"[a-z0-9_]+", registered.tag)   # what the VBA callback accepts


def test_ribbon_labels_and_icons(xlam):
    ui = _ribbon(xlam)
    [tab] = ui.iter(f"{CUSTOM_UI_NS}tab")
    assert tab.get("label") == "CCHC"
    labels = [b.get("label") for b in ui.iter(f"{CUSTOM_UI_NS}button")]
    assert labels == ["Tổng hợp báo cáo", "Kiểm tra tệp đang mở", "Tạo biểu mẫu", "Mở thư mục báo cáo", "Hướng dẫn"]
    assert all(b.get("imageMso") for b in ui.iter(f"{CUSTOM_UI_NS}button"))


def test_vba_source_round_trips_byte_for_byte(xlam, macros):
    source = (MACROS_DIR / "CCHC.bas").read_bytes()
    with zipfile.ZipFile(xlam) as z:
        project = read_project(z.read("xl/vbaProject.bin"))
    parser = olevba.VBA_Parser(str(xlam))
    try:
        stored = [code for _f, stream, _n, code in parser.extract_macros() if stream == "VBA/CCHC"]
    finally:
        parser.close()
    assert stored and stored[0].encode(project.codepage) == source
    assert 'Public Const PROJECT_NAME As String = "cchc"' in macros["xlwings"]
    assert "RibbonMyAddin" not in macros


def test_project_is_source_only(xlam):
    with zipfile.ZipFile(xlam) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000100")
    dir_stream = olevba.decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    offsets = [struct.unpack_from("<I", dir_stream, m.end())[0]
               for m in re.finditer(rb"\x31\x00\x04\x00\x00\x00", dir_stream)]
    assert offsets and set(offsets) == {0}
    for name in ("CCHC", "xlwings", "Dictionary", "ThisWorkbook", "Sheet2"):
        assert ole.openstream(f"VBA/{name}").read()[:1] == b"\x01"   # a CompressedContainer at offset 0
    project_text = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Module=CCHC\r\n" in project_text and 'Name="CCHC"' in project_text


def test_vba_text_is_ascii_and_vietnamese_comes_from_escapes():
    text = (MACROS_DIR / "CCHC.bas").read_bytes().decode("ascii")
    literals = re.findall(r'U\("((?:[^"]|"")*)"\)', text)
    assert len(literals) >= 4
    decoded = [re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s) for s in literals]
    assert "Không tìm thấy chương trình cchc.exe tại:" in decoded
    assert all("\\u" not in d for d in decoded)


@pytest.mark.parametrize("size", [0, 1, 590, 600, 4096, 4097, 12_000, 46_000])
def test_compression_round_trips_through_oletools(size):
    vba = (MACROS_DIR / "CCHC.bas").read_bytes()
    data = (vba * (size // len(vba) + 1))[:size]
    assert olevba.decompress_stream(bytearray(ovba.compress(data))) == data


def test_incompressible_data_round_trips():
    data = bytes((i * 7919 + (i >> 3) * 104729) % 251 for i in range(9000))
    assert olevba.decompress_stream(bytearray(ovba.compress(data))) == data


def test_compound_file_reads_back_and_siblings_form_a_red_black_tree():
    streams = {f"VBA/m{i:02d}": bytes([i]) * (i * 300) for i in range(1, 20)}
    streams["PROJECT"] = b"x" * 5000
    data = cfb.write_cfb(streams)
    ole = olefile.OleFileIO(io.BytesIO(data))
    for path, content in streams.items():
        assert ole.openstream(path).read() == content
    entries = ole.direntries
    vba = next(e for e in entries if e and e.name == "VBA")

    def walk(sid: int) -> tuple[int, list[str]]:
        if sid == cfb.NOSTREAM:
            return 1, []
        e = entries[sid]
        left_h, left = walk(e.sid_left)
        right_h, right = walk(e.sid_right)
        assert left_h == right_h
        for child in (e.sid_left, e.sid_right):
            if e.color == cfb.RED and child != cfb.NOSTREAM:
                assert entries[child].color == cfb.BLACK
        return left_h + (e.color == cfb.BLACK), left + [e.name] + right

    _, names = walk(vba.sid_child)
    assert names == sorted(names, key=cfb._sort_key) and len(names) == 19


def test_conf_keys_are_documented():
    doc = (Path(__file__).parents[1] / "docs" / "addin.md").read_text(encoding="utf-8")
    for key, _default, _meaning in CONF_KEYS:
        assert f"`{key}`" in doc, key


@needs_libreoffice
def test_libreoffice_imports_the_modules(xlam, tmp_path):
    from workbook_templates import libreoffice

    xlsm = tmp_path / "cchc.xlsm"
    with zipfile.ZipFile(xlam) as zin, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(ADDIN_TYPE.encode(), b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            zout.writestr(name, data)
    [ods] = libreoffice.convert([xlsm], "ods", tmp_path / "ods")
    with zipfile.ZipFile(ods) as z:
        modules = {Path(n).stem: z.read(n).decode("utf-8") for n in z.namelist()
                   if n.startswith("Basic/CCHC/") and not n.endswith("script-lb.xml")}
    assert set(modules) == {"CCHC", "xlwings", "Dictionary", "ThisWorkbook", "Sheet2"}
    assert "Public Sub OnAction(control As IRibbonControl)" in modules["CCHC"]
    assert "Public Function RunFrozenPython" in modules["xlwings"]
