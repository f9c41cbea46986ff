"""Report languages: country names, message catalogs and locale formatting."""

from __future__ import annotations

import csv
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from gcm_report.data.snapshot import Snapshot
from gcm_report.report.context import ReportContext
from gcm_report.report.format import collation_key, fmt_int, fmt_pct
from gcm_report.report.i18n import LANGUAGES, _, current, set_language

RAW_NAMES = Path(__file__).resolve().parents[2] / "shared/data/unsd_m49/datasets_country-codes.csv"


@pytest.fixture
def language() -> Iterator[None]:
    before = current().code
    yield
    set_language(before)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return Snapshot()


_UNTERM = {"fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic"}


def _raw_name(iso3: str, lang: str) -> str:
    with RAW_NAMES.open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["ISO3166-1-Alpha-3"] == iso3:
                return row[f"UNTERM {_UNTERM[lang]} Short"]
    raise KeyError(iso3)


@pytest.mark.skipif(not RAW_NAMES.exists(), reason="raw files not beside the project")
@pytest.mark.parametrize(
    ("iso3", "lang", "unterm", "expected"),
    [
        ("DEU", "fr", "Allemagne (l')", "Allemagne"),
        ("USA", "es", "Estados Unidos de América (los)", "Estados Unidos de América"),
        ("PSE", "fr", "État de Palestine (l') *", "État de Palestine"),
        ("NLD", "fr", "Pays-Bas (les)", "Pays-Bas"),
        ("KAZ", "ru", "Казахстан", "Казахстан"),
        ("JOR", "ar", "الأردن", "الأردن"),
    ],
)
def test_country_names_are_the_unterm_short_names(
    snapshot: Snapshot, language: None, iso3: str, lang: str, unterm: str, expected: str
) -> None:
    # Checked by hand in the raw compilation's UNTERM <language> Short column: the name
    # without the article a sentence would need, nor UNTERM's asterisk.
    assert _raw_name(iso3, lang) == unterm
    ctx = ReportContext("ECE", 2, snapshot)
    set_language(lang)
    assert ctx.name(iso3) == expected


def test_english_names_stay_the_unmodified_m49_overview(snapshot: Snapshot, language: None) -> None:
    # The compilation renames Côte d’Ivoire "Ivory Coast" in English; M49 does not. UNTERM has
    # no short name for it yet: French falls back to the M49 French name.
    ctx = ReportContext("ECA", 2, snapshot)
    set_language("en")
    assert ctx.name("CIV") == "Côte d’Ivoire"
    set_language("fr")
    assert _raw_name("CIV", "fr") == ""
    assert ctx.name("CIV") == "Côte d’Ivoire"


def test_every_member_has_a_name_in_every_language(snapshot: Snapshot, language: None) -> None:
    for code in ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"):
        ctx = ReportContext(code, 2, snapshot)
        for lang in LANGUAGES:
            set_language(lang)
            for m in ctx.commission.members:
                name = ctx.name(m.iso3)
                assert name and name != m.iso3, (code, lang, m.iso3)
                if lang in ("ru", "ar"):
                    # A Latin-script name in a Cyrillic or Arabic report is an untranslated one.
                    assert not name.isascii(), (code, lang, m.iso3, name)


def test_areas_outside_m49_are_named_through_the_catalog(
    snapshot: Snapshot, language: None
) -> None:
    ctx = ReportContext("ECE", 2, snapshot)
    set_language("fr")
    assert ctx.name("XKX") == _("Kosovo (under UNSC resolution 1244)")
    set_language("en")
    assert ctx.name("XKX") == "Kosovo (under UNSC resolution 1244)"


def test_names_sort_as_in_a_dictionary() -> None:
    names = ["Finlande", "États-Unis d’Amérique", "Espagne", "Estonie", "Zambie", "Égypte"]
    assert sorted(names, key=collation_key) == [
        "Égypte",
        "Espagne",
        "Estonie",
        "États-Unis d’Amérique",
        "Finlande",
        "Zambie",
    ]


@pytest.mark.parametrize(
    ("lang", "count", "share"),
    [
        ("en", "1,234,567", "12.5%"),
        ("fr", "1\u202f234\u202f567", "12,5\u00a0%"),
        ("es", "1.234.567", "12,5\u00a0%"),
        ("ru", "1\u00a0234\u00a0567", "12,5\u00a0%"),
    ],
)
def test_numbers_follow_the_language(language: None, lang: str, count: str, share: str) -> None:
    set_language(lang)
    assert fmt_int(1_234_567) == count
    assert fmt_pct(12.5) == share


def _fields(text: str) -> list[str]:
    return sorted(f for _t, f, _s, _c in string.Formatter().parse(text) if f is not None)


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_report_text_is_translated_with_its_placeholders(lang: str) -> None:
    # The catalogs must hold every message the code and reference files can show (run
    # `make messages` after changing a text), each translated, with the same {fields}.
    from gcm_report.report.i18n import catalog
    from gcm_report.report.messages import extract

    translations = catalog(lang)
    missing = [m for m in extract() if not translations.get(m)]
    assert not missing, f"{len(missing)} untranslated in {lang}.po, e.g. {missing[:3]}"
    wrong = [m for m, t in translations.items() if _fields(m) != _fields(t)]
    assert not wrong, f"{lang}.po changes the placeholders of {wrong[:3]}"


@pytest.mark.parametrize(
    ("lang", "label"),
    [("en", "17.5 M"), ("fr", "17,5 M"), ("ru", "17,5 млн")],
)
def test_chart_labels_follow_the_language(language: None, lang: str, label: str) -> None:
    # The static SVG (PDF) and the live chart (HTML) both format with the spec's locale.
    import altair as alt

    from gcm_report.report import chartkit, charts

    set_language(lang)
    charts.enable()
    chart = (
        alt.Chart(alt.Data(values=[{"x": 17_500_000, "y": "a"}]), description="test")
        .mark_bar()
        .encode(
            x=alt.X("x:Q", axis=alt.Axis(labelExpr=chartkit.count_labels(), values=[17_500_000])),
            y="y:N",
        )
    )
    bundle = charts.render_bundle(chart.to_dict())
    assert f">{label}</text>" in bundle["image/svg+xml"]
    spec = bundle[charts.VEGALITE_MIME]
    assert spec["usermeta"]["formatLocale"]["decimal"] == ("." if lang == "en" else ",")
