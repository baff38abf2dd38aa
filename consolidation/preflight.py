"""Checks made before any spreadsheet library touches a file, so that no file can hang, exhaust or
crash the run: what the path is, who may read it, what its content is (not its name), how big
its parts are once unzipped, and how far its farthest cell lies.

Limits are settings (environment variables, documented in docs/bad-input.md).
"""
from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from workbook_templates.cellref import column_index_from_string


SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_REPEAT = re.compile(rb'number-(rows|columns)-repeated="(\d+)"')


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """What one report file may cost. Every field has an environment variable (``CCHC_…``)."""

    file_mb: int = 50            # CCHC_MAX_FILE_MB: size on disk
    member_mb: int = 64          # CCHC_MAX_PART_MB: one part of the zip once unzipped
    total_mb: int = 200          # CCHC_MAX_UNZIPPED_MB: all parts once unzipped
    rows: int = 20000            # CCHC_MAX_ROWS: farthest row of a sheet we read
    cols: int = 256              # CCHC_MAX_COLUMNS: farthest column (IV)
    worker_mb: int = 700         # CCHC_WORKER_MB: memory of the reading process
    seconds: int = 30            # CCHC_FILE_SECONDS: time to read and check one file

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(_env_int("CCHC_MAX_FILE_MB", cls.file_mb), _env_int("CCHC_MAX_PART_MB", cls.member_mb),
                   _env_int("CCHC_MAX_UNZIPPED_MB", cls.total_mb), _env_int("CCHC_MAX_ROWS", cls.rows),
                   _env_int("CCHC_MAX_COLUMNS", cls.cols), _env_int("CCHC_WORKER_MB", cls.worker_mb),
                   _env_int("CCHC_FILE_SECONDS", cls.seconds))


class Refused(Exception):
    """A file that must not be read: ``code`` is an issue code, ``detail`` its Vietnamese detail."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail)
        self.code, self.detail = code, detail


def path_problem(path: Path) -> Refused | None:
    """Whether ``path`` can be read at all, looking only at its metadata (never opens a FIFO)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return Refused("file-vanished")
    except PermissionError:
        return Refused("file-no-access")
    except OSError as exc:
        return Refused("file-no-access", exc.strerror or "")
    if not stat.S_ISREG(info.st_mode):
        kind = ("thư mục" if stat.S_ISDIR(info.st_mode) else "đường ống (FIFO)" if stat.S_ISFIFO(info.st_mode)
                else "thiết bị" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "tệp đặc biệt")
        return Refused("file-not-regular", kind)
    if not os.access(path, os.R_OK):
        return Refused("file-no-access")
    return None


def sniff(path: Path, limits: Limits) -> str:
    """The file's real format by its content: xlsx, xlsb, ods, xls; raise Refused otherwise."""
    fmt, zf = open_checked(path, limits)
    if zf is not None:
        zf.close()
    return fmt


def open_checked(path: Path, limits: Limits) -> tuple[str, zipfile.ZipFile | None]:
    """``sniff``, handing back the zip package it checked (open; the caller closes it) so it is not
    opened twice. An .xlsx is read cell by cell from its XML, so its extent is not measured here."""
    size = path.stat().st_size
    if size > limits.file_mb * 1024 * 1024:
        raise Refused("file-too-large", f"{size / 1024 / 1024:.0f} MB > {limits.file_mb} MB")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head.startswith(OLE_MAGIC):
                body = fh.read(4 * 1024 * 1024)
                if "EncryptedPackage".encode("utf-16-le") in body or "EncryptionInfo".encode("utf-16-le") in body:
                    raise Refused("file-encrypted")
                return "xls", None
    except PermissionError as exc:
        raise Refused("file-no-access") from exc
    except FileNotFoundError as exc:
        raise Refused("file-vanished") from exc
    if not head.startswith(ZIP_MAGIC):
        raise Refused("file-format", "nội dung không phải bảng tính Excel hoặc ODS")
    zf = None
    try:
        zf = zipfile.ZipFile(path)
        names = set(zf.namelist())
        _check_sizes(zf, limits)
        if "xl/workbook.bin" in names:
            return "xlsb", zf
        if "xl/workbook.xml" in names:
            return "xlsx", zf
        if "content.xml" in names:
            _check_ods_extent(zf, limits)
            return "ods", zf
    except Refused:
        if zf is not None:
            zf.close()
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, NotImplementedError) as exc:
        if zf is not None:
            zf.close()
        raise Refused("file-format", "tệp nén bị hỏng") from exc
    zf.close()
    raise Refused("file-format", "tệp nén không chứa bảng tính Excel hoặc ODS")


