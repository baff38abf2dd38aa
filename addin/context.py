"""What an action gets: the calling add-in book (an xlwings Book), dialogs, settings."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from consolidation import settings as store
from consolidation.service import Choice
from consolidation.settings import Settings

from . import config

TITLE = "CCHC"


class UserError(Exception):
    """Something the user can fix; the message is shown as it is."""


class Dialogs(Protocol):
    def ask_choice(self, title: str, settings: Settings, need_folder: bool) -> Choice | None: ...
    def ask_directory(self, title: str, initial: str) -> str: ...
    def open_path(self, path: Path) -> None: ...


@dataclass
class Context:
    book: Any                      # xlwings.Book of the add-in (Book.caller())
    ui: Dialogs
    settings: Settings = field(default_factory=store.load)

    @property
    def app(self) -> Any:
        return self.book.app

    def alert(self, message: str, critical: bool = False) -> None:
        self.app.alert(message, title=TITLE, mode="critical" if critical else "info")

    def conf(self, key: str, default: str = "") -> str:
        return config.get(key, self.book.fullname, default)

    def remember(self) -> None:
        store.save(self.settings)
