"""Text from data files is shown as text: it neither breaks nor alters a report.

Meeting places (``rounds.yml``), commitments (``commitments.csv``), country and chart labels are
data. Typed into typst, HTML, JSON or Markdown as markup they could break the PDF, hide parts of
the HTML page or plant a live link; each renderer must pass them as data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from gcm_report.render.document import Block, Document
from gcm_report.render.html import render_html
from gcm_report.render.pdf import render_pdf

HOSTILE = 'fee $5 and $6, #panic("typst ran this") `#panic()`{=typst} @ref <x> \\begin{x} *y*'


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _uris(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "links.pdf"
    path.write_bytes(pdf)
    uris = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                uris.append(str(action.get_object()["/URI"]))
    return uris


def _doc(blocks: list[Block], **meta: str) -> Document:
    base = {
        "title": "Migration in Test region",
        "subtitle": "A test report",
        "commission": "Test Commission",
        "commission_code": "ECE",
        "round": "2",
        "period": "2024–2025",
        "meeting": "2025-01-01, Geneva",
        "reference_year": "2024",
        "snapshot_id": "abc123",
    }
    return Document(blocks=blocks, meta=base | meta, indicators=[])


def test_cover_values_are_typeset_as_text(tmp_path):
    # Defect 3: cover values were spliced into typst: `fee $5` failed the PDF, #panic() ran.
    doc = _doc(
        [Block("markdown", markdown="## Section\n\nBody text.")],
        meeting=HOSTILE,
        title="Title #set page(width: 1cm) $x$ ]] [",
        commission="Commission #panic()",
    )
    pdf = render_pdf(doc, tmp_path / "pdf", built="01 January 2025 with gcm-report")
    text = _pdf_text(pdf, tmp_path)
    assert 'fee $5 and $6, #panic("typst ran this")' in text
    assert "Title #set page(width: 1cm) $x$ ]] [" in text
    assert "COMMISSION #PANIC()" in text  # the cover band is upper case


def test_body_markdown_cannot_reach_typst_as_code(tmp_path):
    markdown = f"## Section\n\nThe meeting: {HOSTILE} <!-- not a comment -->."
    doc = _doc([Block("markdown", markdown=markdown)])
    text = _pdf_text(render_pdf(doc, tmp_path / "pdf", built="today"), tmp_path)
    assert "fee $5 and $6" in text and "#panic()" in text and "@ref <x>" in text
    assert "\\begin{x}" in text and "<!-- not a comment -->" in text


def test_links_in_the_pdf_are_web_links_only(tmp_path):
    markdown = (
        "## Links\n\n[evil](javascript:alert(1)) [file](file:///etc/passwd) "
        "<https://www.un.org/> [ok](https://example.org/a)\n\n![pic](http://example.org/x.png)"
    )
    pdf = render_pdf(_doc([Block("markdown", markdown=markdown)]), tmp_path / "pdf", built="x")
    assert sorted(_uris(pdf, tmp_path)) == ["https://example.org/a", "https://www.un.org/"]
    text = _pdf_text(pdf, tmp_path)
    assert "[evil](javascript:alert(1)) [file](file:///etc/passwd)" in text
    assert "![pic](http://example.org/x.png)" in text


def _hostile_commitments(monkeypatch, value: str, url: str = "https://example.org/pledges"):
    from gcm_report.report import commitments

    path = Path(commitments.__file__).parents[1] / "reference" / "commitments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        if line.startswith("ECE,pledges,"):
            line = f'ECE,pledges,"{value}",,2024-05-01,Hostile source,{url},'
        out.append(line)
    parsed = commitments.parse_commitments("\n".join(out) + "\n")
    monkeypatch.setattr(commitments, "_packaged", lambda: parsed)
    return commitments.commitments_table("ECE")


def test_commitment_markdown_is_shown_literally_in_the_pdf(tmp_path, monkeypatch):
    # Defect 17: Markdown in commitments.csv became a live javascript: link in the PDF.
    value = "[click me](javascript:alert(1)) **bold** <!--x--> $5 #panic()"
    table = _hostile_commitments(monkeypatch, value)
    bundle = {"text/markdown": table.markdown(), "text/html": table.html()}
    doc = _doc([Block("markdown", markdown="## Commitments"), Block("output", bundle=bundle)])
    pdf = render_pdf(doc, tmp_path / "pdf", built="x")
    assert _uris(pdf, tmp_path) == []
    text = _pdf_text(pdf, tmp_path)
    assert "[click me](javascript:alert(1)) **bold** <!--x--> $5 #panic()" in text
    # The table names the source; its address is listed in the appendix's links.
    assert "Hostile source" in text


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org> [x](javascript:alert(1))",
        "https://",
        "https://exa mple.org/",
        'https://example.org/"onmouseover="x',
        "https:javascript:alert(1)",
    ],
)
def test_commitment_source_url_must_be_a_plain_web_address(monkeypatch, url):
    # Defect 17: source_url was checked by its prefix only.
    with pytest.raises(ValueError, match="source_url"):
        _hostile_commitments(monkeypatch, "3 pledges", url=url)


def _chart_bundle(label: str) -> dict:
    from gcm_report.report.charts import render_bundle

    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": f"Bar chart of {label}",
        "title": label,
        "data": {"values": [{"area": label, "value": 3}, {"area": "Other", "value": 5}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "area", "type": "nominal"},
            "y": {"field": "value", "type": "quantitative"},
        },
    }
    return render_bundle(spec)


def test_embedded_json_cannot_end_or_swallow_the_page(tmp_path, browser):
    # Defect 4: a label holding `<!--<script>` swallowed 6 of 9 sections, the build said ok.
    label = "Area <!--<script> </script><b>x</b> & co"
    blocks = [Block("markdown", markdown="## Section 1")]
    blocks.append(Block("output", bundle=_chart_bundle(label)))
    blocks += [Block("markdown", markdown=f"## Section {n}\n\nText {n}.") for n in range(2, 10)]
    path = tmp_path / "page.html"
    path.write_text(render_html(_doc(blocks)), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("figure.gcm-chart.is-live svg", timeout=15000)
    headings = page.locator("main h2").all_inner_texts()
    assert headings == [f"Section {n}" for n in range(1, 10)]
    assert page.locator("main b").count() == 0 and errors == []
    page.close()
    payload = re.search(
        r'<script type="application/json" class="gcm-chart-spec">(.*?)</script>',
        blocks[1].bundle["text/html"],
        re.S,
    )
    assert payload and not re.search(r"[<>&]", payload.group(1))


ROOT = Path(__file__).resolve().parents[1]
INJECTED = 'fee $5 #panic("boom") <!--<script>alert(1)</script> [x](javascript:alert(1)) & co'


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory) -> Path:
    """Build ECE round 2 from a copy of the project whose reference data carry markup."""
    import csv
    import io
    import os
    import shutil
    import subprocess
    import sys

    import yaml

    root = tmp_path_factory.mktemp("hostile")
    skip = shutil.ignore_patterns("__pycache__")
    for name in ("gcm_report", "notebooks", "params", "data/snapshot"):
        shutil.copytree(ROOT / name, root / name, ignore=skip)
    ref = root / "gcm_report" / "reference"
    rounds = yaml.safe_load((ref / "rounds.yml").read_text(encoding="utf-8"))
    rounds[2]["meetings"]["ECE"]["place"] = INJECTED
    (ref / "rounds.yml").write_text(yaml.safe_dump(rounds, allow_unicode=True), encoding="utf-8")
    commissions = yaml.safe_load((ref / "commissions.yml").read_text(encoding="utf-8"))
    commissions["ECE"]["region_name"] = "Europe <!--<script> & $5 #x"
    (ref / "commissions.yml").write_text(yaml.safe_dump(commissions), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((ref / "commitments.csv").read_text("utf-8"))))
    for row in rows:
        if (row["commission"], row["item"]) == ("ECE", "pledges"):
            row.update(value=INJECTED, as_of="2024-05-01", source="Hostile source", note="")
            row["source_url"] = "https://example.org/pledges"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (ref / "commitments.csv").write_text(out.getvalue(), encoding="utf-8")
    # The copy's gcm_report comes first on the path, in the CLI, its workers and kernels.
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("GCM_REPORT_SNAPSHOT", None)
    # English only: a translated report refuses reference text its catalog lacks (as here).
    argv = [sys.executable, "-m", "gcm_report.cli", "build", "--region", "ECE", "--round", "2"]
    argv += ["--language", "en"]
    proc = subprocess.run(
        [*argv, "--engine", "builtin"], cwd=root, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return root / "outputs"


def test_injected_reference_data_neither_breaks_nor_alters_the_pdf(hostile_outputs, tmp_path):
    pdf = (hostile_outputs / "round-2" / "ECE" / "report.pdf").read_bytes()
    # Compared without spaces: text extraction breaks lines (and adds spaces) at will.
    text = _pdf_text(pdf, tmp_path).replace(" ", "")
    assert text.count(INJECTED.replace(" ", "")) == 3  # cover, mandate, commitments table
    assert "Europe<!--<script>&$5#x" in text
    assert all(uri.startswith("https://") for uri in _uris(pdf, tmp_path))


def test_injected_reference_data_neither_breaks_nor_alters_the_html(hostile_outputs, browser):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((hostile_outputs / "round-2" / "ECE" / "report.html").as_uri())
    page.wait_for_selector("figure.gcm-chart.is-live svg", timeout=15000)
    # Every section still has its heading: nothing injected opened or closed an element.
    from gcm_report.report.sections import REGIONAL

    assert len(page.locator("main h2").all_inner_texts()) == len(REGIONAL)
    body = page.inner_text("body")
    assert body.count(INJECTED) >= 2 and "Europe <!--<script> & $5 #x" in body
    assert dialogs == [] and page.locator("main a[href^='javascript']").count() == 0
    page.close()
