"""The report facade the templates use: a cover, then sections, each displayed as its blocks."""

from __future__ import annotations

from gcm_report.data.snapshot import Snapshot
from gcm_report.errors import ParamsError, ReportFailed
from gcm_report.report import charts
from gcm_report.report.blocks import Block, Heading
from gcm_report.report.context import ReportContext
from gcm_report.report.i18n import LANGUAGES, _, missing_messages, set_language
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
    language
        The language the report is written in (``en``, ``fr``, ``es``, ``ru`` or ``ar``).
    """

    sections: tuple[str, ...] = ()

    def __init__(
        self,
        area: str,
        review_round: int,
        top_n: int = 10,
        snapshot_dir: str | None = None,
        language: str = "en",
    ) -> None:
        if language not in LANGUAGES:
            raise ParamsError(
                f"parameter 'language' is {language!r}: expected one of {', '.join(LANGUAGES)}"
            )
        self.language = set_language(language)
        self.ctx = ReportContext(area, review_round, Snapshot(snapshot_dir or None), top_n)
        self.ctx.round  # noqa: B018 - an unknown round fails here, before any section
        charts.enable()

    def cover(self) -> Block:
        """Return the cover block (its metadata also typesets the PDF cover)."""
        block = self._cover()
        # The renderers set the page's language, direction and typeface from these.
        block.meta = {
            **block.meta,
            "language": self.language.code,
            "direction": self.language.direction,
        }
        return block

    def _cover(self) -> Block:
        raise NotImplementedError

    def blocks(self, name: str) -> list[Block]:
        """Return the blocks of section ``name``: its heading, then its content."""
        if name not in self.sections:
            raise KeyError(f"{type(self).__name__} has no section {name!r}: {self.sections}")
        module = section_module(name)
        before = missing_messages()
        content = module.build(self.ctx)
        self.ctx.built[name] = content
        blocks = [Heading(_(module.TITLE)), *content]
        # A block's text is made when it is displayed; render it here so that a text missing
        # from the language's catalog stops the report instead of printing in English.
        if self.language.code != "en":
            for block in blocks:
                block.markdown()
        untranslated = sorted(m for lang, m in missing_messages() - before if lang != "en")
        if untranslated:
            raise ReportFailed(
                f"section {name!r}: {len(untranslated)} text(s) not translated into "
                f"{self.language.code} (gcm_report/locale/{self.language.code}.po), first: "
                f"{untranslated[0][:80]!r}; run `make messages` and translate them"
            )
        return blocks

    def section(self, name: str) -> None:
        """Display section ``name`` (in a notebook: one output per block)."""
        from IPython.display import display

        for block in self.blocks(name):
            display(block)


class RegionalReport(Report):
    """One commission's regional review report for one round."""

    sections = REGIONAL

    def __init__(
        self,
        region: str,
        review_round: int,
        top_n: int = 10,
        snapshot_dir: str | None = None,
        language: str = "en",
    ) -> None:
        super().__init__(region, review_round, top_n, snapshot_dir, language)
        self.ctx.commission  # noqa: B018 - an unknown region fails here, with its message

    def _cover(self) -> Block:
        return regional_cover(self.ctx)


class SynthesisReport(Report):
    """The synthesis of one review round: the five regions side by side."""

    sections = SYNTHESIS

    def __init__(
        self, review_round: int, snapshot_dir: str | None = None, language: str = "en"
    ) -> None:
        super().__init__("ALL", review_round, snapshot_dir=snapshot_dir, language=language)

    def _cover(self) -> Block:
        return synthesis_cover(self.ctx)
