"""The plan / period / folder form, shared by the window and the add-in's dialog."""
from __future__ import annotations

import tkinter as tk
from pathlib import Path
from tkinter import filedialog, ttk

from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.plan_model.plan import Plan

from . import service
from .service import Choice, FormError
from .settings import Settings

PAD = {"padx": 6, "pady": 4}


class RunForm(ttk.Frame):
    """Kế hoạch, Kỳ báo cáo and Thư mục báo cáo, filled from and written back to Settings."""

    def __init__(self, master: tk.Misc, settings: Settings, with_folder: bool = True):
        super().__init__(master)
        self.plans = service.plan_choices()
        self._plan_specs: dict[str, str] = {label: name for name, label in self.plans.items()}
        self._periods: dict[str, str] = {}
        self.plan_var = tk.StringVar()
        self.period_var = tk.StringVar()
        self.folder_var = tk.StringVar(value=settings.folder)

        ttk.Label(self, text="Kế hoạch:").grid(row=0, column=0, sticky="w", **PAD)
        self.plan_box = ttk.Combobox(self, textvariable=self.plan_var, values=list(self._plan_specs),
                                     state="readonly", width=70)
        self.plan_box.grid(row=0, column=1, sticky="we", **PAD)
        ttk.Button(self, text="Chọn tệp kế hoạch…", command=self.browse_plan).grid(row=0, column=2, sticky="we", **PAD)
        ttk.Label(self, text="Kỳ báo cáo:").grid(row=1, column=0, sticky="w", **PAD)
        self.period_box = ttk.Combobox(self, textvariable=self.period_var, state="readonly", width=30)
        self.period_box.grid(row=1, column=1, sticky="w", **PAD)
        if with_folder:
            ttk.Label(self, text="Thư mục báo cáo:").grid(row=2, column=0, sticky="w", **PAD)
            ttk.Entry(self, textvariable=self.folder_var, width=70).grid(row=2, column=1, sticky="we", **PAD)
            ttk.Button(self, text="Chọn thư mục…", command=self.browse_folder).grid(row=2, column=2, sticky="we", **PAD)
        self.columnconfigure(1, weight=1)
        self.plan_box.bind("<<ComboboxSelected>>", lambda _e: self._fill_periods())
        self.set_plan(settings.plan or next(iter(self.plans), ""), settings.period)

    # -- plan and period -------------------------------------------------
    def set_plan(self, spec: str, period_code: str = "") -> None:
        if not spec:
            return
        label = self.plans.get(spec, spec)
        if label not in self._plan_specs:
            self._plan_specs[label] = spec
            self.plan_box.configure(values=list(self._plan_specs))
        self.plan_var.set(label)
        self._fill_periods(period_code)

    def _fill_periods(self, wanted: str = "") -> None:
        try:
            plan = self.plan()
        except FormError:
            self.period_box.configure(values=[])
            return
        self._periods = {f"{c.period.label} ({c.period.code})": c.period.code for c in plan.calendar}
        self.period_box.configure(values=list(self._periods))
        code = wanted if wanted in self._periods.values() else service.current_period(plan).code
        self.period_var.set(next(label for label, c in self._periods.items() if c == code))

    def plan_spec(self) -> str:
        return self._plan_specs.get(self.plan_var.get(), "")

    def plan(self) -> Plan:
        spec = self.plan_spec()
        if not spec:
            raise FormError("Hãy chọn kế hoạch.")
        try:
            return resolve_plan(spec)
        except (OSError, ValueError) as exc:
            raise FormError(f"Không đọc được kế hoạch '{spec}': {exc}") from exc

    def period_code(self) -> str:
        code = self._periods.get(self.period_var.get(), "")
        if not code:
            raise FormError("Hãy chọn kỳ báo cáo.")
        return code

    def browse_plan(self) -> None:
        path = filedialog.askopenfilename(parent=self, title="Chọn tệp kế hoạch",
                                          filetypes=[("Tệp kế hoạch Excel", "*.xlsx"), ("Mọi tệp", "*.*")])
        if path:
            self.set_plan(path)

    # -- folder ----------------------------------------------------------
    def browse_folder(self) -> None:
        path = filedialog.askdirectory(parent=self, title="Chọn thư mục báo cáo của các đơn vị",
                                       initialdir=self.folder_var.get() or None, mustexist=True)
        if path:
            self.folder_var.set(path)

    def choice(self, need_folder: bool = True) -> Choice:
        """The form's values, checked; raises FormError with a Vietnamese message."""
        plan = self.plan()
        period = self.period_code()
        parse_period(period)
        folder = self.folder_var.get().strip()
        if need_folder:
            if not folder:
                raise FormError("Hãy chọn thư mục chứa báo cáo của các đơn vị.")
            if not Path(folder).is_dir():
                raise FormError(f"Không tìm thấy thư mục '{folder}'.")
        return Choice(plan, self.plan_spec(), period, folder)

    def remember(self, settings: Settings) -> None:
        settings.plan, settings.period = self.plan_spec(), self._periods.get(self.period_var.get(), "")
        settings.folder = self.folder_var.get().strip()
