"""The map in every built regional report: HTML in a browser, PDF read back, indicators.csv."""

from __future__ import annotations

import csv
import html as html_lib
import re

import pytest
from pypdf import PdfReader

from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import get_round
from tests import rawcalc
from tests.test_reports import _fonts_and_images, _open

CASES = [(n, code) for n in (1, 2) for code in COMMISSIONS]
REVISION = {1: 2020, 2: 2024}
TITLE = "International migrants as a share of the population"
DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply "
    "official endorsement or acceptance by the United Nations."
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_map_and_disclaimer_are_in_html_and_pdf(built, round_number, code):
    folder = built / f"round-{round_number}" / code
    page = html_lib.unescape((folder / "report.html").read_text(encoding="utf-8"))
    # The chart's picture is the named image (its static SVG, replaced by the live view).
    maps = re.findall(r'role="img" aria-label="(Map of the [^"]+)"', page)
    assert len(maps) == 1, maps
    year = get_round(round_number).reference_year
    assert f"{TITLE}, {year}" in page and DISCLAIMER in _flat(page)
    reader = PdfReader(folder / "report.pdf")
    pages = [_flat(p.extract_text()) for p in reader.pages]
    # The map's page: its caption and its legend (the list of figures names it too).
    (map_page,) = [
        i
        for i, text in enumerate(pages)
        if f"{TITLE}, {year}" in text and "Migrants, % of population" in text
    ]
    # The disclaimer is printed on the map itself, on its page.
    assert DISCLAIMER in pages[map_page]
    # Vector: the map page draws its countries as paths (a large content stream), no bitmap.
    _fonts, images = _fonts_and_images(reader)
    assert images == 0
    assert len(reader.pages[map_page].get_contents().get_data()) > 50_000


@pytest.mark.parametrize(("round_number", "code"), CASES)
def test_map_values_reach_indicators_csv(built, raw_dir, round_number, code):
    year = get_round(round_number).reference_year
    with (built / f"round-{round_number}" / code / "indicators.csv").open(encoding="utf-8") as fh:
        rows = {
            r["area"]: r
            for r in csv.DictReader(fh)
            if (r["indicator"], r["year"], r["round"])
            == ("migrant_share_pct", str(year), str(round_number))
        }
    for iso3 in rawcalc.members_on(code, round_number):
        raw = rawcalc.country(raw_dir, REVISION[round_number], iso3, year)
        row = rows[iso3]  # every member on the map, with or without a value
        if raw["stock"] is None or not raw["population"]:
            assert (row["value"], row["status"]) == ("", "no_data"), iso3
        else:
            assert float(row["value"]) == pytest.approx(
                100 * raw["stock"] / raw["population"], abs=1e-6
            ), iso3


@pytest.mark.parametrize(
    ("round_number", "code", "country", "value"),
    [(2, "ECLAC", "Brazil", "0.7%"), (1, "ESCAP", "Kazakhstan", "19.9%")],
)
def test_map_tooltip_names_country_value_and_year(
    built, browser, round_number, code, country, value
):
    path = built / f"round-{round_number}" / code / "report.html"
    page, requests, errors = _open(browser, path)
    figure = page.locator("figure.gcm-chart", has=page.locator("text=" + TITLE)).first
    page.wait_for_selector("figure.gcm-chart.is-live svg", timeout=15000)
    figure.scroll_into_view_if_needed()
    shape = figure.locator(f'.gcm-chart-live path[aria-label^="{country}: "]')
    box = shape.first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    tooltip = _flat(page.inner_text("#vg-tooltip-element"))
    year = get_round(round_number).reference_year
    assert country in tooltip and value in tooltip and str(year) in tooltip, tooltip
    assert requests == [] and errors == []
    page.close()


def test_small_island_circle_has_a_tooltip(built, browser):
    page, _requests, errors = _open(browser, built / "round-2" / "ESCAP" / "report.html")
    page.wait_for_selector("figure.gcm-chart.is-live svg", timeout=15000)
    circle = page.locator('.gcm-chart-live path[aria-label^="Tonga: "]').first
    circle.scroll_into_view_if_needed()
    box = circle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    assert "Tonga" in page.inner_text("#vg-tooltip-element")
    assert errors == []
    page.close()
