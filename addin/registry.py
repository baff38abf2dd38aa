"""Ribbon tag → Python action. A new ribbon button needs a ``<button tag=…>`` in
macros/customUI.xml and a function decorated with ``@action(tag, label)`` in
addin/actions.py; the VBA callback never changes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .context import Context

ActionFunc = Callable[["Context"], None]


@dataclass(frozen=True)
class Action:
    tag: str
    label: str
    func: ActionFunc


ACTIONS: dict[str, Action] = {}


def action(tag: str, label: str) -> Callable[[ActionFunc], ActionFunc]:
    """Register ``func`` as the action of ribbon buttons whose tag is ``tag``."""
    def register(func: ActionFunc) -> ActionFunc:
        if tag in ACTIONS:
            raise ValueError(f"action tag registered twice: {tag}")
        ACTIONS[tag] = Action(tag, label, func)
        return func
    return register


def load() -> dict[str, Action]:
    """Every registered action (importing the module that declares them)."""
    from . import actions  # noqa: F401  (registers on import)

    return ACTIONS
