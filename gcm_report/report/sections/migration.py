"""Section: migration in the region — trend since 1990, map, sex, subregions, destinations."""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.breakdowns import migrants_by_sex
from gcm_report.analysis.flows import RegionalFlows, born_in_living_in
from gcm_report.analysis.migration import top_destinations, trend
from gcm_report.analysis.statistics import WORLD, Stat
from gcm_report.analysis.subregions import SubregionTrend, subregion_trends
from gcm_report.report import chartkit
from gcm_report.report.blocks import Block, Chart, Column, Prose, Table, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_stat, members_noun
from gcm_report.report.i18n import N_, _
from gcm_report.report.maps import migrant_share_map
from gcm_report.report.style import PALETTE

TITLE = N_("Migration in the region")


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
        region=ctx.region_phrase(),
        first=stock[0],
        last=stock[-1],
        first_share=share[0],
        last_share=share[-1],
        revision=_(ctx.round.revision),
    )


def trend_chart(ctx: ReportContext) -> Block:
    """Return the line chart of the regional migrant stock, first year → reference year."""
    import altair as alt

    points = trend("migrant_stock", ctx.snapshot, ctx.round, ctx.area)
    data = [{"year": p.year, "migrant_stock": p.value} for p in points]
    first, last = points[0], points[-1]
    region = ctx.region_phrase()
    description = _(
        "Line chart of the international migrant stock in {region} ({code} {members} in the "
        "region), {first_year} to {last_year}: from {first} in {first_year} to {last} in "
        "{last_year}."
    ).format(
        region=region,
        code=ctx.area,
        members=members_noun(ctx.area),
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
        y=alt.Y(
            "migrant_stock:Q",
            title=_("International migrants"),
            axis=alt.Axis(labelExpr=chartkit.count_labels()),
        ),
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
    title = chartkit.title(
        _("International migrants in {region}, {first}–{last}").format(
            region=region, first=first.year, last=last.year
        ),
        _("Mid-year stock, persons. Source: {source}.").format(source=first.source),
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
            n=len(rows), region=ctx.region_phrase(), year=year
        ),
        source=ctx.source("migrant_share_pct"),
        note=_("Persons at mid-year ({revision}); – means no estimate.").format(
            revision=_(ctx.round.revision)
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
            n=len(rows), region=ctx.region_phrase(), year=year
        ),
        source=flows.source,
        note=_("Persons at mid-year; unknown origins are not ranked."),
    )


# --- migrants by sex --------------------------------------------------------------------------


def sex_summary(ctx: ReportContext) -> Block:
    """Return the region's migrants by sex in the reference year and first year, in words."""
    rows = migrants_by_sex(ctx.snapshot, ctx.round, ctx.area)
    first, last = rows[0], rows[-1]
    return prose(
        _(
            "In {year}, {female} of the {total} international migrants living in {region} "
            "were women and girls ({share}) and {male} men and boys; in {first_year}, women "
            "and girls were {first_share} of the region's migrants. Worldwide, women and girls "
            "were {world} of international migrants in {year} (UN DESA, {revision})."
        ),
        year=last.year,
        female=last.female,
        total=last.total,
        region=ctx.region_phrase(),
        share=last.female_share,
        male=last.male,
        first_year=first.year,
        first_share=first.female_share,
        world=ctx.stat("female_share_pct", WORLD),
        revision=_(ctx.round.revision),
    )


def sex_table(ctx: ReportContext) -> Block:
    """Return the region's migrants by sex in every year of the revision, with the world."""
    world = {p.year: p for p in trend("female_share_pct", ctx.snapshot, ctx.round, WORLD)}
    rows: list[dict[str, Any]] = [
        {
            "year": str(r.year),
            "female": r.female,
            "male": r.male,
            "total": r.total,
            "share": r.female_share,
            "world": world[r.year],
        }
        for r in migrants_by_sex(ctx.snapshot, ctx.round, ctx.area)
    ]
    first, last = rows[0]["year"], rows[-1]["year"]
    return Table(
        rows,
        [
            Column("year", _("Year")),
            Column("female", _("Women and girls"), numeric=True),
            Column("male", _("Men and boys"), numeric=True),
            Column("total", _("All migrants"), numeric=True),
            Column("share", _("% women and girls"), numeric=True),
            Column("world", _("World, % women and girls"), numeric=True),
        ],
        caption=_("International migrants in {region} by sex, {first}–{last}").format(
            region=ctx.region_phrase(), first=first, last=last
        ),
        source=ctx.snapshot.source_line(ctx.round.table("migrant_stock")),
        note=_(
            "Persons at mid-year ({revision}), living in the {code} {members} located in the "
            "region; women and girls and men and boys add up to all migrants."
        ).format(revision=_(ctx.round.revision), code=ctx.area, members=members_noun(ctx.area)),
    )


