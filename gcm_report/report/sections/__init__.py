"""Report sections: one module each, listed once, in order, per report type.

A section module has a ``TITLE`` and ``build(ctx) -> list[Block]``. A new section is its module
plus one line in :data:`REGIONAL` or :data:`SYNTHESIS` (and the template's call to it; a test
checks the templates call exactly these sections, in this order).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

__all__ = ["REGIONAL", "SYNTHESIS", "section_module"]

REGIONAL: tuple[str, ...] = (
    "mandate",
    "key_messages",
    "key_figures",
    "migration",
    "within_region",
    "protection",
    "remittances",
    "objectives",
    "commitments",
    "comparison",
    "annex",
    "sources",
    "appendix",
)
SYNTHESIS: tuple[str, ...] = (
    "synthesis_key_messages",
    "synthesis_contrasts",
    "synthesis_meetings",
    "synthesis_overlaps",
    "synthesis_migration",
    "synthesis_indicators",
    "synthesis_sources",
)


def section_module(name: str) -> ModuleType:
    """Return the module of section ``name``.

    Raises
    ------
    KeyError
        If no report type lists the section.
    """
    if name not in REGIONAL + SYNTHESIS:
        raise KeyError(f"no report section {name!r}: expected one of {REGIONAL + SYNTHESIS}")
    module = importlib.import_module(f"{__name__}.{name}")
    build: Callable[..., Any] = module.build  # every section module defines build(ctx)
    assert callable(build) and isinstance(module.TITLE, str)
    return module
