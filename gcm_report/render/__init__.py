"""Rendering engines: ``builtin`` (pandoc + typst + own HTML) and ``quarto``.

Both take the Papermill-executed notebook as it is; neither re-executes it.
"""

from __future__ import annotations

import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from gcm_report.errors import ParamsError

if TYPE_CHECKING:
    from gcm_report.render.document import Document

__all__ = ["ENGINES", "render_report", "resolve_engine"]

ENGINES = ("auto", "quarto", "builtin")


def resolve_engine(engine: str) -> str:
    """Return the concrete engine: ``auto`` picks ``quarto`` when it is on PATH.

    Raises
    ------
    ParamsError
        If the engine is unknown, or ``quarto`` is asked for but not installed.
    """
    if engine not in ENGINES:
        raise ParamsError(f"--engine: {engine!r} is not one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "quarto" if shutil.which("quarto") else "builtin"
    if engine == "quarto" and not shutil.which("quarto"):
        raise ParamsError("--engine: quarto is not on PATH (install quarto, or use builtin)")
    return engine


def _write(path: Path, data: bytes) -> None:
    """Write a rendered file; an OSError (disk full, say) names the file it was writing."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def render_report(
    engine: str,
    doc: Document,
    work: Path,
    *,
    date: datetime,
    version: str,
    languages: dict[str, str] | None = None,
) -> dict[str, float]:
    """Write ``report.html`` and ``report.pdf`` into ``work`` and return timings in seconds.

    The page furniture (contents, footer, cover labels) is written in the document's language
    (``doc.meta["language"]``); ``date`` is the production date printed and written into the
    PDF; ``languages`` maps the report's languages to the addresses of their versions,
    relative to this one.
    """
    from gcm_report.report.format import fmt_date
    from gcm_report.report.i18n import _, set_language

    set_language(str(doc.meta.get("language") or "en"))
    built = _("{date} with gcm-report {version}").format(date=fmt_date(date), version=version)
    timings: dict[str, float] = {}
    if engine == "quarto":
        from gcm_report.render.quarto import render_quarto

        t = time.perf_counter()
        render_quarto(doc, work, built=built, date=date)
        timings["quarto"] = time.perf_counter() - t
        return timings
    from gcm_report.render.html import render_html
    from gcm_report.render.pdf import render_pdf

    t = time.perf_counter()
    footer = _("{commission} · {title} · Round {n} · produced {built}").format(
        commission=doc.meta.get("commission", ""),
        title=doc.title,
        n=doc.meta.get("round", ""),
        built=built,
    )
    page = render_html(doc, footer=footer, languages=languages)
    _write(work / "report.html", page.encode("utf-8"))
    timings["html"] = time.perf_counter() - t
    t = time.perf_counter()
    _write(work / "report.pdf", render_pdf(doc, work / "_pdf", built=built, timestamp=date))
    timings["pdf"] = time.perf_counter() - t
    return timings
