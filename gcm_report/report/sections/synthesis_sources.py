"""Synthesis section: sources and methods (the same rules as the regional reports)."""

from __future__ import annotations

from gcm_report.analysis.years import RULES
from gcm_report.data.regions import AGGREGATION_RULE
from gcm_report.report.blocks import Block, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import N_, _
from gcm_report.report.provenance import data_used, indicator_inputs
from gcm_report.report.sections.sources import conventions

TITLE = N_("Sources and methods")


def build(ctx: ReportContext) -> list[Block]:
    """Return sources and methods."""
    text = [
        _("**Where the numbers come from.**"),
        "",
        *(f"- {line}" for line in data_used(ctx, indicator_inputs(ctx))),
        "",
        _("**Aggregation rule.** {rule}").format(rule=_(AGGREGATION_RULE)),
        "",
        _("**Year and coverage rules.** {rules}").format(rules=_(RULES)),
        "",
        _("**What no data means, by publisher.**"),
        "",
        *conventions(),
        "",
        _(
            "All reports of the round read the same data, with the same rules. The technical "
            "appendix of each regional report lists how every file was obtained, with its "
            "address, licence and checksum."
        ),
    ]
    return [Prose("\n".join(text))]
