"""People in need of international protection by sex and age (UNHCR demographics; numbers).

UNHCR's demographics file (snapshot table ``unhcr_demographics``) breaks down refugees under
UNHCR's mandate, asylum-seekers and other people in need of international protection by sex
and five age bands, by country of asylum. The extract these reports use (the ``refugees``
package's Global Trends 2025 release) holds end-2025 only (:func:`breakdown_years`); UNHCR
itself publishes breakdowns for other years, which are simply not in these data. Palestine
refugees under UNRWA's mandate are not in it.

Which round shows it
--------------------
A breakdown for a year belongs to the latest round whose window starts at or before that
year: end-2025 is after round 2's window (2021–2024) and is the latest year in the extract, so
round 2 shows it as the latest available breakdown, with status :data:`LATEST_AVAILABLE`,
beside the round's own (end-2024) headline figures; round 1 (2016–2020) has no breakdown for
its years in the extract (:func:`demographics_year` returns ``None``).

A change of classification between the two years
-------------------------------------------------
Until end-2024 UNHCR reported "other people in need of international protection" for people
from Venezuela only, all in Latin America and the Caribbean; at end-2025 it also reports them
in the Islamic Republic of Iran, Pakistan and Central Asia, where the same countries' refugees
fell (Afghans in Iran: 3.48 million refugees at end-2024; 0.76 million refugees and 0.88 million
other people in need of international protection at end-2025). A region's end-2024 zero and
its end-2025 figure therefore differ by classification, not only by change over the year:
:func:`oip_extension` finds the countries concerned from the data, so the report says so.

Completeness
------------
Not every country reports sex and age: where a country reports none, the file gives the total
only, and UNHCR's suppression of small counts leaves some rows short. The share of a
population whose sex is reported (``<population>_sex_reported_pct``), and whose sex and age
are (``<population>_age_reported_pct``), say how complete the breakdown is; members covered
are those hosting no one of the population (UNHCR prints no row where it counts no one) or
reporting the sex of at least part of it. Shares by sex are of persons whose sex is reported;
shares by age of persons whose sex and age are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from gcm_report.analysis.cache import per_snapshot
from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import WORLD, Stat, area_members, series, statistic
from gcm_report.data.rounds import ReviewRound, available_rounds, get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.data.sources.unhcr import AGE_BANDS

__all__ = [
    "CHILD_BANDS",
    "COMBINED",
    "LATEST_AVAILABLE",
    "OLDER_BANDS",
    "POPULATIONS",
    "OipExtension",
    "PopulationProfile",
    "breakdown_years",
    "demographics_year",
    "oip_extension",
    "population_profile",
    "pyramid",
]

TABLE = "unhcr_demographics"
# Status of a figure from after the round's window, shown because it is the latest published.
LATEST_AVAILABLE = "latest_available"
# The populations broken down, in UNHCR's order, and their sum shown as one pyramid:
# refugees under UNHCR's mandate and other people in need of international protection.
POPULATIONS = ("refugees", "oip", "asylum_seekers")
COMBINED = "refugees_oip"
_PARTS = {COMBINED: ("refugees", "oip")}
CHILD_BANDS = ("0-4", "5-11", "12-17")
OLDER_BANDS = ("60+",)
KNOWN_AGES = tuple(b for b in AGE_BANDS if b != "unknown")


def breakdown_years(snapshot: Snapshot) -> list[int]:
    """Return the years the demographics extract holds (end-2025 only in this snapshot)."""
    return sorted(int(y) for y in snapshot.table(TABLE)["year"].unique())


def demographics_year(snapshot: Snapshot, review_round: ReviewRound) -> int | None:
    """Return the year of the breakdown a round shows, or ``None`` when it has none.

    The latest year in the table that is not before the round's window start and, when a
    later round exists, before that round's window start.
    """
    years = breakdown_years(snapshot)
    later = [n for n in available_rounds() if n > review_round.number]
    stop = get_round(min(later)).data_years[0] if later else None
    fits = [y for y in years if y >= review_round.data_years[0] and (stop is None or y < stop)]
    return max(fits) if fits else None


def _status(review_round: ReviewRound, year: int) -> str:
    return "ok" if year <= review_round.data_years[1] else LATEST_AVAILABLE


def _rows(
    snapshot: Snapshot, review_round: ReviewRound, area: str, population: str, year: int
) -> pd.DataFrame:
    """Return the table's rows of a population (or the combined one) in an area and year."""
    table = snapshot.table(TABLE)
    kinds = _PARTS.get(population, (population,))
    rows = table[table["population_type"].isin(kinds) & (table["year"] == year)]
    if area != WORLD:
        rows = rows[rows["asylum"].isin(area_members(snapshot, area, review_round))]
    return rows


