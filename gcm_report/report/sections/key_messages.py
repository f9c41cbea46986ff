"""Section: key messages, five to eight sentences from the round's canonical statistics.

Each message states a statistic with its definition, year and a comparison: the world, the
previous round, the SDG target. The numbers are the canonical statistics (``statistics.csv``)
and their derived comparisons, all carried by the block and published in ``indicators.csv``.
"""

from __future__ import annotations

import dataclasses

from gcm_report.analysis.derived import change_since_previous_round, share_of
from gcm_report.analysis.flows import RegionalFlows
from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.migration import change
from gcm_report.analysis.statistics import WORLD, Stat
from gcm_report.report.blocks import Block, Prose, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import coverage_phrase, members_noun
from gcm_report.report.i18n import N_, _
from gcm_report.report.narrative import (
    SDG_10C_TARGET,
    join,
    lower_first,
    objective_gaps,
    upper_first,
)

TITLE = N_("Key messages")

# A component of the protection total is named when it is at least this share of it.
_NOTABLE_SHARE = 0.2


def _ok(stat: Stat) -> bool:
    return stat.value is not None and stat.status == "ok"


def migrants(ctx: ReportContext) -> Prose:
    """Return the migrant stock, its share of the population and its change."""
    stock, share = ctx.stat("migrant_stock"), ctx.stat("migrant_share_pct")
    world_share = ctx.stat("migrant_share_pct", WORLD)
    _persons, pct = change(ctx.snapshot, ctx.round, ctx.area)
    decreased = pct.value is not None and pct.value < 0
    return prose(
        _(
            "In {year}, {stock} international migrants (people living outside their country of "
            "birth) lived in {region}, {share} of its population, against {world} worldwide; "
            "their number decreased by {pct:abs} since {prev} (UN DESA, {revision})."
        )
        if decreased
        else _(
            "In {year}, {stock} international migrants (people living outside their country of "
            "birth) lived in {region}, {share} of its population, against {world} worldwide; "
            "their number increased by {pct:abs} since {prev} (UN DESA, {revision})."
        ),
        year=stock.year,
        stock=stock,
        region=ctx.region_phrase(),
        share=share,
        world=world_share,
        pct=pct,
        prev=ctx.round.previous_reference_year,
        revision=_(ctx.round.revision),
    )


def women(ctx: ReportContext) -> Prose:
    """Return the share of women and girls among migrants, against the world."""
    return prose(
        _(
            "Women and girls were {female} of the region's international migrants ({world} "
            "worldwide)."
        ),
        female=ctx.stat("female_share_pct"),
        world=ctx.stat("female_share_pct", WORLD),
    )


def within_region(ctx: ReportContext) -> Prose:
    """Return the share of migrants born in the region, and where the region's emigrants live.

    "The region" is the commission's members and associate members located in it, as in every
    regional figure: a non-regional member (the United States in ECLAC) is outside it, so the
    sentence says "another country of the region", never "another member".
    """
    flows = RegionalFlows(ctx.area, ctx.round, ctx.snapshot)
    e = flows.emigrants()
    return prose(
        _(
            "{share} of the migrants living in {region} were born in another country of the "
            "region; of the {emigrants} people born in the region who live abroad, {within} live "
            "in another country of the region ({year})."
        ),
        share=flows.within_region_share(),
        region=ctx.region_phrase(),
        emigrants=e["emigrant_stock"],
        within=e["within_region_share_pct"],
        year=flows.year,
    )


def protection(ctx: ReportContext) -> Prose | None:
    """Return the people in need of international protection hosted and internal displacement."""
    total = ctx.stat("people_in_need_of_protection")
    if not _ok(total):
        return None
    values: dict[str, object] = {"total": total, "year": total.year, "region": ctx.region_phrase()}
    text = _(
        "At the end of {year}, {region} hosted {total} refugees and others in need of "
        "international protection"
    )
    share = share_of(total, ctx.stat("people_in_need_of_protection", WORLD))
    if share is not None:
        text += _(" ({share} of the world total)")
        values["share"] = share
    parts = []
    for key, name, phrase in (
        (
            "palestine_refugees_unrwa",
            "unrwa",
            _("{unrwa} Palestine refugees under UNRWA's mandate"),
        ),
        (
            "other_in_need_of_protection",
            "oip",
            _(
                "{oip} whom UNHCR counts as other people in need of international protection "
                "rather than as refugees"
            ),
        ),
    ):
        stat = ctx.stat(key)
        if _ok(stat) and (stat.value or 0) >= _NOTABLE_SHARE * (total.value or 0):
            parts.append(phrase)
            values[name] = stat
    if parts:
        text += _(", including {parts}").format(parts=join(parts))
    idps = ctx.stat("idps_conflict")
    flows = ctx.stat("internal_displacements")
    if _ok(idps) and _ok(flows):
        text += _(
            "; UNHCR counted {idps} internally displaced people of concern, and IDMC recorded "
            "{flows} new internal displacements in {flows_year}"
        )
        values |= {"idps": idps, "flows": flows, "flows_year": flows.year}
    return prose(text + ".", **values)


