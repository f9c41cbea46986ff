"""One number per thing, and every number saying what it is: the built reports read back.

A delegate must never see two different values for the same indicator, area and round, nor a
count or share without its year, coverage and unit. These checks read the built PDFs (as
text) and HTML pages, and compare what they print with ``indicators.csv`` and with figures
recomputed by hand from the raw publisher files (csv and gzip modules, the curated
membership table; no gcm_report loader).
"""

from __future__ import annotations

import csv
import gzip
import html as html_lib
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from gcm_report.data.regions import COMMISSIONS
from tests import rawcalc

ROUNDS = (1, 2)
CASES = [(n, c) for n in ROUNDS for c in COMMISSIONS]


# --- readers ---------------------------------------------------------------------------------


def rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "indicators.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def stat(
    folder: Path, indicator: str, area: str, round_number: int, year: int | None = None
) -> dict[str, str]:
    """Return the one statistic a report publishes for an indicator, area and round.

    A canonical statistic is read from the round's ``statistics.csv`` (a report's CSV also
    holds the trend years around it) and must be in the report's CSV too; a derived figure
    (caveats, counts) is read from the report's CSV.
    """
    canonical = folder.parent.parent / f"round-{round_number}" / "statistics.csv"
    with canonical.open(encoding="utf-8") as fh:
        official = [
            r for r in csv.DictReader(fh) if (r["indicator"], r["area"]) == (indicator, area)
        ]
    hits = [
        r
        for r in rows(folder)
        if (r["indicator"], r["area"], r["round"]) == (indicator, area, str(round_number))
        and (not official or r["year"] == official[0]["year"])
        and (year is None or r["year"] == str(year))
    ]
    values = {(r["year"], r["value"]) for r in hits}
    assert len(values) == 1, (indicator, area, round_number, values)
    return hits[0]


@cache
def pdf_text(path: Path) -> str:
    """Return the PDF's text as one line: words separated by single spaces."""
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    # Lines broken inside a word by hyphenation are rare; line ends become spaces.
    # Typst sets typographic apostrophes: compare with the straight ones of the templates.
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u2019", "'"))


def html_section(folder: Path, title: str) -> str:
    """Return the text of one level-2 section of the HTML page, tags stripped."""
    page = (folder / "report.html").read_text(encoding="utf-8")
    part = page.split(f">{title}</h2>", 1)[1].split("<h2", 1)[0]
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", part))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def clauses(text: str) -> list[str]:
    """Split prose into clauses: at semicolons, and at full stops followed by a capital."""
    return re.split(r";\s+|(?<=\.)\s+(?=[A-Z•])", text)


def pct(value: str | float) -> str:
    return f"{float(value):.1f}%"


# --- raw files ---------------------------------------------------------------------------------


@cache
def raw_unhcr_population(raw_dir: Path) -> list[dict[str, str]]:
    path = raw_dir / "unhcr" / "unhcr_refugees_pkg_population.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def raw_unhcr_by_asylum(raw_dir: Path, column: str, year: int) -> dict[str, float]:
    """Return {country of asylum: persons} of one population column in one year."""
    out: dict[str, float] = defaultdict(float)
    for r in raw_unhcr_population(raw_dir):
        if int(r["year"]) == year and r[column].strip():
            out[r["coa_iso"]] += float(r[column])
    return dict(out)


# --- 1. one remittance cost per area and round -----------------------------------------------


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_no_second_average_cost_competes_with_sdg_10c1(built, round_number, code):
    # The only aggregate "cost of sending US$200" a report publishes for a region or the
    # world is SDG indicator 10.c.1 (and comparisons derived from it); corridor figures are
    # counts and shares of corridors, or one corridor's own cost.
    folder = built / f"round-{round_number}" / code
    competing = {
        r["indicator"]
        for r in rows(folder)
        if "cost" in r["indicator"]
        and ">" not in r["area"]
        and not r["indicator"].startswith(("remittance_cost_pct", "recruitment_cost_months"))
    }
    assert competing == set()


