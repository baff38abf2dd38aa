"""History of consolidations: one local SQLite file (standard library ``sqlite3``).

Every consolidation is recorded under its owner and period: plan, each unit's status and values,
totals, shortfalls and file hashes. Recording a period again replaces that period (idempotent).
History is keyed by owner and indicator code, not by plan, so a 2024 plan compares with the 2023
plan of the same office. Default file: ``<user data folder>/CCHC/lich-su.sqlite``
(``CCHC_DATA_DIR`` or ``--history FILE`` choose another).
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
import sys
import threading
from contextlib import closing
from pathlib import Path
from typing import Any, Callable, Iterable

from workbook_templates.plan_model.periods import Period, parse_period

from .engine import Consolidation

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (owner TEXT, period TEXT, owner_name TEXT, plan TEXT, plan_title TEXT,
    expected INTEGER, submitted INTEGER, ok INTEGER, missing INTEGER, late INTEGER, PRIMARY KEY (owner, period));
CREATE TABLE IF NOT EXISTS totals (owner TEXT, period TEXT, indicator TEXT, name TEXT, unit TEXT, value REAL,
    PRIMARY KEY (owner, period, indicator));
CREATE TABLE IF NOT EXISTS units (owner TEXT, period TEXT, unit TEXT, name TEXT, level TEXT, status TEXT, late INTEGER,
    report_date TEXT, sha256 TEXT, PRIMARY KEY (owner, period, unit));
CREATE TABLE IF NOT EXISTS unit_values (owner TEXT, period TEXT, unit TEXT, indicator TEXT, value REAL,
    PRIMARY KEY (owner, period, unit, indicator));
CREATE TABLE IF NOT EXISTS shortfalls (owner TEXT, period TEXT, unit TEXT, indicator TEXT, scope TEXT, value REAL,
    target REAL, op TEXT, gap REAL);
CREATE TABLE IF NOT EXISTS files (owner TEXT, period TEXT, name TEXT, sha256 TEXT, outcome TEXT, unit TEXT);
"""
TABLES = ("records", "totals", "units", "unit_values", "shortfalls", "files")


def default_path() -> Path:
    """The history file in the user's data folder."""
    if os.environ.get("CCHC_DATA_DIR"):
        return Path(os.environ["CCHC_DATA_DIR"]) / "lich-su.sqlite"
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "CCHC" / "lich-su.sqlite"


class HistoryError(Exception):
    """The history file cannot be used; the message is for the user."""


def connect(path: Path | str | None = None) -> sqlite3.Connection:
    path = Path(path) if path else default_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path)
        db.executescript(SCHEMA)
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"Tệp lịch sử '{path}' bị hỏng hoặc không phải tệp lịch sử ({exc}).") from exc
    except OSError as exc:
        raise HistoryError(f"Không mở được tệp lịch sử '{path}': {exc.strerror}.") from exc
    return db


def record(result: Consolidation, path: Path | str | None = None) -> None:
    """Store this consolidation, replacing any earlier record of the same owner and period."""
    owner, period = result.plan.owner.code, result.period.code
    c = result.counts
    with closing(connect(path)) as db, db:
        for table in TABLES:
            db.execute(f"DELETE FROM {table} WHERE owner = ? AND period = ?", (owner, period))
        db.execute("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?)",
                   (owner, period, result.plan.owner.name, result.plan.name, result.plan.title, c["expected"],
                    c["submitted"], c["ok"], c["missing"], c["late"]))
        names = {i.code: i.indicator for i in result.indicators}
        db.executemany("INSERT INTO totals VALUES (?,?,?,?,?,?)",
                       [(owner, period, code, names[code].name, names[code].unit, value)
                        for code, value in result.totals.items() if code in names and _finite(value)])
        db.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?)",
                       [(owner, period, u.unit.code, u.unit.name, u.unit.level, u.status, int(u.late),
                         u.report.report_date.isoformat() if u.report and u.report.report_date else None,
                         u.file.sha256 if u.file else None) for u in result.units])
        db.executemany("INSERT INTO unit_values VALUES (?,?,?,?,?)",
                       [(owner, period, u.unit.code, code, v) for u in result.units if u.report
                        for code, v in u.report.values.items() if _finite(v)])
        db.executemany("INSERT INTO shortfalls VALUES (?,?,?,?,?,?,?,?,?)",
                       [(owner, period, code, s.indicator, s.scope, s.value, s.target, s.op, s.gap)
                        for _name, code, s in result.shortfall_rows()])
        db.executemany("INSERT INTO files VALUES (?,?,?,?,?,?)",
                       [(owner, period, f.display, f.sha256, f.outcome, f.unit_code) for f in result.files])


