"""Synthesis section: regional contrasts and change since the previous round, one panel each."""

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
                        "round": _("Round {n} ({period})").format(n=n, period=get_round(n).period),
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
            color=alt.Color("round:N", title=_("Review round"), sort=None),
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
                "Each round's figures, from the publications listed under sources and "
                "methods; migrant shares are on each round's UN DESA revision."
            ),
            width=470,
        ),
        description=description,
    )
    return Chart(chart, tuple(figures))


def build(ctx: ReportContext) -> list[Block]:
    """Return the contrasts chart with a reading note."""
    note = Prose(
        _(
            "Each panel shows one indicator for the five regions, always in the same order; a "
            "region without a bar has no regional value (too few members with data)."
        )
    )
    return [contrasts_chart(ctx), note]
