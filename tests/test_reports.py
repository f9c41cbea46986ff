"""Every built report, checked as a reviewer and an auditor would."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.pipeline.build import OUTPUT_FILES
from tests import rawcalc

ROOT = Path(__file__).resolve().parents[1]

CASES = [(n, code) for n in (1, 2) for code in COMMISSIONS]
REVISION = {1: 2020, 2: 2024}  # each round's IMS revision (rounds.yml)
ALL = [*CASES, (1, "synthesis"), (2, "synthesis")]


def _indicators(folder: Path) -> list[dict[str, str]]:
    with (folder / "indicators.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _value(rows, indicator, area, year, round_number=None) -> str:
    hits = [
        r["value"]
        for r in rows
        if (r["indicator"], r["area"], r["year"]) == (indicator, area, str(year))
        and (round_number is None or r["round"] == str(round_number))
    ]
    assert len(hits) == 1, (indicator, area, year, hits)
    return hits[0]


@pytest.mark.parametrize(("round_number", "code"), ALL)
def test_report_folder_is_complete(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    assert sorted(p.name for p in folder.iterdir()) == sorted(OUTPUT_FILES)
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("round_number", "code"), ALL)
def test_executed_notebook_has_no_warning_and_no_nan(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    nb = json.loads((folder / "report.ipynb").read_text(encoding="utf-8"))
    streams = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "stream"]
    # e.g. jupyter_client's "Out of range float values are not JSON compliant" for a NaN
    assert streams == []
    # A missing value is an empty cell, never the text "nan" (what that NaN used to become).
    assert all(row["value"].lower() != "nan" for row in _indicators(folder))
    # No JupyterLab display in a build, even one started from inside JupyterLab.
    assert "gcmReportLab" not in (folder / "report.ipynb").read_text(encoding="utf-8")


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_indicator_totals_equal_raw_files_exactly(built, raw_dir, round_number, code):
    r = get_round(round_number)
    revision = REVISION[round_number]
    every = _indicators(built / f"round-{round_number}" / code)
    assert list(every[0]) == [
        "indicator",
        "region",
        "round",
        "area",
        "year",
        "value",
        "unit",
        "members_with_data",
        "members_total",
        "status",
        "source",
    ]
    assert {row["region"] for row in every} == {code}
    # A round-2 report also shows round-1 values (rounds compared): each row says its round.
    assert {row["round"] for row in every} <= {str(n) for n in range(1, round_number + 1)}
    rows = [row for row in every if row["round"] == str(round_number)]
    for year in (r.previous_reference_year, r.reference_year):
        expected = rawcalc.regional(raw_dir, revision, code, year, round_number)
        assert _value(rows, "migrant_stock", code, year) == str(int(expected["migrant_stock"]))
    expected = rawcalc.regional(raw_dir, revision, code, r.reference_year, round_number)
    assert float(_value(rows, "female_share_pct", code, r.reference_year)) == pytest.approx(
        expected["female_share_pct"], abs=1e-6
    )
    assert float(_value(rows, "migrant_share_pct", code, r.reference_year)) == pytest.approx(
        expected["migrant_share_pct"], abs=1e-6
    )
    # Every country figure in the file equals the raw file too (top table and country annex).
    members = {m.iso3 for m in get_commission(code).members_on(r.meetings[code].start)}
    countries = [
        row for row in rows if row["indicator"] == "migrant_stock" and row["area"] in members
    ]
    assert len(countries) == len(members)
    for row in countries:
        raw = rawcalc.country(raw_dir, revision, row["area"], int(row["year"]))
        assert row["value"] == str(int(raw["stock"])), row
    # The trend chart's years are all there, 1990 → reference year.
    trend = sorted(
        int(row["year"])
        for row in rows
        if row["indicator"] == "migrant_stock" and row["area"] == code
    )
    assert trend[0] == 1990 and trend[-1] == r.reference_year


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_manifest_records_params_snapshot_code_and_tools(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    m = json.loads((folder / "manifest.json").read_text())
    params_file = ROOT / "params" / f"round-{round_number}" / f"{code}.yml"
    languages = yaml.safe_load(params_file.read_text())["languages"]
    assert m["params"] == {
        "report": "regional",
        "region": code,
        "round": round_number,
        "top_n": 10,
        "language": "en",  # the English variant's manifest
        "languages": languages,
    }
    assert m["params_file"].endswith(f"params/round-{round_number}/{code}.yml")
    assert m["snapshot"]["id"] == Snapshot().snapshot_id
    assert set(m["snapshot"]["files"]) >= {"manifest.json", "undesa_ims_2024_od.parquet"}
    assert re.fullmatch(r"[0-9a-f]{40}", m["code"]["git_commit"] or "")
    assert m["engine"]["name"] == "builtin" and m["engine"]["kernel"] == "gcm-report"
    assert {"papermill", "pandoc", "typst", "altair", "vl-convert-python"} <= set(
        m["engine"]["tools"]
    )
    assert m["date"] and m["date_source"] and re.fullmatch(r"[0-9a-f]{64}", m["input_key"])
    assert "timings_s" not in m  # timings are in outputs/.build-log.jsonl (not reproducible)
    from gcm_report.data.sources._base import sha256_file

    for name, digest in m["outputs"].items():
        assert sha256_file(folder / name) == digest


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_pdf_text_holds_region_and_key_figures(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    reader = PdfReader(folder / "report.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    commission = get_commission(code)
    assert commission.region_name in flat and commission.name in flat
    r = get_round(round_number)
    stock = int(_value(_indicators(folder), "migrant_stock", code, r.reference_year, round_number))
    assert f"{stock:,}" in flat
    share = float(
        _value(_indicators(folder), "female_share_pct", code, r.reference_year, round_number)
    )
    assert f"{share:.1f}%" in flat
    # The footer counts pages as the PDF does (the cover is page 1).
    assert "Contents" in flat and f"Page 2 of {len(reader.pages)}" in flat
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in flat
    meeting = r.meetings[code]
    assert f"{meeting.end:%B %Y}" in flat and meeting.place in flat
    # Code and parameter cells never reach the page.
    assert "top_n" not in flat and "RegionalReport" not in flat


def _fonts_and_images(reader: PdfReader) -> tuple[set[str], int]:
    fonts, images = set(), 0

    def walk(resources):
        nonlocal images
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj["/Subtype"] == "/Image":
                images += 1
            elif "/Resources" in xobj:
                walk(xobj["/Resources"])

    for page in reader.pages:
        walk(page.get("/Resources"))
    return fonts, images


def test_pdf_uses_only_embedded_lato_and_vector_charts(built):
    reader = PdfReader(built / "round-2" / "ECE" / "report.pdf")
    fonts, images = _fonts_and_images(reader)
    # Lato from font-lato, and typst's own bundled DejaVu Sans Mono for `code`; every font is
    # an embedded subset ("ABCDEF+Name"), none comes from the machine (system fonts are off).
    families = {f.split("+", 1)[1].split("-")[0] for f in fonts}
    assert all(re.fullmatch(r"/[A-Z]{6}\+.+", f) for f in fonts), fonts
    assert "Lato" in families and families <= {"Lato", "DejaVuSansMono"}, fonts
    assert images == 0  # the chart is vector graphics, not a bitmap
    # Table cells are laid out as a table: header cells and numbers appear as separate runs.
    page_text = "\n".join(p.extract_text() for p in reader.pages)
    assert re.search(r"Country or area\s*Migrants,\s*2024", page_text)
    assert "|" not in page_text  # no Markdown pipe dump


def _open(browser, path: Path):
    page = browser.new_page()
    requests: list[str] = []

    def refuse(route):
        requests.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!file:|data:).*"), refuse)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, requests, errors


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_html_is_offline_self_contained_and_charts_are_live(built, browser, round_number, code):
    path = built / f"round-{round_number}" / code / "report.html"
    page, requests, errors = _open(browser, path)
    page.wait_for_selector("figure.gcm-chart.is-live svg", timeout=15000)
    assert requests == [] and errors == []
    charts = page.locator("figure.gcm-chart").count()
    # Trend, map, subregions, flows over time, remittance costs (+ round 2's pyramid).
    assert charts == (5 if round_number == 1 else 6)
    assert page.locator("figure.gcm-chart.is-live").count() == charts
    # The interactive view is drawn by Vega (marks present), and the static fallback hidden.
    assert page.locator(".gcm-chart-live svg .mark-line path").count() >= 1
    assert not page.locator(".gcm-chart-static").first.is_visible()
    # The live view is the named image, its name the static picture's (hidden now).
    live = page.locator("figure.gcm-chart .gcm-chart-live svg").first
    assert live.get_attribute("role") == "img"
    assert "Line chart of the international migrant stock" in (
        live.get_attribute("aria-label") or ""
    )
    body = page.inner_text("body")
    assert get_commission(code).region_name in body
    assert "top_n" not in body and "import " not in body  # no code, no injected parameters
    top = page.locator("figure.gcm-table", has_text="destination countries")
    assert top.locator("tbody tr").count() == 10
    # Nothing on the page is loaded from a URL: no external scripts, stylesheets or images.
    external = page.evaluate(
        """() => [...document.querySelectorAll('script[src], link[href], img[src], iframe')]
                 .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert external == []
    page.close()


