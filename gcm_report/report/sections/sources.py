"""Section: sources, methods (aggregation, year and coverage rules, conventions), provenance."""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.years import RULES
from gcm_report.data.regions import AGGREGATION_RULE
from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import N_, _
from gcm_report.report.sections import REGIONAL, section_module

TITLE = N_("Sources and methods")


def code_version() -> str:
    """Return the git commit of the code (with "+changes" if gcm_report/ has changes)."""
    from gcm_report.codeversion import git_state

    commit, dirty = git_state("gcm_report")
    if commit is None:
        return _("unknown (not a git checkout)")
    return commit[:12] + ("+changes" if dirty else "")


def publications(ctx: ReportContext) -> list[str]:
    """Return one Markdown line per publication behind the report (vintage, licence, URL)."""
    tables = set(ctx.round.tables.values()) | {"gcm_objectives", "m49"}
    # Sections that read snapshot tables outside the indicator registry name them in TABLES.
    for section in REGIONAL:
        tables |= set(getattr(section_module(section), "TABLES", ()))
    for ind in REGISTRY.values():
        for src in ind.sources:
            if isinstance(src, str):
                tables.add(ctx.round.table(src[1:]) if src.startswith("@") else src)
    seen: dict[str, dict[str, Any]] = {}
    for name in sorted(tables):
        for p in ctx.snapshot.provenance(name):
            seen[p["path"]] = p
    for ind in REGISTRY.values():
        for src in ind.sources:
            if not isinstance(src, str):
                seen[src.path] = ctx.snapshot.manifest["inputs"][src.path]
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for p in sorted(seen.values(), key=lambda p: p["path"]):
        key = (p["citation"] or p["publisher"], p["vintage"], p["licence"])
        grouped.setdefault(key, []).append(p)
    lines = []
    for (citation, vintage, licence), inputs in grouped.items():
        how = (
            _("as published") if all(f["official"] for f in inputs) else _("documented conversion")
        )
        lines.append(
            _("- **{citation}**, {vintage}; licence {licence}; {n} file(s), {how}. <{url}>").format(
                citation=citation,
                vintage=vintage,
                licence=licence,
                n=len(inputs),
                how=how,
                url=inputs[0]["url"],
            )
        )
    return lines


def conventions() -> list[str]:
    """Return what the absence of a row means for each publisher, one line each."""
    seen = {ind.convention.key: ind.convention for ind in REGISTRY.values()}
    return [f"- **{_(c.publisher)}.** {_(c.text)}" for c in seen.values()]


def build(ctx: ReportContext) -> list[Block]:
    """Return the plain-language sources and methods (provenance is in the technical appendix)."""
    from gcm_report.report.sections.mandate import vintages

    members = ctx.commission.members
    uncertain = [ctx.name(m.iso3) for m in members if m.accession_uncertain]
    membership = _(
        "**Who counts as the region.** The members and associate members of the {code} "
        "located in the region, as of the first day of the round's review meeting; members "
        "outside the region are listed but not added, and no country is counted twice. The "
        "membership table was checked against the commissions' published lists on {date}."
    ).format(code=ctx.area, date=members[0].date_checked)
    if uncertain:
        membership += " " + _(
            "The accession date of {names} is not established (not a member in December 2021): "
            "it is counted from the first meeting after that date."
        ).format(names=", ".join(uncertain))
    text = [
        _("**Where the numbers come from.**"),
        "",
        *(f"- {line}" for line in vintages(ctx)),
        "",
        membership,
        "",
        _("**Which year, and when there is no regional value.** {rules}").format(rules=_(RULES)),
        "",
        _("**What no data means, by publisher.**"),
        "",
        *conventions(),
        "",
        _("**How regions add up.** {rule}").format(rule=AGGREGATION_RULE),
        "",
        _(
            "Every number shown is in `indicators.csv`, every table in `annex.xlsx`, and the "
            "round's canonical statistics in `statistics.csv`, beside this report; the technical "
            "appendix lists every input file with its licence and checksum."
        ),
    ]
    return [Prose("\n".join(text))]
