"""The curated membership table against the counts in the review-process reference file."""

from __future__ import annotations

import csv
import re

import pytest

from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.data.rounds import available_rounds, get_round
from gcm_report.errors import ParamsError
from tests.conftest import REFERENCE


def _reference_counts() -> dict[str, dict[str, int]]:
    """Parse "- ECLAC: 46 member States (...) and 14 associate members" lines."""
    text = REFERENCE.read_text(encoding="utf-8")
    section = text.split("## Membership of the five UN regional commissions")[1].split("\n## ")[0]
    counts = {}
    for code, body in re.findall(
        r"^- (ECA|ECE|ECLAC|ESCAP|ESCWA): (.*?)(?=^- |\Z)", section, re.M | re.S
    ):
        members = int(re.match(r"(\d+) member States", body).group(1))
        assoc = re.search(r"(\d+) associate\s+members", body)
        counts[code] = {"member": members, "associate": int(assoc.group(1)) if assoc else 0}
    return counts


def test_reference_file_lists_all_five_commissions():
    assert set(_reference_counts()) == set(COMMISSIONS) == {"ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"}


@pytest.mark.parametrize("code", ["ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"])
def test_membership_counts_match_reference(code):
    expected = _reference_counts()[code]
    commission = get_commission(code)
    assert commission.count("member") == expected["member"]
    assert commission.count("associate") == expected["associate"]


def test_eclac_non_regional_members_are_the_thirteen_named_in_the_reference():
    # Canada, France, Germany, Italy, Japan, Netherlands, Norway, Portugal, Republic of Korea,
    # Spain, Türkiye, United Kingdom, United States.
    outside = {m.iso3 for m in get_commission("ECLAC").members if not m.in_region}
    assert outside == set(
        ["CAN", "FRA", "DEU", "ITA", "JPN", "NLD", "NOR", "PRT", "KOR", "ESP", "TUR", "GBR", "USA"]
    )


def test_escap_non_regional_members():
    outside = {m.iso3 for m in get_commission("ESCAP").members if not m.in_region}
    assert outside == {"FRA", "NLD", "GBR", "USA"}


def test_no_double_counting_inside_a_region_but_overlaps_across_regions():
    for code in COMMISSIONS:
        codes = get_commission(code).aggregate_iso3
        assert len(codes) == len(set(codes)), code
    assert "EGY" in get_commission("ECA").aggregate_iso3
    assert "EGY" in get_commission("ESCWA").aggregate_iso3
    assert "KAZ" in get_commission("ECE").aggregate_iso3
    assert "KAZ" in get_commission("ESCAP").aggregate_iso3


def test_every_member_code_is_a_real_m49_area(raw_dir):
    with (raw_dir / "unsd_m49" / "UNSD-methodology-M49-en.csv").open(encoding="utf-8-sig") as fh:
        iso3 = {r["ISO-alpha3 Code"] for r in csv.DictReader(fh)}
    for code in COMMISSIONS:
        for m in get_commission(code).members:
            assert m.iso3 in iso3, (code, m.iso3)
            assert m.source_url.startswith("https://"), (code, m.iso3)
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.date_checked)


def test_unknown_region_is_a_params_error():
    with pytest.raises(ParamsError, match="unknown region 'EU'"):
        get_commission("EU")


def test_rounds_match_the_issue_definition():
    assert available_rounds() == (1, 2)
    r1, r2 = get_round(1), get_round(2)
    assert (r1.period, r1.reference_year, r1.data_years) == ("2020–2021", 2020, (2016, 2020))
    assert (r2.period, r2.reference_year, r2.data_years) == ("2024–2025", 2024, (2021, 2024))
    assert r2.previous_reference_year == r1.reference_year and r2.previous == r1
    # The round → IMS revision mapping is data, in one place (rounds.yml).
    assert r1.table("migrant_stock") == "undesa_ims_2020_stock"
    assert r2.table("migrant_origin_destination") == "undesa_ims_2024_od"


def test_meetings_match_the_sourced_facts():
    facts = (REFERENCE.parent / "sourced-facts.md").read_text(encoding="utf-8")
    expected = {
        (1, "ECE"): ("2020-11-12", "2020-11-13"),
        (1, "ESCWA"): ("2021-02-24", "2021-02-25"),
        (1, "ESCAP"): ("2021-03-10", "2021-03-12"),
        (1, "ECLAC"): ("2021-04-26", "2021-04-28"),
        (1, "ECA"): ("2021-08-31", "2021-09-01"),
        (2, "ECE"): ("2024-03-11", "2024-03-11"),
        (2, "ESCWA"): ("2024-07-03", "2024-07-04"),
        (2, "ESCAP"): ("2025-02-04", "2025-02-06"),
        (2, "ECLAC"): ("2025-03-19", "2025-03-20"),
        (2, "ECA"): ("2024-10-09", "2024-10-10"),
    }
    for (n, code), (start, end) in expected.items():
        m = get_round(n).meetings[code]
        assert (m.start.isoformat(), m.end.isoformat()) == (start, end), (n, code)
        # Every meeting cites a source: one of the sourced-facts addresses, or the seed document.
        assert m.source in facts or "2023/26" in m.source, (n, code)
    for n in available_rounds():
        assert set(get_round(n).meetings) == set(COMMISSIONS)


def test_membership_as_of_each_meeting():
    escwa = get_commission("ESCWA")
    assert len(escwa.aggregate_iso3_on(get_round(1).meetings["ESCWA"].start)) == 20
    assert len(escwa.aggregate_iso3_on(get_round(2).meetings["ESCWA"].start)) == 21
    joined = {m.iso3: m for m in escwa.members if m.member_since}
    assert set(joined) == {"DZA", "SOM", "DJI"} and joined["DJI"].accession_uncertain


def test_each_round_names_the_resolutions_in_force_and_cites_sources_by_title():
    from gcm_report.data.rounds import available_rounds
    from gcm_report.report.sections.cover import MANDATE

    for n in available_rounds():
        r = get_round(n)
        assert "A/RES/73/195" in r.mandate and set(r.mandate) <= set(MANDATE)
        for meeting in r.meetings.values():
            # The body cites a title; the address is for the technical appendix.
            assert not meeting.source_name.startswith("http")
            assert not meeting.note or (meeting.note[0].isupper() and meeting.note.endswith("."))
    # The Progress Declaration (A/RES/76/266) dates from 2022, after the first round.
    assert get_round(1).years == (2020, 2021) and "A/RES/76/266" not in get_round(1).mandate
    assert "A/RES/76/266" in get_round(2).mandate
