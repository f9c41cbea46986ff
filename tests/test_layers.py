"""The package's layers import only downwards: data → analysis → report → render → pipeline → cli.

Modules outside the layer folders (errors, fsutil, layout, codeversion) are shared utilities that
import no layer. A lazy import inside a function counts like any other: the rule is about which
concern may know about which, not about import time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gcm_report"
LAYERS = ["data", "analysis", "report", "render", "pipeline", "cli"]
SHARED = {"errors", "fsutil", "layout", "codeversion", "__init__", "__version__"}
# Packages that only hold data files (message catalogs); they import nothing.
DATA_PACKAGES = {"locale"}


def _layer(module: str) -> str | None:
    """Return the layer of a dotted module under gcm_report (None for shared modules)."""
    parts = module.split(".")
    if parts[0] != "gcm_report" or len(parts) == 1:
        return None
    head = parts[1]
    if head in SHARED:
        return None
    return head


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            if node.module == "gcm_report":
                out += [(node.lineno, f"gcm_report.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
    return [(n, m) for n, m in out if m.startswith("gcm_report")]


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer_or_shared():
    stray = []
    for path in MODULES:
        rel = path.relative_to(PACKAGE)
        top = rel.parts[0].removesuffix(".py")
        if top not in LAYERS and top not in SHARED and top not in DATA_PACKAGES:
            stray.append(str(rel))
    assert not stray, f"modules outside the layer folders: {stray}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_from_lower_layers(path):
    rel = path.relative_to(PACKAGE)
    own = rel.parts[0].removesuffix(".py")
    wrong = []
    for line, module in _imports(path):
        target = _layer(module)
        if target is None or target == own:
            continue
        if own in SHARED:
            wrong.append(f"line {line}: shared module imports layer {target} ({module})")
        elif LAYERS.index(target) > LAYERS.index(own):
            wrong.append(f"line {line}: {own} imports the higher layer {target} ({module})")
    assert not wrong, f"{rel}: " + "; ".join(wrong)
