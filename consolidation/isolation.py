"""Read and check report files in a separate process with a memory and a time limit.

A spreadsheet library may abort the whole process on a hostile file (calamine allocates the
full range up to the farthest cell and aborts when that fails). The reading process
(``python -m consolidation.reader_worker``; the packaged program runs itself with
``--cchc-reader``) is reused across files, so the common case costs one process start per run;
when it dies or overruns its time on a file, that file becomes "unreadable" with a Vietnamese
reason and a fresh process takes the next file. It is a plain subprocess, not multiprocessing,
so no caller needs a ``__main__`` guard. ``CCHC_ISOLATION=0`` reads in the calling process.
"""
from __future__ import annotations

import atexit
import os
import pickle
import logging
import struct
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from pathlib import Path
from typing import Any, BinaryIO, Callable

from workbook_templates.plan_model.periods import Period
from workbook_templates.plan_model.plan import Plan

from . import issues as iss
from .preflight import Limits
from .unit_report import UNREADABLE, FileResult, check_path

_HEADER = struct.Struct("<Q")
log = logging.getLogger("cchc")


def send(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: BinaryIO) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 - frames come only from our own reading process


def worker_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--cchc-reader"]
    return [sys.executable, "-m", "consolidation.reader_worker"]


def _unreadable(path: Path, display: str, reason: str, code: str = "file-limit") -> FileResult:
    issue = iss.make(code, file=display, detail=reason)
    result = FileResult(path, display, "", 0.0, UNREADABLE, issue.message)
    result.issues = [issue]
    return result


