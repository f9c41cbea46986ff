"""Section: the mandate of the round's reviews, its meeting, and what this document is."""

from __future__ import annotations

from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_date, meeting_dates
from gcm_report.report.i18n import N_, _
from gcm_report.report.provenance import (
    data_published_up_to,
    data_used,
    indicator_inputs,
    production_date,
)
from gcm_report.report.sections.cover import MANDATE

TITLE = N_("Mandate")


def mandate_text(ctx: ReportContext) -> str:
    """Return what the resolutions in force for the round ask of the regional reviews."""
    return " ".join(_(MANDATE[symbol][1]) for symbol in ctx.round.mandate)


def meeting_paragraph(ctx: ReportContext) -> str:
    """Return the round's review meeting for the region: days, place, note, source."""
    r = ctx.round
    meeting = r.meetings[ctx.area]
    text = _(
        "The intergovernmental review meeting of the {label} ({period}) for {region} took "
        "place on {dates} ({place})."
    ).format(
        label=_(r.label).lower(),
        period=r.period,
        region=ctx.region_phrase(),
        dates=meeting_dates(meeting.start, meeting.end),
        place=_(meeting.place),
    )
    if meeting.note:
        text += " " + _(meeting.note)
    text += " " + _("Source: {source}.").format(source=_(meeting.source_name))
    return text + " " + _("The round informs the {imrf}.").format(imrf=_(r.imrf))


def status(ctx: ReportContext) -> str:
    """Return what this document is: a later data report, not the meeting's document."""
    r = ctx.round
    meeting = r.meetings[ctx.area]
    paths = indicator_inputs(ctx)
    text = _(
        "This document is a data report prepared with data published up to {latest}, "
        "produced on {produced}, after the intergovernmental review meeting of {meeting}; "
        "it is not the document presented at the meeting."
    ).format(
        latest=data_published_up_to(ctx, paths),
        produced=fmt_date(production_date()),
        meeting=meeting_dates(meeting.start, meeting.end),
    )
    if r.previous is None:
        when = _(
            "Its migrant-stock figures are on UN DESA's {revision}, the one current at the "
            "time of the {label}; its other figures come from the releases below, not from the "
            "data the {period} meetings had."
        )
    else:
        when = _(
            "Its migrant-stock figures are on UN DESA's {revision}; some of the releases "
            "below were published after the round's meetings."
        )
    return " ".join(
        (
            text,
            when.format(label=_(r.label).lower(), period=r.period, revision=_(r.revision)),
            _("Each figure is for the latest adequately covered year of {first}–{last}.").format(
                first=r.data_years[0], last=r.data_years[1]
            ),
        )
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the mandate, the meeting, the document's status and the data it uses."""
    used = "\n".join(f"- {line}" for line in data_used(ctx, indicator_inputs(ctx)))
    return [
        Prose(mandate_text(ctx)),
        Prose(meeting_paragraph(ctx)),
        Prose(status(ctx) + "\n\n" + _("Data used:") + "\n\n" + used),
    ]
