"""The indicator registry: an indicator is one function plus one ``@indicator(...)`` entry.

The function returns a country × year panel (``iso3``, ``year``, ``value`` and, for ratios,
``num`` and ``den``) computed from the snapshot. The registry entry says what it is (title,
unit, GCM objectives, SDG indicator, snapshot tables) and how a group of countries aggregates
(``sum``, ``ratio`` of sums, or ``mean``). Everything else is generic, so a new indicator
appears in every regional report (progress by objective, comparison, country annex, coverage
matrix), in the synthesis and in ``indicators.csv`` without any other edit.

Year rule. Publishers' latest years differ, and a latest year often holds only early
reporters. For a group of countries an indicator is shown for the latest year up to the
round's reference year in which at least 90% of the group members that report it during the
ten years up to the reference year have a value (failing that, the latest best-covered year;
with nothing in that decade, the same rule over all earlier years); the year is always printed
with the value, and so is the number of members with data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import pandas as pd

from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = [
    "REGISTRY",
    "Indicator",
    "RegionalValue",
    "indicator",
    "precompute_panels",
    "regional_value",
]

Aggregation = Literal["sum", "ratio", "mean"]
COVERAGE_FOR_YEAR = 0.9
# Reporters are counted over the decade up to the reference year: a country that stopped
# reporting long ago should not push the chosen year back.
YEAR_WINDOW = 10


@dataclass(frozen=True)
class Indicator:
    """A registered indicator."""

    id: str
    title: str
    unit: str
    objectives: tuple[int, ...]
    sdg: str | None
    tables: tuple[str, ...]
    aggregation: Aggregation
    compute: Callable[[Snapshot, ReviewRound], pd.DataFrame] = field(repr=False)
    scale: float = 1.0
    note: str = ""
    # "coverage": reported statistics (see the module's year rule). "latest": event records,
    # where no row means no event: the publisher's latest year up to the reference year.
    year_rule: Literal["coverage", "latest"] = "coverage"

    def panel(self, snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
        """Return the country × year panel (cached per snapshot and round)."""
        return _panel(self.id, snapshot, review_round)

    def source(self, snapshot: Snapshot, review_round: ReviewRound) -> str:
        """Return the source line(s) of the snapshot tables behind the indicator."""
        tables = [_ROUND_TABLES.get(t, {}).get(review_round.ims_revision, t) for t in self.tables]
        lines = dict.fromkeys(snapshot.source_line(t) for t in tables)
        return "; ".join(lines)


REGISTRY: dict[str, Indicator] = {}

# Placeholders for tables that depend on the round's IMS revision.
_ROUND_TABLES = {
    "IMS": {2020: "undesa_ims_2020_destination", 2024: "undesa_ims_2024_od"},
    "POPULATION": {2020: "undesa_ims_2020_destination", 2024: "wdi_population"},
}


def indicator(
    id: str,
    title: str,
    unit: str,
    *,
    objectives: Sequence[int] = (),
    sdg: str | None = None,
    tables: Sequence[str],
    aggregation: Aggregation = "sum",
    scale: float = 1.0,
    note: str = "",
    year_rule: Literal["coverage", "latest"] = "coverage",
) -> Callable[[Callable[[Snapshot, ReviewRound], pd.DataFrame]], Callable[..., pd.DataFrame]]:
    """Register the decorated panel function as an indicator."""

    def register(
        fn: Callable[[Snapshot, ReviewRound], pd.DataFrame],
    ) -> Callable[..., pd.DataFrame]:
        if id in REGISTRY:
            raise ValueError(f"indicator {id!r} is registered twice")
        REGISTRY[id] = Indicator(
            id,
            title,
            unit,
            tuple(objectives),
            sdg,
            tuple(tables),
            aggregation,
            fn,
            scale,
            note,
            year_rule,
        )
        return fn

    return register


_PANELS: dict[tuple[str, str, int, str], pd.DataFrame] = {}


def _panel(indicator_id: str, snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    # Keyed by the snapshot's content id, so a panel is reused only for identical data.
    key = (str(snapshot.directory), snapshot.snapshot_id, review_round.number, indicator_id)
    if key not in _PANELS:
        df = REGISTRY[indicator_id].compute(snapshot, review_round)
        _PANELS[key] = df.dropna(subset=["value"]).reset_index(drop=True)
    return _PANELS[key]


def precompute_panels(snapshot: Snapshot) -> None:
    """Compute every indicator's panel for every round (run once per build worker).

    Report kernels forked from the worker then find them computed: each report's kernel
    otherwise spent about a second recomputing the same panels.
    """
    from gcm_report.data.regions import COMMISSIONS, get_commission
    from gcm_report.data.rounds import available_rounds, get_round

    world = tuple(snapshot.table("m49")["iso3"])
    for number in available_rounds():
        review_round = get_round(number)
        for ind in REGISTRY.values():
            ind.panel(snapshot, review_round)
            # The values every report of the round shows: each region, then the others and
            # the world at that region's year (the comparison table).
            for code in COMMISSIONS:
                own = regional_value(
                    ind, snapshot, review_round, get_commission(code).aggregate_iso3
                )
                for other in COMMISSIONS:
                    members = get_commission(other).aggregate_iso3
                    regional_value(ind, snapshot, review_round, members, year=own.year)
                regional_value(ind, snapshot, review_round, world, year=own.year)
            regional_value(ind, snapshot, review_round, world)


@dataclass(frozen=True)
class RegionalValue:
    """An indicator's value for a group of countries (a region, or the world)."""

    value: float | None
    year: int | None
    countries_with_data: int
    countries: int
    by_country: pd.DataFrame  # iso3, value at ``year``


