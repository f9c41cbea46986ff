"""Open a template in JupyterLab on the analyst's own scratch copy.

JupyterLab autosaves: run on the tracked template, it would write outputs and edited
parameters into ``notebooks/`` (and, through the jupytext pairing, its ``.py``). So analysts
work on copies in ``scratch/`` (ignored by git), and JupyterLab is rooted there, where the
tracked templates are not even in its file browser. A copy is made once and then kept, with
the analyst's edits, until ``--fresh`` asks for a new one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from gcm_report.errors import ParamsError
from gcm_report.layout import DEFAULT_SCRATCH, DEFAULT_TEMPLATE, PROJECT_ROOT, SYNTHESIS_TEMPLATE

__all__ = ["ScratchCopy", "lab_argv", "open_lab", "prepare_scratch"]

TEMPLATES = {"regional": DEFAULT_TEMPLATE, "synthesis": SYNTHESIS_TEMPLATE}


@dataclass(frozen=True)
class ScratchCopy:
    """One template's scratch copy and what happened to it."""

    template: Path
    path: Path
    created: bool
    stale: bool  # kept, but copied from an older version of the template


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy(template: Path, target: Path) -> None:
    nb = nbformat.read(template, as_version=4)
    # No jupytext pairing: saving the copy must not write a paired script next to it.
    nb.metadata.pop("jupytext", None)
    nb.metadata["gcm_report"] = {
        "copied_from": str(template.relative_to(PROJECT_ROOT)),
        "template_sha256": _sha256(template),
    }
    nbformat.write(nb, target)


def prepare_scratch(
    scratch_dir: Path = DEFAULT_SCRATCH, *, fresh: bool = False
) -> list[ScratchCopy]:
    """Copy each template into ``scratch_dir`` unless a copy is there; return the copies.

    Parameters
    ----------
    scratch_dir
        Folder of the copies (created if missing).
    fresh
        Replace existing copies (and the analyst's edits in them) with new ones.
    """
    scratch_dir.mkdir(parents=True, exist_ok=True)
    copies = []
    for template in TEMPLATES.values():
        target = scratch_dir / template.name
        created = fresh or not target.is_file()
        stale = False
        if created:
            _copy(template, target)
        else:
            recorded = nbformat.read(target, as_version=4).metadata.get("gcm_report", {})
            stale = recorded.get("template_sha256") != _sha256(template)
        copies.append(ScratchCopy(template, target, created, stale))
    return copies


def lab_argv(notebook: Path, scratch_dir: Path, extra: list[str]) -> list[str]:
    """Return the ``jupyter lab`` command line that opens ``notebook``, rooted at the copies."""
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={scratch_dir}"]
    # Jupyter refuses to start as root without this flag; containers and CI run as root.
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        argv.append("--allow-root")
    return [*argv, *extra, str(notebook)]


def open_lab(
    report: str = "regional",
    *,
    scratch_dir: Path | None = None,
    fresh: bool = False,
    extra: list[str] | None = None,
) -> None:
    """Make the scratch copies, then replace this process with JupyterLab opening one.

    Raises
    ------
    ParamsError
        If JupyterLab is not installed.
    """
    from gcm_report.pipeline.execute import ensure_kernel

    if importlib.util.find_spec("jupyterlab") is None:
        raise ParamsError("lab: JupyterLab is not installed (pip install 'gcm-report[lab]')")
    scratch_dir = (scratch_dir or DEFAULT_SCRATCH).resolve()
    copies = prepare_scratch(scratch_dir, fresh=fresh)
    ensure_kernel()  # the templates' kernelspec: the interpreter that has gcm_report
    for copy in copies:
        origin = copy.template.relative_to(PROJECT_ROOT)
        if copy.created:
            print(f"{copy.path}: new copy of {origin}")
        elif copy.stale:
            print(
                f"{copy.path}: your copy, made from an older {origin} "
                "(gcm-report lab --fresh replaces it, and your edits)"
            )
    notebook = scratch_dir / TEMPLATES[report].name
    argv = lab_argv(notebook, scratch_dir, list(extra or []))
    sys.stdout.flush()
    os.execv(argv[0], argv)
