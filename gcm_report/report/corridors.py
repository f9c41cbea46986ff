"""Where a region's international migrants were born, and where its emigrants live.

Figures for the report section "Within the region and beyond", computed from the UN DESA
origin × destination migrant-stock tables of the snapshot (``undesa_ims_<revision>_od``) at a
review round's reference year, with the two sexes summed.

Regions follow :data:`gcm_report.data.regions.AGGREGATION_RULE`: a commission's region is the set of
its members located in the region (:attr:`~gcm_report.data.regions.Commission.aggregate_iso3`), on
the destination side (where migrants live) and on the origin side (where they were born).

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
from typing import Any

import pandas as pd

from gcm_report.data.regions import COMMISSIONS, Commission, get_commission
from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot
from gcm_report.report.blocks import Column, Note, Table, fmt_int, fmt_pct
from gcm_report.report.style import INK

__all__ = [
    "OVERLAP_NOTE",
    "REST_OF_WORLD",
    "UNKNOWN",
    "RegionalFlows",
    "od_table_name",
    "region_groups",
]

REST_OF_WORLD = "ROW"
UNKNOWN = "UNK"  # the snapshot's code for UN DESA's "other / unknown" origin ("OOO" raw)

OVERLAP_NOTE = (
    "Regions are the commissions' members located in the region. Commissions overlap "
    "(e.g. Egypt is in ECA and ESCWA; Kazakhstan, the Russian Federation, Türkiye, the Caucasus "
    "and Central Asia are in ECE and ESCAP), so a person can count in several cells and shares "
    "across regions can add up to more than 100%; no one is counted twice within a cell. "
    "Rest of the world: countries and areas in none of the five regions. Unknown: country of "
    "birth not known or not specified by UN DESA."
)

# Names the M49 table lacks: UN DESA lists Taiwan separately, and "UNK" is not a country.
_EXTRA_NAMES = {"TWN": "China, Taiwan Province of China", UNKNOWN: "Other or unknown"}
_MAJORITY_PCT = 50.0


def od_table_name(revision: int) -> str:
    """Return the snapshot table holding the origin × destination stock of an IMS revision.

    Raises
    ------
    ValueError
        If the snapshot has no origin × destination table for ``revision``.
    """
    if revision not in (2020, 2024):
        raise ValueError(f"no origin × destination migrant stock for IMS revision {revision}")
    return f"undesa_ims_{revision}_od"


def region_groups() -> dict[str, frozenset[str]]:
    """Return the ISO3 codes summed into each commission's regional aggregate, by code."""
    return {code: frozenset(get_commission(code).aggregate_iso3) for code in COMMISSIONS}


def _label(group: str) -> str:
    if group == REST_OF_WORLD:
        return "Rest of the world"
    if group == UNKNOWN:
        return "Unknown"
    return f"{get_commission(group).region_name} ({group})"


def _short(group: str) -> str:
    # Chart axes have little room: codes for regions, words for the two residual groups.
    return {REST_OF_WORLD: "Rest of world", UNKNOWN: "Unknown"}.get(group, group)


def _region_phrase(commission: Commission) -> str:
    # "Arab region" reads as a common noun inside a sentence ("in the Arab region"); the other
    # region names are proper names ("in Africa").
    name = commission.region_name
    return f"the {name}" if name.endswith("region") else name


def _pct(part: float, whole: float) -> float:
    return float("nan") if not whole else 100.0 * part / whole


def _compact(persons: float) -> str:
    if persons >= 1_000_000:
        return f"{persons / 1_000_000:.1f} M"
    if persons >= 1_000:
        return f"{persons / 1_000:.0f} k"
    return f"{persons:.0f}"


