"""Reports in the commissions' working languages: same numbers, the language's words and forms."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from gcm_report.cli import main
from gcm_report.pipeline.build import select_params
from gcm_report.pipeline.params import folder_name

# The params files' languages, as the issue lists them (a test that the data say so).
EXPECTED = {
    "ECA": ["en", "fr"],
    "ECE": ["en", "fr", "ru"],
    "ECLAC": ["es", "en"],
    "ESCAP": ["en", "ru"],
    "ESCWA": ["ar", "en"],
    "synthesis": ["en", "fr"],
}


def test_each_report_is_published_in_its_commission_s_languages() -> None:
    found: dict[tuple[int, str], list[str]] = {}
    for f in select_params():
        found.setdefault((f.params.round, f.params.base_name), []).append(f.params.language)
    assert {k: v for k, v in found.items()} == {
        (n, name): langs for n in (1, 2) for name, langs in EXPECTED.items()
    }


def test_a_params_file_with_an_unknown_language_is_one_line_and_exit_2(tmp_path, capsys) -> None:
    folder = tmp_path / "params" / "round-2"
    folder.mkdir(parents=True)
    (folder / "ECE.yml").write_text("region: ECE\nround: 2\nlanguages: [en, de]\n")
    code = main(["build", "--params", str(tmp_path / "params"), "--outputs", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.count("\n") == 0
    assert f"{folder / 'ECE.yml'}" in err and "languages" in err and "'de'" in err
    assert not (tmp_path / "o" / "round-2").exists()


def test_build_language_selects_the_reports_in_it(tmp_path) -> None:
    chosen = select_params(rounds=[2], languages=["ru"])
    assert sorted(f.params.name for f in chosen) == ["ECE-ru", "ESCAP-ru"]
    assert main(["build", "--language", "xx", "--outputs", str(tmp_path)]) == 2


@pytest.mark.parametrize("n", [1, 2])
def test_indicators_csv_is_the_same_in_every_language(built: Path, n: int) -> None:
    # Machine-readable outputs are language-neutral: the French or Arabic report publishes
    # exactly the English one's rows (same numbers, same codes, same source series).
    for name, languages in EXPECTED.items():
        files = {
            lang: (built / f"round-{n}" / folder_name(name, lang) / "indicators.csv").read_bytes()
            for lang in languages
        }
        assert len(set(files.values())) == 1, f"round {n} {name}: {sorted(files)} differ"


def _text(page: str) -> str:
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _paragraphs(page: str) -> set[str]:
    """Return the page's own sentences: paragraphs and list items, without sources."""
    main_part = page.split("<main", 1)[1].split('id="technical-appendix', 1)[0]
    found = set()
    for tag in re.findall(r"<(?:p|li)(?: [^>]*)?>(.*?)</(?:p|li)>", main_part, flags=re.S):
        if 'class="source"' in tag:
            continue
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", tag)).split())
        if len(text) > 40 and re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", text):
            found.add(text)
    return found


@pytest.mark.parametrize("n", [1, 2])
def test_no_english_sentence_is_left_in_a_translated_report(built: Path, n: int) -> None:
    # Every paragraph of the English report must differ in the others: a sentence that reads
    # the same was not translated (publication titles and addresses are in source lines).
    for name, languages in EXPECTED.items():
        english = _paragraphs((built / f"round-{n}" / name / "report.html").read_text())
        for lang in languages:
            if lang == "en":
                continue
            page = (built / f"round-{n}" / folder_name(name, lang) / "report.html").read_text()
            same = sorted(english & _paragraphs(page))
            assert not same, f"round {n} {name} {lang}: untranslated: {same[:2]}"


