"""Review rounds (reference year, data window, data tables, meetings) from ``rounds.yml``.

``rounds.yml`` is the only place that says which data a round reads: its window of years and
the snapshot tables behind its migrant-stock figures. Nothing else in the package switches on
a round number or an IMS revision.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from gcm_report.errors import ParamsError

__all__ = ["ROUND_TABLES", "Meeting", "ReviewRound", "available_rounds", "get_round"]

# The round-dependent tables every round must name (see the header of rounds.yml).
ROUND_TABLES = ("migrant_stock", "migrant_origin_destination", "population")


@dataclass(frozen=True)
class Meeting:
    """An intergovernmental regional review meeting, with where the facts come from."""

    start: dt.date
    end: dt.date
    place: str
    source: str  # where the facts were found: an address, or a document citation
    note: str = ""
    source_title: str = ""  # the source as a reader cites it (publisher, page)

    @property
    def source_name(self) -> str:
        """Return the source as reports print it in their body (never an address)."""
        return self.source_title or self.source


@dataclass(frozen=True)
class ReviewRound:
    """One round of regional reviews."""

    number: int
    label: str
    period: str
    reference_year: int
    data_years: tuple[int, int]
    previous_reference_year: int
    tables: dict[str, str]
    revision: str
    imrf: str
    meetings: dict[str, Meeting]
    mandate: tuple[str, ...] = ()  # the resolutions in force for the round (symbols)

    @property
    def years(self) -> tuple[int, int]:
        """Return the first and last year of the round ("2020–2021" → (2020, 2021))."""
        first, last = self.period.split("–")
        return int(first), int(last)

    def table(self, role: str) -> str:
        """Return the snapshot table that plays ``role`` in this round (see ``ROUND_TABLES``)."""
        return self.tables[role]

    @property
    def previous(self) -> ReviewRound | None:
        """Return the round before this one, if any."""
        earlier = [n for n in available_rounds() if n < self.number]
        return get_round(max(earlier)) if earlier else None


def _date(value: Any, where: str) -> dt.date:
    # YAML reads an unquoted ISO date as a date already; anything else must parse as one.
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"rounds.yml: {where}: {value!r} is not a YYYY-MM-DD date") from None


def _meeting(entry: dict[str, Any], where: str) -> Meeting:
    meeting = Meeting(
        start=_date(entry["start"], f"{where}.start"),
        end=_date(entry["end"], f"{where}.end"),
        place=str(entry["place"]),
        source=str(entry["source"]),
        note=str(entry.get("note", "")),
        source_title=str(entry.get("source_title", "")),
    )
    if meeting.source.startswith(("https://", "http://")) and not meeting.source_title:
        raise ValueError(f"rounds.yml: {where}: a source address needs a source_title")
    if meeting.end < meeting.start:
        raise ValueError(f"rounds.yml: {where}: ends before it starts")
    return meeting


def _parse(text: str) -> dict[int, ReviewRound]:
    out: dict[int, ReviewRound] = {}
    for number, entry in sorted(yaml.safe_load(text).items()):
        where = f"round {number}"
        first, last = (int(y) for y in entry["data_years"])
        if not first <= last == int(entry["reference_year"]):
            raise ValueError(f"rounds.yml: {where}: data_years must end at the reference year")
        missing = [t for t in ROUND_TABLES if t not in entry["tables"]]
        if missing:
            raise ValueError(f"rounds.yml: {where}: tables lacks {', '.join(missing)}")
        if out and first <= out[max(out)].data_years[1]:
            raise ValueError(f"rounds.yml: {where}: data_years overlap the previous round's")
        out[int(number)] = ReviewRound(
            number=int(number),
            label=str(entry["label"]),
            period=str(entry["period"]),
            reference_year=int(entry["reference_year"]),
            data_years=(first, last),
            previous_reference_year=int(entry["previous_reference_year"]),
            tables={str(k): str(v) for k, v in entry["tables"].items()},
            revision=str(entry["revision"]),
            imrf=str(entry["imrf"]),
            meetings={
                str(code): _meeting(m, f"{where}.meetings.{code}")
                for code, m in entry["meetings"].items()
            },
            mandate=tuple(str(symbol) for symbol in entry.get("mandate", ())),
        )
        if not re.fullmatch(r"\d{4}–\d{4}", out[int(number)].period):
            raise ValueError(f"rounds.yml: {where}: period must read YYYY–YYYY (an en dash)")
    return out


@cache
def _load() -> dict[int, ReviewRound]:
    text = resources.files("gcm_report.reference").joinpath("rounds.yml").read_text("utf-8")
    return _parse(text)


def available_rounds() -> tuple[int, ...]:
    """Return the round numbers defined in ``rounds.yml``."""
    return tuple(sorted(_load()))


def get_round(number: int) -> ReviewRound:
    """Return round ``number``.

    Raises
    ------
    ParamsError
        If the round is not defined.
    """
    try:
        return _load()[int(number)]
    except (KeyError, ValueError):
        raise ParamsError(
            f"unknown round {number!r}: expected one of {', '.join(map(str, available_rounds()))}"
        ) from None
