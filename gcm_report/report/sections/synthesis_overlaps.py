"""Synthesis section: the countries counted in more than one regional total, and why."""

from __future__ import annotations

from gcm_report.analysis.statistics import area_members
from gcm_report.data.regions import AGGREGATION_RULE, COMMISSIONS
from gcm_report.report.blocks import Block, Column, Prose, Table
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import N_, _

TITLE = N_("Overlaps between commissions")


def build(ctx: ReportContext) -> list[Block]:
    """Return the overlap note and table."""
    where: dict[str, list[str]] = {}
    for code in COMMISSIONS:
        for iso3 in area_members(ctx.snapshot, code, ctx.round):
            where.setdefault(iso3, []).append(code)
    rows = [
        {"name": ctx.name(iso3), "commissions": ", ".join(codes)}
        for iso3, codes in sorted(where.items(), key=lambda kv: ctx.name(kv[0]))
        if len(codes) > 1
    ]
    note = Prose(
        _(
            "{rule} {n} countries are in the regional totals of two commissions, so the five "
            "regional totals add up to more than the world total; compare regions with each "
            "other and with the world, but do not add them."
        ).format(rule=_(AGGREGATION_RULE), n=len(rows))
    )
    table = Table(
        rows,
        [Column("name", _("Country"), width=3), Column("commissions", _("Counted in"), width=2)],
        caption=_("Countries in more than one regional total"),
        source=_("the commissions' published lists of members"),
    )
    return [note, table]
