"""The report facade the templates use: a cover, then sections, each displayed as its blocks."""

from __future__ import annotations

from gcm_report.data.snapshot import Snapshot
from gcm_report.report import charts
from gcm_report.report.blocks import Block, Heading
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import _
from gcm_report.report.sections import REGIONAL, SYNTHESIS, section_module
from gcm_report.report.sections.cover import regional_cover, synthesis_cover

__all__ = ["RegionalReport", "Report", "SynthesisReport"]


class Report:
    """A report of one area and round, section by section.

    Parameters
    ----------
    area
        A commission code, or ``"ALL"`` for the synthesis.
    review_round
        Review round number.
    top_n
        Rows in top-country tables.
    snapshot_dir
        Snapshot folder; the committed snapshot when empty.
    """

    sections: tuple[str, ...] = ()

    def __init__(
        self, area: str, review_round: int, top_n: int = 10, snapshot_dir: str | None = None
    ) -> None:
        self.ctx = ReportContext(area, review_round, Snapshot(snapshot_dir or None), top_n)
        self.ctx.round  # noqa: B018 - an unknown round fails here, before any section
        charts.enable()

    def cover(self) -> Block:
        """Return the cover block (its metadata also typesets the PDF cover)."""
        raise NotImplementedError

    def blocks(self, name: str) -> list[Block]:
        """Return the blocks of section ``name``: its heading, then its content."""
        if name not in self.sections:
            raise KeyError(f"{type(self).__name__} has no section {name!r}: {self.sections}")
        module = section_module(name)
        return [Heading(_(module.TITLE)), *module.build(self.ctx)]

    def section(self, name: str) -> None:
        """Display section ``name`` (in a notebook: one output per block)."""
        from IPython.display import display

        for block in self.blocks(name):
            display(block)


class RegionalReport(Report):
    """One commission's regional review report for one round."""

    sections = REGIONAL

    def __init__(
        self, region: str, review_round: int, top_n: int = 10, snapshot_dir: str | None = None
    ) -> None:
        super().__init__(region, review_round, top_n, snapshot_dir)
        self.ctx.commission  # noqa: B018 - an unknown region fails here, with its message

    def cover(self) -> Block:
        return regional_cover(self.ctx)


class SynthesisReport(Report):
    """The synthesis of one review round: the five regions side by side."""

    sections = SYNTHESIS

    def __init__(self, review_round: int, snapshot_dir: str | None = None) -> None:
        super().__init__("ALL", review_round, snapshot_dir=snapshot_dir)

    def cover(self) -> Block:
        return synthesis_cover(self.ctx)
