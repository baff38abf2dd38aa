"""Read any report workbook (.xlsx, .xlsm, .xls, .ods) into the values of its named cells, read-only.

.xlsx/.xlsm: only the cells the defined names point at, straight from the sheet XML
(``consolidation.xlsx_named``). .ods: python-calamine, with names from the named expressions of
content.xml; .xls: xlrd. Input cells holding a formula without a cached value are flagged, not
read as empty.
"""
from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from defusedxml import ElementTree as ET

from workbook_templates.cellref import CellRef, parse_ref
from .preflight import Limits, Refused, check_xlsx_extent
from .xlsx_named import NeedsGrid, package_name_map, read_named_cells

ERROR_VALUES = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"}
_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#: How much of the ``_meta`` sheet is kept (it holds a few key/value rows).
_META_ROWS, _META_COLS = 10000, 8

log = logging.getLogger("cchc")
Key = tuple[str, int, int]


class UnreadableError(Exception):
    """The file cannot be opened as a spreadsheet."""


@dataclass
class RawWorkbook:
    """The named cells of a workbook, read-only: ``cells`` holds their values (blank cells absent)."""

    path: Path
    names: dict[str, CellRef]
    cells: dict[Key, Any]
    formula_no_value: set[Key] = field(default_factory=set)
    datemode: int = 0
    #: Named cells holding an error value (#DIV/0!, #N/A, …): calamine shows them as blanks.
    errors: dict[Key, str] = field(default_factory=dict)
    meta_rows: list[list[Any]] = field(default_factory=list)

    def ref(self, name: str) -> CellRef | None:
        return self.names.get(name)

    def value(self, name: str) -> Any:
        """Raw value of a named cell: None when blank or absent."""
        ref = self.names.get(name)
        if ref is None:
            return None
        value = self.cells.get((ref.sheet, ref.row, ref.col))
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
        rows = self.meta_rows
        return {str(r[0]): (r[1] if len(r) > 1 else None) for r in rows if r and r[0] not in ("", None)}


def from_grids(path: Path, names: dict[str, CellRef], sheets: dict[str, list[list[Any]]], datemode: int = 0) -> RawWorkbook:
    """A RawWorkbook from whole sheets (what calamine and xlrd give): only the named cells are kept."""
    cells: dict[Key, Any] = {}
    for ref in names.values():
        rows = sheets.get(ref.sheet, [])
        if ref.row < len(rows) and ref.col < len(rows[ref.row]):
            cells[ref.key] = rows[ref.row][ref.col]
    meta = [list(row[:_META_COLS]) for row in sheets.get("_meta", [])[:_META_ROWS]]
    return RawWorkbook(path, names, cells, datemode=datemode, meta_rows=meta)


def _ods_names(path: Path) -> dict[str, CellRef]:
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("content.xml"))
    names: dict[str, CellRef] = {}
    for nr in root.iter(f"{{{_NS_TABLE}}}named-range"):
        ref = parse_ref(nr.get(f"{{{_NS_TABLE}}}cell-range-address", ""))
        if ref:
            names[nr.get(f"{{{_NS_TABLE}}}name")] = ref
    return names


def _calamine_grids(path: Path, names: dict[str, CellRef]) -> dict[str, list[list[Any]]]:
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    wanted = {ref.sheet for ref in names.values()} | {"_meta"}
    sheets = {sheet: wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
              for sheet in wb.sheet_names if sheet in wanted}
    wb.close()
    return sheets


def _read_xlsx(path: Path, zf: zipfile.ZipFile | None) -> RawWorkbook:
    own = zf is None
    zf = zf or zipfile.ZipFile(path)
    try:
        cells = read_named_cells(zf)
    except NeedsGrid:
        # Cells without references can only be placed by a full reader, which sizes its grid by the
        # farthest cell: measure that first.
        check_xlsx_extent(zf, Limits.from_env())
        names = package_name_map(zf).names
        return from_grids(path, names, _calamine_grids(path, names))
    finally:
        if own:
            zf.close()
    return RawWorkbook(path, cells.names, cells.values, cells.uncached, cells.datemode, cells.errors, cells.meta_rows)


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
    return from_grids(path, names, sheets, book.datemode)


def read_workbook(path: Path | str, fmt: str | None = None, zf: zipfile.ZipFile | None = None) -> RawWorkbook:
    """Open a workbook read-only (``fmt`` from its content: xlsx, xls, ods; else by its name; ``zf``: the
    package already opened by the preflight); raise UnreadableError with the reason, or Refused when
    a sheet read whole reaches past the limits."""
    path = Path(path)
    fmt = fmt or {".xls": "xls", ".ods": "ods", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(path.suffix.lower())
    try:
        if fmt == "xls":
            return _read_xls(path)
        if fmt == "xlsx":
            return _read_xlsx(path, zf)
        if fmt == "ods":
            names = _ods_names(path)
            return from_grids(path, names, _calamine_grids(path, names))
        raise UnreadableError(f"định dạng '{path.suffix}' không được hỗ trợ")
    except (UnreadableError, Refused):
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
