"""What a template's setup cell runs inside its kernel: check the parameters, set up display.

Papermill injects a build's parameters as plain assignments, and an analyst types them in the
parameters cell; either way a misspelt or outdated name (``review_round``) would otherwise be
ignored without a word, the report quietly keeping its default.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from gcm_report.errors import ParamsError
from gcm_report.pipeline.params import NOTEBOOK_PARAMETERS

__all__ = ["UnknownParameterWarning", "check_parameters", "setup_notebook"]

# Names IPython itself puts in a notebook's namespace.
_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}
# Values a parameters cell (or Papermill's injected cell) can hold: literals.
_LITERALS = (str, int, float, bool, type(None), list, tuple, dict)


class UnknownParameterWarning(UserWarning):
    """A notebook variable looks like a parameter but is not one the template reads."""


def check_parameters(namespace: Mapping[str, Any], report: str = "regional") -> list[str]:
    """Warn about unknown parameters in a notebook's namespace; return their names.

    Any top-level literal (string, number, list, ...) that is not one of the template's
    parameters counts as unknown: the setup cell runs right after the parameters cells, when
    those are the only literals the notebook has defined.

    Raises
    ------
    ParamsError
        One line naming a parameter the parameters cell does not set.
    """
    known = NOTEBOOK_PARAMETERS[report]
    for name in known:
        # A deleted `round = ...` would leave the builtin round() in its place.
        if name not in namespace or not isinstance(namespace[name], _LITERALS):
            raise ParamsError(f"parameter '{name}' is not set in the parameters cell")
    unknown = sorted(
        name
        for name, value in namespace.items()
        if not name.startswith("_")
        and name not in _IPYTHON_NAMES
        and name not in known
        and isinstance(value, _LITERALS)
    )
    if unknown:
        warnings.warn(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}: "
            f"not used by this notebook, whose parameters are {', '.join(known)}",
            UnknownParameterWarning,
            stacklevel=3,
        )
    return unknown


def setup_notebook(namespace: Mapping[str, Any], report: str = "regional") -> None:
    """Check the parameters and, in JupyterLab, give the notebook the report's look.

    Called by each template's setup cell with ``globals()``. Under JupyterLab it displays the
    report's fonts, block styles and live-chart script (:mod:`gcm_report.render.lab`); in a
    build it displays nothing.
    """
    check_parameters(namespace, report)
    from gcm_report.render import lab

    if lab.wanted():
        lab.display_head(str(namespace.get("language") or "en"))
