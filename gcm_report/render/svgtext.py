"""Turn the text of a chart's SVG into outlines, for Arabic charts in a PDF/UA document.

typst draws SVG text itself, and for joined Arabic letters (a yeh before a waw, say) it
writes glyphs that map to no character: PDF/UA-1 then refuses the whole document. The chart
keeps its meaning in its alternative text (and the HTML page keeps real text), so in the PDF
its words can be shapes: each ``<text>`` becomes a ``<path>``, shaped with HarfBuzz in the
right-to-left order the Unicode bidirectional rules give, from the same font files.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from gcm_report.report.fonts import face_file

__all__ = ["outline_text"]

# A <text> element: its attributes (a quoted value may hold '>'), then either '/>' (Vega
# writes an empty label so) or its content up to '</text>'.
_TEXT = re.compile(r"""<text\b((?:[^>"']|"[^"]*"|'[^']*')*?)(?:/>|>(.*?)</text>)""", re.S)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
# Attributes of a <text> that a path keeps as they are.
_KEPT = ("transform", "fill", "opacity", "fill-opacity")


@dataclass(frozen=True)
class _Font:
    ttfont: Any
    hb_font: Any
    upem: int
    cmap: dict[int, str]


@cache
def _font(path: Path) -> _Font:
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    ttfont = TTFont(path)
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return _Font(ttfont, hb.Font(face), face.upem, ttfont.getBestCmap())


@cache
def _glyph_path(path: Path, gid: int) -> str:
    from fontTools.pens.svgPathPen import SVGPathPen

    font = _font(path).ttfont
    glyphs = font.getGlyphSet()
    pen = SVGPathPen(glyphs)
    glyphs[font.getGlyphName(gid)].draw(pen)
    return str(pen.getCommands())


def _direction(char: str) -> str | None:
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "rtl"
    if kind in ("L", "EN", "AN"):  # numbers read left to right inside right-to-left text
        return "ltr"
    return None  # neutral: spaces, punctuation


def _base_direction(text: str) -> str:
    # The first strong character decides (Unicode bidirectional rule P2).
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def _runs(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Return the base direction and the text's directional runs in logical order."""
    base = _base_direction(text)
    directions: list[str | None] = [_direction(c) for c in text]
    # A neutral between two runs of one direction takes it; otherwise the base direction.
    for i, d in enumerate(directions):
        if d is None:
            before = next((x for x in reversed(directions[:i]) if x), base)
            after = next((x for x in directions[i + 1 :] if x), base)
            directions[i] = before if before == after else base
    runs: list[tuple[str, str]] = []
    for char, d in zip(text, directions, strict=True):
        assert d is not None
        if runs and runs[-1][0] == d:
            runs[-1] = (d, runs[-1][1] + char)
        else:
            runs.append((d, char))
    return base, runs


def _font_segments(text: str, files: list[Path]) -> list[tuple[Path, str]]:
    """Split text by the first font of the stack that has each character."""
    segments: list[tuple[Path, str]] = []
    for char in text:
        chosen = next((f for f in files if ord(char) in _font(f).cmap), files[-1])
        if segments and segments[-1][0] == chosen:
            segments[-1] = (chosen, segments[-1][1] + char)
        else:
            segments.append((chosen, char))
    return segments


def _shape(text: str, files: list[Path], size: float) -> tuple[list[str], float]:
    """Return the glyph outlines of a line of text, left to right, and its width."""
    import uharfbuzz as hb

    base, runs = _runs(text)
    visual_runs = list(reversed(runs)) if base == "rtl" else runs
    parts: list[str] = []
    x = 0.0
    for direction, run in visual_runs:
        segments = _font_segments(run, files)
        if direction == "rtl":
            segments.reverse()
        for path, segment in segments:
            font = _font(path)
            buf = hb.Buffer()
            buf.add_str(segment)
            buf.guess_segment_properties()
            buf.direction = direction
            hb.shape(font.hb_font, buf, {})
            scale = size / font.upem
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
                outline = _glyph_path(path, info.codepoint)
                if outline:
                    gx = x + pos.x_offset * scale
                    gy = -pos.y_offset * scale
                    parts.append(
                        f'<path transform="translate({gx:.2f},{gy:.2f}) '
                        f'scale({scale:.5f},{-scale:.5f})" d="{outline}"/>'
                    )
                x += pos.x_advance * scale
    return parts, x


def _families(value: str) -> list[str]:
    names = [f.strip().strip("'\"") for f in value.split(",")]
    return [n for n in names if n and n not in ("sans-serif", "serif", "monospace")]


def _outline(match: re.Match[str]) -> str:
    attrs = dict(_ATTR.findall(match.group(1)))
    text = html.unescape(match.group(2) or "")
    if not text.strip():
        return ""
    size = float(attrs.get("font-size", "11").removesuffix("px"))
    weight = 700 if attrs.get("font-weight") in ("bold", "700", "800", "900") else 400
    files = [face_file(f, weight) for f in _families(attrs.get("font-family", "")) or ["Lato"]]
    parts, width = _shape(text, files, size)
    anchor = attrs.get("text-anchor", "start")
    shift = {"start": 0.0, "middle": -width / 2, "end": -width}.get(anchor, 0.0)
    kept = " ".join(f'{k}="{attrs[k]}"' for k in _KEPT if k in attrs)
    label = html.escape(text, quote=True)
    return (
        f'<g {kept} aria-label="{label}"><g transform="translate({shift:.2f},0)">'
        f"{''.join(parts)}</g></g>"
    )


def outline_text(svg: str) -> str:
    """Return the SVG with every ``<text>`` element drawn as glyph outlines."""
    return _TEXT.sub(_outline, svg)
