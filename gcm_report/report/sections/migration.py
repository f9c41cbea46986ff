"""Section: migration in the region — trend since 1990, map, top destinations and origins."""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.flows import RegionalFlows
from gcm_report.analysis.migration import top_destinations, trend
from gcm_report.report.blocks import Block, Chart, Column, Table, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_stat
from gcm_report.report.i18n import _
from gcm_report.report.maps import migrant_share_map

TITLE = _("Migration in the region")


def trend_summary(ctx: ReportContext) -> Block:
    """Return one paragraph describing the trend in words."""
    stock = trend("migrant_stock", ctx.snapshot, ctx.round, ctx.area)
    share = trend("migrant_share_pct", ctx.snapshot, ctx.round, ctx.area)
    return prose(
        _(
            "Between {first_year} and {last_year} the number of international migrants living "
            "in {region} went from {first} to {last}; their share of the population went from "
            "{first_share} to {last_share} (UN DESA, {revision})."
        ),
        first_year=stock[0].year,
        last_year=stock[-1].year,
        region=ctx.commission.region_phrase,
        first=stock[0],
        last=stock[-1],
        first_share=share[0],
        last_share=share[-1],
        revision=ctx.round.revision,
    )


def trend_chart(ctx: ReportContext) -> Block:
    """Return the line chart of the regional migrant stock, first year → reference year."""
    import altair as alt

    points = trend("migrant_stock", ctx.snapshot, ctx.round, ctx.area)
    data = [{"year": p.year, "migrant_stock": p.value} for p in points]
    first, last = points[0], points[-1]
    region = ctx.commission.region_name
    description = _(
        "Line chart of the international migrant stock in {region} ({code} members in the "
        "region), {first_year} to {last_year}: from {first} in {first_year} to {last} in "
        "{last_year}."
    ).format(
        region=region,
        code=ctx.area,
        first_year=first.year,
        last_year=last.year,
        first=fmt_stat(first),
        last=fmt_stat(last),
    )
    hover = alt.selection_point(on="pointerover", nearest=True, fields=["year"], empty=False)
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(
            "year:Q",
            title=None,
            axis=alt.Axis(format="d", values=[int(p.year or 0) for p in points]),
        ),
        y=alt.Y("migrant_stock:Q", title=_("International migrants"), axis=alt.Axis(format="~s")),
    )
    line = base.mark_line(strokeWidth=2.5)
    dots = (
        base.mark_point(filled=True, size=60)
        .encode(
            opacity=alt.condition(hover, alt.value(1), alt.value(0.6)),
            tooltip=[
                alt.Tooltip("year:Q", title=_("Year"), format="d"),
                alt.Tooltip("migrant_stock:Q", title=_("Migrants"), format=",.0f"),
            ],
        )
        .add_params(hover)
    )
    title = alt.Title(
        _("International migrants in {region}, {first}–{last}").format(
            region=region, first=first.year, last=last.year
        ),
        subtitle=_("Mid-year stock, persons. Source: {source}.").format(source=first.source),
    )
    chart = (line + dots).properties(title=title, width="container", description=description)
    return Chart(chart, tuple(points))


def destinations_table(ctx: ReportContext) -> Block:
    """Return the members hosting the most migrants in the reference year."""
    rows: list[dict[str, Any]] = top_destinations(ctx.snapshot, ctx.round, ctx.area, ctx.top_n)
    for row in rows:
        row["name"] = ctx.name(str(row["iso3"]))
    year, prev = ctx.round.reference_year, ctx.round.previous_reference_year
    columns = [
        Column("name", _("Country or area"), width=3),
        Column("migrant_stock", _("Migrants, {year}").format(year=year), numeric=True),
        Column("regional_share_pct", _("Share of region's migrants"), numeric=True),
        Column("migrant_share_pct", _("% of population"), numeric=True),
        Column("female_share_pct", _("% female"), numeric=True),
        Column(
            "migrant_stock_change_pct",
            _("Change {prev}–{year}").format(prev=prev, year=year),
            lambda s: fmt_stat(s, signed=True),
            numeric=True,
        ),
    ]
    return Table(
        rows,
        columns,
        caption=_("Top {n} destination countries in {region}, {year}").format(
            n=len(rows), region=ctx.commission.region_name, year=year
        ),
        source=ctx.source("migrant_share_pct"),
        note=_("Persons at mid-year ({revision}); – means no estimate.").format(
            revision=ctx.round.revision
        ),
    )


def origins_table(ctx: ReportContext) -> Block:
    """Return the countries of birth of most migrants living in the region."""
    flows = RegionalFlows(ctx.area, ctx.round, ctx.snapshot)
    rows: list[dict[str, Any]] = flows.top_origins(ctx.top_n).to_dict("records")
    for row in rows:
        row["name"] = ctx.name(row["origin"])
        row["where"] = _("in the region") if row["in_region"] else _("outside")
    year = ctx.round.reference_year
    return Table(
        rows,
        [
            Column("name", _("Country of birth"), width=3),
            Column("persons", _("Migrants in the region, {year}").format(year=year), numeric=True),
            Column("share", _("Share of region's migrants"), numeric=True),
            Column("where", _("Country of birth is")),
        ],
        caption=_("Top {n} countries of birth of migrants in {region}, {year}").format(
            n=len(rows), region=ctx.commission.region_name, year=year
        ),
        source=flows.source,
        note=_("Persons at mid-year; unknown origins are not ranked."),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the section's blocks."""
    return [
        trend_summary(ctx),
        trend_chart(ctx),
        *migrant_share_map(ctx),
        destinations_table(ctx),
        origins_table(ctx),
    ]
