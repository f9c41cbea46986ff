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
    # One report per params file and language: ECE in English, French and Russian, ...
    reports = {(n, c) for n in available_rounds() for c in (*COMMISSIONS, "synthesis")}
    languages = {
        "ECA": ("fr",), "ECE": ("fr", "ru"), "ECLAC": ("es",), "ESCAP": ("ru",),
        "ESCWA": ("ar",), "synthesis": ("fr",),
    }  # fmt: skip
    expected = reports | {(n, f"{c}-{lang}") for n, c in reports for lang in languages[c]}
    assert {f.key for f in files} == expected
    assert len(expected) == 26
    first = load_params(ROOT / "params" / "round-2" / "ECE.yml").params
    assert first.notebook_parameters() == {
        "region": "ECE",
        "round": 2,
        "language": "en",
        "top_n": 10,
    }


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


def _copy_params(tmp_path: Path) -> Path:
    import shutil

    params = tmp_path / "params"
    shutil.copytree(ROOT / "params", params)
    return params


def _one_line_exit_2(capsys, argv: list[str]) -> str:
    status = main(argv)
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert status == 2, (status, err)
    assert err.count("\n") == 0, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("rename", [None, "ECE.yaml"])
def test_selection_without_its_params_file_is_exit_2(tmp_path, capsys, rename):
    # Defect 6: --region ECE --round 2 with the file missing (or named .yaml) built only the
    # synthesis and exited 0.
    params = _copy_params(tmp_path)
    ece = params / "round-2" / "ECE.yml"
    if rename:
        ece.rename(ece.with_name(rename))
    else:
        ece.unlink()
    outputs = tmp_path / "outputs"
    argv = ["build", "--params", str(params), "--outputs", str(outputs)]
    err = _one_line_exit_2(capsys, [*argv, "--region", "ECE", "--round", "2"])
    if rename:
        assert str(params / "round-2" / "ECE.yaml") in err and ".yml" in err
    else:
        assert str(ece) in err and "ECE" in err
    assert not outputs.exists()


def test_params_file_that_is_not_utf8_is_one_line(tmp_path):
    # Defect 7: a traceback and exit 1.
    path = tmp_path / "round-2" / "ECE.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes("region: ECE\nround: 2\n# caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ParamsError) as info:
        load_params(path)
    line = str(info.value)
    assert line.startswith(str(path)) and "UTF-8" in line and "\n" not in line


def test_params_file_that_is_not_utf8_exits_2(tmp_path, capsys):
    params = _copy_params(tmp_path)
    (params / "round-1" / "ECA.yml").write_bytes(b"region: EC\xc0\nround: 1\n")
    err = _one_line_exit_2(capsys, ["build", "--params", str(params), "--outputs", str(tmp_path)])
    assert "round-1/ECA.yml" in err and "UTF-8" in err


def test_duplicate_keys_are_refused(tmp_path):
    # Defect 8: the second value silently won.
    path = _write(tmp_path, "round-2/ECE.yml", "region: ECE\nround: 2\ntop_n: 5\ntop_n: 12\n")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    line = str(info.value)
    assert line.startswith(str(path)) and "duplicate key 'top_n'" in line and "line 4" in line


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "--jobs", "0"], "--jobs"),
        (["build", "--jobs", "-3"], "--jobs"),
        (["build", "--round", "two"], "--round"),
        (["build", "--template", "/nonexistent/regional_review.ipynb"], "--template"),
        (["build", "--snapshot", "/nonexistent/snapshot"], "--snapshot"),
        (["data", "pull", "--from", "/tmp", "--mirror-url", "http://127.0.0.1:1/"], "--from"),
        (["data", "pull", "--retries", "-1"], "--retries"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(tmp_path, capsys, argv, message):
    # Defect 15: tracebacks, an accepted --jobs 0, and a missing --template failing each report.
    outputs = tmp_path / "outputs"
    extra = ["--outputs", str(outputs)] if argv[0] == "build" else []
    err = _one_line_exit_2(capsys, [*argv, *extra])
    assert message in err
    assert not outputs.exists()  # refused before any folder, kernel or download
