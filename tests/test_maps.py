"""The region's map: its values against the raw files, who is on it, where Vega draws it."""

from __future__ import annotations

import html
import itertools
import json
import math
import re

import numpy as np
import pytest

from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.data.rounds import get_round
from gcm_report.data.snapshot import Snapshot
from gcm_report.report import charts, maps
from gcm_report.report.blocks import Chart, Prose
from gcm_report.report.context import ReportContext
from gcm_report.report.format import fmt_pct
from tests import rawcalc

CASES = [(code, n) for n in (1, 2) for code in COMMISSIONS]
REVISION = {1: 2020, 2: 2024}


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    charts.enable()
    return Snapshot()


_BUILT: dict[tuple[str, int], tuple[Chart, Prose, dict]] = {}


def _map(snapshot: Snapshot, code: str, round_number: int) -> tuple[Chart, Prose, dict]:
    if (code, round_number) not in _BUILT:
        chart, note = maps.migrant_share_map(ReportContext(code, round_number, snapshot))
        assert isinstance(chart, Chart) and isinstance(note, Prose)
        _BUILT[code, round_number] = (chart, note, chart.chart.to_dict())
    return _BUILT[code, round_number]


def _shown(spec: dict) -> dict[str, list[dict]]:
    """Return the properties of what the map draws: ``shapes`` (members coloured by value),
    ``circles`` (small members), ``others`` (everything else in view) and ``inset`` (the
    members an inset draws)."""
    topology = json.loads(spec["datasets"]["countries"])
    drawn = [g["properties"] for g in topology["objects"]["countries"]["geometries"]]
    inset = json.loads(spec["datasets"].get("inset", '{"objects": {"countries": {}}}'))
    overview = [g["properties"] for g in inset["objects"]["countries"].get("geometries", [])]
    return {
        "shapes": [p for p in drawn if p["kind"] == "member"],
        "circles": [d["properties"] for d in spec["datasets"]["small"]],
        "others": [p for p in drawn if p["kind"] != "member"],
        "inset": [p for p in overview if p["kind"] == "member"],
    }


def _un_text(spec: dict) -> str:
    """Return the UN disclaimer and notes the map prints on itself (its text layer's lines)."""
    (lines,) = [
        m["encoding"]["text"]["value"]
        for m in spec["layer"]
        if re.sub(r"_\d+$", "", m.get("name") or "") == "un_notes"
    ]
    return " ".join(lines)


def _flat_svg_text(svg: str) -> str:
    """Return the words of an SVG's text elements, one space between lines."""
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    words = [re.sub(r"<[^>]+>", " ", t) for t in texts]
    return html.unescape(re.sub(r"\s+", " ", " ".join(words)))


def _raw_share(raw_dir, round_number: int, iso3: str) -> float | None:
    """Migrants as % of the population, from the raw publisher files (tests/rawcalc.py)."""
    c = rawcalc.country(
        raw_dir, REVISION[round_number], iso3, get_round(round_number).reference_year
    )
    if c["stock"] is None or not c["population"]:
        return None
    return 100 * c["stock"] / c["population"]


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_every_member_value_equals_the_raw_files(raw_dir, snapshot, code, round_number):
    chart, _note, spec = _map(snapshot, code, round_number)
    year = get_round(round_number).reference_year
    members = rawcalc.members_on(code, round_number)
    figures = {s.area: s for s in chart.figures}
    assert set(figures) == members  # every member located in the region, and only those
    shown = {d["iso3"]: d for key in ("inset", "shapes", "circles") for d in _shown(spec)[key]}
    for iso3 in members:
        expected = _raw_share(raw_dir, round_number, iso3)
        stat = figures[iso3]
        assert (stat.indicator, stat.year, stat.round) == ("migrant_share_pct", year, round_number)
        if expected is None:
            assert stat.value is None and stat.status == "no_data", iso3
            assert shown[iso3]["text"] == "no estimate"
        else:
            assert stat.value == pytest.approx(expected, abs=1e-9), iso3
            assert shown[iso3]["text"] == fmt_pct(expected)
        assert shown[iso3]["class"] == maps.value_class(expected)
        assert shown[iso3]["year"] == str(year)


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_every_member_is_drawn_or_marked(snapshot, code, round_number):
    _chart, _note, spec = _map(snapshot, code, round_number)
    shapes = {d["iso3"] for key in ("shapes", "inset") for d in _shown(spec)[key]}
    circles = {d["iso3"] for d in _shown(spec)["circles"]}
    assert shapes | circles == rawcalc.members_on(code, round_number)
    # Non-regional members are never coloured by value; where in view they are marked.
    commission = get_commission(code)
    outside = {m.iso3 for m in commission.members if not m.in_region}
    assert not outside & (shapes | circles)
    marked = {d["iso3"] for d in _shown(spec)["others"] if d["category"].startswith("Non-")}
    assert marked <= outside