def test_html_chart_tooltip_responds(built, browser):
    page, _, _ = _open(browser, built / "round-1" / "ECLAC" / "report.html")
    page.wait_for_selector("figure.gcm-chart.is-live svg", timeout=15000)
    # The nearest-point overlay sits on top of the marks: move the real mouse there (on the
    # first chart, the trend line; later charts' legends draw symbols too).
    trend = page.locator("figure.gcm-chart").first
    point = trend.locator(".gcm-chart-live svg .mark-symbol path").last
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    assert "2020" in page.inner_text("#vg-tooltip-element")
    page.close()


def test_index_links_every_report(built, browser):
    index = built / "index.html"
    html = index.read_text(encoding="utf-8")
    for n, code in ALL:
        for name in ("report.html", "report.pdf", "indicators.csv", "annex.xlsx"):
            assert f'href="round-{n}/{code}/{name}"' in html
    page, requests, _ = _open(browser, index)
    page.click('a[href="round-2/ESCWA/report.html"]')
    page.wait_for_selector("h1")
    assert "Migration in the Arab region" in page.inner_text("h1")
    assert requests == []
    page.close()


def test_same_structure_in_every_report(built):
    headings = set()
    for n, code in CASES:
        html = (built / f"round-{n}" / code / "report.html").read_text(encoding="utf-8")
        headings.add(tuple(re.findall(r"<h2 id=\"[^\"]+\">(.*?)</h2>", html)))
    assert len(headings) == 1
    assert next(iter(headings)) == (
        "Mandate",
        "Key messages",
        "Key figures at a glance",
        "Migration in the region",
        "Within the region and beyond",
        "Refugees and others in need of protection, by sex and age",
        "Remittance corridors and costs",
        "Progress by objective",
        "Commitments and implementation",
        "Comparison with the other regions and rounds",
        "Country annex",
        "Sources and methods",
        "Technical appendix: provenance",
    )


