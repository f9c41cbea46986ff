"""Synthesis section: sources and methods (the same rules as the regional reports)."""

from __future__ import annotations

from gcm_report.analysis.years import RULES
from gcm_report.data.regions import AGGREGATION_RULE
from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import _
from gcm_report.report.sections.sources import conventions, publications

TITLE = _("Sources, methods and provenance")


def build(ctx: ReportContext) -> list[Block]:
    """Return sources and methods."""
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
        _(
            "**Data snapshot** `{id}`; the regional reports list every input with its licence "
            "and checksum."
        ).format(id=ctx.snapshot.snapshot_id),
    ]
    return [Prose("\n".join(text))]
