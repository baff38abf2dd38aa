"""The report's task sheet ("Nhiệm vụ"), PAR self-assessment ("Tự đánh giá PAR") and help sheet."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell

from . import names, report_cache as cache
from .styles import BAD_FONT, BROKEN_FILL, MISSING_FILL, row_height

if TYPE_CHECKING:
    from .report_writer import ReportWriter

TASKS, PAR, HELP = "Nhiệm vụ", "Tự đánh giá PAR", "Hướng dẫn"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
DATE_FMT = "dd/mm/yyyy"
TASK_WIDTHS = [5, 7, 50, 26, 16, 12, 16, 13, 28, 22]


def write_tasks(w: "ReportWriter") -> None:
    lay, st, wb = w.layout, w.st, w.wb
    ws = wb.add_worksheet(TASKS)
    for c, width in enumerate(TASK_WIDTHS):
        ws.set_column(c, c, width)
    ws.merge_range(0, 0, 0, 9, "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO CHỦ TRÌ TRONG KẾ HOẠCH CCHC", st.title(14))
    ws.merge_range(1, 0, 1, 9, f"Đơn vị: {lay.unit.name} — Kỳ báo cáo: {lay.period.label}", st.title(12))
    heads = ["STT", "Mã NV", "Nội dung nhiệm vụ", "Sản phẩm dự kiến", "Thời gian thực hiện", "Hạn hoàn thành",
             "Tình trạng", "Ngày hoàn thành", "Kết quả, sản phẩm đã có", "Ghi chú"]
    ws.write_row(2, 0, heads, st.header())
    ws.set_row(2, 32)
    ws.freeze_panes(3, 0)
    task_values = w.values.tasks if w.values else {}
    entry = lay.plan.calendar_entry(lay.period)
    if not lay.tasks:
        ws.merge_range(3, 0, 3, 9, "Đơn vị không được giao chủ trì nhiệm vụ nào trong Kế hoạch.", st.text(italic=True, align="center"))
    overdue_fmt = wb.add_format({"bg_color": BROKEN_FILL})
    missing_fmt = wb.add_format({"bg_color": MISSING_FILL})
    report_date = names.HEADER_NAMES["report_date"]
    for n, task in enumerate(lay.tasks, start=1):
        r = 2 + n
        tv = task_values.get(task.id, {})
        dues = task.due_dates_for(lay.period.year)
        due_text = task.due_text(lay.period.year)
        ws.write_number(r, 0, n, st.text(align="center"))
        ws.write_string(r, 1, task.id, st.text(align="center"))
        ws.write_string(r, 2, task.content, st.text())
        ws.write_string(r, 3, task.output, st.text(font_size=11))
        ws.write_string(r, 4, task.timing, st.text(font_size=11))
        ws.write_string(r, 5, due_text, st.text(align="center", font_size=11))
        ws.set_row(r, row_height([(task.content, TASK_WIDTHS[2]), (task.output, TASK_WIDTHS[3] * 1.1),
                                  (task.timing, TASK_WIDTHS[4] * 1.1), (due_text, TASK_WIDTHS[5] * 1.1),
                                  (str(tv.get("output") or ""), TASK_WIDTHS[8]), (str(tv.get("note") or ""), TASK_WIDTHS[9])]))
        w.prefill(ws, r, 6, tv.get("status"), st.input(text_wrap=True))
        ws.data_validation(r, 6, r, 6, {
            "validate": "list", "source": list(names.TASK_STATUSES),
            "input_title": "Tình trạng nhiệm vụ", "input_message": "Chọn: Hoàn thành / Đang thực hiện / Chưa thực hiện.",
            "error_title": "Tình trạng không hợp lệ", "error_message": "Chỉ chọn một trong ba giá trị của danh sách."})
        if dues:
            # Overdue: not done and due before the report's date (the cut-off while it is blank).
            first, on = min(dues), entry.cutoff if entry else lay.period.end
            ws.conditional_format(r, 6, r, 6, {"type": "formula", "format": overdue_fmt, "criteria":
                f'=AND($G${r + 1}<>"",$G${r + 1}<>"{names.TASK_STATUSES[0]}",DATE({first.year},{first.month},{first.day})'
                f'<IF(ISNUMBER({report_date}),{report_date},DATE({on.year},{on.month},{on.day})))'})
        w.prefill(ws, r, 7, tv.get("done_date"), st.input(DATE_FMT))
        ws.data_validation(r, 7, r, 7, {
            "validate": "date", "criteria": "between", "minimum": dt.date(lay.plan.year - 1, 1, 1),
            "maximum": dt.date(lay.period.year + 1, 12, 31),
            "input_title": "Ngày hoàn thành", "input_message": "Nhập khi đã hoàn thành, dạng dd/mm/yyyy.",
            "error_title": "Ngày không hợp lệ", "error_message": "Nhập một ngày hợp lệ dạng dd/mm/yyyy."})
        w.prefill(ws, r, 8, tv.get("output"), st.input(text_wrap=True))
        w.prefill(ws, r, 9, tv.get("note"), st.input(text_wrap=True))
        for key, col in (("status", 6), ("done_date", 7), ("output", 8), ("note", 9)):
            w.define(task.names[key], TASKS, r, col)
    if lay.tasks:
        last = 3 + len(lay.tasks)
        ws.conditional_format(3, 6, last - 1, 6, {"type": "blanks", "format": missing_fmt})
        w.task_ranges = (f"'{TASKS}'!$G$4:$G${last}", f"'{TASKS}'!$H$4:$H${last}")
    w.page(ws, landscape=True, repeat=(2, 2))
    w.protect_sheet(ws)


def write_par(w: "ReportWriter") -> None:
    lay, st, wb = w.layout, w.st, w.wb
    ws = wb.add_worksheet(PAR)
    widths = [6, 44, 11, 12, 14, 11, 12, 16]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.merge_range(0, 0, 0, 7, "TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", st.title(14))
    ws.merge_range(1, 0, 1, 7, f"Đơn vị: {lay.unit.name} — {lay.period.label}", st.title(12))
    ws.set_row(1, row_height([(f"Đơn vị: {lay.unit.name} — {lay.period.label}", sum(widths) / 1.2)]))
    ws.write_row(2, 0, ["STT", "Lĩnh vực", "Điểm tối đa", "Chỉ tiêu (điểm)", "Điểm tự đánh giá", "Tỷ lệ đạt (%)",
                        "Đánh giá", "Tự kiểm tra"], st.header())
    ws.set_row(2, 32)
    values = w.values.indicators if w.values else {}
    bad_input = wb.add_format({"bg_color": BROKEN_FILL})
    first = 3
    par = lay.par_indicators
    for n, pi in enumerate(par):
        r = first + n
        target = w.target(pi)
        value = values.get(pi.code)
        area = lay.plan.areas.get(pi.indicator.area, pi.indicator.name)
        ws.write_string(r, 0, ROMAN[pi.indicator.area - 1], st.text(align="center"))
        ws.write_string(r, 1, area, st.text())
        ws.set_row(r, row_height([(area, widths[1])]))
        ws.write_number(r, 2, pi.max_value or 0, st.number("0.0#"))
        if target:
            ws.write_number(r, 3, target.value, st.number("0.0#"))
        else:
            ws.write_blank(r, 3, None, st.text())
        w.prefill(ws, r, 4, value, st.input("0.0#"))
        ws.data_validation(r, 4, r, 4, w.validation(pi))
        ws.conditional_format(r, 4, r, 4, {"type": "blanks", "format": wb.add_format({"bg_color": MISSING_FILL})})
        cell, top = xl_rowcol_to_cell(r, 4), xl_rowcol_to_cell(r, 2)
        ws.write_formula(r, 5, f'=IF(AND(ISNUMBER({cell}),{top}>0),100*{cell}/{top},"")', st.number("0.0"),
                         cache.percent_of(value, pi.max_value))
        w.assessment(ws, r, 6, pi, cell, value)
        required = pi.required and w.kind != "summary"
        formula = cache.input_check_formula(pi, cell, required)
        ws.write_formula(r, 7, formula, st.text(align="center", font_size=10, font_color=BAD_FONT),
                         cache.input_check(pi, value, required))
        ws.conditional_format(r, 4, r, 4, {"type": "formula", "format": bad_input,
                                           "criteria": f'=AND($H${r + 1}<>"",$H${r + 1}<>"{cache.BLANK}")'})
        w.define(pi.defined_name, PAR, r, 4)
    last = first + len(par) - 1
    total = last + 1
    span = f"{first + 1}:{{c}}{last + 1}"
    maxima = sum(p.max_value or 0 for p in par)
    targets = [w.target(p) for p in par]
    scores = [cache.number(values.get(p.code)) for p in par]
    score_total = sum(scores) if all(s is not None for s in scores) else ""
    ws.merge_range(total, 0, total, 1, "TỔNG CỘNG", st.text(bold=True, align="center"))
    ws.write_formula(total, 2, f"=SUM(C{span.format(c='C')})", st.number("0.0#", bold=True), maxima)
    ws.write_formula(total, 3, f"=SUM(D{span.format(c='D')})", st.number("0.0#", bold=True),
                     sum(t.value for t in targets if t is not None))
    ws.write_formula(total, 4, f'=IF(COUNT(E{span.format(c="E")})={len(par)},SUM(E{span.format(c="E")}),"")',
                     st.number("0.0#", bold=True), score_total)
    ws.write_formula(total, 5, f'=IF(AND(ISNUMBER(E{total + 1}),C{total + 1}>0),100*E{total + 1}/C{total + 1},"")',
                     st.number("0.0", bold=True), cache.percent_of(score_total, maxima))
    ws.write_blank(total, 6, None, st.text())
    ws.write_blank(total, 7, None, st.text())
    w.check_ranges.append(f"'{PAR}'!$H${first + 1}:$H${last + 1}")
    w.page(ws, landscape=False, repeat=(2, 2))
    w.protect_sheet(ws)


HELP_LINES = [
    "1. Chỉ nhập vào các ô màu vàng nhạt. Các ô khác đã khóa để tránh sửa nhầm; không cần mật khẩu để mở khóa nhưng "
    "không nên mở khóa, chèn hoặc xóa dòng.",
    "2. Sheet \"Bìa\": nhập họ tên người lập báo cáo và ngày lập báo cáo (dd/mm/yyyy). Mã đơn vị, tên đơn vị và kỳ "
    "báo cáo đã điền sẵn, không sửa.",
    "3. Sheet \"Chỉ tiêu\": nhập số liệu của kỳ báo cáo. Số lượng nhập số nguyên không âm; tỷ lệ (%) nhập số từ 0 đến "
    "100, ví dụ 98,5 (không gõ dấu %). Các tỷ lệ có công thức được tính tự động từ số liệu đã nhập.",
    "4. Cột \"Tự kiểm tra\" báo ngay ô nhập sai: chưa nhập, không phải số, không phải số nguyên, ngoài giới hạn, "
    "vượt điểm tối đa, tỷ lệ nghi nhập nhầm dạng 0,985 (phải nhập 98,5). Ô màu vàng đậm là ô bắt buộc chưa nhập; "
    "ô màu đỏ là ô nhập sai hoặc số liệu không thống nhất (xem mục \"Kiểm tra tính thống nhất\" cuối sheet).",
    "5. Sheet \"Nhiệm vụ\": với từng nhiệm vụ được giao chủ trì, chọn tình trạng (Hoàn thành / Đang thực hiện / Chưa "
    "thực hiện), ngày hoàn thành nếu đã xong, kết quả hoặc sản phẩm đã có. Ô tình trạng tô đỏ là nhiệm vụ có hạn "
    "trước ngày lập báo cáo mà chưa hoàn thành.",
    "6. Báo cáo năm có thêm sheet \"Tự đánh giá PAR\": nhập điểm tự đánh giá từng lĩnh vực, không vượt điểm tối đa.",
    "7. Trước khi gửi, xem mục \"Tự kiểm tra trước khi gửi\" ở sheet \"Bìa\": các số đều phải bằng 0.",
    "8. Lưu tệp dạng Excel (.xlsx). Có thể đổi tên tệp; không dùng tệp của đơn vị khác hoặc của kỳ khác. "
    "Nếu cần biểu mẫu mới, liên hệ cơ quan tổng hợp.",
]


def write_help(w: "ReportWriter") -> None:
    st = w.st
    ws = w.wb.add_worksheet(HELP)
    width = 92
    ws.set_column(0, 0, width)
    ws.write_string(0, 0, "HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO CẢI CÁCH HÀNH CHÍNH", st.title(14))
    ws.set_row(0, 24)
    for r, text in enumerate(HELP_LINES, start=1):
        ws.write_string(r, 0, text, st.get(text_wrap=True, valign="top"))
        ws.set_row(r, row_height([(text, width)]))
    w.page(ws, landscape=False)
    w.protect_sheet(ws)