# --- subregions ------------------------------------------------------------------------------

# Ten colours for up to ten subregions (ESCAP has ten): the report palette without black and
# yellow (too heavy and too faint as bar fills), then three more colour-blind-safe hues.
SUBREGION_COLOURS = [c for c in PALETTE if c not in ("#000000", "#F0E442")] + [
    "#999999",
    "#882255",
    "#44AA99",
    "#DDCC77",
]


def _subregion_label(ctx: ReportContext, trend_: SubregionTrend) -> str:
    """Return a subregion's name, with its member's name when it has only one."""
    name = _(trend_.subregion.name)
    if len(trend_.subregion.members) == 1:
        (only,) = trend_.subregion.members
        return f"{name} ({ctx.name(only)})"
    return name


def subregion_summary(ctx: ReportContext) -> Block:
    """Return the largest subregion's share and the largest increase since the first year."""
    trends = subregion_trends(ctx.snapshot, ctx.round, ctx.area)
    top = trends[0]
    grew = max(trends, key=lambda t: (t.stock[-1].value or 0) - (t.stock[0].value or 0))
    first = prose(
        _(
            "Grouped by UN M49 subregion, {name} hosted {share} of the international migrants "
            "living in {region} in {year} ({persons} persons), against {share_first} in "
            "{first_year}."
        ),
        name=_subregion_label(ctx, top),
        share=top.regional_share[-1],
        region=ctx.region_phrase(),
        year=top.stock[-1].year,
        persons=top.stock[-1],
        share_first=top.regional_share[0],
        first_year=top.stock[0].year,
    )
    second = prose(
        _("It also had the largest increase since {first_year}: from {before} to {after}.")
        if grew is top
        else _(
            "The largest increase since {first_year} was in {name}: from {before} to {after} "
            "migrants."
        ),
        first_year=grew.stock[0].year,
        name=_subregion_label(ctx, grew),
        before=grew.stock[0],
        after=grew.stock[-1],
    )
    return Prose(f"{first.text} {second.text}", (*first.figures, *second.figures))


def subregion_chart(ctx: ReportContext) -> Block:
    """Return stacked bars of the migrant stock by subregion, every year of the revision."""
    import altair as alt

    trends = subregion_trends(ctx.snapshot, ctx.round, ctx.area)
    names = [_subregion_label(ctx, t) for t in trends]
    data = [
        {
            "subregion": name,
            "order": i,
            "year": str(stock.year),
            "persons": stock.value,
            "share": share.value,
        }
        for i, (name, t) in enumerate(zip(names, trends, strict=True))
        for stock, share in zip(t.stock, t.regional_share, strict=True)
    ]
    totals = trend("migrant_stock", ctx.snapshot, ctx.round, ctx.area)
    labels = [
        {"year": str(p.year), "persons": p.value, "text": chartkit.compact(p.value)} for p in totals
    ]
    first, last = trends[0].stock[0].year, trends[0].stock[-1].year
    region = ctx.region_phrase()
    description = _(
        "Stacked bar chart of the international migrants living in {region} by UN M49 "
        "subregion, {first} to {last}. In {last}: {shares}."
    ).format(
        region=region,
        first=first,
        last=last,
        shares="; ".join(
            f"{n} {fmt_stat(t.stock[-1])} ({fmt_stat(t.regional_share[-1])})"
            for n, t in zip(names, trends, strict=True)
        ),
    )
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y(
                "sum(persons):Q",
                title=_("International migrants"),
                axis=alt.Axis(labelExpr=chartkit.count_labels()),
            ),
            color=alt.Color(
                "subregion:N",
                title=None,
                sort=names,
                scale=alt.Scale(domain=names, range=SUBREGION_COLOURS[: len(names)]),
                legend=alt.Legend(orient="bottom", columns=min(3, len(names)), labelLimit=0),
            ),
            order=alt.Order("order:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("subregion:N", title=_("Subregion")),
                alt.Tooltip("year:O", title=_("Year")),
                alt.Tooltip("persons:Q", title=_("Migrants"), format=",.0f"),
                alt.Tooltip("share:Q", title=_("Share of region's migrants, %"), format=".1f"),
            ],
        )
    )
    text = (
        alt.Chart(alt.Data(values=labels))
        .mark_text(dy=-6, fontSize=10, baseline="bottom")
        .encode(x=x, y=alt.Y("persons:Q"), text="text:N")
    )
    chart = (bars + text).properties(
        title=chartkit.title(
            _("International migrants in {region} by subregion, {first}–{last}").format(
                region=region, first=first, last=last
            ),
            _(
                "Mid-year stock, persons (k = thousand, M = million); UN M49 subregions of the "
                "{members} located in the region. Source: {source}."
            ).format(members=members_noun(ctx.area), source=trends[0].stock[0].source),
        ),
        width="container",
        height=260,
        description=description,
    )
    figures = [s for t in trends for s in (*t.stock, *t.regional_share)]
    return Chart(chart, (*figures, *totals))