def _choose_year(panel: pd.DataFrame, members: set[str], reference_year: int) -> int | None:
    p = panel[panel["iso3"].isin(members) & (panel["year"] <= reference_year)]
    if p.empty:
        return None
    recent = p[p["year"] > reference_year - YEAR_WINDOW]
    if not recent.empty:
        p = recent
    per_year = p.groupby("year")["iso3"].nunique()
    reporting = p["iso3"].nunique()
    good = per_year[per_year >= COVERAGE_FOR_YEAR * reporting]
    if good.empty:  # reporting is spread over years: take the best-covered (latest) year
        good = per_year[per_year == per_year.max()]
    return int(good.index.max())


_VALUES: dict[tuple[Any, ...], RegionalValue] = {}


def regional_value(
    ind: Indicator,
    snapshot: Snapshot,
    review_round: ReviewRound,
    members: Sequence[str],
    *,
    year: int | None = None,
) -> RegionalValue:
    """Aggregate an indicator over ``members`` for the round (or for a given ``year``).

    Results are cached by their inputs (snapshot content, round, members, year): every report
    of a round compares the same regions, and build workers compute them once.
    """
    key = (
        str(snapshot.directory),
        snapshot.snapshot_id,
        review_round.number,
        ind.id,
        frozenset(members),
        year,
    )
    if key not in _VALUES:
        _VALUES[key] = _regional_value(ind, snapshot, review_round, members, year)
    return _VALUES[key]


def _regional_value(
    ind: Indicator,
    snapshot: Snapshot,
    review_round: ReviewRound,
    members: Sequence[str],
    year: int | None,
) -> RegionalValue:
    panel = ind.panel(snapshot, review_round)
    group = set(members)
    if year is not None:
        chosen: int | None = year
    elif ind.year_rule == "latest":
        years = panel.loc[panel["year"] <= review_round.reference_year, "year"]
        chosen = int(years.max()) if len(years) else None
    else:
        chosen = _choose_year(panel, group, review_round.reference_year)
    empty = pd.DataFrame({"iso3": pd.Series(dtype=str), "value": pd.Series(dtype=float)})
    if chosen is None:
        return RegionalValue(None, None, 0, len(group), empty)
    at = panel[panel["iso3"].isin(group) & (panel["year"] == chosen)]
    if ind.aggregation == "sum":
        # Event records (year_rule "latest"): no row in the publisher's year means no event.
        value = float(at["value"].sum()) if len(at) or ind.year_rule == "latest" else None
    elif ind.aggregation == "mean":
        value = float(at["value"].mean()) if len(at) else None
    else:
        both = at.dropna(subset=["num", "den"])
        den = float(both["den"].sum())
        value = ind.scale * float(both["num"].sum()) / den if den else None
    return RegionalValue(
        value, chosen, int(at["iso3"].nunique()), len(group), at[["iso3", "value"]]
    )


# --- helpers -------------------------------------------------------------------------------


@cache
def _population(snapshot: Snapshot) -> pd.DataFrame:
    return snapshot.table("wdi_population")[["iso3", "year", "value"]]


