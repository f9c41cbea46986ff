"""Shared fixtures: raw data location, and one full build of every report per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = Path(os.environ.get("GCM_REPORT_RAW", ROOT.parent / "shared" / "data"))
REFERENCE = RAW_DIR.parent / "reference" / "review-process.md"


def pytest_configure(config: pytest.Config) -> None:
    # nbval starts the template's kernel by name: make sure it exists in this environment.
    from gcm_report.pipeline.execute import ensure_kernel

    ensure_kernel()


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    if not RAW_DIR.is_dir():
        pytest.fail(f"raw publisher files not found at {RAW_DIR} (set GCM_REPORT_RAW)")
    return RAW_DIR


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build all reports once (builtin engine) into a temporary outputs folder.

    ``GCM_REPORT_TEST_OUTPUTS=<folder>`` reads an existing build instead (for iterating on
    output checks; CI always builds).
    """
    from gcm_report.pipeline.build import build, select_params

    reuse = os.environ.get("GCM_REPORT_TEST_OUTPUTS")
    if reuse:
        return Path(reuse)
    outputs = tmp_path_factory.mktemp("outputs")
    results = build(select_params(), outputs_dir=outputs, engine="builtin", jobs=2)
    failed = [f"{r.round}/{r.region}: {r.error}" for r in results if not r.ok]
    assert not failed, failed
    return outputs


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright, with every network request refused."""
    import shutil

    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium not found: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield b
        b.close()
