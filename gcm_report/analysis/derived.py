"""Numbers derived from canonical statistics: change since the previous round, share of a total.

Key messages and round-table analyses compare: a region with the world, a round with the one
before. The comparisons are statistics too (published in ``indicators.csv``), computed here
from the canonical values so that a sentence's numbers always agree with the tables'.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import WORLD, Stat, area_members, series, statistic
from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = [
    "Change",
    "change_since_previous_round",
    "members_recording",
    "membership_change",
    "overlaps",
    "rank_among_regions",
    "ratio_parts",
    "share_of",
]


@dataclass(frozen=True)
class Change:
    """A statistic now and at the previous round's year, and the change between them."""

    now: Stat
    before: Stat
    difference: Stat  # in the statistic's unit (percentage points for percentages)
    percent: Stat | None  # relative change, for counts and amounts


def _comparable(stat: Stat) -> bool:
    return stat.value is not None and stat.status in ("ok",)


def change_since_previous_round(
    indicator: str, area: str, review_round: ReviewRound, snapshot: Snapshot
) -> Change | None:
    """Return how an indicator changed since the previous round, or ``None``.

    The earlier value is the previous round's canonical statistic, except for indicators read
    from a round's own tables (UN DESA revisions): those compare with the same year on this
    round's revision, since a revision re-estimates the whole series.
    """
    previous = review_round.previous
    if previous is None:
        return None
    now = statistic(indicator, area, review_round, snapshot)
    then = statistic(indicator, area, previous, snapshot)
    if not (_comparable(now) and _comparable(then)) or then.year == now.year:
        return None
    ind = REGISTRY[indicator]
    if ind.round_dependent:
        assert then.year is not None
        then = series(ind, snapshot, review_round, area, [then.year])[0]
        if then.value is None:
            return None
    assert now.value is not None and then.value is not None
    diff = replace(
        now,
        indicator=f"{indicator}_change",
        value=now.value - then.value,
        unit="percentage points" if ind.unit in ("percent", "% of countries") else now.unit,
        label=f"since {then.year}",
    )
    pct = None
    if ind.aggregation == "sum" and then.value:
        pct = replace(
            now,
            indicator=f"{indicator}_change_pct",
            value=100 * (now.value - then.value) / then.value,
            unit="percent",
            label=f"since {then.year}",
        )
    return Change(now, then, diff, pct)


def share_of(part: Stat, whole: Stat) -> Stat | None:
    """Return ``part`` as a percentage of ``whole`` (same indicator and year), or ``None``."""
    if part.value is None or not whole.value or part.year != whole.year:
        return None
    return replace(
        part,
        indicator=f"{part.indicator}_share_of_{whole.area.lower()}_pct",
        value=100 * part.value / whole.value,
        unit="percent",
        label="",
    )


def rank_among_regions(
    indicator: str, area: str, review_round: ReviewRound, snapshot: Snapshot
) -> tuple[int, int] | None:
    """Return the area's rank (1 = highest) among the five regions with a value, and how many."""
    values = {
        code: statistic(indicator, code, review_round, snapshot).value
        for code in COMMISSIONS
        if statistic(indicator, code, review_round, snapshot).status == "ok"
    }
    present = {c: v for c, v in values.items() if v is not None}
    if area not in present or area == WORLD:
        return None
    order = sorted(present, key=lambda c: -(present[c] or 0))
    return order.index(area) + 1, len(present)


def _computed_in(stat: Stat, review_round: ReviewRound) -> ReviewRound:
    """Return the round whose members a statistic was computed over (a repeated one: earlier)."""
    if stat.status == "no_newer_data" and review_round.previous is not None:
        return _computed_in(stat, review_round.previous)
    return review_round


