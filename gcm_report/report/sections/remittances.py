"""Section: remittance corridors and their cost against the SDG 10.c target (RPW corridors).

The World Bank's corridor file ends in 2020Q3: round 1 shows 2020, round 2 says that its window
has no corridor survey and shows the first round's 2020 figures as context, labelled
(:class:`gcm_report.analysis.corridors.RegionCorridors`).
"""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.corridors import (
    CEILING_PCT,
    TARGET_PCT,
    RegionCorridors,
    region_corridors,
)
from gcm_report.analysis.statistics import Stat
from gcm_report.report import chartkit
from gcm_report.report.blocks import Block, Chart, Column, Prose, Table, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import coverage_text, fmt_pct, fmt_stat, year_text
from gcm_report.report.i18n import N_, _
from gcm_report.report.style import MUTED, PALETTE

# Snapshot tables read outside the indicator registry (listed in the sources section).
TABLES = ("wb_rpw_corridors",)
TITLE = N_("Remittance corridors and costs")
# Corridors of each kind in a table: the cheapest n and the costliest n.
EXTREMES = 3
DIRECTION_NAMES = {"to": N_("to"), "from": N_("from")}


def _corridors(ctx: ReportContext) -> RegionCorridors:
    return region_corridors(ctx.snapshot, ctx.round, ctx.area)


def _context(c: RegionCorridors) -> str:
    """Return the label of figures repeated from the previous round (empty otherwise)."""
    return _(" (first-round figures, shown as context)") if c.status == "no_newer_data" else ""


def _when(c: RegionCorridors) -> str:
    """Return the year shown with its survey quarters, and whether it is context."""
    quarters = c.quarters
    span = f"{quarters[0]}–{quarters[-1]}" if len(quarters) > 1 else "".join(quarters)
    if c.status == "no_newer_data":
        return _("{year} (surveys {span}; the first round's figures, shown as context)").format(
            year=c.year, span=span
        )
    return _("{year} (surveys {span})").format(year=c.year, span=span)


def scope(ctx: ReportContext) -> Block:
    """Return what the corridor figures are, and for which year."""
    c = _corridors(ctx)
    first, last = ctx.round.data_years
    lead = _(
        "The World Bank's Remittance Prices Worldwide surveys the total cost of sending US$200 "
        "through each corridor, from one country to another, every quarter; the corridor "
        "data used here run from 2011 to 2020Q3. A corridor's cost in a year is the mean of "
        "its surveyed quarters, and an average over corridors is their simple mean. SDG "
        "target 10.c: below {target}% by 2030, and no corridor above {ceiling}%."
    ).format(target=f"{TARGET_PCT:.0f}", ceiling=f"{CEILING_PCT:.0f}")
    if c.status == "no_newer_data":
        lead += " " + _(
            "No corridor was surveyed in this round's window ({first}–{last}) in these data: "
            "the corridor figures below are the first round's, for {year}, shown as context "
            "only."
        ).format(first=first, last=last, year=c.year)
    elif c.year is None:
        lead += " " + _("No corridor was surveyed in this round's window ({first}–{last}).").format(
            first=first, last=last
        )
    return Prose(lead)


def _from_sentence(c: RegionCorridors) -> Prose:
    average, count = c.average("from"), c.corridors("from")
    if average.status == "low_coverage":
        return prose(
            _(
                "In {year}, only {covered} members sent money through a surveyed corridor, "
                "fewer than a third: no average is published for sending from the region; the "
                "cheapest and costliest of their {count} corridors are listed below."
            ),
            year=c.year,
            covered=coverage_text(average),
            count=count,
        )
    return prose(
        _(
            "In {year}, sending US$200 from the members cost {average} on average over {count} "
            "corridors ({covered} sending members with data)."
        ),
        year=c.year,
        average=average,
        count=count,
        covered=coverage_text(average),
    )


