"""Benchmark: consolidate N filled unit reports (default 300) of a synthetic plan.

Run: .venv/bin/python benchmarks/bench_consolidate.py [N]
Prints the time to generate inputs (not measured), the consolidation time, files per
second, the summary-writing time and the peak RSS of the process.
"""
from __future__ import annotations

import copy
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consolidation.demo import unit_values  # noqa: E402
from consolidation.engine import consolidate  # noqa: E402
from consolidation.filler import fill_workbook  # noqa: E402
from consolidation.summary_writer import write_summary  # noqa: E402
from workbook_templates.bundled import load_source  # noqa: E402
from workbook_templates.plan_model.periods import parse_period  # noqa: E402
from workbook_templates.plan_reader import read_plan
from workbook_templates.plan_workbook import write_plan  # noqa: E402
from workbook_templates.template_writer import write_template  # noqa: E402


def main(n: int = 300) -> None:
    period = parse_period("2024-Y")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        src = copy.deepcopy(load_source("locha-2024"))
        src["unit"] = [{"code": f"X{i:04d}", "name": f"UBND xã số {i}", "level": "xa"} for i in range(n)]
        plan = read_plan(write_plan(src, root / "plan.xlsx"))
        rng = random.Random(1)
        start = time.perf_counter()
        for unit in plan.units:
            write_template(plan, unit, period, root / "t" / f"{unit.code}.xlsx")
            fill_workbook(root / "t" / f"{unit.code}.xlsx", root / "in" / f"{unit.code}.xlsx",
                          unit_values(plan, unit, period, rng))
        prepared = time.perf_counter() - start
        start = time.perf_counter()
        result = consolidate(root / "in", plan, period)
        took = time.perf_counter() - start
        start = time.perf_counter()
        write_summary(result, root / "tong-hop.xlsx")
        summary = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"files: {n} (inputs prepared in {prepared:.1f} s, not measured)")
        print(f"consolidate: {took:.2f} s ({n / took:.0f} files/s); ok units: {result.counts['ok']}")
        print(f"write summary: {summary:.2f} s")
        print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
