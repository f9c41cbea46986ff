"""Chart text drawn as outlines for Arabic PDFs (gcm_report.render.svgtext)."""

from __future__ import annotations

import re

from gcm_report.render.svgtext import outline_text

FONT = "font-family=\"'IBM Plex Sans Arabic', 'Noto Sans', sans-serif\" font-size=\"11px\""


def test_every_text_becomes_outlines_named_by_its_words():
    svg = f'<svg><text {FONT} transform="translate(10,20)">المهاجرون الدوليون</text></svg>'
    out = outline_text(svg)
    assert "<text" not in out
    assert 'aria-label="المهاجرون الدوليون"' in out
    assert 'transform="translate(10,20)"' in out
    assert len(re.findall(r"<path ", out)) >= 10  # one per glyph drawn


def test_an_empty_text_element_swallows_nothing_after_it():
    # Vega writes label marks without a label as <text .../>: the next element's tag must
    # not become text drawn on the chart (it printed '<text aria-label=...' over a line).
    svg = (
        f'<svg><text {FONT} aria-label="year: 1995; text: "/>'
        f'<g><text {FONT} aria-label="a &gt; b" transform="translate(5,5)">1995</text></g></svg>'
    )
    out = outline_text(svg)
    assert "<text" not in out
    assert "aria-label=" not in out.replace('aria-label="1995"', "")
    assert out.count('aria-label="1995"') == 1


def test_a_quoted_greater_than_sign_ends_no_tag():
    svg = f'<svg><text {FONT} aria-label="share > 20%" fill="#000">٢٠٪</text></svg>'
    out = outline_text(svg)
    assert "<text" not in out and "20%" not in out
    assert 'fill="#000"' in out and 'aria-label="٢٠٪"' in out
