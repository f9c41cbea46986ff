"""Section: within the region and beyond — origins, flows over time, corridors, emigrants."""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.breakdowns import emigrants_by_sex, region_over_time
from gcm_report.analysis.flows import REST_OF_WORLD, UNKNOWN, RegionalFlows
from gcm_report.data.regions import get_commission
from gcm_report.report import chartkit
from gcm_report.report.blocks import Block, Chart, Column, Prose, Table, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_int, fmt_stat, members_noun
from gcm_report.report.i18n import N_, _
from gcm_report.report.narrative import join, upper_first
from gcm_report.report.style import INK, PALETTE

# The three lines of the over-time chart: within (UN blue), from outside, abroad.
PALETTE_3 = [PALETTE[0], PALETTE[1], PALETTE[2]]

TITLE = N_("Within the region and beyond")

OVERLAP_NOTE = N_(
    "Regions are the commissions' members and associate members located in the region. "
    "Commissions overlap "
    "(e.g. Egypt is in ECA and ESCWA; Kazakhstan, the Russian Federation, Türkiye, the Caucasus "
    "and Central Asia are in ECE and ESCAP), so a person can count in several cells and shares "
    "across regions can add up to more than 100%; no one is counted twice within a cell. "
    "Rest of the world: countries and areas in none of the five regions. Unknown: country of "
    "birth not known or not specified by UN DESA."
)


def group_label(group: str, *, phrase: bool = False) -> str:
    """Return the display name of a region group (a commission, the rest of the world, unknown).

    ``phrase``: as it reads in a sentence ("the Arab region (ESCWA)").
    """
    if group == REST_OF_WORLD:
        return _("Rest of the world")
    if group == UNKNOWN:
        return _("Unknown")
    commission = get_commission(group)
    # Reference names are English; the catalogs carry them (extracted from the commissions).
    return f"{_(commission.region_phrase if phrase else commission.region_name)} ({group})"


def _short(group: str) -> str:
    # Chart axes have little room: codes for regions, words for the two residual groups.
    return {REST_OF_WORLD: _("Rest of world"), UNKNOWN: _("Unknown")}.get(group, group)


def summary(ctx: ReportContext, flows: RegionalFlows) -> Block:
    """Return the section's findings in words: same-region share, other origins, emigrants."""
    shares = flows.origin_shares()
    _group, own_persons, own_share = shares[0]
    region = ctx.region_phrase()
    first = prose(
        _(
            "In {year}, {share} of the {stock} international migrants living in {region} "
            "({code} {members} located in the region) were born in another country of the "
            "same region ({persons} persons)."
        ),
        members=members_noun(ctx.area),
        year=flows.year,
        share=own_share,
        stock=ctx.stat("migrant_stock"),
        region=region,
        code=ctx.area,
        persons=own_persons,
    )
    wording = {REST_OF_WORLD: _("outside all five regions"), UNKNOWN: _("country of birth unknown")}
    others_figures = tuple(s for _g, _p, s in shares[1:])
    others = "; ".join(
        f"{wording.get(g, group_label(g, phrase=True))} {fmt_stat(s)}" for g, _p, s in shares[1:]
    )
    second = Prose(
        _(
            "Shares born in the other regions and beyond: {others}. Commissions overlap: a "
            "migrant born in a country that belongs to two regions counts in both, so all the "
            "shares together, the region's own included, can add up to more than 100%."
        ).format(others=others),
        figures=others_figures,
    )
    e = flows.emigrants()
    third = prose(
        _(
            "Of the {emigrants} people born in the region who live outside their country of "
            "birth, {within} ({share}) live in another country of the region."
        ),
        emigrants=e["emigrant_stock"],
        within=e["within_region_stock"],
        share=e["within_region_share_pct"],
    )
    return Prose(
        "\n\n".join(b.markdown() for b in (first, second, third)),
        figures=(*first.figures, *second.figures, *third.figures),
    )


