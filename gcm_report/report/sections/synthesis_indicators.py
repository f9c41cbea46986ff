"""Synthesis section: every indicator for the five regions and the world."""

from __future__ import annotations

from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import N_, _
from gcm_report.report.sections.comparison import areas_table

TITLE = N_("All indicators, region by region")


def build(ctx: ReportContext) -> list[Block]:
    """Return the indicator table of the round."""
    intro = Prose(
        _(
            "Every indicator of the regional reports, for the five regions and the world, with "
            "the same values as in each regional report."
        )
    )
    caption = _("Indicators by region, round {n}").format(n=ctx.round.number)
    return [intro, areas_table(ctx, None, caption)]
