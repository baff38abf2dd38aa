"""The plan workbook's sheets as rows, read with python-calamine, and the problems found in them
(sheet, cell, Vietnamese message) collected for one PlanError (``plan_reader``)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Iterator

import python_calamine

from .cellref import get_column_letter
from .plan_model.catalog import Catalog
from .plan_workbook import COLUMNS, INFO_KEYS, INFO_SHEET, REQUIRED_COLUMNS, PlanProblem


def _plain(value: Any) -> Any:
    """A cell as openpyxl shows it: None when empty, a whole number as int."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


class SheetRows:
    """The plan workbook's sheets as rows of values (python-calamine: no styles, no formulas)."""

    def __init__(self, path: Path):
        self._wb = python_calamine.CalamineWorkbook.from_path(str(path))
        self.sheetnames = list(self._wb.sheet_names)

    def rows(self, sheet: str) -> Iterator[tuple[Any, ...]]:
        for row in self._wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False):
            yield tuple(_plain(v) for v in row)

    def close(self) -> None:
        self._wb.close()


class PlanSheets:
    """Collects problems while turning sheet rows into plan objects."""

    def __init__(self, path: Path, catalog: Catalog):
        self.path = path
        self.catalog = catalog
        self.problems: list[PlanProblem] = []
        self.wb = SheetRows(path)

    def problem(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(PlanProblem(sheet, cell, message))

    def rows(self, sheet: str, optional: bool = False, extra: dict[str, str] | None = None
             ) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
        """Yield (row number, values by key, cell address by key) of a table sheet."""
        if sheet not in self.wb.sheetnames:
            if not optional:
                self.problem(sheet, "", "thiếu sheet này")
            return
        iterator = self.wb.rows(sheet)
        header = next(iterator, None) or ()
        by_text = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
        columns = {**COLUMNS[sheet], **(extra or {})}
        cols = {key: by_text.get(text) for key, text in columns.items()}
        for key in REQUIRED_COLUMNS[sheet]:
            if cols[key] is None:
                self.problem(sheet, "1", f"thiếu cột '{COLUMNS[sheet][key]}'")
        if any(cols[k] is None for k in REQUIRED_COLUMNS[sheet]):
            return
        for r, values in enumerate(iterator, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            row = {k: (values[i] if i is not None and i < len(values) else None) for k, i in cols.items()}
            row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
            cells = {k: f"{get_column_letter(i + 1)}{r}" for k, i in cols.items() if i is not None}
            yield r, row, cells

    def info(self) -> dict[str, Any]:
        if INFO_SHEET not in self.wb.sheetnames:
            self.problem(INFO_SHEET, "", "thiếu sheet này")
            return {}
        by_label = {label: key for key, label in INFO_KEYS.items()}
        found: dict[str, Any] = {}
        cells: dict[str, str] = {}
        for r, values in enumerate(self.wb.rows(INFO_SHEET), start=1):
            if values and isinstance(values[0], str) and values[0].strip() in by_label:
                key = by_label[values[0].strip()]
                found[key] = values[1] if len(values) > 1 else None
                cells[key] = f"B{r}"
        for key in ("name", "title", "year", "owner_code", "owner_name", "owner_level"):
            if found.get(key) in (None, ""):
                self.problem(INFO_SHEET, cells.get(key, ""), f"thiếu '{INFO_KEYS[key]}'")
        for key in ("year", "end_year"):
            if key == "end_year" and found.get(key) in (None, ""):
                found[key] = None
                continue
            try:
                found[key] = int(found.get(key))
            except (TypeError, ValueError):
                self.problem(INFO_SHEET, cells.get(key, ""), f"năm '{found.get(key)}' không hợp lệ")
                found[key] = None
        if found.get("end_year") and isinstance(found.get("year"), int) and found["end_year"] < found["year"]:
            self.problem(INFO_SHEET, cells.get("end_year", ""), "năm kết thúc sớm hơn năm bắt đầu")
        return found

    def date(self, value: Any, sheet: str, cell: str, label: str) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
            if match:
                return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        self.problem(sheet, cell, f"{label} '{value}' không phải ngày (dd/mm/yyyy)")
        return None
