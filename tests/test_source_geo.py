"""The country-boundary loader against the raw TopoJSON, decoded here with the json module."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gcm_report.data.snapshot import DEFAULT_SNAPSHOT_DIR, Snapshot
from gcm_report.data.sources import geo, m49
from gcm_report.data.sources._base import sha256_file
from gcm_report.errors import DataError
from tests.rawcalc import MEMBERSHIP

# Members of a commission that have no boundary of their own in the 1:50m file, and how the
# table still places them (every other member with an M49 code has a geometry).
NO_BOUNDARY = {"TUV": "point"}  # Tuvalu: absent from world-atlas 50m


@pytest.fixture(scope="module")
def table(raw_dir: Path) -> pd.DataFrame:
    return geo.read_countries(raw_dir, m49.read_m49(raw_dir))


@pytest.fixture(scope="module")
def topology(raw_dir: Path) -> dict:
    return json.loads((raw_dir / geo.COUNTRIES_50M.path).read_text(encoding="utf-8"))


def _m49_csv(raw_dir: Path) -> dict[int, str]:
    with (raw_dir / m49.M49_OVERVIEW.path).open(encoding="utf-8-sig") as fh:
        return {int(r["M49 Code"]): r["ISO-alpha3 Code"] for r in csv.DictReader(fh)}


def _arc(topology: dict, index: int) -> np.ndarray:
    """Return one arc in degrees (delta-decoded), reversed for a negative index."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    q = np.cumsum(np.array(topology["arcs"][index if index >= 0 else ~index]), axis=0)
    points = np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty])
    return points if index >= 0 else points[::-1]


def _geometry(topology: dict, name: str) -> dict:
    (g,) = [
        g for g in topology["objects"]["countries"]["geometries"] if g["properties"]["name"] == name
    ]
    return g


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * abs(float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])))


def _coordinates(table: pd.DataFrame, iso3: str) -> list:
    return json.loads(table.loc[table["iso3"] == iso3, "geometry"].iloc[0])["coordinates"]


def test_ids_are_m49_codes_joined_to_iso3(table, topology, raw_dir):
    codes = _m49_csv(raw_dir)
    ids = {int(g["id"]) for g in topology["objects"]["countries"]["geometries"] if "id" in g}
    assert ids - set(codes) == {158}  # Taiwan: not in the M49 overview
    by_iso3 = table.set_index("iso3")
    for code in ids - {158}:
        assert by_iso3.loc[codes[code], "m49"] == code
    assert by_iso3.loc["TWN", "m49"] == 158
    assert by_iso3.loc["NLD", "drawn_as"] == "Netherlands"
    # Two geometries share Australia's id: one row.
    assert by_iso3.loc["AUS", "drawn_as"] == "Australia + Ashmore and Cartier Is."


def test_geometries_without_an_id_are_the_documented_ones(table, topology):
    unnamed = {
        g["properties"]["name"] for g in topology["objects"]["countries"]["geometries"]
        if "id" not in g
    }  # fmt: skip
    assert unnamed == set(geo.NO_ID) == {
        "Kosovo", "N. Cyprus", "Somaliland", "Siachen Glacier", "Indian Ocean Ter."
    }  # fmt: skip
    by_iso3 = table.set_index("iso3")
    assert by_iso3.loc["XKX", "drawn_as"] == "Kosovo" and pd.isna(by_iso3.loc["XKX", "m49"])
    assert by_iso3.loc["SOM", "drawn_as"] == "Somalia + Somaliland"
    assert by_iso3.loc["CYP", "drawn_as"] == "Cyprus + N. Cyprus"
    uncoded = table[table["iso3"] == ""]
    assert sorted(uncoded["name"]) == ["Indian Ocean Ter.", "Siachen Glacier"]
    assert uncoded["m49"].isna().all()


def test_every_member_with_an_m49_code_has_a_boundary(table, raw_dir):
    codes = set(_m49_csv(raw_dir).values())
    with MEMBERSHIP.open(encoding="utf-8") as fh:
        members = {r["iso3"] for r in csv.DictReader(fh)}
    assert members <= codes  # every member of every commission has an M49 code
    drawn = set(table.loc[table["geometry"] != "", "iso3"])
    assert {c: "point" for c in sorted(members - drawn)} == NO_BOUNDARY
    tuvalu = table[table["iso3"] == "TUV"].iloc[0]
    assert (tuvalu["lon"], tuvalu["lat"]) == (179.2, -8.52)


