"""The synthesis report of a review round: the five regions side by side on every indicator.

It feeds the Secretary-General's report: same indicators, same years, same aggregation rule as
the regional reports (they share :class:`gcm_report.report.ReportBase` and the registry), so
the synthesis agrees with each regional report by construction, and tests check that it does.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.data.regions import AGGREGATION_RULE, COMMISSIONS, get_commission
from gcm_report.report.blocks import Column, Note, Table, fmt_int, fmt_pct, fmt_value
from gcm_report.report.regional import ReportBase

__all__ = ["SynthesisReport"]


class SynthesisReport(ReportBase):
    """Compute and present the synthesis of one review round.

    Parameters
    ----------
    review_round
        Review round number.
    snapshot_dir
        Snapshot folder; the committed snapshot when empty.
    """

    def __init__(self, review_round: int, snapshot_dir: str | None = None) -> None:
        super().__init__("ALL", review_round, snapshot_dir)

    @property
    def title(self) -> str:
        """Return the report title."""
        return "GCM regional reviews: the five regions side by side"

    def cover(self) -> Note:
        """Return the cover block: round, meetings, and links to the regional reports."""
        r = self.round
        subtitle = f"Synthesis of the {r.label.lower()} · Round {r.number}"
        links = " · ".join(f"[{code}](../{code}/report.html)" for code in COMMISSIONS)
        markdown = "\n".join(
            [
                f"**{subtitle}**",
                "",
                f"- **Review round:** {r.label}, {r.period}; data reference year "
                f"{r.reference_year}",
                f"- **Informs:** {r.imrf} and the Secretary-General's report",
                f"- **Regional reports:** {links}",
            ]
        )
        meta = {
            "title": self.title,
            "subtitle": subtitle,
            "commission": "United Nations regional commissions",
            "commission_code": "ALL",
            "round": r.number,
            "period": r.period,
            "meeting": "one intergovernmental meeting per region (see the table of meetings)",
            "reference_year": r.reference_year,
            "snapshot_id": self.snapshot.snapshot_id,
        }
        return Note(markdown, meta=meta)

    def meetings(self) -> Table:
        """Return the five regions, their review meetings and the members summed."""
        rows = []
        for code in COMMISSIONS:
            c = get_commission(code)
            rows.append(
                {
                    "code": code,
                    "region": c.region_name,
                    "meeting": self.round.meetings[code].describe(),
                    "summed": len(c.aggregate_iso3),
                    "members": c.count("member") + c.count("associate"),
                }
            )
        return self._table(
            Table(
                pd.DataFrame(rows),
                [
                    Column("code", "Commission"),
                    Column("region", "Region", width=3),
                    Column("meeting", "Intergovernmental review meeting", width=4),
                    Column("members", "Members and associates", fmt_int, numeric=True),
                    Column("summed", "In regional totals", fmt_int, numeric=True),
                ],
                caption=f"Regional review meetings, round {self.round.number}",
                source="review-process reference (gcm_report/reference/rounds.yml)",
                note="Facts the reference marks as unverified are flagged.",
            )
        )

    def overlaps(self) -> list[Any]:
        """Return the countries counted in more than one regional total, and why it matters."""
        where: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for code in COMMISSIONS:
            for m in get_commission(code).members:
                if m.in_region:
                    where.setdefault(m.iso3, []).append(code)
                    names[m.iso3] = m.name
        rows = [
            {"name": names[iso3], "commissions": ", ".join(codes)}
            for iso3, codes in sorted(where.items(), key=lambda kv: names[kv[0]])
            if len(codes) > 1
        ]
        note = Note(
            f"{AGGREGATION_RULE} {len(rows)} countries are in the regional totals of two "
            "commissions, so the five regional totals add up to more than the world total; "
            "compare regions with each other and with the world, but do not add them."
        )
        table = Table(
            pd.DataFrame(rows),
            [Column("name", "Country", width=3), Column("commissions", "Counted in", width=2)],
            caption="Countries in more than one regional total",
            source="curated membership table (gcm_report/reference/commission_membership.csv)",
        )
        return [note, self._table(table)]

    def indicators_table(self) -> Table:
        """Return every registered indicator for the five regions and the world, same year."""
        rows = []
        for ind in REGISTRY.values():
            world = self.value(ind, "WORLD")
            row: dict[str, Any] = {"indicator": ind.title, "year": world.year or "–"}
            for code in (*COMMISSIONS, "WORLD"):
                v = self.value(ind, code, year=world.year) if world.year else world
                row[code] = fmt_value(v.value, ind.unit) if world.year else "–"
                if world.year:
                    self._record_value(ind, code, v)
            rows.append(row)
        columns = [Column("indicator", "Indicator", width=4), Column("year", "Year", numeric=True)]
        columns += [Column(code, code, numeric=True) for code in COMMISSIONS]
        columns.append(Column("WORLD", "World", numeric=True))
        return self._table(
            Table(
                pd.DataFrame(rows),
                columns,
                caption=f"Indicators by region, round {self.round.number}",
                source="indicator registry over the data snapshot (sources listed below)",
                note="One year per indicator for all columns (the world's latest comparable "
                "year up to the reference year). Regions overlap: do not add across.",
            )
        )

    def within_region(self) -> Table:
        """Return, per region, the share of its migrants born in the same region."""
        from gcm_report.report.corridors import RegionalFlows

        rows = []
        for code in COMMISSIONS:
            flows = RegionalFlows(get_commission(code), self.round, self.snapshot)
            share = flows.within_region_share()
            self._record(
                "born_in_region_share_pct", code, flows.year, share, "percent", flows.source
            )
            rows.append(
                {
                    "code": code,
                    "stock": flows.migrant_stock,
                    "share": share,
                    "most": "yes" if flows.most_within_region() else "no",
                }
            )
        return self._table(
            Table(
                pd.DataFrame(rows),
                [
                    Column("code", "Region"),
                    Column("stock", "International migrants", fmt_int, numeric=True),
                    Column("share", "Born in the same region", fmt_pct, numeric=True),
                    Column("most", "Most migration within the region?"),
                ],
                caption="Does most international migration take place within regions?",
                source=self.snapshot.source_line(
                    "undesa_ims_2020_od"
                    if self.round.ims_revision == 2020
                    else "undesa_ims_2024_od"
                ),
                note="A/RES/73/195 para. 50 states that most international migration takes "
                "place within regions; 'yes' where more than half of a region's migrants were "
                "born in the same region.",
            )
        )

    def stock_chart(self) -> Any:
        """Return a bar chart of international migrants and their share, by region."""
        import altair as alt

        ind_stock, ind_share = REGISTRY["migrant_stock"], REGISTRY["migrant_share_pct"]
        rows = []
        for code in COMMISSIONS:
            stock, share = self.value(ind_stock, code), self.value(ind_share, code)
            rows.append({"region": code, "migrants": stock.value, "share": share.value})
        df = pd.DataFrame(rows)
        top = df.sort_values("migrants", ascending=False).iloc[0]
        year = self.round.reference_year
        description = (
            f"Bar chart of international migrants by region in {year}: largest in "
            f"{top['region']} with {fmt_int(top['migrants'])} ({fmt_pct(top['share'])} of its "
            f"population). "
            + "; ".join(f"{r.region} {fmt_int(r.migrants)}" for r in df.itertuples())
        )
        source = ind_stock.source(self.snapshot, self.round)
        return (
            alt.Chart(df)
            .mark_bar()
            .encode(
                x=alt.X("migrants:Q", title="International migrants", axis=alt.Axis(format="~s")),
                y=alt.Y("region:N", title=None, sort="-x"),
                tooltip=[
                    alt.Tooltip("region:N", title="Region"),
                    alt.Tooltip("migrants:Q", title="Migrants", format=",.0f"),
                    alt.Tooltip("share:Q", title="% of population", format=".1f"),
                ],
            )
            .properties(
                title=alt.Title(
                    f"International migrants by region, {year}",
                    subtitle=f"Mid-year stock, persons; regions overlap. Source: {source}.",
                ),
                width="container",
                description=description,
            )
        )

    def sources_note(self) -> Note:
        """Return sources and provenance (the same rules as the regional reports)."""
        lines = sorted({ind.source(self.snapshot, self.round) for ind in REGISTRY.values()})
        return Note(
            "\n".join(
                [
                    *(f"- {line}" for line in lines),
                    "",
                    f"**Aggregation rule.** {AGGREGATION_RULE}",
                    "",
                    f"**Data snapshot** `{self.snapshot.snapshot_id}`; the regional reports list "
                    "every input with its licence and checksum.",
                ]
            )
        )
