"""Consolidate a folder of unit reports: the one entry point for the CLI, the window and the add-in."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from workbook_templates.fileio import write_text_chunks
from workbook_templates.plan_export import period_indicators
from workbook_templates.plan_model.periods import Period, parse_period
from workbook_templates.plan_model.plan import Plan, PlanIndicator, Unit, _num

from . import issues as iss
from .aggregate import Shortfall, _clean, aggregate
from .cache import ResultCache, cache_enabled
from .isolation import check_many, start_readers
from .preflight import path_problem, spreadsheet_suffix
from .result_json import json_chunks
from .verdicts import UnitFigures, Verdict, binding_targets, judge, unit_shortfalls
from .unit_report import (ACCEPTED, IGNORED, REJECTED, SUPERSEDED, UNREADABLE, FileResult, UnitReport,
                          sha256_of)

RESULT_VERSION = 1
OK, HAS_ERRORS, MISSING, STATUS_REJECTED = "ok", "has_errors", "missing", "rejected"
Progress = Callable[[int, int, str], None]


@dataclass
class UnitOutcome:
    unit: Unit
    status: str
    file: FileResult | None = None
    rejected: list[FileResult] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    late: bool = False

    @property
    def report(self) -> UnitReport | None:
        return self.file.report if self.file else None

    @property
    def issues(self) -> list[iss.Issue]:
        found = list(self.report.issues) if self.report else []
        for rejected in self.rejected:
            found += rejected.issues
        return found


@dataclass
class TaskOutcome:
    unit: str
    task_id: str
    status: str | None
    overdue: bool
    reported: bool = True


@dataclass
class Consolidation:
    plan: Plan
    period: Period
    indicators: list[PlanIndicator]
    files: list[FileResult]
    units: list[UnitOutcome]
    totals: dict[str, float | None]
    totals_including_errors: dict[str, float | None]
    units_behind: dict[str, float]
    total_shortfalls: list[Shortfall]
    tasks: list[TaskOutcome]
    level_totals: dict[str, dict[str, float | None]] = field(default_factory=dict)
    verdicts: list[Verdict] = field(default_factory=list)
    #: Earlier periods from the history file (consolidation.comparison.Comparison), when looked up.
    comparison: Any = None

    def shortfall_rows(self) -> list[tuple[str, str, Shortfall]]:
        """(unit name, unit code, shortfall): the totals' shortfalls first, then each unit's."""
        owner = [(self.pooled_name(s), self.plan.owner.code, s) for s in self.total_shortfalls]
        return owner + [(u.unit.name, u.unit.code, s) for u in self.units for s in u.shortfalls]

    def pooled_name(self, s: Shortfall) -> str:
        """Who a pooled shortfall belongs to: the owner's total or one level's units together."""
        if s.scope == "level_total" and s.level:
            return f"Chung của cấp: {self.plan.level_name(s.level)}"
        return f"{self.plan.owner.name} (toàn đơn vị)"

    def count(self, status: str) -> int:
        return sum(1 for u in self.units if u.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "expected": len(self.units),
            "submitted": sum(1 for u in self.units if u.status in (OK, HAS_ERRORS)),
            "ok": self.count(OK),
            "has_errors": self.count(HAS_ERRORS),
            "missing": self.count(MISSING),
            "rejected": self.count(STATUS_REJECTED),
            "late": sum(1 for u in self.units if u.late),
            "total_shortfalls": len(self.total_shortfalls),
            "overdue_tasks": sum(1 for t in self.tasks if t.overdue),
            "tasks_not_reported": sum(1 for t in self.tasks if not t.reported),
        }

    def as_json(self, lazy: bool = False) -> dict[str, Any]:
        """The result JSON (docs/result-json.md); ``lazy``: units and files as generators, made as
        they are written."""
        entry = self.plan.calendar_entry(self.period)
        codes = [i.code for i in self.indicators]
        tasks_by_unit: dict[str, list[TaskOutcome]] = {}
        for t in self.tasks:
            tasks_by_unit.setdefault(t.unit, []).append(t)
        return {
            "result_version": RESULT_VERSION,
            "period": self.period.code,
            "plan": self.plan.name,
            "owner": {"code": self.plan.owner.code, "name": self.plan.owner.name, "level": self.plan.owner.level},
            "period_info": {"code": self.period.code, "label": self.period.label,
                            "cutoff": entry.cutoff.isoformat() if entry else None,
                            "deadline": entry.deadline.isoformat() if entry else None},
            "plan_title": self.plan.title,
            "counts": self.counts,
            "units": _listed((self._unit_json(u, codes, tasks_by_unit.get(u.unit.code, [])) for u in self.units), lazy),
            "totals": {c: _clean(self.totals.get(c)) for c in codes},
            "totals_including_errors": {c: _clean(self.totals_including_errors.get(c)) for c in codes},
            "total_shortfalls": [s.as_json() for s in self.total_shortfalls],
            "level_totals": {level: {c: _clean(v) for c, v in values.items()}
                             for level, values in self.level_totals.items()},
            "verdicts": [v.as_json() for v in self.verdicts],
            "budget_by_area": self._budget_by_area(),
            "comparison": self.comparison.as_json() if self.comparison is not None else {"previous": None, "last_year": None},
            "files": _listed((f.as_json() for f in self.files), lazy),
        }

    def _budget_by_area(self) -> dict[str, float | int]:
        totals: dict[int, float] = {}
        for task in self.plan.tasks:
            totals[task.area] = totals.get(task.area, 0.0) + (task.budget or 0.0)
        return {str(area): _num(total) for area, total in sorted(totals.items())}

    def _unit_json(self, u: UnitOutcome, codes: list[str], tasks: list[TaskOutcome]) -> dict[str, Any]:
        rep = u.report
        return {
            "code": u.unit.code,
            "name": u.unit.name,
            "level": u.unit.level,
            "status": u.status,
            "late": u.late,
            "source": {"path": str(u.file.path), "sha256": u.file.sha256, "name": u.file.display} if u.file else None,
            "report_date": rep.report_date.isoformat() if rep and rep.report_date else None,
            "values": {c: _clean(rep.values.get(c)) if rep else None for c in codes},
            "texts": dict(sorted(rep.texts.items())) if rep else {},
            "issues": [i.as_json() for i in u.issues],
            "shortfalls": [s.as_json() for s in u.shortfalls],
            "tasks": [{"id": t.task_id, "status": t.status, "overdue": t.overdue, "reported": t.reported}
                      for t in tasks],
        }

    def period_warning(self) -> str | None:
        """A clear warning when no report of this period was found, naming the period most files carry."""
        if any(u.status in (OK, HAS_ERRORS) for u in self.units):
            return None
        others: dict[str, int] = {}
        for f in self.files:
            for issue in f.issues:
                if issue.code == "wrong-period" and issue.detail:
                    others[issue.detail] = others.get(issue.detail, 0) + 1
        text = f"Thư mục không có báo cáo nào của kỳ {self.period.label}."
        if others:
            code, n = max(sorted(others.items()), key=lambda item: item[1])
            try:
                label = parse_period(code).label
            except ValueError:
                label = code
            text += f" Phần lớn tệp là báo cáo kỳ {label} ({n} tệp): hãy kiểm tra lại kỳ đã chọn."
        return text

    def unit_texts(self) -> list[tuple[Unit, str, str]]:
        """What the units wrote, unit by unit: (unit, where, text) for free-text indicators and task notes."""
        found: list[tuple[Unit, str, str]] = []
        labels = {i.code: i.indicator.name for i in self.indicators}
        for u in self.units:
            rep = u.report
            if rep is None or u.status not in (OK, HAS_ERRORS):
                continue
            for code, text in sorted(rep.texts.items()):
                if text.strip():
                    found.append((u.unit, labels.get(code, code), text.strip()))
            for task_id, task in rep.tasks.items():
                if task.note and task.note.strip():
                    found.append((u.unit, f"Ghi chú nhiệm vụ {task_id}", task.note.strip()))
        return found

    def to_json_text(self) -> str:
        return "".join(json_chunks(self.as_json()))

    def write_json(self, path: Path | str) -> None:
        """The result JSON, written atomically piece by piece (``-``: standard output)."""
        write_text_chunks(path, json_chunks(self.as_json(lazy=True)))


def _listed(items: Iterator[Any], lazy: bool) -> Iterator[Any] | list[Any]:
    return items if lazy else list(items)


def discover(folder: Path) -> list[tuple[Path, str, str | None]]:
    """Every file under ``folder`` (sorted), with its display path and a reason to ignore it or None.

    Folders that cannot be listed are returned too (reason None): reading them reports why."""
    found = []
    refused: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=lambda exc: refused.append(Path(exc.filename or folder))):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            display = path.relative_to(folder).as_posix()   # pages show names inside the folder, never local paths
            if name.startswith("~$") or name.startswith(".~lock."):
                found.append((path, display, "Tệp khóa tạm của Excel/LibreOffice, bỏ qua"))
            elif not spreadsheet_suffix(path):
                found.append((path, display, "Không phải tệp bảng tính (.xlsx, .xlsm, .xls, .ods), bỏ qua"))
            else:
                found.append((path, display, None))
    for path in refused:
        display = path.relative_to(folder).as_posix() + "/" if path != folder else "./"
        found.append((path, display, None))
    return sorted(found, key=lambda item: item[1])


def _winner_key(result: FileResult) -> tuple:
    rep = result.report
    date = rep.report_date if rep and rep.report_date else dt.date.min
    return (date, result.mtime, result.display)


def consolidate(folder: Path | str, plan: Plan, period: Period, progress: Progress | None = None,
                use_cache: bool | None = None) -> Consolidation:
    """Read, check and add up every report under ``folder`` for ``plan`` and ``period``.

    Files already checked with the same content, plan and period come from the cache
    (``consolidation.cache``); the others are read in isolated reading processes."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"Không tìm thấy thư mục báo cáo '{folder}'")
    entries = discover(folder)
    store = ResultCache(plan=plan, period=period) if (cache_enabled() if use_cache is None else use_cache) else None
    if store is None:
        start_readers(len(entries))     # they load while the files are listed
    files: list[FileResult | None] = [None] * len(entries)
    todo: list[tuple[int, Path, str, str | None]] = []
    count = [0]

    def tick(display: str) -> None:
        count[0] += 1
        if progress:
            progress(count[0], len(entries), display)

    for n, (path, display, ignore_reason) in enumerate(entries):
        refused = path_problem(path)
        if refused:
            issue = iss.make(refused.code, file=display, detail=refused.detail)
            files[n] = FileResult(path, display, "", 0.0, UNREADABLE, issue.message, issues=[issue])
        elif ignore_reason:
            files[n] = FileResult(path, display, sha256_of(path), path.stat().st_mtime, IGNORED, ignore_reason)
        else:
            hit, digest = None, None
            if store:
                try:
                    digest = sha256_of(path)
                    hit = store.get(path, display, digest, path.stat().st_mtime)
                except OSError:
                    hit, digest = None, None
            if hit is None:
                if store and not todo:
                    start_readers(1)    # the first file to read: one process loads while the cache is looked up
                todo.append((n, path, display, digest))
                continue
            files[n] = hit
        tick(display)

    def done(i: int, result: FileResult) -> None:
        files[todo[i][0]] = result
        if store and result.outcome != UNREADABLE:
            store.put(result)
        tick(result.display)

    check_many([(path, display, digest) for _, path, display, digest in todo], plan, period, done)
    return consolidate_results([f for f in files if f is not None], plan, period)