def test_prewarmed_kernel_gives_the_same_notebook_as_an_ordinary_kernel(built, tmp_path):
    """Builds fork kernels from a warm worker (pipeline.kernel); outputs must not change."""
    import nbformat
    import papermill

    from gcm_report.pipeline.build import DEFAULT_TEMPLATE
    from gcm_report.pipeline.execute import ensure_kernel

    plain = tmp_path / "plain.ipynb"
    papermill.execute_notebook(
        str(DEFAULT_TEMPLATE),
        str(plain),
        parameters={"region": "ESCAP", "round": 1, "top_n": 10},
        kernel_name=ensure_kernel(),
        progress_bar=False,
        cwd=str(DEFAULT_TEMPLATE.parent),
    )

    def outputs(path):
        nb = nbformat.read(path, as_version=4)
        return [o.get("data") for c in nb.cells for o in c.get("outputs", [])]

    forked = outputs(built / "round-1" / "ESCAP" / "report.ipynb")
    assert forked == outputs(plain)
    assert any("image/svg+xml" in data for data in forked)  # the worker added the chart SVG


@pytest.mark.parametrize(
    ("round_number", "table"), [(1, "undesa_ims_2020_destination"), (2, "undesa_ims_2024_od")]
)
def test_tables_and_charts_name_source_and_vintage_from_the_manifest(built, round_number, table):
    import html as html_lib

    line = Snapshot().source_line(table)
    page = html_lib.unescape((built / f"round-{round_number}" / "ECA" / "report.html").read_text())
    assert page.count(f"Source: {line}") >= 2  # key figures and the top-destinations table
    assert f"Source: {line}." in page  # chart subtitle


def test_html_scripts_run_under_a_strict_content_security_policy(built, browser):
    # Defect 19: the CSP allowed 'unsafe-inline' 'unsafe-eval'. Scripts are now allowed by
    # hash, and Vega uses its CSP-safe expression interpreter (no eval, no new Function).
    path = built / "round-2" / "ECE" / "report.html"
    text = path.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe" not in script_src and "'sha256-" in script_src
    page = browser.new_page()
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_selector("figure.gcm-chart.is-live svg", timeout=15000)
    # A point of the trend chart (the first); a map's last symbols are unnamed anchor dots.
    trend = page.locator("figure.gcm-chart").first
    point = trend.locator(".gcm-chart-live svg .mark-symbol path").last
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)  # signals still work
    assert page.evaluate("window.__csp") == [] and console == []
    page.close()
