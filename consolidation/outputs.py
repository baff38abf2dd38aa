"""The outputs of one consolidation, checked before any work and written as a set.

Every output path is checked first (a folder where a file is expected, a file where a folder
is expected, a folder we may not write, a file open in Excel): the run stops with a
Vietnamese message and nothing is replaced. A lock file beside the summary keeps two runs
writing the same outputs from mixing them; a run killed part-way leaves temporary files that
the next run removes.
"""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Iterator

from workbook_templates.fileio import _is_locked

LOCK_NAME = ".cchc-dang-ghi.lock"
STALE_SECONDS = 6 * 3600


class OutputError(Exception):
    """An output that cannot be written; the message is for the user."""


def _writable_dir(folder: Path) -> Path:
    """The nearest existing ancestor of ``folder``; raise when it is not a writable folder."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"Không tạo được thư mục '{folder}': '{probe}' là một tệp, không phải thư mục.")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"Không có quyền ghi vào thư mục '{probe}'.")
    return probe


def check_file_output(path: Path, label: str) -> None:
    if path.is_dir():
        raise OutputError(f"{label} '{path}' là một thư mục; hãy ghi rõ tên tệp, ví dụ '{path / 'tong-hop.xlsx'}'.")
    _writable_dir(path.parent)
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"Không có quyền ghi đè {label.lower()} '{path}'.")
    if _is_locked(path):
        raise OutputError(f"{label} '{path}' đang được mở trong chương trình khác (ví dụ Excel). Hãy đóng tệp rồi chạy lại.")


def check_folder_output(path: Path, label: str) -> None:
    if path.exists() and not path.is_dir():
        raise OutputError(f"{label} '{path}' là một tệp; hãy chọn một thư mục.")
    _writable_dir(path)


def check_outputs(summary: Path, json_path: Path | None = None, feedback: Path | None = None) -> None:
    """Raise OutputError for the first output that cannot be written; write nothing."""
    check_file_output(summary, "Tệp tổng hợp")
    if json_path is not None:
        check_file_output(json_path, "Tệp JSON")
    if feedback is not None:
        check_folder_output(feedback, "Thư mục phản hồi")


def clean_leftovers(folder: Path, max_age: float = 60.0) -> list[Path]:
    """Remove temporary files a killed run left beside its outputs (``.<name>.<random>.tmp<ext>``)."""
    removed = []
    if not folder.is_dir():
        return removed
    now = time.time()
    for path in folder.glob(".*.tmp*"):
        try:
            if path.is_file() and now - path.stat().st_mtime > max_age:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@contextlib.contextmanager
def run_lock(folder: Path) -> Iterator[Path]:
    """Hold the outputs of ``folder`` for this run; refuse while another live run holds them."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                pid = int(lock.read_text(encoding="ascii").strip() or 0)
                age = time.time() - lock.stat().st_mtime
            except (OSError, ValueError):
                pid, age = 0, STALE_SECONDS + 1
            if pid and _alive(pid) and age < STALE_SECONDS:
                raise OutputError(f"Một lần tổng hợp khác (tiến trình {pid}) đang ghi vào thư mục '{folder}'. "
                                  "Hãy chờ lần đó xong rồi chạy lại.") from None
            with contextlib.suppress(OSError):
                lock.unlink()          # left by a run that was killed
            continue
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(str(os.getpid()))
        break
    else:
        raise OutputError(f"Không giữ được thư mục '{folder}' để ghi kết quả.")
    try:
        yield lock
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()
