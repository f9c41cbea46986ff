"""Canonical statistics: one value per indicator × area × round, computed once, used everywhere.

A round's statistics (:func:`round_statistics`) hold, for every registered indicator and every
area (the five commissions and ``WORLD``), the one value every report of the round prints: the
regional report, the other regions' comparison tables, the synthesis and ``statistics.csv``.
Each value carries its year, coverage (members with data of members), status and source line.

Areas
-----
A commission's area is its members and associate members located in the region *on the first
day of its review meeting* (:meth:`gcm_report.data.regions.Commission.aggregate_iso3_on`). The
world is every country or area a publisher reports, plus rows it attributes to no country
(UNHCR's unknown country of asylum, deaths at sea), so a world total equals the publisher's own.
Where the publisher's table has its own world row (``WLD``, UN DESA's 2020 workbook), or the
custodian of an SDG indicator publishes a World aggregate, the world value is that.

Aggregation
-----------
``sum`` adds the members' values; ``ratio`` divides the sum of numerators by the sum of
denominators over members with both; ``mean`` is the simple mean over members with data.
The year, coverage and status follow :mod:`gcm_report.analysis.years`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

import pandas as pd

from gcm_report.analysis.indicators import REGISTRY, Indicator
from gcm_report.analysis.years import choose_year
from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.data.rounds import ReviewRound, available_rounds, get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.data.sources.codes import EXTRA_AREAS
from gcm_report.layout import STATISTICS_COLUMNS

__all__ = [
    "WORLD",
    "RoundStatistics",
    "Stat",
    "area_members",
    "country_values",
    "round_statistics",
    "series",
    "statistic",
]

WORLD = "WORLD"
# A publisher's own world row in a snapshot table (UN DESA's workbook); never a member.
PUBLISHER_WORLD = "WLD"


@dataclass(frozen=True)
class Stat:
    """A published number: what, where, when, how much, how complete, from where.

    ``members_with_data`` and ``members_total`` are ``None`` for a single country's figure.
    ``label`` qualifies the year where it needs it (e.g. which IMS revision a 2020 stock is on).
    """

    indicator: str
    area: str
    round: int
    year: int | None
    value: float | None
    unit: str
    status: str
    source: str
    members_with_data: int | None = None
    members_total: int | None = None
    label: str = ""

    @property
    def published(self) -> bool:
        """Return whether the statistic has a value to print."""
        return self.value is not None

    def row(self) -> dict[str, Any]:
        """Return the statistic as a flat dict (JSON-ready)."""
        return asdict(self)


def _world_universe(snapshot: Snapshot) -> frozenset[str]:
    m49 = snapshot.table("m49")["iso3"].astype(str)
    # Former entities (the Netherlands Antilles) are history, not part of today's world.
    return frozenset(m49) | (frozenset(EXTRA_AREAS) - {"ANT"})


def area_members(snapshot: Snapshot, area: str, review_round: ReviewRound) -> frozenset[str]:
    """Return the ISO3 codes an area's aggregate covers in a round (commission or ``WORLD``)."""
    if area == WORLD:
        return _world_universe(snapshot)
    day: dt.date = review_round.meetings[area].start
    return frozenset(get_commission(area).aggregate_iso3_on(day))


def _aggregate(ind: Indicator, rows: pd.DataFrame) -> float | None:
    if rows.empty:
        return 0.0 if ind.aggregation == "sum" and ind.absent_is_zero else None
    if ind.aggregation == "sum":
        return float(rows["value"].sum())
    if ind.aggregation == "mean":
        return float(rows["value"].mean())
    den = float(rows["den"].sum())
    return ind.scale * float(rows["num"].sum()) / den if den else None


def _counts(ind: Indicator, panel: pd.DataFrame, members: frozenset[str]) -> dict[int, int]:
    """Members with data per year, under the publisher's convention for absent rows."""
    if ind.absent_is_zero:
        # Every member is covered in every year the publisher's table has at all.
        return dict.fromkeys((int(y) for y in panel["year"].unique()), len(members))
    inside = panel[panel["iso3"].isin(members)]
    return {int(y): int(n) for y, n in inside.groupby("year")["iso3"].nunique().items()}


def _compute(ind: Indicator, snapshot: Snapshot, review_round: ReviewRound, area: str) -> Stat:
    members = area_members(snapshot, area, review_round)
    panel = ind.panel(snapshot, review_round)
    source = ind.source(snapshot, review_round)
    base = Stat(
        ind.id,
        area,
        review_round.number,
        None,
        None,
        ind.unit,
        "no_data",
        source,
        label=review_round.revision if ind.round_dependent else "",
    )
    previous = (
        statistic(ind.id, area, review_round.previous, snapshot) if review_round.previous else None
    )
    after = previous.year if previous is not None and previous.status == "ok" else None
    counts = _counts(ind, panel, members)
    total = len(members)
    if area == WORLD and ind.world is not None:
        world = ind.world(snapshot)
        lo = (
            review_round.data_years[0]
            if after is None
            else max(review_round.data_years[0], after + 1)
        )
        world = world[(world["year"] >= lo) & (world["year"] <= review_round.data_years[1])]
        if len(world):
            year = int(world["year"].max())
            return replace(
                base,
                year=year,
                value=float(world.loc[world["year"] == year, "value"].iloc[0]),
                status="ok",
                members_with_data=counts.get(year, 0),
                members_total=total,
                source=f"{source} (World aggregate as published by the custodian)",
            )
    choice = choose_year(counts, review_round.data_years, total, after=after)
    if choice.status != "ok" and previous is not None and previous.status == "ok":
        return replace(previous, round=review_round.number, status="no_newer_data")
    if choice.year is None:
        return replace(base, members_with_data=0, members_total=total)
    at = _at(panel, choice.year, area, members)
    value = _aggregate(ind, at) if choice.status == "ok" else None
    return replace(
        base,
        year=choice.year,
        value=value,
        status=choice.status if value is not None or choice.status != "ok" else "no_data",
        members_with_data=choice.members_with_data,
        members_total=total,
    )


