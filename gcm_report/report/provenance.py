"""What a report says about its own data: which publications, which releases, produced when.

The body names publications and releases (``reference/publications.yml``); the technical
appendix lists how each file was obtained (the snapshot's manifest) and every address a fact
was found at, with a note where that address is not the publisher's public page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from urllib.parse import urlsplit

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.data.publications import Publication, latest_release
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_partial_date
from gcm_report.report.i18n import _, separate

__all__ = [
    "address_note",
    "data_published_up_to",
    "data_used",
    "indicator_inputs",
    "production_date",
    "report_inputs",
]


def indicator_inputs(ctx: ReportContext) -> list[str]:
    """Return the raw inputs behind the report's indicators, in registry order, once each."""
    paths: list[str] = []
    for ind in REGISTRY.values():
        for src in ind.sources:
            if isinstance(src, str):
                table = ctx.round.table(src[1:]) if src.startswith("@") else src
                paths.append(ctx.snapshot.manifest["tables"][table]["inputs"][0])
            else:
                paths.append(src.path)
    return list(dict.fromkeys(paths))


def report_inputs(ctx: ReportContext) -> list[str]:
    """Return every raw input a report reads: indicators, the round's tables, sections' tables."""
    from gcm_report.report.sections import REGIONAL, section_module

    tables = set(ctx.round.tables.values()) | {"gcm_objectives", "m49"}
    # Sections that read snapshot tables outside the indicator registry name them in TABLES.
    for section in REGIONAL:
        tables |= set(getattr(section_module(section), "TABLES", ()))
    for ind in REGISTRY.values():
        for src in ind.sources:
            if isinstance(src, str):
                tables.add(ctx.round.table(src[1:]) if src.startswith("@") else src)
    paths = [p for name in sorted(tables) for p in ctx.snapshot.manifest["tables"][name]["inputs"]]
    return list(dict.fromkeys([*indicator_inputs(ctx), *sorted(set(paths))]))


def data_used(ctx: ReportContext, paths: list[str]) -> list[str]:
    """Return one line per publication: its releases, and what each holds where they differ.

    "World Bank, World Development Indicators: population, March 2026 release; personal
    remittances received, 1 July 2025 release" says once which series comes from which release.
    """
    grouped: dict[str, dict[str, list[Publication]]] = {}
    for path in paths:
        entry = ctx.snapshot.publication(path)
        grouped.setdefault(entry.publication, {}).setdefault(entry.release, []).append(entry)
    lines = []
    for publication, releases in grouped.items():
        if len(releases) == 1:
            (release,) = releases
            lines.append(separate(p for p in (_(publication), _(release)) if p))
            continue
        parts = []
        for release, entries in releases.items():
            covers = [_(e.covers) for e in dict.fromkeys(entries) if e.covers]
            what = _(" and ").join(dict.fromkeys(covers))
            parts.append(separate(p for p in (what, _(release)) if p))
        lines.append(f"{_(publication)}: {'; '.join(parts)}")
    return lines


def data_published_up_to(ctx: ReportContext, paths: list[str]) -> str:
    """Return the date of the latest release a report reads ("June 2026")."""
    latest = latest_release([ctx.snapshot.publication(p) for p in paths])
    return fmt_partial_date(latest.released) if latest else ""


def production_date() -> dt.date:
    """Return the day the report is produced (``SOURCE_DATE_EPOCH`` fixes it, for rebuilds).

    The UTC date, as the build records it in the report's manifest.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


# Addresses that are not a publisher's public page: a staging or test copy of its site.
_NOT_PUBLIC = re.compile(r"(^|[.-])(stage|staging|uat|test)([.-]|$)")


def address_note(url: str) -> str:
    """Return what a reader of an address should know (empty for a public page).

    Facts are cited at the address where they were found; some were found on a publisher's
    staging or test server, or on a page's Arabic version. The technical appendix says so
    beside the address, and a report's body never prints such an address.
    """
    parts = urlsplit(url)
    notes = []
    if _NOT_PUBLIC.search(parts.hostname or ""):
        notes.append(
            _(
                "retrieved from {host}, the publisher's staging or test server; the sources "
                "used give no public address of the page"
            ).format(host=parts.hostname)
        )
    if parts.path.startswith("/ar/"):
        notes.append(_("the Arabic-language version of the page"))
    return "; ".join(notes)
