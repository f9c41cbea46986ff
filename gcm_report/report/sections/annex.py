"""Section: the country annex and the data-coverage matrix, so gaps are visible by country."""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.migration import country_stat
from gcm_report.analysis.statistics import Stat
from gcm_report.report.blocks import Block, Column, Prose, Table
from gcm_report.report.context import ReportContext
from gcm_report.report.format import MISSING, collation_key, members_noun
from gcm_report.report.i18n import N_, _
from gcm_report.report.narrative import join

TITLE = N_("Country annex")

# Remittances from this share of GDP on are footnoted with the World Bank's definition.
HIGH_REMITTANCES_PCT = 20.0

ANNEX = (
    "migrant_stock",
    "migrant_share_pct",
    "people_in_need_of_protection",
    "remittances_gdp_pct",
    "dead_and_missing",
)


def _publishers(ids: list[str]) -> list[str]:
    """Return the publishers, among these indicators', whose absent rows count as zero."""
    return list(
        dict.fromkeys(REGISTRY[i].convention.publisher for i in ids if REGISTRY[i].absent_is_zero)
    )


def country_annex(ctx: ReportContext) -> Block:
    """Return one row per member with the key indicators, each for the region's year."""
    years = {i: ctx.stat(i).year for i in ANNEX}
    zero = [i for i in ANNEX if REGISTRY[i].absent_is_zero]
    rows: list[dict[str, Any]] = []
    for m in sorted(ctx.members, key=lambda m: collation_key(ctx.name(m.iso3))):
        name = ctx.name(m.iso3)
        if not m.in_region:
            name = _("{name} (outside region, not summed)").format(name=name)
        row: dict[str, Any] = {"name": name, "status": _(m.status)}
        for i in ANNEX:
            year = years[i]
            row[i] = country_stat(i, ctx.snapshot, ctx.round, m.iso3, year) if year else MISSING
        rows.append(row)
    # Remittances of a fifth of GDP or more: the World Bank's "personal remittances" include
    # compensation of employees, so a high-income area (Bermuda, 25.0%) can top the column
    # beside El Salvador or Honduras for another reason than migrants' transfers home.
    high = [
        row["name"]
        for row in rows
        if isinstance(row["remittances_gdp_pct"], Stat)
        and (row["remittances_gdp_pct"].value or 0) >= HIGH_REMITTANCES_PCT
    ]
    columns = [Column("name", _("Member"), width=3), Column("status", _("Status"))] + [
        Column(i, f"{_(REGISTRY[i].label)} ({years[i] or MISSING})", numeric=True) for i in ANNEX
    ]
    return Table(
        rows,
        columns,
        caption=_("Country annex: {members} of the {name}").format(
            members=members_noun(ctx.area), name=ctx.commission_name()
        ),
        source="; ".join(dict.fromkeys(ctx.source(i) for i in ANNEX)),
        note=_(
            "Each column is for the year of the regional value; – means no value, and 0 in the "
            "columns {columns} means none recorded ({publishers} print no row where they count "
            "no one)."
        ).format(
            columns=join([f"“{_(REGISTRY[i].label)}”" for i in zero]),
            publishers=join(_publishers(zero)),
        )
        + (
            " "
            + _(
                "Remittances of {pct}% of GDP or more ({names}): the World Bank's personal "
                "remittances comprise personal transfers and compensation of employees, "
                "including residents employed by non-resident entities, so a high share need "
                "not be migrants' transfers home."
            ).format(pct=f"{HIGH_REMITTANCES_PCT:.0f}", names=join(high))
            if high
            else ""
        ),
    )


def coverage_matrix(ctx: ReportContext) -> Block:
    """Return the data-coverage matrix: member × indicator, • with data, – without."""
    ids = list(REGISTRY)
    rows = []
    for m in sorted(ctx.members, key=lambda m: collation_key(ctx.name(m.iso3))):
        if not m.in_region:
            continue
        row: dict[str, Any] = {"name": ctx.name(m.iso3)}
        for n, i in enumerate(ids, start=1):
            stat = ctx.stat(i)
            year = stat.year
            value = (
                country_stat(i, ctx.snapshot, ctx.round, m.iso3, year).value
                if year is not None
                else None
            )
            # A zero where the publisher prints no row for none is no record, not a measure:
            # "0" tells it from a value ("•") and from a gap ("–").
            row[f"i{n}"] = MISSING if value is None else ("0" if value == 0 else "•")
        rows.append(row)
    columns = [Column("name", _("Member"), width=6)] + [
        Column(f"i{n}", str(n)) for n in range(1, len(ids) + 1)
    ]
    legend = "; ".join(f"{n} {_(REGISTRY[i].label)}" for n, i in enumerate(ids, start=1))
    return Table(
        rows,
        columns,
        caption=_("Data coverage: {members} in the region × indicators, {region}").format(
            members=members_noun(ctx.area), region=ctx.region_phrase()
        ),
        source=_("the publications listed under sources and methods, for each indicator"),
        note=_(
            "• value for the year of the regional statistic; 0 none recorded ({publishers} print "
            "no row where they count no one, and the country counts as zero); – no value. "
            "Columns: {legend}."
        ).format(legend=legend, publishers=join(_publishers(ids))),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the annex tables."""
    intro = Prose(
        _(
            "One row per member or associate member of the commission, and the data-coverage "
            "matrix, so that gaps are visible country by country."
        )
    )
    return [intro, country_annex(ctx), coverage_matrix(ctx)]
