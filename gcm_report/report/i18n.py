"""Translatable text: every sentence a report prints goes through :func:`_`.

Templates are written with named placeholders (``_("Migrants in {region}").format(...)``, or
through :func:`gcm_report.report.blocks.prose`) so that a translation can reorder them. The
catalogs are gettext ``.po`` files, one per language, in ``gcm_report/locale/`` (managed with
Babel: ``make messages`` extracts the template, ``gcm_report/report/messages.py``); the English
source text is the message id.

A report is written in one language (:func:`set_language`, called by the report facade). Text
defined at import time (section titles, notes) is marked with :func:`N_` and translated where it
is shown, so a catalog change needs no import-order care.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "N_",
    "Language",
    "_",
    "catalog_path",
    "current",
    "missing_messages",
    "separate",
    "set_language",
    "writing_in",
]


@dataclass(frozen=True)
class Language:
    """A report language: its code, its name in itself, writing direction, CLDR locale."""

    code: str
    name: str
    direction: str = "ltr"
    # Between the items of a list ("a, b and c"); Arabic script has its own comma.
    list_separator: str = ", "

    @property
    def locale(self) -> str:
        """Return the CLDR locale Babel formats numbers and dates with."""
        return self.code


# The six official UN languages the commissions work in (Chinese has no report yet).
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English"),
        Language("fr", "Français"),
        Language("es", "Español"),
        Language("ru", "Русский"),
        Language("ar", "العربية", "rtl", "، "),
    )
}
_SOURCE = "en"
_active = LANGUAGES[_SOURCE]
_missing: set[tuple[str, str]] = set()


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (text defined at import)."""
    return message


def catalog_path(code: str) -> Path:
    """Return the gettext catalog file of language ``code`` (``gcm_report/locale/<code>.po``)."""
    return Path(str(resources.files("gcm_report.locale").joinpath(f"{code}.po")))


@cache
def catalog(code: str) -> dict[str, str]:
    """Return the translations of language ``code`` (empty for English, the source language)."""
    if code == _SOURCE:
        return {}
    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as fh:
        po = read_po(fh, locale=code)
    return {
        str(m.id): str(m.string)
        for m in po
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def set_language(code: str) -> Language:
    """Write the report's text in language ``code`` from now on; return the language.

    Raises
    ------
    KeyError
        If the language is not one of :data:`LANGUAGES`.
    """
    global _active
    _active = LANGUAGES[code]
    return _active


@contextmanager
def writing_in(code: str) -> Iterator[Language]:
    """Write in language ``code`` inside the ``with`` block, then in the previous one again.

    A build worker renders many reports in turn; what it completes for one report (a chart's
    SVG, say) must be in that report's language, and leave the worker as it found it.
    """
    previous = _active.code
    try:
        yield set_language(code)
    finally:
        set_language(previous)


def current() -> Language:
    """Return the language the report is being written in."""
    return _active


def separate(items: Iterable[str]) -> str:
    """Return items as a list reads in the report's language ("a, b, c"; Arabic "a، b، c")."""
    return _active.list_separator.join(items)


def _(message: str) -> str:
    """Return ``message`` in the report's language (the English text where no translation)."""
    if _active.code == _SOURCE or not message:
        return message
    translated = catalog(_active.code).get(message)
    if translated is None:
        _missing.add((_active.code, message))
        return message
    return translated


def missing_messages() -> set[tuple[str, str]]:
    """Return the (language, message) pairs shown untranslated so far in this process."""
    return set(_missing)
