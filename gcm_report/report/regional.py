"""The regional review report as the template notebook uses it.

The notebook only calls methods of :class:`RegionalReport` and displays what they return; all
numbers are computed here (and in :mod:`gcm_report.analysis.migration`). Every number a block
shows is recorded, and :meth:`RegionalReport.publish_indicators` emits them so that
``indicators.csv`` holds exactly what the report shows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gcm_report.analysis.indicators import REGISTRY, Indicator, RegionalValue, regional_value
from gcm_report.analysis.migration import MigrantStock
from gcm_report.data.regions import AGGREGATION_RULE, COMMISSIONS, get_commission
from gcm_report.data.rounds import available_rounds, get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.layout import INDICATOR_COLUMNS
from gcm_report.report import charts
from gcm_report.report.blocks import (
    META_MIME,
    Column,
    KeyFigure,
    KeyFigures,
    Note,
    Table,
    fmt_int,
    fmt_pct,
    fmt_value,
    json_safe,
)

__all__ = ["RegionalReport", "ReportBase"]

RESOLUTIONS = (
    "A/RES/73/195 (Global Compact for Safe, Orderly and Regular Migration), para. 50; "
    "A/RES/76/266 (Progress Declaration of the International Migration Review Forum), "
    "paras. 68, 70 and 75"
)


def _code_version() -> str:
    """Return the git commit of the code (with "+changes" if gcm_report/ has changes)."""
    from gcm_report.codeversion import git_state

    commit, dirty = git_state("gcm_report")
    if commit is None:
        return "unknown (not a git checkout)"
    return commit[:12] + ("+changes" if dirty else "")


class ReportBase:
    """Bookkeeping shared by every report type: figures shown, tables shown, cached values.

    Parameters
    ----------
    area_code
        The report's area in ``indicators.csv`` (a commission code, or ``ALL``).
    review_round
        Review round number.
    snapshot_dir
        Snapshot folder; the committed snapshot when empty.
    """

    def __init__(self, area_code: str, review_round: int, snapshot_dir: str | None = None) -> None:
        self.area_code = area_code
        self.round = get_round(review_round)
        self.snapshot = Snapshot(snapshot_dir or None)
        self._shown: dict[tuple[str, str, int], dict[str, Any]] = {}
        self._tables: list[Table] = []
        self._values: dict[tuple[str, str, int | None, int], RegionalValue] = {}
        charts.enable()

    def _record(
        self, indicator: str, area: str, year: int, value: float | None, unit: str, source: str
    ) -> None:
        # Keyed so a number shown twice (key figures and chart) is written once.
        self._shown[(indicator, area, int(year))] = {
            "indicator": indicator,
            "region": self.area_code,
            "round": self.round.number,
            "area": area,
            "year": int(year),
            "value": value,
            "unit": unit,
            "source": source,
        }

    def _record_value(self, ind: Indicator, area: str, v: RegionalValue) -> None:
        source = ind.source(self.snapshot, self.round)
        if v.value is not None and v.year is not None:
            self._record(ind.id, area, v.year, v.value, ind.unit, source)
        else:
            # An indicator without data is a row with an empty value: every report of a round
            # lists the same indicator ids, and the gap is stated rather than left out.
            self._record(ind.id, area, self.round.reference_year, None, ind.unit, source)

    def indicators(self) -> pd.DataFrame:
        """Return every number shown so far, one row each (the ``indicators.csv`` content)."""
        df = pd.DataFrame(list(self._shown.values()), columns=INDICATOR_COLUMNS)
        return df.sort_values(["indicator", "area", "year"], ignore_index=True)

    def publish_indicators(self) -> dict[str, Any]:
        """Return a display bundle carrying the indicator rows and every table shown.

        ``gcm-report build`` writes them to ``indicators.csv`` and ``annex.xlsx``.
        """
        rows = self.indicators().to_dict(orient="records")
        tables = [t.records() for t in self._tables]
        return {
            META_MIME: json_safe({"indicators": rows, "tables": tables}),
            "text/plain": f"{len(rows)} figures and {len(tables)} tables recorded",
        }

    def _table(self, table: Table) -> Table:
        self._tables.append(table)
        return table

    def value(
        self,
        ind: Indicator,
        code: str,
        *,
        year: int | None = None,
        round_number: int | None = None,
    ) -> RegionalValue:
        """Return an indicator for a commission's region, or the world (``"WORLD"``)."""
        review_round = get_round(round_number) if round_number else self.round
        key = (ind.id, code, year, review_round.number)
        if key not in self._values:
            if code == "WORLD":
                members: tuple[str, ...] = tuple(self.snapshot.table("m49")["iso3"])
            else:
                members = get_commission(code).aggregate_iso3
            self._values[key] = regional_value(ind, self.snapshot, review_round, members, year=year)
        return self._values[key]


