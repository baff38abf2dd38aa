"""CLI verbs of the consolidation engine: consolidate, validate, demo."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from workbook_templates.bundled import resolve_plan
from workbook_templates.fileio import write_text_output
from workbook_templates.plan_model.periods import parse_period

from .engine import consolidate
from .issues import TYPES
from . import history
from .comparison import compare
from .feedback import write_feedback
from .gc_pause import paused_gc
from .outputs import check_file_output, check_outputs, clean_leftovers, run_lock
from .progress import progress_bar
from .summary_writer import write_summary
from .service import check_file, counts_text


def print_counts(result, out=sys.stderr) -> None:
    print(counts_text(result), file=out)


def cmd_consolidate(args: argparse.Namespace) -> int:
    plan = resolve_plan(args.plan)
    period = parse_period(args.period)
    out = Path(args.out)
    json_path = Path(args.json) if args.json and args.json != "-" else None
    feedback = Path(args.feedback) if args.feedback else None
    check_outputs(out, json_path, feedback)
    for extra, label in ((args.docx, "Tệp dự thảo báo cáo"), (args.reminder, "Tệp công văn đôn đốc")):
        if extra:
            check_file_output(Path(extra), label)                 # before any work: nothing is replaced on refusal
    if not Path(args.folder).is_dir():
        raise FileNotFoundError(f"Không tìm thấy thư mục báo cáo '{args.folder}'")
    with run_lock(out.resolve().parent), paused_gc():
        for folder in {out.resolve().parent, *(p.resolve().parent for p in (json_path, feedback) if p)}:
            clean_leftovers(folder)
        result = consolidate(Path(args.folder), plan, period, progress_bar(), use_cache=False if args.no_cache else None)
        store = None if args.no_history else (Path(args.history) if args.history else history.default_path())
        if store:
            try:
                result.comparison = compare(result, store)
            except history.HistoryError as exc:
                print(f"Cảnh báo: {exc} Bỏ qua phần so sánh với các kỳ trước.", file=sys.stderr)
                store = None
        recorded = history.record_in_background(result, store) if store else None
        write_summary(result, out)
        if args.json:
            result.write_json(args.json)
        if feedback:
            written = write_feedback(result, feedback, every_unit=args.feedback_all)
            print(f"Đã ghi {len(written)} tệp phản hồi vào {args.feedback}", file=sys.stderr)
        if args.docx or args.reminder:
            from .report_docx import write_reminder_docx, write_report_docx   # python-docx only when asked for
        if args.docx:
            write_report_docx(result, Path(args.docx))
            print(f"Dự thảo báo cáo: {args.docx}", file=sys.stderr)
        if args.reminder:
            write_reminder_docx(result, Path(args.reminder))
            print(f"Dự thảo công văn đôn đốc: {args.reminder}", file=sys.stderr)
        if recorded:
            recorded()
    print_counts(result)
    print(f"Báo cáo tổng hợp: {args.out}", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    plan = resolve_plan(args.plan)
    files = [Path(f) for f in args.files]
    period = parse_period(args.period) if args.period else None
    checked = []
    for path in files:
        checked.append((path, check_file(path, plan, period)))
    failed = False
    rows = []
    for path, result in checked:
        errors = [i for i in result.issues if i.is_error]
        failed |= bool(errors) or result.outcome != "accepted"
        rows.append({**result.as_json(), "issues": [i.as_json() for i in result.issues]})
        status = "HỢP LỆ" if not errors and result.outcome == "accepted" else "CÓ LỖI"
        print(f"{status}: {path} ({len(errors)} lỗi, {len(result.issues) - len(errors)} cảnh báo)")
        for issue in result.issues:
            where = ", ".join(p for p in (f"trang tính '{issue.sheet}'" if issue.sheet else "", f"ô {issue.cell}" if issue.cell else "") if p)
            title = TYPES[issue.code].title
            print(f"  - [{issue.level}] {title}{' (' + where + ')' if where else ''}: {issue.message} [mã {issue.code}]")
    if args.json:
        write_text_output(args.json, json.dumps({"plan": plan.name, "files": rows}, ensure_ascii=False, indent=2) + "\n")
    return 1 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    result = run_demo(Path(args.out), args.plan, args.period)
    print_counts(result)
    print(f"Thư mục minh họa: {args.out}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the consolidation subcommands to the ``cchc`` parser."""
    p = sub.add_parser("consolidate", help="Tổng hợp một thư mục báo cáo của các đơn vị")
    p.add_argument("folder", metavar="DIR", help="Thư mục chứa báo cáo (đọc cả thư mục con)")
    p.add_argument("--plan", required=True, metavar="PLAN", help="Tên kế hoạch có sẵn hoặc đường dẫn tệp kế hoạch .xlsx")
    p.add_argument("--period", required=True, help="Kỳ báo cáo, ví dụ 2023-Y, 2024-Q1, 2024-H1")
    p.add_argument("--out", required=True, metavar="SUMMARY.xlsx", help="Tệp báo cáo tổng hợp")
    p.add_argument("--json", metavar="RESULT.json", help="Kết quả dạng JSON")
    p.add_argument("--feedback", metavar="DIR", help="Thư mục ghi tệp phản hồi cho từng đơn vị")
    p.add_argument("--history", metavar="FILE", help="Tệp lịch sử tổng hợp (mặc định: trong thư mục dữ liệu của người dùng)")
    p.add_argument("--no-history", action="store_true", help="Không so sánh với kỳ trước và không ghi vào lịch sử")
    p.add_argument("--no-cache", action="store_true", help="Đọc lại mọi tệp, không dùng kết quả đã lưu của lần trước")
    p.add_argument("--docx", metavar="BAOCAO.docx", help="Ghi dự thảo báo cáo kết quả CCHC (Word)")
    p.add_argument("--reminder", metavar="DONDOC.docx", help="Ghi dự thảo công văn đôn đốc đơn vị chưa nộp, nộp muộn, bị từ chối")
    p.add_argument("--feedback-all", action="store_true",
                   help="Ghi tệp phản hồi cho mọi đơn vị đã nộp (mặc định: chỉ đơn vị có điều cần báo)")
    p.set_defaults(handler=cmd_consolidate)

    p = sub.add_parser("validate", help="Kiểm tra một hoặc nhiều tệp báo cáo")
    p.add_argument("files", nargs="+", metavar="FILE", help="Tệp báo cáo cần kiểm tra")
    p.add_argument("--plan", required=True, metavar="PLAN", help="Tên kế hoạch có sẵn hoặc đường dẫn tệp kế hoạch .xlsx")
    p.add_argument("--period", help="Kỳ báo cáo (mặc định: kỳ ghi trong tệp)")
    p.add_argument("--json", metavar="FILE", help="Ghi kết quả kiểm tra dạng JSON vào tệp này")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("demo", help="Tạo thư mục báo cáo minh họa và tổng hợp")
    p.add_argument("--out", required=True, metavar="DIR", help="Thư mục ghi bộ dữ liệu minh họa (xóa và tạo lại)")
    p.add_argument("--plan", default="cathai-2023", help="Kế hoạch dùng để minh họa (mặc định: cathai-2023)")
    p.add_argument("--period", default=None, help="Mặc định: kỳ năm của kế hoạch")
    p.set_defaults(handler=cmd_demo)
