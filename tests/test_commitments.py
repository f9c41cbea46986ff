"""The curated commitments table against the seed UN document, and its "not recorded" rule."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.errors import ParamsError
from gcm_report.report.blocks import Table
from gcm_report.report.commitments import (
    COUNTRY_ITEMS,
    ITEMS,
    NOT_RECORDED,
    commitment_facts,
    commitments_table,
    load_commitments,
    parse_commitments,
    recorded_count,
)
from tests.conftest import RAW_DIR

SEED = RAW_DIR.parent / "seeds" / "gcm-regional-reviews-framework-2023.md"
CSV_PATH = Path(__file__).resolve().parents[1] / "gcm_report" / "reference" / "commitments.csv"
OTHERS = ["ECA", "ECLAC", "ESCAP", "ESCWA"]
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
MONTHS = {"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7}


def _names(listed: str) -> list[str]:
    """Split "A, B and C" or "A; B" into names."""
    return [n.strip() for n in re.split(r",|;|\band\b", listed) if n.strip()]


@pytest.fixture(scope="module")
def seed() -> dict[str, object]:
    """Parse the ECE facts of paragraph 12 of the seed document (informal document 2023/26)."""
    if not SEED.is_file():
        pytest.fail(f"seed document not found at {SEED} (set GCM_REPORT_RAW)")
    text = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    para = re.search(r" 12\. (.*?) 13\. ", text)
    assert para, "paragraph 12 not found in the seed document"
    p12 = para.group(1)
    pledges = re.search(
        r"(\d+) pledges were made by Europe and Central Asian member States and stakeholders "
        r"in the framework of the IMRF",
        p12,
    )
    champions = re.search(
        r"there are (\w+) GCM Champion countries in Europe and Central Asia \(([^)]*)\)", p12
    )
    programmes = re.search(
        r"There are (\w+) MPTF funded Joint Programmes in the region \(([^)]*)\)", p12
    )
    steering = re.search(r"(\w+) current Steering Committee members \(([^)]*)\)", p12)
    funding = re.search(r"(The majority of funding of the Migration [^.]*\.)", p12)
    date = re.search(r"Geneva, (\d{1,2}) (\w+) (\d{4})", text)
    number = re.search(r"Informal document No\. \**(\d{4}/\d+)", text)
    for name, match in [
        ("pledges", pledges),
        ("champions", champions),
        ("joint programmes", programmes),
        ("steering committee", steering),
        ("funding", funding),
        ("date", date),
        ("document number", number),
    ]:
        assert match, f"{name} sentence not found in paragraph 12 of the seed document"
    assert pledges and champions and programmes and steering and funding and date and number
    facts = {
        "pledges": pledges.group(1),
        "champion_countries": _names(champions.group(2)),
        "mptf_joint_programmes": _names(programmes.group(2)),
        "mptf_steering_committee": _names(steering.group(2)),
        "mptf_funding": funding.group(1),
        "as_of": f"{date.group(3)}-{MONTHS[date.group(2)]:02d}-{int(date.group(1)):02d}",
        "document": number.group(1),
    }
    # The counts written in words agree with the lists in brackets.
    for key, match in [
        ("champion_countries", champions),
        ("mptf_joint_programmes", programmes),
        ("mptf_steering_committee", steering),
    ]:
        assert NUMBERS[match.group(1).lower()] == len(facts[key]), key
    return facts


@pytest.fixture(scope="module")
def csv_rows() -> list[dict[str, str]]:
    """Read the CSV directly (independently of the module under test)."""
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _ece(csv_rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The ECE rows that cite the seed document, by item."""
    return {r["item"]: r for r in csv_rows if r["commission"] == "ECE" and "2023/26" in r["source"]}


