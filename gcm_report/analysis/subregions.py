"""A region's members grouped by M49 sub-region, and their migrant stock over time (numbers).

Grouping
--------
Each member located in the region (``area_members``: the aggregation rule, so non-regional
members are never summed) falls in its M49 sub-region, or in its intermediate region where
M49 divides the whole sub-region into intermediate regions: Sub-Saharan Africa (Eastern,
Middle, Southern and Western Africa) and Latin America and the Caribbean (the Caribbean,
Central America and South America). The rule reads the M49 table, so it follows M49.

Aggregation
-----------
The subregion's migrant stock is the sum over its members with an estimate, its share of the
population the ratio of sums over members with both figures, and its share of the region's
migrants its stock over the canonical regional stock of the same year: the methods of the
canonical statistics (:mod:`gcm_report.analysis.statistics`), on the same panels. The
subregions partition the region, so their stocks add up to the regional stock.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gcm_report.analysis.cache import per_snapshot
from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.migration import revision_years, trend
from gcm_report.analysis.statistics import Stat, area_members
from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = ["Subregion", "SubregionTrend", "subregion_trends", "subregions"]


@dataclass(frozen=True)
class Subregion:
    """A group of a region's members: an M49 sub-region or intermediate region."""

    name: str
    level: str  # "sub-region" or "intermediate region"
    members: frozenset[str]

    def area(self, code: str) -> str:
        """Return the subregion's area key in ``indicators.csv``: ``<commission>:<name>``."""
        return f"{code}:{self.name}"


def _groups(m49: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Return {iso3: (group name, level)} under the grouping rule."""
    divided = m49.groupby("subregion")["intermediate_region"].apply(lambda s: bool((s != "").all()))
    out = {}
    for iso3, sub, inter in zip(
        m49["iso3"].astype(str),
        m49["subregion"].astype(str),
        m49["intermediate_region"].astype(str),
        strict=True,
    ):
        if sub and divided.get(sub, False):
            out[iso3] = (inter, "intermediate region")
        elif sub:
            out[iso3] = (sub, "sub-region")
    return out


def subregions(snapshot: Snapshot, review_round: ReviewRound, code: str) -> list[Subregion]:
    """Return the region's members grouped by subregion, most migrants first.

    Ordered by migrant stock in the round's reference year (descending), ties by name.

    Raises
    ------
    ValueError
        If a member has no M49 sub-region (a code the M49 table does not place).
    """
    groups = _groups(snapshot.table("m49"))
    members = area_members(snapshot, code, review_round)
    unplaced = sorted(m for m in members if m not in groups)
    if unplaced:
        raise ValueError(f"{code}: member(s) {unplaced} have no M49 sub-region")
    by: dict[tuple[str, str], set[str]] = {}
    for iso3 in members:
        by.setdefault(groups[iso3], set()).add(iso3)
    panel = REGISTRY["migrant_stock"].panel(snapshot, review_round)
    now = panel[panel["year"] == review_round.reference_year].set_index("iso3")["value"]
    found = [Subregion(name, level, frozenset(iso)) for (name, level), iso in by.items()]
    return sorted(found, key=lambda s: (-float(now.reindex(list(s.members)).sum()), s.name))


@dataclass(frozen=True)
class SubregionTrend:
    """One subregion's migrant stock in every year of the revision, and its shares."""

    subregion: Subregion
    members: Stat  # number of members in the group
    stock: tuple[Stat, ...]  # subregion_migrant_stock, one per year
    regional_share: tuple[Stat, ...]  # subregion_regional_share_pct, one per year
    population_share: tuple[Stat, ...]  # subregion_migrant_share_pct, one per year


def _stat(
    indicator: str,
    area: str,
    review_round: ReviewRound,
    year: int | None,
    value: float | None,
    unit: str,
    source: str,
    covered: int | None,
    total: int | None,
) -> Stat:
    return Stat(
        indicator,
        area,
        review_round.number,
        year,
        value,
        unit,
        "ok" if value is not None else "no_data",
        source,
        covered,
        total,
        label=review_round.revision if year is not None else "",
    )


@per_snapshot
def subregion_trends(
    snapshot: Snapshot, review_round: ReviewRound, code: str
) -> list[SubregionTrend]:
    """Return every subregion's migrant stock and shares, first year → reference year."""
    years = revision_years(snapshot, review_round)
    stock_ind, share_ind = REGISTRY["migrant_stock"], REGISTRY["migrant_share_pct"]
    stock_panel = stock_ind.panel(snapshot, review_round)
    share_panel = share_ind.panel(snapshot, review_round)
    stock_source = stock_ind.source(snapshot, review_round)
    share_source = share_ind.source(snapshot, review_round)
    regional = {p.year: p for p in trend("migrant_stock", snapshot, review_round, code)}
    out = []
    for sub in subregions(snapshot, review_round, code):
        area, n = sub.area(code), len(sub.members)
        stocks, shares, pops = [], [], []
        for year in years:
            rows = stock_panel[
                (stock_panel["year"] == year) & stock_panel["iso3"].isin(sub.members)
            ]
            covered = int(rows["iso3"].nunique())
            value = float(rows["value"].sum()) if covered else None
            stocks.append(
                _stat(
                    "subregion_migrant_stock",
                    area,
                    review_round,
                    year,
                    value,
                    "persons",
                    stock_source,
                    covered,
                    n,
                )
            )
            whole = regional[year].value
            share = None if value is None or not whole else 100.0 * value / whole
            shares.append(
                _stat(
                    "subregion_regional_share_pct",
                    area,
                    review_round,
                    year,
                    share,
                    "percent",
                    stock_source,
                    covered,
                    n,
                )
            )
            both = share_panel[
                (share_panel["year"] == year) & share_panel["iso3"].isin(sub.members)
            ]
            den = float(both["den"].sum())
            pop = 100.0 * float(both["num"].sum()) / den if den else None
            pops.append(
                _stat(
                    "subregion_migrant_share_pct",
                    area,
                    review_round,
                    year,
                    pop,
                    "percent",
                    share_source,
                    int(both["iso3"].nunique()),
                    n,
                )
            )
        members = Stat(
            "subregion_members",
            area,
            review_round.number,
            None,
            float(n),
            "members",
            "ok",
            snapshot.source_line("m49"),
        )
        out.append(SubregionTrend(sub, members, tuple(stocks), tuple(shares), tuple(pops)))
    return out
