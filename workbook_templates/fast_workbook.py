"""xlsxwriter workbooks that skip the future-function rewriting of classic formulas.

xlsxwriter rewrites every formula (and every conditional-format formula) with about thirty
regular expressions, then a hundred more, to prefix newer functions (``_xlfn.XLOOKUP``…). Our
templates use only classic functions, which need no prefix; a formula calling nothing else is
passed through as xlsxwriter itself would leave it. Anything else goes the usual way.
"""
from __future__ import annotations

import re

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

#: Functions every Excel version knows under their own name (no ``_xlfn.`` prefix).
CLASSIC = frozenset({"IF", "AND", "OR", "NOT", "ISBLANK", "ISNUMBER", "ISTEXT", "INT", "COUNT", "COUNTIF",
                     "COUNTBLANK", "SUM", "SUMPRODUCT", "ROWS", "DATE", "ABS", "ROUND", "MIN", "MAX", "LEN"})
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\(")


class FastWorksheet(Worksheet):
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


class FastWorkbook(xlsxwriter.Workbook):
    def add_worksheet(self, name=None, worksheet_class=None):
        return super().add_worksheet(name, worksheet_class or FastWorksheet)
