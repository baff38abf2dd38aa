"""Read any report workbook (.xlsx, .xlsm, .xls, .ods) into named values, read-only.

Values come from python-calamine (xlrd for .xls). Calamine 0.9 does not expose defined
names, so names are resolved from the workbook part (.xlsx/.xlsm), xlrd's name map (.xls)
or the named expressions of content.xml (.ods). Input cells holding a formula without a
cached value are flagged, not read as empty.
"""
from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine
from defusedxml import ElementTree as ET

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
ERROR_VALUES = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"}
_NS_TRANSITIONAL_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_TRANSITIONAL_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_NS_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_CELL_XML = re.compile(rb'<(?:\w+:)?c\b([^>]*?)\br="([A-Z]{1,3}\d{1,7})"([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_V_XML = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_F_XML = re.compile(rb"<(?:\w+:)?f[\s/>]")
_ERROR_TYPE = re.compile(rb'\bt="e"')
_REF = re.compile(r"^=?\$?'?(?P<sheet>(?:[^'!]|'')+?)'?[!.]\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)(?::.*)?$")


log = logging.getLogger("cchc")


def column_index_from_string(letters: str) -> int:
    """'A' → 1, 'XFD' → 16384 (kept here so the reading process need not import openpyxl and numpy)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def get_column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class UnreadableError(Exception):
    """The file cannot be opened as a spreadsheet."""


@dataclass(frozen=True)
class CellRef:
    sheet: str
    row: int  # zero-based
    col: int

    @property
    def address(self) -> str:
        return f"{get_column_letter(self.col + 1)}{self.row + 1}"


@dataclass
class RawWorkbook:
    path: Path
    names: dict[str, CellRef]
    sheets: dict[str, list[list[Any]]]
    formula_no_value: set[tuple[str, int, int]] = field(default_factory=set)
    datemode: int = 0
    #: Named cells holding an error value (#DIV/0!, #N/A, …): calamine shows them as blanks.
    errors: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def ref(self, name: str) -> CellRef | None:
        return self.names.get(name)

    def value(self, name: str) -> Any:
        """Raw value of a named cell: None when blank or absent."""
        ref = self.names.get(name)
        if ref is None:
            return None
        rows = self.sheets.get(ref.sheet, [])
        if ref.row >= len(rows) or ref.col >= len(rows[ref.row]):
            return None
        value = rows[ref.row][ref.col]
        return None if value == "" else value

    def error_value(self, name: str) -> str | None:
        ref = self.names.get(name)
        if ref is not None and (ref.sheet, ref.row, ref.col) in self.errors:
            return self.errors[(ref.sheet, ref.row, ref.col)]
        value = self.value(name)
        return value if isinstance(value, str) and value.strip() in ERROR_VALUES else None

    def has_uncached_formula(self, name: str) -> bool:
        ref = self.names.get(name)
        return ref is not None and (ref.sheet, ref.row, ref.col) in self.formula_no_value

    def meta(self) -> dict[str, Any]:
        rows = self.sheets.get("_meta", [])
        return {str(r[0]): (r[1] if len(r) > 1 else None) for r in rows if r and r[0] not in ("", None)}


def _parse_ref(text: str) -> CellRef | None:
    match = _REF.match(text.strip())
    if not match:
        return None
    sheet = match.group("sheet").replace("''", "'")
    return CellRef(sheet, int(match.group("row")) - 1, column_index_from_string(match.group("col")) - 1)


@dataclass
class _XlsxParts:
    names: dict[str, CellRef]
    uncached: set[tuple[str, int, int]]
    errors: dict[tuple[str, int, int], str]
    datemode: int


def _xlsx_names_and_formulas(path: Path) -> _XlsxParts:
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("xl/workbook.xml"))
        # Strict Open XML (ISO 29500 strict) names the same parts under other namespaces.
        strict = root.tag.startswith(f"{{{_NS_STRICT_MAIN}}}")
        ns_main = _NS_STRICT_MAIN if strict else _NS_TRANSITIONAL_MAIN
        ns_rel = _NS_STRICT_REL if strict else _NS_TRANSITIONAL_REL
        pr = root.find(f"{{{ns_main}}}workbookPr")
        datemode = 1 if pr is not None and pr.get("date1904") in ("1", "true") else 0
        names: dict[str, CellRef] = {}
        for dn in root.iter(f"{{{ns_main}}}definedName"):
            if dn.get("localSheetId") is not None or not dn.text:
                continue
            ref = _parse_ref(dn.text)
            if ref:
                names[dn.get("name")] = ref
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{_NS_PKG_REL}}}Relationship")}
        sheet_files = {}
        for sheet in root.iter(f"{{{ns_main}}}sheet"):
            target = targets.get(sheet.get(f"{{{ns_rel}}}id"), "")
            target = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            sheet_files[sheet.get("name")] = target
        wanted: dict[str, set[str]] = {}
        for ref in names.values():
            wanted.setdefault(ref.sheet, set()).add(ref.address)
        uncached: set[tuple[str, int, int]] = set()
        errors: dict[tuple[str, int, int], str] = {}
        for sheet, cells in wanted.items():
            member = sheet_files.get(sheet)
            if not member or member not in zf.namelist():
                continue
            # Only the named cells matter: a regex over the part is ~10x faster than building a tree.
            for match in _CELL_XML.finditer(zf.read(member)):
                address = match.group(2).decode("ascii")
                if address not in cells:
                    continue
                attributes, body = match.group(1) + match.group(3), match.group(4) or b""
                value = _V_XML.search(body)
                ref = _parse_ref(f"'{sheet}'!{address}")
                if _ERROR_TYPE.search(attributes):
                    errors[(sheet, ref.row, ref.col)] = value.group(1).decode("utf-8", "replace") if value and value.group(1) else "#ERR"
                elif _F_XML.search(body) and (value is None or not value.group(1)):
                    uncached.add((sheet, ref.row, ref.col))
    return _XlsxParts(names, uncached, errors, datemode)


def _ods_names(path: Path) -> dict[str, CellRef]:
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("content.xml"))
    names: dict[str, CellRef] = {}
    for nr in root.iter(f"{{{_NS_TABLE}}}named-range"):
        ref = _parse_ref(nr.get(f"{{{_NS_TABLE}}}cell-range-address", ""))
        if ref:
            names[nr.get(f"{{{_NS_TABLE}}}name")] = ref
    return names


def _read_xls(path: Path) -> RawWorkbook:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=False)
    names: dict[str, CellRef] = {}
    for (name, scope), nobj in book.name_and_scope_map.items():
        if scope != -1:
            continue
        try:
            sheet, rlo, _, clo, _ = nobj.area2d()
        except Exception:  # noqa: BLE001 - names that are not single areas are not ours
            continue
        names[nobj.name] = CellRef(sheet.name, rlo, clo)
    sheets: dict[str, list[list[Any]]] = {}
    for sh in book.sheets():
        rows = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append("")
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append(xlrd.error_text_from_code.get(cell.value, "#ERR"))
                else:
                    row.append(cell.value)
            rows.append(row)
        sheets[sh.name] = rows
    return RawWorkbook(path, names, sheets, datemode=book.datemode)


def read_workbook(path: Path | str, fmt: str | None = None) -> RawWorkbook:
    """Open a workbook read-only (``fmt`` from its content: xlsx, xls, ods; else by its name);
    raise UnreadableError with the reason."""
    path = Path(path)
    fmt = fmt or {".xls": "xls", ".ods": "ods", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(path.suffix.lower())
    try:
        if fmt == "xls":
            return _read_xls(path)
        if fmt == "xlsx":
            parts = _xlsx_names_and_formulas(path)
        elif fmt == "ods":
            parts = _XlsxParts(_ods_names(path), set(), {}, 0)
        else:
            raise UnreadableError(f"định dạng '{path.suffix}' không được hỗ trợ")
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        names = parts.names
        wanted = {ref.sheet for ref in names.values()} | {"_meta"}
        sheets = {}
        for sheet in wb.sheet_names:
            if sheet in wanted:
                sheets[sheet] = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        wb.close()
        return RawWorkbook(path, names, sheets, parts.uncached, parts.datemode, parts.errors)
    except UnreadableError:
        raise
    except Exception as exc:  # every library raises its own types for damaged files
        log.info("cannot read %s: %s: %s", path, type(exc).__name__, exc)
        raise UnreadableError("tệp bị hỏng hoặc không đúng cấu trúc bảng tính") from exc


def xlsb_unit(path: Path, plan) -> str | None:
    """The unit code written on a binary workbook's first sheet, when one of the plan's codes is there."""
    codes = {u.code for u in plan.units}
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names[:2]:
            for row in wb.get_sheet_by_name(name).to_python()[:40]:
                for cell in row[:10]:
                    if isinstance(cell, str) and cell.strip() in codes:
                        return cell.strip()
    except Exception:  # noqa: BLE001 - naming the unit is a courtesy
        return None
    return None
