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
import queue
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO, Callable

from workbook_templates.plan_model.periods import Period
from workbook_templates.plan_model.plan import Plan

from . import issues as iss
from .preflight import Limits
from .unit_report import UNREADABLE, FileResult, check_path

_HEADER = struct.Struct("<Q")


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
    """One reading process, restarted after a file kills it; ``check`` never raises for a file."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits.from_env()
        self._proc: subprocess.Popen | None = None
        self._answers: queue.Queue = queue.Queue()
        self._sent: tuple[Any, Any] | None = None

    def _start(self) -> None:
        env = {**os.environ, "CCHC_WORKER_MB": str(self.limits.worker_mb), "PYTHONIOENCODING": "utf-8",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}   # no per-thread buffers under the limit
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        self._proc = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=None if os.environ.get("CCHC_DEBUG") else subprocess.DEVNULL,
                                      env=env, creationflags=flags)
        self._answers = queue.Queue()
        self._sent = None
        threading.Thread(target=self._pump, args=(self._proc.stdout, self._answers), daemon=True).start()

    @staticmethod
    def _pump(stream: BinaryIO, answers: queue.Queue) -> None:
        while True:
            try:
                answers.put(("ok", receive(stream)))
            except Exception:  # noqa: BLE001 - the process died or closed its end
                answers.put(("dead", None))
                return

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
        if self._proc is None or self._proc.poll() is not None:
            self._start()
        try:
            if self._sent is None or self._sent[0] is not plan or self._sent[1] != period:
                send(self._proc.stdin, ("plan", plan, period, self.limits))
                self._sent = (plan, period)
            send(self._proc.stdin, ("check", str(path), display, sha256))
            kind, answer = self._answers.get(timeout=self.limits.seconds)
        except queue.Empty:
            self._stop()
            return _unreadable(path, display, f"đọc tệp quá {self.limits.seconds} giây")
        except (OSError, ValueError):
            kind, answer = "dead", None
        if kind == "dead":
            self._stop()
            return _unreadable(path, display, "tệp cần quá nhiều bộ nhớ hoặc làm chương trình đọc dừng đột ngột "
                                              f"(giới hạn {self.limits.worker_mb} MB)")
        return answer

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            try:
                send(self._proc.stdin, ("stop",))
            except (OSError, ValueError):
                pass
        self._stop()


_pool: list[IsolatedReader] = []
#: Below this many files one reading process is enough (starting another costs more than it saves).
PARALLEL_MIN = 24


def _readers(n: int) -> list[IsolatedReader] | None:
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


def shared_reader() -> IsolatedReader | None:
    """The first process-wide reader (None when isolation is switched off)."""
    readers = _readers(1)
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
    readers = _readers(n)
    if readers is None or n == 1:
        for i, (path, display, sha256) in enumerate(items):
            results[i] = (readers[0].check(path, display, plan, period, sha256) if readers
                          else check_path(path, display, plan, period, Limits.from_env(), sha256))
            if done:
                done(i, results[i])
        return results  # type: ignore[return-value]
    work: queue.Queue = queue.Queue()
    for i, item in enumerate(items):
        work.put((i, item))
    finished: queue.Queue = queue.Queue()

    def run(reader: IsolatedReader) -> None:
        while True:
            try:
                i, (path, display, sha256) = work.get_nowait()
            except queue.Empty:
                return
            finished.put((i, reader.check(path, display, plan, period, sha256)))

    threads = [threading.Thread(target=run, args=(r,), daemon=True) for r in readers]
    for t in threads:
        t.start()
    for _ in items:
        i, result = finished.get()
        results[i] = result
        if done:
            done(i, result)
    for t in threads:
        t.join()
    return results  # type: ignore[return-value]
