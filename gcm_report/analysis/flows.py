"""Where a region's international migrants were born, and where its emigrants live (numbers).

Computed from the round's UN DESA origin × destination table (``migrant_origin_destination`` in
``rounds.yml``) at the round's reference year, both sexes summed. A commission's region is its
members located in the region on the first day of the round's review meeting, on the
destination side (where migrants live) and on the origin side (where they were born).

Overlaps
--------
Commissions overlap (Egypt is in ECA and ESCWA; Kazakhstan, the Russian Federation, Türkiye,
the Caucasus and Central Asia in ECE and ESCAP), so one person can fall in several cells of the
origin-region × destination-region matrix and the origin shares of a region can add up to more
than 100%. Within one cell nobody is counted twice: each origin-destination pair is summed once.
"Rest of the world" holds the countries and areas in none of the five regions (e.g. Réunion,
the Channel Islands); "Unknown" is UN DESA's "other or unknown" country of birth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from gcm_report.analysis.statistics import Stat, area_members, statistic
from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = ["REST_OF_WORLD", "UNKNOWN", "RegionalFlows", "region_groups"]

REST_OF_WORLD = "ROW"
UNKNOWN = "UNK"  # the snapshot's code for UN DESA's "other / unknown" origin ("OOO" raw)
MAJORITY_PCT = 50.0


def region_groups(snapshot: Snapshot, review_round: ReviewRound) -> dict[str, frozenset[str]]:
    """Return the ISO3 codes of each commission's region in the round, by commission code."""
    return {code: area_members(snapshot, code, review_round) for code in COMMISSIONS}


def _pct(part: float, whole: float) -> float | None:
    return None if not whole else 100.0 * part / whole


