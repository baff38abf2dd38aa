"""CLI verbs of the consolidation engine (consolidate, validate, demo)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the consolidation subcommands to the ``cchc`` parser."""