def test_dissolved_areas_lose_their_shared_border(table, topology):
    somalia, somaliland = _geometry(topology, "Somalia"), _geometry(topology, "Somaliland")
    arcs = {abs(a if a >= 0 else ~a) for ring in somalia["arcs"] for a in ring}
    shared = [a for ring in somaliland["arcs"] for a in ring if (a if a >= 0 else ~a) in arcs]
    assert shared  # the raw file draws a border between them
    border = {tuple(p) for a in shared for p in np.round(_arc(topology, a)[1:-1], 2)}
    (polygon,) = _coordinates(table, "SOM")  # one polygon, no hole
    assert len(polygon) == 1
    assert border.isdisjoint(map(tuple, polygon[0]))
    # The area is both parts' (simplification moves it by well under 1%).
    raw = sum(
        _area(np.vstack([_arc(topology, a) for a in ring]))
        for g in (somalia, somaliland)
        for ring in g["arcs"]
    )
    assert _area(np.array(polygon[0])) == pytest.approx(raw, rel=0.01)


def test_overseas_departments_are_carved_out_of_france(table):
    for code, (parent, (west, south, east, north)) in geo.CARVED.items():
        row = table[table["iso3"] == code].iloc[0]
        assert row["drawn_as"] == "part of France" and parent == "FRA"
        assert west <= row["lon"] <= east and south <= row["lat"] <= north
        for polygon in _coordinates(table, code):
            ring = np.array(polygon[0])
            assert ((ring[:, 0] >= west - 1) & (ring[:, 0] <= east + 1)).all()
    # What remains of France is in Europe (mainland, Corsica and islands off the coast).
    for polygon in _coordinates(table, "FRA"):
        lon, lat = np.array(polygon[0]).mean(axis=0)
        assert -6 < lon < 10 and 41 < lat < 52


def test_neighbours_keep_the_same_border_at_every_scale(table):
    # A vertex on a shared border carries the same weight in both countries, so any
    # tolerance keeps or drops it on both sides: no gaps or overlaps between neighbours.
    def weights(iso3: str) -> dict[tuple[float, float], float]:
        row = table[table["iso3"] == iso3].iloc[0]
        coords, ws = json.loads(row["geometry"])["coordinates"], json.loads(row["weights"])
        return {
            tuple(p): w
            for polygon, pw in zip(coords, ws, strict=True)
            for ring, rw in zip(polygon, pw, strict=True)
            for p, w in zip(ring, rw, strict=True)
        }

    for a, b in [("FRA", "ESP"), ("BRA", "GUF"), ("USA", "CAN"), ("SOM", "ETH"), ("SRB", "XKX")]:
        wa, wb = weights(a), weights(b)
        common = set(wa) & set(wb)
        assert len(common) >= 5, (a, b)
        assert {p: wa[p] for p in common} == {p: wb[p] for p in common}, (a, b)


def _douglas_peucker(points: np.ndarray, tolerance: float) -> set[int]:
    """The textbook recursion: indices kept at ``tolerance``."""

    def rec(i: int, j: int) -> set[int]:
        if j <= i + 1:
            return set()
        a, b = points[i], points[j]
        d = b - a
        norm = math.hypot(*d)
        seg = points[i + 1 : j]
        dist = (
            np.hypot(*(seg - a).T)
            if norm == 0
            else np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / norm
        )
        k = int(np.argmax(dist))
        if dist[k] <= tolerance:
            return set()
        m = i + 1 + k
        return {m} | rec(i, m) | rec(m, j)

    return {0, len(points) - 1} | rec(0, len(points) - 1)


def test_vertex_weights_select_what_douglas_peucker_keeps():
    rng = np.random.default_rng(8)
    line = np.cumsum(rng.normal(size=(400, 2)), axis=0)
    weights = geo._weights(line)
    for tolerance in (0.5, 1.0, 2.0, 5.0):
        assert set(np.flatnonzero(weights > tolerance)) == _douglas_peucker(line, tolerance)


def _copy(raw_dir: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "raw"
    for folder in ("unsd_m49", "geo"):
        shutil.copytree(raw_dir / folder, dest / folder)
    for p in dest.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return dest


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"id":"528"', '"id":"999"', r"id\(s\) with no M49 code: 999 \(Netherlands\)"),
        (
            ',"id":"528","properties"',
            ',"properties"',
            r"geometries with no id and not in NO_ID: Netherlands",
        ),
        ('"objects":{"countries"', '"objects":{"nations"', r"object 'countries' .* is missing"),
    ],
)
def test_bad_file_fails_in_one_line_naming_it(raw_dir, tmp_path, old, new, message):
    raw = _copy(raw_dir, tmp_path)
    path = raw / geo.COUNTRIES_50M.path
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    declared = dataclasses.replace(geo.COUNTRIES_50M, sha256=sha256_file(path))
    with pytest.raises(DataError, match=rf"countries-50m\.json: {message}") as info:
        geo.read_countries(raw, m49.read_m49(raw), raw=declared)
    assert "\n" not in str(info.value)


