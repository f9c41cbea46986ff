"""Country boundaries for maps: Natural Earth Admin 0, 1:50m, as TopoJSON by world-atlas.

The file is world-atlas 2.0.2's ``countries-50m.json`` (Natural Earth 4.1.0, public domain;
TopoJSON build ISC), unmodified. 1:50m rather than 1:110m because the small scale drops 49 of
the commissions' members (most Caribbean and Pacific island States, Singapore, Bahrain,
Malta...); at 1:50m four are missing, handled below.

The file's geometry ``id`` is the ISO 3166-1 numeric code, i.e. the UN M49 code, joined here to
the project's ISO3 keys through the M49 table. What has no M49 key is written down:

* ``id`` 158 (Taiwan) is not in the M49 overview: ``TWN``, as in :mod:`.codes`;
* five geometries have no ``id`` (:data:`NO_ID`): Northern Cyprus and Somaliland are dissolved
  into Cyprus and Somalia (the United Nations recognises neither as a separate State; their
  shared boundary arcs are removed), Kosovo keeps its own outline under the project's code
  ``XKX`` (in the context of UN Security Council resolution 1244), and the Siachen Glacier
  (disputed) and the Indian Ocean Territories (Christmas and Cocos Islands) stay uncoded;
* Ashmore and Cartier Islands share Australia's ``id``: one row, Australia;
* French Guiana, Guadeloupe, Martinique, Réunion and Mayotte are drawn inside France's
  geometry; their polygons are given their own M49 codes (:data:`CARVED`), since ECLAC
  counts the first three as associate members located in the region;
* Tuvalu has no geometry at 1:50m: a point marks it (:data:`POINTS`);
* Western Sahara is drawn whole (:data:`REUNITED`): the file, Natural Earth's de facto view,
  extends Morocco to the line Morocco holds inside the territory and leaves "W. Sahara" only
  the strip east of it, which made a map draw a coastal sliver in Morocco's colour. United
  Nations maps show Western Sahara, a Non-Self-Governing Territory, as one area: here its
  boundary with Morocco is the parallel of the Algeria–Morocco–Western Sahara tripoint
  (27°40′N, to the file's precision), and the de facto line is no longer a boundary.

Geometry is simplified once, on the shared arcs (so neighbours keep a common boundary), with
Douglas–Peucker: every vertex carries the largest tolerance at which it survives (its
*weight*, in degrees), so a map can drop vertices finer than its own scale without computing
anything, and still keep shared borders identical.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gcm_report.data.sources._base import RawFile, resolve_raw, validate_table
from gcm_report.data.sources.codes import EXTRA_AREAS
from gcm_report.errors import DataError

__all__ = [
    "BASE_TOLERANCE",
    "CARVED",
    "COUNTRIES_50M",
    "KEEP",
    "NO_ID",
    "POINTS",
    "REUNITED",
    "read_countries",
]

COUNTRIES_50M = RawFile(
    path="geo/countries-50m.json",
    sha256="04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394",
    publisher="Natural Earth; TopoJSON by the world-atlas project",
    title="Admin 0 country boundaries, 1:50m (Natural Earth 4.1.0), TopoJSON object 'countries'",
    url="https://github.com/topojson/world-atlas",
    licence="Natural Earth data: public domain; world-atlas TopoJSON build: ISC licence",
    vintage="version 4.1.0 (world-atlas 2.0.2)",
    official=False,
    note="npm package world-atlas 2.0.2, file countries-50m.json, unmodified; source data "
    "https://www.naturalearthdata.com/downloads/ (Admin 0 – Countries). Natural Earth shows "
    "de facto boundaries, not United Nations positions.",
    citation="Natural Earth, Admin 0 – Countries, 1:50m (public domain), TopoJSON by world-atlas",
    # npm files are immutable once published; unpkg serves the package's bytes as published.
    download_url="https://unpkg.com/world-atlas@2.0.2/countries-50m.json",
)

# Geometries the file draws without an id: the ISO3 they are given ("" = drawn, no code) and
# whether they are dissolved into that country (True) or keep their own outline.
NO_ID: dict[str, tuple[str, bool]] = {
    "N. Cyprus": ("CYP", True),
    "Somaliland": ("SOM", True),
    "Kosovo": ("XKX", False),
    "Siachen Glacier": ("", False),
    "Indian Ocean Ter.": ("", False),
}
# Numeric ids the M49 overview lacks.
EXTRA_IDS: dict[int, str] = {158: "TWN"}
# Polygons of a parent geometry that are areas with their own M49 code: parent ISO3 and the
# lon/lat box (west, south, east, north) holding the polygon's centroid.
CARVED: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "GUF": ("FRA", (-55.0, 1.5, -51.0, 6.5)),
    "GLP": ("FRA", (-62.0, 15.7, -60.9, 16.6)),
    "MTQ": ("FRA", (-61.4, 14.3, -60.7, 15.0)),
    "REU": ("FRA", (55.0, -21.6, 56.0, -20.7)),
    "MYT": ("FRA", (44.8, -13.2, 45.5, -12.4)),
}
# Countries with no geometry in the file, marked by a point (lon, lat): where it is.
POINTS: dict[str, tuple[float, float, str]] = {
    "TUV": (179.20, -8.52, "Funafuti, the capital"),
}
# Areas the file draws partly inside a neighbour, given back their part: the file's name of the
# area, the neighbour's name, and the row's ``drawn_as``. The boundary between them becomes the
# parallel of the area's tripoint with the neighbour (the end of their shared line nearest the
# pole), from that tripoint to the coast (see :func:`_reunite`).
REUNITED: dict[str, tuple[str, str]] = {
    "W. Sahara": ("Morocco", "W. Sahara + Morocco south of the tripoint's parallel"),
}
# Vertices finer than this (degrees, about 2 km) are dropped from the snapshot: the most
# detailed regional map shows about 0.1° per pixel.
BASE_TOLERANCE = 0.02
# Weight of a vertex every map keeps: arc ends (junctions between countries, ring closures).
KEEP = 360.0
_DIGITS = 2  # lon/lat decimals stored (about 1 km)
_KM_PER_DEGREE = 111.32

Polygons = list[list[list[int]]]  # polygons → rings → arc indices, as in TopoJSON


def _fail(path: Path, message: str) -> DataError:
    return DataError(f"{path}: {message}")


def _check_layout(path: Path, doc: Any) -> list[dict[str, Any]]:
    """Return the geometries of object ``countries`` after checking the TopoJSON layout."""
    if not isinstance(doc, dict) or doc.get("type") != "Topology":
        raise _fail(path, "not a TopoJSON Topology (field 'type')")
    transform = doc.get("transform")
    if not isinstance(transform, dict) or {"scale", "translate"} - set(transform):
        raise _fail(path, "field 'transform' with 'scale' and 'translate' is missing")
    if not isinstance(doc.get("arcs"), list):
        raise _fail(path, "field 'arcs' is missing")
    countries = doc.get("objects", {}).get("countries")
    if not isinstance(countries, dict) or countries.get("type") != "GeometryCollection":
        raise _fail(path, "object 'countries' (a GeometryCollection) is missing")
    geometries: list[dict[str, Any]] = countries["geometries"]
    n_arcs = len(doc["arcs"])
    for i, g in enumerate(geometries):
        where = f"objects.countries.geometries[{i}]"
        if g.get("type") not in ("Polygon", "MultiPolygon"):
            raise _fail(path, f"{where}: type {g.get('type')!r}, expected Polygon or MultiPolygon")
        name = g.get("properties", {}).get("name")
        if not isinstance(name, str) or not name:
            raise _fail(path, f"{where}: properties.name is missing")
        if "id" in g and not (isinstance(g["id"], str) and g["id"].isdigit()):
            raise _fail(path, f"{where} ({name}): id {g['id']!r} is not a numeric code")
        for ring in _rings(g):
            if any(not isinstance(a, int) or a >= n_arcs or ~a >= n_arcs for a in ring):
                raise _fail(path, f"{where} ({name}): arc index out of range")
    return geometries


def _polygons(g: dict[str, Any]) -> Polygons:
    return [g["arcs"]] if g["type"] == "Polygon" else list(g["arcs"])


def _rings(g: dict[str, Any]) -> list[list[int]]:
    return [ring for polygon in _polygons(g) for ring in polygon]


def _encode(points: np.ndarray) -> list[list[int]]:
    """Return absolute quantized positions as a TopoJSON arc (first position, then deltas)."""
    return np.vstack([points[:1], np.diff(points, axis=0)]).tolist()


def _arc_ends(doc: dict[str, Any], a: int) -> np.ndarray:
    q = np.cumsum(np.asarray(doc["arcs"][a if a >= 0 else ~a], dtype=np.int64), axis=0)
    return q if a >= 0 else q[::-1]


def _reunite(path: Path, doc: dict[str, Any], geometries: list[dict[str, Any]]) -> None:
    """Give each :data:`REUNITED` area its part of its neighbour, editing ``doc`` in place.

    Both are single rings sharing one arc (the de facto line), one end of which is their
    tripoint with a third country. The neighbour's next arc (its coast) is cut where it
    crosses the tripoint's parallel; the area gets the coast south of the cut and a new arc
    along the parallel, the neighbour keeps the rest. Arcs are appended, none is changed, so
    every other country keeps its boundary.
    """
    by_name = {g["properties"]["name"]: g for g in geometries}
    for name, (neighbour, _drawn_as) in REUNITED.items():
        area, other = by_name.get(name), by_name.get(neighbour)
        if area is None or other is None:
            raise _fail(path, f"{name} or {neighbour} is missing (REUNITED)")
        if area["type"] != "Polygon" or other["type"] != "Polygon" or len(area["arcs"]) != 1:
            raise _fail(path, f"{name}: expected it and {neighbour} as single rings (REUNITED)")
        (ring,), (own,) = other["arcs"], area["arcs"]
        shared = [i for i, a in enumerate(ring) if ~a in own or a in own]
        if len(shared) != 1:
            raise _fail(path, f"{name}: expected one arc shared with {neighbour}")
        ring = ring[shared[0] :] + ring[: shared[0]]  # the shared line first, then the coast
        line = _arc_ends(doc, ring[0])  # in the neighbour's direction
        if line[0, 1] <= line[-1, 1]:
            raise _fail(path, f"{name}: the shared line does not start at the northern tripoint")
        tripoint = line[0]
        coast = _arc_ends(doc, ring[1])
        lat = coast[:, 1]
        crossing = np.flatnonzero((lat[:-1] < tripoint[1]) != (lat[1:] < tripoint[1]))
        if len(crossing) != 1:
            n = len(crossing)
            raise _fail(path, f"{neighbour}: its coast crosses {name}'s parallel {n} times")
        i = int(crossing[0])
        (x0, y0), (x1, y1) = coast[i], coast[i + 1]
        cut = np.array([[round(x0 + (tripoint[1] - y0) * (x1 - x0) / (y1 - y0)), tripoint[1]]])
        south = np.vstack([coast[: i + 1], cut])
        north = np.vstack([cut, coast[i + 1 :]])
        parallel = np.vstack([tripoint[None, :], cut])
        first = len(doc["arcs"])
        doc["arcs"] += [_encode(south), _encode(north), _encode(parallel)]
        s_arc, n_arc, p_arc = first, first + 1, first + 2
        # The neighbour: tripoint → along the parallel → its coast north of the cut → ...
        other["arcs"] = [[p_arc, n_arc, *ring[2:]]]
        # The area: its own arcs without the line, then the coast south of the cut and the
        # parallel back to the tripoint (same winding as before).
        at = next(j for j, a in enumerate(own) if a in (ring[0], ~ring[0]))
        area["arcs"] = [[*own[:at], s_arc, ~p_arc, *own[at + 1 :]]]


def _decode_arcs(doc: dict[str, Any]) -> list[np.ndarray]:
    """Return every arc as integer (quantized) positions: exact, so endpoints compare equal."""
    return [np.cumsum(np.asarray(a, dtype=np.int64).reshape(-1, 2), axis=0) for a in doc["arcs"]]


def _weights(points: np.ndarray) -> np.ndarray:
    """Return each vertex's Douglas–Peucker weight: the largest tolerance that keeps it.

    A vertex is kept at tolerance ``t`` exactly when its weight exceeds ``t``: a vertex's weight
    is never above its parent split's, so filtering by weight equals running the algorithm.
    """
    n = len(points)
    weights = np.zeros(n)
    weights[0] = weights[-1] = KEEP
    stack = [(0, n - 1, KEEP)]
    while stack:
        i, j, parent = stack.pop()
        if j <= i + 1:
            continue
        a, b, inner = points[i], points[j], points[i + 1 : j]
        dx, dy = b - a
        length = math.hypot(dx, dy)
        if length == 0:  # a closed ring as a single arc: distance to its start
            dist = np.hypot(inner[:, 0] - a[0], inner[:, 1] - a[1])
        else:
            dist = np.abs(dx * (inner[:, 1] - a[1]) - dy * (inner[:, 0] - a[0])) / length
        k = int(np.argmax(dist))
        weight = min(float(dist[k]), parent)
        if weight <= BASE_TOLERANCE / 2:  # nothing below this survives the snapshot anyway
            continue
        m = i + 1 + k
        weights[m] = weight
        stack += [(i, m, weight), (m, j, weight)]
    return weights


class _Topology:
    """The decoded arcs of the file: positions in degrees and vertex weights."""

    def __init__(self, doc: dict[str, Any]) -> None:
        sx, sy = doc["transform"]["scale"]
        tx, ty = doc["transform"]["translate"]
        self.quantized = _decode_arcs(doc)
        self.degrees = [q * np.array([sx, sy]) + np.array([tx, ty]) for q in self.quantized]
        self.weights = [_weights(p) for p in self.degrees]

    def ring(self, arcs: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Return a ring's positions and weights, joining its arcs (``~i``: arc i reversed)."""
        points, weights = [], []
        for n, a in enumerate(arcs):
            p, w = (
                (self.degrees[a], self.weights[a])
                if a >= 0
                else (
                    self.degrees[~a][::-1],
                    self.weights[~a][::-1],
                )
            )
            start = 0 if n == 0 else 1  # each arc starts where the previous one ended
            points.append(p[start:])
            weights.append(w[start:])
        return np.concatenate(points), np.concatenate(weights)

    def start(self, a: int) -> tuple[int, int]:
        q = self.quantized[a] if a >= 0 else self.quantized[~a][::-1]
        return int(q[0, 0]), int(q[0, 1])

    def end(self, a: int) -> tuple[int, int]:
        q = self.quantized[a] if a >= 0 else self.quantized[~a][::-1]
        return int(q[-1, 0]), int(q[-1, 1])


