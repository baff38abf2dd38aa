"""Printable tables of the summary's listing sheets: A4 landscape, one page wide, wrapped rows tall enough."""
from __future__ import annotations

from typing import Any

from workbook_templates.styles import Styles, row_height

FOOTER = "&C&\"Times New Roman\"&10Trang &P/&N"


def title(ws, st: Styles, text: str, sub: str, width: int, widths: list[float] | None = None) -> None:
    """The sheet's title and subtitle, merged across ``width`` columns, rows high enough for their text."""
    ws.merge_range(0, 0, 0, width - 1, text, st.title(14))
    ws.merge_range(1, 0, 1, width - 1, sub, st.get(italic=True, align="center", text_wrap=True))
    span = sum(widths) if widths else 12.0 * width
    ws.set_row(0, row_height([(text, span / 1.4)], line_height=20, minimum=22))
    ws.set_row(1, row_height([(sub, span)]))


def table(ws, st: Styles, row: int, headers: list[str], rows: list[list[Any]], widths: list[float],
          number_format: str = "#,##0.##", filters: bool = True, code_cols: tuple[int, ...] = ()) -> int:
    """Write a header row and data rows from ``row`` of a FastWorksheet; returns the last row written.

    ``code_cols`` hold codes for support staff: small grey type, never wrapped mid-code."""
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.write_row(row, 0, headers, st.header())
    ws.set_row(row, row_height(list(zip(headers, widths)), minimum=30))
    text, number = st.text(), st.number(number_format)
    code = st.text(font_size=8, font_color="#595959", text_wrap=False)
    for r, values in enumerate(rows, start=row + 1):
        ws.put_row(r, [str(v) if isinstance(v, bool) else v for v in values], text, number,
                   {c: code for c in code_cols if values[c] not in (None, "")})
        ws.set_row(r, row_height([(v, w) for c, (v, w) in enumerate(zip(values, widths))
                                  if isinstance(v, str) and c not in code_cols]))
    last = row + max(len(rows), 1)
    if filters:
        ws.autofilter(row, 0, last, len(headers) - 1)
    return last


def page(ws, header_row: int, landscape: bool = True) -> None:
    """A4, one page wide, the header row repeated on every page, page numbers in the footer."""
    ws.freeze_panes(header_row + 1, 0)
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row, header_row)
    ws.set_footer(FOOTER)
