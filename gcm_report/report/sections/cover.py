"""The cover of a report: commission, round, meeting, mandate; the metadata the PDF cover uses."""

from __future__ import annotations

from gcm_report.report.blocks import Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import meeting_dates
from gcm_report.report.i18n import N_, _

__all__ = ["RESOLUTIONS", "meeting_text", "regional_cover", "synthesis_cover"]

RESOLUTIONS = N_(
    "A/RES/73/195 (Global Compact for Safe, Orderly and Regular Migration), para. 50; "
    "A/RES/76/266 (Progress Declaration of the International Migration Review Forum), "
    "paras. 68, 70 and 75"
)


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
        "reference_year": ctx.round.reference_year,
        "snapshot_id": ctx.snapshot.snapshot_id,
    }


def regional_title(ctx: ReportContext) -> str:
    """Return the title of a regional report."""
    return _("Migration in {region}").format(region=ctx.region_phrase())


def regional_cover(ctx: ReportContext) -> Prose:
    """Return the cover block of a regional report."""
    c, r = ctx.commission, ctx.round
    meeting = meeting_text(ctx, c.code)
    members, assoc = c.count("member"), c.count("associate")
    non_regional = c.count("member", in_region=False)
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
        _("- **Membership:** {membership}").format(membership=membership),
        _("- **Mandate:** {resolutions}").format(resolutions=_(RESOLUTIONS)),
    ]
    meta = _meta(ctx, regional_title(ctx), subtitle, ctx.commission_name(), meeting)
    return Prose("\n".join(lines), meta=meta)


SYNTHESIS_TITLE = N_("GCM regional reviews: the five regions side by side")


def synthesis_cover(ctx: ReportContext) -> Prose:
    """Return the cover block of a round's synthesis."""
    from gcm_report.data.regions import COMMISSIONS

    r = ctx.round
    subtitle = _("Synthesis of the {label} · Round {n}").format(
        label=_(r.label).lower(), n=r.number
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
    return Prose("\n".join(lines), meta=meta)
