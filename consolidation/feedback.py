"""One small workbook per unit, ready to send back: what to fix, what to check, what was missed.

Contents, whenever there is something to say: errors (fix and resend), warnings (check), targets
not met with value, target and gap, overdue tasks, late submission. The request to resend appears
only when there are errors. File names only, never the office's local paths; Vietnamese titles,
codes only in a narrow column for support staff.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook_templates.fileio import atomic_path
from workbook_templates.plan_model.targets import format_number
from workbook_templates.styles import BAD_FONT, Styles, row_height
from workbook_templates.template_writer import new_workbook

from . import issues as iss
from .engine import HAS_ERRORS, OK, Consolidation, UnitOutcome
from .sheet_tables import FOOTER
from .verdicts import scope_label

WIDTHS = [5.0, 40.0, 17.0, 13.0, 11.0, 52.0, 16.0]
SUFFIX = "_phan-hoi.xlsx"


def feedback_filename(outcome: UnitOutcome, period_code: str) -> str:
    return f"{outcome.unit.code}_{period_code}{SUFFIX}"


def has_something_to_say(result: Consolidation, u: UnitOutcome) -> bool:
    return bool(u.issues or u.shortfalls or u.late or _overdue(result, u))


def write_feedback(result: Consolidation, out_dir: Path | str, every_unit: bool = False) -> list[Path]:
    """Write a feedback workbook for every unit with something to say (``every_unit``: every unit that
    submitted); remove this period's older feedback of units that now need none. Return the paths."""
    out_dir = Path(out_dir)
    written = []
    for u in result.units:
        submitted = u.status in (OK, HAS_ERRORS)
        if not (has_something_to_say(result, u) or (every_unit and submitted)) or not (submitted or u.issues):
            continue
        path = out_dir / feedback_filename(u, result.period.code)
        with atomic_path(path) as tmp:
            wb = new_workbook(tmp, f"Phản hồi báo cáo CCHC {result.period.label} - {u.unit.name}")
            _write(wb, Styles(wb), result, u)
            wb.close()
        written.append(path)
    if out_dir.is_dir():
        keep = {p.name for p in written}
        for old in out_dir.glob(f"*_{result.period.code}{SUFFIX}"):
            if old.name not in keep and old.is_file():
                old.unlink()
    return written


def _overdue(result: Consolidation, u: UnitOutcome) -> list:
    return [t for t in result.tasks if t.unit == u.unit.code and t.overdue]


def _lead(result: Consolidation, u: UnitOutcome) -> str:
    own = list(u.report.issues) if u.report and u.status in (OK, HAS_ERRORS) else []
    errors = sum(1 for i in own if i.is_error)
    warnings = len(own) - errors
    entry = result.plan.calendar_entry(result.period)
    by = f" (hạn nộp {entry.deadline:%d/%m/%Y})" if entry else ""
    parts = [f"{result.plan.owner.name} đã kiểm tra báo cáo {result.period.label} của đơn vị."]
    if u.status not in (OK, HAS_ERRORS) and u.rejected:
        parts.append(f"Chưa có báo cáo dùng được: {len(u.rejected)} tệp bị từ chối (mục I). "
                     f"Đề nghị đơn vị gửi đúng biểu mẫu của kỳ này{by}.")
    if errors:
        parts.append(f"Báo cáo có {errors} lỗi: đề nghị đơn vị sửa trên chính tệp đã gửi và gửi lại sớm nhất{by}.")
    if warnings:
        parts.append(f"Có {warnings} cảnh báo: đề nghị xem lại; nếu số liệu đúng thì không cần gửi lại.")
    if own == [] and u.status in (OK, HAS_ERRORS):
        parts.append("Báo cáo hợp lệ, không có lỗi.")
    if u.rejected and u.status in (OK, HAS_ERRORS):
        parts.append(f"{len(u.rejected)} tệp khác của đơn vị không được dùng (mục I), không cần gửi lại.")
    if u.late and u.report and u.report.report_date and entry:
        parts.append(f"Báo cáo lập ngày {u.report.report_date:%d/%m/%Y}, sau hạn nộp {entry.deadline:%d/%m/%Y}.")
    if u.shortfalls:
        parts.append(f"{len(u.shortfalls)} chỉ tiêu chưa đạt kế hoạch (mục II).")
    if _overdue(result, u):
        parts.append(f"{len(_overdue(result, u))} nhiệm vụ quá hạn chưa hoàn thành (mục III).")
    return " ".join(parts)


