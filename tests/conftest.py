"""Shared fixtures: bundled plans, generated templates, LibreOffice availability."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbook_templates.bundled import resolve_plan
from workbook_templates.periods import parse_period
from workbook_templates.template_writer import write_templates

BUNDLED = ("cathai-2023", "hodo-2024", "locha-2024")

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) không có trên máy này",
)


@pytest.fixture(scope="session")
def plans():
    return {name: resolve_plan(name) for name in BUNDLED}


@pytest.fixture(scope="session")
def all_templates(tmp_path_factory, plans):
    """Every template of every bundled plan, for every period of its calendar."""
    root = tmp_path_factory.mktemp("templates")
    made: dict[tuple[str, str], list[Path]] = {}
    for name, plan in plans.items():
        for entry in plan.calendar:
            out = root / name / entry.period.code
            made[(name, entry.period.code)] = write_templates(plan, entry.period, out)
    return made


def template_of(all_templates, plan: str, period: str, unit: str) -> Path:
    return next(p for p in all_templates[(plan, period)] if p.name.startswith(unit + "_"))


@pytest.fixture(scope="session")
def period():
    return parse_period
