"""The summary workbook for the upper level (Vietnamese), itself a report of the consolidating unit.

Sheets: Tổng quan (counts, the units missing, late, rejected or with errors by name, achievement
per area, two charts), the report sheets of the owner carrying the consolidated totals under the
template's defined names (Bìa, Chỉ tiêu, …), Đơn vị × chỉ tiêu, Không đạt, Nhiệm vụ theo đơn vị,
Khó khăn, đề xuất, Lỗi dữ liệu, Chưa nộp, Xếp hạng (where the plan has PAR scores) and Nguồn dữ liệu.
"""
from __future__ import annotations

from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from workbook_templates.fileio import atomic_path
from workbook_templates.report_writer import ReportValues, ReportWriter
from workbook_templates.styles import Styles, row_height
from workbook_templates.template_writer import new_workbook

from . import summary_lists as lists
from .comparison import write_comparison
from .engine import HAS_ERRORS, MISSING, STATUS_REJECTED, Consolidation
from .ranking_sheet import write_ranking
from .sheet_tables import title
from .summary_matrix import write_matrix
from .unit_report import summary_layout
from .verdicts import MET, NOT_MET, target_texts, verdict_texts

OVERVIEW_WIDTHS = [46.0, 14.0, 11.0, 11.0, 13.0, 12.0]
#: From this many units the summary's sheets are assembled in temporary files, not in memory.
LARGE = 300


def write_summary(result: Consolidation, path: Path | str) -> Path:
    """Write the summary workbook atomically (a file open in Excel is reported, not touched)."""
    plan, period = result.plan, result.period
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp, f"Tổng hợp báo cáo CCHC {period.label} - {plan.owner.name}",
                          in_memory=len(result.units) < LARGE)
        st = Styles(wb)
        sub = f"{plan.owner.name} — {period.label} — {plan.title}"
        overview = wb.add_worksheet("Tổng quan")
        layout = summary_layout(plan, period, plan.owner)
        dates = [u.report.report_date for u in result.units if u.report and u.report.report_date]
        indicators = {i.code: (None if i.is_own else result.totals.get(i.code)) for i in layout.indicators}
        for pi in layout.text_indicators:
            indicators[pi.code] = lists.texts_for_section(result) or None
        values = ReportValues(indicators=indicators, verdicts=verdict_texts(plan, result.verdicts),
                              targets=target_texts(plan, layout.indicators, period.year),
                              header={"reporter": f"Cơ quan tổng hợp: {plan.owner.name}",
                                      "report_date": max(dates) if dates else None})
        writer = ReportWriter(wb, layout, values=values, kind="summary", protect=False)
        writer.write_cover()
        writer.write_indicators()
        writer.write_tasks()
        if layout.par_indicators:
            writer.write_par()
        writer.write_checks()
        _overview(wb, overview, st, result, sub)
        if result.comparison is not None:
            write_comparison(wb, st, result, result.comparison, sub)
        write_matrix(wb, st, result, sub)
        lists.write_shortfalls(wb, st, result, sub)
        lists.write_tasks(wb, st, result, sub)
        lists.write_texts(wb, st, result, sub)
        lists.write_problems(wb, st, result, sub)
        lists.write_missing(wb, st, result, sub)
        if layout.par_indicators:
            write_ranking(wb, st, result, sub, layout.par_indicators)
        lists.write_sources(wb, st, result, sub)
        counts = {f"n:{code}": n for code, n in sorted(result.units_behind.items())}
        writer.write_meta({"source_plan": plan.name, "units_expected": len(plan.units), **counts})
        wb.close()
    return Path(path)


def who_needs_attention(result: Consolidation) -> list[tuple[str, list[str]]]:
    """The units the office must chase, by name: missing, rejected, late, with errors."""
    entry = result.plan.calendar_entry(result.period)
    deadline = f" (hạn nộp {entry.deadline:%d/%m/%Y})" if entry else ""
    groups = [
        (f"Chưa nộp{deadline}", [u.unit.name for u in result.units if u.status == MISSING]),
        ("Chỉ có tệp bị từ chối", [u.unit.name for u in result.units if u.status == STATUS_REJECTED]),
        (f"Nộp muộn{deadline}", [f"{u.unit.name} (lập ngày {u.report.report_date:%d/%m/%Y})"
                                 for u in result.units if u.late and u.report and u.report.report_date]),
        ("Báo cáo có lỗi, cần sửa và gửi lại", [u.unit.name for u in result.units if u.status == HAS_ERRORS]),
    ]
    return [(label, found) for label, found in groups if found]


