"""Review rounds (reference year, data revision, meetings) read from ``reference/rounds.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from gcm_report.errors import ParamsError

__all__ = ["Meeting", "ReviewRound", "available_rounds", "get_round"]


@dataclass(frozen=True)
class Meeting:
    """An intergovernmental regional review meeting."""

    date: str
    place: str
    verified: bool
    note: str = ""

    def describe(self) -> str:
        """Return the meeting as one line, flagging unverified facts."""
        text = self.date if self.place == "not recorded" else f"{self.date}, {self.place}"
        return text if self.verified else f"{text} ({self.note or 'unverified'})"


@dataclass(frozen=True)
class ReviewRound:
    """One round of regional reviews."""

    number: int
    label: str
    period: str
    reference_year: int
    previous_reference_year: int
    ims_revision: int
    imrf: str
    meetings: dict[str, Meeting]


@cache
def _load() -> dict[int, ReviewRound]:
    text = resources.files("gcm_report.reference").joinpath("rounds.yml").read_text("utf-8")
    out = {}
    for number, entry in yaml.safe_load(text).items():
        # YAML reads a bare year ("date: 2021") as an int; meeting facts are text.
        meetings = {
            code: Meeting(
                date=str(m["date"]),
                place=str(m["place"]),
                verified=bool(m["verified"]),
                note=str(m.get("note", "")),
            )
            for code, m in entry.pop("meetings").items()
        }
        out[int(number)] = ReviewRound(number=int(number), meetings=meetings, **entry)
    return out


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
