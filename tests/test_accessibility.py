"""Accessibility: PDF/UA-1 read back from every PDF, axe-core on report pages in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from gcm_report.pipeline.build import select_params
from gcm_report.pipeline.params import folder_name


def _reports() -> list[tuple[int, str]]:
    return [(f.params.round, f.params.name) for f in select_params()]


def _structure(reader: PdfReader) -> list[DictionaryObject]:
    """Return every structure element of the PDF's tag tree, depth first."""
    out: list[DictionaryObject] = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if "/S" in node:
            out.append(node)
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                stack.append(kid)
    return out


@pytest.mark.parametrize(("n", "name"), _reports())
def test_every_pdf_is_pdf_ua_1_with_alternative_text_on_every_figure(built: Path, n, name):
    reader = PdfReader(built / f"round-{n}" / name / "report.pdf")
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp), "no PDF/UA-1 identification"
    assert bool(root["/MarkInfo"]["/Marked"])
    language = name.rsplit("-", 1)[1] if "-" in name else "en"
    assert root["/Lang"] == language
    assert reader.metadata.title  # shown as the window title (DisplayDocTitle)
    elements = _structure(reader)
    kinds = [str(e["/S"]) for e in elements]
    figures = [e for e in elements if e["/S"] == "/Figure"]
    # Every chart and map of the report is a figure with its text alternative.
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    # Tables are tables with header cells, headings are headings.
    assert "/Table" in kinds and "/TH" in kinds and "/H1" in kinds


def _axe(browser, page_path: Path) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(page_path.as_uri())
        page.wait_for_function(
            "document.querySelectorAll('figure.gcm-chart').length === "
            "document.querySelectorAll('figure.gcm-chart.is-live').length",
            timeout=30_000,
        )
        result = Axe().run(page)
    finally:
        page.close()
    return [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(
    "folder",
    [
        "round-2/ECLAC-es",
        "round-2/ESCWA-ar",
        "round-2/ECE-ru",
        "round-1/ECA-fr",
        "round-2/synthesis",
    ],
)
def test_report_pages_pass_axe_core(built: Path, browser, folder: str) -> None:
    # WCAG 2.1 AA rules as axe-core checks them, on the live page (charts upgraded).
    bad = _axe(browser, built / folder / "report.html")
    assert not bad, [(v["id"], v["nodes"][0]["target"], v["help"]) for v in bad]


def test_index_passes_axe_core(built: Path, browser) -> None:
    page = browser.new_page()
    try:
        from axe_playwright_python.sync_playwright import Axe

        page.goto((built / "index.html").as_uri())
        violations = Axe().run(page).response["violations"]
    finally:
        page.close()
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


def test_every_chart_has_a_name_and_its_data_as_a_table(built: Path, browser) -> None:
    page = browser.new_page()
    try:
        page.goto((built / "round-2" / folder_name("ECE", "en") / "report.html").as_uri())
        page.wait_for_function(
            "document.querySelectorAll('figure.gcm-chart.is-live').length > 0", timeout=30_000
        )
        charts = page.evaluate(
            """() => [...document.querySelectorAll('figure.gcm-chart')].map(f => ({
                 name: (f.querySelector('.gcm-chart-live svg') || {getAttribute: () => ''})
                       .getAttribute('aria-label'),
                 rows: f.querySelectorAll('details.chart-data tbody tr').length,
                 map: !!f.querySelector('.gcm-chart-static path') && !f.querySelector('details'),
               }))"""
        )
        # Keyboard: the skip link is the first stop and leads to the report.
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.getAttribute('href')")
    finally:
        page.close()
    assert charts and all(c["name"] for c in charts)
    # Every chart but the map lists its rows (the map's values are the annex table's).
    assert sum(1 for c in charts if c["rows"] == 0) <= 1
    assert first == "#content"
