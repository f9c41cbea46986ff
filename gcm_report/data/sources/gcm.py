"""The 23 objectives of the Global Compact for Migration and their actions (reference text).

Source: the Global Compact for Safe, Orderly and Regular Migration, UN General Assembly
resolution A/RES/73/195 (19 December 2018), paragraphs 17–39. The file read here is a JSON
transcription parsed from the ``iomeval`` package (some action texts are abridged upstream: cite
the resolution for verbatim wording). :data:`ROUND_TABLES` groups the objectives into the four
round tables of the regional reviews.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pandas as pd

from gcm_report.data.sources._base import RawFile, resolve_raw, validate_table
from gcm_report.errors import DataError

__all__ = [
    "GCM_OBJECTIVES",
    "N_ACTIONS",
    "N_OBJECTIVES",
    "ROUND_TABLES",
    "read_actions",
    "read_objectives",
]

GCM_OBJECTIVES = RawFile(
    path="gcm/gcm_objectives.json",
    sha256="30e762ce13cf32a8a802f10b822781d8ab54e8b476704013824aed5dc09d5fa8",
    publisher="United Nations General Assembly",
    title="Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195): objectives, "
    "commitments and actions",
    url="https://undocs.org/A/RES/73/195",
    licence="UN document (public); transcription from iomeval 0.4.1, Apache-2.0",
    vintage="A/RES/73/195, adopted 2018-12-19",
    official=False,
    note="Parsed (not edited) into JSON from PyPI package iomeval 0.4.1 (repository "
    "franckalbinet/iomeval), files iomeval/files/themes/gcms_long.md (titles, commitments, "
    "actions) and gcms_short.md (short labels; none for objective 20, which the short file "
    "replaces by a copy of objective 2)",
    citation="United Nations General Assembly (2018). Global Compact for Safe, Orderly and "
    "Regular Migration, A/RES/73/195, 19 December 2018; text as transcribed in iomeval 0.4.1.",
    download_url=None,
    needs_browser_agent=False,
)

# Round tables of the regional reviews: id -> (theme, GCM objectives discussed there), as in
# shared/reference/review-process.md ("How regional reviews group the 23 objectives"). Every
# objective belongs to exactly one round table (checked on import and when reading).
ROUND_TABLES: dict[str, tuple[str, tuple[int, ...]]] = {
    "RT1": ("Voluntary, orderly and regular migration", (2, 5, 6, 12, 18)),
    "RT2": ("Rights-based border governance", (4, 8, 9, 10, 11, 13, 21)),
    "RT3": ("Integration and development", (14, 15, 16, 19, 20, 22)),
    "RT4": ("Data, evidence and cooperation", (1, 3, 7, 17, 23)),
}
N_OBJECTIVES = 23
N_ACTIONS = 187  # lettered actions over the 23 objectives of A/RES/73/195

_TOP_FIELDS = ("source", "objectives")
_OBJECTIVE_FIELDS = ("objective", "title", "commitment", "actions")
_ACTION_FIELDS = ("id", "text", "short_label")


def _round_table_of() -> dict[int, str]:
    """Return objective -> round table, checking that the round tables partition 1–23."""
    found: dict[int, str] = {}
    for rt, (_theme, objectives) in ROUND_TABLES.items():
        for objective in objectives:
            if objective in found:
                raise DataError(
                    f"ROUND_TABLES: objective {objective} in {found[objective]} and {rt}"
                )
            found[objective] = rt
    if sorted(found) != list(range(1, N_OBJECTIVES + 1)):
        missing = sorted(set(range(1, N_OBJECTIVES + 1)) - set(found))
        raise DataError(f"ROUND_TABLES: objectives {missing} in no round table")
    return found


_ROUND_TABLE_OF = _round_table_of()


def _expect_fields(where: str, obj: Any, fields: tuple[str, ...]) -> None:
    """Raise a one-line DataError naming the first missing or unexpected JSON field."""
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected an object, found {type(obj).__name__}")
    for field in fields:
        if field not in obj:
            raise DataError(f"{where}: field {field!r} is missing")
    extra = [k for k in obj if k not in fields]
    if extra:
        raise DataError(f"{where}: unexpected field {extra[0]!r}")


def _text(where: str, value: Any, *, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: expected non-empty text, found {value!r}")
    return value.strip()


def _load(raw_dir: Path, raw: RawFile) -> tuple[Path, list[dict[str, Any]]]:
    """Return the checked list of objectives of the declared JSON file."""
    path = resolve_raw(raw_dir, raw)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise DataError(f"{path}: unreadable JSON ({str(exc).splitlines()[0]})") from None
    _expect_fields(str(path), doc, _TOP_FIELDS)
    objectives = doc["objectives"]
    if not isinstance(objectives, list):
        raise DataError(f"{path}: field 'objectives' is not a list")
    for i, obj in enumerate(objectives):
        _expect_fields(f"{path}: objectives[{i}]", obj, _OBJECTIVE_FIELDS)
        if not isinstance(obj["actions"], list):
            raise DataError(f"{path}: objectives[{i}].actions is not a list")
        for j, action in enumerate(obj["actions"]):
            _expect_fields(f"{path}: objectives[{i}].actions[{j}]", action, _ACTION_FIELDS)
    numbers = [obj["objective"] for obj in objectives]
    if numbers != list(range(1, N_OBJECTIVES + 1)):
        raise DataError(f"{path}: objectives numbered {numbers}, expected 1 to {N_OBJECTIVES}")
    return path, objectives


def read_objectives(raw_dir: Path, raw: RawFile = GCM_OBJECTIVES) -> pd.DataFrame:
    """Read the 23 GCM objectives with their commitment and round table.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    raw
        The declared JSON file (a corrected transcription with the same layout may be passed).

    Returns
    -------
    DataFrame
        23 rows sorted by ``objective`` (int8, 1–23): ``title``, ``commitment`` (the
        commitment paragraph), ``round_table`` (``RT1``–``RT4``) and ``round_table_theme``.
    """
    path, objectives = _load(raw_dir, raw)
    rows = [
        {
            "objective": obj["objective"],
            "title": _text(f"{path}: objectives[{i}].title", obj["title"]),
            "commitment": _text(f"{path}: objectives[{i}].commitment", obj["commitment"]),
            "round_table": _ROUND_TABLE_OF[obj["objective"]],
            "round_table_theme": ROUND_TABLES[_ROUND_TABLE_OF[obj["objective"]]][0],
        }
        for i, obj in enumerate(objectives)
    ]
    text = ["title", "commitment", "round_table", "round_table_theme"]
    out = pd.DataFrame(rows).astype({"objective": "int8"} | dict.fromkeys(text, "str"))
    out = out.sort_values("objective", ignore_index=True)
    validate_table(
        out,
        str(path),
        keys=["objective"],
        dtypes={"objective": "i"} | dict.fromkeys(text, "O"),
    )
    return out


def read_actions(raw_dir: Path, raw: RawFile = GCM_OBJECTIVES) -> pd.DataFrame:
    """Read the lettered actions of the 23 GCM objectives.

    Parameters
    ----------
    raw_dir
        Raw-data root laid out like ``../shared/data``.
    raw
        The declared JSON file (a corrected transcription with the same layout may be passed).

    Returns
    -------
    DataFrame
        187 rows sorted by ``objective`` (int8) and ``action`` (letter ``a``, ``b``, ...):
        ``text`` (action text, abridged in places upstream) and ``short_label`` (abbreviated
        text; missing for all actions of objective 20, see :data:`GCM_OBJECTIVES`).

    Raises
    ------
    DataError
        The layout differs, an objective's actions are not lettered a, b, c, ... in order, or
        the number of actions is not 187.
    """
    path, objectives = _load(raw_dir, raw)
    rows = []
    for i, obj in enumerate(objectives):
        letters = [action["id"] for action in obj["actions"]]
        expected = list(string.ascii_lowercase[: len(letters)])
        if letters != expected:
            raise DataError(
                f"{path}: objectives[{i}] (objective {obj['objective']}) has actions "
                f"{''.join(map(str, letters))}, expected {''.join(expected)}"
            )
        for j, action in enumerate(obj["actions"]):
            where = f"{path}: objectives[{i}].actions[{j}]"
            rows.append(
                {
                    "objective": obj["objective"],
                    "action": action["id"],
                    "text": _text(f"{where}.text", action["text"]),
                    "short_label": _text(
                        f"{where}.short_label", action["short_label"], nullable=True
                    ),
                }
            )
    if len(rows) != N_ACTIONS:
        raise DataError(f"{path}: {len(rows)} actions, expected {N_ACTIONS}")
    # short_label keeps its inferred text dtype: casting would turn None into the text "None"
    # under pandas 2.
    out = pd.DataFrame(rows).astype({"objective": "int8", "action": "str", "text": "str"})
    out = out.sort_values(["objective", "action"], ignore_index=True)
    validate_table(
        out,
        str(path),
        keys=["objective", "action"],
        dtypes={"objective": "i", "action": "O", "text": "O", "short_label": "O"},
    )
    return out
