"""Regenerate docs/window.png: the window after consolidating the bundled example.

Run under a display (e.g. ``xvfb-run -s "-screen 0 1280x860x24" .venv/bin/python
scripts/screenshot_gui.py``); needs xwd (x11-apps) and ImageMagick's convert.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import tkinter as tk
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cchc-shot-"))
    os.environ["CCHC_SETTINGS_DIR"] = str(work / "settings")
    from consolidation.demo import run_demo
    from consolidation.gui import MainWindow

    run_demo(work / "vi-du")
    root = tk.Tk()
    root.geometry("1180x640+0+0")
    win = MainWindow(root)
    win.form.set_plan("cathai-2023", "2023-Y")
    win.form.folder_var.set(str(work / "vi-du" / "bao-cao"))
    win.consolidate_button.invoke()
    while win.busy or win.last_run is None:
        root.update()
        time.sleep(0.05)
    win.notebook.select(3)
    for _ in range(20):
        root.update()
        time.sleep(0.05)
    frame = root.wm_frame()
    out = ROOT / "docs" / "window.png"
    xwd = subprocess.run(["xwd", "-silent", "-id", frame], capture_output=True, check=True).stdout
    subprocess.run(["convert", "xwd:-", "-strip", str(out)], input=xwd, check=True)
    root.destroy()
    print(out)


if __name__ == "__main__":
    main()