def test_small_island_states_are_marked_by_circles(snapshot):
    _c, _n, eclac = _map(snapshot, "ECLAC", 2)
    circles = {d["iso3"] for d in _shown(eclac)["circles"]}
    assert {"ATG", "BRB", "DMA", "GRD", "KNA", "LCA", "VCT", "ABW", "CUW", "SXM"} <= circles
    assert not {"BRA", "MEX", "ARG", "CUB"} & circles
    _c, _n, escap = _map(snapshot, "ESCAP", 2)
    circles = {d["iso3"] for d in _shown(escap)["circles"]}
    assert {"TUV", "NRU", "PLW", "MHL", "KIR", "FSM", "TON", "WSM", "MDV", "SGP"} <= circles
    assert not {"AUS", "CHN", "IND", "PNG"} & circles


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_non_regional_members_are_named_only_where_the_map_shows_them(snapshot, code, round_number):
    _chart, note, spec = _map(snapshot, code, round_number)
    orange = sorted(
        d["name"]
        for d in _shown(spec)["others"]
        if d["category"] == "Non-regional member (not in the regional figures)"
    )
    commission = get_commission(code)
    ctx = ReportContext(code, round_number, snapshot)
    elsewhere = {ctx.name(m.iso3) for m in commission.members if not m.in_region} - set(orange)
    if orange:
        assert (
            f"In orange, non-regional members of {code}, not in the regional figures: "
            f"{', '.join(orange)}." in note.text
        )
    else:
        assert "Non-regional" not in note.text and "orange" not in note.text
    ours = note.text.split("\n\n")[0]  # the UN notes may name a State (the Falklands note)
    for name in elsewhere:  # not on the map: not in its note (the report names them elsewhere)
        assert name not in ours, name


def test_non_regional_members_in_view_are_orange(snapshot):
    _chart, _note, spec = _map(snapshot, "ECLAC", 2)
    others = {d["iso3"]: d["category"] for d in _shown(spec)["others"]}
    assert others["USA"] == "Non-regional member (not in the regional figures)"
    _chart, note, spec = _map(snapshot, "ESCAP", 2)
    others = {d["iso3"]: d["category"] for d in _shown(spec)["others"]}
    assert others["USA"] == "Non-regional member (not in the regional figures)"
    assert "France" not in note.text.split("\n\n")[0]  # a non-regional member not shown


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_disclaimer_and_text_alternative(raw_dir, snapshot, code, round_number):
    _chart, note, spec = _map(snapshot, code, round_number)
    # The UN disclaimer is printed on the map itself (it goes wherever the figure goes), and
    # its text alternative says it too; the note under it does not repeat it.
    disclaimer = (
        "The boundaries and names shown and the designations used on this map do not imply "
        "official endorsement or acceptance by the United Nations."
    )
    assert _un_text(spec).startswith(disclaimer)
    assert disclaimer in _flat_svg_text(charts._svg(spec))
    assert disclaimer in spec["description"] and disclaimer not in note.text
    shares = {
        iso3: v
        for iso3 in rawcalc.members_on(code, round_number)
        if (v := _raw_share(raw_dir, round_number, iso3)) is not None
    }
    ctx = ReportContext(code, round_number, snapshot)
    top = max(shares, key=lambda c: (shares[c], c))
    bottom = min(shares, key=lambda c: (shares[c], c))
    description = spec["description"]
    assert f"highest in {ctx.name(top)} ({fmt_pct(shares[top])})" in description
    assert f"lowest in {ctx.name(bottom)} ({fmt_pct(shares[bottom])})" in description
    assert spec["title"]["text"].endswith(str(get_round(round_number).reference_year))
    # One source line, under the map (the subtitle says what is drawn, not where from).
    assert "Source" not in " ".join(spec["title"]["subtitle"])
    assert note.text.count("Source") == 1 and "Sources: UN DESA" in note.text
    assert f"boundaries: {snapshot.source_line('geo_countries')}" in note.text


