"""Cell references of defined names: 'Chỉ tiêu'!$F$12 → (sheet, zero-based row and column)."""
from __future__ import annotations

import re
from dataclasses import dataclass

_REF = re.compile(r"^=?\$?'?(?P<sheet>(?:[^'!]|'')+?)'?[!.]\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)(?::.*)?$")


def column_index_from_string(letters: str | bytes) -> int:
    """'A' → 1, 'XFD' → 16384, as text or as bytes straight from XML (here so that reading never
    imports openpyxl and numpy)."""
    n = 0
    for ch in letters.encode("ascii") if isinstance(letters, str) else letters:
        n = n * 26 + ch - 64
    return n


def get_column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class CellRef:
    sheet: str
    row: int  # zero-based
    col: int

    @property
    def address(self) -> str:
        return f"{get_column_letter(self.col + 1)}{self.row + 1}"

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.sheet, self.row, self.col)


def parse_ref(text: str) -> CellRef | None:
    """The first cell of a reference such as ``'Bìa'!$B$9`` or ``$'Bìa'.$B$9`` (ODS); None otherwise."""
    match = _REF.match(text.strip())
    if not match:
        return None
    sheet = match.group("sheet").replace("''", "'")
    return CellRef(sheet, int(match.group("row")) - 1, column_index_from_string(match.group("col")) - 1)
