"""Check one report file against the plan and period: identify, read by name, validate."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook_templates import names
from workbook_templates.plan_model import expr
from workbook_templates.layout import ReportLayout, shared_report_layout
from workbook_templates.plan_export import period_indicators
from workbook_templates.plan_model.periods import Period
from workbook_templates.plan_model.plan import Plan, PlanIndicator, Unit

from . import issues as iss
from .issues import Issue
from .legacy_text import repair
from .preflight import Limits, Refused, open_checked, path_problem
from .reader import RawWorkbook, UnreadableError, read_workbook, xlsb_unit
from .vnnumbers import parse_date, parse_number

LEGACY_NAMES = {"tcvn3": "TCVN3 (.VnTime)", "vni": "VNI"}

log = logging.getLogger("cchc")
#: Larger magnitudes are typing or forging mistakes, never a CCHC figure.
MAX_MAGNITUDE = 1e12

ACCEPTED, SUPERSEDED, REJECTED, UNREADABLE, IGNORED = "accepted", "superseded", "rejected", "unreadable", "ignored"
YES_WORDS = {"có": 1, "co": 1, "không": 0, "khong": 0}


@dataclass
class TaskReport:
    id: str
    status: str | None
    done_date: dt.date | None
    output: str | None
    note: str | None


@dataclass
class UnitReport:
    """What an accepted file says about its unit."""

    unit: Unit
    kind: str                                   # "template" or "summary"
    values: dict[str, float | None]             # numeric inputs and per-unit ratios
    bad: set[str] = field(default_factory=set)  # codes whose own cell check failed
    weights: dict[str, float] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    tasks: dict[str, TaskReport] = field(default_factory=dict)
    reporter: str | None = None
    report_date: dt.date | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)


@dataclass
class FileResult:
    path: Path
    display: str
    sha256: str
    mtime: float
    outcome: str = ACCEPTED
    reason: str = ""
    unit_code: str | None = None
    report: UnitReport | None = None
    issues: list[Issue] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "sha256": self.sha256, "unit": self.unit_code, "outcome": self.outcome,
                "reason": self.reason, "name": self.display}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Checker:
    def __init__(self, raw: RawWorkbook, display: str, layout: ReportLayout, kind: str):
        self.raw, self.display, self.layout, self.kind = raw, display, layout, kind
        self.report = UnitReport(layout.unit, kind, {})

    def add(self, code: str, name: str | None = None, indicator: str | None = None, **kw: Any) -> None:
        ref = self.raw.ref(name) if name else None
        self.report.issues.append(iss.make(code, file=self.display, sheet=ref.sheet if ref else None,
                                           cell=ref.address if ref else None, indicator=indicator, **kw))

    def number(self, pi: PlanIndicator, name: str, label: str) -> float | None:
        raw = self.raw.value(name)
        code = pi.code
        if isinstance(raw, bool):                      # TRUE/FALSE is not a count
            self.add("not-a-number", name, code, detail="TRUE" if raw else "FALSE")
            self.report.bad.add(code)
            return None
        if isinstance(raw, str):
            parsed = parse_number(raw)
            if parsed is None:
                self.add("not-a-number", name, code, detail=raw)
                self.report.bad.add(code)
                return None
            self.add("number-as-text", name, code, detail=raw, value=_fmt(parsed))
            raw = parsed
        if not isinstance(raw, (int, float)):
            self.add("not-a-number", name, code, detail=raw)
            self.report.bad.add(code)
            return None
        value = float(raw)
        kind = pi.indicator.kind
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:   # inf, NaN, 1E+308: never reach a total
            self.add("out-of-range", name, code, detail=f"{label} = {raw}", value=f"|x| ≤ {MAX_MAGNITUDE:.0e}")
            self.report.bad.add(code)
            return None
        # A summary's yes/no cell holds a count of units answering Có.
        top = None if (self.kind == "summary" and kind == "yesno") else pi.max_value
        if kind == "count" and not value.is_integer():
            self.add("not-whole-number", name, code, detail=_fmt(value))
            self.report.bad.add(code)
        elif value < 0 or (top is not None and value > top + 1e-9):
            if kind == "score" and pi.indicator.par and value > (top or 0):
                self.add("par-above-max", name, code, detail=_fmt(value), value=_fmt(top))
            else:
                self.add("out-of-range", name, code, detail=f"{label} = {_fmt(value)}",
                         value=f"0 – {_fmt(top)}" if top is not None else "≥ 0")
            self.report.bad.add(code)
        elif kind == "percent" and 0 < value <= 1:
            self.add("percent-suspicious", name, code, detail=_fmt(value))
        return value

    def indicator(self, pi: PlanIndicator) -> None:
        name, code, kind = pi.defined_name, pi.code, pi.indicator.kind
        label = pi.indicator.name
        if self.raw.ref(name) is None:
            self.add("name-missing", indicator=code, detail=name)
            self.report.values[code] = None
            self.report.bad.add(code)
            return
        error = self.raw.error_value(name)
        if error:
            self.add("value-error", name, code, detail=label, value=error)
            self.report.values[code] = None
            self.report.bad.add(code)
            return
        if self.raw.has_uncached_formula(name):
            self.add("formula-no-value", name, code, detail=label)
            self.report.values[code] = None
            self.report.bad.add(code)
            return
        raw = self.raw.value(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if pi.required:
                self.add("value-missing", name, code, detail=label)
            self.report.values[code] = None
            return
        if kind == "text":
            self.report.texts[code] = self.text(str(raw), name, label)
            return
        if kind == "yesno" and self.kind == "template":
            if isinstance(raw, str) and raw.strip().lower() in YES_WORDS:
                self.report.values[code] = float(YES_WORDS[raw.strip().lower()])
            elif isinstance(raw, (int, float)) and raw in (0, 1):
                self.report.values[code] = float(raw)
            else:
                self.add("yesno-invalid", name, code, detail=raw)
                self.report.values[code] = None
                self.report.bad.add(code)
            return
        self.report.values[code] = self.number(pi, name, label)

    def text(self, raw: str, name: str | None, label: str) -> str:
        """Free text as typed, converted to Unicode (and warned about) when typed in TCVN3 or VNI."""
        fixed, legacy = repair(raw)
        if legacy:
            self.add("legacy-encoding", name, detail=label, value=LEGACY_NAMES[legacy])
        return fixed

    def ratios(self) -> None:
        values, bad = self.report.values, self.report.bad
        for pi in self.layout.indicators:
            ind = pi.indicator
            if ind.kind != "ratio":
                continue
            values[pi.code] = None if set(ind.ratio_codes) & bad else ind.ratio_value(values)

    def rules(self) -> None:
        clean = {k: v for k, v in self.report.values.items() if k not in self.report.bad}
        for rule in self.layout.rules:
            if expr.evaluate(rule.tree, clean) is False:
                first = rule.codes[0]
                self.add("rule-broken", names.indicator_name(first), first,
                         detail=f"{rule.message} ({_rule_values(rule, clean)})")

    def tasks(self) -> None:
        for task in self.layout.tasks:
            tn = task.names
            if self.raw.ref(tn["status"]) is None:
                if self.kind == "template":
                    self.add("name-missing", detail=tn["status"])
                continue
            status = self.raw.value(tn["status"])
            status = status.strip() if isinstance(status, str) else status
            done = self.raw.value(tn["done_date"])
            done_date = parse_date(done, self.raw.datemode) if done not in (None, "") else None
            if done not in (None, "") and done_date is None:
                self.add("date-invalid", tn["done_date"], detail=done)
            if status in (None, ""):
                self.add("task-status-missing", tn["status"], detail=task.id)
                status = None
            elif status not in names.TASK_STATUSES:
                self.add("task-status-invalid", tn["status"], detail=task.id, value=status)
                status = None
            elif status == names.TASK_STATUSES[0] and done_date is None:
                self.add("task-done-no-date", tn["done_date"], detail=task.id)
            output, note = (_text(self.raw.value(tn[key])) for key in ("output", "note"))
            self.report.tasks[task.id] = TaskReport(
                task.id, status, done_date,
                self.text(output, tn["output"], f"kết quả nhiệm vụ {task.id}") if output else None,
                self.text(note, tn["note"], f"ghi chú nhiệm vụ {task.id}") if note else None)

    def header(self, deadline: dt.date | None) -> None:
        reporter = _text(self.raw.value(names.HEADER_NAMES["reporter"]))
        self.report.reporter = self.text(reporter, names.HEADER_NAMES["reporter"], "người lập báo cáo") if reporter else None
        raw = self.raw.value(names.HEADER_NAMES["report_date"])
        if raw in (None, ""):
            self.add("report-date-missing", names.HEADER_NAMES["report_date"])
            return
        date = parse_date(raw, self.raw.datemode)
        if date is None:
            self.add("date-invalid", names.HEADER_NAMES["report_date"], detail=raw)
            return
        self.report.report_date = date
        if deadline and date > deadline:
            self.add("late", names.HEADER_NAMES["report_date"], detail=date.strftime("%d/%m/%Y"),
                     value=deadline.strftime("%d/%m/%Y"))

    def weights(self, meta: dict[str, Any]) -> None:
        for key, value in meta.items():
            if key.startswith("n:") and isinstance(value, (int, float)):
                self.report.weights[key[2:]] = float(value)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")
    return str(value)


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _rule_values(rule, values: dict[str, float | None]) -> str:
    return ", ".join(f"{c} = {_fmt(values.get(c))}" for c in rule.codes)


def summary_layout(plan: Plan, period: Period, unit: Unit) -> ReportLayout:
    """Layout of a consolidated summary: every indicator of this period's templates plus the owner's own."""
    chosen = period_indicators(plan, period)
    return ReportLayout(plan, unit, period, chosen, plan.rules_for(chosen), plan.tasks_for(unit.code))


def check_file(path: Path, display: str, plan: Plan, period: Period, limits: Limits | None = None,
               sha256: str | None = None) -> FileResult:
    """Read and check one file (``sha256``: its hash when the caller has it already); never raises for bad input."""
    limits = limits or Limits()
    refused = path_problem(path)
    if refused:
        result = FileResult(path, display, "", 0.0)
        issue = iss.make(refused.code, file=display, detail=refused.detail)
        result.outcome, result.reason, result.issues = UNREADABLE, issue.message, [issue]
        return result
    result = FileResult(path, display, sha256 or sha256_of(path), path.stat().st_mtime)

    def reject(code: str, outcome: str = REJECTED, **kw: Any) -> FileResult:
        issue = iss.make(code, file=display, **kw)
        result.outcome, result.reason = outcome, issue.message
        result.issues.append(issue)
        return result

    package = None
    try:                                # Refused: by the preflight, or by a sheet read whole
        fmt, package = open_checked(path, limits)
        if fmt == "xlsb":
            result.unit_code = xlsb_unit(path, plan)
            unit = plan.unit(result.unit_code or "")
            return reject("file-xlsb", detail=f" của {unit.name}" if unit else "")
        raw = read_workbook(path, fmt, package)
    except UnreadableError as exc:
        return reject("file-unreadable", UNREADABLE, detail=exc)
    except Refused as exc:
        return reject(exc.code, UNREADABLE, detail=exc.detail)
    finally:
        if package is not None:
            package.close()
    meta = raw.meta()
    code_ref = raw.ref(names.HEADER_NAMES["unit_code"])
    if code_ref is None or raw.ref(names.HEADER_NAMES["period"]) is None:
        return reject("not-a-report", detail="thiếu " + ", ".join(
            n for n in (names.HEADER_NAMES["unit_code"], names.HEADER_NAMES["period"]) if raw.ref(n) is None))
    unit_code = _text(raw.value(names.HEADER_NAMES["unit_code"]))
    result.unit_code = unit_code
    kind = str(meta.get("kind") or "template")
    if kind == "template" and meta.get("plan") not in (None, plan.name):
        return reject("template-foreign", detail=meta.get("plan"), sheet=code_ref.sheet, cell=code_ref.address)
    period_ref = raw.ref(names.HEADER_NAMES["period"])
    file_period = _text(raw.value(names.HEADER_NAMES["period"]))
    if file_period != period.code:
        return reject("wrong-period", detail=file_period, sheet=period_ref.sheet, cell=period_ref.address)
    unit = plan.unit(unit_code or "")
    if unit is None:
        return reject("unknown-unit", detail=unit_code, sheet=code_ref.sheet, cell=code_ref.address)
    mismatch = identity_problem(raw, meta, unit, kind)
    if mismatch:
        return reject("identity-mismatch", detail=mismatch, sheet=code_ref.sheet, cell=code_ref.address)
    if kind == "summary":
        forged = summary_problem(meta, unit)
        if forged:
            return reject("summary-not-allowed", detail=forged, sheet=code_ref.sheet, cell=code_ref.address)
    layout = shared_report_layout(plan, unit, period)
    checker = _Checker(raw, display, layout, kind)
    if kind == "template" and meta.get("fingerprint") != layout.fingerprint:
        checker.add("template-outdated")
    if kind == "summary":
        checker.weights(meta)
    for pi in layout.input_indicators:
        checker.indicator(pi)
    checker.ratios()
    checker.rules()
    checker.tasks()
    entry = plan.calendar_entry(period)
    checker.header(entry.deadline if entry else None)
    result.report = checker.report
    result.issues = checker.report.issues
    return result


def same_name(a: str, b: str) -> bool:
    """Unit names equal up to case, spacing and the usual abbreviation UBND = Ủy ban nhân dân."""
    def norm(text: str) -> str:
        text = unicodedata.normalize("NFC", text).casefold().replace("uỷ", "ủy")
        text = re.sub(r"ủy ban nhân dân", "ubnd", text)
        return " ".join(re.sub(r"[^\w\s]", " ", text).split())
    return norm(a) == norm(b)


def identity_problem(raw: RawWorkbook, meta: dict[str, Any], unit: Unit, kind: str) -> str | None:
    """Why the file is not the unit its header claims: the code its template was made for, or its name."""
    made_for = _text(meta.get("unit_code"))
    if made_for and made_for != unit.code:
        return f"ô mã đơn vị ghi '{unit.code}' nhưng biểu mẫu được tạo cho đơn vị '{made_for}'"
    name = _text(raw.value(names.HEADER_NAMES["unit_name"]))
    if kind == "template" and name and not same_name(name, unit.name):
        return f"tên đơn vị trong tệp là '{name}', không phải '{unit.name}' (mã {unit.code})"
    return None


def summary_problem(meta: dict[str, Any], unit: Unit) -> str | None:
    """Why a file may not count as the consolidated summary of ``unit``."""
    from workbook_templates.bundled import bundled_owner_codes

    if not (unit.consolidates or unit.code in bundled_owner_codes()):
        return (f"đơn vị {unit.name} không tổng hợp đơn vị cấp dưới trong kế hoạch này "
                "(cột 'Tổng hợp từ cấp dưới' của trang tính 'Đơn vị')")
    expected = meta.get("units_expected")
    bound = expected if isinstance(expected, (int, float)) and 0 < expected <= 100000 else 100000
    for key, value in meta.items():
        if not key.startswith("n:"):
            continue
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0 or value != int(value) \
                or value > bound:
            return f"số đơn vị tổng hợp của chỉ tiêu {key[2:]} không hợp lệ ({value})"
    return None


def check_path(path: Path, display: str, plan: Plan, period: Period, limits: Limits | None = None,
               sha256: str | None = None) -> FileResult:
    """check_file, turning an unexpected failure into an 'unreadable' outcome so a run never stops."""
    try:
        return check_file(path, display, plan, period, limits, sha256)
    except Exception:  # noqa: BLE001 - one bad file never stops the run
        log.warning("unexpected failure reading %s", display, exc_info=True)
        result = FileResult(path, display, "", 0.0)
        issue = iss.make("file-unreadable", file=display, detail="lỗi không xác định khi đọc (chi tiết trong nhật ký)")
        result.outcome, result.reason, result.issues = UNREADABLE, issue.message, [issue]
        return result
