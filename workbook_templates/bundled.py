"""Bundled example plans, and resolving a PLAN argument (short name or path to a workbook).

The plan workbooks in ``plans/`` are generated from the transcriptions in ``plans/src``
by ``python -m workbook_templates.bundled``; a test checks that they are up to date.
"""
from __future__ import annotations

import sys
import tomllib
from functools import lru_cache
from pathlib import Path

from .plan_model.catalog import Catalog
from .plan_model.plan import Plan
from .plan_reader import read_plan
from .plan_workbook import PlanError, PlanProblem, write_plan

PLANS_DIR = Path(__file__).parent / "plans"
SOURCES_DIR = PLANS_DIR / "src"


def bundled_paths() -> dict[str, Path]:
    """Short name → workbook path of every bundled plan, sorted by name."""
    return {p.stem: p for p in sorted(PLANS_DIR.glob("*.xlsx"))}


def load_source(name: str) -> dict:
    return tomllib.loads((SOURCES_DIR / f"{name}.toml").read_text(encoding="utf-8"))


def build_bundled(out_dir: Path = PLANS_DIR) -> list[Path]:
    """Regenerate every bundled plan workbook from its TOML transcription."""
    return [write_plan(load_source(src.stem), out_dir / f"{src.stem}.xlsx") for src in sorted(SOURCES_DIR.glob("*.toml"))]


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float) -> Plan:
    return read_plan(Path(path))


def resolve_plan(spec: str | Path, catalog: Catalog | None = None) -> Plan:
    """Load a plan named by its bundled short name or by a path to a plan workbook."""
    text = str(spec)
    path = bundled_paths().get(text) or Path(text)
    if not path.exists():
        names = ", ".join(bundled_paths()) or "(không có)"
        raise PlanError(path, [PlanProblem("", "", f"không tìm thấy kế hoạch '{text}'. Kế hoạch có sẵn: {names}")])
    if catalog is not None:
        return read_plan(path, catalog)
    return _load_cached(str(path.resolve()), path.stat().st_mtime)


if __name__ == "__main__":
    for written in build_bundled():
        print(written)
    sys.exit(0)


@lru_cache(maxsize=1)
def bundled_owner_codes() -> frozenset[str]:
    """Codes of the units that own a bundled plan (they consolidate units of their own)."""
    codes = set()
    for name in bundled_paths():
        try:
            codes.add(resolve_plan(name).owner.code)
        except PlanError:
            continue
    return frozenset(codes)
