"""Sentences generated from the canonical statistics, shared by key messages and analyses.

Every number in a sentence is a statistic passed to :func:`gcm_report.report.blocks.prose`, so
it is published with the block. Wording is neutral: a statistic is stated with its definition,
its year and a comparison (the world, the other regions, the previous round).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from gcm_report.analysis.derived import (
    change_since_previous_round,
    members_recording,
    rank_among_regions,
    ratio_parts,
    share_of,
)
from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import WORLD, Stat
from gcm_report.report.blocks import Prose, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import coverage_phrase, fmt_stat, members_noun
from gcm_report.report.i18n import _, separate

__all__ = [
    "SDG_10C_TARGET",
    "caveat_sentence",
    "indicator_sentence",
    "join",
    "lower_first",
    "objective_gaps",
    "objectives_phrase",
    "ordinal",
    "regions_phrase",
]

SDG_10C_TARGET = 3.0  # SDG target 10.c: remittance costs below 3% by 2030


@cache
def objective_gaps() -> dict[int, str]:
    """Return why each objective without an indicator has none (reference/objective_gaps.yml)."""
    text = resources.files("gcm_report.reference").joinpath("objective_gaps.yml").read_text("utf-8")
    return {int(k): _(str(v)) for k, v in yaml.safe_load(text).items()}


def ordinal(rank: int, total: int) -> str:
    """Return "the highest", "the second highest", ..., "the lowest" of ``total`` regions."""
    if rank == total and total > 1:
        return _("the lowest")
    words = [
        _("the highest"),
        _("the second highest"),
        _("the third highest"),
        _("the fourth highest"),
    ]
    return words[rank - 1]


def regions_phrase(n: int) -> str:
    """Return "the five regions" (or how many have a value), in words."""
    words = {3: _("three"), 4: _("four"), 5: _("five")}
    if n == 5:
        return _("the five regions")
    return _("the {n} regions with a value").format(n=words.get(n, str(n)))


def objectives_phrase(numbers: list[int]) -> str:
    """Return "objective 18" or "objectives 9, 10 and 11"."""
    listed = join([str(o) for o in numbers])
    return (_("objective {n}") if len(numbers) == 1 else _("objectives {n}")).format(n=listed)


def join(items: list[str]) -> str:
    """Join phrases as "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return _("{first} and {last}").format(first=separate(items[:-1]), last=items[-1])


def upper_first(text: str) -> str:
    """Return a sentence or title with its first letter capitalized ("the Arab region: …")."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Return a name as it reads mid-sentence: "Recruitment cost" → "recruitment cost".

    Names that open with an acronym ("IDPs of concern to UNHCR", "SDG …") keep their capitals.
    """
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _usable(stat: Stat) -> bool:
    return stat.value is not None and stat.status == "ok"


# Relative changes from a small base read as noise ("+1,200%"): state both levels instead.
_SMALL_BASE = 1_000
_LARGE_CHANGE_PCT = 300.0
_NO_CHANGE = 0.05  # half the last printed digit of a percentage


