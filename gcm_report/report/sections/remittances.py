"""Section: remittance corridors and their cost against the SDG 10.c target (RPW corridors).

The section describes corridors one by one: how many into and out of the members were
surveyed, how many meet the 3% target, and the cheapest and costliest. It never computes an
"average cost" of its own: the region's cost of remittances is SDG indicator 10.c.1, one
statistic, restated here with its year and coverage so the two cannot be confused. The
corridor extract used ends in 2020Q3: round 2 repeats round 1's 2020 figures as context, said
once, where the section opens (:class:`gcm_report.analysis.corridors.RegionCorridors`).
"""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.corridors import (
    BANDS,
    CEILING_PCT,
    TARGET_PCT,
    Corridor,
    RegionCorridors,
    region_corridors,
)
from gcm_report.analysis.statistics import Stat
from gcm_report.report import chartkit
from gcm_report.report.blocks import Block, Chart, Column, Prose, Table, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import coverage_phrase, fmt_int, fmt_pct, members_noun
from gcm_report.report.i18n import N_, _, separate
from gcm_report.report.style import PALETTE

# Snapshot tables read outside the indicator registry (listed in the sources section).
TABLES = ("wb_rpw_corridors",)
TITLE = N_("Remittance corridors and costs")
# Corridors of each kind in a table: the cheapest n and the costliest n.
EXTREMES = 3
DIRECTION_NAMES = {"to": N_("to"), "from": N_("from")}
# The cost bands of SDG target 10.c, as a legend and a chart's colours (green meets it).
BAND_NAMES = {
    "at_target": N_("3% or less (target met)"),
    "3_to_5": N_("3–5%"),
    "above_5": N_("over 5%"),
}
BAND_COLOURS = {"at_target": PALETTE[2], "3_to_5": PALETTE[1], "above_5": PALETTE[5]}


def _corridors(ctx: ReportContext) -> RegionCorridors:
    return region_corridors(ctx.snapshot, ctx.round, ctx.area)


def _when(c: RegionCorridors) -> str:
    """Return the year shown with its survey quarters (e.g. "2020 (surveys 2020Q1–2020Q3)")."""
    quarters = c.quarters
    span = f"{quarters[0]}–{quarters[-1]}" if len(quarters) > 1 else "".join(quarters)
    return _("{year} (surveys {span})").format(year=c.year, span=span)


def _sdg_statement(ctx: ReportContext) -> Prose:
    """Return the region's one cost statistic, SDG 10.c.1, with its year and coverage."""
    sdg = ctx.stat("remittance_cost_pct")
    if sdg.value is None or sdg.status in ("low_coverage", "no_data"):
        return Prose(
            _(
                "These figures describe corridors one by one; SDG indicator 10.c.1, the "
                "region's cost of remittances, has no regional value in this round."
            )
        )
    return prose(
        _(
            "These figures describe corridors one by one, not the region's average cost: that "
            "is SDG indicator 10.c.1, {sdg} in {sdg_year} (the mean of the published averages "
            "of the {coverage} with a value), as in the key messages and under objective 20."
        ),
        sdg=sdg,
        sdg_year=sdg.year,
        coverage=coverage_phrase(sdg),
    )


def scope(ctx: ReportContext) -> Block:
    """Return what the corridor figures are, for which year, and what they are not."""
    c = _corridors(ctx)
    first, last = ctx.round.data_years
    lead = _(
        "The World Bank's Remittance Prices Worldwide surveys the total cost (fees and "
        "exchange-rate margin) of sending US$200 through corridors, from one country to "
        "another, every quarter. The corridor extract used here ends in 2020Q3 (it starts in "
        "2011Q1); a corridor's cost in a year is the mean of its surveyed quarters. SDG target "
        "10.c: below {target}% by 2030, and no corridor above {ceiling}%."
    ).format(target=f"{TARGET_PCT:.0f}", ceiling=f"{CEILING_PCT:.0f}")
    if c.status == "no_newer_data":
        lead += " " + _(
            "The extract has no survey in this round's window ({first}–{last}), so the "
            "corridor figures below are the first round's, for {year}, shown as context."
        ).format(first=first, last=last, year=c.year)
    elif c.year is None:
        lead += " " + _(
            "The extract has no survey in this round's window ({first}–{last})."
        ).format(first=first, last=last)
    sdg = _sdg_statement(ctx)
    return Prose(f"{lead} {sdg.text}", sdg.figures)


