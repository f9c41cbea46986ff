"""The template notebook: committed clean, paired with its script, defaults that run as is.

nbval (configured in pyproject.toml) also executes notebooks/regional_review.ipynb top to bottom
with its default parameters, as an analyst opening it in JupyterLab would.
"""

from __future__ import annotations

import jupytext
import nbformat

from gcm_report.pipeline.build import DEFAULT_TEMPLATE


def test_template_is_committed_without_outputs():
    nb = nbformat.read(DEFAULT_TEMPLATE, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_parameters_cell_has_runnable_defaults():
    nb = nbformat.read(DEFAULT_TEMPLATE, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    namespace: dict[str, object] = {}
    exec(params[0].source, namespace)
    assert (namespace["region"], namespace["review_round"]) == ("ECE", 2)


def test_paired_script_matches_notebook():
    ipynb = jupytext.read(DEFAULT_TEMPLATE)
    script = jupytext.read(DEFAULT_TEMPLATE.with_suffix(".py"))
    assert [(c.cell_type, c.source) for c in ipynb.cells] == [
        (c.cell_type, c.source) for c in script.cells
    ], "run: jupytext --sync notebooks/regional_review.ipynb"


def test_template_holds_no_computation():
    # Narrative and display calls only: numbers are computed in gcm_report, where they're tested.
    nb = nbformat.read(DEFAULT_TEMPLATE, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for forbidden in ("read_csv", "read_parquet", "read_excel", "open(", ".sum(", "groupby"):
        assert forbidden not in code


def test_templates_call_every_registered_section_once_in_order():
    import re

    from gcm_report.layout import SYNTHESIS_TEMPLATE
    from gcm_report.report.sections import REGIONAL, SYNTHESIS

    for template, sections in ((DEFAULT_TEMPLATE, REGIONAL), (SYNTHESIS_TEMPLATE, SYNTHESIS)):
        nb = nbformat.read(template, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert tuple(re.findall(r'report\.section\("(\w+)"\)', code)) == sections, template