def corridors_table(ctx: ReportContext, flows: RegionalFlows) -> Block:
    """Return the largest corridors into the region as a table."""
    rows: list[dict[str, Any]] = flows.top_corridors(ctx.top_n).to_dict("records")
    # A non-regional member of the commission (the United States in ECLAC) is outside the
    # region: "born in the region: no" beside it is said, not left to look like an error.
    non_regional = [
        m.iso3 for m in ctx.members if not m.in_region and any(r["origin"] == m.iso3 for r in rows)
    ]
    outside = ""
    if non_regional:
        template = (
            _("{names}, a member of {code} located outside the region, counts as outside it.")
            if len(non_regional) == 1
            else _("{names}, members of {code} located outside the region, count as outside it.")
        )
        outside = " " + template.format(
            names=join([ctx.name(c) for c in non_regional]), code=ctx.area
        )
    for row in rows:
        row["origin_name"] = ctx.name(row["origin"])
        row["dest_name"] = ctx.name(row["dest"])
        row["born"] = _("yes") if row["origin_in_region"] else _("no")
    return Table(
        rows,
        [
            Column("origin_name", _("Country of birth"), width=3),
            Column("dest_name", _("Country of residence"), width=3),
            Column("persons", _("Migrants, {year}").format(year=flows.year), numeric=True),
            Column("share", _("Share of region's migrants"), numeric=True),
            Column("born", _("Born in the region")),
        ],
        caption=_("Top {n} migration corridors into {region}, {year}").format(
            n=len(rows), region=ctx.region_phrase(), year=flows.year
        ),
        source=flows.source,
        note=_(
            "International migrants at mid-year, persons (both sexes); shares are of all "
            "migrants living in the {code} {members} located in the region. Migrants of unknown "
            "country of birth are not ranked. Born in the region: in one of those countries."
        ).format(code=ctx.area, members=members_noun(ctx.area))
        + outside,
    )


def _matrix_cells(flows: RegionalFlows) -> list[dict[str, Any]]:
    cells = []
    for (origin, dest), persons in flows.region_matrix().stack().items():
        cells.append(
            {
                "origin": origin,
                "dest": dest,
                "stat": flows.matrix_stat(str(origin), str(dest), int(persons)),
            }
        )
    return cells


def matrix_table(flows: RegionalFlows) -> Block:
    """Return the origin-region × destination-region matrix as a table."""
    by_origin: dict[str, dict[str, Any]] = {}
    for cell in _matrix_cells(flows):
        row = by_origin.setdefault(cell["origin"], {"label": group_label(cell["origin"])})
        row[cell["dest"]] = cell["stat"]
    return Table(
        list(by_origin.values()),
        [
            Column("label", _("Born in (row) / living in (column)"), width=3),
            *(Column(d, _short(d), numeric=True) for d in flows.destination_groups),
        ],
        caption=_(
            "International migrants by region of birth and region of residence, {year}"
        ).format(year=flows.year),
        source=flows.source,
        note=_("Persons at mid-year (both sexes).") + " " + _(OVERLAP_NOTE),
    )


