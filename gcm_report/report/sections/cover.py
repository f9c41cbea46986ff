"""The cover of a report: commission, round, meeting, mandate; the metadata the PDF cover uses."""

from __future__ import annotations

from gcm_report.report.blocks import Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import meeting_dates
from gcm_report.report.i18n import N_, _

__all__ = [
    "MANDATE",
    "SYNTHESIS_TITLE",
    "mandate_line",
    "meeting_text",
    "regional_cover",
    "synthesis_cover",
]

# The resolutions a round's reviews follow (rounds.yml lists them by round): how the cover's
# one line names each, and the sentence the mandate section says about it.
MANDATE: dict[str, tuple[str, str]] = {
    "A/RES/73/195": (
        N_("A/RES/73/195 (Global Compact for Safe, Orderly and Regular Migration), para. 50"),
        N_(
            "The Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, "
            "19 December 2018) invites regional processes and organizations, including the "
            "United Nations regional economic commissions, to review its implementation within "
            "their regions every four years, beginning in 2020, alternating with the "
            "International Migration Review Forum (para. 50)."
        ),
    ),
    "A/RES/73/326": (
        N_("A/RES/73/326 (format and organizational aspects of the reviews)"),
        N_(
            "General Assembly resolution A/RES/73/326 sets out the format and organizational "
            "aspects of the International Migration Review Forum and of the regional reviews."
        ),
    ),
    "A/RES/76/266": (
        N_(
            "A/RES/76/266 (Progress Declaration of the International Migration Review Forum), "
            "paras. 68, 70 and 75"
        ),
        N_(
            "The Progress Declaration of the first International Migration Review Forum "
            "(A/RES/76/266, 2022) invites the commissions to review progress in consultation "
            "with all relevant stakeholders (para. 68), asks for a limited set of indicators "
            "drawing on the SDG framework (para. 70) and links the reviews with the 2030 Agenda "
            "(para. 75)."
        ),
    ),
}


def mandate_line(ctx: ReportContext) -> str:
    """Return the resolutions of the report's round in one line (the cover's "Mandate")."""
    return "; ".join(_(MANDATE[symbol][0]) for symbol in ctx.round.mandate)


def meeting_text(ctx: ReportContext, code: str) -> str:
    """Return a commission's review meeting in one line: days and place."""
    m = ctx.round.meetings[code]
    return f"{meeting_dates(m.start, m.end)}, {_(m.place)}"


def _meta(ctx: ReportContext, title: str, subtitle: str, commission: str, meeting: str) -> dict:
    return {
        "title": title,
        "subtitle": subtitle,
        "commission": commission,
        "commission_code": ctx.area,
        "round": ctx.round.number,
        "period": ctx.round.period,
        "meeting": meeting,
        # The cover's "data" line: each figure is for its own latest year of the window.
        "reference_year": _("{first}–{last}, the latest year with data for each figure").format(
            first=ctx.round.data_years[0], last=ctx.round.data_years[1]
        ),
        "snapshot_id": ctx.snapshot.snapshot_id,
    }


def regional_title(ctx: ReportContext) -> str:
    """Return the title of a regional report."""
    return _("Migration in {region}").format(region=ctx.region_phrase())


def regional_cover(ctx: ReportContext) -> Prose:
    """Return the cover block of a regional report."""
    c, r = ctx.commission, ctx.round
    meeting = meeting_text(ctx, c.code)
    # The membership on the first day of the round's meeting, as every figure counts it.
    on_the_day = ctx.members
    members = sum(1 for m in on_the_day if m.status == "member")
    assoc = sum(1 for m in on_the_day if m.status == "associate")
    non_regional = sum(1 for m in on_the_day if m.status == "member" and not m.in_region)
    membership = _("{n} member States").format(n=members)
    if assoc:
        membership += _(" and {n} associate members").format(n=assoc)
    if non_regional:
        membership += _(
            "; {n} member States are located outside the region and are not counted in "
            "regional totals"
        ).format(n=non_regional)
    subtitle = _(
        "{commission} · Regional review of the Global Compact for Migration · Round {n}"
    ).format(commission=ctx.commission_name(), n=r.number)
    lines = [
        f"**{subtitle}**",
        "",
        _("- **Commission:** {name} ({code})").format(
            name=ctx.commission_name(), code=ctx.acronym()
        ),
        _("- **Region:** {region} ({n} countries and areas in regional totals)").format(
            region=ctx.region_name(), n=len(ctx.region_iso3)
        ),
        _("- **Review round:** {label}, {period}").format(label=_(r.label), period=r.period),
        _("- **Intergovernmental review meeting:** {meeting}").format(meeting=meeting),
        _("- **Data:** latest year of {first}–{last} for each indicator").format(
            first=r.data_years[0], last=r.data_years[1]
        ),
        _("- **Membership on the day of the meeting:** {membership}").format(membership=membership),
        _("- **Mandate:** {resolutions}").format(resolutions=mandate_line(ctx)),
    ]
    meta = _meta(ctx, regional_title(ctx), subtitle, ctx.commission_name(), meeting)
    return Prose("\n".join(lines), meta=meta)


SYNTHESIS_TITLE = N_(
    "Regional reviews of the Global Compact for Safe, Orderly and Regular Migration: "
    "the five regions side by side"
)


def synthesis_cover(ctx: ReportContext) -> Prose:
    """Return the cover block of a round's synthesis."""
    from gcm_report.data.regions import COMMISSIONS

    r = ctx.round
    subtitle = _("Synthesis of the {label} ({period})").format(
        label=_(r.label).lower(), period=r.period
    )
    links = " · ".join(f"[{code}](../{code}/report.html)" for code in COMMISSIONS)
    lines = [
        f"**{subtitle}**",
        "",
        _("- **Review round:** {label}, {period}; data for {first}–{last}").format(
            label=_(r.label), period=r.period, first=r.data_years[0], last=r.data_years[1]
        ),
        _("- **Informs:** {imrf} and the Secretary-General's report").format(imrf=_(r.imrf)),
        _("- **Regional reports:** {links}").format(links=links),
    ]
    meta = _meta(
        ctx,
        _(SYNTHESIS_TITLE),
        subtitle,
        _("United Nations regional commissions"),
        _("one intergovernmental meeting per region (see the table of meetings)"),
    )
    # The running header starts with this code: the synthesis has no commission code.
    meta["commission_code"] = _("Synthesis")
    return Prose("\n".join(lines), meta=meta)
