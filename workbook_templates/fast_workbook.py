"""xlsxwriter workbooks that write the same bytes with less work.

xlsxwriter rewrites every formula (and every conditional-format formula) with about thirty
regular expressions, then a hundred more, to prefix newer functions (``_xlfn.XLOOKUP``…). Our
templates use only classic functions, which need no prefix; a formula calling nothing else is
passed through as xlsxwriter itself would leave it. Formatted number, string and blank cells
(most of a summary's hundred thousand cells) are written by one format string each instead of
escaping attributes that never need it. Anything else goes the usual way.
"""
from __future__ import annotations

import re
from collections import namedtuple

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple, Worksheet

#: Functions every Excel version knows under their own name (no ``_xlfn.`` prefix).
CLASSIC = frozenset({"IF", "AND", "OR", "NOT", "ISBLANK", "ISNUMBER", "ISTEXT", "INT", "COUNT", "COUNTIF",
                     "COUNTBLANK", "SUM", "SUMPRODUCT", "ROWS", "DATE", "ABS", "ROUND", "MIN", "MAX", "LEN"})
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\(")
_INF = float("inf")
_FAST_KINDS = (CellNumberTuple, CellStringTuple, CellBlankTuple)
#: Where a cell ``put_row`` made stands in xlsxwriter's table (its XML is in ``_made_rows``).
RawCell = namedtuple("Raw", "xml")
_MARKER = RawCell("")


class FastWorksheet(Worksheet):
    def __init__(self) -> None:
        super().__init__()
        self._letters: list[str] = []           # '<c r="A', '<c r="B', … by column
        self._styles: dict[int, int] = {}
        self._made_rows: dict[int, tuple[str | None, ...]] = {}

    def _prepare_formula(self, formula, expand_future_functions=False):
        stripped = formula
        if stripped.startswith("{"):
            stripped = stripped[1:]
        if stripped.startswith("="):
            stripped = stripped[1:]
        if stripped.endswith("}"):
            stripped = stripped[:-1]
        if all(name.upper() in CLASSIC for name in _CALL.findall(stripped)):
            return stripped
        return super()._prepare_formula(formula, expand_future_functions)

    def put_row(self, row: int, values: list, text_format, number_format, formats: dict[int, object] | None = None) -> None:
        """One table row from column A: blanks for None or "", numbers, the rest as text (never a
        formula or a link); ``formats`` overrides the format of some columns.

        Each cell's XML is made here, once: the format's style index is fixed now rather than when
        the file is closed, which only numbers the styles in another order. A cell written later
        with xlsxwriter's own methods takes the place of the one made here.
        Long texts, NaN and infinities take xlsxwriter's own way."""
        if not values or self.constant_memory or self._check_dimensions(row, 0) \
                or self._check_dimensions(row, len(values) - 1):
            self._put_row_slowly(row, values, text_format, number_format, formats)
            return
        strings, number = self.str_table, str(row + 1)
        letters = self._cell_starts(len(values))
        text_style, number_style = self._style(text_format), self._style(number_format)
        made: list[str | None] = []
        for col, value in enumerate(values):
            override = formats.get(col) if formats else None
            if value is None or value == "":
                style = self._style(override) if override else text_style
                made.append(f'{letters[col]}{number}" s="{style}"/>')
            elif value.__class__ in (int, float) and value == value and value not in (_INF, -_INF):
                style = self._style(override) if override else number_style
                made.append(f'{letters[col]}{number}" s="{style}"><v>{value:.16G}</v></c>')
            elif value.__class__ is str and len(value) < 16000:
                style = self._style(override) if override else text_style
                made.append(f'{letters[col]}{number}" s="{style}" t="s"><v>{strings._get_shared_string_index(value)}</v></c>')
            else:
                self._put_row_slowly(row, [None] * col + [value], text_format, number_format, formats, start=col)
                made.append(None)
        # The row's cells stay one tuple of strings (a cell object each would triple the memory of a
        # large summary); two markers tell xlsxwriter which columns the row spans.
        cells = self.table[row]
        for col in (0, len(values) - 1):
            if col not in cells:
                cells[col] = _MARKER
        self._made_rows[row] = tuple(made)

    def _cell_starts(self, count: int) -> list[str]:
        """'<c r="A', '<c r="B', … for the first ``count`` columns (made once per sheet)."""
        letters = self._letters
        while len(letters) < count:
            letters.append(f'<c r="{xl_col_to_name(len(letters))}')
        return letters

    def _style(self, fmt) -> int:
        """The style index of ``fmt``, fixed at its first use (see ``put_row``)."""
        style = self._styles.get(id(fmt))
        if style is None:
            style = self._styles[id(fmt)] = fmt._get_xf_index()
        return style

    def _put_row_slowly(self, row: int, values: list, text_format, number_format, formats, start: int = 0) -> None:
        for col, value in enumerate(values[start:], start=start):
            fmt = formats[col] if formats and col in formats else None
            if value is None or value == "":
                self._write_blank(row, col, None, fmt or text_format)
            elif value.__class__ in (int, float):
                self._write_number(row, col, value, fmt or number_format)
            else:
                self._write_string(row, col, value if value.__class__ is str else str(value), fmt or text_format)

    def _write_rows(self) -> None:
        """xlsxwriter's row loop, writing each row's formatted number, string and blank cells as one
        string (the column letters and style indexes looked up once); other cells go xlsxwriter's way."""
        self._calculate_spans()
        letters = self._cell_starts(self.dim_colmax + 1) if self.dim_colmax is not None else []
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = self.table[row_num]
            if not (row_num in self.row_info or row_num in self.comments or cells):
                continue
            span = self.row_spans.get(row_num // 16)
            if not cells:
                self._write_empty_row(row_num, span, self.row_info.get(row_num))
                continue
            self._write_row(row_num, span, self.row_info.get(row_num))
            number = str(row_num + 1)
            out: list[str] = []
            made = self._made_rows.get(row_num, ())
            columns = sorted({*cells, *(c for c, xml in enumerate(made) if xml is not None)}) if made else sorted(cells)
            for col_num in columns:
                cell = cells.get(col_num, _MARKER)
                kind = cell.__class__
                if kind is RawCell:                 # a cell put_row made (a marker), unless written over since
                    if col_num < len(made) and made[col_num] is not None:
                        out.append(made[col_num])
                    continue
                fmt = cell[-1]
                if fmt is None or kind not in _FAST_KINDS:
                    if out:
                        self.fh.write("".join(out))
                        out = []
                    self._write_cell(row_num, col_num, cell)
                    continue
                # The cell reference and the style index are letters, digits and an integer: nothing to escape.
                start, style = letters[col_num], self._style(fmt)
                if kind is CellNumberTuple:
                    out.append(f'{start}{number}" s="{style}"><v>{cell.number:.16G}</v></c>')
                elif kind is CellStringTuple:
                    out.append(f'{start}{number}" s="{style}" t="s"><v>{cell.string}</v></c>')
                else:
                    out.append(f'{start}{number}" s="{style}"/>')
            if out:
                self.fh.write("".join(out))
            self._xml_end_tag("row")


class FastWorkbook(xlsxwriter.Workbook):
    def add_worksheet(self, name=None, worksheet_class=None):
        return super().add_worksheet(name, worksheet_class or FastWorksheet)