@dataclass
class RegionalFlows:
    """Origins of one region's international migrants and destinations of its emigrants.

    Parameters
    ----------
    code
        The commission whose region is described.
    review_round
        The round: its origin × destination table and reference year.
    snapshot
        The data snapshot to read.
    """

    code: str
    review_round: ReviewRound
    snapshot: Snapshot

    @property
    def year(self) -> int:
        """Return the round's data reference year."""
        return self.review_round.reference_year

    @property
    def table_name(self) -> str:
        """Return the snapshot table the figures come from."""
        return self.review_round.table("migrant_origin_destination")

    @property
    def source(self) -> str:
        """Return the source line (citation and vintage, from the snapshot manifest)."""
        return self.snapshot.source_line(self.table_name)

    @cached_property
    def groups(self) -> dict[str, frozenset[str]]:
        """Return the ISO3 codes of each of the five regions, by commission code."""
        return region_groups(self.snapshot, self.review_round)

    @property
    def members(self) -> frozenset[str]:
        """Return the ISO3 codes of this commission's region."""
        return self.groups[self.code]

    @cached_property
    def stock(self) -> pd.DataFrame:
        """Return persons by destination and origin in the reference year, both sexes summed."""
        od = self.snapshot.table(self.table_name)
        od = od[od["year"] == self.year]
        if od.empty:
            raise ValueError(f"{self.table_name}: no data for {self.year}")
        pairs = od.groupby(["dest", "origin"], observed=True, as_index=False)["value"].sum()
        return pairs.rename(columns={"value": "persons"}).astype({"persons": "int64"})

    def group_mask(self, codes: pd.Series, group: str) -> pd.Series:
        """Return which ``codes`` belong to ``group`` (a commission, ROW or UNK)."""
        if group == UNKNOWN:
            return codes == UNKNOWN
        if group == REST_OF_WORLD:
            anywhere = frozenset().union(*self.groups.values())
            return ~codes.isin(anywhere) & (codes != UNKNOWN)
        return codes.isin(self.groups[group])

    @property
    def origin_groups(self) -> list[str]:
        """Return the matrix rows: the five regions, rest of the world, unknown."""
        return [*COMMISSIONS, REST_OF_WORLD, UNKNOWN]

    @property
    def destination_groups(self) -> list[str]:
        """Return the matrix columns: the five regions and the rest of the world."""
        return [*COMMISSIONS, REST_OF_WORLD]

    def _stat(self, indicator: str, area: str, value: float | None, unit: str) -> Stat:
        return Stat(
            indicator,
            area,
            self.review_round.number,
            self.year,
            value,
            unit,
            "ok" if value is not None else "no_data",
            self.source,
        )

    # -- migrants in the region by region of birth -------------------------------------------

    @cached_property
    def migrants(self) -> pd.DataFrame:
        """Return the (destination, origin) pairs whose destination is in the region."""
        return self.stock[self.stock["dest"].isin(self.members)]

    @property
    def migrant_stock(self) -> int:
        """Return the international migrants living in the region (persons)."""
        return int(self.migrants["persons"].sum())

    def origin_shares(self) -> list[tuple[str, Stat, Stat]]:
        """Return the region's migrants by region of birth, own region first.

        Returns
        -------
        list of (group, persons, share)
            ``group`` is a commission code, ``"ROW"`` or ``"UNK"``; ``persons`` and ``share``
            (% of all migrants living in the region) are statistics. Overlapping regions make
            the shares add up to more than 100%.
        """
        order = [self.code, *(g for g in self.origin_groups if g != self.code)]
        out = []
        for group in order:
            persons = int(
                self.migrants.loc[self.group_mask(self.migrants["origin"], group), "persons"].sum()
            )
            if group == self.code:
                names = ("born_in_region_stock", "born_in_region_share_pct", self.code)
            else:
                names = ("origin_region_stock", "origin_region_share_pct", f"{group}>{self.code}")
            out.append(
                (
                    group,
                    self._stat(names[0], names[2], persons, "persons"),
                    self._stat(names[1], names[2], _pct(persons, self.migrant_stock), "percent"),
                )
            )
        return out

    def within_region_share(self) -> Stat:
        """Return the share (%) of the region's migrants born in the same region."""
        return self.origin_shares()[0][2]

    def total(self) -> Stat:
        """Return the region's migrant stock from the origin × destination table."""
        return self._stat("migrant_stock", self.code, self.migrant_stock, "persons")

    # -- corridors ----------------------------------------------------------------------------

    def top_corridors(self, n: int = 10) -> pd.DataFrame:
        """Return the ``n`` largest origin → destination corridors into the region.

        "Other or unknown" origins are not a corridor and are left out of the ranking; shares
        are of all migrants living in the region, unknown origins included.

        Returns
        -------
        DataFrame
            ``origin``, ``dest``, ``persons`` (Stat), ``share`` (Stat), ``origin_in_region``.
        """
        known = self.migrants[self.migrants["origin"] != UNKNOWN]
        # Ties broken on the codes, so equal corridors never swap places between runs.
        top = known.sort_values(["persons", "origin", "dest"], ascending=[False, True, True])
        rows = []
        for r in top.head(n).itertuples():
            area = f"{r.origin}>{r.dest}"
            rows.append(
                {
                    "origin": r.origin,
                    "dest": r.dest,
                    "persons": self._stat(
                        "corridor_migrant_stock", area, int(r.persons), "persons"
                    ),
                    "share": self._stat(
                        "corridor_share_pct", area, _pct(r.persons, self.migrant_stock), "percent"
                    ),
                    "origin_in_region": r.origin in self.members,
                }
            )
        return pd.DataFrame(rows)

    # -- origin-region × destination-region matrix -------------------------------------------

    def region_matrix(self) -> pd.DataFrame:
        """Return persons living in destination region D born in origin region O.

        Returns
        -------
        DataFrame
            Rows (``origin_region``): ECA, ECE, ECLAC, ESCAP, ESCWA, ``"ROW"``, ``"UNK"``;
            columns (``dest_region``): the five regions and ``"ROW"``; values in persons.
        """
        stock = self.stock
        dest_masks = {d: self.group_mask(stock["dest"], d) for d in self.destination_groups}
        cells: dict[str, dict[str, int]] = {}
        for o in self.origin_groups:
            born = self.group_mask(stock["origin"], o)
            cells[o] = {
                d: int(stock.loc[born & dest_masks[d], "persons"].sum())
                for d in self.destination_groups
            }
        matrix = pd.DataFrame.from_dict(cells, orient="index", dtype="int64")
        matrix = matrix.loc[self.origin_groups, self.destination_groups]
        matrix.index.name, matrix.columns.name = "origin_region", "dest_region"
        return matrix

    def matrix_stat(self, origin: str, dest: str, persons: int) -> Stat:
        """Return one matrix cell as a statistic."""
        return self._stat("region_matrix_stock", f"{origin}>{dest}", persons, "persons")

    # -- emigrants ----------------------------------------------------------------------------

    def emigrants(self) -> dict[str, Stat]:
        """Return the region's emigrants: people born in it living outside their birth country.

        Returns
        -------
        dict
            ``emigrant_stock`` (persons born in the region's members living in any other
            country), ``within_region_stock`` (of whom in another country of the region) and
            ``within_region_share_pct``.
        """
        born = self.stock[self.stock["origin"].isin(self.members)]
        # A migrant lives outside their country of birth by definition; the filter guards
        # against a future revision listing natives in the origin × destination table.
        born = born[born["dest"] != born["origin"]]
        total = int(born["persons"].sum())
        within = int(born.loc[born["dest"].isin(self.members), "persons"].sum())
        canonical = statistic("emigrant_stock", self.code, self.review_round, self.snapshot)
        # The same number as the registry's emigrant stock, which every report prints.
        assert canonical.year != self.year or canonical.value == total, (canonical, total)
        return {
            "emigrant_stock": canonical,
            "within_region_stock": self._stat(
                "emigrant_within_region_stock", self.code, within, "persons"
            ),
            "within_region_share_pct": self._stat(
                "emigrant_within_region_share_pct", self.code, _pct(within, total), "percent"
            ),
        }

    def top_origins(self, n: int) -> pd.DataFrame:
        """Return the ``n`` countries of birth of most migrants living in the region.

        "Unknown" origins are never ranked.

        Returns
        -------
        DataFrame
            ``origin``, ``persons`` (Stat), ``share`` (Stat), ``in_region``.
        """
        by_origin = self.migrants.groupby("origin", as_index=False)["persons"].sum()
        by_origin = by_origin[by_origin["origin"] != UNKNOWN]
        top = by_origin.sort_values(["persons", "origin"], ascending=[False, True]).head(n)
        rows = []
        for r in top.itertuples():
            area = f"{r.origin}>{self.code}"
            rows.append(
                {
                    "origin": r.origin,
                    "persons": self._stat(
                        "migrant_stock_by_origin", area, int(r.persons), "persons"
                    ),
                    "share": self._stat(
                        "migrant_share_by_origin_pct",
                        area,
                        _pct(r.persons, self.migrant_stock),
                        "percent",
                    ),
                    "in_region": r.origin in self.members,
                }
            )
        return pd.DataFrame(rows)


def born_in_living_in(
    snapshot: Snapshot, review_round: ReviewRound, origin: str, dest: frozenset[str], year: int
) -> Stat:
    """Return the people born in ``origin`` living in the countries ``dest`` in ``year``.

    From the round's origin × destination table, both sexes; ``origin`` itself is never a
    destination. The statistic's area is ``ORIGIN>`` followed by the sorted destinations when
    there are several, or the destination's code.
    """
    table = review_round.table("migrant_origin_destination")
    od = snapshot.table(table)
    sel = od[(od["origin"] == origin) & od["dest"].isin(dest - {origin}) & (od["year"] == year)]
    area = f"{origin}>{next(iter(dest))}" if len(dest) == 1 else f"{origin}>{len(dest - {origin})}"
    return Stat(
        "migrant_stock_by_origin",
        area,
        review_round.number,
        year,
        float(sel["value"].sum()) if len(sel) else None,
        "persons",
        "ok" if len(sel) else "no_data",
        snapshot.source_line(table),
        label=review_round.revision,
    )
