"""Section: progress by objective, the 23 GCM objectives under the four round tables."""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.derived import members_recording
from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import Stat
from gcm_report.report.blocks import Block, Column, Heading, Prose, Table, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import (
    MISSING,
    coverage_text,
    fmt_stat,
    members_noun,
    status_text,
    year_text,
)
from gcm_report.report.i18n import N_, _, current
from gcm_report.report.narrative import (
    caveat_sentence,
    indicator_sentence,
    join,
    objective_gaps,
    objectives_phrase,
)

TITLE = N_("Progress by objective")


def data_coverage(ctx: ReportContext) -> Stat:
    """Return the share of indicator × member cells with data in this round (objective 1)."""
    stats = [ctx.stat(i) for i in REGISTRY]
    cells = sum(s.members_total or 0 for s in stats)
    with_data = sum(s.members_with_data or 0 for s in stats)
    return Stat(
        "data_coverage_pct",
        ctx.area,
        ctx.round.number,
        ctx.round.reference_year,
        100 * with_data / cells if cells else None,
        "percent",
        "ok",
        # indicators.csv is the same in every language: the source stays as written.
        "gcm-report indicator registry over the data snapshot (canonical statistics)",
    )


def value_text(stat: Stat) -> str:
    """Return a statistic for a table cell: its value, or why there is none."""
    if stat.status in ("low_coverage", "no_data"):
        return MISSING
    ind = REGISTRY.get(stat.indicator)
    if stat.value == 0 and ind is not None and ind.absent_is_zero:
        # No member has a record: "none reported", never a bare "0" that reads as measured.
        return _("none reported")
    return fmt_stat(stat)


def coverage_cell(stat: Stat, recorded: Stat | None) -> str:
    """Return the coverage cell: members with data, or with a record where absence is zero.

    For a publisher that prints no row where it counts no one, every member is covered by
    convention; the cell says how many have a record, so "47 of 47" never stands for none.
    """
    if recorded is None or stat.status in ("low_coverage", "no_data"):
        return coverage_text(stat)
    if not recorded.value:
        return _("none of {total} recorded").format(total=recorded.members_total)
    return _("{n} of {total} recorded").format(n=fmt_stat(recorded), total=recorded.members_total)


def year_cell(stat: Stat, previous_round: int | None) -> str:
    """Return the year cell: the year, with "no newer data" or the reason for no value."""
    if stat.status == "no_newer_data":
        return _("{year}, no newer data").format(year=stat.year)
    if stat.status in ("low_coverage", "no_data"):
        return status_text(stat, previous_round)
    return year_text(stat)


def round_table_analysis(ctx: ReportContext, rt: str, objectives: Any, coverage: Stat) -> Block:
    """Return the round table's paragraph: what its indicators show, and what has no data.

    An objective counts as having a value when one of its indicators has a regional value.
    Objective 1's data-availability score describes this report's data, not the region, and is
    stated as such, never counted among the objectives with a value.
    """
    numbers = sorted(int(o) for o in objectives["objective"])
    linked = [i.id for i in REGISTRY.values() if set(i.objectives) & set(numbers)]
    with_data = {
        o
        for i in linked
        for o in REGISTRY[i].objectives
        if o in numbers and ctx.stat(i).value is not None
    }
    without = [
        o for o in numbers if o != 1 and not any(o in REGISTRY[i].objectives for i in linked)
    ]
    sentences = [indicator_sentence(ctx, i) for i in linked]
    opening = (
        _(
            "{rt} groups {objectives}; the current data give the region a value for none of the "
            "{total}."
        )
        if not with_data
        else _(
            "{rt} groups {objectives}; the current data give the region a value for {n} of the "
            "{total}."
        )
    ).format(rt=rt, objectives=objectives_phrase(numbers), n=len(with_data), total=len(numbers))
    parts = [opening, *(s.text for s in sentences)]
    figures = [f for s in sentences for f in s.figures]
    if 1 in numbers:
        availability = prose(
            _(
                "Objective 1 (data) is described by how complete this report's data are: "
                "{coverage} of the values its {indicators} indicators could have for the "
                "{members} {noun} exist."
            ),
            coverage=coverage,
            indicators=len(REGISTRY),
            members=len(ctx.region_iso3),
            noun=members_noun(ctx.area),
        )
        parts.append(availability.text)
        figures += availability.figures
    if without:
        parts.append(
            _(
                "No indicator exists in the current data for {missing} (reasons in the table)."
            ).format(missing=objectives_phrase(without))
        )
    return Prose(" ".join(parts).strip(), tuple(figures))


