"""A progress bar on the command line for long runs: files done / total and the current file.

Silent when standard error is not a terminal (pipes, logs, the add-in, tests)."""
from __future__ import annotations

import shutil
import sys
from typing import Callable, TextIO

Progress = Callable[[int, int, str], None]


def progress_bar(stream: TextIO | None = None, minimum: int = 20) -> Progress | None:
    """A callback drawing ``[#####     ] 12/300 tệp: name``, or None when nobody would see it."""
    stream = stream or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return None

    def draw(done: int, total: int, name: str) -> None:
        if total < minimum:
            return
        width = max(20, shutil.get_terminal_size((80, 20)).columns - 1)
        bar = 20
        filled = int(bar * done / max(total, 1))
        text = f"[{'#' * filled}{' ' * (bar - filled)}] {done}/{total} tệp: {name}"
        stream.write("\r" + text[:width].ljust(width))
        if done >= total:
            stream.write("\n")
        stream.flush()

    return draw