def _check_sizes(zf: zipfile.ZipFile, limits: Limits) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > limits.member_mb * 1024 * 1024:
            raise Refused("file-limit", f"một phần của tệp khi giải nén lớn {info.file_size / 1024 / 1024:.0f} MB "
                                        f"(giới hạn {limits.member_mb} MB)")
    if total > limits.total_mb * 1024 * 1024:
        raise Refused("file-limit", f"tệp khi giải nén lớn {total / 1024 / 1024:.0f} MB (giới hạn {limits.total_mb} MB)")


def _scan(zf: zipfile.ZipFile, member: str, pattern: re.Pattern, limits: Limits) -> None:
    """Stream a sheet part, refusing a row or column beyond the limits (calamine allocates up to it)."""
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            for match in pattern.finditer(data):
                letters, digits = [g for g in match.groups() if g is not None][:2]
                col, row = column_index_from_string(letters) if letters else 1, int(digits)
                if row > limits.rows or col > limits.cols:
                    where = f"ô ở xa (hàng {row}, cột {col})" if letters else f"hàng ở xa (hàng {row})"
                    raise Refused("file-limit", f"trang tính có {where}; giới hạn {limits.rows} hàng, {limits.cols} cột")
            tail = data[-64:]


def _far_cells(limits: Limits) -> re.Pattern:
    """Cells that may lie beyond the limits: columns of two letters or more, or long row numbers.
    Normal reports have none, so the scan costs almost nothing in Python."""
    digits = min(len(str(limits.rows)), 7)
    return re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{2,3})(\d{1,7})"|<(?:\w+:)?c\b[^>]*?\br="([A-Z])(\d{%d,7})"'
                      rb'|<(?:\w+:)?row\b[^>]*?\br="()(\d{%d,7})"' % (digits, digits))


def check_xlsx_extent(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a sheet with a cell beyond the limits (needed only before calamine reads an .xlsx)."""
    pattern = _far_cells(limits)
    for member in zf.namelist():
        if member.startswith(("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")) and member.endswith(".xml"):
            _scan(zf, member, pattern, limits)       # calamine sizes its range from the cells


def _check_ods_extent(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Rows or columns repeated past the limits (a normal file repeats only its empty tail)."""
    with zf.open("content.xml") as fh:
        data = fh.read()
    for match in _ODS_REPEAT.finditer(data):
        kind, count = match.group(1), int(match.group(2))
        if count <= (limits.rows if kind == b"rows" else limits.cols):
            continue
        # A repeated element holding a value (office:value-type or text) is a real, huge range.
        start = data.rfind(b"<", 0, match.start())
        end = data.find(b">", match.end())
        attributes = data[start:end]
        content = b"" if attributes.endswith(b"/") else data[end: end + 2000]
        close = content.find(b"</table:table-row>" if kind == b"rows" else b"</table:table-cell>")
        content = content[: close if close >= 0 else len(content)]
        if b"value-type" in attributes or b"value-type" in content or b"<text:p" in content:
            raise Refused("file-limit", f"bảng tính lặp một {'hàng' if kind == b'rows' else 'cột'} có dữ liệu "
                                        f"{count} lần (giới hạn {limits.rows} hàng, {limits.cols} cột)")


def spreadsheet_suffix(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEET_SUFFIXES | {".xlsb"}
