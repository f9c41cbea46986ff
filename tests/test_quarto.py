"""The Quarto engine, checked as far as it can be without Quarto (which cannot be installed here).

A stand-in `quarto` records its arguments and the notebook it was given, and writes the two
outputs: that checks what gcm-report asks of Quarto and how. What it asks is then checked
against Quarto itself, as far as its files go: every front-matter key and value against Quarto
1.11's own option schemas, and the typst partials by typesetting a report with Quarto's own
typst template and partials (../shared/reference, copied from Quarto's source).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
import yaml

from gcm_report.errors import ParamsError
from gcm_report.pipeline.build import run_report
from gcm_report.pipeline.params import ReportParams
from gcm_report.render import resolve_engine
from gcm_report.render.assets import CHART_SCRIPT, css, vega_script
from gcm_report.render.document import Document
from gcm_report.render.quarto import METADATA_KEY, quarto_front_matter, typst_partials
from tests.conftest import REFERENCE
from tests.quarto_schema import QuartoSchema

FAKE = """#!/usr/bin/env python3
import json, os, shutil, sys
args = sys.argv[1:]
log = os.environ["FAKE_QUARTO_LOG"]
with open(log, "a") as fh:
    fh.write(json.dumps({"args": args, "cwd": os.getcwd(), "files": sorted(os.listdir())}) + "\\n")
if args == ["--version"]:
    print("1.6.40")
    sys.exit(0)
shutil.copy(args[1], log + ".ipynb")
shutil.copy("vega.html", log + ".vega.html")
out = args[args.index("--output") + 1]
with open(out, "wb") as fh:
    fh.write(b"%PDF-1.7 fake" if out.endswith(".pdf") else b"<html>fake quarto</html>")
