"""Section: technical appendix — every input with licence and URL, checksums, code version."""

from __future__ import annotations

from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import N_, _
from gcm_report.report.sections.sources import code_version, publications

TITLE = N_("Technical appendix: provenance")


def build(ctx: ReportContext) -> list[Block]:
    """Return the provenance of every number: publications, snapshot checksums, code."""
    from gcm_report import __version__

    files = ctx.snapshot.files()
    checksums = "; ".join(f"`{name}` {digest[:12]}" for name, digest in sorted(files.items()))
    text = [
        _("**Publications**, with vintage, licence and address:"),
        "",
        *publications(ctx),
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
