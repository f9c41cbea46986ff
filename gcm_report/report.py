"""The regional review report as the template notebook uses it.

The notebook only calls methods of :class:`RegionalReport` and displays what they return; all
numbers are computed here (and in :mod:`gcm_report.migration`). Every number a block shows is
recorded, and :meth:`RegionalReport.publish_indicators` emits them so that ``indicators.csv``
holds exactly what the report shows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gcm_report import charts
from gcm_report.blocks import (
    META_MIME,
    Column,
    KeyFigure,
    KeyFigures,
    Note,
    Table,
    fmt_int,
    fmt_pct,
)
from gcm_report.layout import INDICATOR_COLUMNS
from gcm_report.migration import MigrantStock
from gcm_report.regions import AGGREGATION_RULE, get_commission
from gcm_report.rounds import get_round
from gcm_report.snapshot import Snapshot

__all__ = ["RegionalReport"]

RESOLUTIONS = (
    "A/RES/73/195 (Global Compact for Safe, Orderly and Regular Migration), para. 50; "
    "A/RES/76/266 (Progress Declaration of the International Migration Review Forum), "
    "paras. 68, 70 and 75"
)


class RegionalReport:
    """Compute and present one commission's regional review report for one round.

    Parameters
    ----------
    region
        Commission code (``"ECE"``, ...).
    review_round
        Review round number.
    top_n
        Number of countries in top-country tables.
    snapshot_dir
        Snapshot folder; the committed snapshot when empty.
    """

    def __init__(
        self, region: str, review_round: int, top_n: int = 10, snapshot_dir: str | None = None
    ) -> None:
        self.commission = get_commission(region)
        self.round = get_round(review_round)
        self.top_n = top_n
        self.snapshot = Snapshot(snapshot_dir or None)
        self.stock = MigrantStock(self.commission, self.round, self.snapshot)
        self._shown: dict[tuple[str, str, int], dict[str, Any]] = {}
        charts.enable()

    # -- bookkeeping -------------------------------------------------------------------------

    def _record(
        self, indicator: str, area: str, year: int, value: float, unit: str, source: str
    ) -> None:
        # Keyed so a number shown twice (key figures and chart) is written once.
        self._shown[(indicator, area, int(year))] = {
            "indicator": indicator,
            "region": self.commission.code,
            "round": self.round.number,
            "area": area,
            "year": int(year),
            "value": value,
            "unit": unit,
            "source": source,
        }

    def indicators(self) -> pd.DataFrame:
        """Return every number shown so far, one row each (the ``indicators.csv`` content)."""
        df = pd.DataFrame(list(self._shown.values()), columns=INDICATOR_COLUMNS)
        return df.sort_values(["indicator", "area", "year"], ignore_index=True)

    def publish_indicators(self) -> dict[str, Any]:
        """Return a display bundle carrying the indicator rows (read by ``gcm-report build``)."""
        rows = self.indicators().to_dict(orient="records")
        return {
            META_MIME: {"indicators": rows},
            "text/plain": f"{len(rows)} figures recorded for indicators.csv",
        }

    # -- blocks ------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        """Return the report title."""
        return f"Migration in {self.commission.region_name}"

    def cover(self) -> Note:
        """Return the cover block: commission, region, round, meeting and mandate."""
        c, r = self.commission, self.round
        meeting = r.meetings[c.code].describe()
        summed = len(c.aggregate_iso3)
        members = c.count("member")
        assoc = c.count("associate")
        non_regional = c.count("member", in_region=False)
        membership = f"{members} member States"
        if assoc:
            membership += f" and {assoc} associate members"
        if non_regional:
            membership += (
                f"; {non_regional} member States are located outside the region and are "
                "not counted in regional totals"
            )
        subtitle = (
            f"{c.name} · Regional review of the Global Compact for Migration · Round {r.number}"
        )
        markdown = "\n".join(
            [
                f"**{subtitle}**",
                "",
                f"- **Commission:** {c.name} ({c.code})",
                f"- **Region:** {c.region_name} ({summed} countries and areas in regional totals)",
                f"- **Review round:** {r.label}, {r.period}",
                f"- **Intergovernmental review meeting:** {meeting}",
                f"- **Data reference year:** {r.reference_year} "
                f"({self.stock.source}), compared with {r.previous_reference_year}",
                f"- **Membership:** {membership}",
                f"- **Mandate:** {RESOLUTIONS}",
            ]
        )
        meta = {
            "title": self.title,
            "subtitle": subtitle,
            "commission": c.name,
            "commission_code": c.code,
            "region_name": c.region_name,
            "round": r.number,
            "period": r.period,
            "meeting": meeting,
            "reference_year": r.reference_year,
            "snapshot_id": self.snapshot.snapshot_id,
        }
        return Note(markdown, meta=meta)

    def key_figures(self) -> KeyFigures:
        """Return the headline migrant-stock figures for the reference year."""
        k = self.stock.key_figures()
        year, prev, src = self.stock.reference_year, self.stock.previous_year, self.stock.source
        code = self.commission.code
        regional = self.stock.at(year)
        self._record("migrant_stock", code, year, k["migrant_stock"], "persons", src)
        self._record(
            "migrant_stock", code, prev, self.stock.at(prev)["migrant_stock"], "persons", src
        )
        pop_src = self.stock.share_source
        self._record("migrant_share_pct", code, year, k["migrant_share_pct"], "percent", pop_src)
        self._record("female_share_pct", code, year, k["female_share_pct"], "percent", src)
        self._record("migrant_stock_change", code, year, k["migrant_stock_change"], "persons", src)
        self._record(
            "migrant_stock_change_pct", code, year, k["migrant_stock_change_pct"], "percent", src
        )
        pop_basis = f"{year}, mid-year"
        if regional["areas_with_population"] < regional["areas"]:
            pop_basis += (
                f"; {int(regional['areas_with_population'])} of {int(regional['areas'])} areas "
                "with a population estimate"
            )
        figures = [
            KeyFigure("International migrants", fmt_int(k["migrant_stock"]), f"{year}, mid-year"),
            KeyFigure("Share of total population", fmt_pct(k["migrant_share_pct"]), pop_basis),
            KeyFigure("Women and girls among migrants", fmt_pct(k["female_share_pct"]), str(year)),
            KeyFigure(
                f"Change since {prev}",
                fmt_pct(k["migrant_stock_change_pct"], signed=True),
                f"{k['migrant_stock_change']:+,} migrants, {prev}–{year}",
            ),
        ]
        return KeyFigures(figures, source=self.stock.share_source)

    def trend_chart(self) -> Any:
        """Return the Altair line chart of the regional migrant stock, 1990 → reference year."""
        import altair as alt

        series = self.stock.regional.reset_index()[["year", "migrant_stock"]]
        code = self.commission.code
        for row in series.itertuples():
            self._record(
                "migrant_stock", code, row.year, row.migrant_stock, "persons", self.stock.source
            )
        first, last = series.iloc[0], series.iloc[-1]
        description = (
            f"Line chart of the international migrant stock in {self.commission.region_name} "
            f"({code} members in the region), {int(first.year)} to {int(last.year)}: from "
            f"{fmt_int(first.migrant_stock)} in {int(first.year)} to "
            f"{fmt_int(last.migrant_stock)} in {int(last.year)}."
        )
        hover = alt.selection_point(on="pointerover", nearest=True, fields=["year"], empty=False)
        base = alt.Chart(series).encode(
            x=alt.X(
                "year:Q", title=None, axis=alt.Axis(format="d", values=series["year"].tolist())
            ),
            y=alt.Y("migrant_stock:Q", title="International migrants", axis=alt.Axis(format="~s")),
        )
        line = base.mark_line(strokeWidth=2.5)
        points = (
            base.mark_point(filled=True, size=60)
            .encode(
                opacity=alt.condition(hover, alt.value(1), alt.value(0.6)),
                tooltip=[
                    alt.Tooltip("year:Q", title="Year", format="d"),
                    alt.Tooltip("migrant_stock:Q", title="Migrants", format=",.0f"),
                ],
            )
            .add_params(hover)
        )
        title = alt.Title(
            f"International migrants in {self.commission.region_name}, "
            f"{int(first.year)}–{int(last.year)}",
            subtitle=f"Mid-year stock, persons. Source: {self.stock.source}.",
        )
        return (line + points).properties(title=title, width="container", description=description)

    def top_destinations(self) -> Table:
        """Return the table of the members hosting the most migrants in the reference year."""
        top = self.stock.top_destinations(self.top_n)
        year, prev, src = self.stock.reference_year, self.stock.previous_year, self.stock.source
        pop_src = self.stock.share_source
        for row in top.itertuples():
            self._record("migrant_stock", row.iso3, year, row.migrant_stock, "persons", src)
            if pd.notna(row.migrant_share_pct):
                self._record(
                    "migrant_share_pct", row.iso3, year, row.migrant_share_pct, "percent", pop_src
                )
            self._record("female_share_pct", row.iso3, year, row.female_share_pct, "percent", src)
            self._record(
                "migrant_stock_change_pct",
                row.iso3,
                year,
                row.migrant_stock_change_pct,
                "percent",
                src,
            )
            self._record(
                "regional_share_pct", row.iso3, year, row.regional_share_pct, "percent", src
            )
        columns = [
            Column("name", "Country or area"),
            Column("migrant_stock", f"Migrants, {year}", fmt_int, numeric=True),
            Column("regional_share_pct", "Share of region's migrants", fmt_pct, numeric=True),
            Column("migrant_share_pct", "% of population", fmt_pct, numeric=True),
            Column("female_share_pct", "% female", fmt_pct, numeric=True),
            Column(
                "migrant_stock_change_pct",
                f"Change {prev}–{year}",
                lambda v: fmt_pct(v, signed=True),
                numeric=True,
            ),
        ]
        return Table(
            top,
            columns,
            caption=(
                f"Top {len(top)} destination countries in {self.commission.region_name}, {year}"
            ),
            source=pop_src,
            note="Persons at mid-year; – means no estimate.",
        )

    def trend_summary(self) -> Note:
        """Return one paragraph describing the trend in words."""
        reg = self.stock.regional
        first_year, last_year = int(reg.index[0]), int(reg.index[-1])
        first, last = reg.loc[first_year], reg.loc[last_year]
        factor = last["migrant_stock"] / first["migrant_stock"]
        return Note(
            f"Between {first_year} and {last_year} the number of international migrants living in "
            f"{self.commission.region_name} went from {fmt_int(first['migrant_stock'])} to "
            f"{fmt_int(last['migrant_stock'])} ({factor:.2f} times the {first_year} level); their "
            f"share of the population went from {fmt_pct(first['migrant_share_pct'])} to "
            f"{fmt_pct(last['migrant_share_pct'])}."
        )

    def sources_note(self) -> Note:
        """Return the sources, methods and provenance section body."""
        seen: dict[str, dict[str, Any]] = {}
        tables = (
            ["undesa_ims_2020_destination"]
            if self.stock.revision == 2020
            else [
                "undesa_ims_2024_od",
                "wdi_population",
            ]
        )
        for name in tables:
            for p in self.snapshot.provenance(name):
                seen[p["path"]] = p
        lines = [
            f"- **{p['publisher']}**, *{p['title']}* ({p['vintage']}; licence {p['licence']}; "
            f"{'official file' if p['official'] else 'third-party conversion: ' + p['note']}). "
            f"<{p['url']}>"
            for p in seen.values()
        ]
        return Note(
            "\n".join(
                [
                    *lines,
                    "",
                    f"**Aggregation rule.** {AGGREGATION_RULE}",
                    "",
                    f"**Membership table.** Curated from the commissions' published member lists "
                    f"and checked against the counts in the review-process reference on "
                    f"{self.commission.members[0].date_checked}.",
                    "",
                    f"**Data snapshot** `{self.snapshot.snapshot_id}`; file checksums are "
                    "listed in `manifest.json` beside this report.",
                ]
            )
        )
