"""The result JSON as text: one top-level key per line, one entry of each top-level list or object
per line (a unit, a file, a verdict), compact within. Made piece by piece, so a run of thousands
of units never holds the whole text, and at C speed (``indent`` would take json's slow path)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_chunks(data: dict[str, Any]) -> Iterator[str]:
    """The text of ``data``, in pieces; a top-level value may be a generator (written as a list)."""
    yield "{\n"
    for n, (key, value) in enumerate(data.items()):
        lead = ("" if n == 0 else ",\n") + f"  {_dump(key)}: "
        if isinstance(value, dict):
            items: Iterable[str] = (f"{_dump(k)}: {_dump(v)}" for k, v in value.items())
            brackets = "{}"
        elif isinstance(value, (list, tuple)) or isinstance(value, Iterator):
            items, brackets = (_dump(v) for v in value), "[]"
        else:
            yield lead + _dump(value)
            continue
        opened = False
        for item in items:
            yield (lead + brackets[0] + "\n    " if not opened else ",\n    ") + item
            opened = True
        yield "\n  " + brackets[1] if opened else lead + brackets
    yield "\n}\n"
