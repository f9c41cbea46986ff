"""Section: the region against the other regions and the world, and round against round."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from gcm_report.analysis.derived import membership_change
from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import WORLD, Stat
from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import available_rounds, get_round
from gcm_report.report.blocks import Block, Column, Table
from gcm_report.report.context import ReportContext
from gcm_report.report.format import (
    MISSING,
    fmt_decimal,
    fmt_stat,
    fmt_value,
    members_noun,
    year_text,
)
from gcm_report.report.i18n import N_, _
from gcm_report.report.narrative import join, lower_first, upper_first

TITLE = N_("Comparison with the other regions and rounds")


# How a row label names the unit its cells are in, by the scale the row uses.
UNIT_NAMES: dict[tuple[str, str | None], str] = {
    ("persons", "M"): N_("persons; M = million"),
    ("movements", "M"): N_("movements; M = million"),
    ("US$", "bn"): N_("US$; bn = billion"),
    ("US$", "m"): N_("US$; m = million"),
}
_SCALES = {"M": 1e6, "bn": 1e9, "m": 1e6}
# Cells marked so: no newer data than the previous round, whose value is not repeated.
REPEATED = "–*"


def _shown(stat: Stat) -> bool:
    """Return whether a cell prints a value of this round (not missing, not repeated)."""
    return stat.value is not None and stat.status not in (
        "low_coverage",
        "no_data",
        "no_newer_data",
    )


def row_scale(unit: str, stats: Iterable[Stat]) -> str | None:
    """Return the one scale a row's cells are printed in: "M", "bn", "m", or None (as is).

    One scale per row, so that "513,712" never stands beside "9.2 M": a row whose largest count
    reaches a million is in millions throughout; amounts in US$ in billions if any reaches one.
    """
    values = [abs(s.value or 0) for s in stats if _shown(s)]
    top = max(values, default=0.0)
    if unit in ("persons", "movements"):
        return "M" if top >= 1e6 else None
    if unit == "US$":
        return "bn" if top >= 1e9 else "m"
    return None


def scaled(stat: Stat, scale: str | None) -> str:
    """Return a value in the row's scale ("0.5 M"; "< 0.1 M" for a positive value below it)."""
    assert stat.value is not None
    if scale is None:
        return fmt_value(stat.value, stat.unit)
    value = stat.value / _SCALES[scale]
    if value == 0:
        return "0"
    if 0 < abs(value) < 0.05:
        return _("< 0.1 {scale}").format(scale=scale)
    return f"{fmt_decimal(value, 1)} {scale}"


def cell(stat: Stat, row_year: int | None, scale: str | None = None) -> str:
    """Return a comparison cell: the value, with its year unless the whole row is one year.

    A value repeated from the previous round (no newer data) is not this round's: it shows as
    "–*", explained in the note, never as a number beside the round's own values.
    """
    if stat.status == "no_newer_data":
        return REPEATED
    if not _shown(stat):
        return MISSING
    text = scaled(stat, scale)
    return text if stat.year == row_year else f"{text} ({stat.year})"


def _unit_label(title: str, unit: str, scale: str | None) -> str:
    """Return the row's unit in brackets, unless the title already names it."""
    name = _(UNIT_NAMES[(unit, scale)]) if (unit, scale) in UNIT_NAMES else _(unit)
    # "per 100,000 of its population" already names "per 100,000 population".
    named = _(unit).lower().removesuffix(" population")
    if named in title.lower():
        return ""
    return f" ({name})"


def areas_table(ctx: ReportContext, own: str | None, caption: str) -> Table:
    """Return every indicator for the five regions and the world, each cell its own statistic.

    A row whose values are all for one year says it in its Year column; otherwise that column
    reads "varies" and every cell carries its own year. Each row is in one scale.
    """
    areas = (*COMMISSIONS, WORLD)
    rows: list[dict[str, Any]] = []
    for ind in REGISTRY.values():
        stats = {a: ctx.stat(ind.id, a) for a in areas}
        years = {s.year for s in stats.values() if _shown(s)}
        row_year = next(iter(years)) if len(years) == 1 else None
        scale = row_scale(ind.unit, stats.values())
        title = _(ind.title)
        row: dict[str, Any] = {
            "indicator": title + _unit_label(title, ind.unit, scale),
            "year": str(row_year) if row_year else (_("varies") if years else MISSING),
        }
        for a, s in stats.items():
            row[a] = s
        row["_year"], row["_scale"] = row_year, scale
        rows.append(row)
    columns = [Column("indicator", _("Indicator"), width=4), Column("year", _("Year"))]
    for a in areas:
        header = _("World") if a == WORLD else a
        if a == own:
            header = _("{code} (this report)").format(code=a)
        columns.append(
            Column(
                a,
                header,
                numeric=True,
                row_fmt=lambda stat, row: cell(stat, row["_year"], row["_scale"]),
            )
        )
    caveats = [f"{_(i.label)}: {lower_first(_(i.caveat))}" for i in REGISTRY.values() if i.caveat]
    return Table(
        rows,
        columns,
        caption=caption,
        source=_("the publications named under the objective tables, for each indicator"),
        note=" ".join(
            [
                _(
                    "Each cell is its area's own value for the latest adequately covered year; "
                    "where a row's values are not all for one year, each cell gives its year in "
                    "brackets. – no aggregate; –* no newer data than the previous round (its "
                    "value is not repeated as this round's). Commissions overlap, so regional "
                    "totals are not additive."
                ),
                *caveats,
            ]
        ),
    )


def membership_note(ctx: ReportContext, code: str) -> str:
    """Return the sentence on a region's change of membership between rounds ("" if none)."""
    numbers = [n for n in available_rounds() if n <= ctx.round.number]
    notes = []
    for a, b in itertools.pairwise(numbers):
        change = membership_change(code, get_round(a), get_round(b), ctx.snapshot)
        if change is None:
            continue
        names = join([ctx.name(c) for c in change.joined])
        text = _(
            "{code}'s figures sum {before} {members} in round {a} and {after} in round {b}"
        ).format(
            code=code,
            before=change.counted_before,
            after=change.counted_after,
            members=members_noun(code),
            a=a,
            b=b,
        )
        if change.joined:
            text += _(" ({names} counted from round {b})").format(names=names, b=b)
        notes.append(
            text + _(": a difference between the rounds also reflects the change of membership.")
        )
    return " ".join(notes)


def rounds_table(ctx: ReportContext) -> Table | None:
    """Return this region's indicators in each review round so far (none in the first round)."""
    numbers = [n for n in available_rounds() if n <= ctx.round.number]
    if len(numbers) < 2:
        return None  # one column compares nothing
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
    membership = membership_note(ctx, ctx.area)
    return Table(
        rows,
        columns,
        caption=upper_first(
            _("{region}: review rounds compared").format(region=ctx.region_phrase())
        ),
        source=_("each round's figures, from the publications listed under sources and methods"),
        note=" ".join(
            t
            for t in (
                _(
                    "Migrant-stock figures are on each round's UN DESA revision (named in "
                    "brackets): a revision re-estimates the whole series, so compare the change "
                    "within a revision (key figures) rather than across rounds."
                ),
                membership,
            )
            if t
        ),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the comparison tables (the rounds compared from the second round on)."""
    caption = upper_first(
        _("{region} compared with the other regions and the world").format(
            region=ctx.region_phrase()
        )
    )
    blocks = [areas_table(ctx, ctx.area, caption), rounds_table(ctx)]
    return [b for b in blocks if b is not None]
