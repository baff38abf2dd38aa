"""Entry point called from Excel: ``RunPython "import addin.entry; addin.entry.run('tag')"``
or, packaged, ``cchc.exe addin tag --wb=… --from_xl=1 --app=… --hwnd=…``."""
from __future__ import annotations

import datetime as dt
import traceback
from typing import Any

from consolidation import settings as store
from consolidation.outputs import OutputError
from workbook_templates.fileio import OutputLockedError

from . import registry
from .context import Context, Dialogs, UserError

LOG_NAME = "addin-errors.log"


def _log(tag: str) -> None:
    try:
        path = store.settings_dir() / LOG_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S} {tag}\n{traceback.format_exc()}\n")
    except OSError:
        pass


def run(tag: str, book: Any = None, ui: Dialogs | None = None) -> int:
    """Run the action registered for ``tag``; every failure ends in a Vietnamese message."""
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    if ui is None:
        from .dialogs import TkDialogs

        ui = TkDialogs()
    ctx = Context(book, ui)
    actions = registry.load()
    try:
        if tag not in actions:
            raise UserError(f"Nút '{tag}' chưa được gắn với chức năng nào. Hãy cập nhật add-in.")
        actions[tag].func(ctx)
    except (UserError, OutputLockedError, OutputError, FileNotFoundError, ValueError) as exc:
        ctx.alert(str(exc), critical=True)
        return 1
    except Exception as exc:  # noqa: BLE001 - the user gets a message, the log the details
        _log(tag)
        ctx.alert(f"Đã xảy ra lỗi không mong muốn: {exc}\n\nChi tiết đã ghi vào {store.settings_dir() / LOG_NAME}; "
                  "hãy gửi tệp này cho bộ phận kỹ thuật.", critical=True)
        return 1
    return 0
