"""Section: commitments and implementation — pledges, Champions, Migration MPTF, from sources."""

from __future__ import annotations

from gcm_report.report.blocks import Block, Prose
from gcm_report.report.commitments import commitments_blocks
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import N_, _

TITLE = N_("Commitments and implementation")


def build(ctx: ReportContext) -> list[Block]:
    """Return the sourced commitments of the round, then any facts dated after it."""
    blocks = commitments_blocks(ctx.area, ctx.round)
    text = _(
        "GCM pledges, GCM Champion countries and the joint programmes of the Migration "
        "Multi-Partner Trust Fund (Migration MPTF), as stated in public sources: each fact is "
        "shown with its date and its source, and a fact without a source is shown as not "
        "recorded."
    )
    if len(blocks) > 1:
        text += " " + _(
            "Facts dated after the round ({period}) are listed apart, as later developments."
        ).format(period=ctx.round.period)
    return [Prose(text), *blocks]
