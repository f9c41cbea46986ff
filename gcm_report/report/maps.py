"""The region's map: each member's international migrants as a share of its population.

A choropleth drawn with Altair from the snapshot's country boundaries (``geo_countries``:
Natural Earth 1:50m, see :mod:`gcm_report.data.sources.geo`). The values are the ones the
report's tables print (:func:`gcm_report.analysis.migration.country_stat`), carried by the
chart block, so each reaches ``indicators.csv``.

What a reader sees:

* members located in the region coloured by value, in five fixed classes shared by every
  region and round (so two maps can be read side by side), on a yellow–green–blue scale whose
  neighbouring classes stay apart in print and with any colour vision; members without an
  estimate in grey, named in the note;
* the commission's non-regional members in orange where the map shows them, named in the
  note (they are not summed into the region's figures); other countries in light grey;
* a circle on every member too small to see at map scale (Caribbean and Pacific islands,
  Bahrain, Malta...), coloured like its country, moved apart where circles would overlap and
  tied by a leader line to where the member is; the names of the largest members;
* Western Sahara as one area, undetermined boundaries dashed and the Line of Control in Jammu
  and Kashmir dotted (:func:`map_boundaries`);
* a tooltip with the name, value and year (interactive HTML) and an ARIA label on every shape,
  the sources in one line under the map, then the UN disclaimer and the UN notes on what the
  map draws (``reference/map_notes.yml``, :func:`map_notes`), and a text description naming
  the highest and lowest members.

Each region has an equal-area projection centred on it (:data:`VIEWS`), fitted to its members
located in the region (ECE's to a box around Europe and Central Asia, the whole region in an
inset: :func:`inset_features`). The fit is computed here with the same formulas as d3 (which Vega
uses) and handed to Vega-Lite as scale and translation, so a map embeds only what it shows:
countries outside the view are left out, vertices finer than a pixel and islands smaller
than one are dropped (each vertex's simplification weight is in the snapshot), and members
smaller than a few pixels are known and get their circle. A class holds its lower bound
(5.0% is in "5–10%").
"""

from __future__ import annotations

import itertools
import json
import math
import string
import textwrap
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from gcm_report.analysis.migration import country_stat
from gcm_report.analysis.statistics import Stat
from gcm_report.data.sources import geo
from gcm_report.report.blocks import Block, Chart, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_pct, fmt_stat
from gcm_report.report.i18n import _, separate
from gcm_report.report.narrative import join

__all__ = [
    "BREAKS",
    "DISCLAIMER",
    "NOTES",
    "VIEWS",
    "MapNote",
    "View",
    "class_labels",
    "inset_features",
    "map_boundaries",
    "map_features",
    "map_notes",
    "member_labels",
    "migrant_share_map",
    "spread_circles",
    "value_class",
]

INDICATOR = "migrant_share_pct"
GEO_TABLE = "geo_countries"


@dataclass(frozen=True)
class View:
    """How one region's map is drawn: a d3 projection and its rotation.

    ``rotate`` is d3's (minus the longitude and latitude of the map's centre).
    """

    projection: str
    rotate: tuple[float, float]
    # The box (west, south, east, north, degrees) the map is fitted to, when the members'
    # full extent would leave most of them too small: parts beyond it are cut at the edge.
    bounds: tuple[float, float, float, float] | None = None
    # An overview of every member located in the region, in a corner of the map (with bounds).
    inset: View | None = None


# Equal-area projections centred on each region. ECE's members circle the North Pole (from
# Alaska and Canada through Europe to Russia): drawn whole, Europe's forty-odd members would
# get a sixth of the map, so the map is Europe, the Caucasus and Central Asia (Lambert's
# azimuthal equal-area, centred on them) with the whole region, seen from above the Arctic, in
# an inset. ESCAP's extent is set by its members (Türkiye to French Polynesia, the Russian
# Federation to New Zealand), with no giant to cut: it stays whole.
VIEWS: dict[str, View] = {
    "ECA": View("equalEarth", (-17.0, 0.0)),
    "ECE": View(
        "azimuthalEqualArea",
        (-32.0, -52.0),
        bounds=(-25.0, 29.0, 88.0, 71.5),
        inset=View("azimuthalEqualArea", (10.0, -55.0)),
    ),
    "ECLAC": View("equalEarth", (75.0, 0.0)),
    "ESCAP": View("equalEarth", (-125.0, 0.0)),
    "ESCWA": View("equalEarth", (-22.0, 0.0)),
}
WIDTH = 600  # px; the height follows the region's shape, up to MAX_HEIGHT
MAX_HEIGHT = 620
INSET_WIDTH, INSET_MAX_HEIGHT = 220, 200  # px: the overview of a map with bounds
INSET_GAP = 10  # px between the map and an inset under it
LEGEND_SPLIT = 340  # px: the value classes' legend on the left, the other colours' beside it
PAD = 8  # px between the members' extent and the map's edge (room for circles)
TOLERANCE_PX = 1.0  # vertices closer than this to the simplified line are dropped
SPECK_PX2 = 1.0  # rings smaller than this on the map are dropped
INSET_DETAIL = 3.0  # an inset keeps coarser detail: this many times the tolerance and specks
SMALL_PX2 = 40.0  # members smaller than this (about 6 × 6 px) are marked by a circle
CIRCLE_SIZE = 120.0  # px², Vega's size of a circle: its bounding square (radius 5.5 px)
CIRCLE_GAP = 1.0  # px between two circles moved apart
LABEL_SIZE = 9  # px: names of the members large enough to hold them
UN_NOTE_SIZE, UN_NOTE_CHARS = 9, 130  # px and characters a line: the UN notes on the map
LABEL_EM = 0.56  # average character width of the report's typeface, in ems (a safe guess)
LABEL_MIN_PX2 = 40 * SMALL_PX2  # members smaller than this (about 40 × 40 px) are not named
REMOTE_SHARE, REMOTE_KM = 0.05, 2000.0  # parts of a member the map is not stretched to show
# Class breaks (percent of the population), the same on every map: five classes, the world's
# share (3.7% in 2024) in the second.
BREAKS = (2, 5, 10, 20)
# ColorBrewer's sequential YlGnBu, 5 classes: lightness and hue both change from class to
# class, so neighbours stay apart in a greyscale print and for protan, deutan and tritan
# vision (with 6 or 7 classes no ColorBrewer scheme keeps every neighbour apart; 5 do:
# tests/test_maps_colours.py). Orange and two greys for the categories, none near a class.
CLASS_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NON_REGIONAL = "#f2b866"
NO_DATA = "#8c8c8c"
OTHER = "#d4dae0"
BORDER = "#ffffff"
MEMBER_BORDER = "#52606d"  # the region's members are outlined: the region stands out
INK = "#1f2933"


