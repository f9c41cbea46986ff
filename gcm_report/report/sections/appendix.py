"""Section: technical appendix — how every input was obtained, every address, checksums, code.

The one place of a report that names files, copies, commits, checksums and exact addresses
(with a note where an address is a staging or test copy of a site, or a page's Arabic
version). The body names publications, releases and sources only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gcm_report.report.blocks import Block, Prose
from gcm_report.report.commitments import cited_sources
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_date, un_dates
from gcm_report.report.i18n import N_, _, separate
from gcm_report.report.provenance import address_note, report_inputs
from gcm_report.report.sections.sources import code_version

TITLE = N_("Technical appendix: provenance")


def publications(ctx: ReportContext) -> list[str]:
    """Return one Markdown line per publication record: citation, stamp, licence, files, URL."""
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for path in sorted(report_inputs(ctx)):
        p = ctx.snapshot.publication_record(path)
        key = (p["citation"] or p["publisher"], p["vintage"], p["licence"])
        grouped.setdefault(key, []).append(p)
    lines = []
    for (citation, vintage, licence), inputs in grouped.items():
        how = (
            _("as published") if all(f["official"] for f in inputs) else _("documented conversion")
        )
        files = ", ".join(f"`{f['path']}`" for f in inputs)
        lines.append(
            _("- **{citation}**; {vintage}; licence {licence}; {files}, {how}. <{url}>").format(
                # A citation may end with a stop: the next part follows in the same sentence.
                citation=citation.rstrip("."),
                vintage=un_dates(vintage),
                licence=licence,
                files=files,
                how=how,
                url=inputs[0]["url"],
            )
        )
    return lines


def _address(url: str) -> str:
    note = address_note(url)
    return f"<{url}>" + (f" ({note})" if note else "")


def addresses(ctx: ReportContext) -> list[str]:
    """Return where the facts on the meeting, membership and commitments were found."""
    meeting = ctx.round.meetings[ctx.area]
    is_address = meeting.source.startswith(("https://", "http://"))
    lines = [
        _("- Review meeting: {title}; {where}.").format(
            title=_(meeting.source_name),
            where=_address(meeting.source) if is_address else _("a document, not a web page"),
        )
    ]
    members = ctx.commission.members
    lists = dict.fromkeys(m.source_url for m in members if m.source_url)
    checked = sorted({m.date_checked for m in members})
    lines.append(
        _("- Membership: the commission's list of members, {where}, consulted on {day}.").format(
            where="; ".join(_address(u) for u in lists),
            day=separate(fmt_date(dt.date.fromisoformat(d)) for d in checked),
        )
    )
    # Dates of accession, each address once with the members it documents.
    joined: dict[str, list[str]] = {}
    for m in members:
        for url in (u.strip() for u in m.member_since_source.split(" ; ")):
            if url:
                joined.setdefault(url, []).append(
                    _("{name} (joined {since})").format(
                        name=ctx.name(m.iso3), since=un_dates(m.member_since)
                    )
                )
    for url, names in joined.items():
        lines.append(
            _("- Accession of {names}: {where}.").format(names=separate(names), where=_address(url))
        )
    for n, c in enumerate(cited_sources(ctx.area, ctx.round), start=1):
        where = "; ".join(_address(u) for u in c.source_urls) or _("a document, not a web page")
        lines.append(
            _("- Commitments, source [{n}]: {title}; {where}.").format(
                n=n, title=_(c.source) if c.source else "", where=where
            )
        )
    return lines


def build(ctx: ReportContext) -> list[Block]:
    """Return the provenance of every number: publications, addresses, checksums, code."""
    from gcm_report import __version__

    files = ctx.snapshot.files()
    checksums = "; ".join(f"`{name}` {digest[:12]}" for name, digest in sorted(files.items()))
    text = [
        _("**Publications**, with the publisher's version stamp, licence, files and address:"),
        "",
        *publications(ctx),
        "",
        _("**Where the facts on the meeting, membership and commitments were found:**"),
        "",
        *addresses(ctx),
        "",
        _(
            "**Data snapshot** `{id}`; table checksums (sha256, first 12 characters): {sums}."
        ).format(id=ctx.snapshot.snapshot_id, sums=checksums),
        "",
        _(
            "**Code.** gcm-report {version}, commit {commit}. The full list of inputs, "
            "parameters and tool versions is in `manifest.json` beside this report."
        ).format(version=__version__, commit=code_version()),
    ]
    return [Prose("\n".join(text))]
