"""The reading process of ``consolidation.isolation``: receives a plan, then files, over stdin;
answers each file with its FileResult over stdout (length-prefixed pickles). It also writes blank
templates on request (``consolidation.parallel_templates``), answering ("written" | "failed", …)."""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path


def limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit and process isolation still hold
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _write_template(plan, period, unit_code: str, path: str) -> tuple[str, str]:
    """Write one unit's blank template: ("written", path) or ("failed", reason)."""
    from workbook_templates.template_writer import write_template

    from .gc_pause import paused_gc
    try:
        with paused_gc():                    # its objects are freed by reference counting; see gc_pause
            write_template(plan, plan.unit(unit_code), period, Path(path))
        return "written", path
    except Exception as exc:  # noqa: BLE001 - the caller writes it again itself and reports
        return "failed", f"{type(exc).__name__}: {exc}"


def serve(inp=None, out=None) -> int:
    from .isolation import receive, send
    from .unit_report import check_path

    limit_memory(int(os.environ.get("CCHC_WORKER_MB", "700")))
    inp = inp or sys.stdin.buffer
    out = out or sys.stdout.buffer
    sys.stdout = sys.stderr          # nothing but frames on the real stdout
    plan = period = limits = None
    while True:
        try:
            message = receive(inp)
        except EOFError:
            return 0
        if message[0] == "plan":
            _, plan, period, limits = message
            gc.freeze()                      # the plan stays: no collection needs to scan it again
        elif message[0] == "check":
            _, path, display, sha256 = message
            try:
                result = check_path(Path(path), display, plan, period, limits, sha256)
            except MemoryError:
                from .isolation import _unreadable
                result = _unreadable(Path(path), display, "tệp cần quá nhiều bộ nhớ để đọc")
            result.path = None               # the caller knows it; a Path costs more to unpickle than the rest
            send(out, result)
        elif message[0] == "template":
            _, unit_code, path = message
            send(out, _write_template(plan, period, unit_code, path))
        else:
            return 0


if __name__ == "__main__":
    sys.exit(serve())
