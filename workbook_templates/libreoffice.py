"""LibreOffice as a real spreadsheet client: open, recalculate, convert (headless).

A throwaway user profile sets "recalculate on load: always" for Excel and ODF files,
so converted files carry values LibreOffice computed itself, not our cached ones.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FILTERS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "xls": "xls:MS Excel 97",
    "ods": "ods",
    "pdf": "pdf",
    "csv": "csv",
}
_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice_path() is not None


def writer_available() -> bool:
    """LibreOffice Writer is installed (to render .docx drafts); Debian ships it apart from Calc."""
    exe = soffice_path()
    if exe is None:
        return False
    program = Path(exe).resolve().parent
    return any(program.glob("libswlo.*")) or any(program.glob("swlo*.dll")) or not any(program.glob("libsclo.*"))


BATCH = 40


def convert(sources: list[Path] | Path, fmt: str, out_dir: Path | str, timeout: int = 300,
            recalc: bool = True) -> list[Path]:
    """Convert files with LibreOffice; return the converted paths.

    ``recalc``: recalculate every formula on load; False keeps LibreOffice's default profile,
    which shows the results stored in the file (what previews and value readers see).
    Files go to soffice in batches: one very long batch was seen to stop part-way.
    """
    sources = [sources] if isinstance(sources, Path) else list(sources)
    results: list[Path] = []
    for start in range(0, len(sources), BATCH):
        results += _convert_batch(sources[start:start + BATCH], fmt, Path(out_dir), timeout, recalc)
    return results


def _convert_batch(sources: list[Path], fmt: str, out_dir: Path, timeout: int, recalc: bool = True) -> list[Path]:
    exe = soffice_path()
    if exe is None:
        raise RuntimeError("Không tìm thấy LibreOffice (soffice).")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir(parents=True)
        if recalc:
            (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
        cmd = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", FILTERS.get(fmt, fmt), "--outdir", str(out_dir), *map(str, sources)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    ext = fmt.split(":")[0]
    results = [out_dir / f"{Path(s).stem}.{ext}" for s in sources]
    missing = [str(p) for p in results if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice không tạo được: {', '.join(missing)}")
    return results
