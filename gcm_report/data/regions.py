"""Regional commissions, their membership, and the aggregation rule.

Aggregation rule
----------------
A commission's *regional aggregate* sums the countries and areas that are members or associate
members of the commission **and located in its region** (``in_region`` is true). Non-regional
members (e.g. France in ESCAP, Japan in ECLAC) are listed in the report but never summed. Each
ISO3 code appears at most once per commission, so nothing is double-counted inside a region.
Commissions overlap (Egypt is in ECA and ESCWA; Kazakhstan in ECE and ESCAP), so the five
regional totals may add up to more than the world total: that is expected and stated in reports.

Membership over time
--------------------
A round aggregates the members *as of its review meeting* (:meth:`Commission.members_on`).
``member_since`` in the membership table says when a country joined where that is known: a year
or an ISO date (counted from the start of that year or day), ``after YYYY-MM-DD`` when only a
date on which it was not yet a member is known (counted from the first meeting after that
date, and reported as such), or empty for members since before the first review round (2020).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from gcm_report.errors import ParamsError

__all__ = ["AGGREGATION_RULE", "COMMISSIONS", "Commission", "Member", "get_commission"]

# Members with an empty ``member_since`` joined before the first review round.
_LONG_STANDING = dt.date(2020, 1, 1)

AGGREGATION_RULE = (
    "Regional aggregates sum the members and associate members located in the region; "
    "non-regional members are listed but not summed, and no country is counted twice "
    "within a region. Commissions overlap, so regional totals are not additive across regions."
)


@dataclass(frozen=True)
class Member:
    """One row of the curated membership table."""

    iso3: str
    name: str
    status: str  # "member" or "associate"
    in_region: bool
    source_url: str
    date_checked: str
    member_since: str = ""
    member_since_source: str = ""

    @property
    def joined(self) -> dt.date:
        """Return the earliest date on which the country is counted as a member."""
        text = self.member_since
        if not text:
            return _LONG_STANDING
        if text.startswith("after "):
            # Not a member on that day: count it from the day after.
            return dt.date.fromisoformat(text.removeprefix("after ")) + dt.timedelta(days=1)
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
        return dt.date.fromisoformat(text)

    @property
    def accession_uncertain(self) -> bool:
        """Return whether only a date before which the country was not a member is known."""
        return self.member_since.startswith("after ")

    def member_on(self, day: dt.date) -> bool:
        """Return whether the country counts as a member on ``day``."""
        return self.joined <= day


@dataclass(frozen=True)
class Commission:
    """A UN regional commission and its membership."""

    code: str
    name: str
    region_name: str
    website: str
    members: tuple[Member, ...]
    region_in_sentence: str = ""
    names: dict[str, str] = field(default_factory=dict)  # official name by language
    acronyms: dict[str, str] = field(default_factory=dict)  # official acronym by language

    def name_in(self, language: str) -> str:
        """Return the commission's official name in ``language`` (English where none)."""
        return self.names.get(language, self.name)

    def acronym_in(self, language: str) -> str:
        """Return the commission's official acronym in ``language`` (the code where none)."""
        return self.acronyms.get(language, self.code)

    @property
    def region_phrase(self) -> str:
        """Return the region's name as it reads inside a sentence ("the Arab region")."""
        return self.region_in_sentence or self.region_name

    @property
    def aggregate_iso3(self) -> tuple[str, ...]:
        """Return the ISO3 codes summed into the regional aggregate today."""
        return tuple(m.iso3 for m in self.members if m.in_region)

    def members_on(self, day: dt.date) -> tuple[Member, ...]:
        """Return the members and associate members of the commission on ``day``."""
        return tuple(m for m in self.members if m.member_on(day))

    def aggregate_iso3_on(self, day: dt.date) -> tuple[str, ...]:
        """Return the ISO3 codes summed into the regional aggregate on ``day``."""
        return tuple(m.iso3 for m in self.members_on(day) if m.in_region)

    def count(self, status: str, *, in_region: bool | None = None) -> int:
        """Count members with ``status``, optionally only (non-)regional ones."""
        return sum(
            1
            for m in self.members
            if m.status == status and (in_region is None or m.in_region == in_region)
        )


def _read_reference(name: str) -> str:
    return resources.files("gcm_report.reference").joinpath(name).read_text(encoding="utf-8")


@cache
def _load() -> dict[str, Commission]:
    meta = yaml.safe_load(_read_reference("commissions.yml"))
    rows = list(csv.DictReader(_read_reference("commission_membership.csv").splitlines()))
    seen: set[tuple[str, str]] = set()
    members: dict[str, list[Member]] = {code: [] for code in meta}
    for row in rows:
        key = (row["commission"], row["iso3"])
        # The table is hand-curated: refuse duplicates rather than silently double-count.
        if key in seen:
            raise ValueError(f"commission_membership.csv: duplicate row {key}")
        seen.add(key)
        members[row["commission"]].append(
            Member(
                iso3=row["iso3"],
                name=row["name"],
                status=row["status"],
                in_region=row["in_region"] == "true",
                source_url=row["source_url"],
                date_checked=row["date_checked"],
                member_since=row["member_since"],
                member_since_source=row["member_since_source"],
            )
        )
    return {
        code: Commission(code=code, members=tuple(members[code]), **fields)
        for code, fields in meta.items()
    }


COMMISSIONS: tuple[str, ...] = tuple(_load())


def get_commission(code: str) -> Commission:
    """Return the commission for ``code`` (e.g. ``"ECE"``).

    Raises
    ------
    ParamsError
        If ``code`` is not one of the five commissions.
    """
    try:
        return _load()[code]
    except KeyError:
        raise ParamsError(
            f"unknown region {code!r}: expected one of {', '.join(COMMISSIONS)}"
        ) from None
