"""Atomic output: write to a temporary file beside the target, then rename over it."""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Iterator


class OutputLockedError(OSError):
    """The output file is open in another program (e.g. Excel) and cannot be replaced."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"Không ghi được '{path}': tệp đang được mở trong chương trình khác (ví dụ Excel) "
            "hoặc không có quyền ghi. Hãy đóng tệp rồi chạy lại; tệp cũ vẫn được giữ nguyên."
        )


def _is_locked(path: Path) -> bool:
    """True when Excel holds the file open (its lock file ~$name exists) or it cannot be opened for writing."""
    if (path.parent / f"~${path.name}").exists():
        return True
    if path.exists():
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            return True
    return False


def write_text_output(path: str | Path, text: str) -> None:
    """Write UTF-8 text atomically, or to standard output when ``path`` is ``-``."""
    if str(path) == "-":
        sys.stdout.write(text)
        return
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_text_chunks(path: str | Path, chunks: Iterable[str]) -> None:
    """``write_text_output`` for text made piece by piece: never held whole in memory."""
    if str(path) == "-":
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for chunk in chunks:
            fh.write(chunk)


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target`` in one rename.

    Raises OutputLockedError (before writing anything) when the target is open in Excel,
    and leaves no temporary file behind on failure.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if _is_locked(target):
        raise OutputLockedError(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise OutputLockedError(target) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