def _stock(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    from gcm_report.analysis.migration import country_figures

    return country_figures(snapshot, review_round.ims_revision).reset_index()


def _unhcr(snapshot: Snapshot, population_type: str, by: str) -> pd.DataFrame:
    pop = snapshot.table("unhcr_population")
    sel = pop[pop["population_type"] == population_type]
    out = sel.groupby([by, "year"], as_index=False)["value"].sum()
    return out.rename(columns={by: "iso3"})


def _sdg(snapshot: Snapshot, series: str, **dims: str) -> pd.DataFrame:
    sdg = snapshot.table("sdg")
    sel = sdg[(sdg["series"] == series) & sdg["iso3"].notna()]
    for column, value in dims.items():
        sel = sel[sel[column] == value]
    return sel[["iso3", "year", "value"]].astype({"iso3": str})


# --- migration ------------------------------------------------------------------------------


@indicator(
    "migrant_stock",
    "International migrants (stock at mid-year)",
    "persons",
    tables=("IMS",),
    note="IMS revision of the round: 2020 for round 1, 2024 for round 2.",
)
def _migrant_stock(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = _stock(snapshot, review_round)
    return df.assign(value=df["migrant_stock"])[["iso3", "year", "value"]]


@indicator(
    "migrant_share_pct",
    "International migrants as a share of the population",
    "percent",
    tables=("IMS", "POPULATION"),
    aggregation="ratio",
    scale=100.0,
)
def _migrant_share(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = _stock(snapshot, review_round)
    return df.assign(num=df["migrant_stock"], den=df["population"]).assign(
        value=lambda d: 100 * d["num"] / d["den"]
    )[["iso3", "year", "value", "num", "den"]]


@indicator(
    "female_share_pct",
    "Women and girls among international migrants",
    "percent",
    tables=("IMS",),
    aggregation="ratio",
    scale=100.0,
)
def _female_share(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = _stock(snapshot, review_round)
    return df.assign(num=df["female_stock"], den=df["migrant_stock"]).assign(
        value=lambda d: 100 * d["num"] / d["den"]
    )[["iso3", "year", "value", "num", "den"]]


# --- displacement (objective 2) and statelessness (objective 4) -----------------------------


@indicator(
    "refugees_hosted",
    "Refugees hosted (end of year, UNHCR mandate)",
    "persons",
    objectives=(2,),
    tables=("unhcr_population",),
)
def _refugees_hosted(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "refugees", "asylum")


@indicator(
    "asylum_seekers_hosted",
    "Asylum-seekers with pending claims (end of year)",
    "persons",
    objectives=(12,),
    tables=("unhcr_population",),
)
def _asylum_seekers(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "asylum_seekers", "asylum")


@indicator(
    "refugees_by_origin_per_100k",
    "Refugees from the country per 100,000 of its population (SDG 10.7.4)",
    "per 100,000 population",
    objectives=(2,),
    sdg="10.7.4",
    tables=("sdg", "wdi_population"),
    aggregation="ratio",
    scale=100_000.0,
    note="Regional value: refugees from members over their total population.",
)
def _refugees_per_100k(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    rate = _sdg(snapshot, "SM_POP_REFG_OR")
    df = rate.merge(_population(snapshot), on=["iso3", "year"], suffixes=("", "_pop"))
    return df.assign(num=df["value"] * df["value_pop"] / 100_000, den=df["value_pop"])[
        ["iso3", "year", "value", "num", "den"]
    ]


@indicator(
    "idps_conflict",
    "Internally displaced people, conflict (end of year, UNHCR)",
    "persons",
    objectives=(2,),
    tables=("unhcr_population",),
)
def _idps(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "idps", "asylum")


@indicator(
    "internal_displacements",
    "New internal displacements during the year, conflict and disasters (IDMC)",
    "movements",
    objectives=(2,),
    tables=("idmc_displacements",),
)
def _internal_displacements(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = snapshot.table("idmc_displacements")
    return df.groupby(["iso3", "year"], as_index=False)["value"].sum().astype({"value": float})


@indicator(
    "stateless_people",
    "Stateless people (end of year, UNHCR)",
    "persons",
    objectives=(4,),
    tables=("unhcr_population",),
)
def _stateless(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "stateless", "asylum")


# --- pathways, procedures, return (objectives 5, 12, 21) ------------------------------------


@indicator(
    "refugees_resettled",
    "Refugees resettled into the country during the year",
    "persons",
    objectives=(5,),
    tables=("unhcr_solutions",),
    year_rule="latest",
)
def _resettled(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    sol = snapshot.table("unhcr_solutions")
    sel = sol[sol["solution_type"] == "resettlement"]
    return (
        sel.groupby(["asylum", "year"], as_index=False)["value"]
        .sum()
        .rename(columns={"asylum": "iso3"})
    )


@indicator(
    "asylum_protection_rate_pct",
    "Share of substantive asylum decisions granting protection",
    "percent",
    objectives=(12,),
    tables=("unhcr_asylum_decisions",),
    aggregation="ratio",
    scale=100.0,
    note="Recognised + complementary protection over those plus rejections; closed files "
    "excluded; cases and persons summed as published.",
)
def _protection_rate(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    dec = snapshot.table("unhcr_asylum_decisions")
    g = dec.groupby(["asylum", "year"], as_index=False)[["recognized", "other", "rejected"]].sum()
    g = g.assign(num=g["recognized"] + g["other"], den=g["recognized"] + g["other"] + g["rejected"])
    g = g[g["den"] > 0]
    return g.assign(value=100 * g["num"] / g["den"]).rename(columns={"asylum": "iso3"})[
        ["iso3", "year", "value", "num", "den"]
    ]


@indicator(
    "refugees_returned",
    "Refugees returned to the country during the year",
    "persons",
    objectives=(21,),
    tables=("unhcr_solutions",),
    year_rule="latest",
)
def _returned(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    sol = snapshot.table("unhcr_solutions")
    sel = sol[sol["solution_type"] == "returned_refugees"]
    return (
        sel.groupby(["origin", "year"], as_index=False)["value"]
        .sum()
        .rename(columns={"origin": "iso3"})
    )


# --- lives (objective 8) --------------------------------------------------------------------


@indicator(
    "dead_and_missing",
    "Migrants recorded dead or missing in the country (SDG 10.7.3)",
    "persons",
    objectives=(8,),
    sdg="10.7.3",
    tables=("iom_mmp_incidents",),
    note="By country of incident; deaths at sea with no country are counted only in world totals.",
    year_rule="latest",
)
def _dead_missing(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    inc = snapshot.table("iom_mmp_incidents").dropna(subset=["country_iso3", "year"])
    out = inc.groupby(["country_iso3", "year"], as_index=False)["dead_and_missing"].sum()
    return out.rename(columns={"country_iso3": "iso3", "dead_and_missing": "value"}).astype(
        {"year": "int16"}
    )


# --- recruitment (objective 6), policies (objective 23) -------------------------------------


@indicator(
    "recruitment_cost_months",
    "Recruitment cost borne by employees, months of earnings (SDG 10.7.1)",
    "months of earnings",
    objectives=(6,),
    sdg="10.7.1",
    tables=("sdg",),
    aggregation="mean",
)
def _recruitment_cost(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _sdg(snapshot, "SL_EMP_RCOST_MO", sex="bothsex")


@indicator(
    "migration_policies_pct",
    "Countries whose migration policies meet or fully meet the criteria (SDG 10.7.2)",
    "% of countries",
    objectives=(23,),
    sdg="10.7.2",
    tables=("sdg",),
    aggregation="ratio",
    scale=100.0,
    note="All six policy domains; a country counts when its score is 3 (meets) or 4 (fully meets).",
)
def _policies(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = _sdg(snapshot, "SG_CPA_MIGRS", policy_domains="alldomains")
    meets = (df["value"] >= 3).astype(float)
    return df.assign(num=meets, den=1.0, value=100 * meets)[["iso3", "year", "value", "num", "den"]]


# --- remittances (objective 20) -------------------------------------------------------------


def _remittances(snapshot: Snapshot, flow: str) -> pd.DataFrame:
    rem = snapshot.table("wb_remittances")
    return rem[rem["flow"] == flow][["iso3", "year", "value"]]


@indicator(
    "remittances_received_usd",
    "Personal remittances received",
    "US$",
    objectives=(20,),
    tables=("wb_remittances",),
)
def _remittances_received(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _remittances(snapshot, "received")


@indicator(
    "remittances_paid_usd",
    "Personal remittances paid",
    "US$",
    objectives=(20,),
    tables=("wb_remittances",),
)
def _remittances_paid(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _remittances(snapshot, "paid")


@indicator(
    "remittances_gdp_pct",
    "Personal remittances received as a share of GDP (SDG 17.3.2)",
    "percent",
    objectives=(20,),
    sdg="17.3.2",
    tables=("wb_remittances", "wb_gdp"),
    aggregation="ratio",
    scale=100.0,
)
def _remittances_gdp(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    gdp = snapshot.table("wb_gdp")[["iso3", "year", "value"]]
    df = _remittances(snapshot, "received").merge(gdp, on=["iso3", "year"], suffixes=("", "_gdp"))
    df = df[df["value_gdp"] > 0]
    return df.assign(
        num=df["value"], den=df["value_gdp"], value=100 * df["value"] / df["value_gdp"]
    )[["iso3", "year", "value", "num", "den"]]


@indicator(
    "remittance_cost_pct",
    "Average cost of sending US$200 to the country (SDG 10.c.1)",
    "percent",
    objectives=(20,),
    sdg="10.c.1",
    tables=("sdg",),
    aggregation="mean",
    note="Regional value: simple mean over members with data.",
)
def _remittance_cost(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _sdg(snapshot, "SI_RMT_COST")