@dataclass
class RegionalFlows:
    """Origins of one region's international migrants and destinations of its emigrants.

    Parameters
    ----------
    commission
        The commission whose region (members located in the region) is described.
    review_round
        The round: its IMS revision picks the table, its reference year the year.
    snapshot
        The data snapshot to read.
    """

    commission: Commission
    review_round: ReviewRound
    snapshot: Snapshot

    # -- data ---------------------------------------------------------------------------------

    @property
    def year(self) -> int:
        """Return the round's data reference year."""
        return self.review_round.reference_year

    @property
    def table_name(self) -> str:
        """Return the snapshot table the figures come from."""
        return od_table_name(self.review_round.ims_revision)

    @property
    def source(self) -> str:
        """Return the source line (citation and vintage, from the snapshot manifest)."""
        return self.snapshot.source_line(self.table_name)

    @property
    def code(self) -> str:
        """Return the commission code (``"ECE"``, ...)."""
        return self.commission.code

    @cached_property
    def groups(self) -> dict[str, frozenset[str]]:
        """Return the ISO3 codes of each of the five regions, by commission code."""
        return region_groups()

    @cached_property
    def members(self) -> frozenset[str]:
        """Return the ISO3 codes of this commission's region."""
        return frozenset(self.commission.aggregate_iso3)

    @cached_property
    def stock(self) -> pd.DataFrame:
        """Return persons by destination and origin in the reference year, both sexes summed.

        One row per (``dest``, ``origin``) pair, so any sum over a set of rows counts each
        person once.
        """
        od = self.snapshot.table(self.table_name)
        od = od[od["year"] == self.year]
        if od.empty:
            raise ValueError(f"{self.table_name}: no data for {self.year}")
        # Rows are per sex; one row per pair after the sum keeps every cell free of repeats.
        pairs = od.groupby(["dest", "origin"], observed=True, as_index=False)["value"].sum()
        return pairs.rename(columns={"value": "persons"}).astype({"persons": "int64"})

    @cached_property
    def _names(self) -> dict[str, str]:
        m49 = self.snapshot.table("m49")
        return dict(zip(m49["iso3"].astype(str), m49["name"].astype(str), strict=True)) | (
            _EXTRA_NAMES
        )

    def name(self, iso3: str) -> str:
        """Return the display name of a country or area (the ISO3 code if unknown)."""
        return self._names.get(iso3, iso3)

    def _group_mask(self, codes: pd.Series, group: str) -> pd.Series:
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

    # -- migrants in the region by region of birth -------------------------------------------

    @cached_property
    def migrants(self) -> pd.DataFrame:
        """Return the (destination, origin) pairs whose destination is in the region."""
        return self.stock[self.stock["dest"].isin(self.members)]

    @property
    def migrant_stock(self) -> int:
        """Return the international migrants living in the region (persons)."""
        return int(self.migrants["persons"].sum())

    def origin_shares(self) -> pd.DataFrame:
        """Return the region's migrants by region of birth, own region first.

        Returns
        -------
        DataFrame
            One row per origin group: ``group`` (commission code, ``"ROW"`` or ``"UNK"``),
            ``label``, ``persons``, ``share_pct`` (of all migrants living in the region) and
            ``same_region``. Overlapping regions make the shares add up to more than 100%.
        """
        order = [self.code, *(g for g in self.origin_groups if g != self.code)]
        total = self.migrant_stock
        rows = []
        for group in order:
            persons = int(
                self.migrants.loc[self._group_mask(self.migrants["origin"], group), "persons"].sum()
            )
            rows.append(
                {
                    "group": group,
                    "label": _label(group),
                    "persons": persons,
                    "share_pct": _pct(persons, total),
                    "same_region": group == self.code,
                }
            )
        return pd.DataFrame(rows)

    def within_region_share(self) -> float:
        """Return the share (%) of the region's migrants born in the same region."""
        shares = self.origin_shares()
        return float(shares.loc[shares["same_region"], "share_pct"].iloc[0])

    def most_within_region(self) -> bool:
        """Return whether more than half of the region's migrants were born in the region."""
        return self.within_region_share() > _MAJORITY_PCT

    def summary(self) -> Note:
        """Return the section's finding in words: within-region share, other origins, emigrants.

        The seed document claims that "most international migration takes place within
        regions"; the first sentence says whether that holds for this region and round.
        """
        shares = self.origin_shares()
        own = shares.iloc[0]
        region = _region_phrase(self.commission)
        verdict = (
            f"For {region} ({self.code}), the claim that most international migration takes "
            f"place within regions holds in {self.year}."
            if self.most_within_region()
            else f"For {region} ({self.code}), the claim that most international migration "
            f"takes place within regions does not hold in {self.year}: no more than half of the "
            "region's migrants were born in it."
        )
        wording = {REST_OF_WORLD: "outside all five regions", UNKNOWN: "country of birth unknown"}
        others = "; ".join(
            f"{wording.get(row.group, row.label)} {fmt_pct(row.share_pct)}"
            for row in shares.iloc[1:].itertuples()
        )
        e = self.emigrants()
        return Note(
            f"In {self.year}, {fmt_pct(own['share_pct'])} of the "
            f"{fmt_int(self.migrant_stock)} international migrants living in {region} "
            f"({self.code} members located in the region) were born in the same region "
            f"({fmt_int(own['persons'])} persons). {verdict}\n\n"
            f"Shares born in the other regions and beyond: {others}. Commissions overlap, so a "
            "migrant born in a country of two regions counts under both and these shares, with "
            "the first, can add up to more than 100%.\n\n"
            f"Of the {fmt_int(e['emigrant_stock'])} people born in the region who live outside "
            f"their country of birth, {fmt_int(e['within_region_stock'])} "
            f"({fmt_pct(e['within_region_share_pct'])}) live in another country of the region."
        )

    # -- corridors ----------------------------------------------------------------------------

    def top_corridors(self, n: int = 10) -> pd.DataFrame:
        """Return the ``n`` largest origin → destination corridors into the region.

        "Other or unknown" origins are not a corridor and are left out of the ranking; shares
        are of all migrants living in the region, unknown origins included.

        Returns
        -------
        DataFrame
            ``origin``, ``origin_name``, ``dest``, ``dest_name``, ``persons``, ``share_pct`` and
            ``origin_in_region``, largest first.
        """
        known = self.migrants[self.migrants["origin"] != UNKNOWN]
        # Ties broken on the codes, so equal corridors never swap places between runs.
        top = known.sort_values(["persons", "origin", "dest"], ascending=[False, True, True]).head(
            n
        )
        return pd.DataFrame(
            {
                "origin": top["origin"],
                "origin_name": top["origin"].map(self.name),
                "dest": top["dest"],
                "dest_name": top["dest"].map(self.name),
                "persons": top["persons"],
                "share_pct": 100.0 * top["persons"] / self.migrant_stock,
                "origin_in_region": top["origin"].isin(self.members),
            }
        ).reset_index(drop=True)

    def corridors_table(self, n: int = 10) -> Table:
        """Return the top-``n`` corridors as a typeset table."""
        top = self.top_corridors(n)
        columns = [
            Column("origin_name", "Country of birth", width=3),
            Column("dest_name", "Country of residence", width=3),
            Column("persons", f"Migrants, {self.year}", fmt_int, numeric=True),
            Column("share_pct", "Share of region's migrants", fmt_pct, numeric=True),
            Column("origin_in_region", "Born in the region", lambda v: "yes" if v else "no"),
        ]
        return Table(
            top,
            columns,
            caption=(
                f"Top {len(top)} migration corridors into {self.commission.region_name}, "
                f"{self.year}"
            ),
            source=self.source,
            note=(
                "International migrants at mid-year, persons (both sexes); shares are of all "
                f"migrants living in the {self.code} members located in the region. Migrants of "
                "unknown country of birth are not ranked."
            ),
        )

    # -- origin-region × destination-region matrix -------------------------------------------

    def region_matrix(self) -> pd.DataFrame:
        """Return persons living in destination region D born in origin region O.

        Returns
        -------
        DataFrame
            Rows (``origin_region``): ECA, ECE, ECLAC, ESCAP, ESCWA, ``"ROW"``, ``"UNK"``;
            columns (``dest_region``): the five regions and ``"ROW"``; values in persons.
            Overlapping regions put one person in several cells, never twice in one.
        """
        stock = self.stock
        dest_masks = {d: self._group_mask(stock["dest"], d) for d in self.destination_groups}
        cells: dict[str, dict[str, int]] = {}
        for o in self.origin_groups:
            born = self._group_mask(stock["origin"], o)
            cells[o] = {
                d: int(stock.loc[born & dest_masks[d], "persons"].sum())
                for d in self.destination_groups
            }
        matrix = pd.DataFrame.from_dict(cells, orient="index", dtype="int64")
        matrix = matrix.loc[self.origin_groups, self.destination_groups]
        matrix.index.name, matrix.columns.name = "origin_region", "dest_region"
        return matrix

    def _matrix_long(self) -> pd.DataFrame:
        long = self.region_matrix().stack().rename("persons").reset_index()
        long["origin_label"] = long["origin_region"].map(_label)
        long["dest_label"] = long["dest_region"].map(_label)
        return long

    def matrix_table(self) -> Table:
        """Return the origin-region × destination-region matrix as a typeset table."""
        matrix = self.region_matrix()
        data = matrix.reset_index()
        data.insert(0, "label", data["origin_region"].map(_label))
        columns = [
            Column("label", "Born in (row) / living in (column)", width=3),
            *(Column(d, _short(d), fmt_int, numeric=True) for d in self.destination_groups),
        ]
        return Table(
            data,
            columns,
            caption=(
                f"International migrants by region of birth and region of residence, {self.year}"
            ),
            source=self.source,
            note=f"Persons at mid-year (both sexes). {OVERLAP_NOTE}",
        )

    def matrix_chart(self) -> Any:
        """Return an Altair heatmap of the matrix, with the largest cell stated in its alt text."""
        import altair as alt

        long = self._matrix_long()
        long["text"] = long["persons"].map(_compact)
        long["origin_short"] = long["origin_region"].map(_short)
        long["dest_short"] = long["dest_region"].map(_short)
        top = long.loc[long["persons"].idxmax()]
        same = top["origin_region"] == top["dest_region"]
        where = "in the same region" if same else f"in {top['dest_label']}"
        own = int(
            long.loc[
                (long["origin_region"] == self.code) & (long["dest_region"] == self.code), "persons"
            ].iloc[0]
        )
        description = (
            f"Heatmap of international migrants in {self.year} by region of birth (rows: the five "
            "UN regional commissions' regions, the rest of the world and unknown) and region of "
            "residence (columns). The largest cell is people born in "
            f"{top['origin_label']} living {where}: {fmt_int(top['persons'])} persons. "
        )
        if not (same and top["origin_region"] == self.code):
            description += (
                f"People born in {_label(self.code)} living in another country of the same "
                f"region: {fmt_int(own)}. "
            )
        description += "Regions overlap, so a person can count in several cells."
        # Dark cells get white text: on the square-root scale, 35% of the maximum is about 60%
        # along the blue ramp, where dark text stops being legible.
        dark = float(long["persons"].max()) * 0.35
        base = alt.Chart(long).encode(
            x=alt.X(
                "dest_short:N",
                title="Region of residence",
                sort=[_short(d) for d in self.destination_groups],
                axis=alt.Axis(orient="top", labelAngle=0),
            ),
            y=alt.Y(
                "origin_short:N",
                title="Region of birth",
                sort=[_short(o) for o in self.origin_groups],
            ),
        )
        tooltip = [
            alt.Tooltip("origin_label:N", title="Born in"),
            alt.Tooltip("dest_label:N", title="Living in"),
            alt.Tooltip("persons:Q", title="Migrants", format=",.0f"),
        ]
        rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
            color=alt.Color(
                "persons:Q",
                title="Migrants",
                # Square root: the diagonal dwarfs the rest on a linear scale.
                scale=alt.Scale(type="sqrt", scheme="blues"),
                legend=alt.Legend(format="~s"),
            ),
            tooltip=tooltip,
        )
        text = base.mark_text(fontSize=11).encode(
            text="text:N",
            color=alt.condition(alt.datum.persons > dark, alt.value("white"), alt.value(INK)),
            tooltip=tooltip,
        )
        title = alt.Title(
            f"Where migrants were born and where they live, by region, {self.year}",
            subtitle=[
                "International migrants at mid-year, persons (k = thousand, M = million).",
                "Regions overlap, so a person can count in several cells.",
                f"Source: {self.source}.",
            ],
        )
        return (rect + text).properties(
            title=title, width="container", height=280, description=description
        )

    # -- emigrants ----------------------------------------------------------------------------

    def emigrants(self) -> dict[str, float]:
        """Return the region's emigrants: people born in it living outside their birth country.

        Returns
        -------
        dict
            ``emigrant_stock`` (persons born in the region's members living in any other
            country), ``within_region_stock`` (of whom living in another country of the region)
            and ``within_region_share_pct``.
        """
        born = self.stock[self.stock["origin"].isin(self.members)]
        # A migrant lives outside their country of birth by definition; the filter guards
        # against a future revision listing natives in the origin × destination table.
        born = born[born["dest"] != born["origin"]]
        total = int(born["persons"].sum())
        within = int(born.loc[born["dest"].isin(self.members), "persons"].sum())
        return {
            "emigrant_stock": total,
            "within_region_stock": within,
            "within_region_share_pct": _pct(within, total),
        }

    # -- indicators ---------------------------------------------------------------------------

    def indicator_rows(self, n: int = 10) -> list[dict[str, Any]]:
        """Return every number the section shows, one dict per number.

        Parameters
        ----------
        n
            Number of corridors shown (as passed to :meth:`corridors_table`).

        Returns
        -------
        list of dict
            Keys ``indicator``, ``area``, ``year``, ``value``, ``unit`` (``persons`` or
            ``percent``) and ``source``. Areas are the region code, ``"ORIGIN>DEST"`` ISO3 pairs
            for corridors and ``"ORIGIN_REGION>DEST_REGION"`` for matrix cells.
        """
        rows: list[dict[str, Any]] = []

        def add(indicator: str, area: str, value: float, unit: str) -> None:
            rows.append(
                {
                    "indicator": indicator,
                    "area": area,
                    "year": self.year,
                    "value": value,
                    "unit": unit,
                    "source": self.source,
                }
            )

        code = self.code
        add("migrant_stock", code, self.migrant_stock, "persons")
        for row in self.origin_shares().itertuples():
            if row.same_region:
                add("born_in_region_stock", code, int(row.persons), "persons")
                add("born_in_region_share_pct", code, float(row.share_pct), "percent")
            else:
                add("origin_region_share_pct", f"{row.group}>{code}", row.share_pct, "percent")
        for row in self.top_corridors(n).itertuples():
            area = f"{row.origin}>{row.dest}"
            add("corridor_migrant_stock", area, int(row.persons), "persons")
            add("corridor_share_pct", area, float(row.share_pct), "percent")
        for (origin, dest), persons in self.region_matrix().stack().items():
            add("region_matrix_stock", f"{origin}>{dest}", int(persons), "persons")
        e = self.emigrants()
        add("emigrant_stock", code, int(e["emigrant_stock"]), "persons")
        add("emigrant_within_region_share_pct", code, e["within_region_share_pct"], "percent")
        return rows
