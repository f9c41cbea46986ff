"""Section: the region against the other regions and the world, and round against round."""

from __future__ import annotations

from collections import Counter
from typing import Any

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import WORLD, Stat
from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import available_rounds, get_round
from gcm_report.report.blocks import Block, Column, Table
from gcm_report.report.context import ReportContext
from gcm_report.report.format import MISSING, fmt_compact, fmt_stat, year_text
from gcm_report.report.i18n import N_, _

TITLE = N_("Comparison with the other regions and rounds")


# How a row label names the unit its compact cells are in (see format.fmt_compact).
UNIT_NAMES = {
    "persons": N_("persons; M = million"),
    "movements": N_("movements; M = million"),
    "US$": N_("US$, bn = billion, m = million"),
}


def cell(stat: Stat, row_year: int | None) -> str:
    """Return a comparison cell: the value, with its year when it differs from the row's."""
    if stat.value is None or stat.status in ("low_coverage", "no_data"):
        return MISSING
    text = fmt_compact(stat)
    if stat.status == "no_newer_data":
        return f"{text} ({stat.year}*)"
    return text if stat.year == row_year else f"{text} ({stat.year})"


def areas_table(ctx: ReportContext, own: str | None, caption: str) -> Table:
    """Return every indicator for the five regions and the world, each cell its own statistic.

    The row's year is the year most areas have; a cell for another year says so in brackets,
    and ``*`` marks a value repeated from the previous round (no newer data).
    """
    areas = (*COMMISSIONS, WORLD)
    rows: list[dict[str, Any]] = []
    for ind in REGISTRY.values():
        stats = {a: ctx.stat(ind.id, a) for a in areas}
        years = Counter(s.year for s in stats.values() if s.value is not None and s.year)
        row_year = years.most_common(1)[0][0] if years else None
        row: dict[str, Any] = {
            "indicator": f"{_(ind.title)} ({_(UNIT_NAMES.get(ind.unit, ind.unit))})",
            "year": str(row_year or MISSING),
        }
        for a, s in stats.items():
            row[a] = s
        row["_year"] = row_year
        rows.append(row)
    columns = [Column("indicator", _("Indicator"), width=4), Column("year", _("Year"))]
    for a in areas:
        header = _("World") if a == WORLD else a
        if a == own:
            header = _("{code} (this report)").format(code=a)
        columns.append(
            Column(a, header, numeric=True, row_fmt=lambda stat, row: cell(stat, row["_year"]))
        )
    return Table(
        rows,
        columns,
        caption=caption,
        source=_("the publications named under the objective tables, for each indicator"),
        note=_(
            "Each cell is its area's own value for the latest adequately covered year; a year "
            "in brackets differs from the row's, * marks a value repeated from the previous "
            "round, – no aggregate. Commissions overlap, so regional totals are not additive."
        ),
    )


def rounds_table(ctx: ReportContext) -> Table:
    """Return this region's indicators in each review round so far."""
    numbers = [n for n in available_rounds() if n <= ctx.round.number]
    rows: list[dict[str, Any]] = []
    for ind in REGISTRY.values():
        row: dict[str, Any] = {"indicator": _(ind.title)}
        for n in numbers:
            row[f"r{n}"] = ctx.stat(ind.id, round_number=n)
        rows.append(row)

    def fmt(stat: Stat) -> str:
        if stat.value is None or stat.status in ("low_coverage", "no_data"):
            return MISSING
        note = _(", no newer data") if stat.status == "no_newer_data" else ""
        return f"{fmt_stat(stat)} ({year_text(stat)}{note})"

    columns = [Column("indicator", _("Indicator"), width=3)] + [
        Column(
            f"r{n}",
            _("Round {n} ({period})").format(n=n, period=get_round(n).period),
            fmt,
            numeric=True,
            width=2,
        )
        for n in numbers
    ]
    return Table(
        rows,
        columns,
        caption=_("{region}: review rounds compared").format(region=ctx.region_phrase(start=True)),
        source=_("each round's figures, from the publications listed under sources and methods"),
        note=_(
            "Migrant-stock figures are on each round's UN DESA revision (named in brackets): "
            "a revision re-estimates the whole series, so compare the change within a revision "
            "(key figures) rather than across rounds."
        ),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the two comparison tables."""
    caption = _("{region} compared with the other regions and the world").format(
        region=ctx.region_phrase(start=True)
    )
    return [areas_table(ctx, ctx.area, caption), rounds_table(ctx)]