class RegionalReport(ReportBase):
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
        super().__init__(region, review_round, snapshot_dir)
        self.top_n = top_n
        self.stock = MigrantStock(self.commission, self.round, self.snapshot)

    def value(
        self,
        ind: Indicator,
        code: str | None = None,
        *,
        year: int | None = None,
        round_number: int | None = None,
    ) -> RegionalValue:
        """Return an indicator for this region (default), another commission, or ``WORLD``."""
        return super().value(
            ind, code or self.commission.code, year=year, round_number=round_number
        )

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
        return self._table(
            Table(
                top,
                columns,
                caption=(
                    f"Top {len(top)} destination countries in {self.commission.region_name}, {year}"
                ),
                source=pop_src,
                note="Persons at mid-year; – means no estimate.",
            )
        )

    def top_origins(self) -> Table:
        """Return the table of the countries of birth of most migrants living in the region."""
        top = self.stock.top_origins(self.top_n)
        year = self.stock.reference_year
        table = "undesa_ims_2020_od" if self.stock.revision == 2020 else "undesa_ims_2024_od"
        src = self.snapshot.source_line(table)
        for row in top.itertuples():
            self._record(
                "migrant_stock_by_origin", f"{row.origin}>{self.commission.code}", year,
                row.value, "persons", src,
            )  # fmt: skip
        top = top.assign(where=top["in_region"].map({True: "in the region", False: "outside"}))
        return self._table(
            Table(
                top,
                [
                    Column("name", "Country of birth"),
                    Column("value", f"Migrants in the region, {year}", fmt_int, numeric=True),
                    Column("share_pct", "Share of region's migrants", fmt_pct, numeric=True),
                    Column("where", "Country of birth is"),
                ],
                caption=f"Top {len(top)} countries of birth of migrants in "
                f"{self.commission.region_name}, {year}",
                source=src,
                note="Persons at mid-year; unknown origins are not ranked.",
            )
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
        """Return the sources, methods and provenance section body.

        Lists every publisher file behind the report (with vintage and licence), the
        aggregation and year rules, the snapshot id and table checksums, and the code version.
        """
        from gcm_report import __version__
        from gcm_report.analysis.indicators import COVERAGE_FOR_YEAR

        tables = {"undesa_ims_2020_destination", "undesa_ims_2024_od", "wdi_population"}
        tables |= {"undesa_ims_2020_od", "gcm_objectives"}
        for ind in REGISTRY.values():
            tables |= {t for t in ind.tables if t in self.snapshot.manifest["tables"]}
        seen: dict[str, dict[str, Any]] = {}
        for name in sorted(tables):
            for p in self.snapshot.provenance(name):
                seen[p["path"]] = p
        # One line per publication (several files of one release share a citation).
        grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for p in sorted(seen.values(), key=lambda p: p["path"]):
            key = (p["citation"] or p["publisher"], p["vintage"], p["licence"])
            grouped.setdefault(key, []).append(p)
        lines = []
        for (citation, vintage, licence), inputs in grouped.items():
            how = "as published" if all(f["official"] for f in inputs) else "documented conversion"
            plural = "s" if len(inputs) > 1 else ""
            lines.append(
                f"- **{citation}**, {vintage}; licence {licence}; {len(inputs)} file{plural}, "
                f"{how}. <{inputs[0]['url']}>"
            )
        files = self.snapshot.files()
        checksums = "; ".join(f"`{name}` {digest[:12]}" for name, digest in sorted(files.items()))
        code = _code_version()
        return Note(
            "\n".join(
                [
                    *lines,
                    "",
                    f"**Aggregation rule.** {AGGREGATION_RULE}",
                    "",
                    f"**Year rule.** Each indicator is shown for the latest year up to "
                    f"{self.round.reference_year} in which at least {COVERAGE_FOR_YEAR:.0%} of "
                    "the members that report it during the preceding decade have a value; "
                    "event records (deaths, "
                    "resettlement, returns) use the publisher's latest year. The year and the "
                    "number of members with data are printed with every value.",
                    "",
                    f"**Membership table.** Curated from the commissions' published member lists "
                    f"and checked against the counts in the review-process reference on "
                    f"{self.commission.members[0].date_checked}.",
                    "",
                    f"**Data snapshot** `{self.snapshot.snapshot_id}`; table checksums "
                    f"(sha256, first 12 characters): {checksums}.",
                    "",
                    f"**Code.** gcm-report {__version__}, commit {code}. Every number shown is "
                    "in `indicators.csv` and every table in `annex.xlsx` beside this report.",
                ]
            )
        )

    # -- sections built from the indicator registry --------------------------------------------

    def mandate(self) -> Note:
        """Return the mandate paragraph: resolutions and the review process."""
        c, r = self.commission, self.round
        return Note(
            f"The Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, "
            f"19 December 2018) invites the United Nations regional economic commissions to "
            f"review its implementation within their regions every four years (para. 50), "
            f"alternating with the International Migration Review Forum. The Progress "
            f"Declaration (A/RES/76/266) invites them to review progress in consultation with "
            f"all relevant stakeholders (para. 68), asks for a limited set of indicators drawing "
            f"on the SDG framework (para. 70) and links the review with the 2030 Agenda "
            f"(para. 75). This report supports the {r.label.lower()} ({r.period}) of the "
            f"{c.name}: intergovernmental review meeting {r.meetings[c.code].describe()}; it "
            f"informs the {r.imrf}."
        )

    def headline_indicators(self) -> KeyFigures:
        """Return key figures beyond migrant stock: refugees, remittances, dead and missing."""
        figures = []
        sources = []
        for ind_id, label in [
            ("refugees_hosted", "Refugees hosted"),
            ("remittances_received_usd", "Remittances received"),
            ("dead_and_missing", "Migrants dead or missing"),
        ]:
            ind = REGISTRY[ind_id]
            v = self.value(ind)
            self._record_value(ind, self.commission.code, v)
            detail = f"{v.year}; {v.countries_with_data} of {v.countries} members with data"
            figures.append(KeyFigure(label, fmt_value(v.value, ind.unit), detail))
            sources.append(ind.source(self.snapshot, self.round))
        return KeyFigures(figures, source="; ".join(dict.fromkeys(sources)))

    def progress_by_objective(self) -> list[Any]:
        """Return, per round table RT1–RT4, a heading and a table of its objectives' indicators.

        Every one of the 23 objectives is listed; an objective without an indicator in the
        current data says so plainly.
        """
        objectives = self.snapshot.table("gcm_objectives")
        blocks: list[Any] = []
        coverage = self.data_coverage()
        for rt, group in objectives.groupby("round_table", sort=True):
            theme = group["round_table_theme"].iloc[0]
            rows = []
            for obj in group.sort_values("objective").itertuples():
                linked = [i for i in REGISTRY.values() if obj.objective in i.objectives]
                if obj.objective == 1:
                    rows.append(
                        {
                            "objective": f"{obj.objective}. {obj.title}",
                            "indicator": "Data availability: share of indicator × member cells "
                            "with data in this report",
                            "value": fmt_pct(coverage),
                            "year": str(self.round.reference_year),
                            "coverage": f"{len(REGISTRY)} indicators",
                            "sdg": "–",
                        }
                    )
                if not linked and obj.objective != 1:
                    rows.append(
                        {
                            "objective": f"{obj.objective}. {obj.title}",
                            "indicator": "No indicator in the current data",
                            "value": "–",
                            "year": "–",
                            "coverage": "–",
                            "sdg": "–",
                        }
                    )
                for ind in linked:
                    v = self.value(ind)
                    self._record_value(ind, self.commission.code, v)
                    rows.append(
                        {
                            "objective": f"{obj.objective}. {obj.title}",
                            "indicator": ind.title,
                            "value": fmt_value(v.value, ind.unit),
                            "year": str(v.year) if v.year else "–",
                            "coverage": f"{v.countries_with_data} of {v.countries}",
                            "sdg": ind.sdg or "–",
                        }
                    )
            # Name each objective once, on its first row, so the table reads as groups.
            for prev, row in zip([None, *rows], rows, strict=False):
                if prev is not None and prev["objective"] == row["objective"]:
                    row["objective_shown"] = ""
                else:
                    row["objective_shown"] = row["objective"]
            table = Table(
                pd.DataFrame(rows),
                [
                    Column("objective_shown", "GCM objective", width=4),
                    Column("indicator", "Indicator", width=4),
                    Column("value", "Region", numeric=True, width=2),
                    Column("year", "Year", numeric=True),
                    Column("coverage", "Members with data", numeric=True),
                    Column("sdg", "SDG"),
                ],
                caption=f"{rt}: {theme}: indicators by objective, {self.commission.region_name}",
                source="; ".join(
                    dict.fromkeys(
                        ind.source(self.snapshot, self.round)
                        for ind in REGISTRY.values()
                        if set(ind.objectives) & set(group["objective"])
                    )
                )
                or "GCM objectives (A/RES/73/195)",
                note="Regional values aggregate the members located in the region; the year "
                "is the latest with comparable coverage up to the reference year.",
            )
            blocks.append(Note(f"### {rt}: {theme}"))
            blocks.append(self._table(table))
        return blocks

    def data_coverage(self) -> float:
        """Return the share of (indicator × member in region) cells with data (objective 1)."""
        members = set(self.commission.aggregate_iso3)
        cells = with_data = 0
        for ind in REGISTRY.values():
            v = self.value(ind)
            cells += len(members)
            with_data += v.countries_with_data
        share = 100 * with_data / cells if cells else float("nan")
        self._record(
            "data_coverage_pct",
            self.commission.code,
            self.round.reference_year,
            share,
            "percent",
            "gcm-report indicator registry over the data snapshot",
        )
        return share

    def compare_regions(self) -> Table:
        """Return the region against the other four and the world, same indicators and years."""
        rows = []
        for ind in REGISTRY.values():
            own = self.value(ind)
            row: dict[str, Any] = {"indicator": ind.title, "unit": ind.unit}
            row["year"] = str(own.year) if own.year else "–"
            for code in (*COMMISSIONS, "WORLD"):
                v = self.value(ind, code, year=own.year) if own.year else own
                row[code] = fmt_value(v.value, ind.unit) if own.year else "–"
                if own.year and v.value is not None:
                    self._record(
                        ind.id,
                        code,
                        own.year,
                        v.value,
                        ind.unit,
                        ind.source(self.snapshot, self.round),
                    )
            rows.append(row)
        columns = [Column("indicator", "Indicator", width=4), Column("year", "Year", numeric=True)]
        columns += [
            Column(
                code,
                f"{code}{' (this report)' if code == self.commission.code else ''}",
                numeric=True,
            )
            for code in COMMISSIONS
        ]
        columns.append(Column("WORLD", "World", numeric=True))
        return self._table(
            Table(
                pd.DataFrame(rows),
                columns,
                caption=(
                    f"{self.commission.region_name} compared with the other regions and the world"
                ),
                source="indicator registry over the data snapshot (sources as in objective tables)",
                note="Each row uses this region's year for every column. Commissions overlap, "
                "so regional totals are not additive.",
            )
        )

    def compare_rounds(self) -> Table:
        """Return this region's indicators in each review round (round 2 against round 1)."""
        numbers = [n for n in available_rounds() if n <= self.round.number]
        rows = []
        for ind in REGISTRY.values():
            row: dict[str, Any] = {"indicator": ind.title}
            for n in numbers:
                v = self.value(ind, round_number=n)
                row[f"r{n}"] = f"{fmt_value(v.value, ind.unit)} ({v.year})" if v.year else "–"
            rows.append(row)
        columns = [Column("indicator", "Indicator", width=3)] + [
            Column(f"r{n}", f"Round {n} ({get_round(n).period})", numeric=True) for n in numbers
        ]
        return self._table(
            Table(
                pd.DataFrame(rows),
                columns,
                caption=f"{self.commission.region_name}: review rounds compared",
                source="indicator registry over the data snapshot",
                note="Migrant stock uses each round's IMS revision (2020, 2024), so round values "
                "are from different revisions; years in brackets.",
            )
        )

    _ANNEX = (
        "migrant_stock",
        "migrant_share_pct",
        "refugees_hosted",
        "remittances_gdp_pct",
        "dead_and_missing",
    )

    def country_annex(self) -> Table:
        """Return one row per member with the key indicators (region's years)."""
        rows = []
        values = {i: self.value(REGISTRY[i]) for i in self._ANNEX}
        by_country = {
            i: dict(zip(v.by_country["iso3"], v.by_country["value"], strict=True))
            for i, v in values.items()
        }
        for m in sorted(self.commission.members, key=lambda m: m.name):
            row: dict[str, Any] = {
                "name": m.name + ("" if m.in_region else " (outside region, not summed)"),
                "status": m.status,
            }
            for i in self._ANNEX:
                ind, v = REGISTRY[i], values[i]
                value = by_country[i].get(m.iso3)
                if value is None and v.year is not None and m.iso3 not in by_country[i]:
                    # Members outside the region are not in the regional panel slice.
                    panel = ind.panel(self.snapshot, self.round)
                    hit = panel[(panel["iso3"] == m.iso3) & (panel["year"] == v.year)]
                    value = float(hit["value"].iloc[0]) if len(hit) else None
                row[i] = fmt_value(value, ind.unit)
                if value is not None and v.year is not None:
                    self._record(
                        i, m.iso3, v.year, value, ind.unit, ind.source(self.snapshot, self.round)
                    )
            rows.append(row)
        columns = [Column("name", "Member", width=3), Column("status", "Status")] + [
            Column(i, f"{REGISTRY[i].title} ({values[i].year or '–'})", numeric=True)
            for i in self._ANNEX
        ]
        return self._table(
            Table(
                pd.DataFrame(rows),
                columns,
                caption=f"Country annex: members of the {self.commission.name}",
                source="indicator registry over the data snapshot",
                note="– means no value for that year.",
            )
        )

    def coverage_matrix(self) -> Table:
        """Return the data-coverage matrix: member × indicator, • with data, – without."""
        ids = list(REGISTRY)
        rows = []
        for m in sorted(self.commission.members, key=lambda m: m.name):
            if not m.in_region:
                continue
            row: dict[str, Any] = {"name": m.name}
            for n, i in enumerate(ids, start=1):
                v = self.value(REGISTRY[i])
                row[f"i{n}"] = "•" if m.iso3 in set(v.by_country["iso3"]) else "–"
            rows.append(row)
        columns = [Column("name", "Member", width=6)] + [
            Column(f"i{n}", str(n)) for n in range(1, len(ids) + 1)
        ]
        legend = "; ".join(f"{n} {REGISTRY[i].title}" for n, i in enumerate(ids, start=1))
        return self._table(
            Table(
                pd.DataFrame(rows),
                columns,
                caption=(
                    f"Data coverage: members in the region × indicators, "
                    f"{self.commission.region_name}"
                ),
                source="indicator registry over the data snapshot",
                note=f"• value for the year in the objective tables; – none. Columns: {legend}.",
            )
        )

    def commitments(self) -> Table:
        """Return the curated, sourced commitments table (pledges, champions, MPTF)."""
        from gcm_report.report.commitments import commitments_table

        return self._table(commitments_table(self.commission.code))

    def within_region(self) -> list[Any]:
        """Return section 4: where the region's migrants were born, corridors, region matrix."""
        from gcm_report.report.corridors import RegionalFlows

        flows = RegionalFlows(self.commission, self.round, self.snapshot)
        for row in flows.indicator_rows(self.top_n):
            self._record(
                row["indicator"], row["area"], row["year"], row["value"], row["unit"], row["source"]
            )
        return [
            flows.summary(),
            self._table(flows.corridors_table(self.top_n)),
            flows.matrix_chart(),
            self._table(flows.matrix_table()),
        ]
