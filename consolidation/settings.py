"""Choices remembered between runs (plan, period, folders), shared by the window and the add-in.

Stored as JSON in the user's settings folder: %APPDATA%\\cchc on Windows,
$XDG_CONFIG_HOME/cchc (~/.config/cchc) elsewhere; CCHC_SETTINGS_DIR overrides both.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from workbook_templates.fileio import write_text_output

FILE_NAME = "settings.json"


@dataclass
class Settings:
    plan: str = ""                 # bundled plan name or path of a plan .xlsx
    period: str = ""               # period code, e.g. 2024-Q2
    folder: str = ""               # the folder of unit reports
    templates_folder: str = ""     # where blank templates were last written


def settings_dir() -> Path:
    if os.environ.get("CCHC_SETTINGS_DIR"):
        return Path(os.environ["CCHC_SETTINGS_DIR"])
    if sys.platform.startswith("win") and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "cchc"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "cchc"


def load() -> Settings:
    """The remembered settings; defaults when the file is missing or unreadable."""
    try:
        data = json.loads((settings_dir() / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: str(v) for k, v in data.items() if k in known and v is not None})


def save(settings: Settings) -> None:
    """Remember ``settings`` (best effort: a read-only profile must not stop the work)."""
    try:
        write_text_output(settings_dir() / FILE_NAME,
                          json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n")
    except OSError:
        pass
