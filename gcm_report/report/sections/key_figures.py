"""Section: the headline numbers of the region for the round, each with year and coverage."""

from __future__ import annotations

from gcm_report.analysis.derived import members_recording
from gcm_report.analysis.migration import change
from gcm_report.analysis.statistics import Stat
from gcm_report.report.blocks import Block, KeyFigure, KeyFigures, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import coverage_phrase, fmt_stat, status_text
from gcm_report.report.i18n import N_, _

TITLE = N_("Key figures at a glance")

# Headline indicators beyond the migrant stock, in display order.
HEADLINES = (
    ("people_in_need_of_protection", N_("Refugees and others in need of protection")),
    ("remittances_received_usd", N_("Remittances received")),
    ("dead_and_missing", N_("Migrants recorded dead or missing")),
)


def detail(stat: Stat, previous_round: int | None = None, recorded: Stat | None = None) -> str:
    """Return the line under a headline number: its year and how many members it covers.

    ``recorded`` (members with a record, for a count whose publisher prints no row where it
    counts no one) replaces "47 of 47 with data", which would claim data for every member.
    """
    if stat.status != "ok":
        return status_text(stat, previous_round)
    if recorded is not None:
        return _("{year}; recorded for {covered}, none for the others").format(
            year=stat.year, covered=coverage_phrase(recorded, counted=True)
        )
    return _("{year}; {covered} with data").format(year=stat.year, covered=coverage_phrase(stat))


def build(ctx: ReportContext) -> list[Block]:
    """Return the key figures: migrant stock, share, women, change; protection, remittances."""
    stock = ctx.stat("migrant_stock")
    share = ctx.stat("migrant_share_pct")
    female = ctx.stat("female_share_pct")
    persons, pct = change(ctx.snapshot, ctx.round, ctx.area)
    prev, year = ctx.round.previous_reference_year, ctx.round.reference_year
    previous = ctx.round.previous.number if ctx.round.previous else None
    stock_figures = KeyFigures(
        [
            KeyFigure(_("International migrants"), stock, _("{year}, mid-year").format(year=year)),
            KeyFigure(_("Share of total population"), share, detail(share)),
            KeyFigure(_("Women and girls among migrants"), female, str(female.year)),
            KeyFigure(
                _("Change since {prev}").format(prev=prev),
                pct,
                _("{persons} migrants, {prev}–{year} ({revision})").format(
                    persons=fmt_stat(persons, signed=True),
                    prev=prev,
                    year=year,
                    revision=_(ctx.round.revision),
                ),
                text=fmt_stat(pct, signed=True),
                detail_figures=(persons,),
            ),
        ],
        source=ctx.source("migrant_share_pct"),
        caption=N_("Key figures: international migrants"),
    )
    other = []
    for ind, label in HEADLINES:
        recorded = members_recording(ind, ctx.area, ctx.round, ctx.snapshot)
        other.append(
            KeyFigure(
                _(label),
                ctx.stat(ind),
                detail(ctx.stat(ind), previous, recorded),
                detail_figures=(recorded,) if recorded is not None else (),
            )
        )
    headline = KeyFigures(
        other,
        source="; ".join(dict.fromkeys(ctx.source(i) for i, _label in HEADLINES)),
        caption=N_("Key figures: protection, remittances and migrants dead or missing"),
    )
    definition = Prose(
        _(
            "A migrant is a person living in a country other than their country of birth (or, "
            "where birthplace data are lacking, of citizenship), as estimated by UN DESA. Each "
            "figure is for the latest year with adequate coverage in {first}–{last}, printed "
            "with it."
        ).format(first=ctx.round.data_years[0], last=ctx.round.data_years[1])
    )
    return [stock_figures, headline, definition]
