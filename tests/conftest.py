"""Shared fixtures: bundled plans, generated templates, LibreOffice availability."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_templates

BUNDLED = ("cathai-2023", "hodo-2024", "locha-2024")
# The history file and other user data of every run in the tests stay out of the user's home.
os.environ.setdefault("CCHC_DATA_DIR", tempfile.mkdtemp(prefix="cchc-data-"))

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


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """The bundled example: templates, 20 filled reports (some wrong, late, .xls/.ods), outputs."""
    from consolidation.demo import run_demo

    out = tmp_path_factory.mktemp("demo") / "demo"
    run_demo(out)
    return out


@pytest.fixture()
def settings_dir(tmp_path, monkeypatch) -> Path:
    """Remembered settings go to a fresh folder for each test."""
    path = tmp_path / "settings"
    monkeypatch.setenv("CCHC_SETTINGS_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def display():
    """An X display: the current one, or a private Xvfb started for the session."""
    import os
    import subprocess
    import time

    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb không có trên máy này")
    number = f":{os.getpid() % 500 + 100}"
    proc = subprocess.Popen(["Xvfb", number, "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while not Path(f"/tmp/.X11-unix/X{number[1:]}").exists() and time.time() < deadline:
        time.sleep(0.1)
    os.environ["DISPLAY"] = number
    try:
        yield number
    finally:
        del os.environ["DISPLAY"]
        proc.terminate()
        proc.wait(timeout=10)
