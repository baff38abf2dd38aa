"""Blank templates for many units, written by several processes at once.

Writing a template is pure CPU (about 35 ms each); from ``PARALLEL_MIN`` units on, the units are
shared among the reading processes of ``consolidation.isolation``, which already hold the plan
(the packaged program runs them too). A template a process fails to write, or the units of a
process that dies, are written here in the calling process, so the result never differs.
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from pathlib import Path

from workbook_templates.plan_model.periods import Period
from workbook_templates.plan_model.plan import Plan
from workbook_templates.template_writer import check_period, template_filename, units_to_write, write_template

from .isolation import IN_FLIGHT, PARALLEL_MIN, IsolatedReader, _readers, workers_for

log = logging.getLogger("cchc")


def write_templates(plan: Plan, period: Period, out_dir: Path | str, unit_codes: list[str] | None = None) -> list[Path]:
    """``workbook_templates.template_writer.write_templates``, in parallel when there are many units."""
    check_period(plan, period)
    units = units_to_write(plan, unit_codes)
    out_dir = Path(out_dir)
    paths = [out_dir / template_filename(unit, period) for unit in units]
    readers = _readers(workers_for(len(units))) if len(units) >= PARALLEL_MIN else None
    if not readers or len(readers) < 2:
        for unit, path in zip(units, paths):
            write_template(plan, unit, period, path)
        return paths
    work = iter(list(zip(units, paths)))
    lock = threading.Lock()
    left_over: list = []

    def take():
        with lock:
            return next(work, None)

    def run(reader: IsolatedReader) -> None:
        pending: deque = deque()
        try:
            _serve(reader, pending)
        except Exception:  # noqa: BLE001 - the units it held are written below
            log.warning("template process failed", exc_info=True)
        finally:
            with lock:
                left_over.extend(pending)

    def _serve(reader: IsolatedReader, pending: deque) -> None:
        while True:
            while len(pending) < IN_FLIGHT:
                item = take()
                if item is None:
                    break
                pending.append(item)
                if not reader.request(plan, period, ("template", item[0].code, str(item[1]))):
                    break
            if not pending:
                return
            kind, answer = reader.answer()
            item = pending.popleft()
            if kind != "ok" or answer[0] != "written":
                with lock:                       # written again below, in this process
                    left_over.append(item)
                if kind != "ok":
                    reader._stop()
                    with lock:
                        left_over.extend(pending)
                    pending.clear()

    threads = [threading.Thread(target=run, args=(r,), daemon=True) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for unit, path in left_over:
        write_template(plan, unit, period, path)
    return paths
