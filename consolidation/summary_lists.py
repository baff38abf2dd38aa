"""The summary's listing sheets: Không đạt, Nhiệm vụ theo đơn vị, Khó khăn đề xuất, Lỗi dữ liệu,
Chưa nộp, Nguồn dữ liệu. Vietnamese words only; codes sit in narrow columns for support."""
from __future__ import annotations

from typing import Any

from workbook_templates.styles import BAD_FONT, BROKEN_FILL, Styles

from . import issues as iss
from .engine import HAS_ERRORS, MISSING, OK, STATUS_REJECTED, Consolidation
from .sheet_tables import page, table, title
from .verdicts import scope_label

STATUS_TEXT = {OK: "Hợp lệ", HAS_ERRORS: "Có lỗi", MISSING: "Chưa nộp", STATUS_REJECTED: "Bị từ chối"}
OUTCOME_TEXT = {"accepted": "Được dùng", "superseded": "Bị thay bằng tệp mới hơn", "rejected": "Bị từ chối",
                "unreadable": "Không đọc được", "ignored": "Bỏ qua"}


def fmt_value(value: float | None) -> Any:
    return None if value is None else round(value, 2)


def _sheet(wb, st: Styles, name: str, heading: str, sub: str, headers: list[str], rows: list[list[Any]],
           widths: list[float], code_cols: tuple[int, ...] = ()) -> tuple[Any, int]:
    ws = wb.add_worksheet(name)
    title(ws, st, heading, sub, len(headers), widths)
    if not rows:
        rows = [["(không có)"] + [""] * (len(headers) - 1)]
    last = table(ws, st, 3, headers, rows, widths, code_cols=code_cols)
    page(ws, 3)
    return ws, last


def write_shortfalls(wb, st: Styles, result: Consolidation, sub: str) -> None:
    by_code = {i.code: i for i in result.indicators}
    plan = result.plan
    rows = []
    for name, code, s in result.shortfall_rows():
        value, target, gap = fmt_value(s.value), s.target_text, fmt_value(s.gap)
        if by_code[s.indicator].indicator.kind == "yesno" and s.scope == "each":
            value, target, gap = ("Có" if s.value else "Không"), ("Có" if s.target >= 1 else "Không"), None
        rows.append([name, scope_label(plan, s), by_code[s.indicator].indicator.name, value, target, gap, code,
                     s.indicator])
    _sheet(wb, st, "Không đạt", "DANH SÁCH CHỈ TIÊU KHÔNG ĐẠT", sub,
           ["Đơn vị", "Phạm vi áp dụng", "Chỉ tiêu", "Kết quả", "Chỉ tiêu kế hoạch", "Chênh lệch", "Mã đơn vị",
            "Mã chỉ tiêu"], rows, [28, 20, 50, 11, 13, 11, 12, 20], code_cols=(6, 7))


def write_tasks(wb, st: Styles, result: Consolidation, sub: str) -> None:
    tasks = {t.id: t for t in result.plan.tasks}
    names_of = {u.code: u.name for u in result.plan.units}
    rows = []
    for t in result.tasks:
        task = tasks[t.task_id]
        status = t.status or ("Chưa chọn tình trạng" if t.reported else "Chưa báo cáo (đơn vị chưa nộp)")
        rows.append([t.task_id, task.content, names_of.get(t.unit, t.unit), task.timing,
                     task.due_text(result.period.year), status,
                     "Quá hạn" if t.overdue else "", task.budget])
    ws, last = _sheet(wb, st, "Nhiệm vụ theo đơn vị", "TIẾN ĐỘ NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ", sub,
                      ["Mã NV", "Nội dung", "Đơn vị chủ trì", "Thời gian", "Hạn", "Tình trạng", "Quá hạn",
                       "Kinh phí (triệu đồng)"], rows, [7, 58, 28, 17, 12, 17, 10, 11])
    red = wb.add_format({"bg_color": BROKEN_FILL, "font_color": BAD_FONT, "bold": True})
    ws.conditional_format(4, 6, last, 6, {"type": "cell", "criteria": "==", "value": '"Quá hạn"', "format": red})


