"""Word drafts the office finishes and signs: the periodic CCHC report (báo cáo kết quả thực hiện
công tác CCHC) and the reminder to units (công văn đôn đốc), in the form of Nghị định 30/2020.

Every number sentence is filled from the consolidation in Vietnamese style (12.345; 55,0%);
places for the office's own judgement are marked "[Cơ quan tổng hợp bổ sung: …]".
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from workbook_templates.fileio import atomic_path
from workbook_templates.report_cover import abbreviation, heading_lines

from .comparison import change
from .engine import HAS_ERRORS, MISSING, OK, STATUS_REJECTED, Consolidation
from .summary_lists import texts_for_section

FONT = "Times New Roman"
TODO = "[Cơ quan tổng hợp bổ sung: {}]"


def vn_number(value: float | None, decimals: int = 0) -> str:
    """12345 → "12.345"; 55.04 with 1 decimal → "55,0"."""
    if value is None:
        return "…"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)
    style.paragraph_format.space_after = Pt(4)
    return doc


def _para(doc, text: str = "", *, bold=False, italic=False, size=13, align=None, indent=True, color=None):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    elif indent:
        p.paragraph_format.first_line_indent = Cm(1.0)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return p


def _widths(table, centimetres: list[float]) -> None:
    """Column widths that Word and LibreOffice both honour (grid and every cell)."""
    table.autofit = False
    for c, width in enumerate(centimetres):
        table.columns[c].width = Cm(width)
        for cell in table.columns[c].cells:
            cell.width = Cm(width)


def _todo(doc, what: str) -> None:
    _para(doc, TODO.format(what), italic=True, color="C00000")


def _header(doc, result: Consolidation, kind: str, summary: str) -> None:
    """Quốc hiệu, tiêu ngữ, cơ quan ban hành, số và ký hiệu, địa danh và ngày tháng, trích yếu."""
    plan = result.plan
    table = doc.add_table(rows=3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [5.8, 10.4])
    cells = [(heading_lines(plan.owner.name.upper(), 24), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
             ("", "Độc lập - Tự do - Hạnh phúc"),
             (f"Số:       /{kind}-{abbreviation(plan.owner.name)}",
              f"{plan.place or '……'}, ngày      tháng      năm {result.period.end.year}")]
    for r, (left, right) in enumerate(cells):
        for c, text in enumerate((left, right)):
            p = table.cell(r, c).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.font.size = Pt(12 if c == 0 or r == 0 else 13)
            run.bold = (r == 0 and c == 1) or (r == 0 and c == 0) or (r == 1 and c == 1)
            run.italic = r == 2 and c == 1
            run.underline = r == 1 and c == 1
    doc.add_paragraph()
    _para(doc, summary, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)


def _signature(doc, result: Consolidation, recipients: Iterable[str]) -> None:
    table = doc.add_table(rows=1, cols=2)
    _widths(table, [7.5, 8.5])
    left, right = table.cell(0, 0), table.cell(0, 1)
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in [*recipients, "Lưu: VT."]:
        run = left.add_paragraph().add_run(f"- {line}")
        run.font.size = Pt(11)
    for text, bold, italic in (("THỦ TRƯỞNG CƠ QUAN", True, False), ("(Ký tên, đóng dấu)", False, True), ("", False, False),
                               ("", False, False), ("", False, False)):
        p = right.add_paragraph() if right.paragraphs[0].text or text == "" else right.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.italic = bold, italic


def write_report_docx(result: Consolidation, path: Path | str) -> Path:
    """The periodic report draft with its statistics annex."""
    plan, period, c = result.plan, result.period, result.counts
    doc = _document()
    _header(doc, result, "BC", f"BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính {period.label}")
    last_year = result.comparison.last_year_totals if result.comparison else {}
    _para(doc, f"Thực hiện {plan.title}, {plan.owner.name} báo cáo kết quả thực hiện công tác cải cách hành chính "
               f"{period.label} như sau:")
    _para(doc, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", bold=True, indent=False)
    _para(doc, f"Tổng hợp báo cáo của {c['expected']} cơ quan, đơn vị: đã nhận {c['submitted']} báo cáo "
               f"({c['ok']} hợp lệ, {c['has_errors']} có lỗi cần sửa), {c['missing']} đơn vị chưa nộp, "
               f"{c['late']} đơn vị nộp muộn.")
    tasks = [t for t in result.tasks if t.reported]
    done = sum(1 for t in tasks if t.status == "Hoàn thành")
    if tasks:
        _para(doc, f"Về nhiệm vụ trong Kế hoạch: {vn_number(done)}/{vn_number(len(tasks))} lượt nhiệm vụ đã hoàn thành "
                   f"({vn_number(100 * done / len(tasks), 1)}%), {result.counts['overdue_tasks']} lượt nhiệm vụ quá hạn "
                   "chưa hoàn thành.")
    _todo(doc, "các văn bản chỉ đạo, điều hành đã ban hành trong kỳ, công tác kiểm tra, tuyên truyền")
    _para(doc, "II. KẾT QUẢ THỰC HIỆN THEO TỪNG LĨNH VỰC", bold=True, indent=False)
    for n, (area, name) in enumerate(sorted(plan.areas.items()), start=1):
        codes = [i for i in result.indicators if i.indicator.area == area and i.indicator.kind != "text"]
        if not codes:
            continue
        _para(doc, f"{n}. {name}", bold=True, indent=False)
        for pi in codes:
            value = result.totals.get(pi.code)
            if value is None:
                continue
            decimals = 0 if pi.indicator.kind == "count" else 1
            unit = "%" if pi.indicator.unit == "%" else f" {pi.indicator.unit}"
            if pi.indicator.kind == "yesno":
                sentence = f"- {pi.indicator.name}: {vn_number(value)}/{result.counts['submitted']} đơn vị đã thực hiện"
            else:
                sentence = f"- {pi.indicator.name}: {vn_number(value, decimals)}{unit}"
            delta, pct = change(value, last_year.get(pi.code))
            if pct is not None and result.comparison.last_year:
                sentence += (f" ({'tăng' if delta > 0 else 'giảm'} {vn_number(abs(pct), 1)}% so với cùng kỳ năm "
                             f"{result.comparison.last_year.year})")
            _para(doc, sentence + ".", indent=False)
        area_tasks = [t for t in tasks if _area_of(plan, t.task_id) == area]
        if area_tasks:
            done_area = sum(1 for t in area_tasks if t.status == "Hoàn thành")
            _para(doc, f"- Nhiệm vụ: hoàn thành {done_area}/{len(area_tasks)} lượt nhiệm vụ.", indent=False)
    _para(doc, "III. ĐÁNH GIÁ CHUNG", bold=True, indent=False)
    _para(doc, "1. Ưu điểm", bold=True, indent=False)
    met = [v for v in result.verdicts if v.status == "met"]
    _para(doc, f"{len(met)} mục tiêu của Kế hoạch được đánh giá ở kỳ này đã đạt.")
    _todo(doc, "những kết quả nổi bật, mô hình, cách làm hay")
    _para(doc, "2. Tồn tại, hạn chế và nguyên nhân", bold=True, indent=False)
    names = {i.code: i.indicator.name for i in result.indicators}
    for owner_name, _code, s in result.shortfall_rows()[:40]:
        _para(doc, f"- {owner_name}: {names.get(s.indicator, s.indicator)} đạt {vn_number(s.value, 1)}, "
                   f"chỉ tiêu {s.target_text}, còn thiếu {vn_number(abs(s.gap), 1)}.", indent=False)
    _todo(doc, "nguyên nhân của các tồn tại, hạn chế")
    _para(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", bold=True, indent=False)
    _todo(doc, "phương hướng, nhiệm vụ trọng tâm kỳ tới")
    _para(doc, "V. KIẾN NGHỊ, ĐỀ XUẤT", bold=True, indent=False)
    for line in (texts_for_section(result) or "Các đơn vị không có kiến nghị, đề xuất.").split("\n"):
        _para(doc, line, indent=False)
    _todo(doc, "kiến nghị của cơ quan tổng hợp với cấp trên")
    _para(doc, f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {period.label} của {plan.owner.name}./.")
    _signature(doc, result, [plan.owner_parent_name or "Cơ quan cấp trên", "Các đơn vị báo cáo (để biết)"])
    _annex(doc, result, last_year)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return Path(path)


def _area_of(plan, task_id: str) -> int | None:
    return next((t.area for t in plan.tasks if t.id == task_id), None)


def _annex(doc, result: Consolidation, last_year: dict) -> None:
    doc.add_page_break()
    _para(doc, f"PHỤ LỤC\nSỐ LIỆU THỐNG KÊ CẢI CÁCH HÀNH CHÍNH {result.period.label.upper()}", bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    rows = [i for i in result.indicators if i.indicator.kind != "text" and result.totals.get(i.code) is not None]
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for c, text in enumerate(["STT", "Chỉ tiêu", "ĐVT", "Kết quả", "Cùng kỳ năm trước"]):
        run = table.rows[0].cells[c].paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(11)
    for n, pi in enumerate(rows, start=1):
        decimals = 0 if pi.indicator.kind == "count" else 2
        cells = table.add_row().cells
        for c, text in enumerate([str(n), pi.indicator.name, pi.indicator.unit,
                                  vn_number(result.totals.get(pi.code), decimals),
                                  vn_number(last_year.get(pi.code), decimals) if pi.code in last_year else ""]):
            run = cells[c].paragraphs[0].add_run(text)
            run.font.size = Pt(10)
    _widths(table, [1.0, 8.5, 2.0, 2.3, 2.2])


def write_reminder_docx(result: Consolidation, path: Path | str) -> Path:
    """Công văn đôn đốc: each missing, rejected, late or erroneous unit with what is missing and the deadline."""
    plan, period = result.plan, result.period
    entry = plan.calendar_entry(period)
    deadline = entry.deadline.strftime("%d/%m/%Y") if entry else "…"
    doc = _document()
    _header(doc, result, "CV", f"V/v đôn đốc gửi báo cáo kết quả thực hiện công tác cải cách hành chính {period.label}")
    _para(doc, "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách dưới đây.", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"Thực hiện {plan.title}, hạn gửi báo cáo kết quả thực hiện công tác cải cách hành chính {period.label} "
               f"là ngày {deadline}. Đến nay, {plan.owner.name} chưa nhận được báo cáo hợp lệ của các đơn vị sau:")
    reasons = {MISSING: "Chưa gửi báo cáo", STATUS_REJECTED: "Tệp gửi không dùng được", HAS_ERRORS: "Báo cáo có lỗi cần sửa"}
    rows = []
    for u in result.units:
        if u.status in reasons:
            detail = "; ".join(f.reason for f in u.rejected) if u.status == STATUS_REJECTED else (
                f"{sum(1 for i in u.issues if i.is_error)} lỗi (xem tệp phản hồi)" if u.status == HAS_ERRORS else "")
            rows.append((u.unit.name, reasons[u.status], detail))
        elif u.late and u.status == OK and u.report and u.report.report_date:
            rows.append((u.unit.name, "Nộp muộn", f"báo cáo lập ngày {u.report.report_date:%d/%m/%Y}"))
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for c, text in enumerate(["TT", "Cơ quan, đơn vị", "Tình trạng", "Nội dung cần bổ sung"]):
        table.rows[0].cells[c].paragraphs[0].add_run(text).bold = True
    for n, (name, status, detail) in enumerate(rows or [("(không có)", "", "")], start=1):
        cells = table.add_row().cells
        for c, text in enumerate([str(n), name, status, detail]):
            cells[c].paragraphs[0].add_run(text).font.size = Pt(11)
    _widths(table, [1.2, 6.0, 3.8, 5.0])
    _para(doc, f"Đề nghị các cơ quan, đơn vị khẩn trương gửi (hoặc gửi lại) báo cáo đúng biểu mẫu của kỳ {period.label} "
               f"về {plan.owner.name} để tổng hợp, báo cáo cấp trên theo quy định.")
    _signature(doc, result, ["Như trên", "Lãnh đạo cơ quan (để b/c)"])
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return Path(path)
