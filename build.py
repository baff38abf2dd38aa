"""Build the distributables without Excel.

    python build.py addin   dist/cchc.xlam from macros/ and the xlwings template
    python build.py exe     dist/cchc/ (PyInstaller one-folder, executable ``cchc``)
    python build.py all     both, in one folder dist/CCHC/ with ĐỌC TRƯỚC.txt

The executable is built in its own virtual environment (build/exe-venv) holding only
the pinned packages of requirements-exe.txt and this project, so nothing stray is packed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST, BUILD = ROOT / "dist", ROOT / "build"
EXE_NAME = "cchc"
BUNDLE = "CCHC"
REQUIREMENTS = ROOT / "requirements-exe.txt"
HIDDEN_IMPORTS = ("consolidation.gui", "addin.entry", "addin.actions", "addin.dialogs", "xlwings",
                  "consolidation.reader_worker", "consolidation.report_docx", "docx")
EXCLUDES = ("addin.xlam", "oletools", "olefile", "pytest", "_pytest", "PyInstaller", "setuptools", "pip")
READ_ME_FIRST = "ĐỌC TRƯỚC.txt"

ENTRY = '''import sys
from consolidation.cli import frozen_main
sys.exit(frozen_main())
'''


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def _tools_missing() -> bool:
    """True when this interpreter lacks what the add-in build imports."""
    import importlib.util

    return any(importlib.util.find_spec(name) is None for name in ("defusedxml", "oletools", "xlwings", "pandas"))


def _in_tools_env(argv: list[str]) -> int:
    """Re-run this script in build/tools-venv (project + xlwings + oletools, pinned)."""
    env = BUILD / "tools-venv"
    if not _venv_python(env).exists():
        log(f"build tools environment {env}")
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
        _pip_install(env, "-e", f"{ROOT}[addin,build]")
    return subprocess.run([str(_venv_python(env)), str(Path(__file__).resolve()), *argv]).returncode


def build_addin(out_dir: Path = DIST) -> Path:
    from addin.xlam.package import build_xlam

    path = build_xlam(out_dir / f"{EXE_NAME}.xlam")
    log(f"add-in: {path} ({path.stat().st_size:,} bytes)")
    return path


def _venv_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _pip_install(env: Path, *args: str) -> None:
    subprocess.run([str(_venv_python(env)), "-m", "pip", "install", "-q", *args], check=True)


def _exe_env(reuse: bool) -> Path:
    env = BUILD / "exe-venv"
    if env.exists() and not reuse:
        shutil.rmtree(env)
    if not env.exists():
        log(f"clean environment {env}")
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
        _pip_install(env, "-r", str(REQUIREMENTS))
    # The project itself is reinstalled every time, so a reused environment packs today's code.
    _pip_install(env, "--no-deps", "--no-build-isolation", "--force-reinstall", str(ROOT))
    return env


def build_exe(out_dir: Path = DIST, reuse_env: bool = False) -> Path:
    env = _exe_env(reuse_env)
    work = BUILD / "pyinstaller"
    work.mkdir(parents=True, exist_ok=True)
    entry = work / "cchc_entry.py"
    entry.write_text(ENTRY, encoding="utf-8")
    cmd = [str(_venv_python(env)), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--onedir", "--console", "--name", EXE_NAME,
           "--distpath", str(out_dir), "--workpath", str(work / "work"), "--specpath", str(work),
           "--collect-data", "workbook_templates"]
    for module in HIDDEN_IMPORTS:          # imported inside functions; named so a refactor cannot drop them
        cmd += ["--hidden-import", module]
    for module in EXCLUDES:
        cmd += ["--exclude-module", module]
    started = time.time()
    subprocess.run(cmd + [str(entry)], check=True, cwd=work)
    folder = out_dir / EXE_NAME
    size = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    log(f"executable: {folder} ({size / 2**20:.0f} MiB, built in {time.time() - started:.0f} s)")
    return folder


def build_all(reuse_env: bool = False) -> Path:
    bundle = DIST / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    bundle.mkdir(parents=True)
    build_exe(bundle, reuse_env)
    build_addin(bundle)
    from addin.xlam.package import conf_file_text

    (bundle / "cchc.conf").write_text(conf_file_text(), encoding="utf-8")
    shutil.copyfile(ROOT / "docs" / READ_ME_FIRST, bundle / READ_ME_FIRST)
    log(f"distributable folder: {bundle}")
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", choices=("addin", "exe", "all"))
    parser.add_argument("--reuse-env", action="store_true", help="keep build/exe-venv from an earlier build")
    args = parser.parse_args(argv)
    if args.target in ("addin", "all") and _tools_missing():
        return _in_tools_env(sys.argv[1:] if argv is None else argv)
    if args.target == "addin":
        build_addin()
    elif args.target == "exe":
        build_exe(reuse_env=args.reuse_env)
    else:
        build_all(args.reuse_env)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