def write_texts(wb, st: Styles, result: Consolidation, sub: str) -> None:
    """What every unit wrote (difficulties, proposals, task notes), unit by unit, as typed."""
    rows = [[n, unit.name, where, text] for n, (unit, where, text) in enumerate(result.unit_texts(), start=1)]
    _sheet(wb, st, "Khó khăn, đề xuất", "KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ", sub,
           ["STT", "Đơn vị", "Mục", "Nội dung (nguyên văn)"], rows, [6, 30, 26, 110])


def texts_for_section(result: Consolidation, limit: int = 30000) -> str:
    """Section VIII of the summary's indicator sheet: every unit's words, one paragraph each."""
    parts = [f"- {unit.name} ({where.lower()}): {text}" if where.startswith("Ghi chú") else f"- {unit.name}: {text}"
             for unit, where, text in result.unit_texts()]
    text = "\n".join(parts)
    if len(text) > limit:
        text = text[:limit].rsplit("\n", 1)[0] + "\n(… xem đầy đủ tại sheet \"Khó khăn, đề xuất\")"
    return text


def write_problems(wb, st: Styles, result: Consolidation, sub: str) -> None:
    names_of = {u.code: u.name for u in result.plan.units}
    rows = []
    for f in result.files:
        for i in f.issues:
            rows.append([f.display, names_of.get(f.unit_code or "", ""), i.level, iss.TYPES[i.code].title,
                         i.sheet or "", i.cell or "", i.message, i.code])
    ws, last = _sheet(wb, st, "Lỗi dữ liệu", "CÁC VẤN ĐỀ VỀ DỮ LIỆU THEO TỆP", sub,
                      ["Tệp", "Đơn vị", "Mức độ", "Loại vấn đề", "Trang tính", "Ô", "Nội dung", "Mã (hỗ trợ)"], rows,
                      [30, 24, 9, 22, 12, 7, 66, 16], code_cols=(7,))
    red = wb.add_format({"font_color": BAD_FONT, "bold": True})
    ws.conditional_format(4, 2, last, 2, {"type": "cell", "criteria": "==", "value": '"Lỗi"', "format": red})


def write_missing(wb, st: Styles, result: Consolidation, sub: str) -> None:
    plan = result.plan
    entry = plan.calendar_entry(result.period)
    deadline = entry.deadline.strftime("%d/%m/%Y") if entry else ""
    rows = []
    for u in result.units:
        if u.status in (MISSING, STATUS_REJECTED):
            reason = "; ".join(f.reason for f in u.rejected) or "Không có tệp báo cáo"
            rows.append([u.unit.name, plan.level_name(u.unit.level), STATUS_TEXT[u.status], deadline, reason, u.unit.code])
        elif u.late:
            rows.append([u.unit.name, plan.level_name(u.unit.level), "Nộp muộn", deadline,
                         f"Ngày lập báo cáo {u.report.report_date:%d/%m/%Y}", u.unit.code])
    _sheet(wb, st, "Chưa nộp", "ĐƠN VỊ CHƯA NỘP, BỊ TỪ CHỐI HOẶC NỘP MUỘN", sub,
           ["Tên đơn vị", "Cấp", "Tình trạng", "Hạn nộp", "Ghi chú", "Mã đơn vị"], rows, [36, 28, 14, 12, 60, 14],
           code_cols=(5,))


def write_sources(wb, st: Styles, result: Consolidation, sub: str) -> None:
    names_of = {u.code: u.name for u in result.plan.units}
    rows = [[f.display, names_of.get(f.unit_code or "", f.unit_code or ""), OUTCOME_TEXT[f.outcome], f.reason,
             sum(1 for i in f.issues if i.is_error), f.sha256[:16]] for f in result.files]
    _sheet(wb, st, "Nguồn dữ liệu", "CÁC TỆP ĐÃ ĐỌC", sub,
           ["Tệp", "Đơn vị", "Kết quả", "Lý do", "Số lỗi", "Mã băm SHA-256 (16 ký tự đầu)"], rows,
           [40, 28, 18, 56, 8, 20], code_cols=(5,))
