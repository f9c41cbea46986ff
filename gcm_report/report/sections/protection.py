"""Section: refugees and others in need of international protection by sex and age (UNHCR).

The UNHCR demographics extract these reports use holds end-2025 only: round 2 shows it as the
latest available breakdown, and says that the round's headline figure is for end-2024, with
that figure, so two totals for two years are never left unexplained; where UNHCR's
classification changed between the two years (other people in need of international protection
reported in Asia from end-2025) the section says so, from the data. Round 1 says plainly that
the extract has no breakdown for its years
(:func:`gcm_report.analysis.demographics.demographics_year`).
"""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.demographics import (
    COMBINED,
    POPULATIONS,
    PopulationProfile,
    breakdown_years,
    demographics_year,
    oip_extension,
    population_profile,
    pyramid,
)
from gcm_report.analysis.statistics import WORLD, Stat
from gcm_report.report import chartkit
from gcm_report.report.blocks import Block, Chart, Column, Prose, Table, prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_stat, members_noun
from gcm_report.report.i18n import N_, _
from gcm_report.report.narrative import join
from gcm_report.report.style import PALETTE

# Snapshot tables read outside the indicator registry (listed in the sources section).
TABLES = ("unhcr_demographics",)
TITLE = N_("Refugees and others in need of protection, by sex and age")

# The table's rows (its note gives the definitions).
ROW_NAMES = {
    "refugees": N_("Refugees (UNHCR mandate)"),
    "oip": N_("Others in need of international protection"),
    "asylum_seekers": N_("Asylum-seekers"),
    COMBINED: N_("Refugees and others in need of protection"),
}
SEX_NAMES = {"female": N_("Women and girls"), "male": N_("Men and boys")}


def _extract(ctx: ReportContext) -> str:
    """Return which years the extract holds, as a clause ("the extract used here holds …")."""
    years = breakdown_years(ctx.snapshot)
    if len(years) == 1:
        return _("the extract used here holds end-{year} only").format(year=years[0])
    return _("the latest year in the extract used here is end-{year}").format(year=years[-1])


def _band(band: str) -> str:
    """Return an age band as printed ("18–59", with an en dash)."""
    return band.replace("-", "–")


def scope(ctx: ReportContext) -> Block:
    """Return which populations are broken down, for which year, beside the round's headline."""
    year = demographics_year(ctx.snapshot, ctx.round)
    first, last = ctx.round.data_years
    if year is None:
        return Prose(
            _(
                "UNHCR's demographics data give refugees, asylum-seekers and other people in "
                "need of international protection by sex and age, but {extract}: these data "
                "have no breakdown for this round's years, {first}–{last}. The second round's "
                "reports show the end-{year} breakdown."
            ).format(
                extract=_extract(ctx),
                first=first,
                last=last,
                year=breakdown_years(ctx.snapshot)[-1],
            )
        )
    headline = ctx.stat("people_in_need_of_protection")
    unrwa = ctx.stat("palestine_refugees_unrwa")
    values: dict[str, Any] = {
        "extract": _extract(ctx),
        "year": year,
        "first": first,
        "last": last,
        "headline": headline,
        "headline_year": headline.year,
        "region": ctx.region_phrase(),
    }
    text = _(
        "Sex and age of the people in need of international protection come from UNHCR's "
        "demographics data, and {extract}, after this round's window ({first}–{last}). The "
        "breakdown used here is therefore for end-{year}, shown as the latest available, while "
        "the round's headline figure is for end-{headline_year}: {headline} refugees and others "
        "in need of international protection in {region} (key messages and key figures)"
    )
    if (unrwa.value or 0) > 0 and unrwa.year == headline.year:
        text += _(
            ", of whom {unrwa} Palestine refugees under UNRWA's mandate, who are not in the "
            "breakdown"
        )
        values["unrwa"] = unrwa
    text += ". " + _(
        "The breakdown covers refugees under UNHCR's mandate, other people in need of "
        "international protection and, separately, asylum-seekers, by country of asylum; "
        "Palestine refugees under UNRWA's mandate are not broken down by sex and age, and "
        "internally displaced, stateless and returned people are not migrants in need of "
        "international protection and are left out. Not every country reports sex and age: "
        "each figure below says for what share of the people counted they are reported."
    )
    return prose(text, **values)


