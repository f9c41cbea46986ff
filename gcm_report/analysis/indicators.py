"""The indicator registry: an indicator is one panel function plus one ``@indicator(...)`` entry.

The function returns a country × year panel (``iso3``, ``year``, ``value`` and, for ratios,
``num`` and ``den``) computed from the snapshot for a review round. The entry says what the
indicator is (title, unit, GCM objectives, SDG indicator), where its numbers come from (the
snapshot tables or raw files whose citation and vintage are printed under every value, and the
publisher's series), what the absence of a row means for its publisher
(:mod:`gcm_report.analysis.conventions`), how a group of countries aggregates (``sum``, ``ratio``
of sums, or ``mean``), and, where the custodian publishes a world aggregate, that series.
Everything else is generic (:mod:`gcm_report.analysis.statistics`), so a new indicator reaches
every report, ``statistics.csv`` and ``indicators.csv`` with no other edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from gcm_report.analysis.conventions import CONVENTIONS, Convention
from gcm_report.data.rounds import ROUND_TABLES, ReviewRound
from gcm_report.data.snapshot import Snapshot
from gcm_report.data.sources import idmc, iom_mmp, sdg, unhcr, worldbank
from gcm_report.data.sources._base import RawFile

__all__ = ["REGISTRY", "Indicator", "indicator"]

Aggregation = Literal["sum", "ratio", "mean"]
Panel = Callable[[Snapshot, ReviewRound], pd.DataFrame]
# A source is a snapshot table name, a round table role ("@migrant_stock": the table rounds.yml
# names for the round), or one declared raw file (for tables that stack several publications).
Source = str | RawFile


# A cache key: snapshot folder, snapshot content id, round, indicator.
_Key = tuple[str, str, int, str]


@dataclass(frozen=True)
class Indicator:
    """A registered indicator."""

    id: str
    title: str
    label: str  # short name for key figures and chart axes
    unit: str
    compute: Panel = field(repr=False)
    sources: tuple[Source, ...]
    series: str
    convention: Convention
    aggregation: Aggregation = "sum"
    objectives: tuple[int, ...] = ()
    sdg: str | None = None
    scale: float = 1.0
    note: str = ""
    # What a reader must know beside the value, printed wherever it is: in the round-table
    # sentence, under the objective table and under the comparison table (short; in ``note``).
    caveat: str = ""
    # The custodian's own world aggregate (year, value), used for WORLD where it exists.
    world: Callable[[Snapshot], pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def round_dependent(self) -> bool:
        """Return whether the indicator reads a round's own tables (an IMS revision)."""
        return any(isinstance(s, str) and s.startswith("@") for s in self.sources)

    @property
    def absent_is_zero(self) -> bool:
        """Return whether a country without a row counts as covered with zero."""
        return self.convention.absent == "zero"

    def _cache_key(
        self, snapshot: Snapshot, review_round: ReviewRound
    ) -> tuple[str, str, int, str]:
        # Keyed by the snapshot's content id, so a panel is reused only for identical data.
        return (str(snapshot.directory), snapshot.snapshot_id, review_round.number, self.id)

    def panel(self, snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
        """Return the country × year panel, rows with a value only (cached per snapshot)."""
        key = self._cache_key(snapshot, review_round)
        if key not in _PANELS:
            df = self.compute(snapshot, review_round).dropna(subset=["value"])
            _PANELS[key] = df.reset_index(drop=True)
        return _PANELS[key]

    def values(
        self, snapshot: Snapshot, review_round: ReviewRound
    ) -> tuple[dict[tuple[str, int], float], frozenset[int]]:
        """Return the panel as ``{(iso3, year): value}`` and the years it has (cached).

        Country figures are looked up thousands of times per report (tables, the annex's
        coverage matrix); filtering the panel for each cost seconds.
        """
        key = self._cache_key(snapshot, review_round)
        if key not in _VALUES:
            df = self.panel(snapshot, review_round).drop_duplicates(["iso3", "year"])
            years = df["year"].astype(int)
            _VALUES[key] = (
                dict(
                    zip(zip(df["iso3"], years, strict=True), df["value"].astype(float), strict=True)
                ),
                frozenset(years),
            )
        return _VALUES[key]

    def source(self, snapshot: Snapshot, review_round: ReviewRound) -> str:
        """Return the source line: citation, series and vintage of each input, from the manifest."""
        paths: list[str] = []
        for src in self.sources:
            if isinstance(src, RawFile):
                paths.append(src.path)
                continue
            table = review_round.table(src[1:]) if src.startswith("@") else src
            paths.append(snapshot.manifest["tables"][table]["inputs"][0])
        # One line per publication: two roles read from one file are cited once.
        unique = list(dict.fromkeys(paths))
        return "; ".join(
            snapshot.input_line(path, self.series if n == 0 else "")
            for n, path in enumerate(unique)
        )


REGISTRY: dict[str, Indicator] = {}
_PANELS: dict[_Key, pd.DataFrame] = {}
_VALUES: dict[_Key, tuple[dict[tuple[str, int], float], frozenset[int]]] = {}


def indicator(
    id: str,
    title: str,
    label: str,
    unit: str,
    *,
    sources: Sequence[Source],
    series: str,
    convention: str,
    aggregation: Aggregation = "sum",
    objectives: Sequence[int] = (),
    sdg: str | None = None,
    scale: float = 1.0,
    note: str = "",
    caveat: str = "",
    world: Callable[[Snapshot], pd.DataFrame] | None = None,
) -> Callable[[Panel], Panel]:
    """Register the decorated panel function as an indicator."""

    def register(fn: Panel) -> Panel:
        if id in REGISTRY:
            raise ValueError(f"indicator {id!r} is registered twice")
        roles = [s[1:] for s in sources if isinstance(s, str) and s.startswith("@")]
        unknown = [r for r in roles if r not in ROUND_TABLES]
        if unknown:
            raise ValueError(f"indicator {id!r}: unknown round table role(s) {unknown}")
        REGISTRY[id] = Indicator(
            id=id,
            title=title,
            label=label,
            unit=unit,
            compute=fn,
            sources=tuple(sources),
            series=series,
            convention=CONVENTIONS[convention],
            aggregation=aggregation,
            objectives=tuple(objectives),
            sdg=sdg,
            scale=scale,
            # The caveat is part of the note, so the note alone says everything.
            note=" ".join(t for t in (note, caveat) if t),
            caveat=caveat,
            world=world,
        )
        return fn

    return register


# --- helpers -------------------------------------------------------------------------------


def _ratio(df: pd.DataFrame, num: str, den: str, scale: float) -> pd.DataFrame:
    df = df.dropna(subset=[num, den])
    df = df[df[den] > 0]
    return df.assign(num=df[num], den=df[den], value=scale * df[num] / df[den])[
        ["iso3", "year", "value", "num", "den"]
    ]


def stock_by_sex(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    """Return the round's migrant stock wide by sex: ``iso3, year, total, female, male``."""
    t = snapshot.table(review_round.table("migrant_stock"))
    wide = t.pivot_table(index=["iso3", "year"], columns="sex", values="value", aggfunc="first")
    return wide.reset_index()


def population(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    """Return the population the round's shares divide by: ``iso3, year, value``."""
    return snapshot.table(review_round.table("population"))[["iso3", "year", "value"]]


def _unhcr(snapshot: Snapshot, population_type: str, by: str = "asylum") -> pd.DataFrame:
    pop = snapshot.table("unhcr_population")
    sel = pop[pop["population_type"] == population_type]
    out = sel.groupby([by, "year"], as_index=False)["value"].sum()
    return out.rename(columns={by: "iso3"})


def _sdg(snapshot: Snapshot, series: str, **dims: str) -> pd.DataFrame:
    table = snapshot.table("sdg")
    sel = table[(table["series"] == series) & table["iso3"].notna()]
    for column, value in dims.items():
        sel = sel[sel[column] == value]
    return sel[["iso3", "year", "value"]].astype({"iso3": str})


def _sdg_world(series: str, **dims: str) -> Callable[[Snapshot], pd.DataFrame]:
    """Return a reader of the custodian's World aggregate (M49 area 1) of an SDG series."""

    def read(snapshot: Snapshot) -> pd.DataFrame:
        table = snapshot.table("sdg")
        sel = table[(table["series"] == series) & (table["geo_area"] == 1)]
        for column, value in dims.items():
            sel = sel[sel[column] == value]
        return sel[["year", "value"]].astype({"year": int, "value": float})

    return read


def _remittances(snapshot: Snapshot, flow: str) -> pd.DataFrame:
    rem = snapshot.table("wb_remittances")
    return rem[rem["flow"] == flow][["iso3", "year", "value"]]


# --- migrant stock (round-dependent: the round's IMS revision) ------------------------------

_IMS_NOTE = "Round 1 uses the IMS 2020 revision, round 2 the IMS 2024 revision."


@indicator(
    "migrant_stock",
    "International migrants (stock at mid-year)",
    "International migrants",
    "persons",
    sources=("@migrant_stock",),
    series="total migrant stock at mid-year",
    convention="undesa",
    note=_IMS_NOTE,
)
def _migrant_stock(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = stock_by_sex(snapshot, review_round)
    return df.assign(value=df["total"])[["iso3", "year", "value"]]


@indicator(
    "migrant_share_pct",
    "International migrants as a share of the population",
    "Migrants, % of population",
    "percent",
    sources=("@migrant_stock", "@population"),
    series="migrant stock over total population",
    convention="undesa",
    aggregation="ratio",
    scale=100.0,
    note="Ratio of sums over the areas with both a migrant stock and a population estimate.",
)
def _migrant_share(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = stock_by_sex(snapshot, review_round).merge(
        population(snapshot, review_round).rename(columns={"value": "population"}),
        on=["iso3", "year"],
    )
    return _ratio(df, "total", "population", 100.0)


@indicator(
    "female_share_pct",
    "Women and girls among international migrants",
    "Women and girls among migrants",
    "percent",
    sources=("@migrant_stock",),
    series="female migrant stock over total migrant stock",
    convention="undesa",
    aggregation="ratio",
    scale=100.0,
)
def _female_share(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _ratio(stock_by_sex(snapshot, review_round), "female", "total", 100.0)


@indicator(
    "emigrant_stock",
    "People born in the country living in another country (emigrants, mid-year)",
    "Emigrants",
    "persons",
    sources=("@migrant_origin_destination",),
    series="migrant stock by country of birth",
    convention="undesa",
    objectives=(19,),
    note="By country of birth, all countries of residence; the region's diaspora. World: all "
    "international migrants, unknown country of birth included.",
)
def _emigrant_stock(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    od = snapshot.table(review_round.table("migrant_origin_destination"))
    # A migrant lives outside their country of birth; the filter guards against a revision
    # listing natives in the origin × destination table.
    od = od[od["origin"] != od["dest"]]
    out = od.groupby(["origin", "year"], observed=True, as_index=False)["value"].sum()
    return out.rename(columns={"origin": "iso3"}).astype({"value": "float64"})


# --- international protection (UNHCR, UNRWA) -------------------------------------------------


@indicator(
    "refugees_hosted",
    "Refugees under UNHCR's mandate hosted (end of year)",
    "Refugees (UNHCR mandate)",
    "persons",
    sources=(unhcr.POPULATION,),
    series="refugees under UNHCR's mandate, by country of asylum",
    convention="unhcr",
)
def _refugees_hosted(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "refugees")


@indicator(
    "palestine_refugees_unrwa",
    "Palestine refugees under UNRWA's mandate (end of year)",
    "Palestine refugees (UNRWA)",
    "persons",
    sources=(unhcr.UNRWA,),
    series="registered Palestine refugees, by field of operation",
    convention="unrwa",
)
def _unrwa(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    table = snapshot.table("unhcr_unrwa")
    out = table.groupby(["asylum", "year"], as_index=False)["value"].sum()
    return out.rename(columns={"asylum": "iso3"})


@indicator(
    "other_in_need_of_protection",
    "Other people in need of international protection (end of year)",
    "Others in need of protection",
    "persons",
    sources=(unhcr.POPULATION,),
    series="other people in need of international protection (reported since 2018), "
    "by country of asylum",
    convention="unhcr",
    note="People outside their country who need international protection but are not reported "
    "as refugees or asylum-seekers, mainly Venezuelans in Latin America and the Caribbean.",
    caveat="Until end-2024 UNHCR reported this population for people from Venezuela only; at "
    "end-2025 it also reports it in the Islamic Republic of Iran, Pakistan and Central Asia, so "
    "zeros outside Latin America and the Caribbean at end-2024 reflect UNHCR's classification "
    "that year.",
)
def _oip(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "oip")


@indicator(
    "people_in_need_of_protection",
    "Refugees and others in need of international protection (UNHCR, UNRWA; end of year)",
    "In need of international protection",
    "persons",
    sources=(unhcr.POPULATION, unhcr.UNRWA),
    series="refugees under UNHCR's mandate + Palestine refugees under UNRWA's mandate + other "
    "people in need of international protection",
    convention="unhcr",
    note="The three populations UNHCR's Global Trends counts as in need of international "
    "protection besides asylum-seekers.",
)
def _protection_total(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    parts = [
        _refugees_hosted(snapshot, review_round),
        _unrwa(snapshot, review_round),
        _oip(snapshot, review_round),
    ]
    return pd.concat(parts).groupby(["iso3", "year"], as_index=False)["value"].sum()


@indicator(
    "asylum_seekers_hosted",
    "Asylum-seekers with pending claims (end of year)",
    "Asylum-seekers",
    "persons",
    sources=(unhcr.POPULATION,),
    series="asylum-seekers, by country of asylum",
    convention="unhcr",
    objectives=(12,),
)
def _asylum_seekers(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "asylum_seekers")


@indicator(
    "refugees_by_origin_per_100k",
    "Refugees from the country per 100,000 of its population (SDG 10.7.4)",
    "Refugees by origin per 100,000",
    "per 100,000 population",
    sources=(sdg.SM_POP_REFG_OR, worldbank.WDI_POPULATION),
    series="",
    convention="sdg",
    aggregation="ratio",
    objectives=(2,),
    sdg="10.7.4",
    scale=100_000.0,
    note="Regional value: refugees from the members over their total population (ratio of "
    "sums, the custodian's method for its regions); world: the custodian's World aggregate.",
    world=_sdg_world("SM_POP_REFG_OR"),
)
def _refugees_per_100k(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    rate = _sdg(snapshot, "SM_POP_REFG_OR")
    pop = snapshot.table("wdi_population")[["iso3", "year", "value"]]
    df = rate.merge(pop, on=["iso3", "year"], suffixes=("", "_pop"))
    return df.assign(num=df["value"] * df["value_pop"] / 100_000, den=df["value_pop"])[
        ["iso3", "year", "value", "num", "den"]
    ]


@indicator(
    "idps_conflict",
    "Internally displaced people of concern to UNHCR (end of year)",
    "IDPs of concern to UNHCR",
    "persons",
    sources=(unhcr.POPULATION,),
    series="internally displaced people, by country",
    convention="unhcr",
    objectives=(2,),
    note="People displaced by conflict inside their country whom UNHCR protects or assists.",
)
def _idps(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "idps")


@indicator(
    "internal_displacements",
    "New internal displacements during the year, conflict and disasters (IDMC)",
    "Internal displacements",
    "movements",
    sources=(idmc.IDMC_FLOWS,),
    series="internal displacements (flows), all causes",
    convention="idmc",
    objectives=(2,),
)
def _internal_displacements(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = snapshot.table("idmc_displacements")
    return df.groupby(["iso3", "year"], as_index=False)["value"].sum().astype({"value": float})


@indicator(
    "stateless_people",
    "Stateless people (end of year, UNHCR)",
    "Stateless people",
    "persons",
    sources=(unhcr.POPULATION,),
    series="stateless people, by country",
    convention="unhcr",
    objectives=(4,),
    caveat="UNHCR's statelessness figures cover only the countries that report them, and many "
    "report none: a regional total is a lower bound, and a rise can be more countries reporting.",
)
def _stateless(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _unhcr(snapshot, "stateless")


# --- pathways, procedures, solutions (objectives 5, 12, 16) ---------------------------------


@indicator(
    "refugees_resettled",
    "Refugees resettled into the country during the year",
    "Refugees resettled",
    "persons",
    sources=(unhcr.SOLUTIONS,),
    series="resettlement arrivals, by country of resettlement",
    convention="unhcr",
    objectives=(5,),
)
def _resettled(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    sol = snapshot.table("unhcr_solutions")
    sel = sol[sol["solution_type"] == "resettlement"]
    out = sel.groupby(["asylum", "year"], as_index=False)["value"].sum()
    return out.rename(columns={"asylum": "iso3"})


@indicator(
    "asylum_protection_rate_pct",
    "Share of substantive asylum decisions granting protection",
    "Asylum protection rate",
    "percent",
    sources=(unhcr.ASYLUM_DECISIONS,),
    series="positive decisions (recognized and other) over substantive decisions "
    "(recognized, other and rejected)",
    convention="unhcr_asylum",
    aggregation="ratio",
    objectives=(12,),
    scale=100.0,
    note="Recognised + complementary protection over those plus rejections; closed files "
    "excluded; cases and persons summed as published.",
)
def _protection_rate(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    dec = snapshot.table("unhcr_asylum_decisions")
    g = dec.groupby(["asylum", "year"], as_index=False)[["recognized", "other", "rejected"]].sum()
    g = g.assign(num=g["recognized"] + g["other"], den=g["recognized"] + g["other"] + g["rejected"])
    return _ratio(g.rename(columns={"asylum": "iso3"}), "num", "den", 100.0)


@indicator(
    "refugees_returned",
    "Refugees returned to the country during the year",
    "Refugees returned",
    "persons",
    sources=(unhcr.SOLUTIONS,),
    series="returned refugees, by country of origin",
    convention="unhcr",
    note="Refugees' return is a durable solution under the Global Compact on Refugees, not the "
    "return of migrants of GCM objective 21: context, under no objective.",
)
def _returned(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    sol = snapshot.table("unhcr_solutions")
    sel = sol[sol["solution_type"] == "returned_refugees"]
    out = sel.groupby(["origin", "year"], as_index=False)["value"].sum()
    return out.rename(columns={"origin": "iso3"})


@indicator(
    "refugees_naturalised",
    "Refugees naturalized in the country during the year",
    "Refugees naturalized",
    "persons",
    sources=(unhcr.SOLUTIONS,),
    series="naturalizations, by country of asylum",
    convention="unhcr",
    objectives=(16,),
    note="Naturalisation of refugees, the end point of local integration: the only inclusion "
    "outcome in the current data, and for refugees only.",
)
def _naturalised(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    sol = snapshot.table("unhcr_solutions")
    sel = sol[sol["solution_type"] == "naturalisation"]
    out = sel.groupby(["asylum", "year"], as_index=False)["value"].sum()
    return out.rename(columns={"asylum": "iso3"})


# --- lives (objective 8) --------------------------------------------------------------------


@indicator(
    "dead_and_missing",
    "Migrants recorded dead or missing in the country (SDG 10.7.3)",
    "Migrants dead or missing",
    "persons",
    sources=(iom_mmp.RAW,),
    series="total number of dead and missing, by country of incident",
    convention="iom_mmp",
    objectives=(8,),
    sdg="10.7.3",
    note="By country of incident; deaths at sea with no country count only in the world total.",
    caveat="Recorded deaths and disappearances are a lower bound of the true number.",
)
def _dead_missing(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    inc = snapshot.table("iom_mmp_incidents").dropna(subset=["year"])
    # Incidents without a country (at sea) belong to the world total only: "UNK" keeps them.
    inc = inc.assign(iso3=inc["country_iso3"].fillna("UNK"))
    out = inc.groupby(["iso3", "year"], as_index=False)["dead_and_missing"].sum()
    return out.rename(columns={"dead_and_missing": "value"}).astype({"year": "int16"})


# --- recruitment (objective 6), policies (objective 23) -------------------------------------


@indicator(
    "recruitment_cost_months",
    "Recruitment cost borne by employees, months of earnings (SDG 10.7.1)",
    "Recruitment cost",
    "months of earnings",
    sources=(sdg.SL_EMP_RCOST_MO,),
    series="",
    convention="sdg",
    aggregation="mean",
    objectives=(6,),
    sdg="10.7.1",
    note="Simple mean over members with data; the custodians publish no aggregate.",
)
def _recruitment_cost(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _sdg(snapshot, "SL_EMP_RCOST_MO", sex="bothsex")


@indicator(
    "migration_policies_pct",
    "Countries whose migration policies meet or fully meet the criteria (SDG 10.7.2)",
    "Migration policies meeting the criteria",
    "% of countries",
    sources=(sdg.SG_CPA_MIGRS, sdg.SG_CPA_MIGRP),
    series="",
    convention="sdg",
    aggregation="ratio",
    objectives=(23,),
    sdg="10.7.2",
    scale=100.0,
    note="All six policy domains; a country counts when its score is 3 (meets) or 4 (fully "
    "meets). Regional value: share of members with a score (the custodian's method); world: "
    "the custodian's World aggregate (series SG_CPA_MIGRP).",
    world=_sdg_world("SG_CPA_MIGRP", policy_domains="alldomains"),
)
def _policies(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    df = _sdg(snapshot, "SG_CPA_MIGRS", policy_domains="alldomains")
    meets = (df["value"] >= 3).astype(float)
    return df.assign(num=meets, den=1.0, value=100 * meets)[["iso3", "year", "value", "num", "den"]]


# --- remittances (objective 20) -------------------------------------------------------------


@indicator(
    "remittances_received_usd",
    "Personal remittances received",
    "Remittances received",
    "US$",
    sources=(worldbank.WDI_REMITTANCES_RECEIVED,),
    series="",
    convention="worldbank",
    objectives=(20,),
)
def _remittances_received(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _remittances(snapshot, "received")


@indicator(
    "remittances_paid_usd",
    "Personal remittances paid",
    "Remittances paid",
    "US$",
    sources=(worldbank.IOM_WDI,),
    series="personal remittances paid (BM.TRF.PWKR.CD.DT)",
    convention="worldbank",
    objectives=(20,),
)
def _remittances_paid(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _remittances(snapshot, "paid")


@indicator(
    "remittances_gdp_pct",
    "Personal remittances received as a share of GDP (SDG 17.3.2)",
    "Remittances, % of GDP",
    "percent",
    sources=(worldbank.WDI_REMITTANCES_RECEIVED, worldbank.IOM_WDI),
    series="",
    convention="worldbank",
    aggregation="ratio",
    objectives=(20,),
    sdg="17.3.2",
    scale=100.0,
    note="Ratio of sums (the World Bank's aggregation method) over members with both figures.",
)
def _remittances_gdp(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    gdp = snapshot.table("wb_gdp")[["iso3", "year", "value"]].rename(columns={"value": "gdp"})
    df = _remittances(snapshot, "received").merge(gdp, on=["iso3", "year"])
    return _ratio(df, "value", "gdp", 100.0)


@indicator(
    "remittance_cost_pct",
    "Average cost of sending US$200 to the country (SDG 10.c.1)",
    "Cost of sending US$200",
    "percent",
    sources=(sdg.SI_RMT_COST,),
    series="",
    convention="sdg",
    aggregation="mean",
    objectives=(20,),
    sdg="10.c.1",
    note="Regional value: simple mean of the members' averages (the custodian averages "
    "corridors and publishes no commission aggregate); world: the custodian's global average. "
    "SDG target 10.c: below 3% by 2030.",
    world=_sdg_world("SI_RMT_COST"),
)
def _remittance_cost(snapshot: Snapshot, review_round: ReviewRound) -> pd.DataFrame:
    return _sdg(snapshot, "SI_RMT_COST")