def indicator_sentence(ctx: ReportContext, indicator: str) -> Prose:
    """Return one sentence on an indicator for the report's region: level, world, rank, change."""
    ind = REGISTRY[indicator]
    stat = ctx.stat(indicator)
    label = _(ind.label)
    basis = _basis(ctx, indicator)
    if stat.status == "no_newer_data":
        block = prose(
            _("{label}: no newer data than {year} ({value}{basis})."),
            label=label,
            year=stat.year,
            value=stat,
            basis=f"; {basis.text}" if basis.text else "",
        )
        return Prose(block.text, (*block.figures, *basis.figures))
    if not _usable(stat):
        if stat.status == "low_coverage":
            return Prose(
                _(
                    "{label}: no regional value, as only {coverage} have data (at least a third "
                    "are needed)."
                ).format(label=label, coverage=coverage_phrase(stat)),
                (stat,),
            )
        if not stat.members_with_data and stat.members_total:
            return Prose(
                _("{label}: none of the {total} {members} has data for the round's years.").format(
                    label=label, total=stat.members_total, members=members_noun(ctx.area)
                ),
                (stat,),
            )
        return Prose(_("{label}: no data for the round's years.").format(label=label), (stat,))
    if ind.aggregation == "sum" and stat.value == 0:
        recorded = members_recording(indicator, ctx.area, ctx.round, ctx.snapshot)
        # Zero because no member has a record at all: said so, not "0 with data for all".
        text = _("{label}: none reported in {year} for any of the {total} {members}.").format(
            label=label, year=stat.year, total=stat.members_total, members=members_noun(ctx.area)
        )
        return Prose(text, tuple(s for s in (stat, recorded) if s is not None))
    parts = [_("{label}: {value} in {year}")]
    values: dict[str, Any] = {"label": label, "value": stat, "year": stat.year}
    world = ctx.stat(indicator, WORLD)
    if ind.aggregation == "sum":
        share = share_of(stat, world) if _usable(world) else None
        if share is not None:
            parts.append(_(", {share} of the world total"))
            values["share"] = share
    elif _usable(world):
        parts.append(_(" ({basis}world: {world}{world_year})"))
        values["world"] = world
        values["world_year"] = "" if world.year == stat.year else f", {world.year}"
        values["basis"] = f"{basis.text}; " if basis.text else ""
    elif basis.text:
        parts.append(" ({basis})")
        values["basis"] = basis.text
    rank = rank_among_regions(indicator, ctx.area, ctx.round, ctx.snapshot)
    if rank is not None and rank[1] >= 3:
        parts.append(_(", {rank} of {regions}"))
        values |= {"rank": ordinal(*rank), "regions": regions_phrase(rank[1])}
    change = change_since_previous_round(indicator, ctx.area, ctx.round, ctx.snapshot)
    if change is not None and change.before.value is not None:
        values |= {"before": change.before, "before_year": change.before.year}
        small = ind.aggregation == "sum" and change.before.value < _SMALL_BASE
        if (
            change.percent is not None
            and not small
            and abs(change.percent.value or 0) <= (_LARGE_CHANGE_PCT)
        ):
            up = (change.percent.value or 0) >= 0
            parts.append(
                _("; up {pct:abs} from {before} in {before_year}")
                if up
                else _("; down {pct:abs} from {before} in {before_year}")
            )
            values["pct"] = change.percent
        elif ind.aggregation == "sum":
            parts.append(_("; {before} in {before_year}"))
        elif abs(change.difference.value or 0) < _NO_CHANGE:
            parts.append(_("; about the same in {before_year} ({before})"))
        else:
            up = (change.difference.value or 0) >= 0
            values["diff"] = change.difference
            if change.difference.unit == "percentage points":
                parts.append(
                    _("; up {diff:abs} from {before} in {before_year}")
                    if up
                    else _("; down {diff:abs} from {before} in {before_year}")
                )
            else:
                # A rate's change in its unit ("up 155.8 per 100,000 population from 604.9 in
                # 2020"), never a bare number.
                parts.append(
                    _("; up {diff:abs} {unit} from {before} in {before_year}")
                    if up
                    else _("; down {diff:abs} {unit} from {before} in {before_year}")
                )
                values["unit"] = _(change.difference.unit)
    if indicator == "remittance_cost_pct":
        above = (stat.value or 0) > SDG_10C_TARGET
        parts.append(
            _(", above the SDG 10.c target of 3% by 2030")
            if above
            else _(", within the SDG 10.c target of 3%")
        )
    block = prose("".join(parts) + ".", **values)
    block = Prose(block.text, tuple(dict.fromkeys((*block.figures, *basis.figures))))
    if not ind.caveat:
        return block
    caveat = caveat_sentence(ctx, indicator)
    return Prose(
        f"{block.text} {caveat.text}", tuple(dict.fromkeys((*block.figures, *caveat.figures)))
    )


def _basis(ctx: ReportContext, indicator: str) -> Prose:
    """Return what a share of countries rests on ("2 of the 10 members with a score").

    SDG 10.7.2 is a share of the members with a score: 20.0% of ESCWA's in 2019 is two
    countries of ten, which the percentage alone does not say. Empty for other indicators.
    """
    parts = ratio_parts(indicator, ctx.area, ctx.round, ctx.snapshot)
    if REGISTRY[indicator].unit != "% of countries" or parts is None:
        return Prose("")
    num, den = parts
    return prose(
        _("{num} of the {den} {members} with a score"),
        num=num,
        den=den,
        members=members_noun(ctx.area),
    )


def caveat_sentence(ctx: ReportContext, indicator: str) -> Prose:
    """Return an indicator's caveat, with how many members have a record where that matters.

    For a count read as zero where a publisher prints no row (stateless people: UNHCR counts
    only the countries that report them), the number of members with a record, now and at the
    previous round, tells a rise in reporting from a rise in people.
    """
    ind = REGISTRY[indicator]
    now = members_recording(indicator, ctx.area, ctx.round, ctx.snapshot)
    if now is None or not ind.caveat or ind.id == "other_in_need_of_protection":
        return Prose(_(ind.caveat))
    figures = [now]
    text = _("{label} are recorded in {now} in {year}").format(
        label=_(ind.label),
        now=coverage_phrase(now, counted=True),
        year=now.year,
    )
    previous = ctx.round.previous
    before = members_recording(indicator, ctx.area, previous, ctx.snapshot) if previous else None
    if before is not None and before.year != now.year:
        text += _(" ({before} in {year})").format(before=fmt_stat(before), year=before.year)
        figures.append(before)
    text += _(", the others counting as none.")
    return Prose(f"{text} {_(ind.caveat)}", tuple(figures))
