"""What every section of a report reads: the area, the round, the snapshot, the statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.analysis.statistics import (
    WORLD,
    RoundStatistics,
    Stat,
    area_members,
    round_statistics,
)
from gcm_report.data.regions import Commission, Member, get_commission
from gcm_report.data.rounds import ReviewRound, get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.data.sources.codes import EXTRA_AREAS, NON_COUNTRIES
from gcm_report.report.i18n import _, current

__all__ = ["ReportContext"]

# Names the M49 table lacks: areas some publishers report, and the non-country groups.
_EXTRA_NAMES = {**EXTRA_AREAS, **NON_COUNTRIES, "TWN": "China, Taiwan Province of China"}


@dataclass
class ReportContext:
    """One report's inputs.

    Parameters
    ----------
    area
        A commission code for a regional report, ``"ALL"`` for the synthesis.
    round_number
        The review round.
    snapshot
        The data snapshot.
    top_n
        Rows in top-country tables.
    """

    area: str
    round_number: int
    snapshot: Snapshot
    top_n: int = 10
    _stats: dict[int, RoundStatistics] = field(default_factory=dict, repr=False)
    # Sections already built for this report, by name: the glossary reads their text.
    built: dict[str, list[Any]] = field(default_factory=dict, repr=False)

    @property
    def round(self) -> ReviewRound:
        """Return the review round."""
        return get_round(self.round_number)

    @property
    def commission(self) -> Commission:
        """Return the report's commission (regional reports only)."""
        return get_commission(self.area)

    @property
    def meeting_day(self) -> dt.date:
        """Return the first day of the commission's review meeting in this round."""
        return self.round.meetings[self.area].start

    def statistics(self, round_number: int | None = None) -> RoundStatistics:
        """Return a round's canonical statistics (this round by default)."""
        n = round_number or self.round_number
        if n not in self._stats:
            self._stats[n] = round_statistics(n, self.snapshot)
        return self._stats[n]

    def stat(
        self, indicator: str, area: str | None = None, round_number: int | None = None
    ) -> Stat:
        """Return the canonical statistic of an indicator for an area (this report's by default)."""
        return self.statistics(round_number).get(indicator, area or self.area)

    @property
    def members(self) -> tuple[Member, ...]:
        """Return the commission's members and associates on the first day of its meeting."""
        return self.commission.members_on(self.meeting_day)

    @property
    def region_iso3(self) -> frozenset[str]:
        """Return the ISO3 codes summed into this region's aggregates in this round."""
        return area_members(self.snapshot, self.area, self.round)

    @cached_property
    def names(self) -> dict[str, str]:
        """Return English display names by ISO3 (M49 names, plus the documented extra areas)."""
        m49 = self.snapshot.table("m49")
        return dict(zip(m49["iso3"].astype(str), m49["name"].astype(str), strict=True)) | (
            _EXTRA_NAMES
        )

    @cached_property
    def _names_by_language(self) -> dict[str, dict[str, str]]:
        table = self.snapshot.table("country_names")
        out: dict[str, dict[str, str]] = {}
        for iso3, language, name in table[["iso3", "language", "name"]].itertuples(index=False):
            out.setdefault(str(language), {})[str(iso3)] = str(name)
        return out

    def name(self, iso3: str) -> str:
        """Return a country's or area's M49 name in the report's language (the code if unknown).

        Areas M49 does not name in that language (Kosovo, "Stateless", the Channel Islands)
        take their English name through the message catalog.
        """
        code = current().code
        if code != "en":
            translated = self._names_by_language.get(code, {}).get(iso3)
            if translated:
                return translated
        english = self.names.get(iso3, iso3)
        return english if code == "en" or english == iso3 else _(english)

    # -- names in the report's language --------------------------------------------------------

    def commission_name(self, code: str | None = None) -> str:
        """Return a commission's official name in the report's language."""
        return get_commission(code or self.area).name_in(current().code)

    def acronym(self, code: str | None = None) -> str:
        """Return a commission's acronym in the report's language (its code where none)."""
        return get_commission(code or self.area).acronym_in(current().code)

    def region_name(self, code: str | None = None) -> str:
        """Return a commission's region, named in the report's language."""
        return _(get_commission(code or self.area).region_name)

    def region_phrase(self, code: str | None = None) -> str:
        """Return a commission's region as it reads inside a sentence ("the Arab region").

        Titles and sentences use it wherever the region is a noun ("Top 10 destination
        countries in the Arab region"); a sentence or title that opens with it is capitalized
        once written (:func:`~gcm_report.report.narrative.upper_first`), since a translation
        may put other words first. Table cells and lists of regions use :meth:`region_name`
        ("Arab region").
        """
        return _(get_commission(code or self.area).region_phrase)

    def source(self, indicator: str) -> str:
        """Return an indicator's source line for this round."""
        return REGISTRY[indicator].source(self.snapshot, self.round)

    @property
    def areas(self) -> tuple[str, ...]:
        """Return the areas of the canonical statistics (commissions, then the world)."""
        return self.statistics().areas

    @staticmethod
    def is_world(area: str) -> bool:
        """Return whether ``area`` is the world."""
        return area == WORLD