def test_seed_document_states_the_expected_ece_facts(seed):
    # Guard on the parser itself: the facts stated in the brief, read back from the document.
    assert seed["pledges"] == "98"
    assert seed["champion_countries"] == ["Azerbaijan", "Luxembourg", "Portugal", "Türkiye"]
    assert seed["mptf_joint_programmes"] == ["North Macedonia", "Tajikistan"]
    assert seed["mptf_steering_committee"] == ["France", "Denmark"]
    assert seed["as_of"] == "2023-05-15"
    assert seed["document"] == "2023/26"


def test_ece_pledges_equal_the_seed(seed, csv_rows):
    assert _ece(csv_rows)["pledges"]["value"] == seed["pledges"]


@pytest.mark.parametrize(
    "item", ["champion_countries", "mptf_joint_programmes", "mptf_steering_committee"]
)
def test_ece_country_lists_equal_the_seed(seed, csv_rows, item):
    assert _names(_ece(csv_rows)[item]["value"]) == seed[item]


def test_ece_funding_statement_quotes_the_seed(seed, csv_rows):
    assert _ece(csv_rows)["mptf_funding"]["value"] == seed["mptf_funding"]


def test_ece_rows_cite_the_seed_document_and_its_date(seed, csv_rows):
    rows = _ece(csv_rows)
    assert set(rows) == set(ITEMS)
    for item, row in rows.items():
        assert row["as_of"] == seed["as_of"], item
        assert f"informal document {seed['document']}" in row["source"], item
        assert "para. 12" in row["source"], item
        assert "15 May 2023" in row["source"], item


def test_module_reads_the_same_values_as_the_csv(csv_rows):
    ece = [r for r in csv_rows if r["commission"] == "ECE"]
    facts = commitment_facts("ECE")
    assert [(f["item"], f["value"], f["source"], f["as_of"]) for f in facts] == [
        (r["item"], r["value"], r["source"], r["as_of"]) for r in ece
    ]
    assert recorded_count("ECE") == len(ITEMS)


def test_every_commission_and_item_is_present_once_empty_or_with_distinct_facts(csv_rows):
    keys = [(r["commission"], r["item"]) for r in csv_rows]
    assert set(keys) == {(c, i) for c in COMMISSIONS for i in ITEMS}
    for key in set(keys):
        rows = [r for r in csv_rows if (r["commission"], r["item"]) == key]
        values = [r["value"] for r in rows]
        # The same value may be stated by two sources at two dates (a Champion in 2020, still
        # one in 2024): distinct facts, each with its own date.
        facts = [(r["value"], r["source"]) for r in rows]
        assert values == [""] or (all(values) and len(set(facts)) == len(facts)), key


def test_every_value_has_a_source_and_a_date(csv_rows):
    for row in csv_rows:
        if row["value"].strip():
            assert row["source"].strip(), row
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?( or later)?|undated", row["as_of"]), row
        else:
            assert not (row["iso3"] or row["as_of"] or row["source"] or row["source_url"]), row
            assert row["note"], row  # why nothing was found


def test_facts_beyond_the_seed_come_from_the_sourced_facts_file(csv_rows):
    facts = (RAW_DIR.parent / "reference" / "sourced-facts.md").read_text(encoding="utf-8")
    others = [r for r in csv_rows if r["value"] and "2023/26" not in r["source"]]
    assert len(others) >= 10
    for row in others:
        # Several addresses (a page and its Arabic version) are separated by " ; ".
        for url in row["source_url"].split(" ; "):
            assert url in facts, row


def test_champions_are_the_sourced_lists_within_each_commission(csv_rows):
    facts = (RAW_DIR.parent / "reference" / "sourced-facts.md").read_text(encoding="utf-8")
    accra = re.search(r"in Accra .*?\): (.*?)\.\n", facts, re.S)
    assert accra
    accra_names = {n.strip().replace("The Gambia", "Gambia") for n in accra.group(1).split(",")}
    assert len(accra_names) == 28
    for code in COMMISSIONS:
        regional = {m.name for m in get_commission(code).members if m.in_region}
        rows = [
            r
            for r in csv_rows
            if (r["commission"], r["item"]) == (code, "champion_countries")
            and "36196" in r["source_url"]
        ]
        assert len(rows) == 1, code
        assert set(_names(rows[0]["value"])) == accra_names & regional, code
        assert "partial" in rows[0]["note"]


