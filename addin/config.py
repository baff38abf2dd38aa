"""The add-in's configuration files (``cchc.conf``), in xlwings' format: one
``"KEY","VALUE"`` line per setting. VBA reads the same files (sheet → file beside the
add-in → user file); Python reads the two files for its own keys (e.g. PLAN)."""
from __future__ import annotations

import csv
from pathlib import Path

CONF_NAME = "cchc.conf"


def read_conf(path: Path) -> dict[str, str]:
    """Keys (upper-cased) and values of one file; empty when the file is missing."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    return {row[0].strip().upper(): row[1].strip() for row in csv.reader(text.splitlines()) if len(row) >= 2}


def conf_paths(addin_path: str | Path | None) -> list[Path]:
    """Where the settings are looked up, first match wins: beside the add-in, then the user's."""
    paths = [Path(addin_path).parent / CONF_NAME] if addin_path else []
    return paths + [Path.home() / ".cchc" / CONF_NAME]


def get(key: str, addin_path: str | Path | None, default: str = "") -> str:
    """As xlwings' VBA GetConfig: the first file that has the key wins, even when empty."""
    for path in conf_paths(addin_path):
        conf = read_conf(path)
        if key.upper() in conf:
            return conf[key.upper()]
    return default
