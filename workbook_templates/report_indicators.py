"""The report's indicator sheet ("Chỉ tiêu"): areas, indicators, targets, results, verdicts, the
"Tự kiểm tra" column of every input, the units' free text, and the consistency checks."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from . import names, report_cache as cache
from .plan_model import expr
from .styles import BAD_FONT, BROKEN_FILL, GOOD_FONT, MISSING_FILL, row_height

if TYPE_CHECKING:
    from .report_writer import ReportWriter

INDICATORS = "Chỉ tiêu"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
KIND_FORMAT = {"count": "#,##0", "percent": "0.00", "ratio": "0.00", "score": "0.00", "yesno": "@", "text": "@"}
WIDTHS = [5, 20, 52, 10, 16, 15, 13, 17, 28]
RESULT, VERDICT, CHECK = 5, 6, 7


def write_indicators(w: "ReportWriter") -> None:
    lay, st, wb = w.layout, w.st, w.wb
    ws = wb.add_worksheet(INDICATORS)
    last_col = len(WIDTHS) - 1
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.set_column(1, 1, WIDTHS[1], st.get(font_size=9, font_color="#7F7F7F"))
    ws.merge_range(0, 0, 0, last_col, "BIỂU SỐ LIỆU KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH", st.title(14))
    ws.merge_range(1, 0, 1, last_col, f"Đơn vị: {lay.unit.name} — Kỳ báo cáo: {lay.period.label}", st.title(12))
    ws.merge_range(2, 0, 2, last_col, "Nhập số liệu vào các ô màu vàng nhạt ở cột \"Kết quả thực hiện\". Tỷ lệ (%) được "
                   "tính tự động. Cột \"Tự kiểm tra\" báo ngay ô nhập sai.", st.get(italic=True, align="center", text_wrap=True))
    ws.set_row(2, 20)
    heads = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Chỉ tiêu kế hoạch", "Kết quả thực hiện", "Đánh giá",
             "Tự kiểm tra", "Căn cứ, ghi chú"]
    ws.write_row(3, 0, heads, st.header())
    ws.set_row(3, 32)
    ws.freeze_panes(4, 0)
    values = w.values.indicators if w.values else {}
    summary = w.kind == "summary"
    bad_input = wb.add_format({"bg_color": BROKEN_FILL})
    missing_fmt = wb.add_format({"bg_color": MISSING_FILL})
    row = 4
    cell_of: dict[str, str] = {}
    ratio_rows: list[tuple[int, Any]] = []
    checked_rows: list[int] = []
    required_cells: list[str] = []
    main = lay.main_indicators
    for area in sorted({i.indicator.area for i in main}):
        ws.merge_range(row, 0, row, last_col, f"{ROMAN[area - 1]}. {lay.plan.areas.get(area, '').upper()}", st.area())
        ws.set_row(row, row_height([(lay.plan.areas.get(area, ""), sum(WIDTHS) * 0.9)]))
        row += 1
        group, number = None, 0
        for pi in [i for i in main if i.indicator.area == area]:
            ind = pi.indicator
            if ind.group and ind.group != group:
                group = ind.group
                ws.merge_range(row, 0, row, last_col, group, st.text(italic=True, bold=True))
                row += 1
            number += 1
            target = w.target(pi)
            name = ind.name + ("" if pi.required or not ind.is_input else " (nếu có)")
            target_text = w.target_text(pi, target)
            ws.write_number(row, 0, number, st.text(align="center"))
            ws.write_string(row, 1, ind.code, st.text(font_size=9, font_color="#7F7F7F"))
            ws.write_string(row, 2, name, st.text(indent=1 if ind.name.startswith("Trong") else 0))
            ws.write_string(row, 3, ind.unit, st.text(align="center"))
            ws.write_string(row, 4, target_text, st.text(align="center"))
            ws.write_string(row, 8, pi.basis, st.text(font_size=10))
            verdict_text = w.values.verdicts.get(pi.code, "") if (w.values and summary) else ""
            ws.set_row(row, row_height([(name, WIDTHS[2]), (ind.unit, WIDTHS[3]), (pi.basis, WIDTHS[8] * 1.2),
                                        (target_text, WIDTHS[4]), (verdict_text, WIDTHS[6])]))
            cell = xl_rowcol_to_cell(row, RESULT)
            if ind.is_input:
                value = values.get(ind.code)
                if summary and ind.kind == "yesno":
                    w.prefill(ws, row, RESULT, value, st.input("#,##0"))   # a summary counts the units answering Có
                    ws.write_blank(row, CHECK, None, st.text())
                else:
                    w.prefill(ws, row, RESULT, value, st.input(KIND_FORMAT[ind.kind]))
                    ws.data_validation(row, RESULT, row, RESULT, w.validation(pi))
                    _check_cell(w, ws, row, pi, cell, value, pi.required and not summary)
                    checked_rows.append(row)
                w.define(pi.defined_name, INDICATORS, row, RESULT)
                cell_of[ind.code] = pi.defined_name
                if pi.required and not summary:
                    required_cells.append(cell)
            else:
                ratio_rows.append((row, pi))
                ws.write_blank(row, CHECK, None, st.text())
            if ind.is_input:
                w.assessment(ws, row, VERDICT, pi, cell, values.get(ind.code))
            row += 1
    w.check_ranges.append(f"'{INDICATORS}'!${xl_col_to_name(CHECK)}$5:${xl_col_to_name(CHECK)}${max(row, 5)}")
    # One conditional format per kind over every cell it concerns (one per cell made big, slow files).
    if required_cells:
        ws.conditional_format(required_cells[0], {"type": "blanks", "format": missing_fmt,
                                                  "multi_range": " ".join(required_cells)})
    if checked_rows:
        first = checked_rows[0]
        targets = " ".join(xl_rowcol_to_cell(r, RESULT) for r in checked_rows)
        check = f"${xl_col_to_name(CHECK)}{first + 1}"
        ws.conditional_format(xl_rowcol_to_cell(first, RESULT), {
            "type": "formula", "format": bad_input, "multi_range": targets,
            "criteria": f'=AND({check}<>"",{check}<>"{cache.BLANK}")'})
    computed = dict(values)
    for r, pi in ratio_rows:
        cached = cache.ratio(pi, values)
        computed[pi.code] = cached if cached != "" else None
        ws.write_formula(r, RESULT, _ratio_formula(pi, cell_of), st.number("0.00", bg_color="#F2F2F2"), cached)
        w.assessment(ws, r, VERDICT, pi, xl_rowcol_to_cell(r, RESULT), computed.get(pi.code))
    row = _free_text(w, ws, row, values)
    _rules(w, ws, row, values)
    good = wb.add_format({"font_color": GOOD_FONT, "bold": True})
    bad = wb.add_format({"font_color": BAD_FONT, "bold": True})
    ws.conditional_format(4, VERDICT, row, VERDICT, {"type": "cell", "criteria": "==", "value": '"Không đạt"', "format": bad})
    ws.conditional_format(4, VERDICT, row, VERDICT, {"type": "cell", "criteria": "==", "value": '"Đạt"', "format": good})
    w.page(ws, landscape=True, repeat=(3, 3))
    w.protect_sheet(ws)


def _check_cell(w: "ReportWriter", ws, row: int, pi, cell: str, value: Any, required: bool) -> None:
    formula = cache.input_check_formula(pi, cell, required)
    if formula is None:
        ws.write_blank(row, CHECK, None, w.st.text())
        return
    ws.write_formula(row, CHECK, formula, w.st.text(align="center", font_size=10, font_color=BAD_FONT),
                     cache.input_check(pi, value, required))


def _free_text(w: "ReportWriter", ws, row: int, values) -> int:
    """The units' difficulties and proposals: one merged input per text indicator, shown as typed."""
    lay, st = w.layout, w.st
    text_rows = lay.text_indicators
    if not text_rows:
        return row
    row += 1
    ws.merge_range(row, 0, row, len(WIDTHS) - 1,
                   f"{ROMAN[len(lay.plan.areas)]}. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", st.area())
    row += 1
    for pi in text_rows:
        text = values.get(pi.code)
        fmt = st.input(text_wrap=True, valign="top")
        ws.write_string(row, 0, "", st.text())
        ws.write_string(row, 1, pi.code, st.text(font_size=9, font_color="#7F7F7F"))
        ws.merge_range(row, 2, row, len(WIDTHS) - 1, "", fmt)
        if text not in (None, ""):
            ws.write_string(row, 2, str(text), fmt)     # always text: a typed "=…" is never a formula
        ws.data_validation(row, 2, row, 2, w.validation(pi))
        ws.set_row(row, max(90, row_height([(str(text or ""), sum(WIDTHS[2:]))])))
        w.define(pi.defined_name, INDICATORS, row, 2)
        row += 1
    return row


