"""People in need of international protection by sex and age (UNHCR demographics; numbers).

UNHCR's demographics file (snapshot table ``unhcr_demographics``) breaks down, for end-2025
only, refugees under UNHCR's mandate, asylum-seekers and other people in need of
international protection by sex and five age bands, by country of asylum. Palestine refugees
under UNRWA's mandate are not in it.

Which round shows it
--------------------
A breakdown for a year belongs to the latest round whose window starts at or before that
year: end-2025 is after round 2's window (2021–2024) and is the latest one UNHCR publishes, so
round 2 shows it as the latest available breakdown, with status :data:`LATEST_AVAILABLE`;
round 1 (2016–2020) has no breakdown for its years (:func:`demographics_year` returns
``None``).

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

from dataclasses import dataclass

import pandas as pd

from gcm_report.analysis.cache import per_snapshot
from gcm_report.analysis.statistics import WORLD, Stat, area_members
from gcm_report.data.rounds import ReviewRound, available_rounds, get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.data.sources.unhcr import AGE_BANDS

__all__ = [
    "CHILD_BANDS",
    "COMBINED",
    "LATEST_AVAILABLE",
    "OLDER_BANDS",
    "POPULATIONS",
    "PopulationProfile",
    "demographics_year",
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


def demographics_year(snapshot: Snapshot, review_round: ReviewRound) -> int | None:
    """Return the year of the breakdown a round shows, or ``None`` when it has none.

    The latest year in the table that is not before the round's window start and, when a
    later round exists, before that round's window start.
    """
    years = sorted(int(y) for y in snapshot.table(TABLE)["year"].unique())
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
    children: Stat  # <population>_children_pct: aged 0-17, of persons with sex and age reported
    older: Stat  # <population>_older_pct: aged 60 or more, same denominator


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
    return PopulationProfile(
        population,
        stat("persons", persons, "persons"),
        stat("sex_reported_pct", _pct(known_sex, persons)),
        stat("age_reported_pct", _pct(known_age, persons)),
        stat("female_pct", _pct(female, known_sex)),
        stat("children_pct", _pct(_sum(aged, CHILD_BANDS), known_age)),
        stat("older_pct", _pct(_sum(aged, OLDER_BANDS), known_age)),
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
