"""How reports name the publications behind their numbers (``reference/publications.yml``).

The snapshot's manifest records how every raw file was obtained: its citation (with any
intermediate copy and its commit), its publisher's version stamp, address, licence and
checksum. That record is for the technical appendix and for auditors. A reader of a report
needs the publication and its release; :func:`publication_line` writes that line, the one every
source note under a table or chart prints.

Rule: an entry is written for one vintage of its files. When a snapshot reads a new vintage,
:func:`publication_of` fails until the entry is rewritten, so a source line never names a
release the data do not come from.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from gcm_report.errors import DataError

__all__ = ["Publication", "latest_release", "publication_line", "publication_of", "publications"]

_FILE = "publications.yml"
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Publication:
    """One release of a publication, as a report names it."""

    key: str
    publication: str
    inputs: tuple[str, ...]
    vintage: str
    covers: str = ""
    code: str = ""
    release: str = ""
    released: str = ""

    def matches(self, raw_path: str) -> bool:
        """Return whether this entry names raw input ``raw_path``."""
        return any(fnmatch.fnmatchcase(raw_path, pattern) for pattern in self.inputs)

    @property
    def what(self) -> str:
        """Return what the file holds, with the publisher's code ("population (SP.POP.TOTL)")."""
        if self.covers and self.code:
            return f"{self.covers} ({self.code})"
        return self.covers or self.code

    @property
    def released_on(self) -> dt.date | None:
        """Return the release date (the first day of its month or year when less precise)."""
        if not self.released:
            return None
        year, month, day = ([*self.released.split("-"), "01", "01"])[:3]
        return dt.date(int(year), int(month), int(day))


def _entry(key: str, entry: dict[str, Any]) -> Publication:
    where = f"{_FILE}: {key}"
    for field in ("publication", "inputs", "vintage"):
        if not entry.get(field):
            raise DataError(f"{where}: {field} is missing")
    released = str(entry.get("released", "") or "")
    if released and not _DATE.fullmatch(released):
        raise DataError(f"{where}: released {released!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return Publication(
        key=key,
        publication=str(entry["publication"]).strip(),
        inputs=tuple(str(p) for p in entry["inputs"]),
        vintage=str(entry["vintage"]),
        covers=str(entry.get("covers", "") or ""),
        code=str(entry.get("code", "") or ""),
        release=str(entry.get("release", "") or ""),
        released=released,
    )


@cache
def publications() -> tuple[Publication, ...]:
    """Return every entry of ``reference/publications.yml``, in file order."""
    text = resources.files("gcm_report.reference").joinpath(_FILE).read_text(encoding="utf-8")
    # YAML reads an unquoted date as a date: keep what the file says.
    loaded = yaml.load(text, Loader=yaml.BaseLoader)  # strings only: builds no objects
    return tuple(_entry(str(k), v) for k, v in loaded.items())


def publication_of(raw_path: str, vintage: str) -> Publication:
    """Return the entry naming raw input ``raw_path`` of the given manifest ``vintage``.

    Raises
    ------
    DataError
        If no entry or several name the input, or the entry was written for another vintage.
    """
    found = [p for p in publications() if p.matches(raw_path)]
    if len(found) != 1:
        names = ", ".join(p.key for p in found) or "none"
        raise DataError(
            f"{_FILE}: {raw_path} must match exactly one entry (matches: {names}); "
            "add how reports name its publication"
        )
    entry = found[0]
    if entry.vintage != vintage:
        raise DataError(
            f"{_FILE}: {entry.key} was written for vintage {entry.vintage!r}, but the snapshot "
            f"reads {raw_path} of vintage {vintage!r}: rewrite the entry for the new release"
        )
    return entry


def publication_line(entry: Publication, series: str = "") -> str:
    """Return "publication, what the file holds, release" (the parts that are given).

    ``series`` is what an indicator reads from the file, when it says more than the entry's
    ``covers`` (one population type of UNHCR's statistics, say); it replaces it.
    """
    parts = (entry.publication, series or entry.what, entry.release)
    return ", ".join(part for part in parts if part)


def latest_release(entries: list[Publication]) -> Publication | None:
    """Return the most recent release among ``entries`` (those with a release date)."""
    dated = [e for e in entries if e.released_on is not None]
    return max(dated, key=lambda e: (e.released_on, len(e.released))) if dated else None
