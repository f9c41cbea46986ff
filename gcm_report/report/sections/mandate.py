"""Section: the mandate of the regional reviews and this review's meeting."""

from __future__ import annotations

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import N_, _
from gcm_report.report.sections.cover import meeting_text

TITLE = N_("Cover and mandate")


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
        label=_(r.label).lower(),
        period=r.period,
        commission=ctx.commission_name(),
        meeting=meeting_text(ctx, c.code),
        imrf=_(r.imrf),
    )
    if meeting.note:
        text += " " + _("Meeting: {note}.").format(note=_(meeting.note))
    source = f"<{meeting.source}>" if meeting.source.startswith("https://") else meeting.source
    text += " " + _("Source: {source}.").format(source=source)
    return [Prose(text), Prose(framing(ctx))]


def vintages(ctx: ReportContext) -> list[str]:
    """Return "publication, vintage" for every publication the report's indicators read."""
    paths: list[str] = []
    for ind in REGISTRY.values():
        for src in ind.sources:
            if isinstance(src, str):
                table = ctx.round.table(src[1:]) if src.startswith("@") else src
                paths.append(ctx.snapshot.manifest["tables"][table]["inputs"][0])
            else:
                paths.append(src.path)
    by_publisher: dict[str, list[str]] = {}
    for path in dict.fromkeys(paths):
        entry = ctx.snapshot.manifest["inputs"][path]
        # One line per publisher: the SDG database's custodians are named in the methods.
        publisher = entry["publisher"].split(" (custodian")[0]
        by_publisher.setdefault(publisher, []).append(entry["vintage"])
    return [f"{p}: {'; '.join(dict.fromkeys(v))}" for p, v in by_publisher.items()]


def framing(ctx: ReportContext) -> str:
    """Return what data the report is built with, and what that means for its round."""
    r = ctx.round
    if r.previous is None:
        when = _(
            "This report looks back at the {label} with today's data: it is built from the "
            "latest releases below, not from the data the {period} meetings had; its "
            "migrant-stock figures are on UN DESA's {revision}, the one current at the time."
        )
    else:
        when = _(
            "This report is built from the latest releases below, some published after the "
            "round's meetings; its migrant-stock figures are on UN DESA's {revision}."
        )
    return (
        when.format(label=_(r.label).lower(), period=r.period, revision=_(r.revision))
        + " "
        + _("Each figure is for the latest adequately covered year of {first}–{last}.").format(
            first=r.data_years[0], last=r.data_years[1]
        )
        + "\n\n"
        + _("Data used:")
        + "\n\n"
        + "\n".join(f"- {line}" for line in vintages(ctx))
    )