def consolidate_results(files: list[FileResult], plan: Plan, period: Period) -> Consolidation:
    by_unit: dict[str, list[FileResult]] = {}
    for f in files:
        if f.outcome == ACCEPTED:
            by_unit.setdefault(f.unit_code or "", []).append(f)
    for unit_code, candidates in by_unit.items():
        if len(candidates) > 1:
            ordered = sorted(candidates, key=_winner_key, reverse=True)
            winner = ordered[0]
            for loser in ordered[1:]:
                loser.outcome = SUPERSEDED
                loser.reason = f"Đã có tệp mới hơn của cùng đơn vị: {winner.display}"
            winner.report.issues.append(iss.make("duplicate", file=winner.display, detail=len(candidates),
                                                 value=winner.display))
            by_unit[unit_code] = [winner]
    entry = plan.calendar_entry(period)
    # The units' indicators and the owner's own (its PAR and SIPAS rank): every target is judged.
    indicators = period_indicators(plan, period)
    rejected_by_unit: dict[str, list[FileResult]] = {}
    for f in files:
        if f.outcome == REJECTED:
            rejected_by_unit.setdefault(f.unit_code or "", []).append(f)
    units: list[UnitOutcome] = []
    binding: dict[str, list] = {}
    for unit in plan.units:
        chosen = by_unit.get(unit.code, [None])[0]
        rejected = rejected_by_unit.get(unit.code, [])
        if chosen is None:
            units.append(UnitOutcome(unit, STATUS_REJECTED if rejected else MISSING, None, rejected))
            continue
        rep = chosen.report
        late = bool(entry and rep.report_date and rep.report_date > entry.deadline)
        status = HAS_ERRORS if rep.has_errors else OK
        clean = {c: (None if c in rep.bad else v) for c, v in rep.values.items()}
        behind = rep.weights if rep.kind == "summary" else None
        if unit.level not in binding:
            binding[unit.level] = binding_targets(indicators, unit.level, period)
        units.append(UnitOutcome(unit, status, chosen, rejected, unit_shortfalls(binding[unit.level], clean, behind),
                                 late))
    ok_units = [u for u in units if u.status == OK]
    ok_reports = [u.report for u in ok_units]
    all_reports = [u.report for u in units if u.status in (OK, HAS_ERRORS)]
    totals, behind = aggregate(ok_reports, indicators)
    totals_err, _ = aggregate(all_reports, indicators)
    level_totals: dict[str, dict[str, float | None]] = {}
    level_behind: dict[str, dict[str, float]] = {}
    for level in dict.fromkeys(u.level for u in plan.units):
        level_totals[level], level_behind[level] = aggregate([r for r in ok_reports if r.unit.level == level], indicators)
    figures = [UnitFigures(u.unit.code, u.unit.level, u.report.values, u.report.weights, tuple(u.shortfalls))
               for u in ok_units]
    verdicts, total_short = judge(plan, period, indicators, figures, level_totals, level_behind, totals, behind)
    tasks: list[TaskOutcome] = []
    for u in units:
        # Overdue is judged at the report's date (the cut-off when it has none); a unit without a
        # report has its tasks "not reported", never overdue.
        on = (u.report.report_date if u.report and u.report.report_date else None) or (entry.cutoff if entry else period.end)
        for task in plan.tasks_for(u.unit.code):
            if u.report is None or u.status not in (OK, HAS_ERRORS):
                tasks.append(TaskOutcome(u.unit.code, task.id, None, False, reported=False))
                continue
            reported = u.report.tasks.get(task.id)
            status = reported.status if reported else None
            tasks.append(TaskOutcome(u.unit.code, task.id, status, task.overdue(status, on, period.year)))
    return Consolidation(plan, period, indicators, files, units, totals, totals_err, behind, total_short, tasks,
                         level_totals, verdicts)
