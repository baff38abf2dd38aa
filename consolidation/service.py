"""The verbs every front end (CLI, window, Excel add-in) calls: no front end holds logic.

``run_consolidation`` reads a folder and writes the summary, the result JSON and the
feedback files; ``check_folder`` only reads and checks; ``make_templates`` writes blank
templates; ``current_period`` picks the period a user most likely means today.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from workbook_templates import names
from workbook_templates.bundled import bundled_paths, resolve_plan
from workbook_templates.plan_model.periods import Period, parse_period
from workbook_templates.plan_model.plan import Plan

from .engine import Consolidation, Progress, consolidate
from .feedback import write_feedback
from .gc_pause import paused_gc
from .parallel_templates import write_templates
from .reader import UnreadableError, read_workbook
from .summary_writer import write_summary
from . import history
from .comparison import compare
from .isolation import check_isolated
from .outputs import check_outputs, clean_leftovers, run_lock
from .preflight import Limits, Refused, path_problem, sniff
from .unit_report import FileResult

SUMMARY_NAME = "tong-hop_{owner}_{period}.xlsx"
RESULT_JSON = "ket-qua.json"
FEEDBACK_DIR = "phan-hoi"
REPORT_DRAFT = "du-thao-bao-cao.docx"
REMINDER = "du-thao-cong-van-don-doc.docx"


class FormError(ValueError):
    """A choice is missing or wrong; the message is for the user."""


@dataclass(frozen=True)
class Choice:
    """What the user chose in a form: plan, period and the reports folder."""
    plan: Plan
    plan_spec: str
    period_code: str
    folder: str


@dataclass(frozen=True)
class RunOutput:
    """Where one consolidation wrote its files, and what it found."""
    result: Consolidation
    out_dir: Path
    summary: Path
    result_json: Path
    feedback_dir: Path
    feedback_files: list[Path]
    report_draft: Path | None = None
    reminder: Path | None = None


def plan_choices() -> dict[str, str]:
    """Bundled plans: name → 'name – title' for a drop-down list."""
    return {name: f"{name} – {resolve_plan(name).title}" for name in bundled_paths()}


def current_period(plan: Plan, today: dt.date | None = None) -> Period:
    """The latest period of the plan's calendar that has ended by ``today`` (else the first)."""
    today = today or dt.date.today()
    ended = [c.period for c in plan.calendar if c.period.end <= today]
    return max(ended, key=lambda p: (p.end, p.kind == "Y")) if ended else plan.calendar[0].period


def default_output_dir(folder: Path, period: Period) -> Path:
    """Beside the reports folder (never inside it, or the next run would read its own output)."""
    folder = Path(folder).resolve()
    return folder.parent / f"{folder.name}_tong-hop_{period.code}"


def run_consolidation(folder: Path | str, plan: Plan, period: Period, out_dir: Path | str | None = None,
                      progress: Progress | None = None, history_file: Path | None = None) -> RunOutput:
    """Consolidate ``folder`` and write summary, result JSON and feedback files into ``out_dir``."""
    folder = Path(folder)
    out = Path(out_dir) if out_dir else default_output_dir(folder, period)
    summary = out / SUMMARY_NAME.format(owner=plan.owner.code, period=period.code)
    result_json = out / RESULT_JSON
    feedback_dir = out / FEEDBACK_DIR
    check_outputs(summary, result_json, feedback_dir)        # before any work: nothing replaced on refusal
    draft, reminder = out / REPORT_DRAFT, out / REMINDER
    from .report_docx import write_reminder_docx, write_report_docx   # python-docx: loaded when a run needs it
    with run_lock(out), paused_gc():
        clean_leftovers(out)
        result = consolidate(folder, plan, period, progress)
        store: Path | None = history_file
        try:
            result.comparison = compare(result, store)
        except history.HistoryError:
            store = False  # type: ignore[assignment] - the run goes on without history
        recorded = history.record_in_background(result, store) if store is not False else None
        write_summary(result, summary)
        result.write_json(result_json)
        feedback = write_feedback(result, feedback_dir)
        write_report_docx(result, draft)
        write_reminder_docx(result, reminder)
        if recorded:
            recorded()
    return RunOutput(result, out, summary, result_json, feedback_dir, feedback, draft, reminder)


def check_folder(folder: Path | str, plan: Plan, period: Period, progress: Progress | None = None) -> Consolidation:
    """Read and check every report of ``folder`` without writing anything."""
    return consolidate(Path(folder), plan, period, progress)


def period_of_file(path: Path, plan: Plan) -> Period:
    """The period a report says it is for (its header cell), else the plan's current period."""
    try:
        if path_problem(path) is None:
            fmt = sniff(path, Limits.from_env())     # never hand a hostile file to a library here
            if fmt != "xlsb":
                return parse_period(str(read_workbook(path, fmt).value(names.HEADER_NAMES["period"])))
    except (Refused, UnreadableError, ValueError):
        pass
    return current_period(plan)


def check_file(path: Path | str, plan: Plan, period: Period | None = None) -> FileResult:
    """Check one report (period from the file when not given)."""
    path = Path(path)
    return check_isolated(path, str(path), plan, period or period_of_file(path, plan))


def make_templates(plan: Plan, period: Period, out_dir: Path | str) -> list[Path]:
    """Blank templates of ``period`` for every unit of ``plan``."""
    return write_templates(plan, period, Path(out_dir))


def counts_text(result: Consolidation) -> str:
    """One Vietnamese sentence with the counts staff look at first."""
    c = result.counts
    return (f"Kỳ {result.period.label}: {c['expected']} đơn vị phải nộp; đã nộp {c['submitted']} "
            f"(hợp lệ {c['ok']}, có lỗi {c['has_errors']}); chưa nộp {c['missing']}; bị từ chối {c['rejected']}; "
            f"nộp muộn {c['late']}; chỉ tiêu tổng hợp không đạt {c['total_shortfalls']}."
            + (f"\nCẢNH BÁO: {result.period_warning()}" if result.period_warning() else ""))