def _rules(w: "ReportWriter", ws, row: int, values) -> None:
    """Consistency checks, evaluated while the unit types; broken ones colour their inputs red."""
    lay, st, wb = w.layout, w.st, w.wb
    if not lay.rules:
        return
    row += 1
    last_col = len(WIDTHS) - 1
    ws.merge_range(row, 0, row, last_col, "KIỂM TRA TÍNH THỐNG NHẤT CỦA SỐ LIỆU (tự động)", st.area())
    row += 1
    first = row
    broken = wb.add_format({"bg_color": BROKEN_FILL})
    for n, rule in enumerate(lay.rules, start=1):
        refs = [names.indicator_name(c) for c in rule.codes]
        body = expr.to_excel(rule.tree, names.indicator_name)
        formula = f'=IF(COUNT({",".join(refs)})<{len(refs)},"",IF({body},"{cache.RULE_OK}","{cache.RULE_BROKEN}"))'
        ws.write_number(row, 0, n, st.text(align="center"))
        ws.write_string(row, 1, rule.id, st.text(font_size=9, font_color="#7F7F7F"))
        ws.merge_range(row, 2, row, 4, rule.message, st.text())
        ws.set_row(row, row_height([(rule.message, sum(WIDTHS[2:5])), (rule.expr, sum(WIDTHS[6:]) * 1.3)]))
        ws.write_formula(row, RESULT, formula, st.text(align="center", bold=True), cache.rule_status(rule, values))
        ws.merge_range(row, 6, row, last_col, rule.expr, st.text(font_size=9, font_color="#7F7F7F"))
        status = xl_rowcol_to_cell(row, RESULT, row_abs=True, col_abs=True)
        for code in rule.codes:
            _, r, c = w.written.cells[names.indicator_name(code)]
            ws.conditional_format(r, c, r, c, {"type": "formula", "criteria": f'={status}="{cache.RULE_BROKEN}"', "format": broken})
        row += 1
    w.rule_range = f"'{INDICATORS}'!{xl_rowcol_to_cell(first, RESULT, True, True)}:{xl_rowcol_to_cell(row - 1, RESULT, True, True)}"
    w.rule_results = [cache.rule_status(rule, values) for rule in lay.rules]
    bad = wb.add_format({"font_color": BAD_FONT, "bold": True})
    good = wb.add_format({"font_color": GOOD_FONT, "bold": True})
    ws.conditional_format(first, RESULT, row - 1, RESULT, {"type": "cell", "criteria": "==", "value": f'"{cache.RULE_BROKEN}"', "format": bad})
    ws.conditional_format(first, RESULT, row - 1, RESULT, {"type": "cell", "criteria": "==", "value": f'"{cache.RULE_OK}"', "format": good})


def _ratio_formula(pi, cell_of) -> str:
    """``scale`` × numerator / denominator, blank until every part is a number and the denominator > 0."""
    from .plan_model.catalog import parse_cached
    ind = pi.indicator
    num = expr.to_excel(parse_cached(ind.numerator or ""), cell_of.__getitem__)
    den = expr.to_excel(parse_cached(ind.denominator or ""), cell_of.__getitem__)
    parts = ",".join(cell_of[c] for c in ind.ratio_codes)
    return f'=IF(AND(COUNT({parts})={len(ind.ratio_codes)},{den}>0),{format(ind.scale, "g")}*{num}/{den},"")'