def summary(ctx: ReportContext) -> Block | None:
    """Return the profile of refugees and others in need of protection in words."""
    p = population_profile(ctx.snapshot, ctx.round, ctx.area, COMBINED)
    if p is None:
        return None
    world = population_profile(ctx.snapshot, ctx.round, WORLD, COMBINED)
    assert world is not None
    return prose(
        _(
            "At the end of {year}, {region} hosted {persons} refugees under UNHCR's mandate and "
            "other people in need of international protection. Their sex is reported for "
            "{sex_reported} of them and their age for {age_reported}; {reporting} of the "
            "{hosts} {members} hosting any of them report the sex of at least some. Of those "
            "whose sex "
            "is reported, {female} are women and girls (world: {world_female}). Of those "
            "whose sex and age are both reported, the base of the pyramid below, {female_aged} are "
            "women and girls, {children} are children under 18 (world: {world_children}) and "
            "{older} are aged 60 or more."
        ),
        year=p.persons.year,
        region=ctx.region_phrase(),
        persons=p.persons,
        sex_reported=p.sex_reported,
        age_reported=p.age_reported,
        reporting=p.sex_reporting_hosts,
        hosts=p.hosts,
        members=members_noun(ctx.area),
        female=p.female,
        world_female=world.female,
        female_aged=p.female_age_reported,
        children=p.children,
        world_children=world.children,
        older=p.older,
    )


def classification(ctx: ReportContext) -> Block | None:
    """Return why the region's other people in need of protection jump between the two years.

    UNHCR reported the population type for Venezuelans only until end-2024, and at end-2025 in
    Asia too: a region's end-2024 zero beside its end-2025 figure is a change of
    classification, said where both are shown.
    """
    e = oip_extension(ctx.snapshot, ctx.round, ctx.area)
    if e is None:
        return None
    values: dict[str, Any] = {
        "region": ctx.region_phrase(),
        "before": e.before,
        "before_year": e.before.year,
        "after": e.after,
        "after_year": e.after.year,
        "countries": join([ctx.name(c) for c in e.countries]),
        "refugees_before": e.refugees_before,
        "refugees_after": e.refugees_after,
    }
    text = (
        _(
            "UNHCR reported no other people in need of international protection in {region} at "
            "the end of {before_year}"
        )
        if not e.before.value
        else _(
            "UNHCR reported {before} other people in need of international protection in "
            "{region} at the end of {before_year}"
        )
    )
    if e.origins_before:
        text += _(" (worldwide, it reported this population for people from {origins} only)")
        values["origins"] = join([ctx.name(c) for c in e.origins_before])
    text += _(
        " and {after} at the end of {after_year}, now also in {countries}, which reported none "
        "a year earlier; the same countries' refugees under UNHCR's mandate went from "
        "{refugees_before} to {refugees_after}. The two years' figures therefore differ by "
        "UNHCR's classification of who is a refugee and who another person in need of "
        "international protection, not only by change over the year."
    )
    return prose(text, **values)


