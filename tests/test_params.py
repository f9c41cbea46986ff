"""Params files: validated before any kernel starts, one clear line on error, exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from gcm_report.cli import main
from gcm_report.data.regions import COMMISSIONS
from gcm_report.data.rounds import available_rounds
from gcm_report.errors import ParamsError
from gcm_report.pipeline.build import select_params
from gcm_report.pipeline.params import load_params
from tests.conftest import ROOT


def _write(tmp_path: Path, rel: str, text: str) -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_committed_params_cover_every_region_and_round():
    files = select_params(ROOT / "params")
    expected = {(n, c) for n in available_rounds() for c in (*COMMISSIONS, "synthesis")}
    assert {f.key for f in files} == expected
    first = load_params(ROOT / "params" / "round-2" / "ECE.yml").params
    assert first.notebook_parameters() == {"region": "ECE", "round": 2, "top_n": 10}


@pytest.mark.parametrize(
    ("rel", "text", "field", "message"),
    [
        ("round-2/XYZ.yml", "region: XYZ\nround: 2\n", "region", "unknown region 'XYZ'"),
        ("round-9/ECE.yml", "region: ECE\nround: 9\n", "round", "unknown round 9"),
        ("round-2/ECE.yml", "region: ECE\nround: 2\ncolour: red\n", "colour", "unknown key"),
        ("round-2/ECE.yml", "round: 2\n", "region", "a regional report needs a region"),
        (
            "round-2/synthesis.yml",
            "report: synthesis\nround: 2\nregion: ECE\n",
            "region",
            "covers all regions",
        ),
        ("round-2/ECE.yml", "report: synthesis\nround: 2\n", "report", "does not match"),
        ("round-2/synthesis.yml", "report: summary\nround: 2\n", "report", "'regional' or"),
        ("round-2/ECE.yml", "region: ECE\nround: 2\ntop_n: 500\n", "top_n", "less than or equal"),
        ("round-2/ECE.yml", "region: ECA\nround: 2\n", "region", "does not match the file name"),
        ("round-1/ECE.yml", "region: ECE\nround: 2\n", "round", "does not match the folder"),
    ],
)
def test_invalid_params_name_file_and_field(tmp_path, rel, text, field, message):
    path = _write(tmp_path, rel, text)
    with pytest.raises(ParamsError) as info:
        load_params(path)
    line = str(info.value)
    assert "\n" not in line
    assert line.startswith(str(path))
    assert f"field '{field}'" in line
    assert message in line


def test_invalid_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "round-2/ECE.yml", "region: ECE\nround: [2\n")
    with pytest.raises(ParamsError, match=r"ECE.yml: invalid YAML at line \d"):
        load_params(path)


def test_cli_exits_2_with_one_line_and_starts_nothing(tmp_path, capsys):
    params = tmp_path / "params"
    _write(params, "round-2/ECE.yml", "region: ECE\nround: 2\n")
    _write(params, "round-2/ESCWA.yml", "region: ESCWA\nround: 2\nsections: all\n")
    outputs = tmp_path / "outputs"
    status = main(["build", "--params", str(params), "--outputs", str(outputs)])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert err.count("\n") == 0
    assert "ESCWA.yml" in err and "field 'sections': unknown key" in err
    assert not outputs.exists()  # validated before any kernel or folder was touched


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "--region", "EUROPE"], "unknown region 'EUROPE'"),
        (["build", "--round", "7"], "unknown round 7"),
        (["build", "--engine", "latex"], "--engine: 'latex' is not one of"),
    ],
)
def test_cli_rejects_unknown_selection(tmp_path, capsys, argv, message):
    status = main([*argv, "--outputs", str(tmp_path / "out")])
    assert status == 2
    assert message in capsys.readouterr().err
