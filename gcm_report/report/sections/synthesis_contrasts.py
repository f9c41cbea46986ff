"""Synthesis section: regional contrasts and change since the previous round, one panel each.

Two rounds side by side are not a trend: migrant-stock figures are on each round's UN DESA
revision, a region's membership can change between rounds (ESCWA: 20 members in round 1, 21
in round 2) and so can the members with data. The notes under the panels say which applies,
from the data, where the rounds are compared.
"""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import Stat
from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import available_rounds, get_round
from gcm_report.report import chartkit
from gcm_report.report.blocks import Block, Chart, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_stat
from gcm_report.report.i18n import N_, _
from gcm_report.report.narrative import join, lower_first
from gcm_report.report.sections.comparison import membership_note

TITLE = N_("Regional contrasts")

# The indicators a synthesis reader compares across regions, in panel order.
PANELS = (
    "migrant_share_pct",
    "female_share_pct",
    "people_in_need_of_protection",
    "remittances_gdp_pct",
    "remittance_cost_pct",
    "dead_and_missing",
)


def panel_title(indicator: str) -> str:
    """Return a panel's title: the indicator's short label and its unit."""
    ind = REGISTRY[indicator]
    return f"{_(ind.label)} ({_(ind.unit)})"


def round_label(n: int) -> str:
    """Return a round's legend: its review years and its data years, never to be confused."""
    r = get_round(n)
    return _("Round {n} (reviews {period}; data {first}–{last})").format(
        n=n, period=r.period, first=r.data_years[0], last=r.data_years[1]
    )


def compact(stat: Stat) -> str:
    """Return a bar label: percentages as printed, counts from ten thousand in k or M."""
    if stat.unit == "persons" and (stat.value or 0) >= 10_000:
        return chartkit.compact(stat.value)
    return fmt_stat(stat)


def contrasts_chart(ctx: ReportContext) -> Block:
    """Return small multiples: per indicator, each region's value in each round so far."""
    import altair as alt

    rounds = [n for n in available_rounds() if n <= ctx.round.number]
    rows: list[dict[str, Any]] = []
    figures = []
    for ind_id in PANELS:
        for code in COMMISSIONS:
            for n in rounds:
                stat = ctx.stat(ind_id, code, round_number=n)
                if stat.value is None or stat.status in ("low_coverage", "no_data"):
                    continue
                figures.append(stat)
                rows.append(
                    {
                        "indicator": panel_title(ind_id),
                        "region": code,
                        "round": round_label(n),
                        "round_n": n,
                        "value": stat.value,
                        "year": stat.year,
                        # Bar labels have little room: counts in thousands or millions.
                        "text": compact(stat) + f" ({stat.year})",
                    }
                )
    description = _(
        "Small multiples, one panel per indicator ({names}), each a bar per region and review "
        "round, so regions and rounds can be compared at a glance; values are printed at the "
        "end of each bar."
    ).format(names="; ".join(_(REGISTRY[i].label) for i in PANELS))
    panels = []
    for ind_id in PANELS:
        data = [r for r in rows if r["indicator"] == panel_title(ind_id)]
        top = max((r["value"] for r in data), default=0) or 1
        # Room on the right for the value labels printed after each bar.
        x = alt.X(
            "value:Q",
            title=None,
            axis=alt.Axis(tickCount=4, labelExpr=chartkit.count_labels()),
            scale=alt.Scale(domain=[0, top * 1.45], nice=False),
        )
        base = alt.Chart(alt.Data(values=data)).encode(
            y=alt.Y("region:N", title=None, sort=list(COMMISSIONS)),
            yOffset=alt.YOffset("round_n:O"),
            x=x,
        )
        bars = base.mark_bar().encode(
            color=alt.Color(
                "round:N", title=_("Review round"), sort=None, legend=alt.Legend(labelLimit=0)
            ),
            tooltip=[
                alt.Tooltip("indicator:N", title=_("Indicator")),
                alt.Tooltip("region:N", title=_("Region")),
                alt.Tooltip("round:N", title=_("Round")),
                alt.Tooltip("text:N", title=_("Value (year)")),
            ],
        )
        labels = base.mark_text(align="left", dx=3, fontSize=9).encode(text="text:N")
        panels.append(
            (bars + labels).properties(
                width=210, height=150, title=alt.Title(panel_title(ind_id), fontSize=11)
            )
        )
    chart = alt.concat(*panels, columns=2).properties(
        title=chartkit.title(
            _("The five regions in each review round"),
            _(
                "Each round's figures, with their years, from the publications listed under "
                "sources and methods; rounds are compared with the cautions below the chart."
            ),
            width=470,
        ),
        description=description,
    )
    return Chart(chart, tuple(figures))


def cautions(ctx: ReportContext) -> Prose:
    """Return how to read the panels: fixed order, revisions, membership changes."""
    rounds = [n for n in available_rounds() if n <= ctx.round.number]
    parts = [
        _(
            "Each panel shows one indicator for the five regions in the same order, ECA to "
            "ESCWA, with one bar per review round and the year of each value beside it; a "
            "region without a bar has no regional value (too few members with data)."
        )
    ]
    if len(rounds) > 1:
        labels = [_(REGISTRY[i].label) for i in PANELS if REGISTRY[i].round_dependent]
        revised = labels[:1] + [lower_first(label) for label in labels[1:]]
        revisions = join(
            [
                _("round {n} on the {revision}").format(n=n, revision=_(get_round(n).revision))
                for n in rounds
            ]
        )
        parts.append(
            _(
                "The rounds are not a trend. {indicators}: {revisions}; a revision re-estimates "
                "the whole series, so the difference between two bars mixes change with "
                "revision."
            ).format(indicators=join(revised), revisions=revisions)
        )
        parts += [note for code in COMMISSIONS if (note := membership_note(ctx, code))]
        parts.append(
            _(
                "The members with data can differ between rounds too (coverage is in each "
                "regional report)."
            )
        )
    return Prose(" ".join(parts))


def build(ctx: ReportContext) -> list[Block]:
    """Return the contrasts chart with its reading notes."""
    return [contrasts_chart(ctx), cautions(ctx)]
