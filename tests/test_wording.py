"""What delegates read: plain UN-style English, no internal plumbing, the document's status.

Every check reads the built reports back: the PDF's text (pypdf) and the HTML page. The body is
everything a delegate reads before the technical appendix, which alone keeps file names,
checksums, commits and exact addresses. The PDF cover page is typeset by the template from the
report's metadata and is checked only where the report sets it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot

ROUNDS = (1, 2)
REGIONAL = [(n, c) for n in ROUNDS for c in COMMISSIONS]
ALL = [*REGIONAL, (1, "synthesis"), (2, "synthesis")]
APPENDIX = "Technical appendix: provenance"


@cache
def _pages(path: Path) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in PdfReader(path).pages)


def _flat(text: str) -> str:
    # Pandoc sets typographic apostrophes: compare with the plain ones the sources write.
    return re.sub(r"\s+", " ", text).replace("\u2019", "'")


def _pdf_body(folder: Path) -> str:
    """Return the PDF text after the cover, up to the technical appendix, on one line."""
    text = _flat("\n".join(_pages(folder / "report.pdf")[1:]))
    # The contents page names the appendix too: cut at its heading, the last occurrence.
    cut = text.rfind(APPENDIX)
    return text[:cut] if cut > text.find("Contents") + 200 else text


def _html_main(folder: Path) -> str:
    html = (folder / "report.html").read_text(encoding="utf-8")
    main = re.split(r"<main\b[^>]*>", html, maxsplit=1)[1].split("</main>", 1)[0]
    return main.split('<h2 id="technical-appendix-provenance"', 1)[0]


def _html_text(html: str) -> str:
    import html as html_lib

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return _flat(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)))


def _pdf_section(folder: Path, title: str, following: str | None) -> str:
    """Return the PDF text of one numbered section (its heading up to the next one's)."""
    body = _pdf_body(folder)
    starts = [m.start() for m in re.finditer(rf"\d+\. {re.escape(title)}(?= )", body)]
    assert starts, title
    part = body[starts[-1] :]
    if following:
        ends = [m.start() for m in re.finditer(rf"\d+\. {re.escape(following)}(?= )", part)]
        part = part[: ends[-1]] if ends else part
    return part


# --- no plumbing in the body ------------------------------------------------------------------

PLUMBING = [
    r"statistics\.csv",
    r"rounds\.yml",
    r"commission_membership\.csv",
    r"commitments\.csv",
    r"manifest\.json",
    r"gcm_report/",
    r"[Cc]anonical statistics",
    r"\bcommit\b",
    r"gcm-report \d",
    r"iomeval",
    r"R package",
    r"\b20\d\d\.\d{1,2}\.\d\b",  # package versions such as 2025.12.1
    r"gdidata",
    r"open-numbers",
    r"\biso3\b",
    r"seed document",
    r"curated",
    r"population type",
    r"indicator × member",
    r"US order",
    r"\b\d\d/\d\d/\d{4}\b",
    r"\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b",  # ISO dates in prose
    r"\b0\d (?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b",
    r"end-2025 figures",
    r"the page gives no year",
    r"were not found",
    r"was found",
    r"changed by [+−]",
    r"; [+−][\d.,]+%? since (?:19|20)\d\d",  # "up 49.0% from …", not "; +49.0% since 2020"
    r"associate members of the (?:ECA|ECE|ECLAC|ESCAP|ESCWA)\b",
    r"Meeting: ",
    r"[Nn]aturalis|[Oo]rganis|[Rr]ecognis|[Mm]inimis|[Pp]rioritis|[Ss]ummaris|[Uu]tilis",
    r"US\$ [\d.,]+ (?:bn|m)\b",
    r"(?<!e\.g)(?<!i\.e)\.,|\.\.(?!\.)",
    r"(?:\bin|\binto|\bfrom|\bto|\bof|,) Arab region",
    r"accession date of .* is not established",
    r"Cover and mandate",
]
# Staging and test copies of publishers' sites, and a page's Arabic version: where facts were
# found, listed with a note in the technical appendix, never printed in the body.
NON_PUBLIC = re.compile(
    r"stage-unescwa|\.uat\.|drupal-main-staging|migrationnetwork\.un\.org/ar/"
    r"|https?://[^\s\"'<>]*(?:\bstage|staging|\buat\b)"
)


@pytest.mark.parametrize(("round_number", "code"), ALL)
def test_body_reads_as_plain_language_without_plumbing(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    pdf = _pdf_body(folder)
    html = _html_text(_html_main(folder))
    for pattern in PLUMBING:
        for where, text in (("pdf", pdf), ("html", html)):
            hit = re.search(pattern, text)
            assert hit is None, (
                code,
                round_number,
                where,
                pattern,
                text[max(0, hit.start() - 80) : hit.end() + 40],
            )
    snapshot_id = Snapshot().snapshot_id
    assert snapshot_id not in pdf and snapshot_id not in html


@pytest.mark.parametrize(("round_number", "code"), ALL)
def test_body_never_shows_a_staging_or_test_address(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    # Addresses break across PDF lines: look at the text without any white space.
    for where, text in (
        ("pdf", re.sub(r"\s+", "", _pdf_body(folder))),
        ("html", _html_main(folder)),  # the markup too: links carry the address
    ):
        hit = NON_PUBLIC.search(text)
        assert hit is None, (code, round_number, where, text[max(0, hit.start() - 80) : hit.end()])


@pytest.mark.parametrize(("round_number", "code"), [(1, "ESCWA"), (2, "ECLAC")])
def test_appendix_keeps_every_address_with_an_honest_note(built, round_number, code):
    pages = _pages(built / f"round-{round_number}" / code / "report.pdf")
    text = _flat("\n".join(pages))
    appendix = text[text.rfind(APPENDIX) :]
    squeezed = re.sub(r"\s+", "", appendix)
    assert Snapshot().snapshot_id in appendix
    assert "commit" in appendix and "checksum" in appendix
    if code == "ESCWA" and round_number == 1:
        assert "stage-unescwa.unescwa.org" in squeezed
        assert "staging" in appendix
    if code == "ECLAC":
        assert "mptfportal.uat.undp.org" in squeezed and "test" in appendix
        assert "migrationnetwork.un.org/ar/node/36196" in squeezed and "Arabic" in appendix
    # The publisher's own stamp keeps its meaning, in the UN's date style.
    assert "12/07/2020" not in appendix and "US order" not in appendix
    assert "7 December 2020" in appendix


# --- status, dates and the mandate of the round -----------------------------------------------

DATE = (
    r"[1-9]\d? (?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}"
)


@pytest.mark.parametrize(("round_number", "code"), REGIONAL)
def test_mandate_states_the_status_of_the_document(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    mandate = _pdf_section(folder, "Mandate", "Key messages")
    assert re.search(
        rf"data report prepared with data published up to [A-Z][a-z]+ \d{{4}}, produced on "
        rf"{DATE}, after the intergovernmental review meeting of",
        mandate,
    ), mandate[:1500]
    assert "it is not the document presented at the meeting" in mandate
    # One line per publication, the World Bank's series each with its release, once.
    assert mandate.count("World Development Indicators") == 1
    assert re.search(r"World Development Indicators: population, \w+ \d{4} release", mandate)


@pytest.mark.parametrize(("round_number", "code"), REGIONAL)
def test_the_mandate_cites_only_what_existed_in_the_round(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    mandate = _pdf_section(folder, "Mandate", "Key messages")
    cover = _html_text(_html_main(folder).split("</section>", 1)[0])
    assert "A/RES/73/195" in mandate and "A/RES/73/195" in cover
    if round_number == 1:
        # The Progress Declaration (A/RES/76/266) was adopted in 2022, after the first round.
        assert "A/RES/76/266" not in mandate and "A/RES/76/266" not in cover
    else:
        assert "A/RES/76/266" in mandate and "A/RES/76/266" in cover


def test_unhcr_sources_name_the_release_not_a_year_of_figures(built):
    folder = built / "round-2" / "ECLAC"
    body = _pdf_body(folder)
    assert "UNHCR, Refugee Data Finder, Global Trends 2025 release" in body
    assert "end-2025 figures" not in body


# --- facts dated after the round ---------------------------------------------------------------


@pytest.mark.parametrize("code", ["ESCWA", "ECE", "ECLAC"])
def test_round_1_lists_later_facts_as_later_developments(built, code):
    section = _pdf_section(
        built / "round-1" / code,
        "Commitments and implementation",
        "Comparison with the other regions and rounds",
    )
    head, later = section.split("Later developments (after this round)", 1)
    assert "2023 or later" not in head and "May 2023" not in head
    assert "Accra" not in head
    assert "Accra" in later and "2023 or later" in later


def test_round_2_shows_current_facts_without_a_later_part(built):
    section = _pdf_section(
        built / "round-2" / "ECE",
        "Commitments and implementation",
        "Comparison with the other regions and rounds",
    )
    assert "Later developments" not in section
    assert "Azerbaijan; Luxembourg; Portugal; Türkiye" in section
    # The UNECE document is cited once, with a numbered note, not in every row.
    assert section.count("informal document 2023/26") == 1
    assert "Migration Multi-Partner Trust Fund (Migration MPTF)" in section


# --- sources: glossary, one entry per publisher, a plain statement on membership --------------


@pytest.mark.parametrize(("round_number", "code"), REGIONAL)
def test_sources_explain_the_abbreviations_used(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    sources = _pdf_section(folder, "Sources and methods", None)
    assert "Abbreviations" in sources
    glossary = sources.split("Abbreviations", 1)[1]
    entries = re.findall(r"([A-Z][A-Za-z]*[A-Z]+\d*) (?:–|:) ", glossary)
    assert {"IMRF", "UNHCR", "SDG", "RT"} <= set(entries), entries
    body = _pdf_body(folder).replace(glossary, "")
    for abbreviation in entries:
        # "RT1" uses RT, "IDPs" IDP; "UNHCR" does not use UN.
        used = rf"(?<![\w-]){abbreviation}(?:s\b|(?![A-Za-z]))"
        assert re.search(used, body), (code, abbreviation)
    assert ("UNRWA" in entries) == (code == "ESCWA" or "UNRWA" in body)
    assert sources.count("• UNHCR.") == 1


def test_djibouti_membership_is_a_plain_statement(built):
    sources = _pdf_section(built / "round-2" / "ESCWA", "Sources and methods", None)
    assert re.search(r"Djibouti joined ESCWA after 16 December 2021", sources), sources[:2000]


# --- the synthesis ------------------------------------------------------------------------------


@pytest.mark.parametrize("round_number", ROUNDS)
def test_synthesis_title_and_header_read_as_a_document(built, round_number):
    pages = _pages(built / f"round-{round_number}" / "synthesis" / "report.pdf")
    cover = _flat(pages[0])
    assert "Global Compact for Safe, Orderly and Regular Migration" in cover
    assert f"· Round {round_number}" not in cover.split("Review round")[0]
    assert not any(re.search(r"\bALL\b", page) for page in pages)
    # Each meeting with its source, named as a reader cites it.
    body = _pdf_body(built / f"round-{round_number}" / "synthesis")
    for code in COMMISSIONS:
        title = get_round(round_number).meetings[code].source_name
        assert f"{code}: {title}" in body, code
