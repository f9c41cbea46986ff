"""Translatable text: every sentence a report prints goes through :func:`_`.

Templates are written with named placeholders (``_("Migrants in {region}").format(...)``, or
through :func:`gcm_report.report.blocks.prose`) so that a message catalog can reorder them.
"""

from __future__ import annotations

__all__ = ["_"]


def _(message: str) -> str:
    """Return ``message`` in the report's language (the English source text for now)."""
    return message
