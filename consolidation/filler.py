"""Fill a report template through its defined names, as a unit would in Excel.

Used by the demo generator and the tests; values go exactly where the names point,
so this exercises the same contract the reader relies on.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Mapping

import openpyxl


def named_cells(wb: openpyxl.Workbook) -> dict[str, tuple[str, str]]:
    """Workbook-level defined name → (sheet, cell coordinate without $)."""
    found: dict[str, tuple[str, str]] = {}
    for name, defn in wb.defined_names.items():
        for sheet, coord in defn.destinations:
            found[name] = (sheet, coord.replace("$", ""))
    return found


def fill_workbook(src: Path | str, dst: Path | str, values: Mapping[str, Any]) -> Path:
    """Copy ``src`` to ``dst`` with ``values`` (defined name → value) written in.

    Raises KeyError naming any defined name the template does not have.
    """
    wb = openpyxl.load_workbook(src)
    cells = named_cells(wb)
    unknown = sorted(set(values) - set(cells))
    if unknown:
        raise KeyError(f"Biểu mẫu không có tên: {', '.join(unknown)}")
    for name, value in values.items():
        sheet, coord = cells[name]
        cell = wb[sheet][coord]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        cell.value = value
        if isinstance(value, dt.datetime):
            cell.number_format = "dd/mm/yyyy"
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    return dst