def members_recording(
    indicator: str, area: str, review_round: ReviewRound, snapshot: Snapshot
) -> Stat | None:
    """Return how many of an area's members have anything recorded, for a count read as zero.

    Where a publisher prints no row for a country it counts no one in (UNHCR, UNRWA, IDMC,
    IOM), every member counts as covered and the canonical statistic says "47 of 47" even when
    no member has a row at all. This says how many have a record (a positive count, or for a
    ratio a positive denominator) in the statistic's year, so a report can tell zeros recorded
    from zeros assumed: ``<indicator>_members_recording``, in members. ``None`` for indicators
    whose absent rows are gaps (coverage already says it), for the world, or without a year.
    """
    ind = REGISTRY[indicator]
    stat = statistic(indicator, area, review_round, snapshot)
    if not ind.absent_is_zero or area == WORLD or stat.year is None:
        return None
    source = _computed_in(stat, review_round)
    panel = ind.panel(snapshot, source)
    rows = panel[(panel["year"] == stat.year)]
    rows = rows[rows["iso3"].isin(area_members(snapshot, area, source))]
    positive = rows["den"] > 0 if ind.aggregation == "ratio" else rows["value"] > 0
    n = int(rows.loc[positive, "iso3"].nunique())
    # Coverage stays the statistic's (every member, under the convention): this is a count
    # over those members, and a count of none is a value, 0, not missing data.
    return replace(
        stat, indicator=f"{indicator}_members_recording", value=float(n), unit="members", label=""
    )


def ratio_parts(
    indicator: str, area: str, review_round: ReviewRound, snapshot: Snapshot
) -> tuple[Stat, Stat] | None:
    """Return a ratio's numerator and denominator summed over the area's members, as counts.

    For a share of countries (SDG 10.7.2: 20.0% of ESCWA's members with a score in 2019 are
    two countries of ten), the counts say what the percentage rests on:
    ``<indicator>_numerator`` and ``<indicator>_denominator``, in countries. ``None`` for other
    aggregations or without a value.
    """
    ind = REGISTRY[indicator]
    stat = statistic(indicator, area, review_round, snapshot)
    if ind.aggregation != "ratio" or stat.value is None or stat.year is None or area == WORLD:
        return None
    source = _computed_in(stat, review_round)
    panel = ind.panel(snapshot, source)
    rows = panel[(panel["year"] == stat.year)]
    rows = rows[rows["iso3"].isin(area_members(snapshot, area, source))]
    return (
        replace(
            stat,
            indicator=f"{indicator}_numerator",
            value=float(rows["num"].sum()),
            unit="countries",
            label="",
        ),
        replace(
            stat,
            indicator=f"{indicator}_denominator",
            value=float(rows["den"].sum()),
            unit="countries",
            label="",
        ),
    )


@dataclass(frozen=True)
class MembershipChange:
    """How a region's counted members changed between two rounds."""

    code: str
    before: ReviewRound
    after: ReviewRound
    counted_before: int
    counted_after: int
    joined: tuple[str, ...]  # ISO3 counted in ``after`` but not in ``before``
    left: tuple[str, ...]


def membership_change(
    code: str, before: ReviewRound, after: ReviewRound, snapshot: Snapshot
) -> MembershipChange | None:
    """Return the change in the members a region's figures sum between two rounds, if any.

    ESCWA's figures sum 20 members in round 1 (February 2021) and 21 in round 2 (Djibouti
    joined): a difference between the rounds mixes that with any change in the figures.
    """
    old = area_members(snapshot, code, before)
    new = area_members(snapshot, code, after)
    if old == new:
        return None
    return MembershipChange(
        code, before, after, len(old), len(new), tuple(sorted(new - old)), tuple(sorted(old - new))
    )


def overlaps(
    code: str, review_round: ReviewRound, snapshot: Snapshot
) -> dict[str, tuple[str, ...]]:
    """Return, for each other commission, the countries both regions' figures count.

    ECA and ESCWA share nine (Algeria, Djibouti, Egypt, Libya, Mauritania, Morocco, Somalia,
    Sudan, Tunisia), ECE and ESCAP ten: a region's figure set against the world's, or beside
    another region's, includes them, and the five regional figures add up to more than the
    world's.
    """
    mine = area_members(snapshot, code, review_round)
    out = {}
    for other in COMMISSIONS:
        if other != code:
            shared = mine & area_members(snapshot, other, review_round)
            if shared:
                out[other] = tuple(sorted(shared))
    return out
