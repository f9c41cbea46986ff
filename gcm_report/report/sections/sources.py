"""Section: sources, methods (aggregation, year and coverage rules, conventions), abbreviations.

Plain language throughout: publications and releases, the rules, what each abbreviation stands
for. How each file was obtained (addresses, checksums, commits) is in the technical appendix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

import yaml

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.years import RULES
from gcm_report.data.regions import AGGREGATION_RULE, COMMISSIONS
from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_date
from gcm_report.report.i18n import N_, _, separate
from gcm_report.report.provenance import data_used, report_inputs

TITLE = N_("Sources and methods")

__all__ = ["TITLE", "abbreviations", "build", "code_version", "conventions", "glossary"]


def code_version() -> str:
    """Return the git commit of the code (with "+changes" if gcm_report/ has changes)."""
    from gcm_report.codeversion import git_state

    commit, dirty = git_state("gcm_report")
    if commit is None:
        return _("unknown (not a git checkout)")
    return commit[:12] + ("+changes" if dirty else "")


def conventions() -> list[str]:
    """Return what the absence of a row means, one line per publisher."""
    by_publisher: dict[str, list[str]] = {}
    for ind in REGISTRY.values():
        c = ind.convention
        texts = by_publisher.setdefault(_(c.publisher), [])
        if _(c.text) not in texts:
            texts.append(_(c.text))
    return [f"- **{publisher}.** {' '.join(texts)}" for publisher, texts in by_publisher.items()]


def membership(ctx: ReportContext) -> str:
    """Return who counts as the region, and any member whose accession date is not known."""
    meeting = ctx.round.meetings[ctx.area]
    members = ctx.commission.members
    checked = {m.date_checked for m in members}
    text = _(
        "**Who counts as the region.** The members and associate members of {code} located "
        "in the region on the first day of the round's review meeting ({day}); members outside "
        "the region are listed but not added, and no country is counted twice. Membership "
        "follows the commission's published list of members, as consulted on {checked} for "
        "this report, each country counted from the date it joined."
    ).format(
        code=ctx.acronym(),
        day=fmt_date(meeting.start),
        checked=separate(fmt_date(dt.date.fromisoformat(d)) for d in sorted(checked)),
    )
    for m in members:
        if not m.accession_uncertain:
            continue
        before = dt.date.fromisoformat(m.member_since.removeprefix("after "))
        counted = m.member_on(meeting.start)
        text += " " + _(
            "{name} joined {code} after {before}; the sources used do not give the exact "
            "date, so it is counted as a member from {since}: {effect}"
        ).format(
            name=ctx.name(m.iso3),
            code=ctx.acronym(),
            before=fmt_date(before),
            since=fmt_date(m.joined),
            effect=_("it is among the members in this round's figures.")
            if counted
            else _("it is not among the members in this round's figures."),
        )
    return text


@cache
def abbreviations() -> dict[str, str]:
    """Return every abbreviation a report may use, with what it stands for (English)."""
    text = resources.files("gcm_report.reference").joinpath("abbreviations.yml").read_text("utf-8")
    return {str(k): str(v) for k, v in yaml.safe_load(text).items()}


def glossary(ctx: ReportContext, texts: Iterable[str]) -> list[str]:
    """Return "- **ABBR** – expansion" for each abbreviation that occurs in ``texts``.

    The commissions' acronyms are those of the report's language, with their official names.
    """
    body = "\n".join(texts)
    known = {ctx.acronym(code): ctx.commission_name(code) for code in COMMISSIONS}
    known |= {abbr: _(expansion) for abbr, expansion in abbreviations().items()}
    # "RT1" and "IDPs" use "RT" and "IDP"; "UNHCR" does not use "UN".
    used = [
        abbr
        for abbr in known
        if re.search(rf"(?<![\w-]){re.escape(abbr)}(?:s\b|(?![A-Za-z]))", body)
    ]
    return [f"- **{abbr}** – {known[abbr]}" for abbr in sorted(used, key=str.casefold)]


def _report_text(ctx: ReportContext) -> list[str]:
    """Return the text of the report's other sections (what the glossary must explain)."""
    from gcm_report.report.sections import REGIONAL, section_module
    from gcm_report.report.sections.cover import regional_cover

    out = [regional_cover(ctx).markdown()]
    for name in REGIONAL:
        if name in ("sources", "appendix"):
            continue
        module = section_module(name)
        out.append(_(module.TITLE))
        # What the report built already (the notebook runs this section after the others).
        blocks = ctx.built[name] if name in ctx.built else module.build(ctx)
        out += [block.markdown() for block in blocks]
    return out


def build(ctx: ReportContext) -> list[Block]:
    """Return the plain-language sources and methods (provenance is in the technical appendix)."""
    text = [
        _("**Where the numbers come from.**"),
        "",
        *(f"- {line}" for line in data_used(ctx, report_inputs(ctx))),
        "",
        membership(ctx),
        "",
        _("**Which year, and when there is no regional value.** {rules}").format(rules=_(RULES)),
        "",
        _("**What no data means, by publisher.**"),
        "",
        *conventions(),
        "",
        _("**How regions add up.** {rule}").format(rule=_(AGGREGATION_RULE)),
        "",
        _(
            "Every number shown is also in the file indicators.csv, and every table in the "
            "workbook annex.xlsx, published with this report; the technical appendix lists how "
            "each file was obtained, with its address, licence and checksum."
        ),
    ]
    # The glossary explains what the report writes, this section included.
    entries = glossary(ctx, [*_report_text(ctx), "\n".join(text)])
    text += ["", _("**Abbreviations.**"), "", *entries]
    return [Prose("\n".join(text))]
