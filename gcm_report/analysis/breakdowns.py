"""A region's migrants by sex, and migration to, within and from the region, year by year.

Migrants living in the region by sex come from the round's migrant-stock table, the table the
canonical ``migrant_stock`` and ``female_share_pct`` statistics read (in round 2 it is built
from the origin × destination table by sex; in round 1 it is UN DESA's destination workbook,
whose regional sums by sex equal the origin × destination file's), aggregated by
:func:`gcm_report.analysis.statistics.series`: the same method as the canonical statistics, so
the reference-year values are the canonical ones.

Emigrants by sex and the flows to, within and from the region come from the round's origin ×
destination table (``migrant_origin_destination`` in ``rounds.yml``) for every year of the
revision, summed over pairs as :class:`gcm_report.analysis.flows.RegionalFlows` does for the
reference year, under the same indicator ids, so the reference year agrees with that section.
UN DESA's table has an estimate for every member in every year: these figures carry no
coverage count, as in :mod:`gcm_report.analysis.flows`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gcm_report.analysis.cache import per_snapshot
from gcm_report.analysis.conventions import CONVENTIONS
from gcm_report.analysis.flows import UNKNOWN
from gcm_report.analysis.indicators import REGISTRY, Indicator, stock_by_sex
from gcm_report.analysis.migration import revision_years, trend
from gcm_report.analysis.statistics import Stat, area_members, series, statistic
from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = [
    "EmigrantsBySex",
    "MigrantsBySex",
    "RegionOverTime",
    "emigrants_by_sex",
    "migrants_by_sex",
    "region_over_time",
]


def _sex_indicator(sex: str) -> Indicator:
    """Return an (unregistered) indicator: the migrant stock of one sex, canonical method."""

    def compute(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
        df = stock_by_sex(snapshot, review_round)
        return df.assign(value=df[sex])[["iso3", "year", "value"]]

    return Indicator(
        id=f"{sex}_migrant_stock",
        title=f"International migrants, {sex} (stock at mid-year)",
        label=f"Migrants, {sex}",
        unit="persons",
        compute=compute,
        sources=("@migrant_stock",),
        series=f"{sex} migrant stock at mid-year",
        convention=CONVENTIONS["undesa"],
    )


FEMALE_STOCK = _sex_indicator("female")
MALE_STOCK = _sex_indicator("male")


@dataclass(frozen=True)
class MigrantsBySex:
    """International migrants living in an area in one year, by sex."""

    year: int
    female: Stat
    male: Stat
    total: Stat  # canonical migrant_stock (trend)
    female_share: Stat  # canonical female_share_pct (trend)


@per_snapshot
def migrants_by_sex(
    snapshot: Snapshot, review_round: ReviewRound, area: str
) -> list[MigrantsBySex]:
    """Return an area's migrants by sex for every year of the round's revision.

    Totals and the share of women and girls are the canonical trend
    (:func:`gcm_report.analysis.migration.trend`); women and girls plus men and boys equal
    the total, since both read the same table.
    """
    years = revision_years(snapshot, review_round)
    female = series(FEMALE_STOCK, snapshot, review_round, area, years)
    male = series(MALE_STOCK, snapshot, review_round, area, years)
    total = trend("migrant_stock", snapshot, review_round, area)
    share = trend("female_share_pct", snapshot, review_round, area)
    return [
        MigrantsBySex(int(f.year or 0), f, m, t, s)
        for f, m, t, s in zip(female, male, total, share, strict=True)
    ]


def _od(snapshot: Snapshot, review_round: ReviewRound) -> tuple[pd.DataFrame, str]:
    """Return the round's origin × destination table (years up to the reference) and source."""
    name = review_round.table("migrant_origin_destination")
    od = snapshot.table(name)
    od = od[od["year"] <= review_round.reference_year]
    return od, snapshot.source_line(name)


def _pct(part: float, whole: float) -> float | None:
    return None if not whole else 100.0 * part / whole


@dataclass(frozen=True)
class _Maker:
    """Make the statistics of one round, year and source (unit from the indicator's name)."""

    review_round: ReviewRound
    year: int
    source: str

    def __call__(self, indicator: str, area: str, value: float | None) -> Stat:
        unit = "percent" if indicator.endswith("_pct") else "persons"
        return Stat(
            indicator,
            area,
            self.review_round.number,
            self.year,
            value,
            unit,
            "ok" if value is not None else "no_data",
            self.source,
        )