def build(ctx: ReportContext) -> list[Block]:
    """Return, per round table RT1–RT4, a heading and a table of its objectives' indicators."""
    objectives = ctx.snapshot.table("gcm_objectives")
    previous = ctx.round.previous.number if ctx.round.previous else None
    coverage = data_coverage(ctx)
    gaps = objective_gaps()
    blocks: list[Block] = [
        Prose(
            _(
                "The 23 GCM objectives grouped by the four round tables used by the regional "
                "reviews. Each objective lists its indicators with the region's value, or says "
                "plainly that the current data have none."
            )
        )
    ]
    if current().code != "en":
        # The snapshot holds the objectives' English titles; the catalogs' versions are ours.
        blocks.append(
            Prose(
                _(
                    "The objectives' titles and the round tables' themes are given here in an "
                    "unofficial translation; the authoritative wording is that of General "
                    "Assembly resolution 73/195 in each official language of the United Nations."
                )
            )
        )
    for rt, group in objectives.groupby("round_table", sort=True):
        theme = _(group["round_table_theme"].iloc[0])
        rows: list[dict[str, Any]] = []
        for obj in group.sort_values("objective").itertuples():
            label = f"{obj.objective}. {_(obj.title)}"
            linked = [i for i in REGISTRY.values() if obj.objective in i.objectives]
            if obj.objective == 1:
                rows.append(
                    {
                        "objective": label,
                        "indicator": _(
                            "Data availability: share of all indicator values for the "
                            "members that this report has (a description of the data, not "
                            "of the region)"
                        ),
                        "value": coverage,
                        "year": str(ctx.round.reference_year),
                        "coverage": MISSING,
                        "sdg": MISSING,
                    }
                )
            elif not linked:
                reason = gaps.get(int(obj.objective), "")
                rows.append(
                    {
                        "objective": label,
                        "indicator": _("No indicator in the current data.") + f" {reason}",
                        "value": MISSING,
                        "year": MISSING,
                        "coverage": MISSING,
                        "sdg": MISSING,
                    }
                )
            for ind in linked:
                stat = ctx.stat(ind.id)
                recorded = members_recording(ind.id, ctx.area, ctx.round, ctx.snapshot)
                rows.append(
                    {
                        "objective": label,
                        "indicator": _(ind.title),
                        "value": stat,
                        "value_text": value_text(stat),
                        "year": year_cell(stat, previous),
                        "coverage": coverage_cell(stat, recorded),
                        # Carried, so the number of members with a record is published too.
                        "recorded": recorded,
                        "sdg": ind.sdg or MISSING,
                    }
                )
        # Name each objective once, on its first row, so the table reads as groups.
        for before, row in zip([None, *rows], rows, strict=False):
            same = before is not None and before["objective"] == row["objective"]
            row["objective_shown"] = "" if same else row["objective"]
        in_table = [i for i in REGISTRY.values() if set(i.objectives) & set(group["objective"])]
        sources = "; ".join(dict.fromkeys(ctx.source(i.id) for i in in_table))
        caveats = [caveat_sentence(ctx, i.id).text for i in in_table if i.caveat]
        zero_rule = list(
            dict.fromkeys(i.convention.publisher for i in in_table if i.absent_is_zero)
        )
        blocks.append(Heading(f"{rt}: {theme}", level=3))
        blocks.append(round_table_analysis(ctx, rt, group, coverage))
        blocks.append(
            Table(
                rows,
                [
                    Column("objective_shown", _("GCM objective"), width=4),
                    Column("indicator", _("Indicator"), width=4),
                    Column(
                        "value",
                        _("Region"),
                        lambda v: value_text(v) if isinstance(v, Stat) else str(v),
                        numeric=True,
                        width=2,
                    ),
                    Column("year", _("Year"), numeric=True, width=2),
                    Column("coverage", _("Coverage"), numeric=True, width=2),
                    Column("sdg", _("SDG")),
                ],
                caption=_("{rt}: {theme}: indicators by objective, {region}").format(
                    rt=rt, theme=theme, region=ctx.region_phrase()
                ),
                source=sources or _("GCM objectives (A/RES/73/195)"),
                note=" ".join(
                    [
                        _(
                            "Regional values aggregate the {members} located in the region; "
                            "each is for the latest adequately covered year of the round's "
                            "window. Coverage: how many of them have data."
                        ).format(members=members_noun(ctx.area)),
                        *(
                            [
                                _(
                                    "For figures from {publishers}, which print no row where they "
                                    "count no one, how many have a record: the others count as "
                                    "none, and “none reported” means that no one has one."
                                ).format(publishers=join(zero_rule))
                            ]
                            if zero_rule
                            else []
                        ),
                        *caveats,
                    ]
                ),
                extra_figures=tuple(
                    f for i in in_table if i.caveat for f in caveat_sentence(ctx, i.id).figures
                ),
            )
        )
    return blocks
