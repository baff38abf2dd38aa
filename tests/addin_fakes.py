"""A small fake of the xlwings objects the add-in's actions use (checked against xlwings)."""
from __future__ import annotations

from pathlib import Path
from typing import Any


class FakeRange:
    def __init__(self) -> None:
        self.value: Any = None


class FakeSheet:
    def __init__(self, name: str = "Sheet1") -> None:
        self.name = name
        self.ranges: dict[str, FakeRange] = {}

    def range(self, address: str) -> FakeRange:
        return self.ranges.setdefault(address, FakeRange())


class FakeBook:
    def __init__(self, app: "FakeApp", fullname: str) -> None:
        self.app = app
        self.fullname = fullname
        self.sheets = [FakeSheet()]


class FakeBooks:
    def __init__(self, app: "FakeApp") -> None:
        self.app = app
        self.active: FakeBook | None = None
        self.opened: list[str] = []
        self.added: list[FakeBook] = []

    def open(self, fullname: str) -> FakeBook:
        assert Path(fullname).is_file(), fullname
        self.opened.append(fullname)
        self.active = FakeBook(self.app, fullname)
        return self.active

    def add(self) -> FakeBook:
        book = FakeBook(self.app, f"Book{len(self.added) + 1}")
        self.added.append(book)
        self.active = book
        return book


class FakeApp:
    def __init__(self) -> None:
        self.books = FakeBooks(self)
        self.alerts: list[dict[str, Any]] = []
        self.status_history: list[Any] = []

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None,
              callback: str | None = None) -> str:
        self.alerts.append({"prompt": prompt, "title": title, "mode": mode})
        return "ok"

    @property
    def status_bar(self) -> Any:
        return self.status_history[-1] if self.status_history else None

    @status_bar.setter
    def status_bar(self, value: Any) -> None:
        self.status_history.append(value)


def addin_book(path: Path) -> FakeBook:
    """The caller: the add-in itself, as xlwings.Book.caller() returns it."""
    return FakeBook(FakeApp(), str(path))


class FakeDialogs:
    """Answers the dialogs would get from a user."""

    def __init__(self, plan: str = "cathai-2023", period: str = "2023-Y", folder: str = "", directory: str = "",
                 cancel: bool = False) -> None:
        self.plan, self.period, self.folder, self.directory, self.cancel = plan, period, folder, directory, cancel
        self.asked: list[tuple[str, bool]] = []
        self.opened: list[Path] = []

    def ask_choice(self, title, settings, need_folder):
        from consolidation.service import Choice
        from workbook_templates.bundled import resolve_plan

        self.asked.append((title, need_folder))
        if self.cancel:
            return None
        return Choice(resolve_plan(self.plan), self.plan, self.period, self.folder if need_folder else "")

    def ask_directory(self, title: str, initial: str) -> str:
        return "" if self.cancel else self.directory

    def open_path(self, path: Path) -> None:
        self.opened.append(path)
