"""Cell formats shared by templates and summaries: Times New Roman, Vietnamese administrative style."""
from __future__ import annotations

import functools
import math
from typing import Any

import xlsxwriter

FONT = "Times New Roman"
INPUT_FILL = "#FFF2CC"      # light yellow-orange: cells the unit types in
MISSING_FILL = "#FFD966"    # darker yellow: a required cell still blank
BROKEN_FILL = "#F4B6B6"     # red: a consistency rule is broken
HEADER_FILL = "#DDEBF7"
AREA_FILL = "#EDEDED"
GOOD_FONT = "#006100"
BAD_FONT = "#9C0006"
FIXED_DATE_PROPS = {"author": "CCHC", "company": "", "comments": "Tạo bởi công cụ tổng hợp báo cáo CCHC"}


class Styles:
    """Lazily created, cached xlsxwriter formats keyed by their properties."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self.workbook = workbook
        self._cache: dict[tuple, Any] = {}
        self._asked: dict[tuple, Any] = {}

    def get(self, **props: Any):
        asked = tuple(props.items())                 # callers ask the same way each time: a quick key first
        found = self._asked.get(asked)
        if found is not None:
            return found
        props = {"font_name": FONT, "font_size": 12, "valign": "vcenter", **props}
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format(props)
        self._asked[asked] = self._cache[key]
        return self._cache[key]

    # Named formats used throughout.
    def title(self, size: int = 14):
        return self.get(bold=True, font_size=size, align="center", text_wrap=True)

    def header(self):
        return self.get(bold=True, bg_color=HEADER_FILL, border=1, align="center", text_wrap=True)

    def area(self):
        return self.get(bold=True, bg_color=AREA_FILL, border=1, text_wrap=True)

    def text(self, **extra: Any):
        return self.get(**{"border": 1, "text_wrap": True, **extra})

    def locked_value(self, **extra: Any):
        return self.get(border=1, bold=True, **extra)

    def input(self, num_format: str | None = None, **extra: Any):
        props: dict[str, Any] = {"border": 1, "bg_color": INPUT_FILL, "locked": False, **extra}
        if num_format:
            props["num_format"] = num_format
        return self.get(**props)

    def number(self, num_format: str = "#,##0.##", **extra: Any):
        return self.get(border=1, num_format=num_format, **extra)


@functools.lru_cache(maxsize=4096)
def _lines(text: str, chars_per_line: float) -> int:
    """Lines a wrapped text takes (long tables repeat the same indicator names thousands of times)."""
    return sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))


def row_height(cells: list[tuple[str, float]], line_height: float = 15.75, minimum: float = 18) -> float:
    """Row height (points) that shows wrapped texts in full: ``cells`` are (text, column width)."""
    lines = 1
    for text, width in cells:
        chars_per_line = max(1.0, width * 0.95)
        text = text if isinstance(text, str) else str(text)
        if len(text) <= chars_per_line and "\n" not in text:      # the common case: one line
            continue
        lines = max(lines, _lines(text, chars_per_line))
    return max(minimum, lines * line_height + 3)