def _signed_area(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def _inside(point: np.ndarray, ring: np.ndarray) -> bool:
    """Return whether a point lies inside a ring (even–odd rule, planar lon/lat)."""
    x, y = point
    xs, ys = ring[:, 0], ring[:, 1]
    crosses = (ys[:-1] > y) != (ys[1:] > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = xs[:-1] + (y - ys[:-1]) * (xs[1:] - xs[:-1]) / (ys[1:] - ys[:-1])
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def _dissolve(topo: _Topology, polygons: Polygons, where: str) -> Polygons:
    """Return polygons as one area: arcs two of them share are removed, the rest restitched.

    The file's exterior rings run clockwise (d3's convention; negative planar area in lon/lat),
    holes counter-clockwise; stitching keeps each arc's direction, hence the winding.
    """
    used = Counter(a if a >= 0 else ~a for polygon in polygons for ring in polygon for a in ring)
    remaining = [a for p in polygons for ring in p for a in ring if used[a if a >= 0 else ~a] == 1]
    by_start: dict[tuple[int, int], list[int]] = {}
    for a in remaining:
        by_start.setdefault(topo.start(a), []).append(a)
    rings: list[list[int]] = []
    todo = set(remaining)
    for first in remaining:
        if first not in todo:
            continue
        ring = [first]
        todo.discard(first)
        while topo.end(ring[-1]) != topo.start(first):
            nxt = [a for a in by_start.get(topo.end(ring[-1]), []) if a in todo]
            if not nxt:
                raise DataError(f"{where}: boundary arcs do not close into a ring")
            ring.append(nxt[0])
            todo.discard(nxt[0])
        rings.append(ring)
    shells = [r for r in rings if _signed_area(topo.ring(r)[0]) < 0]
    holes = [r for r in rings if _signed_area(topo.ring(r)[0]) >= 0]
    out: Polygons = [[shell] for shell in shells]
    for hole in holes:
        probe = topo.ring(hole)[0][0]
        host = next((p for p in out if _inside(probe, topo.ring(p[0])[0])), None)
        if host is None:
            raise DataError(f"{where}: a hole lies in no outer ring")
        host.append(hole)
    return out


def _unwrapped(ring: np.ndarray) -> np.ndarray:
    """Return a ring with continuous longitudes (the file's rings may cross the 180th meridian)."""
    lon = np.degrees(np.unwrap(np.radians(ring[:, 0])))
    return np.column_stack([lon, ring[:, 1]])


def _centroid(ring: np.ndarray) -> np.ndarray:
    """Return a ring's planar centroid in lon/lat, longitude within −180…180."""
    ring = _unwrapped(ring)
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if area == 0:
        lon, lat = ring.mean(axis=0)
    else:
        lon = ((x[:-1] + x[1:]) * cross).sum() / (6 * area)
        lat = ((y[:-1] + y[1:]) * cross).sum() / (6 * area)
    return np.array([(lon + 180) % 360 - 180, lat])


def _area_km2(ring: np.ndarray) -> float:
    """Return a ring's approximate area (planar lon/lat scaled by the cosine of its latitude)."""
    lat = math.radians(float(ring[:, 1].mean()))
    return abs(_signed_area(_unwrapped(ring))) * math.cos(lat) * _KM_PER_DEGREE**2


def _row(topo: _Topology, polygons: Polygons) -> dict[str, Any]:
    """Return an area's geometry columns: GeoJSON MultiPolygon, weights, label point, area."""
    coordinates, weights = [], []
    largest, largest_area, total = None, -1.0, 0.0
    for polygon in polygons:
        rings, ring_weights = [], []
        for n, arcs in enumerate(polygon):
            points, w = topo.ring(arcs)
            if n == 0:
                area = _area_km2(points)
                total += area
                if area > largest_area:
                    largest, largest_area = points, area
            else:
                total -= _area_km2(points)
            keep = w > BASE_TOLERANCE
            if keep.sum() < 4:  # a small island: kept whole, it is only a few vertices
                keep[:] = True
            rings.append(np.round(points[keep], _DIGITS).tolist())
            ring_weights.append(np.round(w[keep], 3).tolist())
        coordinates.append(rings)
        weights.append(ring_weights)
    assert largest is not None
    lon, lat = _centroid(largest)
    return {
        "geometry": json.dumps(
            {"type": "MultiPolygon", "coordinates": coordinates}, separators=(",", ":")
        ),
        "weights": json.dumps(weights, separators=(",", ":")),
        "lon": round(float(lon), _DIGITS),
        "lat": round(float(lat), _DIGITS),
        "area_km2": round(max(total, 0.0), 1),  # 0 for Antarctica (a ring around the pole)
    }


def read_countries(raw_dir: Path, m49: pd.DataFrame, raw: RawFile = COUNTRIES_50M) -> pd.DataFrame:
    """Read the country boundaries into one row per country or area, keyed by ISO3.

    Parameters
    ----------
    raw_dir
        Raw-data root.
    m49
        The M49 table (:func:`gcm_report.data.sources.m49.read_m49`).
    raw
        The declared file (another declaration only in tests).

    Returns
    -------
    DataFrame
        ``iso3`` ("" for the uncoded areas in :data:`NO_ID`), ``m49`` (nullable), ``name``
        (the M49 name; the file's for an uncoded area), ``drawn_as`` (the file's geometries
        that make the row, e.g. "Somalia + Somaliland"), ``geometry`` (GeoJSON MultiPolygon
        in lon/lat, "" for a point-only row), ``weights`` (each vertex's simplification
        weight in degrees, nested like the coordinates), ``lon``/``lat`` (centroid of the
        largest polygon: where a marker goes) and ``area_km2`` (approximate).

    Raises
    ------
    DataError
        If the layout differs, an id or an unnamed geometry is unknown, or a member of a
        documented exception is missing.
    """
    path = resolve_raw(raw_dir, raw)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise _fail(path, f"unreadable JSON ({str(exc).splitlines()[0]})") from None
    geometries = _check_layout(path, doc)
    _reunite(path, doc, geometries)
    topo = _Topology(doc)
    iso3_of = dict(zip(m49["m49"].astype(int), m49["iso3"].astype(str), strict=True)) | EXTRA_IDS
    m49_of = {iso3: code for code, iso3 in iso3_of.items()}
    names = dict(zip(m49["iso3"].astype(str), m49["name"].astype(str), strict=True)) | EXTRA_AREAS

    # Group the polygons by the area they belong to: an ISO3, or the file's name if uncoded.
    polygons: dict[str, Polygons] = {}
    drawn_as: dict[str, list[str]] = {}
    dissolve: set[str] = set()
    unknown_ids, unknown_names = set(), set()
    for g in geometries:
        name = g["properties"]["name"]
        if "id" in g:
            key = iso3_of.get(int(g["id"]))
            if key is None:
                unknown_ids.add(f"{g['id']} ({name})")
                continue
        elif name in NO_ID:
            code, dissolved = NO_ID[name]
            key = code or name
            if dissolved:
                dissolve.add(code)
        else:
            unknown_names.add(name)
            continue
        polygons.setdefault(key, []).extend(_polygons(g))
        drawn_as.setdefault(key, []).append(name)
    if unknown_ids:
        raise _fail(path, f"id(s) with no M49 code: {', '.join(sorted(unknown_ids))}")
    if unknown_names:
        unnamed = ", ".join(sorted(unknown_names))
        raise _fail(path, f"geometries with no id and not in NO_ID: {unnamed}")

    reunited = {name: drawn for name, (_neighbour, drawn) in REUNITED.items()}
    for key, names_drawn in drawn_as.items():
        if len(names_drawn) == 1 and names_drawn[0] in reunited:
            drawn_as[key] = [reunited[names_drawn[0]]]
    for code, (parent, (west, south, east, north)) in CARVED.items():
        mine: Polygons = []
        rest: Polygons = []
        for polygon in polygons.get(parent, []):
            lon, lat = _centroid(topo.ring(polygon[0])[0])
            (mine if west <= lon <= east and south <= lat <= north else rest).append(polygon)
        if not mine or code in polygons:
            raise _fail(path, f"{code}: expected its own polygons inside {parent}'s geometry")
        polygons[parent], polygons[code] = rest, mine
        drawn_as[code] = [f"part of {drawn_as[parent][0]}"]

    rows = []
    for key, parts in polygons.items():
        coded = key in m49_of or key in EXTRA_AREAS
        if key in dissolve:
            parts = _dissolve(topo, parts, f"{path}: {key}")
        row = _row(topo, parts)
        rows.append(
            {
                "iso3": key if coded else "",
                "m49": m49_of.get(key),
                "name": names[key] if coded else key,
                # The country's own geometry first: "Somalia + Somaliland".
                "drawn_as": " + ".join(sorted(drawn_as[key], key=lambda n: n in NO_ID)),
                **row,
            }
        )
    for code, (lon, lat, where) in POINTS.items():
        if code in polygons:
            raise _fail(path, f"{code} now has a geometry: remove it from POINTS")
        rows.append(
            {
                "iso3": code,
                "m49": m49_of.get(code),
                "name": names[code],
                "drawn_as": f"no geometry: a point at {where}",
                "geometry": "",
                "weights": "",
                "lon": lon,
                "lat": lat,
                "area_km2": 0.0,
            }
        )
    out = pd.DataFrame(rows).sort_values(["iso3", "name"], ignore_index=True)
    out["m49"] = out["m49"].astype("Int64")
    validate_table(
        out,
        str(path),
        keys=["iso3", "name"],
        non_negative=["area_km2"],
        dtypes={"iso3": "O", "name": "O", "geometry": "O", "lon": "f", "lat": "f"},
    )
    coded = out.loc[out["iso3"] != "", "iso3"]
    if coded.duplicated().any():
        raise _fail(path, f"ISO3 drawn twice: {sorted(set(coded[coded.duplicated()]))}")
    return out
