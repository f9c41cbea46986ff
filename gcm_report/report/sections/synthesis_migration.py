"""Synthesis section: migration by region — stock and share, and the same-region share."""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.flows import MAJORITY_PCT, RegionalFlows
from gcm_report.data.regions import COMMISSIONS
from gcm_report.report import chartkit
from gcm_report.report.blocks import Block, Chart, Column, Table
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_stat
from gcm_report.report.i18n import N_, _
from gcm_report.report.sections.within_region import matrix_chart, matrix_table

TITLE = N_("Migration by region")


def stock_chart(ctx: ReportContext) -> Block:
    """Return a bar chart of international migrants and their share, by region."""
    import altair as alt

    stock = {code: ctx.stat("migrant_stock", code) for code in COMMISSIONS}
    share = {code: ctx.stat("migrant_share_pct", code) for code in COMMISSIONS}
    data = [{"region": c, "migrants": stock[c].value, "share": share[c].value} for c in COMMISSIONS]
    top = max(COMMISSIONS, key=lambda c: stock[c].value or 0)
    year = ctx.round.reference_year
    description = _(
        "Bar chart of international migrants by region in {year}: largest in {top} with "
        "{stock} ({share} of its population). {all}"
    ).format(
        year=year,
        top=top,
        stock=fmt_stat(stock[top]),
        share=fmt_stat(share[top]),
        all="; ".join(f"{c} {fmt_stat(stock[c])}" for c in COMMISSIONS),
    )
    for row, code in zip(data, COMMISSIONS, strict=True):
        row["label"] = f"{fmt_stat(stock[code])} ({fmt_stat(share[code])})"
    top_value = max(float(stock[c].value or 0) for c in COMMISSIONS)
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(
            "migrants:Q",
            title=_("International migrants"),
            axis=alt.Axis(labelExpr=chartkit.count_labels()),
            # Room on the right for the value labels.
            scale=alt.Scale(domain=[0, top_value * 1.5], nice=False),
        ),
        y=alt.Y("region:N", title=None, sort="-x"),
    )
    bars = base.mark_bar().encode(
        tooltip=[
            alt.Tooltip("region:N", title=_("Region")),
            alt.Tooltip("migrants:Q", title=_("Migrants"), format=",.0f"),
            alt.Tooltip("share:Q", title=_("% of population"), format=".1f"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=10).encode(text="label:N")
    chart = (bars + labels).properties(
        title=chartkit.title(
            _("International migrants by region, {year}").format(year=year),
            _("Mid-year stock, persons; regions overlap. Source: {source}.").format(
                source=ctx.source("migrant_stock")
            ),
        ),
        width="container",
        description=description,
    )
    return Chart(chart, (*stock.values(), *share.values()))


def within_table(ctx: ReportContext) -> Block:
    """Return, per region, the share of its migrants born in the same region."""
    rows: list[dict[str, Any]] = []
    source = ""
    for code in COMMISSIONS:
        flows = RegionalFlows(code, ctx.round, ctx.snapshot)
        share = flows.within_region_share()
        source = flows.source
        rows.append(
            {
                "code": code,
                "stock": ctx.stat("migrant_stock", code),
                "share": share,
                "most": _("yes") if (share.value or 0) > MAJORITY_PCT else _("no"),
            }
        )
    return Table(
        rows,
        [
            Column("code", _("Region")),
            Column("stock", _("International migrants"), numeric=True),
            Column("share", _("Born in the same region"), numeric=True),
            Column("most", _("More than half born in the region")),
        ],
        caption=_("Migrants born in the same region, by region, {year}").format(
            year=ctx.round.reference_year
        ),
        source=source,
        note=_(
            "A/RES/73/195 para. 50 considers that most international migration takes place "
            "within regions; the last column says whether more than half of a region's "
            "migrants were born in it."
        ),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the stock chart, the same-region table and the five-region matrix."""
    flows = RegionalFlows(COMMISSIONS[0], ctx.round, ctx.snapshot)  # the matrix is global
    return [stock_chart(ctx), within_table(ctx), matrix_chart(flows), matrix_table(flows)]
