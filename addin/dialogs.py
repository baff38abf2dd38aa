"""Small Tk dialogs the add-in shows on top of Excel (the same form as the window)."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path
from tkinter import filedialog, messagebox, ttk

from consolidation.gui_form import PAD, RunForm
from consolidation.opener import open_path
from consolidation.service import Choice, FormError
from consolidation.settings import Settings


def _root() -> tk.Tk:
    root = tk.Tk()
    root.withdraw()
    root.attributes("-topmost", True)
    return root


class TkDialogs:
    def ask_choice(self, title: str, settings: Settings, need_folder: bool) -> Choice | None:
        root = _root()
        top = tk.Toplevel(root)
        top.title(title)
        top.attributes("-topmost", True)
        form = RunForm(top, settings, with_folder=need_folder)
        form.pack(fill="x", **PAD)
        result: list[Choice] = []

        def ok() -> None:
            try:
                result.append(form.choice(need_folder))
            except FormError as exc:
                messagebox.showerror(title, str(exc), parent=top)
                return
            root.quit()

        buttons = ttk.Frame(top)
        buttons.pack(fill="x", **PAD)
        ttk.Button(buttons, text="Hủy", command=root.quit).pack(side="right", padx=4)
        ttk.Button(buttons, text="Đồng ý", command=ok).pack(side="right", padx=4)
        top.protocol("WM_DELETE_WINDOW", root.quit)
        top.bind("<Return>", lambda _e: ok())
        top.bind("<Escape>", lambda _e: root.quit())
        root.mainloop()
        root.destroy()
        return result[0] if result else None

    def ask_directory(self, title: str, initial: str) -> str:
        root = _root()
        try:
            return filedialog.askdirectory(parent=root, title=title, initialdir=initial or None) or ""
        finally:
            root.destroy()

    def open_path(self, path: Path) -> None:
        open_path(path)