@dataclass(frozen=True)
class MapNote:
    """A note printed under a map that draws its areas or boundary (``reference/map_notes.yml``).

    ``boundary`` is the two areas whose shared border the note concerns, ``line`` how it is
    drawn (``dashed`` or ``dotted``) and ``box`` (west, south, east, north) the part of it.
    """

    key: str
    text: str
    areas: tuple[str, ...] = ()
    boundary: tuple[str, str] | None = None
    line: str = ""
    box: tuple[float, float, float, float] | None = None


def _read_notes() -> tuple[str, tuple[MapNote, ...]]:
    import yaml

    doc = yaml.safe_load(
        resources.files("gcm_report.reference").joinpath("map_notes.yml").read_text("utf-8")
    )
    notes = []
    for entry in doc["notes"]:
        boundary = entry.get("boundary") or {}
        box = boundary.get("box")
        notes.append(
            MapNote(
                key=entry["key"],
                text=entry["text"],
                areas=tuple(entry.get("areas", ())),
                boundary=tuple(boundary["between"]) if boundary else None,
                line=boundary.get("line", ""),
                box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])) if box else None,
            )
        )
    return doc["disclaimer"], tuple(notes)


# The UN disclaimer under every map and the notes that concern particular areas (translated
# where printed; gcm_report/report/messages.py extracts them).
DISCLAIMER, NOTES = _read_notes()
LINE_DASH = {"dashed": [4, 2.5], "dotted": [1, 1.6]}

# The boundary file's short names of the areas it draws without an id, as a sentence reads them.
_NE_NAMES = {"N. Cyprus": "Northern Cyprus"}

_QUANTUM = 0.01  # degrees: the precision of the embedded positions (about 1 km)

# d3's Equal Earth coefficients (Šavrič, Patterson & Jenny 2018).
_EE = (1.340264, -0.081106, 0.000893, 0.003796)