@pytest.mark.parametrize("code", OTHERS)
def test_other_commissions_render_not_recorded_only_where_nothing_was_found(csv_rows, code):
    table = commitments_table(code)
    html, md = table.html(), table.markdown()
    empty = sum(1 for r in csv_rows if r["commission"] == code and not r["value"])
    assert empty == len(ITEMS) - recorded_count(code)
    assert html.count(f'<td class="">{NOT_RECORDED}</td>') == empty
    assert md.count(f"| {NOT_RECORDED} |") == empty
    for text in (html, md):
        assert get_commission(code).name in text
        for ece_fact in ("98", "Luxembourg", "Denmark", "2023/26"):
            assert ece_fact not in text


def test_ece_table_shows_the_values_and_its_layout():
    table = commitments_table("ECE")
    assert [c.header for c in table.columns] == [
        "Commitment",
        "As recorded",
        "As of",
        "Source",
        "What it covers",
    ]
    assert table.caption == "GCM commitments and implementation: Economic Commission for Europe"
    # Each source cited once, by number; no file name reaches the reader.
    assert table.source.startswith("[1] UNECE Executive Committee")
    assert table.source.count("informal document 2023/26") == 1
    assert "commitments.csv" not in table.source
    assert NOT_RECORDED in table.note and "source" in table.note
    html, md = table.html(), table.markdown()
    assert f"| {NOT_RECORDED} |" not in md
    assert f">{NOT_RECORDED}<" not in html
    for text in (html, md):
        assert "Azerbaijan; Luxembourg; Portugal; Türkiye" in text
        assert "Azerbaijan; Canada; Luxembourg; Portugal; Türkiye" in text
        assert "| 98 |" in md and '<td class="">98</td>' in html


def test_champion_iso3_are_ece_members():
    champions = next(f for f in commitment_facts("ECE") if f["item"] == "champion_countries")
    assert champions["iso3"] == ["AZE", "LUX", "PRT", "TUR"]
    members = {m.iso3 for m in get_commission("ECE").members}
    assert set(champions["iso3"]) <= members


def test_all_named_countries_are_members_of_their_commission():
    for c in load_commitments():
        if c.item not in COUNTRY_ITEMS or c.value is None:
            assert c.iso3 == (), c
            continue
        members = {m.iso3: m.name for m in get_commission(c.commission).members}
        for iso3, name in zip(c.iso3, _names(c.value or ""), strict=True):
            assert members[iso3] == name


def test_facts_are_json_ready():
    for code in COMMISSIONS:
        json.dumps(commitment_facts(code), ensure_ascii=False)


def test_unknown_commission_is_a_params_error():
    with pytest.raises(ParamsError, match="unknown region"):
        commitments_table("XYZ")


def test_reader_accepts_text_and_path(tmp_path):
    text = CSV_PATH.read_text(encoding="utf-8")
    copy = tmp_path / "commitments.csv"
    copy.write_text(text, encoding="utf-8")
    assert parse_commitments(text) == load_commitments(copy) == load_commitments()


def _edit(text: str, item: str, field: str, new: str, commission: str = "ECE") -> str:
    """Return the CSV text with one field of one row replaced."""
    rows = list(csv.DictReader(text.splitlines()))
    for row in rows:
        if row["commission"] == commission and row["item"] == item:
            row[field] = new
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