def record_in_background(result: Consolidation, path: Path | str | None = None) -> Callable[[], None]:
    """Start ``record`` in a thread: SQLite does its work without holding Python's lock, so it runs
    beside the summary's writing. The returned function waits for it and raises what it raised."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            record(result, path)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
            failure.append(exc)

    thread = threading.Thread(target=run, name="cchc-history", daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if failure:
            raise failure[0]
    return wait


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and value == value and abs(value) != float("inf")


def periods(owner: str | None = None, path: Path | str | None = None) -> list[dict[str, Any]]:
    """What is stored: one row per owner and period, oldest first."""
    with closing(connect(path)) as db:
        query = "SELECT owner, owner_name, period, plan, expected, submitted, ok, missing, late FROM records"
        rows = db.execute(query + (" WHERE owner = ?" if owner else ""), (owner,) if owner else ()).fetchall()
    keys = ("owner", "owner_name", "period", "plan", "expected", "submitted", "ok", "missing", "late")
    found = [dict(zip(keys, row)) for row in rows]
    return sorted(found, key=lambda r: (r["owner"], parse_period(r["period"]).end, r["period"]))


def totals(owner: str, period: str, path: Path | str | None = None) -> dict[str, float]:
    return totals_by_period(owner, [period], path)[period]


def totals_by_period(owner: str, codes: Iterable[str], path: Path | str | None = None) -> dict[str, dict[str, float]]:
    """Period code → its stored totals, for these periods, read over one connection."""
    found: dict[str, dict[str, float]] = {}
    with closing(connect(path)) as db:
        for code in codes:
            rows = db.execute("SELECT indicator, value FROM totals WHERE owner = ? AND period = ?", (owner, code))
            found[code] = {indicator: value for indicator, value in rows}
    return found


def stored_periods(owner: str, path: Path | str | None = None) -> list[Period]:
    """The periods recorded for this owner, oldest first."""
    return [parse_period(r["period"]) for r in periods(owner, path)]


def previous_period(period: Period, stored: list[Period]) -> Period | None:
    """The stored period ending the day before this one starts (the same kind preferred): Q1 for Q2,
    the previous year's Q4 or year for Q1; None when it was not recorded."""
    adjacent = [p for p in stored if p.end == period.start - dt.timedelta(days=1)]
    if not adjacent:
        return None
    return next((p for p in adjacent if p.kind == period.kind), sorted(adjacent, key=lambda p: p.code)[-1])


def same_period_last_year(period: Period, stored: list[Period]) -> Period | None:
    wanted = Period(period.year - 1, period.kind)
    return wanted if wanted in stored else None


def export(out: Path, owner: str | None = None, path: Path | str | None = None) -> Path:
    """Write the stored totals and unit values as one table (.csv or .xlsx) for analysis elsewhere."""
    with closing(connect(path)) as db:
        query = ("SELECT t.owner, r.owner_name, t.period, r.plan, '' AS unit, '' AS unit_name, t.indicator, t.name, "
                 "t.unit, t.value FROM totals t JOIN records r USING (owner, period)")
        unit_query = ("SELECT v.owner, r.owner_name, v.period, r.plan, v.unit, u.name, v.indicator, t.name, t.unit, "
                      "v.value FROM unit_values v JOIN records r USING (owner, period) "
                      "JOIN units u USING (owner, period, unit) "
                      "LEFT JOIN totals t ON t.owner = v.owner AND t.period = v.period AND t.indicator = v.indicator")
        where = " WHERE t.owner = ?" if owner else ""
        rows = db.execute(query + where, (owner,) if owner else ()).fetchall()
        rows += db.execute(unit_query + (" WHERE v.owner = ?" if owner else ""), (owner,) if owner else ()).fetchall()
    rows.sort(key=lambda r: (r[0], parse_period(r[2]).end, r[2], r[4], r[6]))
    header = ["Mã đơn vị tổng hợp", "Đơn vị tổng hợp", "Kỳ", "Kế hoạch", "Mã đơn vị", "Đơn vị", "Mã chỉ tiêu",
              "Chỉ tiêu", "Đơn vị tính", "Giá trị"]
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        return out
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out))
    ws = wb.add_worksheet("Lịch sử")
    ws.write_row(0, 0, header, wb.add_format({"bold": True}))
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, ["" if v is None else v for v in row])
    ws.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    wb.close()
    return out


def read_export(path: Path) -> list[list[Any]]:
    """Rows of an exported history table (.csv or .xlsx), header first: for round-trip checks."""
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [row for row in csv.reader(fh)]
    import openpyxl

    return [list(row) for row in openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True)]
