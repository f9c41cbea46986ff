"""Synthesis section: the five regions, their review meetings and the members summed."""

from __future__ import annotations

from gcm_report.analysis.statistics import area_members
from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.report.blocks import Block, Column, Table
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_int
from gcm_report.report.i18n import N_, _
from gcm_report.report.sections.cover import meeting_text

TITLE = N_("The regional reviews of this round")


def build(ctx: ReportContext) -> list[Block]:
    """Return the table of meetings, each with its source."""
    rows = []
    for code in COMMISSIONS:
        c = get_commission(code)
        day = ctx.round.meetings[code].start
        rows.append(
            {
                "code": ctx.acronym(code),
                "region": ctx.region_name(code),
                "meeting": meeting_text(ctx, code),
                "members": len(c.members_on(day)),
                "summed": len(area_members(ctx.snapshot, code, ctx.round)),
            }
        )
    sources = "; ".join(
        f"{ctx.acronym(code)}: {_(ctx.round.meetings[code].source_name)}" for code in COMMISSIONS
    )
    return [
        Table(
            rows,
            [
                Column("code", _("Commission")),
                Column("region", _("Region"), width=3),
                Column("meeting", _("Intergovernmental review meeting"), width=4),
                Column("members", _("Members and associates"), fmt_int, numeric=True),
                Column("summed", _("In regional totals"), fmt_int, numeric=True),
            ],
            caption=_("Regional review meetings, round {n}").format(n=ctx.round.number),
            source=sources,
            note=_("Members and associate members as of the first day of each meeting."),
        )
    ]