MALFORMED = [
    ("value without a source", lambda t: _edit(t, "pledges", "source", ""), r"no source"),
    (
        "value without a source (other commission)",
        lambda t: _edit(t, "pledges", "value", "120", commission="ECA"),
        r"ECA pledges has value '120' but no source",
    ),
    ("bad date", lambda t: _edit(t, "pledges", "as_of", "15 May 2023"), r"not a date"),
    ("impossible date", lambda t: _edit(t, "pledges", "as_of", "2023-02-30"), r"valid date"),
    (
        "non-member ISO3",
        lambda t: _edit(t, "champion_countries", "iso3", "AZE;LUX;BRA;TUR"),
        r"BRA \(Portugal\) is not a member of ECE",
    ),
    (
        "ISO3 of another country",
        lambda t: _edit(t, "champion_countries", "iso3", "AZE;LUX;ESP;TUR"),
        r"ESP is 'Spain'.*names 'Portugal'",
    ),
    (
        "too few ISO3",
        lambda t: _edit(t, "mptf_steering_committee", "iso3", "FRA"),
        r"names 2 countries .* lists 1 ISO3",
    ),
    ("ISO3 on a non-country item", lambda t: _edit(t, "pledges", "iso3", "FRA"), r"iso3 must"),
    (
        "source without a value",
        lambda t: _edit(t, "pledges", "source", "somewhere", commission="ESCAP"),
        r"no value but fills source",
    ),
    ("unknown commission", lambda t: t.replace("\nESCWA,", "\nUNECE,", 1), r"unknown commission"),
    ("unknown item", lambda t: t.replace("ECA,pledges,", "ECA,pledge,", 1), r"unknown item"),
    (
        "duplicate row",
        lambda t: t + t.splitlines()[1] + "\n",
        r"duplicate row for ECA pledges",
    ),
    (
        "missing row",
        lambda t: "\n".join(
            line for line in t.splitlines() if not line.startswith("ESCWA,pledges")
        ),
        r"missing rows.*ESCWA pledges",
    ),
    ("wrong columns", lambda t: t.replace("source_url", "url", 1), r"columns"),
    ("bad URL", lambda t: _edit(t, "pledges", "source_url", "unece.org/doc"), r"http"),
]


@pytest.mark.parametrize(("case", "mutate", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_table_is_rejected(case, mutate, message):
    text = mutate(CSV_PATH.read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match=message):
        parse_commitments(text)


def test_malformed_file_error_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        _edit(CSV_PATH.read_text(encoding="utf-8"), "pledges", "source", ""), encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"bad\.csv, line \d+: ECE pledges has value '98'"):
        load_commitments(bad)


# --- facts of the round, and facts dated after it -----------------------------------------------


def test_a_round_lists_facts_dated_after_it_apart():
    from gcm_report.data.rounds import get_round
    from gcm_report.report.commitments import commitments_blocks

    round_1, round_2 = get_round(1), get_round(2)
    main, later = commitments_blocks("ESCWA", round_1)
    assert isinstance(main, Table) and isinstance(later, Table)
    # Egypt and Iraq joined in June 2021, within the round; the Accra dialogue is 2023 or later.
    assert "Egypt; Iraq" in main.markdown() and "June 2021" in main.markdown()
    assert "Accra" not in main.markdown() and "Accra" in later.markdown()
    assert "2023 or later" in later.markdown() and later.caption.startswith("Later developments")
    # Numbered sources continue from one table to the next: each source has one number.
    assert main.source.startswith("[1] ") and later.source.startswith("[2] ")
    assert len(commitments_blocks("ESCWA", round_2)) == 1


def test_an_item_whose_facts_all_postdate_the_round_says_so():
    from gcm_report.data.rounds import get_round
    from gcm_report.report.commitments import commitments_blocks

    main, _later = commitments_blocks("ECE", get_round(1))
    md = main.markdown()
    # Every ECE fact dates from 2023 or later: none is shown as current, none as "not found".
    assert "98" not in md and "Luxembourg" not in md
    assert md.count("later developments") == len(ITEMS)


def test_dates_read_in_the_un_style_and_undated_facts_say_so():
    table = commitments_table("ECLAC")
    md = table.markdown()
    assert "no date given" in md and "undated" not in md
    assert "2023 or later" in md
    assert "2023-" not in md
