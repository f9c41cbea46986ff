"""Migrant-stock figures of an area for a review round: trend, change, top destinations.

Every number here is aggregated by :mod:`gcm_report.analysis.statistics` (one aggregation path
for migrant stock): the reference-year values equal the canonical statistics by construction.
"""

from __future__ import annotations

from dataclasses import replace

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import Stat, area_members, series, statistic
from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = ["change", "country_stat", "revision_years", "top_destinations", "trend"]


def revision_years(snapshot: Snapshot, review_round: ReviewRound) -> list[int]:
    """Return the years of the round's migrant-stock revision up to its reference year."""
    table = snapshot.table(review_round.table("migrant_stock"))
    return sorted(int(y) for y in table["year"].unique() if y <= review_round.reference_year)


def trend(indicator: str, snapshot: Snapshot, review_round: ReviewRound, area: str) -> list[Stat]:
    """Return an area's migrant-stock indicator for every year of the round's revision.

    The reference-year point is the canonical statistic itself.
    """
    canonical = statistic(indicator, area, review_round, snapshot)
    points = series(
        REGISTRY[indicator], snapshot, review_round, area, revision_years(snapshot, review_round)
    )
    return [canonical if p.year == canonical.year else p for p in points]


def _pct_change(now: float | None, before: float | None) -> float | None:
    return None if now is None or not before else 100.0 * (now - before) / before


def change(snapshot: Snapshot, review_round: ReviewRound, area: str) -> tuple[Stat, Stat]:
    """Return the change in migrant stock since the previous reference year (same revision).

    Returns
    -------
    (persons, percent)
        ``migrant_stock_change`` and ``migrant_stock_change_pct`` for the reference year.
    """
    points = {p.year: p for p in trend("migrant_stock", snapshot, review_round, area)}
    now = points[review_round.reference_year]
    before = points[review_round.previous_reference_year]
    diff = None if now.value is None or before.value is None else now.value - before.value
    persons = replace(now, indicator="migrant_stock_change", value=diff)
    pct = replace(
        now,
        indicator="migrant_stock_change_pct",
        unit="percent",
        value=_pct_change(now.value, before.value),
    )
    return persons, pct


def country_stat(
    indicator: str, snapshot: Snapshot, review_round: ReviewRound, iso3: str, year: int
) -> Stat:
    """Return one country's value of an indicator in ``year`` (no coverage: a single country)."""
    ind = REGISTRY[indicator]
    values, years = ind.values(snapshot, review_round)
    value: float | None = values.get((iso3, int(year)))
    if value is None and ind.absent_is_zero and ind.aggregation == "sum" and int(year) in years:
        value = 0.0  # the publisher prints no row where it counts no one
    return Stat(
        indicator,
        iso3,
        review_round.number,
        year,
        value,
        ind.unit,
        "ok" if value is not None else "no_data",
        ind.source(snapshot, review_round),
        label=review_round.revision if ind.round_dependent else "",
    )


def top_destinations(
    snapshot: Snapshot, review_round: ReviewRound, area: str, n: int
) -> list[dict[str, Stat | str]]:
    """Return the ``n`` members of an area hosting the most migrants in the reference year.

    Returns
    -------
    list of dict
        ``iso3`` and statistics ``migrant_stock``, ``regional_share_pct`` (of the area's
        migrants), ``migrant_share_pct``, ``female_share_pct`` and ``migrant_stock_change_pct``
        (since the previous reference year, same revision); largest first, ties by code.
    """
    year, before = review_round.reference_year, review_round.previous_reference_year
    members = area_members(snapshot, area, review_round)
    panel = REGISTRY["migrant_stock"].panel(snapshot, review_round)
    now = panel[(panel["year"] == year) & panel["iso3"].isin(members)]
    top = now.sort_values(["value", "iso3"], ascending=[False, True]).head(n)
    regional = statistic("migrant_stock", area, review_round, snapshot)
    rows: list[dict[str, Stat | str]] = []
    for iso3 in top["iso3"]:
        stock = country_stat("migrant_stock", snapshot, review_round, iso3, year)
        past = country_stat("migrant_stock", snapshot, review_round, iso3, before)
        share = (
            None
            if not regional.value or stock.value is None
            else 100 * stock.value / regional.value
        )
        rows.append(
            {
                "iso3": iso3,
                "migrant_stock": stock,
                "regional_share_pct": Stat(
                    "regional_share_pct",
                    iso3,
                    review_round.number,
                    year,
                    share,
                    "percent",
                    "ok",
                    stock.source,
                    label=stock.label,
                ),
                "migrant_share_pct": country_stat(
                    "migrant_share_pct", snapshot, review_round, iso3, year
                ),
                "female_share_pct": country_stat(
                    "female_share_pct", snapshot, review_round, iso3, year
                ),
                "migrant_stock_change_pct": Stat(
                    "migrant_stock_change_pct",
                    iso3,
                    review_round.number,
                    year,
                    _pct_change(stock.value, past.value),
                    "percent",
                    "ok",
                    stock.source,
                    label=stock.label,
                ),
            }
        )
    return rows
