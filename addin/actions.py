"""The ribbon's actions: thin glue between Excel (a few xlwings objects) and the engine.

Each reads what it needs from Excel or a small dialog, calls ``consolidation.service``
and shows the outcome. xlwings objects used: ``book.fullname``, ``book.app.alert``,
``app.status_bar``, ``app.books.active / open / add``, ``sheet.name`` and
``sheet.range(...).value``.
"""
from __future__ import annotations

from pathlib import Path

from consolidation import service
from consolidation.summary_lists import OUTCOME_TEXT
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_model.plan import Plan

from .context import Context, UserError
from .registry import action

RESULT_SHEET = "Kết quả kiểm tra"
HELP_TEXT = (
    "Add-in CCHC – tổng hợp báo cáo cải cách hành chính\n\n"
    "• Tổng hợp báo cáo: chọn kế hoạch, kỳ và thư mục chứa báo cáo của các đơn vị; "
    "báo cáo tổng hợp, kết quả JSON và tệp phản hồi được ghi vào thư mục cạnh thư mục báo cáo.\n"
    "• Kiểm tra tệp đang mở: kiểm tra bản đã lưu của báo cáo đang mở, danh sách lỗi hiện trong một sổ mới.\n"
    "• Tạo biểu mẫu: tạo biểu mẫu của một kỳ cho từng đơn vị.\n"
    "• Mở thư mục báo cáo: mở thư mục đã chọn lần trước.\n\n"
    "Tệp ĐỌC TRƯỚC.txt cạnh add-in có hướng dẫn cài đặt."
)


def _choice(ctx: Context, title: str, need_folder: bool) -> service.Choice | None:
    if not ctx.settings.plan:
        ctx.settings.plan = ctx.conf("PLAN")
    choice = ctx.ui.ask_choice(title, ctx.settings, need_folder)
    if choice is not None:
        ctx.settings.plan, ctx.settings.period = choice.plan_spec, choice.period_code
        if need_folder:
            ctx.settings.folder = choice.folder
        ctx.remember()
    return choice


@action("consolidate", "Tổng hợp báo cáo")
def consolidate(ctx: Context) -> None:
    choice = _choice(ctx, "Tổng hợp báo cáo", need_folder=True)
    if choice is None:
        return
    app = ctx.app

    def progress(n: int, total: int, path: str) -> None:
        app.status_bar = f"CCHC: đang đọc tệp {n}/{total}: {Path(path).name}"

    try:
        run = service.run_consolidation(choice.folder, choice.plan, parse_period(choice.period_code), progress=progress)
    finally:
        app.status_bar = False
    app.books.open(str(run.summary))
    c = run.result.counts
    ctx.alert(
        f"Đã tổng hợp báo cáo {run.result.period.label}.\n\n"
        f"Đã nộp: {c['submitted']}/{c['expected']} đơn vị (nộp muộn: {c['late']})\n"
        f"Chưa nộp: {c['missing']}\n"
        f"Có lỗi: {c['has_errors']}; bị từ chối: {c['rejected']}\n"
        f"Chỉ tiêu không đạt: {c['total_shortfalls']}\n\n"
        f"Báo cáo tổng hợp: {run.summary}\n"
        f"Tệp phản hồi cho đơn vị ({len(run.feedback_files)} tệp): {run.feedback_dir}\n"
        f"Dự thảo báo cáo (Word): {run.report_draft}\n"
        f"Dự thảo công văn đôn đốc: {run.reminder}")


def _plan_for_check(ctx: Context) -> Plan:
    spec = ctx.settings.plan or ctx.conf("PLAN")
    if spec:
        return resolve_plan(spec)
    choice = _choice(ctx, "Chọn kế hoạch để kiểm tra", need_folder=False)
    if choice is None:
        raise UserError("Chưa chọn kế hoạch nên chưa kiểm tra được tệp.")
    return choice.plan


@action("validate_active", "Kiểm tra tệp đang mở")
def validate_active(ctx: Context) -> None:
    active = ctx.app.books.active
    path = Path(active.fullname) if active is not None else None
    if path is None or active.fullname == ctx.book.fullname or not path.is_file():
        raise UserError("Hãy mở tệp báo cáo cần kiểm tra (đã lưu trên máy) rồi bấm lại Kiểm tra tệp đang mở.")
    plan = _plan_for_check(ctx)
    result = service.check_file(path, plan)
    errors = [i for i in result.issues if i.is_error]
    rows: list[list] = [
        ["KẾT QUẢ KIỂM TRA BÁO CÁO CCHC"],
        ["Tệp", str(path)],
        ["Kế hoạch", plan.title],
        ["Đơn vị", result.unit_code or ""],
        ["Kết luận", OUTCOME_TEXT[result.outcome] + (f": {result.reason}" if result.reason else "")],
        ["Số lỗi / cảnh báo", f"{len(errors)} lỗi, {len(result.issues) - len(errors)} cảnh báo"],
        [],
        ["STT", "Mức độ", "Mã lỗi", "Sheet", "Ô", "Nội dung"],
    ]
    rows += [[n, i.level, i.code, i.sheet or "", i.cell or "", i.message]
             for n, i in enumerate(result.issues, start=1)]
    width = max(len(r) for r in rows)
    book = ctx.app.books.add()
    sheet = book.sheets[0]
    sheet.name = RESULT_SHEET
    sheet.range("A1").value = [r + [""] * (width - len(r)) for r in rows]
    if result.outcome == "accepted" and not result.issues:
        ctx.alert(f"Tệp {path.name} hợp lệ: không có lỗi hay cảnh báo.")
    else:
        ctx.alert(f"Tệp {path.name}: {len(errors)} lỗi, {len(result.issues) - len(errors)} cảnh báo. "
                  f"Danh sách (sheet, ô, nội dung) ở trang tính '{RESULT_SHEET}' của sổ mới. "
                  "Lưu ý: kiểm tra bản đã lưu của tệp.", critical=bool(errors) or result.outcome != "accepted")


@action("make_templates", "Tạo biểu mẫu")
def make_templates(ctx: Context) -> None:
    choice = _choice(ctx, "Tạo biểu mẫu", need_folder=False)
    if choice is None:
        return
    out = ctx.ui.ask_directory("Chọn thư mục ghi biểu mẫu", ctx.settings.templates_folder)
    if not out:
        return
    ctx.settings.templates_folder = out
    ctx.remember()
    paths = service.make_templates(choice.plan, parse_period(choice.period_code), out)
    ctx.ui.open_path(Path(out))
    ctx.alert(f"Đã tạo {len(paths)} biểu mẫu kỳ {parse_period(choice.period_code).label} vào thư mục {out}.")


@action("open_folder", "Mở thư mục báo cáo")
def open_folder(ctx: Context) -> None:
    folder = ctx.settings.folder
    if not folder or not Path(folder).is_dir():
        folder = ctx.ui.ask_directory("Chọn thư mục báo cáo của các đơn vị", folder)
        if not folder:
            return
        ctx.settings.folder = folder
        ctx.remember()
    ctx.ui.open_path(Path(folder))


@action("help", "Hướng dẫn")
def show_help(ctx: Context) -> None:
    ctx.alert(HELP_TEXT)