class IsolatedReader:
    """One reading process, restarted after a file kills it; ``check`` never raises for a file.

    Answers are read by the calling thread itself; a watchdog thread (one for all readers) kills a
    process that overruns the time limit of the file it is on, which ends that read."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits.from_env()
        self._proc: subprocess.Popen | None = None
        self._sent: tuple[Any, Any] | None = None
        self._deadline: float | None = None
        self._timed_out = False

    def _start(self) -> None:
        env = {**os.environ, "CCHC_WORKER_MB": str(self.limits.worker_mb), "PYTHONIOENCODING": "utf-8",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}   # no per-thread buffers under the limit
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        self._proc = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=None if os.environ.get("CCHC_DEBUG") else subprocess.DEVNULL,
                                      env=env, creationflags=flags)
        self._sent = None
        _watch(self)

    def _answer(self) -> tuple[str, Any]:
        """The next answer of the process: ("ok", result), ("timeout", None) or ("dead", None)."""
        proc = self._proc
        if proc is None:
            return "dead", None
        self._timed_out = False
        self._deadline = time.monotonic() + self.limits.seconds
        try:
            return "ok", receive(proc.stdout)
        except Exception:  # noqa: BLE001 - the process died, was killed for its time, or closed its end
            return ("timeout" if self._timed_out else "dead"), None
        finally:
            self._deadline = None

    def _overran(self, now: float) -> None:
        """Called by the watchdog: kill the process when the file it is on has had its time."""
        deadline, proc = self._deadline, self._proc
        if deadline is not None and now > deadline and proc is not None and proc.poll() is None:
            self._timed_out = True
            proc.kill()

    def _stop(self) -> None:
        proc, self._proc, self._sent = self._proc, None, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)

    def check(self, path: Path, display: str, plan: Plan, period: Period, sha256: str | None = None) -> FileResult:
        results: list[FileResult] = []
        items = iter([(0, (path, display, sha256))])
        self.check_stream(lambda: next(items, None), plan, period, lambda _, result: results.append(result))
        return results[0]

    def request(self, plan: Plan, period: Period, message: tuple) -> bool:
        """Send one request to the process (started, and given the plan, when needed); False if it is gone."""
        if self._proc is None or self._proc.poll() is not None:
            self._start()
        try:
            if self._sent is None or self._sent[0] is not plan or self._sent[1] != period:
                send(self._proc.stdin, ("plan", plan, period, self.limits))
                self._sent = (plan, period)
            send(self._proc.stdin, message)
            return True
        except (OSError, ValueError):
            return False

    def stream(self, take: Callable[[], Any], plan: Plan, period: Period, message: Callable[[Any], tuple],
               answered: Callable[[Any, str, Any], None]) -> None:
        """Send the process a request (``message(item)``) for each item ``take()`` hands out (None: no
        more), keeping a few in flight so it never waits for us; ``answered(item, kind, answer)`` in
        the order the items were taken, ``kind`` as ``_answer`` gives it.

        The process serves its requests one after another, so each answer is awaited for at most the
        time limit of one. After a request that kills the process or overruns its time, the requests
        sent after it go to a fresh process."""
        pending: deque[Any] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < IN_FLIGHT:
                item = take()
                if item is None:
                    exhausted = True
                    break
                pending.append(item)
                if not self.request(plan, period, message(item)):
                    break                       # the process is gone: the answer wait below says so
            if not pending:
                return
            kind, answer = self._answer()
            answered(pending.popleft(), kind, answer)
            if kind == "ok":
                continue
            self._stop()
            for later in pending:               # sent to the dead process: send them again
                if not self.request(plan, period, message(later)):
                    break

    def check_stream(self, take: Callable[[], tuple[int, tuple[Path, str, str | None]] | None], plan: Plan,
                     period: Period, emit: Callable[[int, FileResult], None]) -> None:
        """Check the files ``take()`` hands out as (index, (path, display, SHA-256 or None)), ``emit(index,
        result)`` for each (``stream``). A file that kills the process or overruns its time is "unreadable"."""
        def answered(item: tuple[int, tuple[Path, str, str | None]], kind: str, answer: Any) -> None:
            index, (path, display, _) = item
            if kind == "ok":
                answer.path = path
                emit(index, answer)
                return
            reason = (f"đọc tệp quá {self.limits.seconds} giây" if kind == "timeout" else
                      "tệp cần quá nhiều bộ nhớ hoặc làm chương trình đọc dừng đột ngột "
                      f"(giới hạn {self.limits.worker_mb} MB)")
            emit(index, _unreadable(path, display, reason))

        self.stream(take, plan, period, lambda item: ("check", str(item[1][0]), item[1][1], item[1][2]), answered)

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            try:
                send(self._proc.stdin, ("stop",))
            except (OSError, ValueError):
                pass
        self._stop()


_watched: "weakref.WeakSet[IsolatedReader]" = weakref.WeakSet()
_watchdog: threading.Thread | None = None
_watch_lock = threading.Lock()


def _watch(reader: IsolatedReader) -> None:
    """Put ``reader`` under the watchdog, starting it once per program."""
    global _watchdog
    with _watch_lock:
        _watched.add(reader)
        if _watchdog is None:
            _watchdog = threading.Thread(target=_watch_loop, name="cchc-watchdog", daemon=True)
            _watchdog.start()


def _watch_loop() -> None:
    while True:
        time.sleep(0.2)
        now = time.monotonic()
        with _watch_lock:
            readers = list(_watched)
        for reader in readers:
            reader._overran(now)


_pool: list[IsolatedReader] = []
#: Files handed to a reading process ahead of its answers, so it never waits between files.
IN_FLIGHT = 4
#: Below this many files one reading process is enough (starting another costs more than it saves).
PARALLEL_MIN = 24


def reading_processes(n: int) -> list[IsolatedReader] | None:
    """``n`` process-wide readers, started lazily and reused across runs (None: isolation off)."""
    if os.environ.get("CCHC_ISOLATION", "1") == "0":
        return None
    limits = Limits.from_env()
    if any(r.limits != limits for r in _pool):
        for reader in _pool:
            reader.close()
        _pool.clear()
    while len(_pool) < n:
        reader = IsolatedReader(limits)
        atexit.register(reader.close)
        _pool.append(reader)
    return _pool[:n]


def start_readers(count: int) -> None:
    """Start the reading processes ``count`` files will use, so they load while the caller works."""
    for reader in reading_processes(workers_for(count)) or []:
        if reader._proc is None or reader._proc.poll() is not None:
            reader._start()


def shared_reader() -> IsolatedReader | None:
    """The first process-wide reader (None when isolation is switched off)."""
    readers = reading_processes(1)
    return readers[0] if readers else None


def check_isolated(path: Path, display: str, plan: Plan, period: Period) -> FileResult:
    reader = shared_reader()
    if reader is None:
        return check_path(path, display, plan, period, Limits.from_env())
    return reader.check(path, display, plan, period)


def workers_for(count: int) -> int:
    wanted = int(os.environ.get("CCHC_WORKERS", "0") or 0) or min(4, os.cpu_count() or 1)
    return 1 if count < PARALLEL_MIN else max(1, wanted)


def check_many(items: list[tuple[Path, str, str | None]], plan: Plan, period: Period,
               done: Callable[[int, FileResult], None] | None = None) -> list[FileResult]:
    """Check many (path, display, known SHA-256 or None) files, in several reading processes when there
    are many; results in input order. ``done(index, result)`` is called as each file finishes."""
    results: list[FileResult | None] = [None] * len(items)
    n = workers_for(len(items))
    readers = reading_processes(n)
    if readers is None:
        for i, (path, display, sha256) in enumerate(items):
            results[i] = check_path(path, display, plan, period, Limits.from_env(), sha256)
            if done:
                done(i, results[i])
        return results  # type: ignore[return-value]
    work = iter(list(enumerate(items)))
    lock = threading.Lock()

    def take() -> tuple[int, tuple[Path, str, str | None]] | None:
        with lock:
            return next(work, None)

    def emit(i: int, result: FileResult) -> None:
        with lock:
            results[i] = result
            if done:
                done(i, result)

    def run(reader: IsolatedReader) -> None:
        try:
            reader.check_stream(take, plan, period, emit)
        except Exception:  # noqa: BLE001 - a failure of ours, not of a file: its files are named below
            log.warning("reading process failed", exc_info=True)

    threads = [threading.Thread(target=run, args=(r,), daemon=True) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, (path, display, _) in enumerate(items):
        if results[i] is None:
            emit(i, _unreadable(path, display, "lỗi không xác định khi đọc (chi tiết trong nhật ký)", "file-unreadable"))
    return results  # type: ignore[return-value]
