"""Regional commissions, their membership, and the aggregation rule.

Aggregation rule
----------------
A commission's *regional aggregate* sums the countries and areas that are members or associate
members of the commission **and located in its region** (``in_region`` is true). Non-regional
members (e.g. France in ESCAP, Japan in ECLAC) are listed in the report but never summed. Each
ISO3 code appears at most once per commission, so nothing is double-counted inside a region.
Commissions overlap (Egypt is in ECA and ESCWA; Kazakhstan in ECE and ESCAP), so the five
regional totals may add up to more than the world total: that is expected and stated in reports.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from gcm_report.errors import ParamsError

__all__ = ["AGGREGATION_RULE", "COMMISSIONS", "Commission", "Member", "get_commission"]

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


@dataclass(frozen=True)
class Commission:
    """A UN regional commission and its membership."""

    code: str
    name: str
    region_name: str
    website: str
    members: tuple[Member, ...]

    @property
    def aggregate_iso3(self) -> tuple[str, ...]:
        """Return the ISO3 codes summed into the regional aggregate."""
        return tuple(m.iso3 for m in self.members if m.in_region)

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