def remittances(ctx: ReportContext) -> Prose | None:
    """Return remittances received, their weight in GDP and their cost against SDG 10.c.

    Each number carries its year and coverage: the amount and the cost rest on different
    members (36 and 19 of ECLAC's 47 in round 2) and often on different years.
    """
    received, gdp, cost = (
        ctx.stat("remittances_received_usd"),
        ctx.stat("remittances_gdp_pct"),
        ctx.stat("remittance_cost_pct"),
    )
    if not _ok(received):
        return None
    values: dict[str, object] = {
        "received": received,
        "year": received.year,
        "region": ctx.region_phrase(),
        "covered": coverage_phrase(received),
    }
    text = _("{region} received {received} in remittances in {year} ({covered} with data")
    if _ok(gdp) and gdp.year == received.year:
        text += _("; {gdp} of its GDP")
        values["gdp"] = gdp
    text += ")"
    if _ok(cost):
        above = (cost.value or 0) > SDG_10C_TARGET
        text += (
            _(
                "; sending US$200 to its countries cost {cost} on average in {cost_year} (SDG "
                "10.c.1, mean over the {cost_covered} with a value), above the SDG 10.c target "
                "of 3% by 2030"
            )
            if above
            else _(
                "; sending US$200 to its countries cost {cost} on average in {cost_year} (SDG "
                "10.c.1, mean over the {cost_covered} with a value), within the SDG 10.c target "
                "of 3%"
            )
        )
        values |= {"cost": cost, "cost_year": cost.year, "cost_covered": coverage_phrase(cost)}
    message = prose(text + ".", **values)
    return dataclasses.replace(message, text=upper_first(message.text))


def deaths(ctx: ReportContext) -> Prose | None:
    """Return the migrants recorded dead or missing, and the change since the previous round."""
    dead = ctx.stat("dead_and_missing")
    if not _ok(dead):
        return None
    values: dict[str, object] = {"dead": dead, "year": dead.year, "region": ctx.region_phrase()}
    text = _(
        "IOM's Missing Migrants Project recorded {dead} migrants dead or missing in {region} in "
        "{year}"
    )
    change_ = change_since_previous_round("dead_and_missing", ctx.area, ctx.round, ctx.snapshot)
    if change_ is not None:
        text += _(", against {before} in {before_year}")
        values |= {"before": change_.before, "before_year": change_.before.year}
    return prose(text + _("; recorded deaths are a lower bound of the true number."), **values)


def gaps(ctx: ReportContext) -> Prose:
    """Return the largest data gaps: objectives without an indicator, too few reporters.

    An indicator no member reports is said to have none ("none of the 47 … reports"), one
    below the minimum coverage says how many do: "too few" would hide which it is.
    """
    missing = sorted(objective_gaps())
    text = _(
        "The current data give no indicator for {n} of the 23 GCM objectives (objectives "
        "{objectives})"
    ).format(n=len(missing), objectives=join([str(o) for o in missing]))
    none, few = [], []
    figures: list[Stat] = []
    for ind in REGISTRY.values():
        stat = ctx.stat(ind.id)
        if stat.status not in ("low_coverage", "no_data"):
            continue
        name = f"{lower_first(_(ind.label))} ({'SDG ' + ind.sdg if ind.sdg else ind.id})"
        figures.append(stat)
        if not stat.members_with_data:
            none.append(name)
        else:
            few.append(
                _("only {n} of the {total} {members} report {name}").format(
                    n=stat.members_with_data,
                    total=stat.members_total,
                    members=members_noun(ctx.area),
                    name=name,
                )
            )
    clauses = []
    if none:
        clauses.append(
            _("none of the {total} {members} reports {names}").format(
                total=len(ctx.region_iso3), members=members_noun(ctx.area), names=join(none)
            )
        )
    if few:
        clauses.append(_("{few}, too few for a regional value").format(few=join(few)))
    if clauses:
        text += _("; for the region, {clauses}").format(clauses="; ".join(clauses))
    return Prose(text + ".", tuple(figures))


def build(ctx: ReportContext) -> list[Block]:
    """Return the key messages as one list."""
    messages = [
        migrants(ctx),
        women(ctx),
        within_region(ctx),
        protection(ctx),
        remittances(ctx),
        deaths(ctx),
        gaps(ctx),
    ]
    shown = [m for m in messages if m is not None]
    text = "\n".join(f"- {m.text}" for m in shown)
    return [Prose(text, figures=tuple(f for m in shown for f in m.figures))]
