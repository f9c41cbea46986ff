"""Remittance corridors and their cost: sending US$200 to and from a region's members (numbers).

From the World Bank's Remittance Prices Worldwide corridor file (snapshot table
``wb_rpw_corridors``: the average total cost of sending US$200, % of the amount, per sending ×
receiving country and survey quarter). The extract used here is a DataBank export covering
2011Q1–2020Q3: RPW goes on surveying corridors every quarter, but these data end there.

Definitions
-----------
* A corridor's cost in a year is the mean of its surveyed quarters that year.
* The figures describe corridors, never the region's average cost: how many corridors into
  (``to``) or out of (``from``) the members were surveyed, how many of them cost at most the
  SDG target of 3%, between 3% and 5%, or more than 5%, and the cheapest and costliest. The
  region's cost of remittances is one statistic, SDG indicator 10.c.1 (the registry's
  ``remittance_cost_pct``): a mean over corridors here would be a second "average cost" for the
  same region, on a different basis and often for a different year, so none is computed.
* Members with data are those receiving (or sending) through at least one surveyed corridor.
* The year follows the rules of every statistic (:mod:`gcm_report.analysis.years`): the latest
  year of the round's window with adequate coverage of receiving members, later than the
  previous round's; a round whose window has no survey in the extract repeats the previous
  round's figures as context (``no_newer_data``): the extract ends in 2020, before round 2's
  window.
* SDG target 10.c: costs below 3% by 2030, and no corridor above 5%.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from gcm_report.analysis.cache import per_snapshot
from gcm_report.analysis.statistics import Stat, area_members
from gcm_report.analysis.years import choose_year
from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = [
    "BANDS",
    "CEILING_PCT",
    "TARGET_PCT",
    "Corridor",
    "RegionCorridors",
    "corridor_costs",
    "region_corridors",
]

TABLE = "wb_rpw_corridors"
TARGET_PCT = 3.0  # SDG 10.c: transaction costs below 3% of the amount sent
CEILING_PCT = 5.0  # SDG 10.c: no corridor costing more than 5%
DIRECTIONS = ("to", "from")
# Cost bands against SDG target 10.c, in order: at most 3%, over 3% up to 5%, over 5%.
BANDS = ("at_target", "3_to_5", "above_5")


_COSTS: dict[tuple[str, str], pd.DataFrame] = {}


def corridor_costs(snapshot: Snapshot) -> pd.DataFrame:
    """Return each corridor's cost per year: the mean of its surveyed quarters.

    Returns
    -------
    DataFrame
        ``sending_iso3``, ``receiving_iso3``, ``year`` (int), ``cost_pct`` and ``quarters``
        (how many quarters were surveyed), sorted by the first three.
    """
    key = (str(snapshot.directory), snapshot.snapshot_id)
    if key not in _COSTS:
        rpw = snapshot.table(TABLE)
        rpw = rpw.assign(year=rpw["period"].str[:4].astype(int))
        out = rpw.groupby(["sending_iso3", "receiving_iso3", "year"], as_index=False).agg(
            cost_pct=("cost_pct", "mean"), quarters=("period", "nunique")
        )
        _COSTS[key] = out.sort_values(["sending_iso3", "receiving_iso3", "year"], ignore_index=True)
    return _COSTS[key]


@dataclass(frozen=True)
class Corridor:
    """One corridor ranked among the cheapest or costliest of a region's."""

    sending: str
    receiving: str
    cost: Stat  # rpw_corridor_cost_pct, area SENDING>RECEIVING
    rank: str  # "cheapest" or "costliest"
    both_in_region: bool