def _overview(wb, ws, st: Styles, result: Consolidation, sub: str) -> None:
    title(ws, st, "TỔNG HỢP KẾT QUẢ BÁO CÁO CẢI CÁCH HÀNH CHÍNH", sub, 6, OVERVIEW_WIDTHS)
    counts = result.counts
    rows = [("Số đơn vị phải báo cáo", counts["expected"]), ("Số đơn vị đã nộp", counts["submitted"]),
            ("Trong đó: hợp lệ", counts["ok"]), ("Trong đó: có lỗi", counts["has_errors"]),
            ("Số đơn vị chưa nộp", counts["missing"]), ("Số đơn vị chỉ có tệp bị từ chối", counts["rejected"]),
            ("Số đơn vị nộp muộn", counts["late"]),
            ("Số chỉ tiêu tổng hợp không đạt", counts["total_shortfalls"]),
            ("Số lượt nhiệm vụ quá hạn chưa hoàn thành", counts["overdue_tasks"]),
            ("Số lượt nhiệm vụ chưa báo cáo (đơn vị chưa nộp)", counts["tasks_not_reported"])]
    for c, width in enumerate(OVERVIEW_WIDTHS):
        ws.set_column(c, c, width)
    ws.write_row(3, 0, ["Nội dung", "Số lượng"], st.header())
    for r, (text, n) in enumerate(rows, start=4):
        ws.write_string(r, 0, text, st.text())
        ws.write_number(r, 1, n, st.number("0"))
    r = 4 + len(rows) + 1
    # Achievement per area on the consolidated totals.
    top = r
    ws.write_row(top, 0, ["Lĩnh vực", "Số mục tiêu", "Đạt", "Không đạt", "Chưa đánh giá", "Tỷ lệ đạt (%)"], st.header())
    ws.set_row(top, 30)
    area_of = {i.code: i.indicator.area for i in result.indicators}
    for area, name in sorted(result.plan.areas.items()):
        judged = [v for v in result.verdicts if area_of.get(v.indicator) == area]
        if not judged:
            continue
        r += 1
        met = sum(1 for v in judged if v.status == MET)
        failed = sum(1 for v in judged if v.status == NOT_MET)
        ws.write_string(r, 0, f"{area}. {name}", st.text())
        ws.set_row(r, row_height([(f"{area}. {name}", OVERVIEW_WIDTHS[0])]))
        for c, v in enumerate([len(judged), met, failed, len(judged) - met - failed], start=1):
            ws.write_number(r, c, v, st.number("0"))
        evaluated = met + failed
        met_cell, failed_cell = xl_rowcol_to_cell(r, 2), xl_rowcol_to_cell(r, 3)
        ws.write_formula(r, 5, f'=IF({met_cell}+{failed_cell}>0,100*{met_cell}/({met_cell}+{failed_cell}),"")',
                         st.number("0.0"), 100 * met / evaluated if evaluated else "")
    area_end = r
    r += 2
    warning = result.period_warning()
    if warning:
        ws.merge_range(r, 0, r, 5, f"CẢNH BÁO: {warning}", st.text(bold=True, font_color="#9C0006"))
        ws.set_row(r, row_height([(warning, sum(OVERVIEW_WIDTHS))]))
        r += 2
    ws.merge_range(r, 0, r, 5, "ĐƠN VỊ CẦN ĐÔN ĐỐC", st.area())
    attention = who_needs_attention(result)
    if not attention:
        r += 1
        ws.merge_range(r, 0, r, 5, "Tất cả đơn vị đã nộp đúng hạn, báo cáo hợp lệ.", st.text(italic=True))
    for label, found in attention:
        r += 1
        text = "; ".join(found)
        ws.write_string(r, 0, f"{label}: {len(found)} đơn vị", st.text(bold=True))
        ws.merge_range(r, 1, r, 5, text, st.text())
        ws.set_row(r, row_height([(text, sum(OVERVIEW_WIDTHS[1:])), (label, OVERVIEW_WIDTHS[0])]))
    status = wb.add_chart({"type": "pie"})
    status.add_series({"name": "Tình hình nộp báo cáo",
                       "categories": ["Tổng quan", 6, 0, 9, 0], "values": ["Tổng quan", 6, 1, 9, 1],
                       "data_labels": {"value": True}})
    status.set_title({"name": "Tình hình nộp báo cáo", "name_font": {"name": "Times New Roman", "size": 12}})
    ws.insert_chart(r + 2, 0, status, {"x_scale": 1.0, "y_scale": 0.9})
    if area_end > top:
        bars = wb.add_chart({"type": "bar", "subtype": "stacked"})
        for col, color in ((2, "#70AD47"), (3, "#C00000"), (4, "#BFBFBF")):
            bars.add_series({"name": ["Tổng quan", top, col], "categories": ["Tổng quan", top + 1, 0, area_end, 0],
                             "values": ["Tổng quan", top + 1, col, area_end, col], "fill": {"color": color}})
        bars.set_title({"name": "Kết quả chỉ tiêu theo lĩnh vực", "name_font": {"name": "Times New Roman", "size": 12}})
        bars.set_y_axis({"reverse": True})
        ws.insert_chart(r + 2, 2, bars, {"x_scale": 1.1, "y_scale": 0.9})
    ws.set_paper(9)
    ws.set_portrait()
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C&\"Times New Roman\"&10Trang &P/&N")
    ws.activate()