def matrix_chart(flows: RegionalFlows, focus: str | None = None) -> Block:
    """Return a heatmap of the five-region matrix, the largest cell stated in its alt text.

    ``focus`` is a region whose own cell the description also states.
    """
    import altair as alt

    cells = _matrix_cells(flows)
    data = [
        {
            "origin_label": group_label(c["origin"]),
            "dest_label": group_label(c["dest"]),
            "origin_short": _short(c["origin"]),
            "dest_short": _short(c["dest"]),
            "persons": c["stat"].value,
            "text": chartkit.compact(c["stat"].value),
        }
        for c in cells
    ]
    top = max(cells, key=lambda c: c["stat"].value)
    same = top["origin"] == top["dest"]
    where = (
        _("in the same region")
        if same
        else _("in {region}").format(region=group_label(top["dest"], phrase=True))
    )
    description = _(
        "Heatmap of international migrants in {year} by region of birth (rows: the five UN "
        "regional commissions' regions, the rest of the world and unknown) and region of "
        "residence (columns). The largest cell is people born in {origin} living {where}: "
        "{persons} persons. "
    ).format(
        year=flows.year,
        origin=group_label(top["origin"], phrase=True),
        where=where,
        persons=fmt_int(top["stat"].value),
    )
    if focus is not None and not (same and top["origin"] == focus):
        own = next(c for c in cells if c["origin"] == c["dest"] == focus)
        description += _(
            "People born in {region} living in another country of the same region: {persons}. "
        ).format(region=group_label(focus, phrase=True), persons=fmt_int(own["stat"].value))
    description += _("Regions overlap, so a person can count in several cells.")
    # Dark cells get white text: on the square-root scale, 35% of the maximum is about 60%
    # along the blue ramp, where dark text stops being legible.
    dark = float(top["stat"].value) * 0.35
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(
            "dest_short:N",
            title=_("Region of residence"),
            sort=[_short(d) for d in flows.destination_groups],
            axis=alt.Axis(orient="top", labelAngle=0),
        ),
        y=alt.Y(
            "origin_short:N",
            title=_("Region of birth"),
            sort=[_short(o) for o in flows.origin_groups],
        ),
    )
    tooltip = [
        alt.Tooltip("origin_label:N", title=_("Born in")),
        alt.Tooltip("dest_label:N", title=_("Living in")),
        alt.Tooltip("persons:Q", title=_("Migrants"), format=",.0f"),
    ]
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "persons:Q",
            title=_("Migrants"),
            # Square root: the diagonal dwarfs the rest on a linear scale.
            scale=alt.Scale(type="sqrt", scheme="blues"),
            legend=alt.Legend(labelExpr=chartkit.count_labels()),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(fontSize=11).encode(
        text="text:N",
        color=alt.condition(alt.datum.persons > dark, alt.value("white"), alt.value(INK)),
        tooltip=tooltip,
    )
    title = chartkit.title(
        _("Where migrants were born and where they live, by region, {year}").format(
            year=flows.year
        ),
        *[
            _("International migrants at mid-year, persons (k = thousand, M = million)."),
            _("Regions overlap, so a person can count in several cells."),
            _("Source: {source}.").format(source=flows.source),
        ],
    )
    chart = (rect + text).properties(
        title=title, width="container", height=280, description=description
    )
    return Chart(chart, tuple(c["stat"] for c in cells))


def links_table(ctx: ReportContext, flows: RegionalFlows) -> Block:
    """Return the region's row and column of the five-region matrix: born where, living where."""
    matrix = flows.region_matrix()
    code = ctx.area
    rows = []
    for group in flows.origin_groups:
        row: dict[str, Any] = {
            "label": group_label(group),
            "born": flows.matrix_stat(group, code, int(matrix.loc[group, code])),
        }
        if group in flows.destination_groups:
            row["living"] = flows.matrix_stat(code, group, int(matrix.loc[code, group]))
        rows.append(row)
    return Table(
        rows,
        [
            Column("label", _("Region"), width=3),
            Column(
                "born",
                _("Migrants living in the {code} region, born in the region of the row").format(
                    code=code
                ),
                numeric=True,
                width=2,
            ),
            Column(
                "living",
                _("People born in the {code} region, living in the region of the row").format(
                    code=code
                ),
                numeric=True,
                width=2,
            ),
        ],
        caption=upper_first(
            _("{region} and the other regions: where migrants were born and live, {year}").format(
                region=ctx.region_phrase(), year=flows.year
            )
        ),
        source=flows.source,
        note=_(
            "Persons at mid-year (both sexes). The {code} row counts migrants born in another "
            "country of the region. The full five-region matrix is in the round's synthesis."
        ).format(code=code)
        + " "
        + _(OVERLAP_NOTE),
    )


# --- to, within and from the region over time ----------------------------------------------