def summary(ctx: ReportContext) -> Block | None:
    """Return the average costs to and from the members against the target, in words."""
    c = _corridors(ctx)
    if c.year is None:
        return None
    sdg = ctx.stat("remittance_cost_pct")
    at_target = c.share_at_target("to")
    to = prose(
        _(
            "In {when}, sending US$200 to {region} cost {average} of the amount on average "
            "over the {count} corridors surveyed into its members ({covered} receiving members "
            "with data), against the target of {target}% and an average of {world} over all "
            "surveyed corridors worldwide; "
        )
        + (
            # "None" rather than "0.0%": no corridor at all meets the target.
            _("none of these corridors cost {target}% or less and {above} more than {ceiling}%.")
            if at_target.value == 0
            else _(
                "{at_target} of these corridors cost {target}% or less and {above} more than "
                "{ceiling}%."
            )
        ),
        when=_when(c),
        region=ctx.region_phrase(),
        average=c.average("to"),
        count=c.corridors("to"),
        covered=coverage_text(c.average("to")),
        target=f"{TARGET_PCT:.0f}",
        world=c.world_average(),
        at_target=at_target,
        above=c.share_above_ceiling("to"),
        ceiling=f"{CEILING_PCT:.0f}",
    )
    to = Prose(to.text, tuple(dict.fromkeys((*to.figures, at_target))))
    sending = _from_sentence(c)
    official = prose(
        _(
            "SDG indicator 10.c.1 as published in the UN SDG Global Database, the average cost "
            "of sending US$200 to each member (mean over the members with a value), is "
            "{sdg} for {sdg_year}, the year this round's statistics use."
        ),
        sdg=sdg,
        sdg_year=year_text(sdg),
    )
    parts = (to, sending, official)
    text = f"{to.text}\n\n{sending.text} {official.text}"
    return Prose(text, tuple(dict.fromkeys(s for p in parts for s in p.figures)))


def cost_chart(ctx: ReportContext) -> Block | None:
    """Return the average cost to and from the members and worldwide, against 3% and 5%."""
    import altair as alt

    c = _corridors(ctx)
    if c.year is None:
        return None
    region = ctx.region_phrase()
    every: list[tuple[str, Stat]] = [
        (_("To the members"), c.average("to")),
        (_("From the members"), c.average("from")),
        (_("All corridors worldwide"), c.world_average()),
    ]
    # An average withheld for low coverage gets no bar: the subtitle says why.
    bars = [(what, stat) for what, stat in every if stat.value is not None]
    withheld = [
        _("No average {what}: only {covered} members have a surveyed corridor.").format(
            what=what.lower(), covered=coverage_text(stat)
        )
        for what, stat in every
        if stat.value is None
    ]
    data = [
        {"what": what, "world": stat.area != ctx.area, "cost": stat.value, "text": fmt_stat(stat)}
        for what, stat in bars
    ]
    reach = max([*(s.value or 0.0 for _w, s in bars), CEILING_PCT]) * 1.3
    description = _(
        "Bar chart of the average total cost of sending US$200 in {when}, % of the amount: "
        "{values}; against the SDG 10.c target of {target}% and the {ceiling}% ceiling."
    ).format(
        when=_when(c),
        values="; ".join(f"{what.lower()} {fmt_stat(stat)}" for what, stat in bars),
        target=f"{TARGET_PCT:.0f}",
        ceiling=f"{CEILING_PCT:.0f}",
    )
    description = " ".join([description, *withheld])
    order = [what for what, _s in bars]
    y = alt.Y("what:N", title=None, sort=order, axis=alt.Axis(labelLimit=0))
    x = alt.X(
        "cost:Q",
        title=_("Average cost, % of US$200"),
        scale=alt.Scale(domain=[0, reach]),
        axis=alt.Axis(labelExpr="datum.value + '%'"),
    )
    base = alt.Chart(alt.Data(values=data)).encode(y=y)
    bar = base.mark_bar(height=22).encode(
        x=x,
        # The region's bars in the report's blue, the world's in grey.
        color=alt.condition("datum.world", alt.value(MUTED), alt.value(PALETTE[0])),
        tooltip=[
            alt.Tooltip("what:N", title=_("Corridors")),
            alt.Tooltip("cost:Q", title=_("Average cost, %"), format=".2f"),
        ],
    )
    # Values inside the bar ends, in white: the target lines run under the bars, so a value
    # never sits on a line.
    label = base.mark_text(
        align="right", dx=-5, fontSize=11, color="white", fontWeight="bold"
    ).encode(x=x, text="text:N")
    rules = alt.Chart(
        alt.Data(
            values=[
                {"x": TARGET_PCT, "name": _("SDG target {pct}%").format(pct=f"{TARGET_PCT:.0f}")},
                {"x": CEILING_PCT, "name": _("{pct}% ceiling").format(pct=f"{CEILING_PCT:.0f}")},
            ]
        )
    )
    rule = rules.mark_rule(color=PALETTE[5], strokeDash=[4, 3]).encode(x="x:Q")
    rule_text = rules.mark_text(
        align="left", dx=3, dy=-4, baseline="bottom", color=MUTED, fontSize=10, y=0
    ).encode(x="x:Q", text="name:N")
    title = _("Average cost of sending US$200 to and from {region}, {year}{context}").format(
        region=region, year=c.year, context=_context(c)
    )
    chart = (rule + rule_text + bar + label).properties(
        title=chartkit.title(
            title,
            _("Simple mean over surveyed corridors, {when}. Source: {source}.").format(
                when=_when(c), source=c.source
            ),
            *withheld,
        ),
        width="container",
        height=40 * len(bars),
        description=description,
    )
    return Chart(chart, tuple(s for _w, s in every))