def test_snapshot_table_is_checksummed_compact_and_sourced():
    snapshot = Snapshot()
    entry = snapshot.manifest["tables"]["geo_countries"]
    path = DEFAULT_SNAPSHOT_DIR / entry["file"]
    assert sha256_file(path) == entry["sha256"]
    assert path.stat().st_size < 500_000  # simplified to ~2 km: the detail a regional map uses
    source = snapshot.provenance("geo_countries")[0]
    assert source["path"] == "geo/countries-50m.json"
    assert source["sha256"] == "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"
    assert "public domain" in source["licence"] and "ISC" in source["licence"]
    assert source["url"] == "https://github.com/topojson/world-atlas"
    assert source["vintage"] == "version 4.1.0 (world-atlas 2.0.2)"
    # The line a map prints: the data's publication and one version, Natural Earth's (the
    # world-atlas package's is in the manifest, for the technical appendix).
    line = snapshot.source_line("geo_countries")
    assert line.startswith("Natural Earth") and "world-atlas" not in line
    assert re.findall(r"\d+\.\d+\.\d+", line) == ["4.1.0"]
    assert snapshot.table("geo_countries")["iso3"].tolist().count("FRA") == 1


def test_western_sahara_is_one_area_bounded_by_the_parallel_of_its_tripoint(table, topology):
    # The file (Natural Earth's de facto view) draws Morocco down to the line it holds inside
    # Western Sahara, so "W. Sahara" is only the strip east of it: the cause of the map's
    # coastal sliver in Morocco's colour.
    morocco, sahara = _geometry(topology, "Morocco"), _geometry(topology, "W. Sahara")
    (raw_morocco,) = morocco["arcs"]
    (raw_sahara,) = sahara["arcs"]
    shared = {a if a >= 0 else ~a for a in raw_morocco} & {a if a >= 0 else ~a for a in raw_sahara}
    (line,) = shared  # the de facto line, the only arc the two share
    line_points = _arc(topology, line)
    tripoint = line_points[np.argmax(line_points[:, 1])]  # Algeria, Morocco, Western Sahara
    ring = np.vstack([_arc(topology, a) for a in raw_morocco])
    assert ring[:, 1].min() < tripoint[1] - 5  # the raw Morocco reaches far into the territory

    def points(iso3: str) -> np.ndarray:
        return np.vstack([np.array(r) for polygon in _coordinates(table, iso3) for r in polygon])

    mar, esh = points("MAR"), points("ESH")
    parallel = round(float(tripoint[1]), 2)
    assert mar[:, 1].min() >= parallel  # Morocco ends at the parallel...
    south = esh[esh[:, 1] < parallel - 0.01]
    assert len(south) > 0 and (esh[:, 1] <= parallel).all()  # ...Western Sahara lies south of it
    common = {tuple(p) for p in mar} & {tuple(p) for p in esh}
    assert common and {lat for _lon, lat in common} == {parallel}  # they meet on it only
    # Not a vertex of the de facto line is left: it is no boundary on the map.
    inner = {tuple(p) for p in np.round(line_points[1:-1], 2)}
    assert inner.isdisjoint(map(tuple, mar)) and inner.isdisjoint(map(tuple, esh))
    # Western Sahara reaches the Atlantic: its coast is the raw Moroccan coast south of the
    # parallel (each coastal vertex kept at the snapshot's tolerance is Western Sahara's).
    raw_south = ring[ring[:, 1] < parallel - 0.01]
    raw_sahara_ring = np.vstack([_arc(topology, a) for a in raw_sahara])
    west = min(raw_south[:, 0].min(), raw_sahara_ring[:, 0].min())
    assert esh[:, 0].min() == pytest.approx(west, abs=0.02)
    assert raw_south[:, 0].min() < raw_sahara_ring[:, 0].max() - 5  # the coast is far west
    assert not set(map(tuple, np.round(raw_south, 2))) & set(map(tuple, mar))
    # Together they cover what the file gives both (simplification moves it under 1%).
    by_iso3 = table.set_index("iso3")
    raw_deg2 = _area(ring) + _area(raw_sahara_ring)
    assert _area(mar) + _area(esh) == pytest.approx(raw_deg2, rel=0.01)
    assert _area(esh) > 2 * _area(raw_sahara_ring)
    assert by_iso3.loc["ESH", "drawn_as"] == "W. Sahara + Morocco south of the tripoint's parallel"
