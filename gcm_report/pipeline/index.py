"""``outputs/index.html``: every report in a region × round grid."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.data.rounds import available_rounds, get_round
from gcm_report.fsutil import write_text_atomic
from gcm_report.pipeline.outputs import failed_dir, report_dir
from gcm_report.report.format import fmt_date
from gcm_report.report.i18n import LANGUAGES

__all__ = ["read_manifest", "report_status", "write_index"]


# Fields every report manifest holds as JSON objects (see pipeline.build.run_report).
_OBJECT_FIELDS = ("report", "params", "snapshot", "code", "engine", "outputs")


def read_manifest(path: Path) -> tuple[dict[str, Any] | None, str]:
    """Return ``(manifest, "")``, or ``(None, problem)`` if ``path`` is missing or damaged.

    A damaged manifest (truncated, not JSON, not an object) must never stop ``list``, the index
    or a later build: it only means that report has to be built again.
    """
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else type(exc).__name__
        return None, f"{path}: unreadable manifest ({reason})"
    if not isinstance(manifest, dict):
        return None, f"{path}: unreadable manifest (not a JSON object)"
    for key in _OBJECT_FIELDS:
        if not isinstance(manifest.get(key), dict):
            return None, f"{path}: unreadable manifest (no {key!r} object)"
    return manifest, ""


def _text(manifest: dict[str, Any], *keys: str) -> str:
    value: Any = manifest
    for key in keys:
        value = value.get(key, "") if isinstance(value, dict) else ""
    return value if isinstance(value, str) else ""


def report_status(outputs_dir: Path, round_number: int, region: str) -> dict[str, Any]:
    """Return what is built for one report: manifest fields, or ``{"built": False}``.

    ``problem`` names a damaged manifest (the report then counts as not built).
    """
    folder = report_dir(outputs_dir, round_number, region)
    failed = failed_dir(outputs_dir, round_number, region).exists()
    manifest, problem = read_manifest(folder / "manifest.json")
    if manifest is None:
        return {"built": False, "failed_last": failed, "problem": problem}
    return {
        "built": True,
        "failed_last": failed,
        "problem": "",
        "built_at": _text(manifest, "date") or _text(manifest, "built_at"),
        "engine": _text(manifest, "engine", "name"),
        "snapshot": _text(manifest, "snapshot", "id"),
        "complete": all((folder / n).is_file() for n in ("report.html", "report.pdf")),
    }


def _versions(outputs_dir: Path, round_number: int, code: str) -> list[tuple[str, str]]:
    """Return ``(language, folder)`` of every language a report may be built in, original first.

    The order is the params file's, as its English or first found manifest records it.
    """
    from gcm_report.pipeline.params import folder_name

    folders = {lang: folder_name(code, lang) for lang in LANGUAGES}
    order: list[str] = []
    for folder in folders.values():
        manifest, _problem = read_manifest(
            report_dir(outputs_dir, round_number, folder) / "manifest.json"
        )
        listed = (manifest or {}).get("params", {}).get("languages")
        if isinstance(listed, list) and all(lang in LANGUAGES for lang in listed):
            order = list(listed)
            break
    order += [lang for lang in LANGUAGES if lang not in order]
    return [(lang, folders[lang]) for lang in order]


def write_index(outputs_dir: Path) -> Path:
    """Write ``outputs/index.html`` linking every report (HTML, PDF, CSV) and return its path."""
    rounds = available_rounds()
    head = "".join(
        f"<th>Round {n}<br><small>{html.escape(get_round(n).period)}</small></th>" for n in rounds
    )
    rows = []
    for code in (*COMMISSIONS, "synthesis"):
        cells = []
        for n in rounds:
            versions = [
                (language, folder, status)
                for language, folder in _versions(outputs_dir, n, code)
                if (status := report_status(outputs_dir, n, folder))["built"]
                or status["problem"]
                or status["failed_last"]
            ]
            lines = []
            for language, folder, status in versions:
                name = html.escape(LANGUAGES[language].name)
                label = (
                    f'<span lang="{language}" dir="{LANGUAGES[language].direction}">{name}</span>'
                )
                if status["built"]:
                    base = f"round-{n}/{folder}"
                    warn = (
                        ' <span class="warn">last rebuild failed</span>'
                        if status["failed_last"]
                        else ""
                    )
                    lines.append(
                        f'{label}: <a href="{base}/report.html" hreflang="{language}">HTML</a>'
                        f' · <a href="{base}/report.pdf" hreflang="{language}">PDF</a>'
                        f' · <a href="{base}/indicators.csv">CSV</a>'
                        f' · <a href="{base}/annex.xlsx">XLSX</a>{warn}'
                    )
                elif status["problem"]:
                    lines.append(
                        f'{label}: <span class="missing">not built (unreadable manifest)</span>'
                    )
                else:
                    lines.append(
                        f'{label}: <span class="missing">not built (last build failed)</span>'
                    )
            built = [s for _l, _f, s in versions if s["built"]]
            if lines:
                when = (
                    f"<br><small>{html.escape(_as_of(built[0]['built_at']))}</small>"
                    if built
                    else ""
                )
                cells.append(f"<td>{'<br>'.join(lines)}{when}</td>")
            else:
                cells.append('<td class="missing">not built</td>')
        if code == "synthesis":
            label = "Synthesis<br><small>all five regions side by side</small>"
        else:
            label = f"{code}<br><small>{html.escape(get_commission(code).region_name)}</small>"
        rows.append(f"<tr><th>{label}</th>{''.join(cells)}</tr>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>GCM regional review reports</title>
<style>
body {{ font-family: sans-serif; color: #1f2933; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
h1 {{ color: #0072B2; }} table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #d9dee3; padding: .6rem .8rem; text-align: left; vertical-align: top; }}
thead th {{ background: #0072B2; color: white; }} small {{ color: #5f6b7a; }}
thead small {{ color: #ffffff; }}
.missing {{ color: #5f6b7a; font-style: italic; }} .warn {{ color: #D55E00; font-size: .85em; }}
a {{ color: #0072B2; }}
</style></head><body><main>
<h1>GCM regional review reports</h1>
<p>One report per UN regional commission and review round, built by gcm-report.</p>
<table><thead><tr><th>Commission</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
</main></body></html>
"""
    target = outputs_dir / "index.html"
    # Rewritten only when its content changes: a build that had nothing to do touches nothing.
    try:
        unchanged = target.read_text(encoding="utf-8") == page
    except (OSError, UnicodeDecodeError):
        unchanged = False
    if not unchanged:
        write_text_atomic(target, page)
    return target


def _as_of(stamp: str) -> str:
    """Return a manifest's date as a reader says it ("dated 1 December 2026").

    Builds date a report by the last commit of the data snapshot (reproducible), not the clock.
    """
    try:
        day = dt.datetime.fromisoformat(stamp).date()
    except ValueError:
        return stamp
    return f"dated {fmt_date(day)}"
