"""Section: sources, methods (aggregation, year and coverage rules, conventions), provenance."""

from __future__ import annotations

from typing import Any

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.years import RULES
from gcm_report.data.regions import AGGREGATION_RULE
from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import _
from gcm_report.report.sections import REGIONAL, section_module

TITLE = _("Sources, methods and provenance")


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
    return [f"- **{c.publisher}.** {c.text}" for c in seen.values()]


def build(ctx: ReportContext) -> list[Block]:
    """Return the sources, methods and provenance text."""
    from gcm_report import __version__

    files = ctx.snapshot.files()
    checksums = "; ".join(f"`{name}` {digest[:12]}" for name, digest in sorted(files.items()))
    members = ctx.commission.members
    uncertain = [m.name for m in members if m.accession_uncertain]
    membership = _(
        "**Membership.** Curated from the commissions' published member lists and checked "
        "against the counts in the review-process reference on {date}. Each round counts the "
        "members as of its review meeting."
    ).format(date=members[0].date_checked)
    if uncertain:
        membership += " " + _(
            "The accession date of {names} is not established (not a member in December "
            "2021); counted from the first meeting after that date."
        ).format(names=", ".join(uncertain))
    text = [
        *publications(ctx),
        "",
        _("**Aggregation rule.** {rule}").format(rule=AGGREGATION_RULE),
        "",
        _("**Year and coverage rules.** {rules}").format(rules=RULES),
        "",
        _("**What no data means, by publisher.**"),
        "",
        *conventions(),
        "",
        membership,
        "",
        _(
            "**Data snapshot** `{id}`; table checksums (sha256, first 12 characters): {sums}."
        ).format(id=ctx.snapshot.snapshot_id, sums=checksums),
        "",
        _(
            "**Code.** gcm-report {version}, commit {commit}. Every number shown is in "
            "`indicators.csv` and every table in `annex.xlsx` beside this report; the round's "
            "canonical statistics are in `statistics.csv`."
        ).format(version=__version__, commit=code_version()),
    ]
    return [Prose("\n".join(text))]