class Projection:
    """The map's projection computed as d3 (hence Vega) does, to fit and cull in Python.

    Knowing where each vertex lands lets the map keep only what is in view, drop what is
    finer than a pixel, and find the members too small to see; the scale and translation
    handed to Vega-Lite are the ones computed here, so both agree exactly.
    """

    def __init__(self, view: View, width: int = WIDTH, max_height: int = MAX_HEIGHT) -> None:
        self.view = view
        self.width, self.max_height = width, max_height
        self.scale = 1.0
        self.translate = (0.0, 0.0)
        self.extent = (0.0, 0.0, 0.0, 0.0)
        self.box = (0.0, 0.0, float(width), 0.0)  # the map's frame, in pixels
        self.fitted = False
        self.coarse = 1.0  # × the tolerance and speck size: an inset draws less detail

    def _rotate(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lam = np.radians(lon) + math.radians(self.view.rotate[0])
        lam = (lam + math.pi) % (2 * math.pi) - math.pi
        phi = np.radians(lat)
        d_phi = math.radians(self.view.rotate[1])
        if d_phi == 0:
            return lam, phi
        x, y, z = np.cos(lam) * np.cos(phi), np.sin(lam) * np.cos(phi), np.sin(phi)
        k = z * math.cos(d_phi) + x * math.sin(d_phi)
        return np.arctan2(y, x * math.cos(d_phi) - z * math.sin(d_phi)), np.arcsin(
            np.clip(k, -1, 1)
        )

    def raw(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Return unscaled projected positions (y up), as d3's raw projections."""
        lam, phi = self._rotate(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        if self.view.projection == "equalEarth":
            a1, a2, a3, a4 = _EE
            m = math.sqrt(3) / 2
            t = np.arcsin(m * np.sin(phi))
            t2 = t * t
            t6 = t2 * t2 * t2
            x = lam * np.cos(t) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
            y = t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
        elif self.view.projection == "azimuthalEqualArea":
            k = np.sqrt(2 / np.maximum(1 + np.cos(lam) * np.cos(phi), 1e-12))
            x, y = k * np.cos(phi) * np.sin(lam), k * np.sin(phi)
        else:
            raise ValueError(f"no Python projection for {self.view.projection!r}")
        return np.column_stack([x, y])

    def pixels(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Return positions on the map in pixels (y down), with the fitted scale."""
        raw = self.raw(lon, lat)
        return np.column_stack(
            [self.translate[0] + self.scale * raw[:, 0], self.translate[1] - self.scale * raw[:, 1]]
        )

    def fit(self, lonlat: np.ndarray) -> int:
        """Fit the scale and translation to positions (lon, lat); return the map's height."""
        raw = self.raw(lonlat[:, 0], lonlat[:, 1])
        (x0, y0), (x1, y1) = raw.min(axis=0), raw.max(axis=0)
        self.scale = min(
            (self.width - 2 * PAD) / (x1 - x0), (self.max_height - 2 * PAD) / (y1 - y0)
        )
        height = math.ceil(self.scale * (y1 - y0) + 2 * PAD)
        # Centred horizontally when the height limit makes the map narrower than its width.
        left = (self.width - self.scale * (x1 - x0)) / 2
        self.translate = (left - self.scale * x0, PAD + self.scale * y1)
        # The members' extent on the map (pixels): what the map is about, without its margin.
        self.extent = (left, PAD, left + self.scale * (x1 - x0), PAD + self.scale * (y1 - y0))
        self.box = (0.0, 0.0, float(self.width), float(height))
        self.fitted = True
        return height

    def move(self, dx: float, dy: float) -> None:
        """Move the fitted map by (dx, dy) pixels (an inset into its corner)."""
        self.translate = (self.translate[0] + dx, self.translate[1] + dy)
        x0, y0, x1, y1 = self.extent
        self.extent = (x0 + dx, y0 + dy, x1 + dx, y1 + dy)
        x0, y0, x1, y1 = self.box
        self.box = (x0 + dx, y0 + dy, x1 + dx, y1 + dy)

    def degrees_per_pixel(self) -> float:
        """Return the size of a pixel in degrees at the map's centre."""
        one = self.raw(np.array([-self.view.rotate[0], 1 - self.view.rotate[0]]), np.zeros(2))
        return 1.0 / (self.scale * float(np.hypot(*(one[1] - one[0]))))


def _rings(row: Any) -> list[list[np.ndarray]]:
    """Return a row's polygons as arrays of (lon, lat, weight)."""
    if not row.geometry:
        return []
    coordinates = json.loads(row.geometry)["coordinates"]
    weights = json.loads(row.weights)
    return [
        [
            np.column_stack([np.asarray(ring, dtype=float), np.asarray(w, dtype=float)])
            for ring, w in zip(polygon, polygon_w, strict=True)
        ]
        for polygon, polygon_w in zip(coordinates, weights, strict=True)
    ]


def _planar_area(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return 0.5 * abs(float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])))


def _simplified(
    polygons: list[list[np.ndarray]], tolerance: float, projection: Projection
) -> tuple[list[list[np.ndarray]], float]:
    """Return the polygons without vertices finer than ``tolerance`` (degrees) or specks.

    Shared borders stay shared: neighbours hold the same vertices with the same weights. A
    polygon whose outer ring is under :data:`SPECK_PX2` on the map is dropped, and so is a
    ring left with fewer than four positions.

    Returns
    -------
    (polygons, area)
        Polygons as (lon, lat) arrays, and the area they cover on the map, in px².
    """
    out, total = [], 0.0
    for polygon in polygons:
        rings = []
        for n, ring in enumerate(polygon):
            kept = np.round(ring[ring[:, 2] > tolerance, :2], 2)
            if len(kept) > 1:
                same = np.all(kept[1:] == kept[:-1], axis=1)
                kept = kept[np.concatenate([[True], ~same])]
            if len(kept) < 4:
                if n == 0:
                    break
                continue
            area = _planar_area(projection.pixels(kept[:, 0], kept[:, 1]))
            if n == 0 and area < SPECK_PX2 * projection.coarse:
                break
            total += area if n == 0 else -area
            rings.append(kept)
        if rings:
            out.append(rings)
    return out, total


def _distance_km(a: np.ndarray, b: np.ndarray) -> float:
    """Return the great-circle distance between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _fit_parts(polygons: list[list[np.ndarray]]) -> list[np.ndarray]:
    """Return the outer rings of a member that its region's map is fitted to.

    A small, remote part (under :data:`REMOTE_SHARE` of the country's area and farther than
    :data:`REMOTE_KM` from its largest part: Hawaii for ECE, Easter Island for ECLAC, the
    Prince Edward Islands for ECA) does not stretch the map; it shows if it falls in view.
    """
    outer = [poly[0][:, :2] for poly in polygons]
    if len(outer) < 2:
        return outer
    lonlat = [_unwrap(r) for r in outer]
    areas = [_lonlat_area(r) for r in lonlat]
    main = lonlat[int(np.argmax(areas))].mean(axis=0)
    total = sum(areas)
    return [
        ring
        for ring, rw, area in zip(outer, lonlat, areas, strict=True)
        if area >= REMOTE_SHARE * total or _distance_km(rw.mean(axis=0), main) <= REMOTE_KM
    ]


def _unwrap(ring: np.ndarray) -> np.ndarray:
    lon = np.degrees(np.unwrap(np.radians(ring[:, 0])))
    return np.column_stack([lon, ring[:, 1]])


def _lonlat_area(ring: np.ndarray) -> float:
    return _planar_area(ring) * math.cos(math.radians(float(ring[:, 1].mean())))


def _visible_area(pixels: np.ndarray, box: tuple[float, float, float, float]) -> float:
    """Return the area (px²) of a ring's part inside the map's frame (Sutherland–Hodgman)."""
    points = [tuple(p) for p in pixels]
    x0, y0, x1, y1 = box
    edges = [
        (
            lambda p: p[0] >= x0,
            lambda a, b: (x0, a[1] + (x0 - a[0]) * (b[1] - a[1]) / (b[0] - a[0])),
        ),
        (
            lambda p: p[0] <= x1,
            lambda a, b: (x1, a[1] + (x1 - a[0]) * (b[1] - a[1]) / (b[0] - a[0])),
        ),
        (
            lambda p: p[1] >= y0,
            lambda a, b: (a[0] + (y0 - a[1]) * (b[0] - a[0]) / (b[1] - a[1]), y0),
        ),
        (
            lambda p: p[1] <= y1,
            lambda a, b: (a[0] + (y1 - a[1]) * (b[0] - a[0]) / (b[1] - a[1]), y1),
        ),
    ]
    for inside, cut in edges:
        if not points:
            return 0.0
        kept: list[tuple[float, float]] = []
        for a, b in zip(points, points[1:] + points[:1], strict=True):
            if inside(b):
                if not inside(a):
                    kept.append(cut(a, b))
                kept.append(b)
            elif inside(a):
                kept.append(cut(a, b))
        points = kept
    if len(points) < 3:
        return 0.0
    ring = np.array([*points, points[0]])
    return _planar_area(ring)


def _in_view(pixels: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    inside = (pixels[:, 0] >= box[0]) & (pixels[:, 0] <= box[2]) & (pixels[:, 1] >= box[1])
    return bool((inside & (pixels[:, 1] <= box[3])).any())


def _within(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _shared_lines(
    a: dict[str, Any], b: dict[str, Any], box: tuple[float, float, float, float] | None
) -> list[list[list[float]]]:
    """Return the border two simplified areas share, as runs of (lon, lat) positions.

    Neighbours hold the same vertices on their common border (the snapshot's simplification
    keeps or drops a shared vertex on both sides), so the border is the runs of one area's
    vertices that the other has too; ``box`` (west, south, east, north) keeps only a part.
    """
    theirs = {tuple(p) for polygon in b["coordinates"] for ring in polygon for p in ring}
    lines: list[list[list[float]]] = []
    for polygon in a["coordinates"]:
        for closed in polygon:
            ring = closed[:-1]
            on = [tuple(p) in theirs and (box is None or _within(p[0], p[1], box)) for p in ring]
            if all(on):
                lines.append([*ring, ring[0]])
                continue
            if not any(on):
                continue
            start = on.index(False)  # begin off the border: no run wraps around the end
            run: list[list[float]] = []
            for p, shared in zip(
                [*ring[start:], *ring[:start], ring[start]],
                [*on[start:], *on[:start], False],
                strict=True,
            ):
                if shared:
                    run.append(p)
                    continue
                if len(run) >= 2:
                    lines.append(run)
                run = []
    return lines


def map_boundaries(areas: pd.DataFrame, projection: Projection) -> list[dict[str, Any]]:
    """Return the boundaries the map draws in a style of their own (:data:`NOTES`).

    Each is a GeoJSON feature (MultiLineString) with ``between`` (two ISO3 codes), ``line``
    (``dashed`` or ``dotted``) and ``note`` (the note's key), kept where the two areas are
    drawn and their shared border reaches the members' extent.
    """
    shapes = {
        str(r.iso3): r.geometry for r in areas.itertuples() if r.iso3 and r.geometry is not None
    }
    out = []
    for note in NOTES:
        if note.boundary is None or not set(note.boundary) <= set(shapes):
            continue
        a, b = note.boundary
        lines = _shared_lines(shapes[a], shapes[b], note.box)
        shown = [
            line
            for line in lines
            if any(
                _within(x, y, projection.extent)
                for x, y in projection.pixels(*np.asarray(line, dtype=float).T)
            )
        ]
        if shown:
            out.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "MultiLineString", "coordinates": shown},
                    "properties": {"between": [a, b], "line": note.line, "note": note.key},
                }
            )
    return out


def map_notes(
    areas: pd.DataFrame, projection: Projection, boundaries: list[dict[str, Any]]
) -> list[MapNote]:
    """Return the notes that concern what the map draws within its members' extent.

    A note applies when one of its areas is drawn with its label point in that extent (Kosovo
    on a map of Europe, not at the edge of a map of Asia and the Pacific), or when the
    boundary it concerns is drawn there.
    """
    shown = {
        str(r.iso3)
        for r in areas.itertuples()
        if r.iso3 and (r.geometry is not None or r.small) and _within(r.x, r.y, projection.extent)
    }
    lines = {f["properties"]["note"] for f in boundaries}
    return [n for n in NOTES if set(n.areas) & shown or n.key in lines]


def map_features(
    ctx: ReportContext, view: View | None = None, projection: Projection | None = None
) -> tuple[pd.DataFrame, Projection, int]:
    """Return the areas the region's map draws, its fitted projection and its height.

    ``view`` is the region's (:data:`VIEWS`) unless given (its inset); ``projection`` an
    already fitted one (an inset moved into its corner), else one fitted here.

    Returns
    -------
    (areas, projection, height)
        ``areas`` has one row per area in view: ``iso3``, ``name``, ``kind`` (``member``,
        ``non_regional`` or ``other``), ``stat`` (a member's :class:`Stat`, else ``None``),
        ``geometry`` (simplified GeoJSON MultiPolygon, or ``None`` when nothing is left at
        this scale or the area has no boundary, as Tuvalu), ``small`` (a member marked by a
        circle), ``outside`` (a member with a part out of view), ``shown`` (a member with a
        part in view), ``px2`` (its area on the map), ``lon``/``lat`` (where its circle goes)
        and ``x``/``y`` (the same point on the map, in pixels).
    """
    view = view or VIEWS[ctx.area]
    table = ctx.snapshot.table(GEO_TABLE)
    region = ctx.region_iso3
    non_regional = {m.iso3 for m in ctx.members} - region
    year = ctx.round.reference_year
    polygons = {row.Index: _rings(row) for row in table.itertuples()}

    # Fit the view to the members located in the region (and their markers).
    members = table[table["iso3"].isin(region)]
    every = np.vstack(
        [p for i in members.index for p in _fit_parts(polygons[i])]
        + [members[["lon", "lat"]].to_numpy()]
    )
    if view.bounds is not None:
        west, south, east, north = view.bounds
        lon, lat = every[:, 0], every[:, 1]
        every = every[(lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)]
    projection = projection or Projection(view)
    if not projection.fitted:
        projection.fit(every)
    height = math.ceil(projection.box[3] - projection.box[1])
    tolerance = TOLERANCE_PX * projection.coarse * projection.degrees_per_pixel()

    rows = []
    for i, area in table.iterrows():
        iso3 = str(area["iso3"])
        kind = "member" if iso3 in region else "non_regional" if iso3 in non_regional else "other"
        shapes, px2 = _simplified(polygons[i], tolerance, projection)
        centre = projection.pixels(np.array([area["lon"]]), np.array([area["lat"]]))
        drawn = [projection.pixels(r[:, 0], r[:, 1]) for poly in shapes for r in poly]
        in_view = [_in_view(p, projection.box) for p in drawn]
        if kind != "member" and (
            not any(in_view)
            or sum(_visible_area(p, projection.box) for p in drawn if _in_view(p, projection.box))
            < SPECK_PX2
        ):
            continue  # not in view, or only a speck of it (a vertex on the edge)
        rows.append(
            {
                "iso3": iso3,
                "name": ctx.name(iso3) if iso3 else str(area["name"]),
                "kind": kind,
                "stat": (
                    country_stat(INDICATOR, ctx.snapshot, ctx.round, iso3, year)
                    if kind == "member"
                    else None
                ),
                "geometry": (
                    {
                        "type": "MultiPolygon",
                        "coordinates": [[r.tolist() for r in poly] for poly in shapes],
                    }
                    if shapes
                    else None
                ),
                "small": kind == "member" and px2 < SMALL_PX2,
                "outside": kind == "member" and not all(in_view),
                "shown": any(in_view) or (kind == "member" and not drawn),
                "px2": px2,
                "lon": float(area["lon"]),
                "lat": float(area["lat"]),
                "x": float(centre[0, 0]),
                "y": float(centre[0, 1]),
            }
        )
    return pd.DataFrame(rows), projection, height


def inset_features(
    ctx: ReportContext, areas: pd.DataFrame, projection: Projection
) -> tuple[pd.DataFrame, Projection] | None:
    """Return the areas and projection of the map's inset (the whole region), or ``None``.

    The inset goes in a corner of the map where it hides none of the members (their
    vertices, label points and circles), else under the map, on the right, beside the
    legends.
    """
    view = projection.view.inset
    if view is None:
        return None
    inset = Projection(view, INSET_WIDTH, INSET_MAX_HEIGHT)
    inset.coarse = INSET_DETAIL
    map_features(ctx, view, inset)  # fitted at the top left
    members = areas[(areas["kind"] == "member") & areas["shown"]]
    points = np.vstack(
        [members[["x", "y"]].to_numpy()]
        + [
            projection.pixels(*np.asarray(ring, dtype=float).T)
            for g in members["geometry"]
            if g is not None
            for polygon in g["coordinates"]
            for ring in polygon
        ]
    )
    _x0, _y0, width, height = inset.box
    frame = projection.box
    corners = [
        (frame[0], frame[3] - height),  # bottom left first: the first of equals wins
        (frame[2] - width, frame[3] - height),
        (frame[0], frame[1]),
        (frame[2] - width, frame[1]),
    ]

    def hidden(corner: tuple[float, float]) -> int:
        x, y = corner
        inside = (points[:, 0] >= x) & (points[:, 0] <= x + width)
        return int((inside & (points[:, 1] >= y) & (points[:, 1] <= y + height)).sum())

    free = [corner for corner in corners if hidden(corner) == 0]
    x, y = free[0] if free else (frame[2] - width, frame[3] + INSET_GAP)
    inset.move(x, y)
    inset_areas, inset, _height = map_features(ctx, view, inset)
    return inset_areas, inset


def _contains(rings: list[np.ndarray], points: np.ndarray) -> np.ndarray:
    """Return which points (pixels) lie inside an area's rings (even–odd rule)."""
    inside = np.zeros(len(points), dtype=bool)
    for ring in rings:
        xs, ys = ring[:, 0], ring[:, 1]
        for k, (x, y) in enumerate(points):
            crosses = (ys[:-1] > y) != (ys[1:] > y)
            with np.errstate(divide="ignore", invalid="ignore"):
                at = xs[:-1] + (y - ys[:-1]) * (xs[1:] - xs[:-1]) / (ys[1:] - ys[:-1])
            if np.count_nonzero(crosses & (x < at)) % 2:
                inside[k] = not inside[k]
    return inside


def member_labels(
    areas: pd.DataFrame, projection: Projection, circles: np.ndarray, radius: float
) -> list[dict[str, Any]]:
    """Return the names printed on the map: the largest members whose name fits inside.

    From the largest member down, a name goes on the member's label point when its box (an
    estimate from the typeface's average width) lies inside the member's shape, inside the
    map, and clear of every name already placed and of the circles.
    """
    members = areas[(areas["kind"] == "member") & areas["shown"] & (areas["px2"] >= LABEL_MIN_PX2)]
    taken = [(x - radius, y - radius, x + radius, y + radius) for x, y in circles]
    out = []
    for row in members.sort_values("px2", ascending=False).itertuples():
        text = str(row.name)
        width, height = LABEL_EM * LABEL_SIZE * len(text) + 2, LABEL_SIZE + 2.0
        x0, y0 = row.x - width / 2, row.y - height / 2
        x1, y1 = x0 + width, y0 + height
        box = (x0, y0, x1, y1)
        frame = projection.box
        if x0 < frame[0] or y0 < frame[1] or x1 > frame[2] or y1 > frame[3]:
            continue
        if any(not (x1 <= a[0] or a[2] <= x0 or y1 <= a[1] or a[3] <= y0) for a in taken):
            continue
        rings = [
            projection.pixels(*np.asarray(ring, dtype=float).T)
            for polygon in row.geometry["coordinates"]
            for ring in polygon
        ]
        xs, ys = np.linspace(x0, x1, 5), np.linspace(y0, y1, 3)
        probes = np.array([(x, y) for x in xs for y in ys])
        if not _contains(rings, probes).all():
            continue
        taken.append(box)
        out.append(
            {
                "iso3": row.iso3,
                "text": text,
                "x": round(float(row.x), 1),
                "y": round(float(row.y), 1),
                "width": round(width, 1),
                "height": height,
            }
        )
    return out


def spread_circles(
    anchors: np.ndarray, radius: float, width: float, height: float, rounds: int = 500
) -> np.ndarray:
    """Return circle centres near their anchors (pixels) that do not overlap.

    Overlapping circles are pushed apart along the line joining them, half the overlap each,
    until none overlap (or ``rounds`` is spent), and kept inside the map. Circles on the same
    spot part in a fixed direction by their order, so the result is the same on every run.
    """
    pos = np.array(anchors, dtype=float).reshape(-1, 2)
    low, high = np.array([radius, radius]), np.array([width - radius, height - radius])
    pos = np.clip(pos, low, high)
    apart = 2 * radius + CIRCLE_GAP
    n = len(pos)
    for _round in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(apart - dist, 0, None)
        if not (overlap > 1e-6).any():
            break
        same = dist < 1e-6
        if same.any():  # a fixed direction for coincident circles: by their order
            angle = np.add.outer(np.arange(n), np.arange(n)) * 2.399963  # the golden angle
            delta[same] = np.column_stack([np.cos(angle[same]), np.sin(angle[same])])
            dist = np.where(same, 1.0, dist)
        unit = delta / dist[..., None]
        push = (unit * (overlap / 2)[..., None]).sum(axis=1)
        pos = np.clip(pos + push * 1.05, low, high)
    return pos


def _topology(shapes: list[tuple[dict[str, Any], dict[str, Any]]]) -> str:
    """Return areas as TopoJSON text: object ``countries``, one arc per ring, 0.01° integers.

    Positions are already rounded to 0.01°, so quantizing them loses nothing, and
    delta-encoded integers take less than half the characters of GeoJSON's degrees. The
    spec holds it as one string (Vega parses it): a notebook output stays one line instead of
    a line per number, and Altair does not validate every position.
    """
    arcs: list[list[list[int]]] = []
    geometries = []
    for geometry, properties in shapes:
        polygons = []
        for polygon in geometry["coordinates"]:
            rings = []
            for ring in polygon:
                q = np.rint(np.asarray(ring) / _QUANTUM).astype(np.int64)
                arcs.append(np.vstack([q[:1], np.diff(q, axis=0)]).tolist())
                rings.append([len(arcs) - 1])
            polygons.append(rings)
        geometries.append({"type": "MultiPolygon", "arcs": polygons, "properties": properties})
    topology = {
        "type": "Topology",
        "transform": {"scale": [_QUANTUM, _QUANTUM], "translate": [0, 0]},
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }
    return json.dumps(topology, separators=(",", ":"), ensure_ascii=False)


def _vega_text(template: str, **fields: str) -> str:
    """Return a Vega expression filling a translated ``{placeholder}`` template with fields
    of ``datum.properties`` (``fields`` maps each placeholder to its field)."""
    parts = []
    for literal, placeholder, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            parts.append(json.dumps(literal, ensure_ascii=False))
        if placeholder:
            parts.append(f"datum.properties[{json.dumps(fields[placeholder])}]")
    return " + ".join(parts) or '""'


def _names(names: list[str]) -> str:
    return separate(sorted(names))


def _and(items: list[str]) -> str:
    """Return "a, b and c" (in the given order)."""
    return join(items)


def _wrap(text: str, width: int = 96) -> list[str]:
    """Return a subtitle as lines that fit the map's width (Vega does not wrap titles)."""
    return textwrap.wrap(text, width)


def _description(ctx: ReportContext, shown: list[Stat], missing: list[str]) -> str:
    """Return the map's text alternative: what it shows, its highest and lowest members."""
    valued = [(s.value, s) for s in shown if s.value is not None]
    ranked = [s for _v, s in sorted(valued, key=lambda vs: (-vs[0], vs[1].area))]
    parts = [
        _(
            "Map of the {n} members of {code} located in {region}, coloured by international "
            "migrants as a share of the population in {year}"
        ).format(
            n=len(shown),
            code=ctx.area,
            region=ctx.region_phrase(),
            year=ctx.round.reference_year,
        )
    ]
    if ranked:
        parts.append(
            _("highest in {top} ({top_value}), lowest in {bottom} ({bottom_value})").format(
                top=ctx.name(ranked[0].area),
                top_value=fmt_stat(ranked[0]),
                bottom=ctx.name(ranked[-1].area),
                bottom_value=fmt_stat(ranked[-1]),
            )
        )
    if missing:
        parts.append(_("no estimate for {names}").format(names=_names(missing)))
    return "; ".join(parts) + "."


def class_labels() -> list[str]:
    """Return the legend labels of the value classes: "< 2%", "2–5%", ..., "20% or more"."""
    inner = [f"{lo:g}–{hi:g}%" for lo, hi in itertools.pairwise(BREAKS)]
    return [f"< {BREAKS[0]:g}%", *inner, _("{n}% or more").format(n=f"{BREAKS[-1]:g}")]


def value_class(value: float | None) -> str:
    """Return the legend class of a value (a class holds its lower bound: 5.0 is "5–10%")."""
    if value is None:
        return _("No estimate")
    return class_labels()[sum(value >= b for b in BREAKS)]


def migrant_share_map(ctx: ReportContext) -> list[Block]:
    """Return the map of migrants as a share of each member's population, and its note.

    Returns
    -------
    list of Block
        The map (a :class:`Chart` carrying every member's statistic, with or without a
        value) and the note under it: source, what is grey or orange, the UN disclaimer.
    """
    import altair as alt

    year = ctx.round.reference_year
    areas, projection, height = map_features(ctx)
    inset = inset_features(ctx, areas, projection)
    boundaries = map_boundaries(areas, projection)
    notes = map_notes(areas, projection, boundaries)
    un_text = " ".join([_(DISCLAIMER), *(_(n.text) for n in notes)])
    members = areas[areas["kind"] == "member"]
    stats: list[Stat] = list(members["stat"])
    no_data = [ctx.name(s.area) for s in stats if s.value is None]

    # Two legends: the value classes (members located in the region: the colour channel),
    # and what the other colours mean (the fill channel).
    classes = [*class_labels(), *([value_class(None)] if no_data else [])]
    class_colours = [*CLASS_COLOURS, NO_DATA][: len(classes)]
    categories = {
        "non_regional": _("Non-regional member (not in the regional figures)"),
        "other": _("Other country or area"),
    }
    drawn_kinds = set(areas.loc[areas["shown"], "kind"])
    if inset is not None:
        drawn_kinds |= set(inset[0].loc[inset[0]["shown"], "kind"])
    shown_categories = [
        label for kind, label in categories.items() if kind == "other" or kind in drawn_kinds
    ]
    category_colours = {categories["non_regional"]: NON_REGIONAL, categories["other"]: OTHER}

    def member_fields(row: Any) -> dict[str, Any]:
        stat: Stat = row.stat
        text = fmt_stat(stat) if stat.value is not None else _("no estimate")
        return {
            "iso3": row.iso3,
            "name": row.name,
            "kind": "member",
            "class": value_class(stat.value),
            "text": text,
            "year": str(year),
        }

    def shapes(drawn: pd.DataFrame) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        return [
            (
                row.geometry,
                member_fields(row)
                if row.kind == "member"
                else {
                    "iso3": row.iso3,
                    "name": row.name,
                    "kind": row.kind,
                    "category": categories[row.kind],
                },
            )
            for row in drawn.itertuples()
            if row.geometry is not None and row.shown
        ]

    # Small members: a circle each, moved apart where they would overlap (the Lesser Antilles)
    # and tied by a leader line to where the member is.
    small = members[members["small"] & members["shown"]]
    radius = math.sqrt(CIRCLE_SIZE) / 2
    centres = spread_circles(small[["x", "y"]].to_numpy(), radius, WIDTH, height)
    datasets: dict[str, Any] = {
        "countries": _topology(shapes(areas)),
        "small": [
            {
                "properties": member_fields(row),
                "lon": round(row.lon, 2),
                "lat": round(row.lat, 2),
                "x0": round(row.x, 1),
                "y0": round(row.y, 1),
                "x": round(float(x), 1),
                "y": round(float(y), 1),
                "moved": bool(math.hypot(x - row.x, y - row.y) > radius),
            }
            for row, (x, y) in zip(small.itertuples(), centres, strict=True)
        ],
    }
    fields = {str(r.iso3): member_fields(r) for r in members.itertuples()}
    datasets["labels"] = [
        {**label, "properties": {k: fields[label["iso3"]][k] for k in ("name", "text", "year")}}
        for label in member_labels(areas, projection, centres, radius)
    ]
    value_title = _("Migrants, % of population")
    symbols: dict[str, Any] = {"symbolType": "square", "symbolSize": 150, "symbolStrokeWidth": 0}
    value_colour = alt.Color(
        "properties.class:N",
        scale=alt.Scale(domain=classes, range=class_colours),
        legend=alt.Legend(
            title=value_title,
            orient="none",
            legendX=0,
            legendY=height + 12,
            direction="horizontal",
            columns=3,
            titleLimit=320,
            **symbols,
        ),
    )
    # An inset under the map takes the legends' right side: the second legend goes under
    # the first.
    below = inset is not None and inset[1].box[1] >= height
    second_x, second_y = (0, height + 12 + 68) if below else (LEGEND_SPLIT, height + 12)
    category_fill = alt.Fill(
        "properties.category:N",
        scale=alt.Scale(
            domain=shown_categories, range=[category_colours[c] for c in shown_categories]
        ),
        legend=alt.Legend(
            title=_("Not coloured by value"),
            orient="none",
            legendX=second_x,
            legendY=second_y,
            direction="vertical",
            labelLimit=320,
            # Translations run longer than the English (Vega cuts a title at 180 px by default).
            titleLimit=320,
            **symbols,
        ),
    )
    member_tooltip = [
        alt.Tooltip("properties.name:N", title=_("Country or area")),
        alt.Tooltip("properties.text:N", title=value_title),
        alt.Tooltip("properties.year:N", title=_("Year")),
    ]
    # What a screen reader says of a shape (its ARIA label), no field names: built in Vega
    # from the translated template, so the embedded areas do not carry it.
    member_label = _vega_text(_("{name}: {value} ({year})"), name="name", value="text", year="year")
    other_label = _vega_text(_("{name}: {category}"), name="name", category="category")
    described = alt.Description("label:N")
    other_tooltip = [
        alt.Tooltip("properties.name:N", title=_("Country or area")),
        alt.Tooltip("properties.category:N", title=_("On this map")),
    ]

    def projected(p: Projection, frame: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": p.view.projection,
            "rotate": [p.view.rotate[0], p.view.rotate[1], 0],
            "scale": round(p.scale, 3),
            "translate": [round(p.translate[0], 3), round(p.translate[1], 3)],
        }
        if frame:
            out["clipExtent"] = [[p.box[0], p.box[1]], [p.box[2], p.box[3]]]
        return out

    def geography(name: str, p: Projection, frame: bool = False) -> list[Any]:
        """Return the layers of one map (the main one, or the inset): others, then members.

        The main map's marks are clipped to the view; an inset's to its frame (``frame``),
        which may lie under the view.
        """
        data = alt.NamedData(name, format=alt.DataFormat(type="topojson", feature="countries"))
        return [
            alt.Chart(data)
            .transform_filter("datum.properties.kind !== 'member'")
            .transform_calculate(label=other_label)
            .mark_geoshape(stroke=BORDER, strokeWidth=0.5, clip=not frame)
            .encode(fill=category_fill, tooltip=other_tooltip, description=described)
            .project(**projected(p, frame)),
            alt.Chart(data)
            .transform_filter("datum.properties.kind === 'member'")
            .transform_calculate(label=member_label)
            .mark_geoshape(stroke=MEMBER_BORDER, strokeWidth=0.3 if frame else 0.4, clip=not frame)
            .encode(color=value_colour, tooltip=member_tooltip, description=described)
            .project(**projected(p, frame)),
        ]

    pixel_x, pixel_y = alt.X("x:Q", scale=None, axis=None), alt.Y("y:Q", scale=None, axis=None)
    anchors = (
        alt.Chart(alt.NamedData("small"))
        .mark_circle(size=4, opacity=1, color=INK, clip=True, aria=False)
        .encode(longitude="lon:Q", latitude="lat:Q")
        .project(**projected(projection))
        .properties(name="small_anchors")
    )
    leaders = (
        alt.Chart(alt.NamedData("small"))
        .transform_filter("datum.moved")
        .mark_rule(color=INK, strokeWidth=0.6, clip=True, aria=False)
        .encode(
            x=alt.X("x0:Q", scale=None, axis=None),
            y=alt.Y("y0:Q", scale=None, axis=None),
            x2="x:Q",
            y2="y:Q",
        )
        .properties(name="small_leaders")
    )
    circles = (
        alt.Chart(alt.NamedData("small"))
        .transform_calculate(label=member_label)
        .mark_circle(size=CIRCLE_SIZE, opacity=1, stroke=INK, strokeWidth=1.0, clip=True)
        .encode(
            x=pixel_x, y=pixel_y, color=value_colour, tooltip=member_tooltip, description=described
        )
        .properties(name="small_circles")
    )
    # Names of the largest members, on a white halo so they read over any class colour.
    # A name shows its member's tooltip too (it sits where a reader points); screen readers
    # skip it (the shape under it says the same).
    named = alt.Chart(alt.NamedData("labels")).encode(
        x=pixel_x, y=pixel_y, text="text:N", tooltip=member_tooltip
    )
    text_style: dict[str, Any] = {
        "fontSize": LABEL_SIZE,
        "align": "center",
        "baseline": "middle",
        "aria": False,
    }
    names = [
        named.mark_text(
            **text_style, stroke="white", strokeWidth=2.4, strokeOpacity=0.85, clip=True
        ).properties(name="member_label_halos"),
        named.mark_text(**text_style, fill=INK, clip=True).properties(name="member_labels"),
    ]
    title = alt.Title(
        _("International migrants as a share of the population, {year}").format(year=year),
        subtitle=_wrap(
            _(
                "Members of {code} located in {region}; circles mark members too small to "
                "see at this scale."
            ).format(code=ctx.area, region=ctx.region_phrase())
        ),
    )
    # Boundaries in a style of their own (undetermined: dashed; line of control: dotted) over
    # the areas' own borders, which a white line hides beneath them.
    lines: list[Any] = []
    if boundaries:
        datasets["boundaries"] = boundaries
        for style in sorted({f["properties"]["line"] for f in boundaries}):
            drawn = alt.Chart(alt.NamedData("boundaries")).transform_filter(
                f"datum.properties.line === '{style}'"
            )
            # Screen readers skip the lines: the map's notes (in its text alternative) say them.
            lines += [
                drawn.mark_geoshape(
                    filled=False, stroke=BORDER, strokeWidth=1.6, clip=True, aria=False
                ).project(**projected(projection)),
                drawn.mark_geoshape(
                    filled=False,
                    stroke=INK,
                    strokeWidth=0.9,
                    strokeDash=LINE_DASH[style],
                    clip=True,
                    aria=False,
                ).project(**projected(projection)),
            ]
    overview: list[Any] = []
    if inset is not None:
        inset_areas, inset_projection = inset
        datasets["inset"] = _topology(shapes(inset_areas))
        x0, y0, x1, y1 = inset_projection.box
        box = alt.Chart(alt.Data(values=[{}])).encode(
            x=alt.value(x0), y=alt.value(y0), x2=alt.value(x1), y2=alt.value(y1)
        )
        overview = [
            box.mark_rect(fill="white", stroke=None, aria=False),
            *geography("inset", inset_projection, frame=True),
            box.mark_rect(fill=None, stroke=INK, strokeWidth=0.6, aria=False),
            alt.Chart(alt.Data(values=[{}]))
            .mark_text(align="left", baseline="top", fontSize=9, color=INK)
            .encode(
                x=alt.value(x0 + 4),
                y=alt.value(y0 + 3),
                text=alt.value(_("All members of {code}").format(code=ctx.area)),
            ),
        ]
    # The UN disclaimer and notes are printed on the map, under its legends and inset, as on
    # UN maps: they go wherever the figure goes (a page may float it away from its note).
    bottom = height + 12 + 56 if not below else second_y + 56
    if inset is not None:
        bottom = max(bottom, math.ceil(inset[1].box[3]))
    un_notes = (
        alt.Chart(alt.Data(values=[{}]))
        .mark_text(
            align="left",
            baseline="top",
            fontSize=UN_NOTE_SIZE,
            fontStyle="italic",
            lineHeight=UN_NOTE_SIZE + 3,
            color=INK,
        )
        .encode(
            x=alt.value(0),
            y=alt.value(bottom + 10),
            text=alt.value(_wrap(un_text, UN_NOTE_CHARS)),
        )
        .properties(name="un_notes")
    )
    chart = alt.layer(
        *geography("countries", projection),
        *lines,
        *names,
        anchors,
        leaders,
        circles,
        *overview,
        un_notes,
    ).properties(
        width=WIDTH,
        height=height,
        title=title,
        description=_description(ctx, stats, no_data) + " " + un_text,
        datasets=datasets,
    )
    return [Chart(chart, tuple(stats)), _note(ctx, areas, no_data, inset is not None)]


def _note(
    ctx: ReportContext, areas: pd.DataFrame, no_data: list[str], inset: bool = False
) -> Block:
    """Return the note under the map: what is orange, grey or left out, and the sources (the
    UN disclaimer and notes are on the map itself).

    Only what this map shows is explained: a dissolved area is named where it is part of a
    member.
    """
    members = areas[areas["kind"] == "member"]
    # Non-regional members are named where the map draws them (in orange); the others are
    # not on it, and the report's membership summary names them.
    orange = sorted(
        {str(r.name) for r in areas.itertuples() if r.kind == "non_regional" and r.shown}
    )
    parts = [
        _(
            "Estimates of the {revision}; a value on a class boundary, such as {example}, is "
            "in the higher class."
        ).format(revision=_(ctx.round.revision), example=fmt_pct(BREAKS[2]))
    ]
    if orange:
        parts.append(
            _(
                "In orange, non-regional members of {code}, not in the regional figures: {names}."
            ).format(code=ctx.area, names=_names(orange))
        )
    if no_data:
        parts.append(_("No estimate (grey): {names}.").format(names=_names(no_data)))
    away = [str(r.name) for r in members.itertuples() if not r.shown]
    outside = [str(r.name) for r in members.itertuples() if r.outside and r.shown]
    if inset:
        parts.append(_("The inset shows every member located in the region."))
        if away:
            parts.append(_("Only in the inset: {names}.").format(names=_names(away)))
        if outside:
            parts.append(
                _("Parts of these members lie beyond the main map: {names}.").format(
                    names=_names(outside)
                )
            )
    elif outside:
        parts.append(
            _("Remote islands of these members lie outside the map: {names}.").format(
                names=_names(outside)
            )
        )
    missing = sorted(ctx.region_iso3 - set(members["iso3"]))
    if missing:
        parts.append(
            _("Not on the map (no boundary in the file): {names}.").format(
                names=_names([ctx.name(c) for c in missing])
            )
        )
    parts.append(
        _("Sources: {source}; boundaries: {boundaries}, simplified for this map.").format(
            source=ctx.source(INDICATOR), boundaries=ctx.snapshot.source_line(GEO_TABLE)
        )
    )
    # Said where it concerns a member's shading (Somalia for ECA and ESCWA, Cyprus for ECE).
    coloured = set(members["iso3"])
    dissolved = [(n, c) for n, (c, merged) in geo.NO_ID.items() if merged and c in coloured]
    if dissolved:
        parts.append(
            _("{parts}, drawn separately in that file, are shown as part of {countries}.").format(
                parts=_and([_NE_NAMES.get(n, n) for n, _c in dissolved]),
                countries=_and([ctx.name(c) for _n, c in dissolved]),
            )
            if len(dissolved) > 1
            else _("{part}, drawn separately in that file, is shown as part of {country}.").format(
                part=_NE_NAMES.get(dissolved[0][0], dissolved[0][0]),
                country=ctx.name(dissolved[0][1]),
            )
        )
    for code, (_lon, _lat, where) in geo.POINTS.items():
        if code in set(members["iso3"]):
            parts.append(
                _("{name} has no boundary in the file: its circle is at {where}.").format(
                    name=ctx.name(code), where=where
                )
            )
    return Prose("*" + " ".join(parts) + "*")
