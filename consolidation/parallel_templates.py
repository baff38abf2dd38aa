"""Blank templates for many units, written by several processes at once.

Writing a template is pure CPU (about 35 ms each); from ``PARALLEL_MIN`` units on, the units are
shared among the reading processes of ``consolidation.isolation``, which already hold the plan
(the packaged program runs them too). A template no process reports written (it failed, or was
lost with its process) is written here in the calling process, so the result never differs.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from workbook_templates.plan_model.periods import Period
from workbook_templates.plan_model.plan import Plan
from workbook_templates.template_writer import check_period, template_filename, units_to_write, write_template
from workbook_templates.template_writer import write_templates as one_by_one

from .isolation import PARALLEL_MIN, IsolatedReader, reading_processes, workers_for

log = logging.getLogger("cchc")


def write_templates(plan: Plan, period: Period, out_dir: Path | str, unit_codes: list[str] | None = None) -> list[Path]:
    """``workbook_templates.template_writer.write_templates``, in parallel when there are many units."""
    check_period(plan, period)
    units = units_to_write(plan, unit_codes)
    readers = reading_processes(workers_for(len(units))) if len(units) >= PARALLEL_MIN else None
    if not readers or len(readers) < 2:
        return one_by_one(plan, period, out_dir, unit_codes)
    out_dir = Path(out_dir)
    paths = [out_dir / template_filename(unit, period) for unit in units]
    work = iter(list(zip(units, paths)))
    lock = threading.Lock()
    written: set[Path] = set()

    def take():
        with lock:
            return next(work, None)

    def answered(item, kind: str, answer) -> None:
        if kind == "ok" and answer[0] == "written":
            with lock:
                written.add(item[1])

    def run(reader: IsolatedReader) -> None:
        try:
            reader.stream(take, plan, period, lambda item: ("template", item[0].code, str(item[1])), answered)
        except Exception:  # noqa: BLE001 - the units it held are written below
            log.warning("template process failed", exc_info=True)

    threads = [threading.Thread(target=run, args=(r,), daemon=True) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for unit, path in zip(units, paths):
        if path not in written:                  # failed or lost with its process: written here
            write_template(plan, unit, period, path)
    return paths
