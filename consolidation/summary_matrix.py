"""The summary's "Đơn vị × chỉ tiêu" sheet: one row per indicator, one column per unit, printed in
A4 landscape blocks of units with the indicator columns repeated on every page."""
from __future__ import annotations

from workbook_templates.styles import BAD_FONT, BROKEN_FILL, Styles, row_height

from .engine import Consolidation
from .sheet_tables import FOOTER, title
from .summary_lists import STATUS_TEXT, fmt_value

NAME_WIDTH, UNIT_WIDTH, FIRST_UNIT = 40.0, 11.0, 2


def write_matrix(wb, st: Styles, result: Consolidation, sub: str) -> None:
    ws = wb.add_worksheet("Đơn vị × chỉ tiêu")
    numeric = [i for i in result.indicators if i.indicator.kind != "text"]
    units = result.units
    width = FIRST_UNIT + len(units) + 1
    title(ws, st, "SỐ LIỆU CỦA TỪNG ĐƠN VỊ THEO CHỈ TIÊU (ô đỏ: không đạt chỉ tiêu)", sub, min(width, 12),
          [NAME_WIDTH, 8.0] + [UNIT_WIDTH] * 10)
    ws.set_column(0, 0, NAME_WIDTH)
    ws.set_column(1, 1, 8)
    ws.set_column(FIRST_UNIT, width - 1, UNIT_WIDTH)
    small = dict(font_size=10)
    head = st.get(bold=True, bg_color="#DDEBF7", border=1, align="center", text_wrap=True, font_size=10)
    ws.write(3, 0, "Chỉ tiêu", head)
    ws.write(3, 1, "ĐVT", head)
    ws.write(4, 0, "Tình trạng báo cáo", st.text(bold=True, **small))
    ws.write_blank(4, 1, None, st.text())
    labels = [u.unit.name for u in units] + ["TỔNG HỢP (đơn vị hợp lệ)"]
    for c, (label, u) in enumerate(zip(labels, [*units, None]), start=FIRST_UNIT):
        ws.write(3, c, label, head)
        ws.write(4, c, STATUS_TEXT[u.status] if u else "", st.text(align="center", **small))
    ws.set_row(3, row_height([(label, UNIT_WIDTH * 0.9) for label in labels], line_height=13, minimum=30))
    red = st.number("#,##0.##", bg_color=BROKEN_FILL, font_color=BAD_FONT, **small)
    number = st.number("#,##0.##", **small)
    missed = {(u.unit.code, s.indicator) for u in units for s in u.shortfalls}
    total_missed = {s.indicator for s in result.total_shortfalls}
    blank, bold_total = st.text(), st.number("#,##0.##", bold=True, **small)
    unit_values = [u.report.values if u.report else {} for u in units]
    codes = {c: u.unit.code for c, u in enumerate(units, start=FIRST_UNIT)}
    name_fmt, unit_fmt = st.text(**small), st.text(align="center", font_size=9)
    last = FIRST_UNIT + len(units)
    for r, pi in enumerate(numeric, start=5):
        ws.set_row(r, row_height([(pi.indicator.name, NAME_WIDTH * 1.1), (pi.indicator.unit, 8.5)], line_height=13))
        yesno, code = pi.indicator.kind == "yesno", pi.code
        row: list = [pi.indicator.name, pi.indicator.unit]
        formats = {0: name_fmt, 1: unit_fmt}
        for c, values in enumerate(unit_values, start=FIRST_UNIT):
            value = values.get(code)
            if value is None:
                row.append(None)
                continue
            row.append(("Có" if value else "Không") if yesno else round(value, 2))
            if (codes[c], code) in missed:
                formats[c] = red
            elif yesno:
                formats[c] = number
        total = fmt_value(result.totals.get(code))
        row.append(total)
        if total is not None:
            formats[last] = red if code in total_missed else bold_total
        ws.put_row(r, row, blank, number, formats)
    ws.freeze_panes(5, FIRST_UNIT)
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_margins(left=0.4, right=0.3, top=0.6, bottom=0.6)
    ws.repeat_rows(3, 4)
    ws.repeat_columns(0, 1)
    ws.set_print_scale(90)
    ws.set_footer(FOOTER)
