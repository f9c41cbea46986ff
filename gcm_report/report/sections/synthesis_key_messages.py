"""Synthesis section: key messages across the five regions, and change since the last round.

A region's figure set beside the world's says that regions overlap (ECA and ESCWA share nine
countries, ECE and ESCAP ten), every range says its year, and the largest data gaps across
the regions close the list.
"""

from __future__ import annotations

from gcm_report.analysis.derived import change_since_previous_round, overlaps, share_of
from gcm_report.analysis.flows import RegionalFlows
from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import WORLD, Stat
from gcm_report.data.regions import COMMISSIONS
from gcm_report.report.blocks import Block, Prose, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import collation_key
from gcm_report.report.i18n import N_, _
from gcm_report.report.narrative import SDG_10C_TARGET, join, lower_first, objective_gaps

TITLE = N_("Key messages")


def _ok(stat: Stat) -> bool:
    return stat.value is not None and stat.status == "ok"


def _extremes(ctx: ReportContext, indicator: str) -> tuple[str, Stat, str, Stat] | None:
    """Return (highest region, its stat, lowest region, its stat) among regions with a value."""
    stats = {c: ctx.stat(indicator, c) for c in COMMISSIONS}
    ok = {c: s for c, s in stats.items() if _ok(s)}
    if len(ok) < 2:
        return None
    top = max(ok, key=lambda c: ok[c].value or 0)
    low = min(ok, key=lambda c: ok[c].value or 0)
    return top, ok[top], low, ok[low]


def overlap_clause(ctx: ReportContext, code: str) -> str:
    """Return the reminder that a region's figure also counts countries of another region."""
    shared = overlaps(code, ctx.round, ctx.snapshot)
    if not shared:
        return ""
    parts = [
        _("{n} countries it shares with {other} ({names})").format(
            n=len(codes),
            other=other,
            names=join(sorted((ctx.name(c) for c in codes), key=collation_key)),
        )
        for other, codes in shared.items()
    ]
    return " " + _(
        "{code}'s figure includes the {parts}, counted in both regional figures: regions "
        "overlap, so their figures add up to more than the world's."
    ).format(code=code, parts=join(parts))


def migrants(ctx: ReportContext) -> Prose:
    """Return the world stock and share, and the regions with the most and the highest share."""
    world = ctx.stat("migrant_stock", WORLD)
    share = ctx.stat("migrant_share_pct", WORLD)
    stock = _extremes(ctx, "migrant_stock")
    shares = _extremes(ctx, "migrant_share_pct")
    assert stock is not None and shares is not None
    return prose(
        _(
            "In {year}, {world} international migrants lived outside their country of birth, "
            "{share} of the world's population. Of the five regions, {top} (members located in "
            "the region) hosted the most, {top_stock}, and {high} had the highest share of "
            "migrants in its population, {high_share}; {low} had the lowest, {low_share}."
        ),
        year=world.year,
        world=world,
        share=share,
        top=stock[0],
        top_stock=stock[1],
        high=shares[0],
        high_share=shares[1],
        low=shares[2],
        low_share=shares[3],
    )


def within(ctx: ReportContext) -> Prose:
    """Return the range of the share of migrants born in the same region."""
    shares = {
        c: RegionalFlows(c, ctx.round, ctx.snapshot).within_region_share() for c in COMMISSIONS
    }
    top = max(shares, key=lambda c: shares[c].value or 0)
    low = min(shares, key=lambda c: shares[c].value or 0)
    return prose(
        _(
            "The share of a region's migrants born in another country of the same region ranged "
            "from {low_share} in {low} to {top_share} in {top} ({year}); regions overlap, so "
            "these shares are not additive."
        ),
        low_share=shares[low],
        low=low,
        top_share=shares[top],
        top=top,
        year=ctx.round.reference_year,
    )


def protection(ctx: ReportContext) -> Prose | None:
    """Return the world's people in need of protection and the largest host region."""
    world = ctx.stat("people_in_need_of_protection", WORLD)
    ext = _extremes(ctx, "people_in_need_of_protection")
    if not _ok(world) or ext is None:
        return None
    share = share_of(ext[1], world)
    values: dict[str, object] = {
        "year": world.year,
        "world": world,
        "top": ext[0],
        "top_value": ext[1],
        "unrwa": ctx.stat("palestine_refugees_unrwa", WORLD),
        "oip": ctx.stat("other_in_need_of_protection", WORLD),
    }
    text = _(
        "At the end of {year}, {world} refugees and others were in need of international "
        "protection (UNHCR and UNRWA), of them {unrwa} Palestine refugees under UNRWA's mandate "
        "and {oip} other people in need of international protection; {top} hosted the most, "
        "{top_value}"
    )
    if share is not None:
        text += _(" ({share} of the world total)")
        values["share"] = share
    return prose(
        text + "." + overlap_clause(ctx, ext[0]).replace("{", "{{").replace("}", "}}"), **values
    )


