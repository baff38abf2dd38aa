"""Pause Python's cycle collector during a run: it would scan the hundreds of thousands of small
objects a large consolidation holds (results, summary cells) again and again, about a sixth of
the summary's time, while almost all of them are freed by reference counting anyway."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