@dataclass(frozen=True)
class EmigrantsBySex:
    """People born in a region's members living outside their country of birth, one year."""

    year: int
    female: Stat
    male: Stat
    total: Stat  # emigrant_stock, as in RegionalFlows.emigrants() for the reference year
    female_share: Stat


@per_snapshot
def emigrants_by_sex(
    snapshot: Snapshot, review_round: ReviewRound, code: str
) -> list[EmigrantsBySex]:
    """Return a region's emigrants by sex for every year of the round's revision.

    Emigrants are people born in a member living in any other country (inside the region or
    not), from the origin × destination table.
    """
    od, source = _od(snapshot, review_round)
    members = area_members(snapshot, code, review_round)
    born = od[od["origin"].isin(members) & (od["dest"] != od["origin"])]
    by = born.groupby(["year", "sex"])["value"].sum()
    # The totals are the registry's emigrant stock (one aggregation path, the canonical value
    # in the reference year); the table below checks they equal female + male.
    years = sorted(int(y) for y in od["year"].unique())
    totals = {
        s.year: s for s in series(REGISTRY["emigrant_stock"], snapshot, review_round, code, years)
    }
    canonical = statistic("emigrant_stock", code, review_round, snapshot)
    totals[canonical.year or 0] = canonical
    out = []
    for year in years:
        female = int(by.get((year, "female"), 0))
        male = int(by.get((year, "male"), 0))
        assert totals[year].value == female + male, (code, year)
        made = _Maker(review_round, year, source)
        out.append(
            EmigrantsBySex(
                year,
                made("emigrant_female_stock", code, female),
                made("emigrant_male_stock", code, male),
                totals[year],
                made("emigrant_female_share_pct", code, _pct(female, female + male)),
            )
        )
    return out


@dataclass(frozen=True)
class RegionOverTime:
    """Migrants to, within and from a region in one year (origin × destination, both sexes).

    ``within`` (born in another member) + ``outside`` (born in a country outside the region)
    + ``unknown`` (country of birth unknown) = ``total`` (all migrants living in the region);
    ``emigrants_outside`` are people born in a member living in a country outside the region.
    """

    year: int
    within: Stat
    within_share: Stat
    outside: Stat
    unknown: Stat
    total: Stat
    emigrants_outside: Stat


@per_snapshot
def region_over_time(
    snapshot: Snapshot, review_round: ReviewRound, code: str
) -> list[RegionOverTime]:
    """Return migration to, within and from a region for every year of the round's revision.

    Indicator ids are those of :class:`gcm_report.analysis.flows.RegionalFlows` where it
    has the figure for the reference year (``born_in_region_stock``,
    ``born_in_region_share_pct``, ``origin_region_stock`` of ``UNK>code``); the total is
    the canonical ``migrant_stock`` trend, which equals the table's sum.
    """
    od, source = _od(snapshot, review_round)
    members = area_members(snapshot, code, review_round)
    pairs = od.groupby(["year", "dest", "origin"], observed=True, as_index=False)["value"].sum()
    living = pairs[pairs["dest"].isin(members)]
    born_in = living["origin"].isin(members)
    unknown = living["origin"] == UNKNOWN
    within = living[born_in].groupby("year")["value"].sum()
    outside = living[~born_in & ~unknown].groupby("year")["value"].sum()
    unknown_by = living[unknown].groupby("year")["value"].sum()
    in_region = living.groupby("year")["value"].sum()
    abroad = pairs[pairs["origin"].isin(members) & ~pairs["dest"].isin(members)]
    abroad_by = abroad.groupby("year")["value"].sum()
    totals = {t.year: t for t in trend("migrant_stock", snapshot, review_round, code)}
    out = []
    for year in sorted(int(y) for y in od["year"].unique()):
        w = int(within.get(year, 0))
        made = _Maker(review_round, year, source)
        out.append(
            RegionOverTime(
                year,
                made("born_in_region_stock", code, w),
                made("born_in_region_share_pct", code, _pct(w, int(in_region.get(year, 0)))),
                made("born_outside_region_stock", code, int(outside.get(year, 0))),
                made("origin_region_stock", f"{UNKNOWN}>{code}", int(unknown_by.get(year, 0))),
                totals[year],
                made("emigrant_outside_region_stock", code, int(abroad_by.get(year, 0))),
            )
        )
    return out