@pytest.mark.parametrize(("round_number", "code"), [(2, "ECLAC"), (1, "ESCWA"), (2, "ESCWA")])
def test_every_average_cost_printed_is_the_canonical_one(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    own = stat(folder, "remittance_cost_pct", code, round_number)
    world = stat(folder, "remittance_cost_pct", "WORLD", round_number)
    allowed = {pct(own["value"]), pct(world["value"]), "3%", "5%"}
    if round_number == 2:  # the rounds compared table also shows round 1's value
        allowed.add(pct(stat(folder, "remittance_cost_pct", code, 1)["value"]))
    text = pdf_text(folder / "report.pdf")
    checked = 0
    # Any clause stating an average cost ("cost 6.0% on average", "an average of 7.0% over all
    # surveyed corridors", "the region's average cost: … 6.0%") may print only these values.
    for clause in clauses(text):
        if re.search(r"on average|average cost|an average of", clause):
            for token in re.findall(r"\d+(?:\.\d+)?%", clause):
                assert token in allowed, (code, round_number, token, clause[:200])
                checked += 1
    assert checked >= 2


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_remittance_key_message_states_coverage_and_year(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    cost = stat(folder, "remittance_cost_pct", code, round_number)
    received = stat(folder, "remittances_received_usd", code, round_number)
    text = html_section(folder, "Key messages")
    sentence = next(s for s in text.split("•") if "remittances" in s)
    assert f"{received['members_with_data']} of {received['members_total']}" in sentence
    if cost["status"] == "ok":
        assert f"in {cost['year']}" in sentence
        assert f"{cost['members_with_data']} of {cost['members_total']}" in sentence


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_corridor_extract_end_is_stated_as_a_limit_of_the_extract(built, round_number, code):
    text = pdf_text(built / f"round-{round_number}" / code / "report.pdf")
    # RPW surveys corridors every quarter: that the extract used ends in 2020Q3 says nothing
    # about whether corridors were surveyed later.
    assert "No corridor was surveyed" not in text
    assert "The corridor extract used here ends in 2020Q3" in text


# --- 2. protection: the breakdown's year beside the round's, and UNHCR's classification -------


@cache
def raw_demographics(raw_dir: Path) -> list[dict[str, str]]:
    path = raw_dir / "unhcr" / "unhcr_refugees_pkg_demographics.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_demographics_extract_holds_end_2025_only(raw_dir):
    # What the wording below rests on, checked in the raw file: one year, 2025.
    assert {r["year"] for r in raw_demographics(raw_dir)} == {"2025"}


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_no_report_says_unhcr_publishes_a_single_year(built, round_number, code):
    text = pdf_text(built / f"round-{round_number}" / code / "report.pdf")
    assert "the only year UNHCR publishes" not in text
    assert "UNHCR publishes refugees, asylum-seekers and other people" not in text
    assert "the extract used here holds end-2025 only" in text


@pytest.mark.parametrize("code", COMMISSIONS)
def test_breakdown_year_and_headline_year_are_both_stated(built, code):
    folder = built / "round-2" / code
    headline = stat(folder, "people_in_need_of_protection", code, 2)
    text = html_section(folder, "Refugees and others in need of protection, by sex and age")
    assert headline["year"] == "2024"
    assert (
        f"the round's headline figure is for end-2024: {int(float(headline['value'])):,} "
        "refugees and others in need of international protection"
    ) in text
    assert "The breakdown used here is therefore for end-2025" in text


@pytest.mark.parametrize(("code", "countries"), [("ESCAP", 7), ("ECE", 5)])
def test_other_people_in_need_of_protection_reclassified_in_2025_is_explained(
    built, raw_dir, code, countries
):
    # By hand in the raw population file: UNHCR's oip column holds Venezuelans only until
    # end-2024 (none in Asia or Europe); at end-2025 Afghans in Iran, Pakistan, Uzbekistan and
    # Turkmenistan and people of unknown origin in Kazakhstan, Kyrgyzstan and Tajikistan too.
    region = rawcalc.members_on(code, 2)
    before = raw_unhcr_by_asylum(raw_dir, "oip", 2024)
    after = raw_unhcr_by_asylum(raw_dir, "oip", 2025)
    assert sum(v for c, v in before.items() if c in region) == 0
    new = {c for c, v in after.items() if c in region and v > 0}
    assert len(new) == countries
    oip_2025 = sum(after[c] for c in new)
    assert oip_2025 == {"ESCAP": 1_134_767, "ECE": 114_709}[code]
    refugees = {y: raw_unhcr_by_asylum(raw_dir, "refugees", y) for y in (2024, 2025)}
    folder = built / "round-2" / code
    text = html_section(folder, "Refugees and others in need of protection, by sex and age")
    assert "UNHCR reported no other people in need of international protection" in text
    assert f"{int(oip_2025):,} at the end of 2025" in text
    assert "people from Venezuela (Bolivarian Republic of) only" in text
    for year in (2024, 2025):
        total = int(sum(refugees[year].get(c, 0) for c in new))
        assert f"{total:,}" in text, year
    assert "UNHCR's classification" in text


def test_pyramid_and_sentence_name_the_base_of_their_share_of_women(built, raw_dir):
    # ECLAC end-2025, by hand in the raw demographics file: women and girls are 51.6% of the
    # refugees and others whose sex is reported, 52.0% of those whose sex and age are both
    # reported (the pyramid's cells add up to the second).
    region = rawcalc.members_on("ECLAC", 2)
    sexed = female = aged = female_aged = 0.0
    for r in raw_demographics(raw_dir):
        if r["pop_type"] in ("REF", "OIP") and r["coa_iso"] in region:
            f, m = float(r["f_total"]), float(r["m_total"])
            sexed += f + m
            female += f
            aged += f + m - float(r["f_other"]) - float(r["m_other"])
            female_aged += f - float(r["f_other"])
    assert (pct(100 * female / sexed), pct(100 * female_aged / aged)) == ("51.6%", "52.0%")
    folder = built / "round-2" / "ECLAC"
    text = html_section(folder, "Refugees and others in need of protection, by sex and age")
    assert "Of those whose sex is reported, 51.6% are women and girls" in text
    assert "Of those whose sex and age are both reported, the base of the pyramid below, 52.0%" in (
        text
    )
    assert "women and girls together: 52.0%; 51.6% of those whose sex is reported" in text


# --- 3. zeros recorded and zeros assumed ---------------------------------------------------------


@cache
def raw_unhcr_solutions(raw_dir: Path) -> list[dict[str, str]]:
    path = raw_dir / "unhcr" / "unhcr_refugees_pkg_solutions.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_no_resettlement_is_none_reported_not_full_coverage(built, raw_dir):
    # By hand in the raw solutions file: no ECLAC member or associate member located in the
    # region has a resettlement arrival at end-2024.
    region = rawcalc.members_on("ECLAC", 2)
    arrivals = [
        r
        for r in raw_unhcr_solutions(raw_dir)
        if r["year"] == "2024" and r["coa_iso"] in region and float(r["resettlement"] or 0) > 0
    ]
    assert arrivals == []
    folder = built / "round-2" / "ECLAC"
    text = pdf_text(folder / "report.pdf")
    assert (
        "Refugees resettled: none reported in 2024 for any of the 47 members and associate members"
    ) in text
    table = html_section(folder, "Progress by objective")
    row = table.split("Refugees resettled into the country during the year", 1)[1][:80]
    assert "none reported" in row and "none of 47 recorded" in row and "47 of 47" not in row


def test_stateless_people_carry_how_many_members_record_any(built, raw_dir):
    # By hand in the raw population file: stateless people are recorded (a positive count) in
    # 10 of ECLAC's 47 members and associate members at end-2024, 4 at end-2020.
    region = rawcalc.members_on("ECLAC", 2)
    counts = {
        year: sum(
            1
            for c, v in raw_unhcr_by_asylum(raw_dir, "stateless", year).items()
            if c in region and v > 0
        )
        for year in (2020, 2024)
    }
    assert counts == {2020: 4, 2024: 10}
    folder = built / "round-2" / "ECLAC"
    objectives = html_section(folder, "Progress by objective")
    sentence = (
        "Stateless people are recorded in 10 of 47 members and associate members in 2024 "
        "(4 in 2020)"
    )
    # Beside the value in the round-table paragraph, and under the RT2 table.
    assert objectives.count(sentence) == 2
    assert (
        objectives.count("UNHCR's statelessness figures cover only the countries that report") == 2
    )
    assert ("stateless_people_members_recording", "ECLAC", "2024", "10") in {
        (r["indicator"], r["area"], r["year"], r["value"].removesuffix(".0")) for r in rows(folder)
    }


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_key_figures_never_claim_every_member_has_data_for_a_count_read_as_zero(
    built, round_number, code
):
    folder = built / f"round-{round_number}" / code
    text = html_section(folder, "Key figures at a glance")
    # IOM prints no row where it records no death: the line under the count says how many
    # members have one, never "54 of 54 with data".
    line = text.split("Migrants recorded dead or missing", 1)[1].split("Source:", 1)[0]
    dead = stat(folder, "dead_and_missing", code, round_number)
    total = dead["members_total"]
    assert f"{total} of {total}" not in line
    recorded = stat(folder, "dead_and_missing_members_recording", code, round_number)
    assert f"recorded for {int(float(recorded['value']))} of {total}" in line


# --- 4. round table 4: what has a value, and who reports what ---------------------------------


@cache
def raw_policy_scores(raw_dir: Path) -> dict[tuple[str, int], float]:
    """Return {(iso3, year): SDG 10.7.2 score, all domains} from the raw SDG file."""
    path = (
        raw_dir
        / "unsd_sdg"
        / ("ddf--datapoints--sg_cpa_migrs--by--geo_area--nature--policy_domains--units--year.csv")
    )
    codes = rawcalc._m49_iso3(raw_dir)
    with path.open(encoding="utf-8") as fh:
        return {
            (codes[int(r["geo_area"])], int(r["year"])): float(r["sg_cpa_migrs"])
            for r in csv.DictReader(fh)
            # "N": no score (the custodian's not-available marker), a gap.
            if r["policy_domains"] == "alldomains"
            and int(r["geo_area"]) in codes
            and r["sg_cpa_migrs"] != "N"
        }


def test_data_availability_is_not_a_value_for_an_objective(built, raw_dir):
    # By hand in the raw SDG file: 13 of ECLAC's 47 have a 10.7.2 score for 2021, fewer than a
    # third (16), so RT4's only indicator has no regional value; the data-availability score
    # of objective 1 describes the report, not the region.
    region = rawcalc.members_on("ECLAC", 2)
    scored = {c for (c, y) in raw_policy_scores(raw_dir) if y == 2021 and c in region}
    assert len(scored) == 13
    text = html_section(built / "round-2" / "ECLAC", "Progress by objective")
    rt4 = text.split("RT4 groups", 1)[1]
    assert rt4.startswith(
        " objectives 1, 3, 7, 17 and 23; the current data give the region a value for none of "
        "the 5."
    )
    assert "a value for 1 of the 5" not in text


@pytest.mark.parametrize(("round_number", "code"), [(2, "ECLAC"), (1, "ESCWA")])
def test_gaps_message_says_none_when_no_member_reports(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    recruitment = stat(folder, "recruitment_cost_months", code, round_number)
    assert recruitment["members_with_data"] == "0"
    total = recruitment["members_total"]
    text = html_section(folder, "Key messages")
    assert f"none of the {total} " in text and "reports recruitment cost (SDG 10.7.1)" in text
    assert "too few members report" not in text
    # Names read in lower case mid-sentence.
    assert "report Recruitment cost" not in text and "Migration policies meeting" not in text
    if code == "ECLAC":
        assert (
            "only 13 of the 47 members and associate members report migration policies meeting "
            "the criteria (SDG 10.7.2)"
        ) in text


# --- 5. "members": true of the membership counted -----------------------------------------------


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_no_report_calls_the_region_members(built, round_number, code):
    text = pdf_text(built / f"round-{round_number}" / code / "report.pdf")
    for wrong in (
        f"born in another {code} member",
        "born in another member",
        f"Migrants living in {code},",
        f"People born in {code},",
        "members hosted",
        "on members' territory",
        "on members’ territory",
    ):
        assert wrong not in text, wrong


def test_born_in_the_region_means_a_country_of_the_region(built, raw_dir):
    # The United States is an ECLAC member located outside the region: US-born migrants in
    # Mexico (823,502 in 2024, raw origin × destination file) are born outside the region, and
    # the report says "another country of the region", never "another member".
    assert "USA" in rawcalc.members("ECLAC", in_region_only=False)
    assert "USA" not in rawcalc.members_on("ECLAC", 2)
    folder = built / "round-2" / "ECLAC"
    share = stat(folder, "born_in_region_share_pct", "ECLAC", 2, year=2024)
    messages = html_section(folder, "Key messages")
    assert (
        f"{pct(share['value'])} of the migrants living in Latin America and the Caribbean were "
        "born in another country of the region"
    ) in messages
    within = html_section(folder, "Within the region and beyond")
    assert (
        "United States of America, a member of ECLAC located outside the region, counts as "
        "outside it."
    ) in within
    # A commission is not a place: the column says "the ECLAC region".
    assert "Migrants living in the ECLAC region, born in the region of the row" in within


@pytest.mark.parametrize(
    ("code", "noun"),
    [
        ("ECLAC", "members and associate members"),
        ("ESCAP", "members and associate members"),
        ("ECA", "members"),
        ("ESCWA", "members"),
    ],
)
def test_coverage_counts_name_associate_members_where_they_are_counted(built, code, noun):
    # ECLAC's 47 in the region are 33 member States and 14 associate members (membership table).
    associates = rawcalc.members_on(code, 2) - {
        r for r in rawcalc.members_on(code, 2) if r in _member_states(code)
    }
    assert bool(associates) == ("associate" in noun)
    folder = built / "round-2" / code
    share = stat(folder, "migrant_share_pct", code, 2)
    text = html_section(folder, "Key figures at a glance")
    assert f"{share['members_with_data']} of {share['members_total']} {noun} with data" in text
    if "associate" not in noun:
        assert "associate" not in text


@cache
def _member_states(code: str) -> frozenset[str]:
    with rawcalc.MEMBERSHIP.open(encoding="utf-8") as fh:
        return frozenset(
            r["iso3"]
            for r in csv.DictReader(fh)
            if r["commission"] == code and r["status"] == "member"
        )


# --- 6. the comparison table: each cell its own year, one scale per row ------------------------


def table_rows(folder: Path, caption: str) -> list[list[str]]:
    """Return the body rows (cell texts) of the HTML table whose caption contains ``caption``."""
    page = (folder / "report.html").read_text(encoding="utf-8")
    figure = next(
        f
        for f in page.split('<figure class="gcm-table">')[1:]
        if caption in f.split("</figcaption>")[0]
    )
    body = figure.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", body)
    ]


COMPARISONS = [
    (2, "ECE", "compared with the other regions and the world"),
    (2, "ECLAC", "compared with the other regions and the world"),
    (1, "ESCWA", "compared with the other regions and the world"),
    (2, "synthesis", "Indicators by region, round 2"),
]


@pytest.mark.parametrize(("round_number", "code", "caption"), COMPARISONS)
def test_comparison_cells_show_their_own_year(built, round_number, code, caption):
    for label, year, *cells in table_rows(built / f"round-{round_number}" / code, caption):
        bracketed = [re.search(r"\((\d{4})\*?\)", c) for c in cells]
        if re.fullmatch(r"\d{4}", year):
            # The row claims a year: every value in it is for that year.
            assert all(b is None for b in bracketed), (label, year, cells)
        else:
            dated = zip(bracketed, cells, strict=True)
            assert all(b is not None for b, c in dated if c not in ("–", "–*")), (label, cells)
        # A value of the previous round is not shown as this round's (it was "50.0% (2019*)").
        assert not any(re.search(r"\d\S* \(\d{4}\*\)", c) for c in cells), (label, cells)


def test_remittances_paid_row_does_not_claim_2022_for_ece_2023(built):
    rows_ = table_rows(built / "round-2" / "ECE", "compared with the other regions and the world")
    _label, year, *cells = next(r for r in rows_ if r[0].startswith("Personal remittances paid"))
    ece = stat(built / "round-2" / "ECE", "remittances_paid_usd", "ECE", 2)
    assert ece["year"] == "2023"
    assert year != "2022" and "(2023)" in cells[1]


@pytest.mark.parametrize(("round_number", "code", "caption"), COMPARISONS)
def test_comparison_rows_have_one_scale_and_one_unit(built, round_number, code, caption):
    for label, _year, *cells in table_rows(built / f"round-{round_number}" / code, caption):
        values = [c for c in cells if c not in ("–", "–*")]
        if "M = million" in label:
            # Every count of the row in millions, none as a full number beside "28.9 M".
            assert values and all(" M" in c or c.startswith("0") for c in values), (label, cells)
        assert not any(re.search(r"\d,\d{3}", c) for c in values) or "M = million" not in label
        if any(c.endswith(" M") or " M (" in c for c in values):
            assert "M = million" in label, label
        assert label.count("per 100,000") <= 1, label
        assert label.count("months of earnings") <= 1, label


# --- 7. the synthesis: years, overlaps, revisions and membership where rounds are compared ----


def test_synthesis_cost_range_has_its_year_and_overlaps_are_recalled(built):
    folder = built / "round-2" / "synthesis"
    text = html_section(folder, "Key messages")
    low = stat(folder, "remittance_cost_pct", "ECE", 2)
    high = stat(folder, "remittance_cost_pct", "ECA", 2)
    assert low["year"] == high["year"] == "2021"
    assert (
        f"in 2021, the average cost of sending US$200 (SDG 10.c.1) ranged from "
        f"{pct(low['value'])} (ECE) to {pct(high['value'])} (ECA)"
    ) in text
    # ECA and ESCWA share nine countries in round 2 (membership table): the dead and missing
    # "in Africa (ECA)" include theirs, and the sentence says so.
    shared = rawcalc.members_on("ECA", 2) & rawcalc.members_on("ESCWA", 2)
    assert len(shared) == 9 and {"EGY", "LBY", "DJI"} <= shared
    dead = stat(folder, "dead_and_missing", "ECA", 2)
    sentence = next(s for s in text.split("•") if "Missing Migrants" in s)
    assert f"{int(float(dead['value'])):,} of them in Africa (ECA)" in sentence
    assert "ECA's figure includes the 9 countries it shares with ESCWA" in sentence
    assert "Libya" in sentence and "add up to more than the world's" in sentence


def test_synthesis_key_messages_close_with_the_data_gaps(built, raw_dir):
    # By hand in the raw SDG file: recruitment cost (10.7.1) is published for three countries,
    # far below a third of any region's members.
    path = (
        raw_dir
        / "unsd_sdg"
        / (
            "ddf--datapoints--sl_emp_rcost_mo--by--geo_area--migratory_status--nature--sex--units"
            "--year.csv"
        )
    )
    with path.open(encoding="utf-8") as fh:
        assert len({r["geo_area"] for r in csv.DictReader(fh)}) <= 3
    text = html_section(built / "round-2" / "synthesis", "Key messages")
    gaps = text.split("•")[-1]
    assert "The current data give no indicator for 12 of the 23 GCM objectives" in gaps
    assert "no region has a regional value for recruitment cost (SDG 10.7.1)" in gaps


def test_synthesis_panels_say_rounds_are_not_a_trend(built):
    # ESCWA's figures sum 20 members in round 1 (February 2021) and 21 in round 2 (Djibouti).
    assert (len(rawcalc.members_on("ESCWA", 1)), len(rawcalc.members_on("ESCWA", 2))) == (20, 21)
    text = pdf_text(built / "round-2" / "synthesis" / "report.pdf")
    assert "Each panel ranks" not in text and "(statistics.csv)" not in text
    assert "round 1 on the IMS 2020 revision and round 2 on the IMS 2024 revision" in text
    assert "ESCWA's figures sum 20 members in round 1 and 21 in round 2 (Djibouti" in text
    assert "Round 1 (reviews 2020–2021; data 2016–2020)" in text
    assert "gcm_report/reference" not in text


def test_rounds_compared_only_where_there_are_two_rounds_and_with_membership(built):
    for code in COMMISSIONS:
        assert "review rounds compared" not in pdf_text(built / "round-1" / code / "report.pdf")
    escwa = pdf_text(built / "round-2" / "ESCWA" / "report.pdf")
    note = escwa.split("review rounds compared", 1)[1]
    assert "ESCWA's figures sum 20 members in round 1 and 21 in round 2 (Djibouti" in note


# --- 8. every number says what it is: units on changes, counts behind shares, outliers -------


def test_change_of_a_rate_carries_its_unit(built):
    folder = built / "round-2" / "ECLAC"
    change = stat(folder, "refugees_by_origin_per_100k_change", "ECLAC", 2)
    before = stat(folder, "refugees_by_origin_per_100k", "ECLAC", 1)
    assert float(change["value"]) > 0
    text = html_section(folder, "Progress by objective")
    assert (
        f"up {float(change['value']):.1f} per 100,000 population from "
        f"{float(before['value']):.1f} in 2020"
    ) in text


def test_share_of_countries_says_how_many_countries(built, raw_dir):
    # By hand in the raw SDG file: 10 of ESCWA's 20 members have a 10.7.2 score for 2019, and
    # 2 of them meet or fully meet the criteria (score 3 or 4): 20.0%.
    region = rawcalc.members_on("ESCWA", 1)
    scores = {c: v for (c, y), v in raw_policy_scores(raw_dir).items() if y == 2019 and c in region}
    meets = sum(v >= 3 for v in scores.values())
    assert (len(scores), meets) == (10, 2)
    text = html_section(built / "round-1" / "ESCWA", "Progress by objective")
    assert (
        "Migration policies meeting the criteria: 20.0% in 2019 (2 of the 10 members with a score"
        in text
    )


def test_annex_footnotes_remittances_of_a_fifth_of_gdp(built):
    folder = built / "round-2" / "ECLAC"
    bermuda = stat(folder, "remittances_gdp_pct", "BMU", 2)
    assert float(bermuda["value"]) >= 20
    text = html_section(folder, "Country annex")
    note = text.split("Remittances of 20% of GDP or more (", 1)[1]
    assert "Bermuda" in note.split(")")[0]
    assert "compensation of employees" in note


def test_key_messages_say_which_way_numbers_went_and_what_a_part_is(built):
    folder = built / "round-2" / "ECLAC"
    grew = stat(folder, "migrant_stock_change_pct", "ECLAC", 2)
    assert float(grew["value"]) > 0
    text = html_section(folder, "Key messages")
    assert f"their number increased by {pct(grew['value'])} since 2020" in text
    oip = stat(folder, "other_in_need_of_protection", "ECLAC", 2)
    assert (
        f"including {int(float(oip['value'])):,} whom UNHCR counts as other people in need of "
        "international protection rather than as refugees"
    ) in text