@dataclass
class RegionCorridors:
    """The cost of remittance corridors to and from one region's members in a round.

    Parameters
    ----------
    code
        The commission whose members are the region.
    review_round
        The round: its window and, for the year rule, the previous round.
    snapshot
        The data snapshot.
    """

    code: str
    review_round: ReviewRound
    snapshot: Snapshot

    @property
    def source(self) -> str:
        """Return the source line (citation and vintage, from the snapshot manifest)."""
        return self.snapshot.source_line(TABLE)

    @cached_property
    def members(self) -> frozenset[str]:
        """Return the region's members (located in the region on the meeting's first day)."""
        return area_members(self.snapshot, self.code, self.review_round)

    @cached_property
    def costs(self) -> pd.DataFrame:
        """Return every corridor's yearly cost."""
        return corridor_costs(self.snapshot)

    def _side(self, direction: str) -> str:
        return "receiving_iso3" if direction == "to" else "sending_iso3"

    def _touching(self, direction: str) -> pd.DataFrame:
        return self.costs[self.costs[self._side(direction)].isin(self.members)]

    @cached_property
    def previous(self) -> RegionCorridors | None:
        """Return the same region's corridors in the previous round, if there is one."""
        before = self.review_round.previous
        return None if before is None else region_corridors(self.snapshot, before, self.code)

    @cached_property
    def choice(self) -> tuple[int | None, str]:
        """Return the year the round shows and its status (the rules of every statistic)."""
        to = self._touching("to")
        counts = {int(y): int(n) for y, n in to.groupby("year")["receiving_iso3"].nunique().items()}
        earlier = self.previous.choice if self.previous is not None else (None, "no_data")
        after = earlier[0] if earlier[1] == "ok" else None
        pick = choose_year(counts, self.review_round.data_years, len(self.members), after=after)
        if pick.year is None and after is not None:
            return after, "no_newer_data"
        # low_coverage is decided per statistic: the year stands for the whole section.
        return pick.year, "ok" if pick.year is not None else "no_data"

    @property
    def year(self) -> int | None:
        """Return the year of the corridor figures shown in this round."""
        return self.choice[0]

    @property
    def status(self) -> str:
        """Return ``ok``, ``no_newer_data`` (the previous round's year, as context) or no_data."""
        return self.choice[1]

    @property
    def quarters(self) -> list[str]:
        """Return the survey quarters of the year shown (e.g. 2020Q1–2020Q3)."""
        if self.year is None:
            return []
        periods = self.snapshot.table(TABLE)["period"]
        return sorted(p for p in set(periods) if p.startswith(str(self.year)))

    def _stat(
        self,
        indicator: str,
        area: str,
        value: float | None,
        unit: str = "percent",
        covered: int | None = None,
        total: int | None = None,
        status: str | None = None,
    ) -> Stat:
        status = status or (self.status if value is not None else "no_data")
        return Stat(
            indicator,
            area,
            self.review_round.number,
            self.year,
            value,
            unit,
            status,
            self.source,
            covered,
            total,
        )

    @property
    def repeated(self) -> RegionCorridors | None:
        """Return the previous round's corridors when this round repeats them, else ``None``."""
        return self.previous if self.status == "no_newer_data" else None

    def _repeat(self, stat: Stat) -> Stat:
        """Return a previous round's figure as this round's context (``no_newer_data``)."""
        status = "no_newer_data" if stat.status == "ok" else stat.status
        return replace(stat, round=self.review_round.number, status=status)

    def at_year(self, direction: str) -> pd.DataFrame:
        """Return the corridors to (or from) the members in the year shown."""
        rows = self._touching(direction)
        return rows[rows["year"] == self.year] if self.year is not None else rows.iloc[:0]

    def corridors(self, direction: str) -> Stat:
        """Return how many surveyed corridors lead to (or from) the members in the year.

        Its coverage is the members receiving (or sending) through at least one of them.
        """
        if (earlier := self.repeated) is not None:
            return self._repeat(earlier.corridors(direction))
        rows = self.at_year(direction)
        return self._stat(
            f"rpw_corridors_{direction}_members",
            self.code,
            float(len(rows)),
            "corridors",
            covered=int(rows[self._side(direction)].nunique()),
            total=len(self.members),
        )

    def bands(self, direction: str) -> dict[str, Stat]:
        """Return how many of those corridors fall in each cost band (:data:`BANDS`).

        At most the 3% target (``at_target``), more than 3% up to 5% (``3_to_5``), more than
        the 5% ceiling (``above_5``); the three add up to :meth:`corridors`.
        """
        if (earlier := self.repeated) is not None:
            return {k: self._repeat(v) for k, v in earlier.bands(direction).items()}
        cost = self.at_year(direction)["cost_pct"]
        counts = {
            "at_target": int((cost <= TARGET_PCT).sum()),
            "3_to_5": int(((cost > TARGET_PCT) & (cost <= CEILING_PCT)).sum()),
            "above_5": int((cost > CEILING_PCT).sum()),
        }
        covered = int(self.at_year(direction)[self._side(direction)].nunique())
        return {
            band: self._stat(
                f"rpw_corridors_{direction}_members_{band}",
                self.code,
                float(n) if len(cost) else None,
                "corridors",
                covered=covered,
                total=len(self.members),
            )
            for band, n in counts.items()
        }

    def extremes(self, direction: str, n: int) -> list[Corridor]:
        """Return the ``n`` cheapest and ``n`` costliest corridors to (or from) the members.

        Cheapest first, then the costliest from the most expensive down; with fewer than
        2 × ``n`` corridors each is listed once.
        """
        if (earlier := self.repeated) is not None:
            return [replace(e, cost=self._repeat(e.cost)) for e in earlier.extremes(direction, n)]
        rows = self.at_year(direction)
        # Ties broken on the codes, so equal costs never swap places between builds.
        ranked = rows.sort_values(["cost_pct", "sending_iso3", "receiving_iso3"])
        cheap = ranked.head(min(n, len(ranked)))
        dear = ranked.drop(cheap.index).tail(n).iloc[::-1]
        out = []
        for rank, part in (("cheapest", cheap), ("costliest", dear)):
            for r in part.itertuples():
                area = f"{r.sending_iso3}>{r.receiving_iso3}"
                out.append(
                    Corridor(
                        r.sending_iso3,
                        r.receiving_iso3,
                        self._stat("rpw_corridor_cost_pct", area, float(r.cost_pct)),
                        rank,
                        r.sending_iso3 in self.members and r.receiving_iso3 in self.members,
                    )
                )
        return out


@per_snapshot
def region_corridors(snapshot: Snapshot, review_round: ReviewRound, code: str) -> RegionCorridors:
    """Return a region's corridors in a round (one object per snapshot, round and region)."""
    return RegionCorridors(code, review_round, snapshot)