def subregion_table(ctx: ReportContext) -> Block:
    """Return each subregion's members, migrants first year and reference year, and shares."""
    trends = subregion_trends(ctx.snapshot, ctx.round, ctx.area)
    first, last = trends[0].stock[0].year, trends[0].stock[-1].year
    rows: list[dict[str, Any]] = [
        {
            "name": _subregion_label(ctx, t),
            "members": t.members,
            "first": t.stock[0],
            "last": t.stock[-1],
            "share_first": t.regional_share[0],
            "share_last": t.regional_share[-1],
            "population": t.population_share[-1],
        }
        for t in trends
    ]
    levels = sorted({t.subregion.level for t in trends})
    return Table(
        rows,
        [
            Column("name", _("Subregion (UN M49)"), width=3),
            Column("members", _("Members"), numeric=True),
            Column("first", _("Migrants, {year}").format(year=first), numeric=True),
            Column("last", _("Migrants, {year}").format(year=last), numeric=True),
            Column("share_first", _("% of region, {year}").format(year=first), numeric=True),
            Column("share_last", _("% of region, {year}").format(year=last), numeric=True),
            Column("population", _("% of population, {year}").format(year=last), numeric=True),
        ],
        caption=_("International migrants in {region} by subregion, {first} and {last}").format(
            region=ctx.region_phrase(), first=first, last=last
        ),
        source=ctx.source("migrant_share_pct"),
        note=_(
            "Persons at mid-year ({revision}); % of region: share of the region's migrants. "
            "The {members} located in the region, grouped by their "
            "UN M49 sub-region{intermediate}; members located outside the region are not "
            "summed. – means no estimate."
        ).format(
            revision=_(ctx.round.revision),
            members=members_noun(ctx.area),
            intermediate=_(", or intermediate region where M49 divides the sub-region")
            if "intermediate region" in levels
            else "",
        ),
    )


def estimates_note(ctx: ReportContext) -> Block:
    """Return how to read UN DESA's estimates, with the caveats that matter for the region."""
    texts = [
        _(
            "**How to read these estimates.** UN DESA counts migrants by country of birth where "
            "censuses and registers allow, by citizenship elsewhere, and adds refugees where a "
            "country's data leave them out; each revision re-estimates the whole series."
        )
    ]
    figures: list[Stat] = []
    year, prev = ctx.round.reference_year, ctx.round.previous_reference_year
    region = ctx.region_iso3
    if "USA" in region or "PRI" in region:
        stat = born_in_living_in(ctx.snapshot, ctx.round, "PRI", frozenset({"USA"}), year)
        if stat.value:
            counted = (
                _("in the region's migrant stock")
                if "USA" in region
                else _("among the region's emigrants")
            )
            block = prose(
                _(
                    "UN DESA counts Puerto Rico as an area of its own: the {n} people born in "
                    "Puerto Rico living in the United States are international migrants in "
                    "these estimates, counted {counted} ({year})."
                ),
                n=stat,
                counted=counted,
                year=year,
            )
            texts.append(block.text)
            figures += block.figures
    if "UKR" in region and year >= 2022:
        others = frozenset(region - {"UKR"})
        now = born_in_living_in(ctx.snapshot, ctx.round, "UKR", others, year)
        before = born_in_living_in(ctx.snapshot, ctx.round, "UKR", others, prev)
        if now.value and before.value:
            block = prose(
                _(
                    "The {revision} counts people who left Ukraine after February 2022 in "
                    "their host countries' migrant stock: {now} people born in Ukraine lived "
                    "in other countries of the region ({code} members) in {year}, against "
                    "{before} in {prev}."
                ),
                revision=_(ctx.round.revision),
                now=now,
                code=ctx.area,
                year=year,
                before=before,
                prev=prev,
            )
            texts.append(block.text)
            figures += block.figures
    return Prose(" ".join(texts), figures=tuple(figures))


def build(ctx: ReportContext) -> list[Block]:
    """Return the section's blocks."""
    return [
        trend_summary(ctx),
        trend_chart(ctx),
        *migrant_share_map(ctx),
        sex_summary(ctx),
        sex_table(ctx),
        subregion_summary(ctx),
        subregion_chart(ctx),
        subregion_table(ctx),
        destinations_table(ctx),
        origins_table(ctx),
        estimates_note(ctx),
    ]
