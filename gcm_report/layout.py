"""Where the project's files are, and the shape of what a build writes. Light to import."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DEFAULT_OUTPUTS",
    "DEFAULT_PARAMS",
    "DEFAULT_RAW_DIR",
    "DEFAULT_SCRATCH",
    "DEFAULT_SNAPSHOT_DIR",
    "DEFAULT_TEMPLATE",
    "INDICATOR_COLUMNS",
    "OUTPUT_FILES",
    "PROJECT_ROOT",
    "PULLED_RAW_DIR",
    "STATISTICS_COLUMNS",
    "SYNTHESIS_TEMPLATE",
]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PARAMS = PROJECT_ROOT / "params"
DEFAULT_OUTPUTS = PROJECT_ROOT / "outputs"
DEFAULT_TEMPLATE = PROJECT_ROOT / "notebooks" / "regional_review.ipynb"
SYNTHESIS_TEMPLATE = PROJECT_ROOT / "notebooks" / "synthesis.ipynb"
# Analysts' own copies of the templates, opened by `gcm-report lab` (not tracked by git).
DEFAULT_SCRATCH = PROJECT_ROOT / "scratch"
DEFAULT_SNAPSHOT_DIR = Path(
    os.environ.get("GCM_REPORT_SNAPSHOT", PROJECT_ROOT / "data" / "snapshot")
)
# Raw publisher files: a read-only shared mirror when present, else what `data pull` fetched.
PULLED_RAW_DIR = PROJECT_ROOT / "data" / "raw"
_SHARED_RAW_DIR = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_RAW_DIR = Path(
    os.environ.get("GCM_REPORT_RAW")
    or (_SHARED_RAW_DIR if _SHARED_RAW_DIR.is_dir() else PULLED_RAW_DIR)
)

OUTPUT_FILES = (
    "report.html",
    "report.pdf",
    "report.ipynb",
    "indicators.csv",
    "annex.xlsx",
    "manifest.json",
)
INDICATOR_COLUMNS = [
    "indicator",
    "region",
    "round",
    "area",
    "year",
    "value",
    "unit",
    "members_with_data",
    "members_total",
    "status",
    "source",
]
STATISTICS_COLUMNS = [
    "indicator",
    "area",
    "round",
    "year",
    "value",
    "unit",
    "members_with_data",
    "members_total",
    "status",
    "source",
]
