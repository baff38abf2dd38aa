"""One small workbook per unit with problems, ready to send back to the unit."""
from __future__ import annotations

from pathlib import Path

from workbook_templates.fileio import atomic_path
from workbook_templates.styles import Styles
from workbook_templates.template_writer import new_workbook

from .engine import Consolidation, UnitOutcome


def feedback_filename(outcome: UnitOutcome, period_code: str) -> str:
    return f"{outcome.unit.code}_{period_code}_phan-hoi.xlsx"


def write_feedback(result: Consolidation, out_dir: Path | str) -> list[Path]:
    """Write a feedback workbook for every unit whose files have issues; return their paths."""
    out_dir = Path(out_dir)
    written = []
    for u in result.units:
        found = u.issues
        if not found:
            continue
        path = out_dir / feedback_filename(u, result.period.code)
        with atomic_path(path) as tmp:
            wb = new_workbook(tmp, f"Phản hồi báo cáo CCHC {result.period.label} - {u.unit.name}")
            st = Styles(wb)
            ws = wb.add_worksheet("Phản hồi")
            for c, w in enumerate([6, 10, 22, 18, 8, 90, 40]):
                ws.set_column(c, c, w)
            ws.merge_range(0, 0, 0, 6, f"PHẢN HỒI VỀ BÁO CÁO CCHC {result.period.label.upper()}", st.title(14))
            ws.merge_range(1, 0, 1, 6, f"Kính gửi: {u.unit.name}", st.get(bold=True, align="center"))
            errors = sum(1 for i in found if i.is_error)
            note = (f"{result.plan.owner.name} đã kiểm tra báo cáo của đơn vị: {errors} lỗi cần sửa, "
                    f"{len(found) - errors} cảnh báo cần xem lại. Đề nghị đơn vị sửa trên chính tệp đã gửi và gửi lại.")
            ws.merge_range(2, 0, 2, 6, note, st.get(italic=True, text_wrap=True, align="center"))
            ws.set_row(2, 36)
            ws.write_row(4, 0, ["STT", "Mức độ", "Mã lỗi", "Sheet", "Ô", "Nội dung", "Tệp"], st.header())
            for n, issue in enumerate(found, start=1):
                r = 4 + n
                values = [n, issue.level, issue.code, issue.sheet or "", issue.cell or "",
                          issue.message, Path(issue.file).name if issue.file else ""]
                for c, v in enumerate(values):
                    if isinstance(v, int):
                        ws.write_number(r, c, v, st.text(align="center"))
                    else:
                        ws.write_string(r, c, v, st.text(bold=(c == 1 and issue.is_error)))
            ws.set_paper(9)
            ws.set_landscape()
            ws.fit_to_pages(1, 0)
            ws.repeat_rows(4, 4)
            wb.close()
        written.append(path)
    return written
