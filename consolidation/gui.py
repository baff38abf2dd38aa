"""The Vietnamese window (``cchc gui``, and the packaged program started without arguments).

Long work runs in a worker thread; it talks to the window only through a queue that the
Tk main loop polls, so the window stays responsive and Tk is touched by one thread.
"""
from __future__ import annotations

import queue
import threading
import tkinter as tk
import traceback
from pathlib import Path
from tkinter import filedialog, messagebox, ttk
from typing import Any, Callable

from workbook_templates.fileio import OutputLockedError
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_model.plan import format_number

from . import service, settings as store
from .engine import Consolidation
from .verdicts import scope_label
from .gui_form import PAD, FormError, RunForm
from .opener import open_path
from .issues import TYPES
from .outputs import OutputError
from .summary_lists import OUTCOME_TEXT, STATUS_TEXT
from .summary_writer import who_needs_attention
from .comparison import comparison_text

TITLE = "CCHC – Tổng hợp báo cáo cải cách hành chính"


def user_message(exc: BaseException) -> str:
    """Plain Vietnamese for an error raised by the engine."""
    if isinstance(exc, (FormError, OutputLockedError, OutputError, FileNotFoundError, ValueError)):
        return str(exc)
    return f"Đã xảy ra lỗi không mong muốn: {exc}. Hãy gửi thông báo này cho bộ phận kỹ thuật."


