"""Migrant-stock figures for a commission and a review round, computed from the snapshot.

All report numbers on international migrant stock come from here, so they can be unit-tested
against the raw publisher files. Regional aggregates follow
:data:`gcm_report.data.regions.AGGREGATION_RULE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from gcm_report.data.regions import Commission
from gcm_report.data.rounds import ReviewRound
from gcm_report.data.snapshot import Snapshot

__all__ = ["MigrantStock", "country_figures"]

# Snapshot tables behind each IMS revision's figures: (migrant stock, population).
_TABLES = {
    2020: ("undesa_ims_2020_destination", "undesa_ims_2020_destination"),
    2024: ("undesa_ims_2024_od", "wdi_population"),
}


def country_figures(snapshot: Snapshot, revision: int) -> pd.DataFrame:
    """Return migrant stock, female migrants and population by country and year.

    Parameters
    ----------
    snapshot
        The data snapshot to read.
    revision
        IMS revision: 2020 (official destination workbook, its own population) or 2024
        (origin × destination file, summed over origins; population from World Bank WDI, as the
        2024 revision's population table is not in the snapshot).

    Returns
    -------
    DataFrame
        Indexed by (``iso3``, ``year``): ``migrant_stock``, ``female_stock`` (persons) and
        ``population`` (persons; missing where the publisher has no estimate).
    """
    if revision == 2020:
        t = snapshot.table("undesa_ims_2020_destination")
        wide = t[t["sex"].isin(["total", "female"])].pivot_table(
            index=["iso3", "year"], columns=["measure", "sex"], values="value", aggfunc="first"
        )
        out = pd.DataFrame(
            {
                "migrant_stock": wide[("migrant_stock", "total")],
                "female_stock": wide[("migrant_stock", "female")],
                "population": wide[("population", "total")],
            }
        )
        return out.dropna(subset=["migrant_stock"]).drop(index="WLD", level="iso3")
    if revision == 2024:
        od = snapshot.table("undesa_ims_2024_od")
        by_sex = od.groupby(["dest", "year", "sex"], observed=True)["value"].sum().unstack("sex")
        by_sex.index = by_sex.index.set_names(["iso3", "year"])
        pop = snapshot.table("wdi_population").set_index(["iso3", "year"])["value"]
        out = pd.DataFrame(
            {
                "migrant_stock": by_sex["female"] + by_sex["male"],
                "female_stock": by_sex["female"],
            }
        )
        return out.join(pop.rename("population").astype("float64"), how="left")
    raise ValueError(f"no migrant-stock data for IMS revision {revision}")


def _pct(part: float, whole: float) -> float:
    return float("nan") if not whole else 100.0 * part / whole


@dataclass
class MigrantStock:
    """Migrant-stock figures of one commission's region for one review round."""

    commission: Commission
    review_round: ReviewRound
    snapshot: Snapshot

    @property
    def revision(self) -> int:
        """Return the IMS revision the round uses."""
        return self.review_round.ims_revision

    @property
    def source(self) -> str:
        """Return the source line for migrant-stock figures (from the snapshot manifest)."""
        return self.snapshot.source_line(_TABLES[self.revision][0])

    @property
    def population_source(self) -> str:
        """Return the source line for the population denominators (from the manifest)."""
        return self.snapshot.source_line(_TABLES[self.revision][1])

    @property
    def share_source(self) -> str:
        """Return the source line for shares of population (stock and population sources)."""
        if self.population_source == self.source:
            return self.source
        return f"{self.source}; population: {self.population_source}"

    @cached_property
    def countries(self) -> pd.DataFrame:
        """Return per-country figures for every member of the commission, all years."""
        figures = country_figures(self.snapshot, self.revision).reset_index()
        members = pd.DataFrame(
            [(m.iso3, m.name, m.status, m.in_region) for m in self.commission.members],
            columns=["iso3", "name", "status", "in_region"],
        )
        df = members.merge(figures, on="iso3", how="left")
        df["migrant_share_pct"] = 100 * df["migrant_stock"] / df["population"]
        df["female_share_pct"] = 100 * df["female_stock"] / df["migrant_stock"]
        return df

    @cached_property
    def regional(self) -> pd.DataFrame:
        """Return the regional aggregate by year (members located in the region only).

        ``migrant_share_pct`` is computed over the areas that have both a migrant stock and a
        population estimate; ``areas_with_population`` says how many that is.
        """
        df = self.countries[self.countries["in_region"]].dropna(subset=["year"])
        rows = []
        for year, g in df.groupby("year"):
            with_pop = g.dropna(subset=["population"])
            rows.append(
                {
                    "year": int(year),
                    "migrant_stock": int(g["migrant_stock"].sum()),
                    "female_stock": int(g["female_stock"].sum()),
                    "areas": len(g),
                    "areas_with_population": len(with_pop),
                    "migrant_share_pct": _pct(
                        with_pop["migrant_stock"].sum(), with_pop["population"].sum()
                    ),
                    "female_share_pct": _pct(g["female_stock"].sum(), g["migrant_stock"].sum()),
                }
            )
        return pd.DataFrame(rows).set_index("year")

    def at(self, year: int) -> pd.Series:
        """Return the regional aggregate for ``year``."""
        return self.regional.loc[year]

    @property
    def reference_year(self) -> int:
        """Return the round's data reference year."""
        return self.review_round.reference_year

    @property
    def previous_year(self) -> int:
        """Return the year the change is measured from."""
        return self.review_round.previous_reference_year

    def key_figures(self) -> dict[str, float]:
        """Return the headline numbers for the reference year.

        Returns
        -------
        dict
            ``migrant_stock``, ``migrant_share_pct``, ``female_share_pct``,
            ``migrant_stock_change`` (persons) and ``migrant_stock_change_pct`` since the
            previous reference year (same IMS revision on both ends).
        """
        now, before = self.at(self.reference_year), self.at(self.previous_year)
        change = int(now["migrant_stock"] - before["migrant_stock"])
        return {
            "migrant_stock": int(now["migrant_stock"]),
            "migrant_share_pct": float(now["migrant_share_pct"]),
            "female_share_pct": float(now["female_share_pct"]),
            "migrant_stock_change": change,
            "migrant_stock_change_pct": float(_pct(change, before["migrant_stock"])),
        }

    def top_destinations(self, n: int) -> pd.DataFrame:
        """Return the ``n`` members in the region hosting most migrants in the reference year."""
        df = self.countries
        now = df[df["in_region"] & (df["year"] == self.reference_year)].set_index("iso3")
        before = df[df["in_region"] & (df["year"] == self.previous_year)].set_index("iso3")
        now = now.assign(
            migrant_stock_change_pct=100
            * (now["migrant_stock"] - before["migrant_stock"])
            / before["migrant_stock"],
            regional_share_pct=100 * now["migrant_stock"] / now["migrant_stock"].sum(),
        )
        # Sort on stock, then name, so ties never reorder between runs.
        top = now.sort_values(["migrant_stock", "name"], ascending=[False, True]).head(n)
        return top.reset_index()[
            [
                "iso3",
                "name",
                "migrant_stock",
                "regional_share_pct",
                "migrant_share_pct",
                "female_share_pct",
                "migrant_stock_change_pct",
            ]
        ]

    def top_origins(self, n: int) -> pd.DataFrame:
        """Return the ``n`` countries of birth of most migrants living in the region.

        From the origin × destination table of the round's IMS revision; "unknown" origins are
        reported apart and never ranked.
        """
        table = {2020: "undesa_ims_2020_od", 2024: "undesa_ims_2024_od"}[self.revision]
        od = self.snapshot.table(table)
        sel = od[
            od["dest"].isin(self.commission.aggregate_iso3) & (od["year"] == self.reference_year)
        ]
        total = float(sel["value"].sum())
        by_origin = sel.groupby("origin", as_index=False)["value"].sum()
        by_origin = by_origin[by_origin["origin"] != "UNK"]
        names = self.snapshot.table("m49").set_index("iso3")["name"]
        by_origin = by_origin.assign(
            name=by_origin["origin"].map(names).fillna(by_origin["origin"]),
            share_pct=100 * by_origin["value"] / total,
            in_region=by_origin["origin"].isin(self.commission.aggregate_iso3),
        )
        return by_origin.sort_values(["value", "origin"], ascending=[False, True]).head(n)
