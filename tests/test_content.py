"""Report content across regions and rounds: same structure, agreeing numbers, no gaps hidden."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import openpyxl
import pytest

from gcm_report.analysis.indicators import REGISTRY
from gcm_report.data.regions import COMMISSIONS
from gcm_report.report.charts import VEGALITE_MIME

ROUNDS = (1, 2)


def _rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "indicators.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _headings(html: str, level: int) -> list[str]:
    return re.findall(rf"<h{level} id=\"[^\"]+\">(.*?)</h{level}>", html)


@pytest.mark.parametrize("round_number", ROUNDS)
def test_regional_reports_share_headings_and_indicator_ids(built, round_number):
    structures, ids = set(), set()
    for code in COMMISSIONS:
        folder = built / f"round-{round_number}" / code
        html = (folder / "report.html").read_text(encoding="utf-8")
        structures.add((tuple(_headings(html, 2)), tuple(_headings(html, 3))))
        ids.add(frozenset(r["indicator"] for r in _rows(folder)))
    assert len(structures) == 1
    h3 = next(iter(structures))[1]
    assert [h.split(":")[0] for h in h3] == ["RT1", "RT2", "RT3", "RT4"]
    # Every registered indicator reaches every report's CSV; derived figures (comparisons,
    # caveats) differ by region with what each region's sentences say.
    for found in ids:
        assert set(REGISTRY) <= found


@pytest.mark.parametrize("round_number", ROUNDS)
def test_every_objective_is_listed_or_said_to_have_no_data(built, round_number):
    html = (built / f"round-{round_number}" / "ECLAC" / "report.html").read_text(encoding="utf-8")
    section = html.split('id="progress-by-objective"')[1].split('id="commitments')[0]
    for objective in range(1, 24):
        assert re.search(rf"<td[^>]*>{objective}\. ", section), objective
    assert "No indicator in the current data" in section


@pytest.mark.parametrize(("round_number", "code"), [(n, c) for n in ROUNDS for c in COMMISSIONS])
def test_every_chart_has_a_text_description(built, round_number, code):
    nb = nbformat.read(built / f"round-{round_number}" / code / "report.ipynb", as_version=4)
    charts = [
        o for c in nb.cells for o in c.get("outputs", []) if VEGALITE_MIME in o.get("data", {})
    ]
    # Trend, map, subregions, flows over time, remittance costs; round 2 also has the age-sex
    # pyramid of refugees (the UNHCR extract holds end-2025 only). The region matrix is in the
    # synthesis.
    assert len(charts) == (5 if round_number == 1 else 6)
    for out in charts:
        description = out["data"][VEGALITE_MIME]["description"]
        assert len(description) > 40 and out["data"]["text/plain"] == description
        assert 'role="img" aria-label=' in out["data"]["text/html"]


@pytest.mark.parametrize("round_number", ROUNDS)
def test_synthesis_agrees_with_the_regional_reports(built, round_number):
    # Keyed by round too: a 2020 value of round 1 (IMS 2020) and of round 2 (IMS 2024) differ.
    synthesis = {
        (r["indicator"], r["area"], r["round"], r["year"]): r["value"]
        for r in _rows(built / f"round-{round_number}" / "synthesis")
    }
    compared = 0
    for code in COMMISSIONS:
        for r in _rows(built / f"round-{round_number}" / code):
            key = (r["indicator"], r["area"], r["round"], r["year"])
            if key in synthesis and r["area"] in (*COMMISSIONS, "WORLD"):
                assert synthesis[key] == r["value"], (code, key)
                compared += 1
    assert compared >= 5 * len(REGISTRY) // 2


@pytest.mark.parametrize(("round_number", "code"), [(2, "ECE"), (1, "ESCAP"), (2, "synthesis")])
def test_xlsx_annex_holds_every_table_with_its_numbers(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    nb = nbformat.read(folder / "report.ipynb", as_version=4)
    tables = [
        table
        for c in nb.cells
        for o in c.get("outputs", [])
        for table in o.get("data", {})
        .get("application/vnd.gcm-report.meta+json", {})
        .get("tables", [])
    ]
    book = openpyxl.load_workbook(folder / "annex.xlsx")
    assert book.sheetnames[0] == "Cover" and len(book.sheetnames) == len(tables) + 1
    # Accessible spreadsheet layout: title in A1, source above the table, the table an Excel
    # table with one header row, no merged cells.
    first = book[book.sheetnames[1]]
    assert first["A1"].value == tables[0]["title"]
    assert str(first["A2"].value).startswith("Source: ")
    assert not first.merged_cells.ranges
    (table,) = first.tables.values()
    top = int(re.match(r"[A-Z]+(\d+)", table.ref).group(1))
    cells = list(first.iter_rows(min_row=top, values_only=True))
    assert list(cells[0][: len(tables[0]["headers"])]) == tables[0]["headers"]
    # Excel keeps 15 significant digits: numbers compare within that precision.
    expected = tables[0]["rows"][0]
    got = list(cells[1][: len(expected)])
    assert got == [pytest.approx(v, rel=1e-14) if isinstance(v, float) else v for v in expected]
    links = [c.hyperlink.location for c in book["Cover"]["A"] if c.hyperlink]
    assert links[0] == f"'{book.sheetnames[1]}'!A1" and len(links) == len(tables)


def test_commitments_show_sourced_facts_and_never_invent(built):
    ece = (built / "round-2" / "ECE" / "report.html").read_text(encoding="utf-8")
    eca = (built / "round-2" / "ECA" / "report.html").read_text(encoding="utf-8")
    assert "98" in ece.split('id="commitments')[1].split("</table>")[0]
    assert "Azerbaijan; Luxembourg; Portugal; Türkiye" in ece
    table = eca.split('id="commitments')[1].split("<table>")[1].split("</table>")[0]
    assert table.count("not recorded") == 3  # pledges, Steering Committee, funding
    assert "Accra" in table and "partial list" in table


# --- every number in the key messages is published ------------------------------------------

_NUMBER = re.compile(
    r"US\$ \d[\d,]*(?:\.\d+)? (?:billion|million)\b"
    r"|[+−]?(?:< )?(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:%| percentage points)?"
)


def _published_texts(rows: list[dict[str, str]]) -> set[str]:
    """Every way a published value can print (the report's own formatter, signed or not)."""
    from gcm_report.report.format import fmt_value

    out = set()
    for r in rows:
        if not r["value"]:
            continue
        value = float(r["value"])
        text = fmt_value(value, r["unit"])
        out |= {text, text.lstrip("+"), "+" + text, f"{value:+,.0f}".replace("-", "−")}
        if r["unit"] in ("percent", "percentage points"):
            out.add(f"{value:+.1f}%".replace("-", "−"))
            out.add(f"{value:+.1f} percentage points".replace("-", "−"))
    return out


def _section_text(html: str, title: str) -> str:
    part = html.split(f">{title}</h2>", 1)[1].split("<h2", 1)[0]
    return re.sub(r"<[^>]+>", " ", part)


@pytest.mark.parametrize(
    ("round_number", "code"), [(n, c) for n in ROUNDS for c in (*COMMISSIONS, "synthesis")]
)
def test_every_number_in_the_key_messages_is_in_indicators_csv(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    text = _section_text((folder / "report.html").read_text(encoding="utf-8"), "Key messages")
    published = _published_texts(_rows(folder))
    # Years, and the references a sentence names (SDG 10.c's 3%, US$200, the 23 objectives and
    # their numbers) are not statistics.
    references = {"3%", "US$200", "200"}
    checked = 0
    text = re.sub(r"SDG \d+\.\w+(?:\.\d+)?", "", text.replace("\xa0", " "))
    for token in _NUMBER.findall(text):
        token = token.strip()
        bare = token.replace(",", "")
        if token in references or (
            bare.isdigit() and (int(bare) < 100 or 1990 <= int(bare) <= 2030)
        ):
            continue
        assert token in published, (code, round_number, token)
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize(("round_number", "code"), [(n, c) for n in ROUNDS for c in COMMISSIONS])
def test_regional_reports_have_key_messages_and_round_table_analyses(built, round_number, code):
    html = (built / f"round-{round_number}" / code / "report.html").read_text(encoding="utf-8")
    messages = _section_text(html, "Key messages")
    assert messages.count("<li>") or len(re.findall(r"\.\s", messages)) >= 5
    objectives = _section_text(html, "Progress by objective")
    for rt in ("RT1", "RT2", "RT3", "RT4"):
        assert re.search(rf"{rt} groups objectives? [\d, and]+; the current data give", objectives)
    assert "does not hold" not in html and "the claim" not in html


# --- print quality: no two numbers run together in the PDF -------------------------------------

_COLLIDED = re.compile(r"\d{1,3}(?:,\d{3})+\d|\d%\d|\d\.\d%\d")


@pytest.mark.parametrize(
    ("round_number", "code"), [(n, c) for n in ROUNDS for c in (*COMMISSIONS, "synthesis")]
)
def test_pdf_text_has_no_collided_numbers(built, round_number, code):
    from pypdf import PdfReader

    reader = PdfReader(built / f"round-{round_number}" / code / "report.pdf")
    for n, page in enumerate(reader.pages, start=1):
        # Percent-encoded addresses in the technical appendix ("%D8%A7%D9%84") are not numbers.
        text = re.sub(r"(?:%[0-9A-F]{2}){2,}", " ", page.extract_text())
        hit = _COLLIDED.search(text)
        assert hit is None, (code, round_number, n, text[max(0, hit.start() - 60) : hit.end() + 20])
