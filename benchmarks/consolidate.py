"""Benchmark: consolidate N filled reports, against an openpyxl baseline and the unzip floor.

    .venv/bin/python benchmarks/consolidate.py [--n 1000] [--rounds 3] [--keep DIR] [--json FILE]

Generates N filled reports of a bundled plan widened to N communes (the plan is written next to
them with --keep, so `cchc consolidate DIR/bao-cao --plan DIR/plan.xlsx --period 2024-Y …`
repeats the run), then measures on the same files, interleaved over several rounds:
(a) `cchc consolidate` end to end as a user runs it (read, validate, aggregate, summary, JSON; no
cache, no history), (b) an openpyxl script reading the same cells into pandas, (c) the floor:
reading every zip member of every file. Prints median ms per report, the ratios (a)/(c) and
(b)/(a), the peak memory of (a), and the time to generate the N blank templates.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consolidation.demo import unit_values  # noqa: E402
from workbook_templates.bundled import load_source  # noqa: E402
from workbook_templates.plan_model.periods import parse_period  # noqa: E402
from workbook_templates.plan_reader import read_plan  # noqa: E402
from workbook_templates.plan_workbook import write_plan  # noqa: E402
from consolidation.parallel_templates import write_templates  # noqa: E402
from workbook_templates.template_writer import write_template  # noqa: E402

PERIOD = "2024-Y"


def make_inputs(root: Path, n: int):
    src = copy.deepcopy(load_source("locha-2024"))
    src["info"]["name"] = f"bench-{n}"
    src["unit"] = [{"code": f"X{i:04d}", "name": f"UBND xã số {i}", "level": "xa"} for i in range(n)]
    src["task"] = [t for t in src.get("task", []) if t.get("lead_units") in (["*"], "*", ["cấp:xa"], "cấp:xa")]
    plan = read_plan(write_plan(src, root / "plan.xlsx"))
    period = parse_period(PERIOD)
    rng = random.Random(1)
    for unit in plan.units:
        write_template(plan, unit, period, root / "bao-cao" / f"{unit.code}.xlsx", unit_values(plan, unit, period, rng))
    started = time.perf_counter()
    write_templates(plan, period, root / "bieu-mau")
    return plan, time.perf_counter() - started


def engine(root: Path) -> tuple[float, float]:
    """`cchc consolidate` end to end in a fresh process; (seconds, peak RSS MB of it and its readers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "consolidation.cli", "consolidate", str(root / "bao-cao"), "--plan",
                    str(root / "plan.xlsx"), "--period", PERIOD, "--out", str(root / "out" / "tong-hop.xlsx"),
                    "--json", str(root / "out" / "ket-qua.json"), "--no-cache", "--no-history"],
                   check=True, capture_output=True)
    took = time.perf_counter() - started
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return took, peak


def openpyxl_baseline(files: list[Path], names: list[str]) -> float:
    import openpyxl
    import pandas as pd

    started = time.perf_counter()
    rows = []
    for path in files:
        wb = openpyxl.load_workbook(path, data_only=True)
        row = {}
        for name in names:
            defined = wb.defined_names.get(name)
            if defined is None:
                continue
            for sheet, coord in defined.destinations:
                row[name] = wb[sheet][coord.replace("$", "")].value
        rows.append(row)
    pd.DataFrame(rows)
    return time.perf_counter() - started


def floor(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                zf.read(name)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip (b), the slow openpyxl script: for scaling runs (--n 5000)")
    args = parser.parse_args()
    tmp = None if args.keep else tempfile.TemporaryDirectory()
    root = args.keep or Path(tmp.name)
    root.mkdir(parents=True, exist_ok=True)
    plan, templates_s = make_inputs(root, args.n)
    files = sorted((root / "bao-cao").glob("*.xlsx"))
    names = [pi.defined_name for pi in plan.indicators if pi.defined_name]
    times = {"engine": [], "openpyxl": [], "floor": []}
    peak = 0.0
    for _ in range(args.rounds):                       # interleaved: the same disk cache for all three
        took, used = engine(root)
        times["engine"].append(took)
        peak = max(peak, used)
        if not args.no_baseline:
            times["openpyxl"].append(openpyxl_baseline(files, names))
        times["floor"].append(floor(files))
    ms = {k: 1000 * statistics.median(v) / args.n for k, v in times.items() if v}
    print(f"reports: {args.n}, rounds: {args.rounds}, plan: {plan.name}, period: {PERIOD}")
    for key, label in (("engine", "(a) cchc consolidate"), ("openpyxl", "(b) openpyxl baseline"), ("floor", "(c) unzip floor")):
        if key in ms:
            print(f"{label:<24} {ms[key]:8.2f} ms/report")
    ratios = f"(a)/(c) = {ms['engine'] / ms['floor']:.1f}x"
    if "openpyxl" in ms:
        ratios += f"   (b)/(a) = {ms['openpyxl'] / ms['engine']:.1f}x"
    print(ratios)
    print(f"peak memory of (a): {peak:.0f} MB")
    print(f"generating {args.n} blank templates: {templates_s:.1f} s")
    if args.json:
        args.json.write_text(json.dumps({"n": args.n, "plan": str(root / "plan.xlsx") if args.keep else plan.name,
                                         "period": PERIOD, "ms_per_report": ms, "peak_rss_mb": round(peak, 1),
                                         "templates_s": round(templates_s, 2)}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
