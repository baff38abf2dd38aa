"""Assemble ``cchc.xlam`` from the xlwings ribbon add-in template and the text in ``macros/``.

The zip is edited entry by entry (openpyxl would drop the customUI relationship):
``customUI/customUI.xml`` and ``xl/vbaProject.bin`` are replaced, the configuration
sheet is renamed and refilled. Entries keep the template's order and get a fixed
timestamp, so the same sources give the same bytes.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import defusedxml.ElementTree as ET

from workbook_templates.fileio import atomic_path

from .vba_project import Module, read_project, write_project

XLWINGS_VERSION = "0.37.8"        # the template and the VBA module below come from this release
PROJECT_NAME = "cchc"
MACROS_DIR = Path(__file__).resolve().parents[2] / "macros"
MODULES = ("CCHC",)                # VBA modules taken from macros/<name>.bas
REMOVED_MODULES = ("RibbonMyAddin",)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CONF_SHEET = f"_{PROJECT_NAME}.conf"

# Keys of cchc.conf, shown in the add-in's (inactive) configuration sheet. docs/addin.md
# documents each; tests keep the two in step.
CONF_KEYS: tuple[tuple[str, str, str], ...] = (
    ("INTERPRETER_WIN", "", "Đường dẫn python.exe (có cài cchc-baocao và xlwings). Để trống: dùng cchc.exe."),
    ("INTERPRETER_MAC", "", "Đường dẫn python trên máy Mac."),
    ("PYTHONPATH", "", "Thư mục thêm vào đường dẫn tìm mô-đun Python."),
    ("FROZEN_EXE", "", r"Đường dẫn cchc.exe. Để trống: thư mục cchc cạnh tệp add-in (cchc\cchc.exe)."),
    ("SHOW CONSOLE", "False", "True: hiện cửa sổ dòng lệnh khi chạy (để tìm lỗi)."),
    ("PLAN", "", "Kế hoạch mặc định: tên kế hoạch có sẵn hoặc đường dẫn tệp kế hoạch .xlsx."),
)


def conf_file_text() -> str:
    """The ``cchc.conf`` shipped beside the add-in: only keys whose default is not empty.

    xlwings stops at the first file that has a key, even with an empty value, so an
    empty key here would hide the user's own ``%USERPROFILE%\\.cchc\\cchc.conf``.
    """
    return "".join(f'"{key}","{default}"\n' for key, default, _meaning in CONF_KEYS if default)


class BuildError(RuntimeError):
    """The template or the sources are not what this build expects."""


def xlwings_template() -> Path:
    import xlwings

    if xlwings.__version__ != XLWINGS_VERSION:
        raise BuildError(f"the build expects xlwings {XLWINGS_VERSION}, found {xlwings.__version__}")
    return Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"


def read_module_source(name: str, macros_dir: Path = MACROS_DIR) -> bytes:
    """A module's stored source: the .bas file's bytes (ANSI, CRLF), checked to be ASCII."""
    data = (macros_dir / f"{name}.bas").read_bytes()
    try:
        data.decode("ascii")
    except UnicodeDecodeError as exc:
        raise BuildError(f"{name}.bas must be ASCII (write Vietnamese as \\uXXXX escapes): {exc}") from exc
    if b"\n" in data.replace(b"\r\n", b""):
        raise BuildError(f"{name}.bas must use CRLF line endings")
    return data


def _patched_xlwings_module(source: bytes) -> bytes:
    old = b'Public Const PROJECT_NAME As String = "myaddin"'
    if source.count(old) != 1:
        raise BuildError("the xlwings VBA module no longer declares PROJECT_NAME as expected")
    return source.replace(old, f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"'.encode())


def build_vba_project(template_bin: bytes, macros_dir: Path = MACROS_DIR) -> bytes:
    project = read_project(template_bin)
    project.name = "CCHC"
    for name in REMOVED_MODULES:
        project.remove(name)
    xlwings_module = project.module("xlwings")
    xlwings_module.source = _patched_xlwings_module(xlwings_module.source)
    for name in MODULES:
        project.remove(name)
        project.modules.append(Module(name, read_module_source(name, macros_dir)))
    return write_project(project)


def _ribbon_xml(macros_dir: Path) -> bytes:
    data = (macros_dir / "customUI.xml").read_bytes()
    ET.fromstring(data)                         # well-formed, no entities
    return data


def _sheet_code_name(template_sheet: bytes) -> str:
    """The VBA document module bound to the template's sheet (it must stay bound)."""
    match = re.search(rb'<sheetPr[^>]*codeName="([^"]+)"', template_sheet)
    if not match:
        raise BuildError("the template's configuration sheet has no VBA code name")
    return match.group(1).decode()


def _conf_sheet(code_name: str) -> tuple[bytes, bytes]:
    """(worksheet XML, shared strings XML) of the configuration sheet."""
    rows = [("KEY", "VALUE", "Ý NGHĨA")] + list(CONF_KEYS)
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, start=1):
        refs = []
        for col, text in zip("ABC", row):
            if text == "":
                continue
            strings.append(text)
            refs.append(f'<c r="{col}{r}" t="s"><v>{len(strings) - 1}</v></c>')
        cells.append(f'<row r="{r}">{"".join(refs)}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetPr codeName="{code_name}"/>'
             '<cols><col min="1" max="1" width="20" customWidth="1"/><col min="2" max="2" width="30" customWidth="1"/>'
             '<col min="3" max="3" width="90" customWidth="1"/></cols>'
             f'<sheetData>{"".join(cells)}</sheetData></worksheet>')
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    return sheet.encode(), sst.encode()


def _workbook_xml(data: bytes) -> bytes:
    text = data.decode("utf-8")
    text = re.sub(r"<mc:AlternateContent.*?</mc:AlternateContent>", "", text)   # the template author's path
    if text.count('name="_myaddin.conf"') != 1:
        raise BuildError("the template's configuration sheet is not where this build expects it")
    return text.replace('name="_myaddin.conf"', f'name="{_CONF_SHEET}"').encode("utf-8")


def _core_xml() -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>CCHC – Tổng hợp báo cáo cải cách hành chính</dc:title><dc:creator>CCHC</dc:creator>'
            '</cp:coreProperties>').encode("utf-8")


def build_xlam(out: Path | str, template: Path | None = None, macros_dir: Path = MACROS_DIR) -> Path:
    """Write the add-in to ``out`` atomically and return its path."""
    template = template or xlwings_template()
    with zipfile.ZipFile(template) as zin:
        names = zin.namelist()
        parts = {name: zin.read(name) for name in names}
    required = {"customUI/customUI.xml", "xl/vbaProject.bin", "xl/workbook.xml",
                "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "docProps/core.xml"}
    if missing := required - set(names):
        raise BuildError(f"template lacks {sorted(missing)}")
    parts["customUI/customUI.xml"] = _ribbon_xml(macros_dir)
    parts["xl/vbaProject.bin"] = build_vba_project(parts["xl/vbaProject.bin"], macros_dir)
    parts["xl/workbook.xml"] = _workbook_xml(parts["xl/workbook.xml"])
    sheet, sst = _conf_sheet(_sheet_code_name(parts["xl/worksheets/sheet1.xml"]))
    parts["xl/worksheets/sheet1.xml"] = sheet
    parts["xl/sharedStrings.xml"] = sst
    parts["docProps/core.xml"] = _core_xml()
    out = Path(out)
    with atomic_path(out) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for name in names:
                info = zipfile.ZipInfo(name, _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zout.writestr(info, parts[name])
    return out