@dataclass(frozen=True)
class PopulationProfile:
    """One population's sex and age in an area, end of the breakdown's year."""

    population: str
    persons: Stat  # <population>_persons: everyone counted, sex reported or not
    sex_reported: Stat  # <population>_sex_reported_pct: the breakdown's completeness
    age_reported: Stat  # <population>_age_reported_pct: persons with sex and age reported
    female: Stat  # <population>_female_pct: women and girls, of persons whose sex is reported
    # <population>_female_of_age_reported_pct: women and girls, of persons with sex and age
    # reported: the pyramid's base, which differs from ``female``'s (both are printed, named)
    female_age_reported: Stat
    children: Stat  # <population>_children_pct: aged 0-17, of persons with sex and age reported
    older: Stat  # <population>_older_pct: aged 60 or more, same denominator
    hosts: Stat  # <population>_hosts: members hosting any of them (a row in the file)
    sex_reporting_hosts: Stat  # <population>_sex_reporting_hosts: of those, reporting some sex


def _pct(part: float, whole: float) -> float | None:
    return None if not whole else 100.0 * part / whole


def _sum(rows: pd.DataFrame, bands: tuple[str, ...]) -> float:
    return float(rows.loc[rows["age"].isin(bands), "value"].sum())


def _coverage(
    snapshot: Snapshot, review_round: ReviewRound, area: str, rows: pd.DataFrame
) -> tuple[int, int]:
    """Return members covered (no one hosted, or some sex reported) and members in all."""
    members = area_members(snapshot, area, review_round)
    hosting = set(rows["asylum"])
    reported = set(rows.loc[rows["sex"] != "unknown", "asylum"])
    return len(members) - len((hosting - reported) & members), len(members)


@per_snapshot
def population_profile(
    snapshot: Snapshot, review_round: ReviewRound, area: str, population: str
) -> PopulationProfile | None:
    """Return a population's sex and age profile in an area (``None``: no breakdown in round).

    ``population`` is one of :data:`POPULATIONS` or :data:`COMBINED`; ``area`` a commission
    or ``WORLD`` (every country of asylum, unknown included, as UNHCR totals it).
    """
    year = demographics_year(snapshot, review_round)
    if year is None:
        return None
    rows = _rows(snapshot, review_round, area, population, year)
    covered, total = _coverage(snapshot, review_round, area, rows)
    persons = float(rows["value"].sum())
    sexed = rows[rows["sex"] != "unknown"]
    aged = sexed[sexed["age"] != "unknown"]
    known_sex, known_age = float(sexed["value"].sum()), float(aged["value"].sum())

    def stat(name: str, value: float | None, unit: str = "percent") -> Stat:
        return Stat(
            f"{population}_{name}",
            area,
            review_round.number,
            year,
            value,
            unit,
            _status(review_round, year) if value is not None else "no_data",
            snapshot.source_line(TABLE),
            covered,
            total,
        )

    female = float(sexed.loc[sexed["sex"] == "female", "value"].sum())
    female_aged = float(aged.loc[aged["sex"] == "female", "value"].sum())
    members = area_members(snapshot, area, review_round)
    hosting = set(rows["asylum"]) if area == WORLD else set(rows["asylum"]) & members
    reporting = hosting & set(sexed["asylum"])
    return PopulationProfile(
        population,
        stat("persons", persons, "persons"),
        stat("sex_reported_pct", _pct(known_sex, persons)),
        stat("age_reported_pct", _pct(known_age, persons)),
        stat("female_pct", _pct(female, known_sex)),
        stat("female_of_age_reported_pct", _pct(female_aged, known_age)),
        stat("children_pct", _pct(_sum(aged, CHILD_BANDS), known_age)),
        stat("older_pct", _pct(_sum(aged, OLDER_BANDS), known_age)),
        stat("hosts", float(len(hosting)), "members"),
        stat("sex_reporting_hosts", float(len(reporting)), "members"),
    )


