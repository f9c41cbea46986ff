"""An analyst in JupyterLab, driven in a real browser: the README's command, Run All, edit, save.

`gcm-report lab` is started as the README says (plus --no-browser, a port and a token), on a
scratch folder of this test's own; Debian's headless Chromium, with every request off this
machine refused, then does what an analyst does. Set GCM_REPORT_SCREENSHOTS=DIR to keep
screenshots of each step.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from gcm_report import cli
from gcm_report.layout import DEFAULT_TEMPLATE, PROJECT_ROOT, SYNTHESIS_TEMPLATE
from gcm_report.pipeline import lab as lab_api
from gcm_report.render import lab as lab_display

BIN = Path(sys.executable).parent
SHOTS = os.environ.get("GCM_REPORT_SCREENSHOTS")
TRACKED = [
    DEFAULT_TEMPLATE,
    DEFAULT_TEMPLATE.with_suffix(".py"),
    SYNTHESIS_TEMPLATE,
    SYNTHESIS_TEMPLATE.with_suffix(".py"),
]


def _git_status() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=PROJECT_ROOT, capture_output=True, text=True
    ).stdout


def _digests() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in TRACKED}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_scratch_copies_are_unpaired_kept_and_replaced_only_when_asked(tmp_path):
    copies = lab_api.prepare_scratch(tmp_path)
    assert [c.path.name for c in copies] == ["regional_review.ipynb", "synthesis.ipynb"]
    assert all(c.created and not c.stale for c in copies)
    nb = nbformat.read(copies[0].path, as_version=4)
    assert "jupytext" not in nb.metadata  # saving the copy writes no paired script
    assert nb.metadata.kernelspec.name == "gcm-report"
    # The analyst's edits survive the next `gcm-report lab` ...
    nb.cells[0].source = 'region = "ECA"\nround = 1\ntop_n = 10\nsnapshot_dir = ""'
    nbformat.write(nb, copies[0].path)
    again = lab_api.prepare_scratch(tmp_path)
    assert not any(c.created for c in again)
    assert "ECA" in copies[0].path.read_text()
    # ... a copy of an older template says so ...
    nb.metadata["gcm_report"]["template_sha256"] = "0" * 64
    nbformat.write(nb, copies[0].path)
    assert [c.stale for c in lab_api.prepare_scratch(tmp_path)] == [True, False]
    # ... and --fresh starts over.
    assert all(c.created for c in lab_api.prepare_scratch(tmp_path, fresh=True))
    assert "ECA" not in copies[0].path.read_text()


def test_lab_command_roots_jupyterlab_at_the_copies_and_allows_root(monkeypatch, tmp_path):
    nb = tmp_path / "regional_review.ipynb"
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    argv = lab_api.lab_argv(nb, tmp_path, ["--no-browser"])
    assert argv[1:4] == ["-m", "jupyterlab", f"--ServerApp.root_dir={tmp_path}"]
    assert argv[-3:] == ["--allow-root", "--no-browser", str(nb)]
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab_api.lab_argv(nb, tmp_path, [])


def test_lab_without_jupyterlab_is_a_one_line_error(monkeypatch, tmp_path, capsys):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert cli.main(["lab", "--scratch", str(tmp_path), "--no-browser"]) == 2
    assert capsys.readouterr().err.strip() == (
        "gcm-report: error: lab: JupyterLab is not installed (pip install 'gcm-report[lab]')"
    )


def test_other_commands_still_refuse_unknown_options(capsys):
    assert cli.main(["list", "--no-browser"]) == 2
    assert "unrecognized arguments: --no-browser" in capsys.readouterr().err


def test_lab_display_only_in_a_jupyter_server_session(monkeypatch):
    monkeypatch.delenv("GCM_REPORT_LAB", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert not lab_display.wanted()  # Papermill, nbval
    monkeypatch.setenv("JPY_SESSION_NAME", "/tmp/regional_review.ipynb")
    assert lab_display.wanted()  # a kernel JupyterLab started
    monkeypatch.setenv("GCM_REPORT_LAB", "0")  # what builds set for their kernels
    assert not lab_display.wanted()


def test_lab_styles_are_the_report_block_rules_scoped_to_outputs():
    css = lab_display.lab_css()
    rules = [line.split("{")[0] for line in css.splitlines()]
    assert all(r.startswith(lab_display.SCOPE) for r in rules)
    for selector in (".key-figures .card", ".visually-hidden", "figure.gcm-table th.num"):
        assert f"{lab_display.SCOPE} {selector}" in css
    # Nothing that would restyle JupyterLab itself: the page layout rules stay out.
    for page_rule in ("masthead", "nav.toc", "main h2", "@media", "footer", " body {"):
        assert page_rule not in css
    head = lab_display.lab_head()
    assert head.count("@font-face") == 3 and "window.vegaEmbed" in head


@pytest.fixture
def lab(tmp_path):
    """Start `gcm-report lab` on a scratch folder; yield (base URL, token, scratch folder)."""
    port, token = _free_port(), secrets.token_hex(16)
    scratch = tmp_path / "scratch"
    # JupyterLab's user settings, workspaces and trust database go to this test's folder.
    env = os.environ | {
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [
            str(BIN / "gcm-report"),
            "lab",
            "--scratch",
            str(scratch),
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kernels go with it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log_text = (tmp_path / "lab.log").read_text()
                    pytest.fail(f"gcm-report lab did not start:\n{log_text}")
                time.sleep(0.3)
        yield base, token, scratch
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


def _run_all(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # Every code cell has run when none is queued or running ("[*]") and the last one has a
    # number; then the kernel is idle again.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                .map(p => p.textContent.trim());
            return prompts.length > 0 && !prompts.some(p => p.includes('*'))
                && /\\[\\d+\\]/.test(prompts[prompts.length - 1]);
        }""",
        timeout=90_000,
    )
    page.wait_for_selector("figure.gcm-chart.is-live", timeout=30_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('figure.gcm-chart')]
                 .every(f => f.classList.contains('is-live'))""",
        timeout=30_000,
    )


def _check_outputs(page) -> None:
    # No error, warning or other stderr output anywhere.
    kinds = page.eval_on_selector_all(
        ".jp-OutputArea-output", "els => els.map(e => e.dataset.mimeType || '')"
    )
    assert "application/vnd.jupyter.stderr" not in kinds, kinds
    assert not any("error" in kind for kind in kinds), kinds
    assert page.locator("text=Traceback").count() == 0
    # Key figures are cards, in Lato, with the report's accent rule on top.
    cards = page.locator(".jp-OutputArea-output .key-figures .card")
    assert cards.count() >= 3
    style = cards.first.evaluate(
        """el => { const s = getComputedStyle(el), p = getComputedStyle(el.parentElement);
                   return [p.display, s.borderTopColor, s.borderTopWidth, s.fontFamily]; }"""
    )
    assert style[:3] == ["grid", "rgb(0, 114, 178)", "4px"], style
    assert style[3].startswith("Lato"), style
    assert page.evaluate("() => document.fonts.check('13px Lato')")
    charts = page.locator("figure.gcm-chart")
    assert charts.count() >= 1
    for i in range(charts.count()):
        fig = charts.nth(i)
        # The alt text stays for screen readers only; the static picture gives way to the view.
        caption = fig.locator("figcaption").bounding_box()
        assert caption is None or (caption["width"] <= 1 and caption["height"] <= 1)
        assert not fig.locator(".gcm-chart-static").is_visible()
        live = fig.locator(".gcm-chart-live svg.marks").first
        assert live.is_visible()
        # Every title, subtitle and label lies inside the chart, in Lato.
        inside = live.evaluate(
            """svg => { const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('text')].every(t => {
                    const r = t.getBoundingClientRect();
                    return r.width === 0 || (r.left >= box.left - 1 && r.right <= box.right + 1);
                }) && [...svg.querySelectorAll('text')].some(t =>
                    (t.getAttribute('font-family') || '').includes('Lato')); }"""
        )
        assert inside, f"chart {i}: text outside the picture, or not in Lato"


def _tooltip(page) -> str:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # Hover the points of the trend chart until Vega's tooltip shows.
    chart = (
        page.locator("figure.gcm-chart", has_text="")
        .filter(has=page.locator(".gcm-chart-live .mark-symbol"))
        .first
    )
    chart.scroll_into_view_if_needed()
    points = chart.locator(".gcm-chart-live .mark-symbol path")
    assert points.count() >= 3
    tooltip = page.locator("#vg-tooltip-element")
    for i in range(points.count()):
        points.nth(i).hover(force=True)
        try:
            tooltip.wait_for(state="visible", timeout=1_000)
        except PlaywrightTimeout:  # not this point: try the next one
            continue
        if "Migrants" in tooltip.inner_text():
            return tooltip.inner_text()
    pytest.fail("no tooltip on the trend chart")


def _set_parameters(page, source: str) -> None:
    editor = page.locator(".jp-CodeCell").first.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    # insert_text types no keys, so no auto-indent or bracket closing gets in the way.
    page.keyboard.insert_text(source)
    page.keyboard.press("Escape")  # command mode, as after editing


def test_analyst_runs_edits_and_saves_the_template_in_jupyterlab(lab, browser):
    base, token, scratch = lab
    before_status, before = _git_status(), _digests()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    page = context.new_page()
    page.goto(f"{base}/lab/tree/regional_review.ipynb?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
    _shot(page, "0-opened")
    page.wait_for_function(
        """() => { const k = document.querySelector('.jp-KernelName');
                   return k && k.textContent.trim() !== 'No Kernel'; }""",
        timeout=60_000,
    )
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    kernel = page.locator(".jp-KernelName").first.inner_text()
    assert kernel == "Python (gcm-report)", kernel

    _run_all(page)
    _check_outputs(page)
    cover = page.locator(".jp-CodeCell").nth(2).locator(".jp-OutputArea").text_content()
    assert "Economic Commission for Europe · Regional review" in cover and "Round 2" in cover
    tip = _tooltip(page)
    assert "Year" in tip and "Migrants" in tip, tip
    _shot(page, "1-run-all-tooltip")
    page.locator(".key-figures").first.scroll_into_view_if_needed()
    _shot(page, "2-key-figures")

    _set_parameters(page, 'region = "ECA"\nround = 1\ntop_n = 10\nsnapshot_dir = ""')
    _run_all(page)
    _check_outputs(page)
    cover = page.locator(".jp-CodeCell").nth(2).locator(".jp-OutputArea").text_content()
    assert "Economic Commission for Africa · Regional review" in cover and "Round 1" in cover
    trend = page.locator("figure.gcm-chart").first
    # The chart's name is on its picture (role=img), which the live view takes over.
    name = trend.locator(".gcm-chart-static").get_attribute("aria-label") or ""
    assert "in Africa (ECA members in the region), 1990 to 2020" in name, name
    trend.scroll_into_view_if_needed()
    trend.locator(".gcm-chart-live svg.marks").wait_for(state="visible")
    page.wait_for_timeout(300)
    _shot(page, "3-eca-round-1")

    page.keyboard.press("Control+s")
    page.wait_for_function(
        "() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
        timeout=15_000,
    )
    deadline = time.monotonic() + 15
    saved = scratch / "regional_review.ipynb"
    while 'region = \\"ECA\\"' not in saved.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    # Opened again, the saved notebook (trusted: the analyst saved it) shows live charts at once.
    page.reload()
    page.wait_for_selector("figure.gcm-chart.is-live .gcm-chart-live svg.marks", timeout=30_000)
    first_chart = page.locator("figure.gcm-chart .gcm-chart-static").first
    assert "ECA members" in (first_chart.get_attribute("aria-label") or "")
    context.close()

    # The analyst's copy holds the run and the edits ...
    nb = nbformat.read(saved, as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert 'region = "ECA"' in params.source and "round = 1" in params.source
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert nb.metadata.kernelspec.name == "gcm-report"
    assert not (scratch / "regional_review.py").exists()  # no jupytext pairing in the copy
    # ... and nothing tracked changed.
    assert _digests() == before
    assert _git_status() == before_status
    assert json.loads(DEFAULT_TEMPLATE.read_text())["cells"][0]["outputs"] == []


def test_a_build_started_inside_jupyterlab_adds_no_lab_display(monkeypatch, tmp_path):
    from gcm_report.pipeline.execute import execute_notebook

    # What a terminal or `!gcm-report build` inside JupyterLab inherits.
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "regional_review.ipynb"))
    monkeypatch.delenv("GCM_REPORT_LAB", raising=False)
    out = tmp_path / "synthesis.ipynb"
    execute_notebook(SYNTHESIS_TEMPLATE, out, {"round": 2})
    assert "gcmReportLab" not in out.read_text(encoding="utf-8")
    assert "GCM_REPORT_LAB" not in os.environ  # restored afterwards
