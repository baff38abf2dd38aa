"""The ``cchc`` command line: a public contract (docs/cli.md).

Subcommands are English verbs; help and messages are Vietnamese. Exit codes: 0 success,
1 the input has errors (validation), 2 the command could not run (bad arguments, plan).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from workbook_templates.bundled import bundled_paths, resolve_plan
from workbook_templates.fileio import OutputLockedError, write_text_output
from workbook_templates.plan_model.periods import PeriodError, parse_period
from workbook_templates.plan_export import export_json
from workbook_templates.plan_workbook import PlanError
from workbook_templates.template_writer import TemplateError

from .outputs import OutputError
from .parallel_templates import write_templates

EXIT_OK, EXIT_INVALID, EXIT_FAILED = 0, 1, 2
Handler = Callable[[argparse.Namespace], int]


def cmd_plans(args: argparse.Namespace) -> int:
    rows = []
    for name, path in bundled_paths().items():
        plan = resolve_plan(name)
        rows.append({"name": name, "title": plan.title, "year": plan.year, "end_year": plan.end_year or plan.year,
                     "owner_level": plan.owner.level, "levels": list(plan.levels), "pre_2025": plan.pre_2025,
                     "path": str(path)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            years = f"{row['year']}–{row['end_year']}" if row["end_year"] != row["year"] else str(row["year"])
            era = "cơ cấu trước 01/7/2025 (chính quyền ba cấp)" if row["pre_2025"] else "chính quyền hai cấp (từ 01/7/2025)"
            print(f"{row['name']:<16} {years:<9}  [{row['owner_level']}]  {row['title']} — {era}")
    return EXIT_OK


def cmd_templates(args: argparse.Namespace) -> int:
    plan = resolve_plan(args.plan)
    period = parse_period(args.period)
    paths = write_templates(plan, period, Path(args.out), args.unit or None)
    for path in paths:
        print(path)
    print(f"Đã tạo {len(paths)} biểu mẫu kỳ {period.label} vào thư mục {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_plan_export(args: argparse.Namespace) -> int:
    plan = resolve_plan(args.plan)
    period = parse_period(args.period) if args.period else None
    write_text_output(args.json, export_json(plan, period))
    return EXIT_OK


def cmd_plan_check(args: argparse.Namespace) -> int:
    plan = resolve_plan(args.plan)
    targets = sum(len(i.targets) for i in plan.indicators)
    print(f"Kế hoạch '{plan.name}' hợp lệ: {len(plan.units)} đơn vị, {len(plan.indicators)} chỉ tiêu "
          f"({len(plan.own_indicators)} chỉ tiêu riêng), {targets} mục tiêu, {len(plan.tasks)} nhiệm vụ, "
          f"{len(plan.calendar)} kỳ báo cáo.")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from .cli_vi import install

    install()
    parser = argparse.ArgumentParser(prog="cchc", description="Biểu mẫu và tổng hợp báo cáo cải cách hành chính (CCHC).")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    p = sub.add_parser("plans", help="Liệt kê các kế hoạch có sẵn")
    p.add_argument("--json", action="store_true", help="In dạng JSON")
    p.set_defaults(handler=cmd_plans)

    p = sub.add_parser("templates", help="Tạo biểu mẫu báo cáo cho từng đơn vị của một kỳ")
    p.add_argument("plan", metavar="PLAN", help="Tên kế hoạch có sẵn hoặc đường dẫn tệp kế hoạch .xlsx")
    p.add_argument("--period", required=True, help="Kỳ báo cáo: 2024-Q1 … 2024-Q4, 2024-H1, 2024-9M, 2024-Y")
    p.add_argument("--out", required=True, help="Thư mục ghi biểu mẫu")
    p.add_argument("--unit", action="append", help="Chỉ tạo cho đơn vị có mã này (lặp lại được)")
    p.set_defaults(handler=cmd_templates)

    plan = sub.add_parser("plan", help="Làm việc với tệp kế hoạch")
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="LỆNH")
    p = plan_sub.add_parser("export", help="Xuất kế hoạch ra JSON")
    p.add_argument("plan", metavar="PLAN", help="Tên kế hoạch có sẵn hoặc đường dẫn tệp kế hoạch .xlsx")
    p.add_argument("--period", help="Chỉ các chỉ tiêu, nhiệm vụ có trong biểu mẫu của kỳ này")
    p.add_argument("--json", required=True, metavar="FILE", help="Tệp JSON đầu ra ('-' để in ra màn hình)")
    p.set_defaults(handler=cmd_plan_export)
    p = plan_sub.add_parser("check", help="Kiểm tra một tệp kế hoạch")
    p.add_argument("plan", metavar="PLAN", help="Tên kế hoạch có sẵn hoặc đường dẫn tệp kế hoạch .xlsx")
    p.set_defaults(handler=cmd_plan_check)

    from . import cli_consolidate  # noqa: WPS433 (registers consolidate, validate, demo)

    cli_consolidate.register(sub)

    p = sub.add_parser("history", help="Xem hoặc xuất lịch sử các lần tổng hợp")
    p.add_argument("action", nargs="?", choices=["export"], help="export: xuất lịch sử ra bảng .xlsx hoặc .csv")
    p.add_argument("--owner", metavar="MÃ", help="Chỉ đơn vị tổng hợp có mã này")
    p.add_argument("--history", metavar="FILE", help="Tệp lịch sử (mặc định: trong thư mục dữ liệu của người dùng)")
    p.add_argument("--json", action="store_true", help="In dạng JSON")
    p.add_argument("--out", metavar="FILE", help="Tệp xuất (.xlsx hoặc .csv), dùng với export")
    p.set_defaults(handler=cmd_history)

    p = sub.add_parser("gui", help="Mở cửa sổ tổng hợp báo cáo")
    p.set_defaults(handler=cmd_gui)
    p = sub.add_parser("addin", help="Chạy một chức năng của add-in Excel (do add-in gọi)")
    p.add_argument("tag", metavar="CHỨC_NĂNG", help="Tag của nút trên ribbon, ví dụ consolidate")
    p.set_defaults(handler=cmd_addin)
    return parser


def cmd_history(args: argparse.Namespace) -> int:
    from . import history

    store = Path(args.history) if args.history else history.default_path()
    try:
        if args.action == "export":
            if not args.out:
                print("Lỗi: cần --out TỆP.xlsx hoặc TỆP.csv", file=sys.stderr)
                return EXIT_FAILED
            print(history.export(Path(args.out), args.owner, store))
            return EXIT_OK
        rows = history.periods(args.owner, store)
    except history.HistoryError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print(f"Lịch sử trống ({store}).")
    for row in [] if args.json else rows:
        print(f"{row['owner']:<12} {row['period']:<8} {row['plan']:<16} đã nộp {row['submitted']}/{row['expected']}, "
              f"hợp lệ {row['ok']}, chưa nộp {row['missing']} — {row['owner_name']}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from .gui import main as gui_main

    return gui_main()


def cmd_addin(args: argparse.Namespace) -> int:
    """Exit 0 once the user has been told the outcome: a non-zero exit makes xlwings show
    its own (English, ANSI) error box on top of our Vietnamese message."""
    from addin.entry import run

    try:
        run(args.tag)
    except Exception as exc:  # noqa: BLE001 - no Excel to show it in: stderr reaches xlwings' log box
        print(f"Lỗi: không chạy được chức năng '{args.tag}' của add-in: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


#: Arguments xlwings' RunFrozenPython appends to every call (read by xlwings.Book.caller()).
XLWINGS_ARGS = ("--wb=", "--from_xl=", "--app=", "--hwnd=")


def strip_xlwings_args(argv: list[str]) -> list[str]:
    """``argv`` without the arguments RunFrozenPython adds (sys.argv keeps them for xlwings)."""
    return [a for a in argv if not a.startswith(XLWINGS_ARGS)]


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    parser = build_parser()
    args = parser.parse_args(strip_xlwings_args(sys.argv[1:] if argv is None else argv))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_FAILED
    try:
        return handler(args)
    except (PlanError, PeriodError, TemplateError, OutputLockedError, OutputError, FileNotFoundError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:                                  # a disk or permission failure while writing
        print(f"Lỗi: không ghi được kết quả ({exc.strerror or 'lỗi hệ thống'}: {exc.filename or ''}).", file=sys.stderr)
        return EXIT_FAILED


def frozen_main() -> int:
    """The packaged program: the window when started without arguments, else the CLI
    (``--cchc-reader``: the isolated reading process of a consolidation)."""
    if sys.argv[1:2] == ["--cchc-reader"]:
        from .reader_worker import serve

        return serve()
    if len(strip_xlwings_args(sys.argv[1:])) == 0:
        _hide_own_console()
        return cmd_gui(argparse.Namespace())
    return main()


def _hide_own_console() -> None:
    """On Windows, hide the console window a double-clicked console program gets."""
    if not sys.platform.startswith("win"):
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    processes = (ctypes.c_uint * 2)()
    if kernel32.GetConsoleProcessList(processes, 2) == 1:     # the console is ours alone
        ctypes.windll.user32.ShowWindow(kernel32.GetConsoleWindow(), 0)  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