@pytest.mark.parametrize(
    ("folder", "lang", "direction", "words"),
    [
        ("ECE-fr", "fr", "ltr", ["Migrants internationaux", "Allemagne"]),
        ("ECLAC-es", "es", "ltr", ["migrantes internacionales", "México"]),
        ("ECE-ru", "ru", "ltr", ["Германия", "мигрант"]),
        ("ESCWA-ar", "ar", "rtl", ["الأردن", "المهاجرين"]),
    ],
)
def test_a_translated_page_is_in_its_language(built, folder, lang, direction, words) -> None:
    page = (built / "round-2" / folder / "report.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="{direction}">' in page
    text = _text(page)
    for word in words:
        assert word in text, (folder, word)
    # It links its other languages, each named in itself, and they exist.
    base = folder.split("-")[0]
    for other in EXPECTED[base]:
        if other != lang:
            href = f"../{folder_name(base, other)}/report.html"
            assert f'href="{href}"' in page
            assert (built / "round-2" / folder / href).resolve().is_file()


@pytest.mark.parametrize(
    ("folder", "pattern"),
    [
        # 1 234 567,8 with the locale's separators; the percent sign as CLDR places it.
        ("ECE-fr", r"\d{1,3}(?:\u202f\d{3})+"),
        ("ECE-fr", r"\d+,\d\u00a0%"),
        ("ECLAC-es", r"\d{1,3}(?:\.\d{3})+"),
        ("ECE-ru", r"\d{1,3}(?:\u00a0\d{3})+"),
    ],
)
def test_numbers_are_formatted_by_the_locale(built, folder, pattern) -> None:
    text = _text((built / "round-2" / folder / "report.html").read_text(encoding="utf-8"))
    assert re.search(pattern, text), (folder, pattern)
    # And never in English form inside the text (a "12.5%" in a French sentence).
    if folder.endswith(("-fr", "-es", "-ru")):
        assert not re.search(r"\b\d+\.\d%", text), re.search(r".{30}\b\d+\.\d%.{10}", text)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.mark.parametrize(
    ("folder", "lang", "words"),
    [
        ("ESCWA-ar", "ar", ["الأردن"]),
        ("ECE-ru", "ru", ["Германия", "Содержание"]),
        ("ECE-fr", "fr", ["Allemagne", "Table des matières"]),
    ],
)
def test_a_translated_pdf_declares_its_language_and_reads_back(built, folder, lang, words):
    pdf = built / "round-2" / folder / "report.pdf"
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == lang
    text = _pdf_text(pdf)
    for word in words:
        assert word in text, (folder, word)


def test_statistics_csv_has_no_language(built: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((built / "round-2" / "statistics.csv").read_text())))
    assert rows and all(set(r) == set(rows[0]) for r in rows)
    assert not any(re.search("[\u0400-\u04ff\u0600-\u06ff]", " ".join(r.values())) for r in rows)


def test_deferred_chart_svgs_are_completed_in_the_notebook_s_language() -> None:
    # A build worker renders many reports: its language is the last report's. A chart it
    # completes (the SVG a forked kernel deferred) must take the notebook's language: the
    # English ESCAP report carried the Russian 'Save or export this chart' label.
    import altair as alt
    import nbformat
    import pandas as pd

    from gcm_report.pipeline.execute import add_deferred_svgs
    from gcm_report.report import charts
    from gcm_report.report.i18n import current, set_language

    chart = (
        alt.Chart(pd.DataFrame({"x": [1, 2]}), description="Test chart of two points")
        .mark_point()
        .encode(x="x:Q")
    )
    spec = chart.to_dict()
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": {"region": "ESCAP", "round": 1, "language": "en"}}
    cell = nbformat.v4.new_code_cell("chart")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={charts.VEGALITE_MIME: spec, "text/plain": "Test chart"}
        )
    ]
    nb.cells.append(cell)
    set_language("ru")  # what the worker's previous report left
    try:
        assert add_deferred_svgs(nb) == 1
        snippet = nb.cells[0].outputs[0]["data"]["text/html"]
        assert 'data-actions-label="Save or export this chart"' in snippet
        assert current().code == "ru"  # the worker's own state is left as it was
    finally:
        set_language("en")


@pytest.mark.parametrize("folder", ["synthesis-fr", "ECE-ru", "ESCWA-ar", "ECLAC-es"])
def test_the_running_header_is_one_line(built: Path, folder: str) -> None:
    # The French synthesis title did not fit: "Cycle 2" wrapped onto a second header line.
    page = PdfReader(built / "round-2" / folder / "report.pdf").pages[3]
    top = float(page.mediabox.top)
    lines: set[int] = set()

    def visit(text, cm, tm, _font, _size) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the text's origin on the page
        if text.strip() and y > top - 2.4 * 72 / 2.54:  # inside the top margin
            lines.add(round(y))

    page.extract_text(visitor_text=visit)
    assert len(lines) == 1, (folder, sorted(lines))