def test_map_notes_what_it_cannot_show(snapshot):
    _chart, note, spec = _map(snapshot, "ECE", 2)
    # Canada and the United States in the inset; Svalbard, the Azores, the Russian east and the
    # Canary Islands beyond the main map.
    assert "Only in the inset: Canada, United States of America." in note.text
    outside = "Norway, Portugal, Russian Federation, Spain"
    assert f"Parts of these members lie beyond the main map: {outside}." in note.text
    assert "References to Kosovo shall be understood" in _un_text(spec)
    _chart, note, _spec = _map(snapshot, "ECLAC", 2)
    assert "No estimate (grey): Anguilla, French Guiana, Guadeloupe, Martinique, Montserrat." in (
        note.text
    )  # no World Bank population for 2024
    _chart, note, _spec = _map(snapshot, "ESCAP", 2)
    assert (
        "Tuvalu has no boundary in the file: its circle is at Funafuti, the capital." in note.text
    )


@pytest.mark.parametrize(("code", "round_number"), [("ECLAC", 2), ("ECE", 1), ("ESCAP", 2)])
def test_python_projection_places_circles_where_vega_draws_them(snapshot, code, round_number):
    # The map is culled, simplified and sized with a Python copy of d3's projection; the
    # circles Vega draws must sit exactly where that copy puts them.
    areas, _projection, _height = maps.map_features(ReportContext(code, round_number, snapshot))
    _chart, _note, spec = _map(snapshot, code, round_number)
    svg = charts._svg(spec)
    drawn = sorted((round(x, 1), round(y, 1)) for x, y in _circle_layer(svg, "small_anchors"))
    small = areas[areas["small"]]
    expected = sorted((round(r.x, 1), round(r.y, 1)) for r in small.itertuples())
    assert len(drawn) == len(expected) > 0
    for (dx, dy), (ex, ey) in zip(drawn, expected, strict=True):
        # The spec rounds positions to 0.01°, at most about a tenth of a pixel here.
        assert abs(dx - ex) < 0.3 and abs(dy - ey) < 0.3


def test_map_embeds_only_what_it_shows(snapshot):
    # Culled to the view and simplified to its pixels: a few hundred KB per report at most.
    for code in COMMISSIONS:
        _chart, _note, spec = _map(snapshot, code, 2)
        size = len(json.dumps(spec, separators=(",", ":")))
        assert size < 120_000, (code, size)
    _chart, _note, eca = _map(snapshot, "ECA", 2)
    others = {d["iso3"] for d in _shown(eca)["others"]}
    assert {"ESP", "SAU"} <= others and not {"USA", "CHN", "BRA", "AUS"} & others


