"""The committed data snapshot: raw publisher files → compact, checksummed Parquet tables.

``build_snapshot`` is the only code that reads raw files. Reports read the snapshot through
:class:`Snapshot`, which checks every table against the snapshot manifest before use.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from gcm_report.errors import DataError
from gcm_report.layout import DEFAULT_RAW_DIR, DEFAULT_SNAPSHOT_DIR
from gcm_report.sources import m49, undesa, worldbank
from gcm_report.sources._base import RawFile, sha256_file

__all__ = ["DEFAULT_RAW_DIR", "DEFAULT_SNAPSHOT_DIR", "TABLES", "Snapshot", "build_snapshot"]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class TableSpec:
    """How one snapshot table is made: a reader over declared raw inputs."""

    title: str
    inputs: tuple[RawFile, ...]
    build: Callable[[Path, dict[str, pd.DataFrame]], pd.DataFrame]


TABLES: dict[str, TableSpec] = {
    "m49": TableSpec(
        "UN M49 countries and areas", (m49.M49_OVERVIEW,), lambda raw, _: m49.read_m49(raw)
    ),
    "undesa_ims_2020_destination": TableSpec(
        "International migrant stock, population and shares by destination (IMS 2020)",
        (undesa.IMS_2020_DESTINATION, m49.M49_OVERVIEW),
        lambda raw, done: undesa.read_destination_workbook(raw, done["m49"]),
    ),
    "undesa_ims_2024_od": TableSpec(
        "International migrant stock by destination, origin and sex (IMS 2024)",
        (undesa.IMS_2024_OD,),
        lambda raw, _: undesa.read_origin_destination(raw, undesa.IMS_2024_OD),
    ),
    "wdi_population": TableSpec(
        "Total population (World Bank WDI SP.POP.TOTL)",
        (worldbank.WDI_POPULATION, worldbank.WDI_COUNTRY_METADATA),
        lambda raw, _: worldbank.read_population(raw),
    ),
}


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    # Drop pandas' schema metadata (it embeds the pandas version) so that the same raw
    # files always give byte-identical snapshot files.
    table = table.replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd", write_statistics=False)


def build_snapshot(
    raw_dir: str | Path = DEFAULT_RAW_DIR, snapshot_dir: str | Path = DEFAULT_SNAPSHOT_DIR
) -> dict[str, Any]:
    """Build every snapshot table from the raw files and swap it in atomically.

    The new snapshot is written to a temporary folder beside ``snapshot_dir`` and only renamed
    into place once every table has been read, validated and written, so a failure leaves the
    previous snapshot untouched.

    Returns
    -------
    dict
        The snapshot manifest.
    """
    raw_dir, snapshot_dir = Path(raw_dir), Path(snapshot_dir)
    if not raw_dir.is_dir():
        raise DataError(f"{raw_dir}: raw-data folder not found (set GCM_REPORT_RAW or --raw)")
    snapshot_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=snapshot_dir.parent))
    tmp.chmod(0o755)  # mkdtemp creates 0700; the snapshot is meant to be readable by all
    try:
        done: dict[str, pd.DataFrame] = {}
        tables: dict[str, Any] = {}
        inputs: dict[str, Any] = {}
        for name, spec in TABLES.items():
            df = spec.build(raw_dir, done)
            done[name] = df
            _write_parquet(df, tmp / f"{name}.parquet")
            tables[name] = {
                "file": f"{name}.parquet",
                "title": spec.title,
                "sha256": sha256_file(tmp / f"{name}.parquet"),
                "rows": len(df),
                "columns": {c: str(t) for c, t in df.dtypes.items()},
                "inputs": [raw.path for raw in spec.inputs],
            }
            for raw in spec.inputs:
                inputs[raw.path] = raw.as_dict()
        snapshot_id = sha256_text("".join(t["sha256"] for t in tables.values()))[:12]
        manifest = {"snapshot_id": snapshot_id, "tables": tables, "inputs": inputs}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        _swap_in(tmp, snapshot_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return manifest


def sha256_text(text: str) -> str:
    """Return the hex sha256 of a string."""
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def _swap_in(new: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class Snapshot:
    """Read access to a built snapshot; each table is checked against the manifest first."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else DEFAULT_SNAPSHOT_DIR
        self._cache: dict[str, pd.DataFrame] = {}

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """Return the snapshot manifest."""
        path = self.directory / MANIFEST
        try:
            manifest: dict[str, Any] = json.loads(path.read_text())
            return manifest
        except FileNotFoundError:
            raise DataError(f"{path}: no snapshot here (run `gcm-report data build`)") from None
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}: corrupt manifest ({exc.msg})") from None

    @property
    def snapshot_id(self) -> str:
        """Return the short id identifying this exact snapshot content."""
        return str(self.manifest["snapshot_id"])

    def table(self, name: str) -> pd.DataFrame:
        """Return table ``name`` after verifying its checksum.

        Raises
        ------
        DataError
            If the table is unknown, missing or differs from the manifest.
        """
        if name in self._cache:
            return self._cache[name]
        entry = self.manifest["tables"].get(name)
        if entry is None:
            raise DataError(f"{self.directory / MANIFEST}: snapshot has no table {name!r}")
        path = self.directory / entry["file"]
        if not path.is_file():
            raise DataError(f"{path}: snapshot table file is missing")
        if sha256_file(path) != entry["sha256"]:
            raise DataError(f"{path}: checksum differs from the snapshot manifest (corrupt?)")
        df = pd.read_parquet(path)
        self._cache[name] = df
        return df

    def provenance(self, name: str) -> list[dict[str, Any]]:
        """Return the provenance records of the raw inputs behind table ``name``."""
        entry = self.manifest["tables"][name]
        return [self.manifest["inputs"][p] for p in entry["inputs"]]

    def files(self) -> dict[str, str]:
        """Return ``{file name: sha256}`` for every file in the snapshot."""
        out = {t["file"]: t["sha256"] for t in self.manifest["tables"].values()}
        out[MANIFEST] = sha256_file(self.directory / MANIFEST)
        return out
