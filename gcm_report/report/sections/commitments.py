"""Section: commitments and implementation — pledges, Champions, Migration MPTF, from sources."""

from __future__ import annotations

from gcm_report.report.blocks import Block, Prose
from gcm_report.report.commitments import commitments_table
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import N_, _

TITLE = N_("Commitments and implementation")


def build(ctx: ReportContext) -> list[Block]:
    """Return the curated, sourced commitments table."""
    intro = Prose(
        _(
            "Pledges, GCM Champion countries and Migration MPTF joint programmes from a curated "
            "table in which every fact has a source; a fact without a source is shown as not "
            "recorded."
        )
    )
    return [intro, commitments_table(ctx.area)]