def _two_decimals(stat: Stat) -> str:
    return fmt_pct(stat.value, 2)


def _band(stat: Stat) -> str:
    """Return where a corridor's cost stands against the SDG 10.c target and ceiling."""
    if stat.value is None:
        return ""
    if stat.value <= TARGET_PCT:
        return _("≤ {target}% (target met)").format(target=f"{TARGET_PCT:.0f}")
    if stat.value <= CEILING_PCT:
        return _("{target}–{ceiling}%").format(
            target=f"{TARGET_PCT:.0f}", ceiling=f"{CEILING_PCT:.0f}"
        )
    return _("> {ceiling}%").format(ceiling=f"{CEILING_PCT:.0f}")


def extremes_table(ctx: ReportContext, direction: str) -> Block | None:
    """Return the cheapest and costliest corridors to (or from) the members."""
    c = _corridors(ctx)
    if c.year is None:
        return None
    rows: list[dict[str, Any]] = []
    for e in c.extremes(direction, EXTREMES):
        rows.append(
            {
                "rank": _("cheapest") if e.rank == "cheapest" else _("costliest"),
                "sending": ctx.name(e.sending),
                "receiving": ctx.name(e.receiving),
                "cost": e.cost,
                "band": _band(e.cost),
            }
        )
    context = _context(c)
    return Table(
        rows,
        [
            Column("rank", _("Corridor")),
            Column("sending", _("Sending country"), width=3),
            Column("receiving", _("Receiving country"), width=3),
            # Two decimals: a cost of 3.01% must not read "3.0%" beside "3–5%".
            Column("cost", _("Cost, % of US$200"), _two_decimals, numeric=True),
            Column("band", _("SDG 10.c")),
        ],
        caption=_(
            "Sending US$200 {direction} {region}: the cheapest and costliest corridors, "
            "{year}{context}"
        ).format(
            direction=_(DIRECTION_NAMES[direction]),
            region=ctx.region_phrase(),
            year=c.year,
            context=context,
        ),
        source=c.source,
        note=_(
            "Average total cost (fees and exchange-rate margin) of sending US$200, mean of the "
            "corridor's surveyed quarters in {when}; corridors {direction} the {code} members "
            "located in the region. SDG target 10.c: below {target}%, no corridor above "
            "{ceiling}%."
        ).format(
            when=_when(c),
            direction=_(DIRECTION_NAMES[direction]),
            code=ctx.area,
            target=f"{TARGET_PCT:.0f}",
            ceiling=f"{CEILING_PCT:.0f}",
        ),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the section's blocks."""
    blocks = [
        scope(ctx),
        summary(ctx),
        cost_chart(ctx),
        extremes_table(ctx, "to"),
        extremes_table(ctx, "from"),
    ]
    return [b for b in blocks if b is not None]
