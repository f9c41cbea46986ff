"""What a report shows: sections of blocks built from the canonical statistics.

The template notebooks call only this facade: ``report.cover()`` and ``report.section(name)``
for each section of :mod:`gcm_report.report.sections`, in order.
"""

from __future__ import annotations

from gcm_report.report.report import RegionalReport, Report, SynthesisReport

__all__ = ["RegionalReport", "Report", "SynthesisReport"]
