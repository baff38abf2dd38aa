"""Cache of each file's read-and-check result, so a re-run re-reads only what changed.

A result is stored under the SHA-256 of the file's bytes, its path inside the folder, the plan's
fingerprint, the period and the program version; it lives in the user's data folder, never next
to the inputs. A damaged or foreign entry is ignored and rebuilt, never trusted. ``--no-cache``
(or ``CCHC_CACHE=0``) turns it off.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import pickle
from pathlib import Path

from workbook_templates.plan_export import export_json
from workbook_templates.plan_model.periods import Period
from workbook_templates.plan_model.plan import Plan

from .preflight import Limits
from .unit_report import FileResult

VERSION = "cache-1"
_MAGIC = b"CCHC-CACHE\n"


def program_version() -> str:
    try:
        from importlib.metadata import version
        return version("cchc-baocao")
    except Exception:  # noqa: BLE001 - running from a source tree
        return "dev"


def default_dir() -> Path:
    from .history import default_path
    return default_path().parent / "bo-nho-dem"


def plan_fingerprint(plan: Plan) -> str:
    return hashlib.sha256(export_json(plan).encode("utf-8")).hexdigest()


class ResultCache:
    def __init__(self, folder: Path | None = None, plan: Plan | None = None, period: Period | None = None):
        self.folder = folder or default_dir()
        self.context = (f"{VERSION}|{program_version()}|{plan_fingerprint(plan) if plan else ''}|"
                        f"{period.code if period else ''}|{Limits.from_env()}")
        self._key = hashlib.sha256(self.context.encode("utf-8")).digest()

    def _path(self, sha256: str, display: str) -> Path:
        name = hashlib.sha256(f"{self.context}|{sha256}|{display}".encode("utf-8")).hexdigest()
        return self.folder / name[:2] / f"{name}.pickle"

    def get(self, path: Path, display: str, sha256: str, mtime: float) -> FileResult | None:
        """The stored result, or None (missing, damaged, tampered with or for other content)."""
        entry = self._path(sha256, display)
        try:
            blob = entry.read_bytes()
        except OSError:
            return None
        if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 32:
            return None
        mac, data = blob[len(_MAGIC):len(_MAGIC) + 32], blob[len(_MAGIC) + 32:]
        if not hmac.compare_digest(mac, hmac.new(self._key, data, "sha256").digest()):
            return None                                     # damaged or not ours: rebuilt
        try:
            result = pickle.loads(data)  # noqa: S301 - authenticated above
        except Exception:  # noqa: BLE001
            return None
        if not isinstance(result, FileResult) or result.sha256 != sha256 or result.display != display:
            return None
        result.path, result.mtime = path, mtime
        return result

    def put(self, result: FileResult) -> None:
        if not result.sha256:
            return
        entry = self._path(result.sha256, result.display)
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp = entry.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(_MAGIC + hmac.new(self._key, data, "sha256").digest() + data)
            os.replace(tmp, entry)
        except OSError:
            return                                          # a cache that cannot be written is no cache


def cache_enabled() -> bool:
    return os.environ.get("CCHC_CACHE", "1") != "0"
