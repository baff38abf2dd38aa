"""Open a file or folder with the desktop's default program."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def open_path(path: Path | str) -> None:
    """Show ``path`` in Excel / Explorer (Windows), Finder (macOS) or xdg-open (Linux)."""
    path = str(path)
    if sys.platform.startswith("win"):
        os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606
    elif sys.platform == "darwin":
        subprocess.Popen(["open", path])  # noqa: S603,S607
    else:
        subprocess.Popen(["xdg-open", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603,S607
