"""Report parameters: one YAML file per report, validated before any kernel starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gcm_report.data.regions import get_commission
from gcm_report.data.rounds import get_round
from gcm_report.errors import ParamsError

__all__ = [
    "NOTEBOOK_PARAMETERS",
    "SOURCE_LANGUAGE",
    "SYNTHESIS",
    "ParamsFile",
    "ReportParams",
    "discover_params",
    "folder_name",
    "load_params",
]


SYNTHESIS = "synthesis"

# The names each template's parameters cell defines: the keys of a params file (as
# ReportParams.notebook_parameters passes them) plus ``snapshot_dir`` (from `build --snapshot`).
NOTEBOOK_PARAMETERS: dict[str, tuple[str, ...]] = {
    "regional": ("region", "round", "language", "top_n", "snapshot_dir"),
    SYNTHESIS: ("round", "language", "snapshot_dir"),
}
# The language a report is written in when its params file names none.
SOURCE_LANGUAGE = "en"


class ReportParams(BaseModel):
    """Validated parameters of one report: a regional review, or a round's synthesis.

    Only these values reach the notebook, and only as Papermill parameters.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    report: Literal["regional", "synthesis"] = Field(
        default="regional", description="Report type: one region, or all five side by side"
    )
    region: str | None = Field(
        default=None, description="Commission code (regional reports): ECA, ECE, ..."
    )
    round: int = Field(description="Review round number, as defined in reference/rounds.yml")
    top_n: int = Field(default=10, ge=3, le=30, description="Rows in top-country tables")
    languages: tuple[str, ...] = Field(
        default=(SOURCE_LANGUAGE,),
        min_length=1,
        description="Languages the report is published in (en, fr, es, ru, ar), original first",
    )
    # Which of `languages` this report is: set by the build for each of them.
    language: str = Field(
        default=SOURCE_LANGUAGE, description="The language of this report (set by the build)"
    )

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from gcm_report.report.i18n import LANGUAGES, catalog_path

        for code in value:
            if code not in LANGUAGES:
                raise ValueError(f"{code!r} is not a report language ({', '.join(LANGUAGES)})")
            if code != SOURCE_LANGUAGE and not catalog_path(code).is_file():
                raise ValueError(f"{code!r} has no message catalog ({catalog_path(code)})")
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            get_commission(value)
        except ParamsError as exc:  # pydantic only collects ValueErrors
            raise ValueError(str(exc)) from None
        return value

    @field_validator("round")
    @classmethod
    def _known_round(cls, value: int) -> int:
        try:
            get_round(value)
        except ParamsError as exc:
            raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _region_matches_report(self) -> ReportParams:
        if self.report == "regional" and self.region is None:
            raise ValueError("a regional report needs a region")
        if self.report == SYNTHESIS and self.region is not None:
            raise ValueError("a synthesis covers all regions: remove 'region'")
        if self.language not in self.languages and self.language != SOURCE_LANGUAGE:
            raise ValueError(f"language {self.language!r} is not among 'languages'")
        return self

    @property
    def base_name(self) -> str:
        """Return the name of the report in any language: its region code, or ``synthesis``."""
        return self.region or SYNTHESIS

    @property
    def name(self) -> str:
        """Return the report's name: ``ECLAC`` in English, ``ECLAC-es`` in Spanish, ...

        It names the report's folder (``outputs/round-<n>/<name>/``) and identifies it in a
        build.
        """
        return folder_name(self.base_name, self.language)

    def in_language(self, language: str) -> ReportParams:
        """Return these parameters for the report in ``language`` (one of ``languages``)."""
        return self.model_copy(update={"language": language})

    def variants(self) -> list[ReportParams]:
        """Return one report per language of ``languages``, in their order."""
        return [self.in_language(code) for code in self.languages]

    def notebook_parameters(self) -> dict[str, Any]:
        """Return the Papermill parameters: the params file's keys, under the same names."""
        if self.report == SYNTHESIS:
            return {"round": self.round, "language": self.language}
        return {
            "region": self.region,
            "round": self.round,
            "language": self.language,
            "top_n": self.top_n,
        }


def folder_name(base: str, language: str) -> str:
    """Return the folder name of report ``base`` (``ECLAC``, ``synthesis``) in ``language``."""
    return base if language == SOURCE_LANGUAGE else f"{base}-{language}"


@dataclass(frozen=True)
class ParamsFile:
    """A params file on disk and its validated content."""

    path: Path
    params: ReportParams

    @property
    def key(self) -> tuple[int, str]:
        """Return ``(round, name)``, the report's identity."""
        return (self.params.round, self.params.name)


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    # Model-level checks (_region_matches_report) are all about the region.
    field = ".".join(str(p) for p in err["loc"]) or "region"
    if err["type"] == "extra_forbidden":
        return field, "unknown key"
    if err["type"] == "missing":
        return field, "required key is missing"
    ctx_error = err.get("ctx", {}).get("error")
    message = str(ctx_error) if isinstance(ctx_error, ValueError) else err["msg"]
    return field, message


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    """Return the parsed YAML of ``path``; every problem is one ParamsError line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParamsError(f"{path}: cannot read params file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParamsError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}); "
            "save the file as UTF-8"
        ) from None
    try:
        # A SafeLoader subclass: only plain data, as with yaml.safe_load.
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None)
        detail = f": {problem}" if problem else ""
        raise ParamsError(f"{path}: invalid YAML{where}{detail}") from None


def load_params(path: str | Path) -> ParamsFile:
    """Read and validate one params file.

    The file must live at ``params/round-<n>/<REGION>.yml`` and agree with its own path, so a
    copied file that was not edited cannot silently overwrite another region's report.

    Raises
    ------
    ParamsError
        One line naming the file and the offending field.
    """
    path = Path(path)
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise ParamsError(f"{path}: expected a mapping of keys to values")
    try:
        params = ReportParams.model_validate(raw)
    except ValidationError as exc:
        field, message = _first_error(exc)
        raise ParamsError(f"{path}: field '{field}': {message}") from None
    if path.stem != params.base_name:
        field = "report" if params.report == SYNTHESIS or path.stem == SYNTHESIS else "region"
        raise ParamsError(
            f"{path}: field '{field}': {params.base_name!r} does not match the file name "
            f"{path.stem!r}"
        )
    if path.parent.name != f"round-{params.round}":
        raise ParamsError(
            f"{path}: field 'round': {params.round} does not match the folder {path.parent.name!r}"
        )
    return ParamsFile(path=path, params=params)


def discover_params(params_dir: str | Path) -> list[Path]:
    """Return every ``round-*/<REGION>.yml`` file under ``params_dir``, sorted.

    Raises
    ------
    ParamsError
        If a round folder holds a ``.yaml`` file: it would otherwise be silently ignored, and
        its report silently not built.
    """
    for other in sorted(Path(params_dir).glob("round-*/*.yaml")):
        raise ParamsError(f"{other}: params files must end in .yml (rename it to {other.stem}.yml)")
    return sorted(Path(params_dir).glob("round-*/*.yml"))