class MainWindow:
    def __init__(self, root: tk.Tk):
        self.root = root
        self.settings = store.load()
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.worker: threading.Thread | None = None
        self.last_run: service.RunOutput | None = None
        self.last_result: Consolidation | None = None
        root.title(TITLE)
        root.minsize(900, 600)

        self.form = RunForm(root, self.settings)
        self.form.pack(fill="x", **PAD)

        bar = ttk.Frame(root)
        bar.pack(fill="x", **PAD)
        self.consolidate_button = ttk.Button(bar, text="Tổng hợp", command=self.start_consolidation)
        self.check_button = ttk.Button(bar, text="Kiểm tra", command=self.start_check)
        self.templates_button = ttk.Button(bar, text="Tạo biểu mẫu", command=self.start_templates)
        self.open_summary_button = ttk.Button(bar, text="Mở báo cáo tổng hợp", state="disabled",
                                              command=lambda: self._open(self.last_run.summary))
        self.open_feedback_button = ttk.Button(bar, text="Mở thư mục phản hồi", state="disabled",
                                               command=lambda: self._open(self.last_run.feedback_dir))
        self.open_draft_button = ttk.Button(bar, text="Mở dự thảo báo cáo (Word)", state="disabled",
                                            command=lambda: self._open(self.last_run.report_draft))
        for b in (self.consolidate_button, self.check_button, self.templates_button):
            b.pack(side="left", padx=4)
        for b in (self.open_draft_button, self.open_feedback_button, self.open_summary_button):
            b.pack(side="right", padx=4)

        progress = ttk.Frame(root)
        progress.pack(fill="x", **PAD)
        self.progress = ttk.Progressbar(progress, mode="determinate")
        self.progress.pack(fill="x")
        self.status_var = tk.StringVar(value="Chọn kế hoạch, kỳ báo cáo và thư mục báo cáo rồi bấm Tổng hợp.")
        self.status = ttk.Label(progress, textvariable=self.status_var, anchor="w")
        self.status.pack(fill="x")

        self.notebook = ttk.Notebook(root)
        self.notebook.pack(fill="both", expand=True, **PAD)
        self.overview = tk.Text(self.notebook, height=8, wrap="word", font=("TkDefaultFont", 11))
        self.units = self._table(("Mã", "Đơn vị", "Tình trạng", "Nộp muộn", "Tệp"), (90, 260, 110, 80, 360))
        self.shortfalls = self._table(("Đơn vị", "Phạm vi", "Chỉ tiêu", "Giá trị", "Mục tiêu", "Còn thiếu"),
                                      (200, 150, 300, 80, 80, 80))
        self.problems = self._table(("Tệp / mức độ", "Loại vấn đề", "Trang tính", "Ô", "Nội dung"),
                                    (280, 250, 100, 50, 480), tree=True)
        # Statuses in colour: good green, errors red, missing and rejected grey-red, late amber.
        for tag, colour in (("ok", "#1b5e20"), ("ok_late", "#8a5300"), ("has_errors", "#b00020"),
                            ("missing", "#6d4c41"), ("rejected", "#b00020")):
            self.units.tag_configure(tag, foreground=colour)
        for widget, text in ((self.overview, "Tổng quan"), (self.units, "Đơn vị"),
                             (self.shortfalls, "Chỉ tiêu không đạt"), (self.problems, "Lỗi theo tệp")):
            self.notebook.add(widget.master if isinstance(widget, ttk.Treeview) else widget, text=text)
        root.protocol("WM_DELETE_WINDOW", self.close)
        root.after(50, self._poll)

    def _table(self, columns: tuple[str, ...], widths: tuple[int, ...], tree: bool = False) -> ttk.Treeview:
        frame = ttk.Frame(self.notebook)
        view = ttk.Treeview(frame, columns=columns[1:] if tree else columns, show="tree headings" if tree else "headings")
        if tree:
            view.heading("#0", text=columns[0])
            view.column("#0", width=widths[0])
        for name, width in zip(columns[1:] if tree else columns, widths[1:] if tree else widths):
            view.heading(name, text=name)
            view.column(name, width=width, anchor="w")
        scroll = ttk.Scrollbar(frame, orient="vertical", command=view.yview)
        view.configure(yscrollcommand=scroll.set)
        view.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        return view

    # -- running work off the UI thread -------------------------------------
    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.is_alive()

    def _run(self, label: str, job: Callable[[Callable[[int, int, str], None]], Any], done: Callable[[Any], None]) -> None:
        if self.busy:
            return
        self._set_buttons("disabled")
        self.progress.configure(value=0, maximum=1)
        self.status_var.set(label)
        self._done = done

        def progress(n: int, total: int, path: str) -> None:
            self.events.put(("progress", (n, total, path)))

        def work() -> None:
            try:
                self.events.put(("done", job(progress)))
            except BaseException as exc:  # noqa: BLE001 - every failure must reach the user
                traceback.print_exc()
                self.events.put(("error", exc))

        self.worker = threading.Thread(target=work, name="cchc-worker", daemon=True)
        self.worker.start()

    def _poll(self) -> None:
        try:
            while True:
                kind, payload = self.events.get_nowait()
                if kind == "progress":
                    n, total, path = payload
                    self.progress.configure(maximum=max(total, 1), value=n)
                    self.status_var.set(f"Đang đọc tệp {n}/{total}: {Path(path).name}")
                elif kind == "done":
                    self._set_buttons("normal")
                    try:
                        self._done(payload)
                    except Exception as exc:  # noqa: BLE001 - shown, never swallowed
                        traceback.print_exc()
                        self.show_error(user_message(exc))
                elif kind == "error":
                    self._set_buttons("normal")
                    self.show_error(user_message(payload))
        except queue.Empty:
            pass
        self.root.after(50, self._poll)

    def _set_buttons(self, state: str) -> None:
        for b in (self.consolidate_button, self.check_button, self.templates_button):
            b.configure(state=state)
        if state == "disabled":       # the previous outputs are being rewritten: not to be opened now
            self.open_summary_button.configure(state="disabled")
            self.open_feedback_button.configure(state="disabled")
            self.open_draft_button.configure(state="disabled")
        elif self.last_run is not None:
            self.open_summary_button.configure(state="normal")
            self.open_draft_button.configure(state="normal")
            self.open_feedback_button.configure(state="normal" if self.last_run.feedback_dir.exists() else "disabled")

    def show_error(self, message: str) -> None:
        self.status_var.set("Lỗi: " + message)
        self.status.configure(foreground="#b00020")
        messagebox.showerror(TITLE, message, parent=self.root)

    def _choice(self, need_folder: bool = True):
        self.status.configure(foreground="")
        try:
            choice = self.form.choice(need_folder)
        except FormError as exc:
            self.show_error(str(exc))
            return None
        self.form.remember(self.settings)
        store.save(self.settings)
        return choice

    # -- the three buttons --------------------------------------------------
    def start_consolidation(self) -> None:
        choice = self._choice()
        if choice is None:
            return
        period = parse_period(choice.period_code)
        self._run("Đang tổng hợp…", lambda progress: service.run_consolidation(
            choice.folder, choice.plan, period, progress=progress), self._show_run)

    def start_check(self) -> None:
        choice = self._choice()
        if choice is None:
            return
        period = parse_period(choice.period_code)
        self._run("Đang kiểm tra…", lambda progress: service.check_folder(choice.folder, choice.plan, period, progress),
                  self._show_check)

    def ask_templates_dir(self) -> str:
        return filedialog.askdirectory(parent=self.root, title="Chọn thư mục ghi biểu mẫu",
                                       initialdir=self.settings.templates_folder or None)

    def start_templates(self) -> None:
        choice = self._choice(need_folder=False)
        if choice is None:
            return
        out = self.ask_templates_dir()
        if not out:
            return
        self.settings.templates_folder = out
        store.save(self.settings)
        period = parse_period(choice.period_code)
        self._run("Đang tạo biểu mẫu…", lambda _p: service.make_templates(choice.plan, period, out),
                  lambda paths: self._show_templates(paths, out))

    # -- results --------------------------------------------------------------
    def _show_run(self, run: service.RunOutput) -> None:
        self.last_run = run
        self._show_result(run.result)
        self.overview.insert("end", f"\n\nBáo cáo tổng hợp: {run.summary}\nKết quả JSON: {run.result_json}\n"
                                    f"Tệp phản hồi ({len(run.feedback_files)} tệp): {run.feedback_dir}\n")
        self.open_summary_button.configure(state="normal")
        self.open_draft_button.configure(state="normal")
        self.open_feedback_button.configure(state="normal" if run.feedback_dir.exists() else "disabled")
        self.overview.insert("end", f"Dự thảo báo cáo (Word): {run.report_draft}\n"
                                    f"Dự thảo công văn đôn đốc: {run.reminder}\n")
        self.overview.insert("end", "\n" + comparison_text(run.result))
        self.status_var.set(f"Đã tổng hợp xong. Báo cáo tổng hợp: {run.summary}")

    def _show_check(self, result: Consolidation) -> None:
        self._show_result(result)
        self.status_var.set("Đã kiểm tra xong (không ghi tệp nào).")

    def _show_templates(self, paths: list[Path], out: str) -> None:
        self.overview.delete("1.0", "end")
        self.overview.insert("end", f"Đã tạo {len(paths)} biểu mẫu vào thư mục {out}.\n")
        self.notebook.select(0)
        self.status_var.set(f"Đã tạo {len(paths)} biểu mẫu.")

    def _show_result(self, result: Consolidation) -> None:
        self.last_result = result
        self.overview.delete("1.0", "end")
        self.overview.insert("end", service.counts_text(result))
        attention = who_needs_attention(result)
        if attention:
            self.overview.insert("end", "\n\nĐƠN VỊ CẦN ĐÔN ĐỐC")
            for label, found in attention:
                self.overview.insert("end", f"\n• {label}: " + "; ".join(found))
        elif result.units:
            self.overview.insert("end", "\n\nTất cả đơn vị đã nộp đúng hạn, báo cáo hợp lệ.")
        for view in (self.units, self.shortfalls, self.problems):
            view.delete(*view.get_children())
        for u in result.units:
            tag = u.status + ("_late" if u.late and u.status == "ok" else "")
            self.units.insert("", "end", tags=(tag,), values=(u.unit.code, u.unit.name, STATUS_TEXT[u.status],
                                                              "Có" if u.late else "", u.file.display if u.file else ""))
        names = {i.code: i.indicator.name for i in result.indicators}
        for unit_name, _code, s in result.shortfall_rows():
            self.shortfalls.insert("", "end", values=(unit_name, scope_label(result.plan, s), names.get(s.indicator, s.indicator),
                                                      format_number(s.value), s.target_text, format_number(s.gap)))
        for f in result.files:
            if not f.issues and f.outcome in ("accepted", "ignored"):
                continue
            summary = OUTCOME_TEXT[f.outcome] + (f": {f.reason}" if f.reason else "")
            parent = self.problems.insert("", "end", text=Path(f.display).name, values=("", "", "", summary), open=True)
            for i in f.issues:
                self.problems.insert(parent, "end", text=i.level,
                                     values=(TYPES[i.code].title, i.sheet or "", i.cell or "", i.message))
        self.notebook.select(0)

    def _open(self, path: Path) -> None:
        try:
            open_path(path)
        except OSError as exc:
            self.show_error(f"Không mở được '{path}': {exc}")

    def close(self) -> None:
        self.form.remember(self.settings)
        store.save(self.settings)
        self.root.destroy()


def main() -> int:
    root = tk.Tk()
    MainWindow(root)
    root.mainloop()
    return 0