def pyramid_chart(ctx: ReportContext) -> Block | None:
    """Return the age-sex pyramid of refugees and others in need of protection."""
    import altair as alt

    cells = pyramid(ctx.snapshot, ctx.round, ctx.area)
    profile = population_profile(ctx.snapshot, ctx.round, ctx.area, COMBINED)
    if cells is None or profile is None:
        return None
    year = int(cells[0][2].year or 0)
    bands = list(dict.fromkeys(_band(band) for _sex, band, _p, _s in cells))
    data = [
        {
            "sex": _(SEX_NAMES[sex]),
            "age": _band(band),
            # Women to the left of the axis, men to the right.
            "signed": -(pct.value or 0) if sex == "female" else (pct.value or 0),
            "pct": pct.value,
            "persons": persons.value,
            "text": fmt_stat(pct),
        }
        for sex, band, persons, pct in cells
    ]
    reach = max(pct.value or 0.0 for _sex, _band_, _persons, pct in cells) or 1.0
    region = ctx.region_phrase()
    description = _(
        "Population pyramid of the refugees and other people in need of international "
        "protection in {region} at the end of {year}, by sex and age band, as a share of "
        "those whose sex and age are reported: {shares}. Women and girls together: {female} of "
        "those whose sex and age are reported ({female_sex} of those whose sex is reported)."
    ).format(
        region=region,
        year=year,
        female=fmt_stat(profile.female_age_reported),
        female_sex=fmt_stat(profile.female),
        shares="; ".join(
            f"{_(SEX_NAMES[sex]).lower()} {_band(band)} {fmt_stat(pct)}"
            for sex, band, _p, pct in cells
        ),
    )
    y = alt.Y("age:N", title=_("Age (years)"), sort=bands[::-1])
    x = alt.X(
        "signed:Q",
        title=_("% of those whose sex and age are reported"),
        scale=alt.Scale(domain=[-reach * 1.25, reach * 1.25]),
        axis=alt.Axis(labelExpr="abs(datum.value) + '%'", tickCount=8),
    )
    colour = alt.Color(
        "sex:N",
        title=None,
        sort=[_(s) for s in SEX_NAMES.values()],
        scale=alt.Scale(domain=[_(s) for s in SEX_NAMES.values()], range=[PALETTE[3], PALETTE[0]]),
        legend=alt.Legend(orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("sex:N", title=_("Sex")),
        alt.Tooltip("age:N", title=_("Age")),
        alt.Tooltip("persons:Q", title=_("Persons"), format=",.0f"),
        alt.Tooltip("pct:Q", title=_("% of those reported"), format=".1f"),
    ]
    base = alt.Chart(alt.Data(values=data)).encode(y=y, x=x)
    bars = base.mark_bar().encode(color=colour, tooltip=tooltip)
    left = base.transform_filter("datum.signed < 0").mark_text(align="right", dx=-4, fontSize=10)
    right = base.transform_filter("datum.signed >= 0").mark_text(align="left", dx=4, fontSize=10)
    source = cells[0][2].source
    chart = (bars + left.encode(text="text:N") + right.encode(text="text:N")).properties(
        title=chartkit.title(
            _(
                "Refugees and other people in need of international protection in {region} by "
                "sex and age, end-{year}"
            ).format(region=region, year=year),
            _(
                "% of those whose sex and age are reported (women and girls together: "
                "{female}; {female_sex} of those whose sex is reported, the base of the table "
                "below); end-{year}, the latest year in the extract used, after this round's "
                "window. Source: {source}."
            ).format(
                female=fmt_stat(profile.female_age_reported),
                female_sex=fmt_stat(profile.female),
                year=year,
                source=source,
            ),
        ),
        width="container",
        height=200,
        description=description,
    )
    shown = [s for _sex, _band, persons, pct in cells for s in (persons, pct)]
    return Chart(chart, (*shown, profile.female_age_reported, profile.female))


def _reported(stat: Stat) -> str:
    # A share of exactly zero is information here (no one's sex reported), not a missing
    # value or a rounded small share: it reads "none".
    return _("none") if stat.value == 0 else fmt_stat(stat)


def _row(name: str, where: str, p: PopulationProfile) -> dict[str, Any]:
    return {
        "population": name,
        "where": where,
        "persons": p.persons,
        "sex_reported": p.sex_reported,
        "female": p.female,
        "children": p.children,
        "older": p.older,
    }


def profile_table(ctx: ReportContext) -> Block | None:
    """Return each population's size, completeness, sex and age, region and world."""
    year = demographics_year(ctx.snapshot, ctx.round)
    if year is None:
        return None
    rows = []
    for area, where in ((ctx.area, ctx.area), (WORLD, _("World"))):
        for population in (*POPULATIONS, COMBINED):
            p = population_profile(ctx.snapshot, ctx.round, area, population)
            assert p is not None
            rows.append(_row(_(ROW_NAMES[population]), where, p))
    return Table(
        rows,
        [
            Column("population", _("Population"), width=4),
            Column("where", _("Area")),
            Column("persons", _("Persons, end-{year}").format(year=year), numeric=True),
            Column("sex_reported", _("Sex reported"), _reported, numeric=True),
            Column("female", _("Women and girls"), numeric=True),
            Column("children", _("Children (0–17)"), numeric=True),
            Column("older", _("Aged 60+"), numeric=True),
        ],
        caption=_(
            "Refugees, asylum-seekers and others in need of protection by sex and age, "
            "{region} and the world, end-{year}"
        ).format(region=ctx.region_phrase(), year=year),
        source=ctx.snapshot.source_line("unhcr_demographics"),
        note=_(
            "End-{year}, the latest year in the UNHCR demographics extract used, after this "
            "round's window. Persons by country of asylum ({code} {members} located in the "
            "region). Sex reported: share of the persons counted whose sex is reported; women "
            "and girls: share of those; children and aged 60+: shares of those whose sex and "
            "age are reported. The combined rows (refugees and other people in need of "
            "international protection) leave asylum-seekers out. – means that no one is "
            "counted, or that no sex or age is reported."
        ).format(year=year, code=ctx.area, members=members_noun(ctx.area)),
    )


def build(ctx: ReportContext) -> list[Block]:
    """Return the section's blocks (round 1: the statement that no breakdown exists)."""
    blocks = [
        scope(ctx),
        summary(ctx),
        classification(ctx),
        pyramid_chart(ctx),
        profile_table(ctx),
    ]
    return [b for b in blocks if b is not None]