def over_time_summary(ctx: ReportContext) -> Block:
    """Return how migration to, within and from the region changed since the first year."""
    rows = region_over_time(ctx.snapshot, ctx.round, ctx.area)
    first, last = rows[0], rows[-1]
    return prose(
        _(
            "Between {first_year} and {last_year}, the number of migrants living in {region} "
            "who were born in another country of the region went from {within_first} to "
            "{within_last} "
            "({share_first} and {share_last} of all migrants in the region); those born "
            "outside the region went from {outside_first} to {outside_last}. People born in "
            "the region and living outside it went from {abroad_first} to {abroad_last}."
        ),
        first_year=first.year,
        last_year=last.year,
        region=ctx.region_phrase(),
        within_first=first.within,
        within_last=last.within,
        share_first=first.within_share,
        share_last=last.within_share,
        outside_first=first.outside,
        outside_last=last.outside,
        abroad_first=first.emigrants_outside,
        abroad_last=last.emigrants_outside,
    )


def _over_time_series(ctx: ReportContext) -> list[tuple[str, str]]:
    """Return the chart's series: field and label, in legend order."""
    return [
        ("within", _("Living in the region, born in another country of it")),
        ("outside", _("Living in the region, born outside it")),
        ("emigrants_outside", _("Born in the region, living outside it")),
    ]


def over_time_chart(ctx: ReportContext) -> Block:
    """Return lines of migrants to, within and from the region, first year → reference year."""
    import altair as alt

    rows = region_over_time(ctx.snapshot, ctx.round, ctx.area)
    series = _over_time_series(ctx)
    data = [
        {
            "year": r.year,
            "series": label,
            "persons": getattr(r, field).value,
            "text": chartkit.compact(getattr(r, field).value) if r is rows[-1] else "",
        }
        for field, label in series
        for r in rows
    ]
    first, last = rows[0], rows[-1]
    region = ctx.region_phrase()
    description = _(
        "Line chart of international migrants, {first} to {last}: living in {region} and born "
        "in another country of the region, from {w0} to {w1}; living in the region and born "
        "outside it, from {o0} to {o1}; born in the region and living outside it, from {e0} to "
        "{e1}."
    ).format(
        first=first.year,
        last=last.year,
        region=region,
        w0=fmt_int(first.within.value),
        w1=fmt_int(last.within.value),
        o0=fmt_int(first.outside.value),
        o1=fmt_int(last.outside.value),
        e0=fmt_int(first.emigrants_outside.value),
        e1=fmt_int(last.emigrants_outside.value),
    )
    labels = [label for _field, label in series]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(
            "year:Q",
            title=None,
            axis=alt.Axis(format="d", values=[r.year for r in rows]),
            scale=alt.Scale(domain=[first.year, last.year + 3]),
        ),
        y=alt.Y(
            "persons:Q",
            title=_("International migrants"),
            axis=alt.Axis(labelExpr=chartkit.count_labels()),
        ),
        color=alt.Color(
            "series:N",
            title=None,
            sort=labels,
            scale=alt.Scale(domain=labels, range=PALETTE_3),
            legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
        ),
    )
    lines = base.mark_line(strokeWidth=2.5)
    dots = base.mark_point(filled=True, size=45).encode(
        tooltip=[
            alt.Tooltip("series:N", title=_("Who")),
            alt.Tooltip("year:Q", title=_("Year"), format="d"),
            alt.Tooltip("persons:Q", title=_("Migrants"), format=",.0f"),
        ]
    )
    text = base.mark_text(align="left", dx=6, fontSize=10).encode(text="text:N")
    chart = (lines + dots + text).properties(
        title=chartkit.title(
            _("Migrants to, within and from {region}, {first}–{last}").format(
                region=region, first=first.year, last=last.year
            ),
            _(
                "International migrants at mid-year, persons (k = thousand, M = million); "
                "{members} located in the region. Source: {source}."
            ).format(members=members_noun(ctx.area), source=first.within.source),
        ),
        width="container",
        height=260,
        description=description,
    )
    figures = [getattr(r, field) for field, _label in series for r in rows]
    return Chart(chart, tuple(figures))