def _svg_paths(svg: str) -> dict[str, list[tuple[str, np.ndarray]]]:
    """Return the rendered SVG's shapes by country name: (fill, points in pixels)."""
    out: dict[str, list[tuple[str, np.ndarray]]] = {}
    for attrs in re.findall(r"<path ([^>]*)>", svg):
        label = re.search(r'aria-label="([^":]+): ', attrs)
        d, fill = re.search(r' d="([^"]+)"', attrs), re.search(r'fill="([^"]+)"', attrs)
        if label and d and fill:
            numbers = np.array([float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d.group(1))])
            points = numbers[: len(numbers) // 2 * 2].reshape(-1, 2)
            out.setdefault(label.group(1), []).append((fill.group(1), points))
    return out


@pytest.mark.parametrize("round_number", [1, 2])
def test_western_sahara_is_drawn_whole_not_in_moroccos_colour(snapshot, round_number):
    _chart, _note, spec = _map(snapshot, "ESCWA", round_number)
    drawn = {p["iso3"]: p for key in ("shapes", "others") for p in _shown(spec)[key]}
    assert drawn["MAR"]["kind"] == "member"
    assert (drawn["ESH"]["kind"], drawn["ESH"]["category"]) == ("other", "Other country or area")
    paths = _svg_paths(charts._svg(spec))
    ctx = ReportContext("ESCWA", round_number, snapshot)
    ((morocco_fill, morocco),) = paths[ctx.name("MAR")]
    ((sahara_fill, sahara),) = paths[ctx.name("ESH")]
    assert sahara_fill != morocco_fill
    # Morocco stops where Western Sahara begins (y grows southwards): no strip down the coast.
    assert morocco[:, 1].max() <= sahara[:, 1].min() + 0.5
    # Western Sahara reaches the coast: as far west as Morocco's coast, farther than its east.
    assert sahara[:, 0].min() < morocco[:, 0].min() + 5


def _notes_file() -> dict:
    from importlib import resources

    import yaml

    text = resources.files("gcm_report.reference").joinpath("map_notes.yml").read_text("utf-8")
    return yaml.safe_load(text)


NOTE_WORDS = {
    "kosovo": "Security Council resolution 1244",
    "jammu_kashmir": "Line of Control in Jammu and Kashmir",
    "sudan_south_sudan": "Final status of the Abyei area",
    "western_sahara": "Western Sahara, a Non-Self-Governing Territory",
    "falkland_islands": "Falkland Islands (Malvinas)",
}
# Which commission's map concerns which note, by geography (both rounds): notes it must print
# and notes it must not. Others follow what the map draws at its edges (ECE's main map shows
# the Line of Control beyond Tajikistan and Western Sahara beyond the Canary Islands).
EXPECTED_NOTES = {
    "ECA": {"sudan_south_sudan", "western_sahara"},
    "ECE": {"kosovo"},
    "ECLAC": {"falkland_islands"},
    "ESCAP": {"jammu_kashmir"},
    "ESCWA": {"sudan_south_sudan", "western_sahara"},
}
EXCLUDED_NOTES = {
    "ECA": {"kosovo", "falkland_islands", "jammu_kashmir"},
    "ECE": {"falkland_islands", "sudan_south_sudan"},
    "ECLAC": {"kosovo", "jammu_kashmir", "sudan_south_sudan", "western_sahara"},
    "ESCAP": {"kosovo", "falkland_islands", "sudan_south_sudan", "western_sahara"},
    "ESCWA": {"kosovo", "falkland_islands", "jammu_kashmir"},
}


def test_note_texts_are_the_reference_files():
    notes = {n["key"]: n for n in _notes_file()["notes"]}
    assert set(notes) == set(NOTE_WORDS)
    for key, words in NOTE_WORDS.items():
        assert words in notes[key]["text"]
    assert _notes_file()["disclaimer"].startswith("The boundaries and names shown")


@pytest.mark.parametrize(("code", "round_number"), CASES)
def test_each_map_prints_the_notes_of_what_it_draws(snapshot, code, round_number):
    _chart, note, spec = _map(snapshot, code, round_number)
    text = _un_text(spec)
    printed = {key for key, words in NOTE_WORDS.items() if words in text}
    assert not any(words in note.text for words in NOTE_WORDS.values())  # on the map only
    assert EXPECTED_NOTES[code] <= printed and not EXCLUDED_NOTES[code] & printed, printed
    # Every printed note concerns something drawn: its area, or the boundary drawn in its style.
    drawn = {p["iso3"] for key in ("shapes", "circles", "others") for p in _shown(spec)[key]}
    lines = {tuple(f["properties"]["between"]): f for f in spec["datasets"].get("boundaries", [])}
    for entry in _notes_file()["notes"]:
        if entry["key"] not in printed:
            continue
        if "areas" in entry:
            assert set(entry["areas"]) & drawn, (code, entry["key"])
        if "boundary" in entry:
            line = lines[tuple(entry["boundary"]["between"])]
            assert line["properties"]["line"] == entry["boundary"]["line"]
    assert text.startswith(_notes_file()["disclaimer"])


def _vertices(topology: dict, iso3: str) -> set[tuple[float, float]]:
    """Return the positions (lon, lat) of one area of the map's TopoJSON."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    (g,) = [
        g for g in topology["objects"]["countries"]["geometries"] if g["properties"]["iso3"] == iso3
    ]
    arcs = [topology["arcs"][a] for polygon in g["arcs"] for ring in polygon for a in ring]
    return {
        (round(x * sx + tx, 2), round(y * sy + ty, 2))
        for arc in arcs
        for x, y in np.cumsum(np.array(arc), axis=0)
    }


def test_undetermined_boundaries_are_drawn_dashed_on_the_shared_border(snapshot):
    for code, between, style in [
        ("ESCWA", ("MAR", "ESH"), "dashed"),
        ("ECA", ("SDN", "SSD"), "dashed"),
        ("ESCAP", ("IND", "PAK"), "dotted"),
    ]:
        _chart, _note, spec = _map(snapshot, code, 2)
        topology = json.loads(spec["datasets"]["countries"])
        (line,) = [
            f
            for f in spec["datasets"]["boundaries"]
            if tuple(f["properties"]["between"]) == between
        ]
        assert line["properties"]["line"] == style
        points = {
            (round(x, 2), round(y, 2)) for part in line["geometry"]["coordinates"] for x, y in part
        }
        common = _vertices(topology, between[0]) & _vertices(topology, between[1])
        assert len(points) >= 2 and points <= common, code
        if between == ("IND", "PAK"):  # the Line of Control only, not the Punjab or Sindh border
            assert min(lat for _lon, lat in points) >= 32.2
        svg = charts._svg(spec)
        assert re.search(r'stroke-dasharray="[\d.,\s]+"', svg), code


def test_note_texts_reach_the_message_catalog_template():
    from gcm_report.report import messages

    extracted = messages.extract()
    for text in [_notes_file()["disclaimer"], *(n["text"] for n in _notes_file()["notes"])]:
        assert any("map_notes.yml" in where for where in extracted.get(text, [])), text[:40]


def _circle_layer(svg: str, name: str) -> list[tuple[float, float]]:
    """Return the positions of one layer of symbols in the rendered SVG (its Vega mark name)."""
    layer = re.split(rf'role-mark {name}(?:_\d+)?_marks"', svg)[1].split("</g>")[0]
    return [
        (float(x), float(y))
        for x, y in re.findall(r'transform="translate\(([-\d.]+),([-\d.]+)\)"', layer)
    ]


@pytest.mark.parametrize(("code", "round_number"), [("ECLAC", 2), ("ESCAP", 2), ("ECE", 2)])
def test_small_member_circles_are_legible_and_apart(snapshot, code, round_number):
    _chart, _note, spec = _map(snapshot, code, round_number)
    marks = {
        re.sub(r"_\d+$", "", m.get("name") or ""): m["mark"]
        for layer in spec["layer"]
        for m in (layer.get("layer") or [layer])
        if isinstance(m.get("mark"), dict)
    }
    mark = marks["small_circles"]
    assert mark["stroke"] == maps.INK and mark["strokeWidth"] >= 0.8
    svg = charts._svg(spec)
    (radius,) = {
        float(r)
        for r in re.findall(r'd="M([\d.]+),0A', re.split(r"small_circles(?:_\d+)?_marks", svg)[1])
    }
    assert radius >= 5  # 11 px across: a class colour one can name
    circles = np.array(_circle_layer(svg, "small_circles"))
    small = spec["datasets"]["small"]
    assert len(circles) == len(small) > 0
    # No circle hides another: centres at least a diameter apart.
    gaps = np.hypot(*(circles[:, None, :] - circles[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min() >= 2 * radius - 0.01, (code, gaps.min())
    assert ((circles >= 0) & (circles <= [spec["width"], spec["height"]])).all()
    # A circle moved off its member is tied to it by a leader line from where the member is
    # (the anchor dot Vega draws there, where the Python projection says it is).
    anchors = np.array(_circle_layer(svg, "small_anchors"))
    layer = re.split(r"small_leaders(?:_\d+)?_marks", svg)[1].split("</g>")[0]
    lines = [
        ((float(x), float(y)), (float(x) + float(dx), float(y) + float(dy)))
        for x, y, dx, dy in re.findall(
            r'translate\(([-\d.]+),([-\d.]+)\)" x2="([-\d.e]+)" y2="([-\d.e]+)"', layer
        )
    ]
    for anchor, circle in zip(anchors, circles, strict=True):
        if math.dist(anchor, circle) <= radius:
            continue  # the circle still covers its member
        assert any(
            math.dist(start, anchor) < 0.3 and math.dist(end, circle) < 0.3 for start, end in lines
        ), (code, anchor, circle)


@pytest.mark.parametrize("round_number", [1, 2])
def test_ece_map_gives_europe_room_and_shows_the_rest_in_an_inset(snapshot, round_number):
    ctx = ReportContext("ECE", round_number, snapshot)
    areas, _projection, _height = maps.map_features(ctx)
    table = snapshot.table("geo_countries").set_index("iso3")
    members = areas[(areas["kind"] == "member") & areas["shown"]]
    assert len(members) >= 45  # Europe, the Caucasus, Central Asia, Israel, Türkiye
    # A member of 20,000 km² or more (Slovenia, North Macedonia, Belgium, Armenia...) gets at
    # least 10 × 10 px: its colour can be read.
    sized = members[[table.loc[c, "area_km2"] >= 20_000 for c in members["iso3"]]]
    assert (sized["px2"] >= 100).all(), sized.loc[sized["px2"] < 100, ["iso3", "px2"]]
    _chart, note, spec = _map(snapshot, "ECE", round_number)
    inset = json.loads(spec["datasets"]["inset"])
    in_inset = {
        g["properties"]["iso3"]
        for g in inset["objects"]["countries"]["geometries"]
        if g["properties"]["kind"] == "member"
    }
    # The small ones (Monaco, Cyprus...) are on the main map only.
    on_main = {d["iso3"] for key in ("shapes", "circles") for d in _shown(spec)[key]}
    assert rawcalc.members_on("ECE", round_number) <= in_inset | on_main
    assert {"CAN", "USA", "RUS", "KAZ"} <= in_inset  # the whole region, in the inset
    assert {"CAN", "USA"}.isdisjoint(members["iso3"])  # not on the main map...
    assert "inset" in note.text and "Canada" in note.text  # ...and the note says where they are
    # The inset covers no member of the main map (their label points, their circles).
    (x0, y0), (x1, y1) = _inset_frame(spec)
    points = [(r.x, r.y) for r in members.itertuples()]
    points += [(d["x"], d["y"]) for d in spec["datasets"]["small"]]
    assert not [p for p in points if x0 <= p[0] <= x1 and y0 <= p[1] <= y1]


def _inset_frame(spec: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    (projection,) = [
        m["projection"]
        for layer in spec["layer"]
        for m in (layer.get("layer") or [layer])
        if "clipExtent" in m.get("projection", {})
    ][:1]
    (x0, y0), (x1, y1) = projection["clipExtent"]
    return (x0, y0), (x1, y1)


@pytest.mark.parametrize(("code", "round_number"), [("ECLAC", 2), ("ECE", 2), ("ESCWA", 1)])
def test_every_shape_and_circle_is_named_for_screen_readers(snapshot, code, round_number):
    # Each member's shape and circle reads "name: value (year)", each other area its name and
    # what it is on the map: no field names, no pixel positions.
    _chart, _note, spec = _map(snapshot, code, round_number)
    svg = charts._svg(spec)
    labels = re.findall(r'role="graphics-symbol" aria-roledescription="[^"]+"', svg)
    named = [
        html.unescape(n)
        for n in re.findall(r"<path aria-label=\"([^\"]*)\" role=\"graphics-symbol\"", svg)
    ]
    assert labels and len(named) >= len(_shown(spec)["shapes"])
    assert not [n for n in named if "properties." in n or n.startswith("x:")], named[:3]
    shown = _shown(spec)
    year = get_round(round_number).reference_year
    for member in shown["shapes"] + shown["circles"]:
        assert f"{member['name']}: {member['text']} ({year})" in named, member["name"]
    for other in shown["others"]:
        assert f"{other['name']}: {other['category']}" in named, other["name"]


@pytest.mark.parametrize(("code", "round_number"), [("ECLAC", 2), ("ECE", 2), ("ESCAP", 2)])
def test_largest_members_are_labelled_inside_their_shape_without_overlap(
    snapshot, code, round_number
):
    ctx = ReportContext(code, round_number, snapshot)
    areas, _projection, _height = maps.map_features(ctx)
    _chart, _note, spec = _map(snapshot, code, round_number)
    labels = spec["datasets"]["labels"]
    assert len(labels) >= 3
    members = areas[(areas["kind"] == "member") & areas["shown"]].set_index("iso3")
    largest = members["px2"].idxmax()
    assert largest in {d["iso3"] for d in labels}  # the largest member is named
    boxes = []
    for d in labels:
        assert d["text"] == members.loc[d["iso3"], "name"]
        assert members.loc[d["iso3"], "px2"] >= 40 * maps.SMALL_PX2
        half_w, half_h = d["width"] / 2, d["height"] / 2
        boxes.append((d["x"] - half_w, d["y"] - half_h, d["x"] + half_w, d["y"] + half_h))
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    svg = charts._svg(spec)
    drawn = re.split(r"member_labels(?:_\d+)?_marks", svg)[1].split("</g>")[0]
    for d in labels:
        assert html.escape(d["text"]) in drawn


def test_areas_barely_in_view_are_left_out(snapshot):
    # A vertex of the Canary Islands falls on the edge of the ECLAC map: Spain is not drawn
    # there, so neither the legend nor the note speak of it.
    _chart, note, spec = _map(snapshot, "ECLAC", 2)
    assert "ESP" not in {d["iso3"] for d in _shown(spec)["others"]}
    assert "Spain" not in note.text.split("\n\n")[0]
