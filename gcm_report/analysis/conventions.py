"""What the absence of a row means, per publisher: zero, or no data.

A country × year missing from a publisher's table means what the publisher says it means. For
stock and event counts compiled worldwide by one agency, the agency publishes no row where it
counts no one, so absence is zero and every country is covered in every year the table has;
for statistics that countries report (migrant-stock estimates, balance-of-payments flows, SDG
series), absence is a gap and the country is not covered that year. The year and coverage rules
(:mod:`gcm_report.analysis.years`) count members with data accordingly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["CONVENTIONS", "Convention"]


@dataclass(frozen=True)
class Convention:
    """How one publisher's table reads: what no row means, in words for the methods note."""

    key: str
    publisher: str
    absent: Literal["zero", "missing"]
    text: str


CONVENTIONS: dict[str, Convention] = {
    c.key: c
    for c in (
        Convention(
            "unhcr",
            "UNHCR",
            "zero",
            "UNHCR publishes a row only where it counts people; a country without a row in a "
            "year hosts (or reports) no one in that group, so every country counts "
            "as covered and absence as zero. Statelessness figures are known to be incomplete "
            "(UNHCR reports only countries with reliable data).",
        ),
        Convention(
            "unrwa",
            "UNRWA (via UNHCR)",
            "zero",
            "UNRWA works in five fields only (Jordan, Lebanon, the Syrian Arab Republic, the "
            "West Bank and the Gaza Strip): elsewhere there are no Palestine refugees under its "
            "mandate, so absence is zero.",
        ),
        Convention(
            "unhcr_asylum",
            "UNHCR",
            "zero",
            "A country without asylum decisions in a year took none: it adds nothing to the "
            "regional ratio and has no rate of its own.",
        ),
        Convention(
            "idmc",
            "IDMC",
            "zero",
            "IDMC's database covers every country; a country without a row in a year recorded "
            "no new internal displacement, so absence is zero.",
        ),
        Convention(
            "iom_mmp",
            "IOM Missing Migrants Project",
            "zero",
            "The Missing Migrants Project records incidents worldwide; a country without a "
            "record in a year had no recorded death or disappearance (recorded deaths are a "
            "lower bound of the true number).",
        ),
        Convention(
            "undesa",
            "UN DESA",
            "missing",
            "UN DESA estimates the migrant stock of every country and area; an area without an "
            "estimate is not covered. Shares of the population count only areas with both a "
            "stock and a population estimate.",
        ),
        Convention(
            "worldbank",
            "World Bank",
            "missing",
            "No row means the World Bank publishes no figure. Exact zeros in the remittance "
            "series are placeholders for flows not compiled and are read as missing too.",
        ),
        Convention(
            "sdg",
            "UN SDG Global Database",
            "missing",
            "Countries report SDG series or the custodian estimates them; a country without a "
            "value in a year is not covered.",
        ),
    )
}
