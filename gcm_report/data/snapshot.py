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
from typing import Any, ClassVar

import pandas as pd

from gcm_report.data.manifest import MANIFEST, load_manifest
from gcm_report.data.publications import Publication
from gcm_report.data.sources import gcm, geo, idmc, iom_mmp, m49, sdg, undesa, unhcr, worldbank
from gcm_report.data.sources._base import RawFile, declared_step, reading, sha256_file
from gcm_report.errors import DataError
from gcm_report.fsutil import exclusive_lock, replace_dir
from gcm_report.layout import DEFAULT_RAW_DIR, DEFAULT_SNAPSHOT_DIR

__all__ = ["DEFAULT_RAW_DIR", "DEFAULT_SNAPSHOT_DIR", "TABLES", "Snapshot", "build_snapshot"]


@dataclass(frozen=True)
class TableSpec:
    """How one snapshot table is made: a reader over declared raw inputs."""

    title: str
    inputs: tuple[RawFile, ...]
    build: Callable[[Path, dict[str, pd.DataFrame]], pd.DataFrame]


def _m49(done: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return done["m49"]


_WB_META = worldbank.WDI_COUNTRY_METADATA
# Reports look at the last two review rounds and their trends: UNHCR stocks from 2000 keep the
# snapshot compact (1.1 M rows since 1951 otherwise) and cover every reference year in use.
UNHCR_FIRST_YEAR = 2000

TABLES: dict[str, TableSpec] = {
    "m49": TableSpec(
        "UN M49 countries and areas", (m49.M49_OVERVIEW,), lambda raw, _: m49.read_m49(raw)
    ),
    "country_names": TableSpec(
        "M49 names of countries and areas in English, French, Spanish, Russian and Arabic",
        (m49.COUNTRY_NAMES, m49.M49_OVERVIEW),
        lambda raw, done: m49.read_country_names(raw, _m49(done)),
    ),
    "undesa_ims_2020_destination": TableSpec(
        "International migrant stock, population and shares by destination (IMS 2020)",
        (undesa.IMS_2020_DESTINATION, m49.M49_OVERVIEW),
        lambda raw, done: undesa.read_destination_workbook(raw, _m49(done)),
    ),
    "undesa_ims_2020_od": TableSpec(
        "International migrant stock by destination, origin and sex (IMS 2020)",
        (undesa.IMS_2020_OD,),
        lambda raw, done: undesa.read_origin_destination(raw, undesa.IMS_2020_OD, _m49(done)),
    ),
    "undesa_ims_2024_od": TableSpec(
        "International migrant stock by destination, origin and sex (IMS 2024)",
        (undesa.IMS_2024_OD,),
        lambda raw, done: undesa.read_origin_destination(raw, undesa.IMS_2024_OD, _m49(done)),
    ),
    # One shape per revision for what rounds.yml calls migrant_stock and population.
    "undesa_ims_2020_stock": TableSpec(
        "International migrant stock by destination and sex (IMS 2020)",
        (undesa.IMS_2020_DESTINATION,),
        lambda raw, done: undesa.stock_from_destination(done["undesa_ims_2020_destination"]),
    ),
    "undesa_ims_2020_population": TableSpec(
        "Total population used by the IMS 2020 destination workbook",
        (undesa.IMS_2020_DESTINATION,),
        lambda raw, done: undesa.population_from_destination(done["undesa_ims_2020_destination"]),
    ),
    "undesa_ims_2024_stock": TableSpec(
        "International migrant stock by destination and sex (IMS 2024)",
        (undesa.IMS_2024_OD,),
        lambda raw, done: undesa.stock_from_origin_destination(done["undesa_ims_2024_od"]),
    ),
    "wdi_population": TableSpec(
        "Total population (World Bank WDI SP.POP.TOTL)",
        (worldbank.WDI_POPULATION, _WB_META),
        lambda raw, _: worldbank.read_population(raw),
    ),
    "wb_remittances": TableSpec(
        "Personal remittances received and paid, current US$ (World Bank WDI)",
        (worldbank.WDI_REMITTANCES_RECEIVED, worldbank.IOM_WDI, _WB_META),
        lambda raw, done: worldbank.read_remittances(raw, _m49(done)),
    ),
    "wb_gdp": TableSpec(
        "GDP, current US$ (World Bank WDI)",
        (worldbank.IOM_WDI, _WB_META),
        lambda raw, done: worldbank.read_gdp(raw, _m49(done)),
    ),
    "wb_remittances_gdp_pct": TableSpec(
        "Personal remittances received as % of GDP (SDG 17.3.2 definition)",
        # Derived from the two tables above; their inputs are its provenance.
        (worldbank.WDI_REMITTANCES_RECEIVED, worldbank.IOM_WDI),
        lambda raw, done: worldbank.remittances_share_of_gdp(
            done["wb_remittances"], done["wb_gdp"]
        ),
    ),
    "wb_rpw_corridors": TableSpec(
        "Average total cost of sending US$200 by corridor, % (Remittance Prices Worldwide)",
        (worldbank.RPW_CORRIDORS,),
        lambda raw, done: worldbank.read_rpw_corridors(raw, _m49(done)),
    ),
    "unhcr_population": TableSpec(
        f"Displaced and stateless people by origin and asylum, {UNHCR_FIRST_YEAR}– (UNHCR)",
        (unhcr.POPULATION,),
        lambda raw, done: _since(unhcr.read_population(raw, _m49(done)), UNHCR_FIRST_YEAR),
    ),
    "unhcr_demographics": TableSpec(
        "Refugees, asylum-seekers and other people in need of international protection by "
        "sex and age, end-2025 (UNHCR)",
        (unhcr.DEMOGRAPHICS,),
        lambda raw, done: unhcr.read_demographics(raw, _m49(done)),
    ),
    "unhcr_unrwa": TableSpec(
        "Palestine refugees under UNRWA's mandate by place of asylum (UNHCR, from UNRWA)",
        (unhcr.UNRWA,),
        lambda raw, done: _since(unhcr.read_unrwa(raw, _m49(done)), UNHCR_FIRST_YEAR),
    ),
    "unhcr_asylum_applications": TableSpec(
        "Asylum applications by origin and asylum country (UNHCR)",
        (unhcr.ASYLUM_APPLICATIONS,),
        lambda raw, done: unhcr.read_asylum_applications(raw, _m49(done)),
    ),
    "unhcr_asylum_decisions": TableSpec(
        "Asylum decisions by origin and asylum country (UNHCR)",
        (unhcr.ASYLUM_DECISIONS,),
        lambda raw, done: unhcr.read_asylum_decisions(raw, _m49(done)),
    ),
    "unhcr_solutions": TableSpec(
        "Durable solutions: returns, resettlement, naturalisation (UNHCR)",
        (unhcr.SOLUTIONS,),
        lambda raw, done: _since(unhcr.read_solutions(raw, _m49(done)), UNHCR_FIRST_YEAR),
    ),
    "iom_mmp_incidents": TableSpec(
        "Dead and missing migrants, one row per incident record (IOM Missing Migrants Project)",
        (iom_mmp.RAW,),
        lambda raw, done: iom_mmp.read_incidents(raw, _m49(done)),
    ),
    "sdg": TableSpec(
        "SDG series 10.7.1, 10.7.2, 10.7.3, 10.7.4, 10.c.1, 17.3.2 (UN SDG Global Database)",
        (*sdg.SERIES_FILES.values(), sdg.GEO_AREAS, m49.M49_OVERVIEW),
        lambda raw, done: sdg.read_sdg(raw, _m49(done)),
    ),
    "idmc_idp_stocks": TableSpec(
        "Internally displaced people at end of year by cause, sex and age (IDMC)",
        (idmc.IDMC_STOCKS,),
        lambda raw, done: idmc.read_idp_stocks(raw, _m49(done)),
    ),
    "idmc_displacements": TableSpec(
        "Internal displacements (movements) during the year by cause (IDMC)",
        (idmc.IDMC_FLOWS,),
        lambda raw, done: idmc.read_displacements(raw, _m49(done)),
    ),
    "gcm_objectives": TableSpec(
        "The 23 GCM objectives with their round tables",
        (gcm.GCM_OBJECTIVES,),
        lambda raw, _: gcm.read_objectives(raw),
    ),
    "gcm_actions": TableSpec(
        "The actions under each GCM objective",
        (gcm.GCM_OBJECTIVES,),
        lambda raw, _: gcm.read_actions(raw),
    ),
    "geo_countries": TableSpec(
        "Country boundaries 1:50m, one simplified GeoJSON geometry per country or area, keyed by "
        "ISO3 (Natural Earth via world-atlas)",
        (geo.COUNTRIES_50M, m49.M49_OVERVIEW),
        lambda raw, done: geo.read_countries(raw, _m49(done)),
    ),
}


def _since(df: pd.DataFrame, year: int) -> pd.DataFrame:
    return df[df["year"] >= year].reset_index(drop=True)


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
    previous snapshot untouched. A lock beside ``snapshot_dir`` keeps two builds apart, and
    temporary folders left by a build that was killed are removed first.

    Returns
    -------
    dict
        The snapshot manifest.

    Raises
    ------
    DataError
        One line naming the raw file (or step) that could not be read or validated.
    LockedError
        If another ``data build`` is writing the same snapshot.
    """
    raw_dir, snapshot_dir = Path(raw_dir), Path(snapshot_dir)
    if not raw_dir.is_dir():
        raise DataError(f"{raw_dir}: raw-data folder not found (set GCM_REPORT_RAW or --raw)")
    snapshot_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = snapshot_dir.with_name(f".{snapshot_dir.name}.lock")
    with exclusive_lock(lock, f"snapshot {snapshot_dir}"):
        _remove_stale(snapshot_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f".{snapshot_dir.name}-", dir=snapshot_dir.parent))
        tmp.chmod(0o755)  # mkdtemp creates 0700; the snapshot is meant to be readable by all
        try:
            manifest = _build_tables(raw_dir, tmp)
            replace_dir(tmp, snapshot_dir, _old_dir(snapshot_dir))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return manifest


def _old_dir(snapshot_dir: Path) -> Path:
    return snapshot_dir.with_name(snapshot_dir.name + ".old")


def _remove_stale(snapshot_dir: Path) -> None:
    """Remove the temporary and parked folders of builds that were killed (lock held)."""
    for stale in snapshot_dir.parent.glob(f".{snapshot_dir.name}-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(_old_dir(snapshot_dir), ignore_errors=True)


def _build_tables(raw_dir: Path, tmp: Path) -> dict[str, Any]:
    """Write every table and the manifest into ``tmp``; return the manifest."""
    done: dict[str, pd.DataFrame] = {}
    tables: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    for name, spec in TABLES.items():
        with declared_step(name, spec.inputs):
            try:
                df = spec.build(raw_dir, done)
            except DataError:
                raise
            except Exception as exc:  # a reader failing on bytes that passed the checksum
                where = reading() or raw_dir
                detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise DataError(
                    f"{where}: cannot be read in snapshot step {name!r} "
                    f"({type(exc).__name__}: {detail})"
                ) from None
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
    return manifest


def sha256_text(text: str) -> str:
    """Return the hex sha256 of a string."""
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


class Snapshot:
    """Read access to a built snapshot; each table is checked against the manifest first."""

    # Verified tables, shared by every Snapshot in the process (and by kernels forked from a
    # pre-warmed build worker). The key pins the exact file: path, manifest checksum, size and
    # modification time, so a changed file is read and verified again.
    _verified: ClassVar[dict[tuple[str, str, int, int], pd.DataFrame]] = {}

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else DEFAULT_SNAPSHOT_DIR

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """Return the snapshot manifest (checked for shape; see :mod:`gcm_report.data.manifest`)."""
        return load_manifest(self.directory)

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
        entry = self.manifest["tables"].get(name)
        if entry is None:
            raise DataError(f"{self.directory / MANIFEST}: snapshot has no table {name!r}")
        path = self.directory / entry["file"]
        if not path.is_file():
            raise DataError(f"{path}: snapshot table file is missing")
        stat = path.stat()
        key = (str(path.resolve()), entry["sha256"], stat.st_size, stat.st_mtime_ns)
        df = Snapshot._verified.get(key)
        if df is None:
            if sha256_file(path) != entry["sha256"]:
                raise DataError(f"{path}: checksum differs from the snapshot manifest (corrupt?)")
            df = pd.read_parquet(path)
            Snapshot._verified[key] = df
        return df

    def source_line(self, name: str) -> str:
        """Return the publication and release of the publisher file behind table ``name``.

        The table's first declared input is its primary source; reports print this line under
        every table and chart (see :meth:`input_line`).
        """
        return self.input_line(self.manifest["tables"][name]["inputs"][0])

    def input_line(self, raw_path: str, series: str = "") -> str:
        """Return "publication[, series], release" of one raw input recorded in the manifest.

        The line names the publication as a reader cites it (``reference/publications.yml``,
        written for the vintage the manifest records); how the file was obtained is in
        :meth:`publication_record` and the technical appendix.

        Raises
        ------
        DataError
            If the snapshot was not built from that input, or no publication entry names it
            at the manifest's vintage.
        """
        from gcm_report.data.publications import publication_line

        return publication_line(self.publication(raw_path), series)

    def publication(self, raw_path: str) -> Publication:
        """Return how reports name the publication of one raw input (see :meth:`input_line`)."""
        from gcm_report.data.publications import publication_of

        return publication_of(raw_path, str(self.publication_record(raw_path)["vintage"]))

    def publication_record(self, raw_path: str) -> dict[str, Any]:
        """Return the manifest's record of one raw input: citation, vintage, address, licence.

        Raises
        ------
        DataError
            If the snapshot was not built from that input.
        """
        entry = self.manifest["inputs"].get(raw_path)
        if entry is None:
            raise DataError(f"{self.directory / MANIFEST}: snapshot has no input {raw_path!r}")
        return dict(entry)

    def provenance(self, name: str) -> list[dict[str, Any]]:
        """Return the provenance records of the raw inputs behind table ``name``."""
        entry = self.manifest["tables"][name]
        return [self.manifest["inputs"][p] for p in entry["inputs"]]

    def verify(self) -> list[str]:
        """Return one line per table file that is missing or differs from the manifest.

        Reads and hashes every table (about 3 MB); an empty list means the snapshot is intact.
        """
        problems = []
        for entry in self.manifest["tables"].values():
            path = self.directory / entry["file"]
            if not path.is_file():
                problems.append(f"{path}: snapshot table file is missing")
            elif sha256_file(path) != entry["sha256"]:
                problems.append(f"{path}: checksum differs from the snapshot manifest (corrupt?)")
        return problems

    def files(self) -> dict[str, str]:
        """Return ``{file name: sha256}`` for every file in the snapshot."""
        out = {t["file"]: t["sha256"] for t in self.manifest["tables"].values()}
        out[MANIFEST] = sha256_file(self.directory / MANIFEST)
        return out