def _write(wb, st: Styles, result: Consolidation, u: UnitOutcome) -> None:
    ws = wb.add_worksheet("Phản hồi")
    last = len(WIDTHS) - 1
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.merge_range(0, 0, 0, last, f"PHẢN HỒI VỀ BÁO CÁO CẢI CÁCH HÀNH CHÍNH {result.period.label.upper()}", st.title(14))
    ws.merge_range(1, 0, 1, last, f"Kính gửi: {u.unit.name}", st.get(bold=True, align="center"))
    lead = _lead(result, u)
    ws.merge_range(2, 0, 2, last, lead, st.get(italic=True, text_wrap=True, valign="top"))
    ws.set_row(2, row_height([(lead, sum(WIDTHS))]))
    r = 4
    errors_first = sorted(u.issues, key=lambda i: (not i.is_error,))
    r = _section(ws, st, r, "I. LỖI VÀ CẢNH BÁO", ["STT", "Loại vấn đề", "Mức độ", "Trang tính", "Ô", "Nội dung", "Mã (hỗ trợ)"],
                 [[n, iss.TYPES[i.code].title, i.level, i.sheet or "", i.cell or "",
                   i.message + (f" (tệp {Path(i.file).name})" if i.file else ""), i.code]
                  for n, i in enumerate(errors_first, start=1)], "Không có lỗi hoặc cảnh báo.")
    by_code = {i.code: i for i in result.indicators}
    rows = []
    for n, s in enumerate(u.shortfalls, start=1):
        pi = by_code.get(s.indicator)
        yesno = pi is not None and pi.indicator.kind == "yesno"
        value = ("Có" if s.value else "Không") if yesno else _num(s.value)
        target = ("Có" if s.target >= 1 else "Không") if yesno else s.target_text
        rows.append([n, pi.indicator.name if pi else s.indicator, scope_label(result.plan, s), value, target,
                     "" if yesno else f"Chênh lệch {_num(s.gap)}", s.indicator])
    r = _section(ws, st, r, "II. CHỈ TIÊU CHƯA ĐẠT KẾ HOẠCH",
                 ["STT", "Chỉ tiêu", "Phạm vi áp dụng", "Kết quả", "Kế hoạch", "Ghi chú", "Mã (hỗ trợ)"], rows,
                 "Các chỉ tiêu được đánh giá ở kỳ này đều đạt.")
    tasks = {t.id: t for t in result.plan.tasks}
    rows = []
    for n, t in enumerate(_overdue(result, u), start=1):
        task = tasks[t.task_id]
        rows.append([n, task.content, t.status or "Chưa chọn tình trạng", task.due_text(result.period.year), "", "Đề nghị cập nhật tiến độ, "
                     "hoàn thành và báo cáo kết quả.", t.task_id])
    _section(ws, st, r, "III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH",
             ["STT", "Nhiệm vụ", "Tình trạng", "Hạn", "", "Đề nghị", "Mã NV"], rows, "Không có nhiệm vụ quá hạn.")
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.set_footer(FOOTER)


def _section(ws, st: Styles, r: int, heading: str, headers: list[str], rows: list[list[Any]], empty: str) -> int:
    last = len(WIDTHS) - 1
    ws.merge_range(r, 0, r, last, heading, st.area())
    r += 1
    if not rows:
        ws.merge_range(r, 0, r, last, empty, st.text(italic=True))
        return r + 2
    ws.write_row(r, 0, headers, st.header())
    ws.set_row(r, 30)
    bad = st.text(bold=True, font_color=BAD_FONT)
    for values in rows:
        r += 1
        for c, v in enumerate(values):
            if isinstance(v, int) and not isinstance(v, bool):
                ws.write_number(r, c, v, st.text(align="center"))
            elif c == last:
                ws.write_string(r, c, str(v), st.text(font_size=8, font_color="#595959"))
            else:
                ws.write_string(r, c, str(v), bad if v == "Lỗi" else st.text())
        ws.set_row(r, row_height([(str(v), w) for c, (v, w) in enumerate(zip(values, WIDTHS)) if c != last]))
    return r + 2


def _num(value: float | None) -> str:
    return "" if value is None else format_number(value)