def _cost(stat: Stat) -> str:
    # Two decimals, as in the tables: a cost of 3.01% must not read "3.0%" beside "3–5%".
    return fmt_pct(stat.value, 2)


def _ends(c: RegionCorridors, direction: str) -> tuple[Corridor, Corridor] | None:
    """Return the cheapest and the costliest corridor (``None`` without two corridors)."""
    ranked = c.extremes(direction, 1)
    return (ranked[0], ranked[1]) if len(ranked) == 2 else None


def _band_counts(bands: dict[str, Stat]) -> str:
    """Return "none cost 3% or less, 14 between 3% and 5% and 27 more than 5%"."""

    def count(band: str) -> str:
        value = bands[band].value or 0
        return _("none") if value == 0 else fmt_int(value)

    return _(
        "{a} cost {target}% or less, {b} between {target}% and {ceiling}% and {c} more than "
        "{ceiling}%"
    ).format(
        a=count("at_target"),
        b=count("3_to_5"),
        c=count("above_5"),
        target=f"{TARGET_PCT:.0f}",
        ceiling=f"{CEILING_PCT:.0f}",
    )


def direction_sentence(ctx: ReportContext, c: RegionCorridors, direction: str) -> Prose:
    """Return how many corridors to (or from) the members were surveyed, by band, and range."""
    count, bands = c.corridors(direction), c.bands(direction)
    figures: list[Stat] = [count, *bands.values()]
    if not count.value:
        text = (
            _("The extract has no surveyed corridor into the members for {year}.")
            if direction == "to"
            else _("The extract has no surveyed corridor from the members for {year}.")
        ).format(year=c.year)
        return Prose(text, (count,))
    template = (
        _("In {when}, {count} corridors into {covered} were surveyed: {bands}.")
        if direction == "to"
        else _("In {when}, {count} corridors from {covered} were surveyed: {bands}.")
    )
    text = template.format(
        when=_when(c),
        count=fmt_int(count.value),
        covered=coverage_phrase(count),
        bands=_band_counts(bands),
    )
    ends = _ends(c, direction)
    if ends is not None:
        cheap, dear = ends
        text += " " + _(
            # Words, not an arrow: the report's typeface (Lato) has no "→".
            "The cheapest was {cheap_from} to {cheap_to}, at {cheap}; the costliest, "
            "{dear_from} to {dear_to}, at {dear}."
        ).format(
            cheap=_cost(cheap.cost),
            cheap_from=ctx.name(cheap.sending),
            cheap_to=ctx.name(cheap.receiving),
            dear=_cost(dear.cost),
            dear_from=ctx.name(dear.sending),
            dear_to=ctx.name(dear.receiving),
        )
        figures += [cheap.cost, dear.cost]
    return Prose(text, tuple(dict.fromkeys(figures)))


def summary(ctx: ReportContext) -> Block | None:
    """Return the corridors to and from the members against the target, in words."""
    c = _corridors(ctx)
    if c.year is None:
        return None
    parts = [direction_sentence(ctx, c, d) for d in ("to", "from")]
    return Prose(
        "\n\n".join(p.text for p in parts),
        tuple(dict.fromkeys(s for p in parts for s in p.figures)),
    )


