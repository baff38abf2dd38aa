"""The summary workbook for the upper level (Vietnamese), itself a report of the consolidating unit.

Sheets: Tổng quan (counts, achievement per area, two charts), the report sheets of the
owner carrying the consolidated totals under the template's defined names (Bìa, Chỉ tiêu,
…), Đơn vị × chỉ tiêu, Không đạt, Nhiệm vụ theo đơn vị, Lỗi dữ liệu, Chưa nộp, Xếp hạng
(where the plan has PAR scores) and Nguồn dữ liệu.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from workbook_templates.fileio import atomic_path
from workbook_templates.report_writer import ReportValues, ReportWriter
from workbook_templates.styles import BAD_FONT, BROKEN_FILL, Styles, row_height
from workbook_templates.template_writer import new_workbook

from .ranking_sheet import write_ranking
from .engine import HAS_ERRORS, MISSING, OK, STATUS_REJECTED, Consolidation
from .unit_report import summary_layout
from .verdicts import MET, NOT_MET, scope_label, target_texts, verdict_texts

STATUS_TEXT = {OK: "Hợp lệ", HAS_ERRORS: "Có lỗi", MISSING: "Chưa nộp", STATUS_REJECTED: "Bị từ chối"}
OUTCOME_TEXT = {"accepted": "Được dùng", "superseded": "Bị thay bằng tệp mới hơn", "rejected": "Bị từ chối",
                "unreadable": "Không đọc được", "ignored": "Bỏ qua"}


def _table(ws, st: Styles, row: int, headers: list[str], rows: list[list[Any]], widths: list[int]) -> int:
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.write_row(row, 0, headers, st.header())
    ws.set_row(row, 30)
    for r, values in enumerate(rows, start=row + 1):
        for c, value in enumerate(values):
            if value is None:
                ws.write_blank(r, c, None, st.text())
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, st.number("#,##0.##"))
            else:
                ws.write_string(r, c, str(value), st.text())
    last = row + max(len(rows), 1)
    ws.autofilter(row, 0, last, len(headers) - 1)
    ws.freeze_panes(row + 1, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(row, row)
    ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N")
    return last


def _title(ws, st: Styles, text: str, sub: str, width: int) -> None:
    ws.merge_range(0, 0, 0, width - 1, text, st.title(14))
    ws.merge_range(1, 0, 1, width - 1, sub, st.get(italic=True, align="center"))


def write_summary(result: Consolidation, path: Path | str) -> Path:
    """Write the summary workbook atomically (a file open in Excel is reported, not touched)."""
    plan, period = result.plan, result.period
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp, f"Tổng hợp báo cáo CCHC {period.label} - {plan.owner.name}")
        st = Styles(wb)
        sub = f"{plan.owner.name} — {period.label} — {plan.title}"
        overview = wb.add_worksheet("Tổng quan")
        layout = summary_layout(plan, period, plan.owner)
        dates = [u.report.report_date for u in result.units if u.report and u.report.report_date]
        values = ReportValues(indicators={c: (None if i.is_own else result.totals.get(c))
                                          for c, i in ((i.code, i) for i in layout.indicators)},
                              verdicts=verdict_texts(plan, result.verdicts),
                              targets=target_texts(plan, layout.indicators, period.year),
                              header={"reporter": f"Cơ quan tổng hợp: {plan.owner.name}",
                                      "report_date": max(dates) if dates else None})
        writer = ReportWriter(wb, layout, values=values, kind="summary", protect=False)
        writer.write_cover()
        writer.write_indicators()
        writer.write_tasks()
        if layout.par_indicators:
            writer.write_par()
        _overview(wb, overview, st, result, sub)
        _matrix(wb, st, result, sub)
        _shortfalls(wb, st, result, sub)
        _tasks(wb, st, result, sub)
        _problems(wb, st, result, sub)
        _missing(wb, st, result, sub)
        if layout.par_indicators:
            write_ranking(wb, st, result, sub, layout.par_indicators)
        _sources(wb, st, result, sub)
        counts = {f"n:{code}": n for code, n in sorted(result.units_behind.items())}
        writer.write_meta({"source_plan": plan.name, **counts})
        wb.close()
    return Path(path)


def _overview(wb, ws, st: Styles, result: Consolidation, sub: str) -> None:
    _title(ws, st, "TỔNG HỢP KẾT QUẢ BÁO CÁO CẢI CÁCH HÀNH CHÍNH", sub, 6)
    counts = result.counts
    rows = [("Số đơn vị phải báo cáo", counts["expected"]), ("Số đơn vị đã nộp", counts["submitted"]),
            ("Trong đó: hợp lệ", counts["ok"]), ("Trong đó: có lỗi", counts["has_errors"]),
            ("Số đơn vị chưa nộp", counts["missing"]), ("Số đơn vị chỉ có tệp bị từ chối", counts["rejected"]),
            ("Số đơn vị nộp muộn", counts["late"]),
            ("Số chỉ tiêu tổng hợp không đạt", counts["total_shortfalls"]),
            ("Số lượt nhiệm vụ quá hạn chưa hoàn thành", counts["overdue_tasks"]),
            ("Số lượt nhiệm vụ chưa báo cáo (đơn vị chưa nộp)", counts["tasks_not_reported"])]
    ws.set_column(0, 0, 48)
    ws.set_column(1, 5, 14)
    ws.write_row(3, 0, ["Nội dung", "Số lượng"], st.header())
    for r, (text, n) in enumerate(rows, start=4):
        ws.write_string(r, 0, text, st.text())
        ws.write_number(r, 1, n, st.number("0"))
    # Achievement per area on the consolidated totals.
    top = 4 + len(rows) + 2
    ws.write_row(top, 0, ["Lĩnh vực", "Số mục tiêu", "Đạt", "Không đạt", "Chưa đánh giá", "Tỷ lệ đạt (%)"], st.header())
    ws.set_row(top, 30)
    area_of = {i.code: i.indicator.area for i in result.indicators}
    r = top
    for area, name in sorted(result.plan.areas.items()):
        judged = [v for v in result.verdicts if area_of.get(v.indicator) == area]
        if not judged:
            continue
        r += 1
        met = sum(1 for v in judged if v.status == MET)
        failed = sum(1 for v in judged if v.status == NOT_MET)
        ws.write_string(r, 0, f"{area}. {name}", st.text())
        ws.set_row(r, row_height([(f"{area}. {name}", 48)]))
        for c, v in enumerate([len(judged), met, failed, len(judged) - met - failed], start=1):
            ws.write_number(r, c, v, st.number("0"))
        evaluated = met + failed
        ws.write_formula(r, 5, f"=IF({xl_rowcol_to_cell(r, 2)}+{xl_rowcol_to_cell(r, 3)}>0,"
                               f"100*{xl_rowcol_to_cell(r, 2)}/({xl_rowcol_to_cell(r, 2)}+{xl_rowcol_to_cell(r, 3)}),\"\")",
                         st.number("0.0"), round(100 * met / evaluated, 1) if evaluated else "")
    status = wb.add_chart({"type": "pie"})
    status.add_series({"name": "Tình hình nộp báo cáo",
                       "categories": ["Tổng quan", 6, 0, 9, 0], "values": ["Tổng quan", 6, 1, 9, 1],
                       "data_labels": {"value": True}})
    status.set_title({"name": "Tình hình nộp báo cáo", "name_font": {"name": "Times New Roman", "size": 12}})
    ws.insert_chart(3, 7, status, {"x_scale": 1.0, "y_scale": 1.0})
    if r > top:
        bars = wb.add_chart({"type": "bar", "subtype": "stacked"})
        for col, color in ((2, "#70AD47"), (3, "#C00000"), (4, "#BFBFBF")):
            bars.add_series({"name": ["Tổng quan", top, col], "categories": ["Tổng quan", top + 1, 0, r, 0],
                             "values": ["Tổng quan", top + 1, col, r, col], "fill": {"color": color}})
        bars.set_title({"name": "Kết quả chỉ tiêu theo lĩnh vực", "name_font": {"name": "Times New Roman", "size": 12}})
        bars.set_y_axis({"reverse": True})
        ws.insert_chart(max(top, 20), 7, bars, {"x_scale": 1.3, "y_scale": 1.1})
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 1)
    ws.activate()


def _fmt_value(value: float | None) -> Any:
    return None if value is None else round(value, 2)


def _matrix(wb, st: Styles, result: Consolidation, sub: str) -> None:
    ws = wb.add_worksheet("Đơn vị × chỉ tiêu")
    numeric = [i for i in result.indicators if i.indicator.kind != "text"]
    _title(ws, st, "SỐ LIỆU CỦA TỪNG ĐƠN VỊ THEO CHỈ TIÊU (ô đỏ: không đạt chỉ tiêu)", sub, min(len(numeric) + 3, 20))
    headers = ["Mã đơn vị", "Tên đơn vị", "Tình trạng"] + [i.code for i in numeric]
    rows = []
    for u in result.units:
        rep = u.report
        rows.append([u.unit.code, u.unit.name, STATUS_TEXT[u.status]] +
                    [_fmt_value(rep.values.get(i.code)) if rep else None for i in numeric])
    rows.append(["", "TỔNG HỢP (đơn vị hợp lệ)", ""] + [_fmt_value(result.totals.get(i.code)) for i in numeric])
    _table(ws, st, 3, headers, rows, [14, 36, 12] + [12] * len(numeric))
    ws.write_row(2, 3, [i.indicator.name for i in numeric], st.get(font_size=9, text_wrap=True, valign="bottom"))
    ws.set_row(2, 90)
    red = wb.add_format({"bg_color": BROKEN_FILL, "font_color": BAD_FONT})
    col_of = {i.code: 3 + n for n, i in enumerate(numeric)}
    for r, u in enumerate(result.units, start=4):
        for s in u.shortfalls:
            if s.indicator in col_of:
                ws.conditional_format(r, col_of[s.indicator], r, col_of[s.indicator],
                                      {"type": "no_errors", "format": red})
    total_row = 4 + len(result.units)
    for s in result.total_shortfalls:
        if s.indicator in col_of:
            ws.conditional_format(total_row, col_of[s.indicator], total_row, col_of[s.indicator], {"type": "no_errors", "format": red})
    ws.freeze_panes(4, 3)


def _shortfalls(wb, st: Styles, result: Consolidation, sub: str) -> None:
    ws = wb.add_worksheet("Không đạt")
    _title(ws, st, "DANH SÁCH CHỈ TIÊU KHÔNG ĐẠT", sub, 8)
    by_code = {i.code: i for i in result.indicators}
    plan = result.plan
    rows = [[name, code, scope_label(plan, s), s.indicator, by_code[s.indicator].indicator.name, _fmt_value(s.value),
             s.target_text, _fmt_value(s.gap)]
            for name, code, s in result.shortfall_rows()]
    _table(ws, st, 3, ["Đơn vị", "Mã đơn vị", "Phạm vi áp dụng", "Mã chỉ tiêu", "Chỉ tiêu", "Kết quả", "Chỉ tiêu kế hoạch",
                       "Chênh lệch"], rows, [30, 14, 22, 22, 56, 12, 14, 12])


def _tasks(wb, st: Styles, result: Consolidation, sub: str) -> None:
    ws = wb.add_worksheet("Nhiệm vụ theo đơn vị")
    _title(ws, st, "TIẾN ĐỘ NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ", sub, 8)
    tasks = {t.id: t for t in result.plan.tasks}
    names_of = {u.code: u.name for u in result.plan.units}
    rows = []
    for t in result.tasks:
        task = tasks[t.task_id]
        dues = task.due_dates_for(result.period.year)
        status = t.status or ("Chưa chọn tình trạng" if t.reported else "Chưa báo cáo (đơn vị chưa nộp)")
        rows.append([t.task_id, task.content, names_of.get(t.unit, t.unit), task.timing,
                     "; ".join(d.strftime("%d/%m/%Y") for d in dues) if dues else "Thường xuyên", status,
                     "Quá hạn" if t.overdue else "", task.budget])
    last = _table(ws, st, 3, ["Mã NV", "Nội dung", "Đơn vị chủ trì", "Thời gian", "Hạn", "Tình trạng", "Quá hạn",
                              "Kinh phí (triệu đồng)"], rows, [8, 60, 30, 18, 12, 16, 10, 12])
    red = wb.add_format({"bg_color": BROKEN_FILL, "font_color": BAD_FONT, "bold": True})
    ws.conditional_format(4, 6, last, 6, {"type": "cell", "criteria": "==", "value": '"Quá hạn"', "format": red})


def _problems(wb, st: Styles, result: Consolidation, sub: str) -> None:
    ws = wb.add_worksheet("Lỗi dữ liệu")
    _title(ws, st, "CÁC VẤN ĐỀ VỀ DỮ LIỆU THEO TỆP", sub, 7)
    rows = []
    for f in result.files:
        for i in f.issues:
            rows.append([f.display, f.unit_code or "", i.level, i.code, i.sheet or "",
                         i.cell or "", i.message])
    last = _table(ws, st, 3, ["Tệp", "Mã đơn vị", "Mức độ", "Mã lỗi", "Sheet", "Ô", "Nội dung"], rows,
                  [44, 14, 10, 20, 16, 8, 80])
    red = wb.add_format({"font_color": BAD_FONT, "bold": True})
    ws.conditional_format(4, 2, last, 2, {"type": "cell", "criteria": "==", "value": '"Lỗi"', "format": red})


def _missing(wb, st: Styles, result: Consolidation, sub: str) -> None:
    ws = wb.add_worksheet("Chưa nộp")
    _title(ws, st, "ĐƠN VỊ CHƯA NỘP, BỊ TỪ CHỐI HOẶC NỘP MUỘN", sub, 5)
    rows = []
    for u in result.units:
        if u.status in (MISSING, STATUS_REJECTED):
            reason = "; ".join(f.reason for f in u.rejected) or "Không có tệp báo cáo"
            rows.append([u.unit.code, u.unit.name, u.unit.level, STATUS_TEXT[u.status], reason])
        elif u.late:
            rows.append([u.unit.code, u.unit.name, u.unit.level, "Nộp muộn",
                         f"Ngày báo cáo {u.report.report_date:%d/%m/%Y}"])
    _table(ws, st, 3, ["Mã đơn vị", "Tên đơn vị", "Cấp", "Tình trạng", "Ghi chú"], rows, [14, 40, 10, 14, 70])


def _sources(wb, st: Styles, result: Consolidation, sub: str) -> None:
    ws = wb.add_worksheet("Nguồn dữ liệu")
    _title(ws, st, "CÁC TỆP ĐÃ ĐỌC", sub, 6)
    rows = [[f.display, f.unit_code or "", OUTCOME_TEXT[f.outcome], f.reason,
             sum(1 for i in f.issues if i.is_error), f.sha256] for f in result.files]
    _table(ws, st, 3, ["Tệp", "Mã đơn vị", "Kết quả", "Lý do", "Số lỗi", "SHA-256"], rows, [48, 14, 22, 60, 8, 68])
