"""The template notebook: committed clean, paired with its script, defaults that run as is.

nbval (configured in pyproject.toml) also executes notebooks/regional_review.ipynb top to bottom
with its default parameters, as an analyst opening it in JupyterLab would.
"""

from __future__ import annotations

import warnings

import jupytext
import nbformat
import pytest

from gcm_report.errors import ParamsError
from gcm_report.layout import SYNTHESIS_TEMPLATE
from gcm_report.pipeline.build import DEFAULT_TEMPLATE
from gcm_report.pipeline.execute import KERNEL_NAME
from gcm_report.pipeline.notebook import UnknownParameterWarning, check_parameters
from gcm_report.pipeline.params import NOTEBOOK_PARAMETERS, ReportParams

TEMPLATES = {"regional": DEFAULT_TEMPLATE, "synthesis": SYNTHESIS_TEMPLATE}


def _parameters(template) -> dict[str, object]:
    nb = nbformat.read(template, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    namespace: dict[str, object] = {}
    exec(cells[0].source, namespace)
    namespace.pop("__builtins__")
    return namespace


def test_template_is_committed_without_outputs():
    nb = nbformat.read(DEFAULT_TEMPLATE, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_parameters_cell_has_runnable_defaults():
    namespace = _parameters(DEFAULT_TEMPLATE)
    assert (namespace["region"], namespace["round"]) == ("ECE", 2)


@pytest.mark.parametrize("report", ["regional", "synthesis"])
def test_parameter_names_agree_with_params_files(report):
    # The parameters cell defines exactly what a build injects (a params file's keys, under the
    # same names) plus snapshot_dir; the setup cell checks against the same list.
    assert tuple(_parameters(TEMPLATES[report])) == NOTEBOOK_PARAMETERS[report]
    params = ReportParams(report=report, region="ECE" if report == "regional" else None, round=1)
    assert set(params.notebook_parameters()) <= set(NOTEBOOK_PARAMETERS[report])
    assert set(params.notebook_parameters()) <= set(ReportParams.model_fields)


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=TEMPLATES)
def test_templates_run_on_the_kernel_builds_use(template):
    assert nbformat.read(template, as_version=4).metadata.kernelspec.name == KERNEL_NAME
    header = template.with_suffix(".py").read_text(encoding="utf-8")
    assert f"#     name: {KERNEL_NAME}\n" in header


def test_unknown_parameters_warn_and_missing_ones_fail():
    namespace = {"region": "ECE", "round": 2, "top_n": 10, "snapshot_dir": "", "language": "en"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_parameters(namespace | {"display": print, "_": 3, "In": []}) == []
    # The old name, typed by habit, is reported, not silently ignored.
    with pytest.warns(UnknownParameterWarning, match="review_round: not used"):
        assert check_parameters(namespace | {"review_round": 1}) == ["review_round"]
    with pytest.warns(
        UnknownParameterWarning, match="whose parameters are round, language, snapshot_dir"
    ):
        check_parameters(
            {"round": 2, "snapshot_dir": "", "language": "en", "region": "ECE"}, "synthesis"
        )
    # Without its assignment, `round` is Python's builtin function, not a review round.
    with pytest.raises(ParamsError, match="parameter 'round' is not set"):
        check_parameters(namespace | {"round": round})


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
