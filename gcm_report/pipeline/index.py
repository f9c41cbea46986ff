"""``outputs/index.html``: every report in a region × round grid."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.data.rounds import available_rounds, get_round
from gcm_report.fsutil import write_text_atomic

__all__ = ["report_status", "write_index"]


def report_status(outputs_dir: Path, round_number: int, region: str) -> dict[str, Any]:
    """Return what is built for one report: manifest fields, or ``{"built": False}``."""
    folder = outputs_dir / f"round-{round_number}" / region
    manifest_path = folder / "manifest.json"
    failed = (outputs_dir / ".failed" / f"round-{round_number}-{region}").exists()
    if not manifest_path.is_file():
        return {"built": False, "failed_last": failed}
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return {
        "built": True,
        "failed_last": failed,
        "built_at": manifest.get("built_at", ""),
        "engine": manifest.get("engine", {}).get("name", ""),
        "snapshot": manifest.get("snapshot", {}).get("id", ""),
        "complete": all((folder / n).is_file() for n in ("report.html", "report.pdf")),
    }


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
            status = report_status(outputs_dir, n, code)
            if status["built"]:
                base = f"round-{n}/{code}"
                warn = (
                    ' <span class="warn">last rebuild failed</span>'
                    if status["failed_last"]
                    else ""
                )
                cells.append(
                    f'<td><a href="{base}/report.html">HTML</a> · <a href="{base}/report.pdf">PDF</a>'
                    f' · <a href="{base}/indicators.csv">CSV</a> · <a href="{base}/annex.xlsx">XLSX</a>'
                    f"<br><small>{html.escape(status['built_at'])}"
                    f"</small>{warn}</td>"
                )
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
.missing {{ color: #9aa5b1; font-style: italic; }} .warn {{ color: #D55E00; font-size: .85em; }}
a {{ color: #0072B2; }}
</style></head><body>
<h1>GCM regional review reports</h1>
<p>One report per UN regional commission and review round, built by gcm-report.</p>
<table><thead><tr><th>Commission</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
</body></html>
"""
    target = outputs_dir / "index.html"
    write_text_atomic(target, page)
    return target
