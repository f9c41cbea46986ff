"""Section: the mandate of the regional reviews and this review's meeting."""

from __future__ import annotations

from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import _
from gcm_report.report.sections.cover import meeting_text

TITLE = _("Cover and mandate")


def build(ctx: ReportContext) -> list[Block]:
    """Return the mandate paragraph: resolutions and the review process."""
    c, r = ctx.commission, ctx.round
    meeting = r.meetings[c.code]
    text = _(
        "The Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, "
        "19 December 2018) invites the United Nations regional economic commissions to "
        "review its implementation within their regions every four years (para. 50), "
        "alternating with the International Migration Review Forum. The Progress Declaration "
        "(A/RES/76/266) invites them to review progress in consultation with all relevant "
        "stakeholders (para. 68), asks for a limited set of indicators drawing on the SDG "
        "framework (para. 70) and links the review with the 2030 Agenda (para. 75). The "
        "{label} ({period}) of the {commission} held its intergovernmental review meeting on "
        "{meeting}; the round informs the {imrf}."
    ).format(
        label=r.label.lower(),
        period=r.period,
        commission=c.name,
        meeting=meeting_text(ctx, c.code),
        imrf=r.imrf,
    )
    if meeting.note:
        text += " " + _("Meeting: {note}.").format(note=meeting.note)
    text += " " + _("Source: {source}.").format(source=meeting.source)
    return [Prose(text)]