@per_snapshot
def pyramid(
    snapshot: Snapshot, review_round: ReviewRound, area: str, population: str = COMBINED
) -> list[tuple[str, str, Stat, Stat]] | None:
    """Return the age-sex pyramid of a population: persons and % of those with sex and age.

    Returns
    -------
    list of (sex, age band, persons, percent) or None
        One entry per sex (female, male) and age band with a known age, youngest first;
        percentages are of all persons whose sex and age are reported (they add up to 100).
        ``None`` when the round has no breakdown.
    """
    year = demographics_year(snapshot, review_round)
    if year is None:
        return None
    every = _rows(snapshot, review_round, area, population, year)
    covered, total = _coverage(snapshot, review_round, area, every)
    rows = every[(every["sex"] != "unknown") & (every["age"] != "unknown")]
    by = rows.groupby(["sex", "age"])["value"].sum()
    known = float(rows["value"].sum())
    out = []
    for sex in ("female", "male"):
        for band in KNOWN_AGES:
            persons = float(by.get((sex, band), 0.0))
            key = band.replace("-", "_").replace("+", "_plus")
            made = [
                Stat(
                    f"{population}_{sex}_{key}_{suffix}",
                    area,
                    review_round.number,
                    year,
                    value,
                    unit,
                    _status(review_round, year) if value is not None else "no_data",
                    snapshot.source_line(TABLE),
                    covered,
                    total,
                )
                for suffix, value, unit in (
                    ("persons", persons, "persons"),
                    ("pct", _pct(persons, known), "percent"),
                )
            ]
            out.append((sex, band, made[0], made[1]))
    return out


@dataclass(frozen=True)
class OipExtension:
    """Members reporting other people in need of international protection only at the breakdown.

    ``before`` is the round's canonical statistic (end of the round's year), ``after`` the same
    aggregate at the breakdown's year; ``countries`` the members with some at ``after`` and none
    at ``before``; ``refugees_before`` and ``refugees_after`` those countries' refugees under
    UNHCR's mandate in the two years; ``origins_before`` the countries of origin of every
    person of the type UNHCR reported worldwide in the round's year.
    """

    before: Stat
    after: Stat
    countries: tuple[str, ...]
    refugees_before: Stat
    refugees_after: Stat
    origins_before: tuple[str, ...]


@per_snapshot
def oip_extension(snapshot: Snapshot, review_round: ReviewRound, area: str) -> OipExtension | None:
    """Return the members UNHCR first reports other people in need of protection for, if any.

    ``None`` when the round shows no breakdown, or when every member with some at the
    breakdown's year already had some in the round's year (no change of coverage to explain).
    """
    year = demographics_year(snapshot, review_round)
    before = statistic("other_in_need_of_protection", area, review_round, snapshot)
    if year is None or before.year is None or year == before.year:
        return None
    ind = REGISTRY["other_in_need_of_protection"]
    panel = ind.panel(snapshot, review_round)
    members = area_members(snapshot, area, review_round)

    def hosts(at: int) -> set[str]:
        rows = panel[(panel["year"] == at) & (panel["value"] > 0)]
        return set(rows["iso3"]) & members

    new = hosts(year) - hosts(before.year)
    if not new:
        return None
    refugees = REGISTRY["refugees_hosted"].panel(snapshot, review_round)
    by_year = refugees[refugees["iso3"].isin(new)].groupby("year")["value"].sum()
    # The canonical aggregation, at the breakdown's year.
    (after,) = series(ind, snapshot, review_round, area, [year])

    def refugee_stat(at: int) -> Stat:
        return replace(
            statistic("refugees_hosted", area, review_round, snapshot),
            indicator="refugees_hosted_in_new_oip_hosts",
            year=at,
            value=float(by_year.get(at, 0.0)),
            status=_status(review_round, at),
            members_with_data=len(new),
        )

    pop = snapshot.table("unhcr_population")
    oip = pop[(pop["population_type"] == "oip") & (pop["year"] == before.year)]
    origins = tuple(sorted(set(oip.loc[oip["value"] > 0, "origin"])))
    # Largest first, so the sentence names the countries that matter most first.
    after_by = panel[(panel["year"] == year) & panel["iso3"].isin(new)].set_index("iso3")["value"]
    ordered = tuple(sorted(new, key=lambda c: (-float(after_by.get(c, 0.0)), c)))
    return OipExtension(
        before=before,
        after=replace(after, status=_status(review_round, year)),
        countries=ordered,
        refugees_before=refugee_stat(before.year),
        refugees_after=refugee_stat(year),
        origins_before=origins,
    )