def remittances(ctx: ReportContext) -> Prose | None:
    """Return remittances: largest receiving region, highest share of GDP, costs vs 3%."""
    received = _extremes(ctx, "remittances_received_usd")
    gdp = _extremes(ctx, "remittances_gdp_pct")
    cost = _extremes(ctx, "remittance_cost_pct")
    if received is None or gdp is None:
        return None
    values: dict[str, object] = {
        "top": received[0],
        "top_value": received[1],
        "year": received[1].year,
        "gdp_top": gdp[0],
        "gdp_value": gdp[1],
    }
    text = _(
        "{top} received the most remittances, {top_value} in {year}; {gdp_top} depended on "
        "them most, {gdp_value} of its GDP in {gdp_year}"
    )
    values["gdp_year"] = gdp[1].year
    if cost is not None:
        all_above = (cost[3].value or 0) > SDG_10C_TARGET
        # The range's year: the cost statistic (SDG 10.c.1) is for another year than the
        # amounts (2021 against 2023 in round 2).
        years = sorted({y for y in (cost[1].year, cost[3].year) if y is not None})
        values["cost_year"] = "–".join(str(y) for y in years)
        text += (
            _(
                "; in {cost_year}, the average cost of sending US$200 (SDG 10.c.1) ranged from "
                "{low_cost} ({low}) to {top_cost} ({high}), above the SDG 10.c target of 3% in "
                "every region"
            )
            if all_above
            else _(
                "; in {cost_year}, the average cost of sending US$200 (SDG 10.c.1) ranged from "
                "{low_cost} ({low}) to {top_cost} ({high})"
            )
        )
        values |= {"low_cost": cost[3], "low": cost[2], "top_cost": cost[1], "high": cost[0]}
    return prose(text + ".", **values)


def deaths(ctx: ReportContext) -> Prose | None:
    """Return migrants recorded dead or missing worldwide and by region."""
    world = ctx.stat("dead_and_missing", WORLD)
    ext = _extremes(ctx, "dead_and_missing")
    if not _ok(world) or ext is None:
        return None
    values: dict[str, object] = {
        "world": world,
        "year": world.year,
        "top": ext[0],
        "top_value": ext[1],
    }
    text = _(
        "IOM's Missing Migrants Project recorded {world} migrants dead or missing worldwide in "
        "{year}, {top_value} of them in {region} ({top})"
    )
    values["region"] = ctx.region_phrase(ext[0])
    change = change_since_previous_round("dead_and_missing", WORLD, ctx.round, ctx.snapshot)
    if change is not None:
        text += _(", against {before} worldwide in {before_year}")
        values |= {"before": change.before, "before_year": change.before.year}
    return prose(
        text + "." + overlap_clause(ctx, ext[0]).replace("{", "{{").replace("}", "}}"), **values
    )


def gaps(ctx: ReportContext) -> Prose:
    """Return the largest data gaps across the regions: objectives, and indicators few have."""
    missing = sorted(objective_gaps())
    text = _(
        "The current data give no indicator for {n} of the 23 GCM objectives (objectives "
        "{objectives})"
    ).format(n=len(missing), objectives=join([str(o) for o in missing]))
    figures: list[Stat] = []
    none, some = [], []
    for ind in REGISTRY.values():
        stats = {c: ctx.stat(ind.id, c) for c in COMMISSIONS}
        with_value = [c for c, s in stats.items() if _ok(s)]
        if len(with_value) == len(COMMISSIONS):
            continue
        figures += list(stats.values())
        name = f"{lower_first(_(ind.label))} ({'SDG ' + ind.sdg if ind.sdg else ind.id})"
        if not with_value:
            none.append(name)
        else:
            some.append(
                _("{name} for {n} of the five ({regions})").format(
                    name=name, n=len(with_value), regions=join(with_value)
                )
            )
    if none:
        text += _("; no region has a regional value for {names}").format(names=join(none))
    if some:
        text += _("; this round's data give a regional value of {some}").format(some=join(some))
    return Prose(text + ".", tuple(figures))


def build(ctx: ReportContext) -> list[Block]:
    """Return the key messages as one list."""
    shown = [
        m
        for m in (
            migrants(ctx),
            within(ctx),
            protection(ctx),
            remittances(ctx),
            deaths(ctx),
            gaps(ctx),
        )
        if m is not None
    ]
    text = "\n".join(f"- {m.text}" for m in shown)
    return [Prose(text, figures=tuple(f for m in shown for f in m.figures))]