_CACHE: dict[tuple[str, str, int, str, str], Stat] = {}


def statistic(indicator_id: str, area: str, review_round: ReviewRound, snapshot: Snapshot) -> Stat:
    """Return the canonical statistic of one indicator for one area and round (cached)."""
    key = (str(snapshot.directory), snapshot.snapshot_id, review_round.number, indicator_id, area)
    if key not in _CACHE:
        _CACHE[key] = _compute(REGISTRY[indicator_id], snapshot, review_round, area)
    return _CACHE[key]


def series(
    ind: Indicator,
    snapshot: Snapshot,
    review_round: ReviewRound,
    area: str,
    years: Iterable[int],
) -> list[Stat]:
    """Return the area's aggregate in each of ``years`` (a trend), by the canonical method.

    The same aggregation as the canonical statistic, without the year rule: where a year is the
    canonical one, the two values are identical by construction.
    """
    members = area_members(snapshot, area, review_round)
    panel = ind.panel(snapshot, review_round)
    counts = _counts(ind, panel, members)
    source = ind.source(snapshot, review_round)
    out = []
    for year in years:
        at = _at(panel, year, area, members)
        value = _aggregate(ind, at) if counts.get(year) else None
        out.append(
            Stat(
                ind.id,
                area,
                review_round.number,
                year,
                value,
                ind.unit,
                "ok" if value is not None else "no_data",
                source,
                counts.get(year, 0),
                len(members),
                label=review_round.revision if ind.round_dependent else "",
            )
        )
    return out


def _at(panel: pd.DataFrame, year: int, area: str, members: frozenset[str]) -> pd.DataFrame:
    """Return the panel rows an area's aggregate sums in ``year``."""
    at = panel[panel["year"] == year]
    if area != WORLD:
        return at[at["iso3"].isin(members)]
    if (at["iso3"] == PUBLISHER_WORLD).any():
        return at[at["iso3"] == PUBLISHER_WORLD]  # the publisher's own world row
    return at[at["iso3"] != PUBLISHER_WORLD]


def country_values(
    ind: Indicator,
    snapshot: Snapshot,
    review_round: ReviewRound,
    iso3: Iterable[str],
    year: int,
) -> dict[str, float | None]:
    """Return each country's value in ``year`` (zero or ``None`` where it has no row).

    A country without a row is zero where the publisher prints no row for none (a count), and
    ``None`` (no figure) otherwise, including for rates, which a zero count leaves undefined.
    """
    panel = ind.panel(snapshot, review_round)
    at = dict(
        zip(
            panel.loc[panel["year"] == year, "iso3"],
            panel.loc[panel["year"] == year, "value"],
            strict=True,
        )
    )
    zero = ind.absent_is_zero and ind.aggregation == "sum" and year in set(panel["year"])
    return {c: (float(at[c]) if c in at else (0.0 if zero else None)) for c in iso3}


@dataclass(frozen=True)
class RoundStatistics:
    """Every canonical statistic of one round."""

    review_round: ReviewRound
    snapshot: Snapshot

    @property
    def areas(self) -> tuple[str, ...]:
        """Return the areas with a row per indicator: the five commissions, then the world."""
        return (*COMMISSIONS, WORLD)

    def get(self, indicator_id: str, area: str) -> Stat:
        """Return one statistic."""
        return statistic(indicator_id, area, self.review_round, self.snapshot)

    def all(self) -> list[Stat]:
        """Return every statistic, indicator by indicator in registry order, areas in order."""
        return [self.get(i, a) for i in REGISTRY for a in self.areas]

    def table(self) -> pd.DataFrame:
        """Return the statistics as the rows of ``statistics.csv``."""
        return pd.DataFrame([s.row() for s in self.all()])[STATISTICS_COLUMNS]


def round_statistics(number: int, snapshot: Snapshot | None = None) -> RoundStatistics:
    """Return the canonical statistics of round ``number`` (computed on first use, cached)."""
    return RoundStatistics(get_round(number), snapshot or Snapshot())


def precompute(snapshot: Snapshot) -> None:
    """Compute every round's statistics once (build workers fork report kernels after this)."""
    for number in available_rounds():
        round_statistics(number, snapshot).all()
