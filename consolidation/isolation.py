"""Read and check report files in a separate process with a memory and a time limit.

A spreadsheet library may abort the whole process on a hostile file (calamine allocates the
full range up to the farthest cell and aborts when that fails). The reading process is reused
across files, so the common case costs one process start per run; when it dies or overruns its
time on a file, that file becomes "unreadable" with a Vietnamese reason and a fresh process
takes the next file. ``CCHC_ISOLATION=0`` reads in the calling process (debugging only).
"""
from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import sys
from pathlib import Path
from typing import Any

from workbook_templates.plan_model.periods import Period
from workbook_templates.plan_model.plan import Plan

from . import issues as iss
from .preflight import Limits
from .unit_report import UNREADABLE, FileResult, check_path


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit and process isolation still hold
        return
    limit = megabytes * 1024 * 1024
    for name in ("RLIMIT_AS",):
        kind = getattr(resource, name, None)
        if kind is not None:
            resource.setrlimit(kind, (limit, limit))


def _serve(conn: Any, megabytes: int) -> None:
    """The reading process: receive a plan, then files; answer each with its FileResult."""
    _limit_memory(megabytes)
    if not os.environ.get("CCHC_DEBUG"):
        # A library that aborts prints its own (English) backtrace: keep it off the user's console.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    plan = period = limits = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "plan":
            _, plan, period, limits = message
        elif message[0] == "check":
            _, path, display = message
            try:
                result = check_path(Path(path), display, plan, period, limits)
            except MemoryError:
                result = _unreadable(Path(path), display, "tệp cần quá nhiều bộ nhớ để đọc")
            conn.send(result)
        else:
            return


def _unreadable(path: Path, display: str, reason: str, code: str = "file-limit") -> FileResult:
    issue = iss.make(code, file=display, detail=reason)
    result = FileResult(path, display, "", 0.0, UNREADABLE, issue.message)
    result.issues = [issue]
    return result


class IsolatedReader:
    """One reading process, restarted after a file kills it; ``check`` never raises for a file."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits.from_env()
        self._proc: Any = None
        self._conn: Any = None
        self._sent: tuple[Any, Any] | None = None

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self.limits.worker_mb), name="cchc-reader", daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn, self._sent = proc, parent, None

    def _stop(self) -> None:
        if self._proc is not None:
            try:
                self._conn.close()
            except OSError:
                pass
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(5)
        self._proc = self._conn = self._sent = None

    def check(self, path: Path, display: str, plan: Plan, period: Period) -> FileResult:
        if self._proc is None or not self._proc.is_alive():
            self._start()
        try:
            if self._sent is None or self._sent[0] is not plan or self._sent[1] != period:
                self._conn.send(("plan", plan, period, self.limits))
                self._sent = (plan, period)
            self._conn.send(("check", str(path), display))
            if not self._conn.poll(self.limits.seconds):
                self._stop()
                return _unreadable(path, display, f"đọc tệp quá {self.limits.seconds} giây")
            return self._conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._stop()
            return _unreadable(path, display, "tệp cần quá nhiều bộ nhớ hoặc làm chương trình đọc dừng đột ngột "
                                              f"(giới hạn {self.limits.worker_mb} MB)")

    def close(self) -> None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(("stop",))
            except OSError:
                pass
        self._stop()


_shared: IsolatedReader | None = None


def shared_reader() -> IsolatedReader | None:
    """The process-wide reader (None when isolation is switched off)."""
    global _shared
    if os.environ.get("CCHC_ISOLATION", "1") == "0":
        return None
    limits = Limits.from_env()
    if _shared is None or _shared.limits != limits:
        if _shared is not None:
            _shared.close()
        _shared = IsolatedReader(limits)
        atexit.register(_shared.close)
    return _shared


def check_isolated(path: Path, display: str, plan: Plan, period: Period) -> FileResult:
    reader = shared_reader()
    if reader is None or getattr(sys, "_cchc_in_reader", False):
        return check_path(path, display, plan, period, Limits.from_env())
    return reader.check(path, display, plan, period)