def over_time_table(ctx: ReportContext) -> Block:
    """Return migrants to, within and from the region in every year of the revision."""
    rows: list[dict[str, Any]] = [
        {
            "year": str(r.year),
            "within": r.within,
            "outside": r.outside,
            "unknown": r.unknown,
            "total": r.total,
            "abroad": r.emigrants_outside,
        }
        for r in region_over_time(ctx.snapshot, ctx.round, ctx.area)
    ]
    return Table(
        rows,
        [
            Column("year", _("Year")),
            Column("within", _("Born in another country of the region"), numeric=True),
            Column("outside", _("Born outside the region"), numeric=True),
            Column("unknown", _("Country of birth unknown"), numeric=True),
            Column("total", _("All migrants in the region"), numeric=True),
            Column("abroad", _("Born in the region, living outside it"), numeric=True),
        ],
        caption=_("Migrants to, within and from {region}, {first}–{last}").format(
            region=ctx.region_phrase(), first=rows[0]["year"], last=rows[-1]["year"]
        ),
        source=ctx.snapshot.source_line(ctx.round.table("migrant_origin_destination")),
        note=_(
            "International migrants at mid-year, persons (both sexes), {revision}. The first "
            "four columns are migrants living in the {code} {members} located in the region "
            "(the first three add up to the fourth); the last is people born in those "
            "countries living in a country outside the region."
        ).format(revision=_(ctx.round.revision), code=ctx.area, members=members_noun(ctx.area)),
    )


# --- emigrants by sex ------------------------------------------------------------------------


def emigrants_sex_summary(ctx: ReportContext) -> Block:
    """Return the region's emigrants by sex in the reference and first years, in words."""
    rows = emigrants_by_sex(ctx.snapshot, ctx.round, ctx.area)
    first, last = rows[0], rows[-1]
    return prose(
        _(
            "In {year}, {female} of the {total} people born in {region} and living outside "
            "their country of birth were women and girls ({share}) and {male} men and boys; "
            "in {first_year}, women and girls were {first_share} of the region's emigrants."
        ),
        year=last.year,
        female=last.female,
        total=last.total,
        region=ctx.region_phrase(),
        share=last.female_share,
        male=last.male,
        first_year=first.year,
        first_share=first.female_share,
    )


def emigrants_sex_table(ctx: ReportContext) -> Block:
    """Return the region's emigrants by sex in every year of the revision."""
    rows: list[dict[str, Any]] = [
        {
            "year": str(r.year),
            "female": r.female,
            "male": r.male,
            "total": r.total,
            "share": r.female_share,
        }
        for r in emigrants_by_sex(ctx.snapshot, ctx.round, ctx.area)
    ]
    return Table(
        rows,
        [
            Column("year", _("Year")),
            Column("female", _("Women and girls"), numeric=True),
            Column("male", _("Men and boys"), numeric=True),
            Column("total", _("All emigrants"), numeric=True),
            Column("share", _("% women and girls"), numeric=True),
        ],
        caption=_("Emigrants from {region} by sex, {first}–{last}").format(
            region=ctx.region_phrase(), first=rows[0]["year"], last=rows[-1]["year"]
        ),
        source=ctx.snapshot.source_line(ctx.round.table("migrant_origin_destination")),
        note=_(
            "People born in the {code} {members} located in the region and living in any other "
            "country, inside the region or outside it; persons at mid-year, {revision}."
        ).format(code=ctx.area, members=members_noun(ctx.area), revision=_(ctx.round.revision)),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the section's blocks."""
    flows = RegionalFlows(ctx.area, ctx.round, ctx.snapshot)
    return [
        summary(ctx, flows),
        over_time_summary(ctx),
        over_time_chart(ctx),
        over_time_table(ctx),
        corridors_table(ctx, flows),
        links_table(ctx, flows),
        emigrants_sex_summary(ctx),
        emigrants_sex_table(ctx),
    ]