def band_chart(ctx: ReportContext) -> Block | None:
    """Return the surveyed corridors to and from the members by cost band (counts)."""
    import altair as alt

    c = _corridors(ctx)
    if c.year is None:
        return None
    region = ctx.region_phrase()
    sides = [("to", _("Into the members")), ("from", _("From the members"))]
    figures: list[Stat] = []
    data: list[dict[str, Any]] = []
    for direction, label in sides:
        bands = c.bands(direction)
        figures += [c.corridors(direction), *bands.values()]
        for order, band in enumerate(BANDS):
            n = bands[band].value or 0
            data.append(
                {
                    "side": label,
                    "band": _(BAND_NAMES[band]),
                    "order": order,
                    "count": n,
                    "text": fmt_int(n) if n else "",
                }
            )
    description = _(
        "Stacked bar chart of the remittance corridors surveyed in {when}, by total cost of "
        "sending US$200 against the SDG 10.c target: {values}."
    ).format(
        when=_when(c),
        values="; ".join(
            f"{label.lower()}: {fmt_int(c.corridors(d).value)} ("
            + separate(f"{_(BAND_NAMES[b])} {fmt_int(c.bands(d)[b].value or 0)}" for b in BANDS)
            + ")"
            for d, label in sides
        ),
    )
    names = [_(BAND_NAMES[b]) for b in BANDS]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("side:N", title=None, sort=[label for _d, label in sides]),
        x=alt.X(
            "count:Q",
            title=_("Corridors surveyed"),
            stack="zero",
            axis=alt.Axis(format="d", tickMinStep=1),
        ),
        order=alt.Order("order:Q"),
    )
    bars = base.mark_bar(height=22).encode(
        color=alt.Color(
            "band:N",
            title=_("Cost of sending US$200"),
            sort=names,
            scale=alt.Scale(domain=names, range=[BAND_COLOURS[b] for b in BANDS]),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("side:N", title=_("Corridors")),
            alt.Tooltip("band:N", title=_("Cost")),
            alt.Tooltip("count:Q", title=_("Corridors surveyed")),
        ],
    )
    # Counts in the middle of their segment, in white on the coloured bars.
    labels = base.mark_text(color="white", fontWeight="bold", fontSize=11).encode(
        x=alt.X("count:Q", stack="zero", bandPosition=0.5), text="text:N"
    )
    chart = (bars + labels).properties(
        title=chartkit.title(
            _("Remittance corridors to and from {region} by cost, {year}").format(
                region=region, year=c.year
            ),
            _(
                "Corridors surveyed in {when}, by the total cost of sending US$200: a count of "
                "corridors, not an average. The corridor extract used ends in 2020Q3. "
                "Source: {source}."
            ).format(when=_when(c), source=c.source),
        ),
        width="container",
        height=90,
        description=description,
    )
    return Chart(chart, tuple(dict.fromkeys(figures)))


def _band(stat: Stat) -> str:
    """Return where a corridor's cost stands against the SDG 10.c target and ceiling."""
    if stat.value is None:
        return ""
    if stat.value <= TARGET_PCT:
        return _(BAND_NAMES["at_target"])
    return _(BAND_NAMES["3_to_5"] if stat.value <= CEILING_PCT else BAND_NAMES["above_5"])


def extremes_table(ctx: ReportContext, direction: str) -> Block | None:
    """Return the cheapest and costliest corridors to (or from) the members."""
    c = _corridors(ctx)
    if c.year is None:
        return None
    rows: list[dict[str, Any]] = []
    extremes = c.extremes(direction, EXTREMES)
    for e in extremes:
        rows.append(
            {
                "rank": _("cheapest") if e.rank == "cheapest" else _("costliest"),
                "sending": ctx.name(e.sending),
                "receiving": ctx.name(e.receiving),
                "cost": e.cost,
                "band": _band(e.cost),
            }
        )
    return Table(
        rows,
        [
            Column("rank", _("Corridor")),
            Column("sending", _("Sending country"), width=3),
            Column("receiving", _("Receiving country"), width=3),
            # Two decimals: a cost of 3.01% must not read "3.0%" beside "over 3% to 5%".
            Column("cost", _("Cost, % of US$200"), _cost, numeric=True),
            Column("band", _("SDG 10.c")),
        ],
        caption=_(
            "Sending US$200 {direction} {region}: the cheapest and costliest corridors, {year}"
        ).format(direction=_(DIRECTION_NAMES[direction]), region=ctx.region_phrase(), year=c.year),
        source=c.source,
        note=_(
            "Each corridor's total cost (fees and exchange-rate margin) of sending US$200, the "
            "mean of its surveyed quarters in {when}; corridors {direction} {region} (the "
            "{code} {members} located in it). SDG target 10.c: below {target}%, no corridor "
            "above {ceiling}%."
        ).format(
            when=_when(c),
            direction=_(DIRECTION_NAMES[direction]),
            region=ctx.region_phrase(),
            code=ctx.area,
            members=members_noun(ctx.area),
            target=f"{TARGET_PCT:.0f}",
            ceiling=f"{CEILING_PCT:.0f}",
        )
        + (
            # Jordan → Syria is both into and out of the Arab region: said, not left to puzzle.
            " "
            + _(
                "A corridor between two countries of the region leads both into and out of it, "
                "so it can be listed under both directions."
            )
            if any(e.both_in_region for e in extremes)
            else ""
        ),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the section's blocks."""
    blocks = [
        scope(ctx),
        summary(ctx),
        band_chart(ctx),
        extremes_table(ctx, "to"),
        extremes_table(ctx, "from"),
    ]
    return [b for b in blocks if b is not None]
