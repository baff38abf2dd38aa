"""The window, for real on an X display (Xvfb when there is no screen)."""
from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

tk = pytest.importorskip("tkinter")


def _pump(root, until, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while not until():
        assert time.time() < deadline, "the window did not finish in time"
        root.update()
        time.sleep(0.02)
    for _ in range(5):
        root.update()


@pytest.fixture()
def window(display, settings_dir):
    from consolidation.gui import MainWindow

    root = tk.Tk()
    win = MainWindow(root)
    yield win
    if root.winfo_exists():
        root.destroy()
    del win, root
    gc.collect()          # drop Tk variables here, not later in some worker thread


def test_consolidation_from_the_window(window, demo_dir, tmp_path, monkeypatch):
    from consolidation import settings as store

    errors = []
    monkeypatch.setattr("consolidation.gui.messagebox.showerror", lambda *a, **k: errors.append(a))
    inbox = tmp_path / "bao-cao"
    shutil.copytree(demo_dir / "bao-cao", inbox)
    window.form.set_plan("cathai-2023", "2023-Y")
    window.form.folder_var.set(str(inbox))
    seen_progress = []
    window.progress.bind("<Configure>", lambda _e: None)
    window.consolidate_button.invoke()
    assert window.busy and str(window.consolidate_button["state"]) == "disabled"

    def done():
        if window.status_var.get().startswith("Đang đọc tệp"):
            seen_progress.append(window.status_var.get())
        return not window.busy and window.last_run is not None

    _pump(window.root, done)
    assert errors == []
    run = window.last_run
    assert run.summary.is_file() and run.result_json.is_file()
    counts = json.loads(run.result_json.read_text(encoding="utf-8"))["counts"]
    overview = window.overview.get("1.0", "end")
    assert f"đã nộp {counts['submitted']}" in overview and f"chưa nộp {counts['missing']}" in overview
    assert str(run.summary) in overview
    assert len(window.units.get_children()) == counts["expected"]
    statuses = [window.units.item(i, "values")[2] for i in window.units.get_children()]
    assert statuses.count("Chưa nộp") == counts["missing"]
    assert len(window.shortfalls.get_children()) >= counts["total_shortfalls"] > 0
    files_with_problems = {window.problems.item(i, "text") for i in window.problems.get_children()}
    assert "CH_TCKH_2023-Y.xlsx" in files_with_problems
    titles = {window.problems.item(c, "values")[0] for i in window.problems.get_children()
              for c in window.problems.get_children(i)}
    assert {"Chưa nhập số liệu bắt buộc", "Số liệu không thống nhất", "Nộp muộn"} <= titles
    assert "ĐƠN VỊ CẦN ĐÔN ĐỐC" in overview and "UBND xã Xuân Đám" in overview      # named, not counted only
    assert str(window.open_summary_button["state"]) == "normal"
    assert seen_progress, "the progress line never showed the current file"
    assert window.progress["value"] == window.progress["maximum"]
    assert store.load().folder == str(inbox)                 # remembered for next time


def test_a_wrong_folder_is_reported_in_vietnamese(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("consolidation.gui.messagebox.showerror", lambda title, message, **k: shown.append(message))
    window.form.set_plan("cathai-2023", "2023-Y")
    window.form.folder_var.set(str(tmp_path / "khong-co"))
    window.consolidate_button.invoke()
    assert shown == [f"Không tìm thấy thư mục '{tmp_path / 'khong-co'}'."]
    assert window.status_var.get().startswith("Lỗi:")
    assert window.last_run is None


def test_check_writes_nothing(window, demo_dir, tmp_path):
    inbox = tmp_path / "bao-cao"
    shutil.copytree(demo_dir / "bao-cao", inbox)
    window.form.set_plan("cathai-2023", "2023-Y")
    window.form.folder_var.set(str(inbox))
    window.check_button.invoke()
    _pump(window.root, lambda: not window.busy and window.last_result is not None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao", "settings"]
    assert window.problems.get_children()


def test_templates_from_the_window(window, tmp_path, plans, monkeypatch):
    out = tmp_path / "bieu-mau"
    monkeypatch.setattr(window, "ask_templates_dir", lambda: str(out))
    window.form.set_plan("hodo-2024", "2024-Q1")
    window.templates_button.invoke()
    _pump(window.root, lambda: not window.busy and "Đã tạo" in window.status_var.get())
    assert len(list(out.glob("*.xlsx"))) == len(plans["hodo-2024"].units)


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool không có trên máy này")
def test_cchc_gui_opens_a_window(display, settings_dir):
    """``cchc gui`` in its own process shows a window titled in Vietnamese."""
    proc = subprocess.Popen([sys.executable, "-m", "consolidation", "gui"], env=os.environ.copy())
    try:
        deadline, found = time.time() + 30, ""
        while not found and time.time() < deadline:
            found = subprocess.run(["xdotool", "search", "--name", "^CCHC"],
                                   capture_output=True, text=True).stdout.strip()
            time.sleep(0.3)
        assert found, "no window appeared"
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)