"""


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "quarto"
    exe.write_text(FAKE)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "quarto.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    return log


def test_auto_prefers_quarto_and_renders_without_executing(fake_quarto, tmp_path, browser):
    assert resolve_engine("auto") == "quarto"
    result = run_report(ReportParams(region="ECLAC", round=2), outputs_dir=tmp_path / "out")
    assert result.ok, result.error
    calls = [json.loads(line) for line in fake_quarto.read_text().splitlines()]
    calls = [c for c in calls if c["args"] != ["--version"]]
    assert [c["args"][:4] for c in calls] == [
        ["render", "report.ipynb", "--to", "html"],
        ["render", "report.ipynb", "--to", "typst"],
    ]
    assert all("--execute" not in c["args"] for c in calls)
    assert len({c["cwd"] for c in calls}) == 1  # its own folder: no shared *_files/ races
    # The files the front matter names are there: stylesheet, chart script, typst partials.
    assert {"report.css", "vega.html", "typst-show.typ", "page.typ"} <= set(calls[0]["files"])
    nb = json.loads((tmp_path / "quarto.log.ipynb").read_text())
    front = nb["cells"][0]
    assert front["cell_type"] == "raw" and "embed-resources: true" in "".join(front["source"])
    assert "font-paths" in "".join(front["source"])
    # The notebook handed to Quarto is the executed one: outputs are already there.
    assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    folder = tmp_path / "out" / "round-2" / "ECLAC"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"]["name"] == "quarto"
    assert manifest["engine"]["tools"]["quarto"] == "1.6.40"
    assert (folder / "report.html").read_text() == "<html>fake quarto</html>"
    # Quarto's page gets the report's charts: a chart output and that script, in a browser.
    chart = next(
        o["data"]["text/html"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "figure" in str(o.get("data", {}).get("text/html", ""))
        and "gcm-chart" in str(o["data"]["text/html"])
    )
    script = (tmp_path / "quarto.log.vega.html").read_text()
    assert script == f"<script>{vega_script()}</script><script>{CHART_SCRIPT}</script>"
    # With another copy of the bundle first: two on a page must not clash (redeclared names).
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content(
        f"<html><head><style>{css()}</style></head><body><main>{''.join(chart)}</main>"
        f"<script>{vega_script()}</script>{script}</body></html>"
    )
    page.wait_for_selector("figure.gcm-chart.is-live", timeout=15_000)
    assert page.locator(".gcm-chart-live svg.marks").count() == 1
    assert errors == []
    page.close()


def test_explicit_quarto_without_quarto_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ParamsError, match="quarto is not on PATH"):
        resolve_engine("quarto")
    assert resolve_engine("auto") == "builtin"


# -- What gcm-report asks of Quarto, checked against Quarto's own schemas and templates --------

QUARTO_REFERENCE = REFERENCE.parent


@pytest.fixture(scope="module")
def quarto_schema() -> QuartoSchema:
    folder = QUARTO_REFERENCE / "quarto-schema"
    if not folder.is_dir():
        pytest.fail(f"Quarto's schemas not found at {folder} (../shared/reference)")
    return QuartoSchema(folder)


def _doc() -> Document:
    meta = {
        "title": "GCM regional review",
        "subtitle": "Data report",
        "commission": "Economic Commission for Europe",
        "commission_code": "ECE",
        "round": 2,
        "period": "2024–2025",
        "meeting": "11 March 2024, Geneva",
        "reference_year": 2024,
        "snapshot_id": "abc123",
    }
    return Document(blocks=[], meta=meta, indicators=[])


def _front(doc: Document | None = None) -> dict:
    # As Quarto reads it: the YAML text gcm-report writes, loaded back.
    text = yaml.safe_dump(quarto_front_matter(doc or _doc(), built="1 December 2026"))
    return yaml.safe_load(text)


def test_every_front_matter_key_and_value_is_a_quarto_option(quarto_schema):
    front = _front()
    assert set(front["format"]) == {"html", "typst"}
    assert quarto_schema.check_front_matter(front, own=(METADATA_KEY,)) == []


def _set(front: dict, path: str, value) -> dict:
    *parents, last = path.split("/")
    node = front
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return front


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("format/html/tocc", True, "format.html.tocc: not a Quarto option here"),
        ("format/typst/embed-resources", True, "format.typst.embed-resources: does not apply"),
        ("format/html/font-paths", ["fonts"], "format.html.font-paths: does not apply"),
        ("format/typst/shift-heading-level-by", "-1", "'-1' is not a number"),
        ("format/html/toc-location", "middle", "'middle' is not one of"),
        ("execute/echo", "no", "execute.echo: 'no' matches no allowed form"),
        ("execute/enabled", "no", "execute.enabled: 'no' is not a boolean"),
        ("format/typts", {}, "format.typts: not a Quarto output format"),
        ("regoin", "ECE", "regoin: not a Quarto option here"),
        ("echo", False, "echo: not a Quarto option here"),  # belongs under execute:
    ],
)
def test_schema_check_fails_on_misspelt_misplaced_or_mistyped_options(
    quarto_schema, path, value, message
):
    front = _set(_front(), path, value)
    errors = quarto_schema.check_front_matter(front, own=(METADATA_KEY,))
    assert len(errors) == 1 and message in errors[0], errors


def test_own_metadata_key_is_no_quarto_option(quarto_schema):
    assert quarto_schema.check_front_matter({"toc": {}}, own=("toc",)) == [
        "toc: own metadata key is also a Quarto option"
    ]
    assert quarto_schema.check({"text": "x"}, {"ref": "smart-include"}) == []


def _quarto_typst_pdf(doc: Document, work: Path) -> bytes:
    """Typeset ``doc`` the way Quarto's typst format does: its template, our partials.

    Quarto's own ``template.typ`` and partials (from its source, ../shared/reference) are
    overlaid with the partials gcm-report gives it (``template-partials``), and pandoc fills
    them with the front matter as Quarto passes it (metadata, Markdown strings). The body is
    the built-in engine's Markdown for the same blocks; Quarto's own Lua filters, which turn
    the notebook into that Markdown, are the one part not run.
    """
    import pypandoc
    import typst

    from gcm_report.render.assets import resource_path
    from gcm_report.render.pdf import to_markdown
    from gcm_report.report.fonts import font_dirs

    shutil.copytree(QUARTO_REFERENCE / "quarto-typst-template" / "quarto", work)
    front = _front(doc)
    partials = typst_partials()
    assert sorted(partials) == front["format"]["typst"]["template-partials"]
    for name, text in partials.items():
        (work / name).write_text(text, encoding="utf-8")
    metadata = {k: front[k] for k in ("title", "subtitle", METADATA_KEY)}
    (work / "meta.yml").write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
    shift = front["format"]["typst"]["shift-heading-level-by"]
    source = pypandoc.convert_text(
        to_markdown(doc, work),
        "typst",
        format=front["format"]["typst"]["from"],
        extra_args=[
            "--standalone",
            f"--template={work / 'template.typ'}",
            f"--metadata-file={work / 'meta.yml'}",
            f"--shift-heading-level-by={shift}",
            "--wrap=none",
            # The Lua filters the front matter lists, as Quarto runs them.
            *(f"--lua-filter={resource_path(f)}" for f in front["format"]["typst"]["filters"]),
        ],
    )
    (work / "report.typ").write_text(source, encoding="utf-8")
    fonts = [str(p) for p in front["format"]["typst"]["font-paths"]]
    assert fonts == [str(d) for d in font_dirs()]
    return bytes(
        typst.compile(
            str(work / "report.typ"), root=str(work), font_paths=fonts, ignore_system_fonts=True
        )
    )


def test_quarto_typst_template_gives_the_built_in_pdf(built, tmp_path):
    from pypdf import PdfReader

    from gcm_report.render.document import read_document
    from gcm_report.render.pdf import render_pdf

    doc = read_document(built / "round-2" / "ECLAC" / "report.ipynb")
    stamp = "1 December 2026"
    builtin = PdfReader(io.BytesIO(render_pdf(doc, tmp_path / "builtin", built=stamp)))
    quarto_pdf = _quarto_typst_pdf(doc, tmp_path / "quarto")
    quarto = PdfReader(io.BytesIO(quarto_pdf))
    if os.environ.get("GCM_REPORT_SCREENSHOTS"):  # to look at both side by side
        Path(os.environ["GCM_REPORT_SCREENSHOTS"], "quarto-typst.pdf").write_bytes(quarto_pdf)
    # Same pages with the same text: cover, contents, running header, page numbers, sections.
    assert len(quarto.pages) == len(builtin.pages) > 3
    for number, (q, b) in enumerate(zip(quarto.pages, builtin.pages, strict=True), start=1):
        assert q.extract_text().split() == b.extract_text().split(), f"page {number}"

    def fonts(reader: PdfReader) -> set[str]:
        return {
            str(f["/BaseFont"]).split("+")[-1]
            for page in reader.pages
            for f in page["/Resources"].get("/Font", {}).values()
        }

    assert "Lato-Regular" in fonts(quarto) and fonts(quarto) == fonts(builtin)
