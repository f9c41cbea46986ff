"""The catalog of datasets: every raw file the source modules declare, with its provenance."""

from __future__ import annotations

import importlib
from typing import Any

from gcm_report.data.sources._base import RawFile

__all__ = ["SOURCE_MODULES", "catalog", "catalog_rows", "stale_inputs"]

# One module per publisher under gcm_report/data/sources/.
SOURCE_MODULES = ("m49", "undesa", "worldbank", "unhcr", "iom_mmp", "sdg", "idmc", "gcm", "geo")


def catalog() -> list[RawFile]:
    """Return every declared raw file, once each, sorted by path."""
    found: dict[str, RawFile] = {}
    for name in SOURCE_MODULES:
        module = importlib.import_module(f"gcm_report.data.sources.{name}")
        for value in vars(module).values():
            if isinstance(value, RawFile):
                found[value.path] = value
    return [found[p] for p in sorted(found)]


def catalog_rows() -> list[dict[str, Any]]:
    """Return the catalog as rows: publisher, title, licence, citation, URL, format, vintage,
    sha256 and whether the file is the publisher's own."""
    return [
        {
            "path": raw.path,
            "publisher": raw.publisher,
            "title": raw.title,
            "licence": raw.licence,
            "citation": raw.citation,
            "url": raw.url,
            "format": raw.format,
            "vintage": raw.vintage,
            "sha256": raw.sha256,
            "official": raw.official,
        }
        for raw in catalog()
    ]


def stale_inputs(manifest: dict[str, Any]) -> dict[str, list[str]]:
    """Compare a snapshot manifest with the catalog.

    Returns
    -------
    dict
        ``changed``: inputs the snapshot used whose declaration (checksum or vintage) has
        changed since; ``unused``: catalog files no snapshot table reads; ``undeclared``:
        snapshot inputs the catalog no longer declares.
    """
    declared = {raw.path: raw for raw in catalog()}
    used = manifest.get("inputs", {})
    changed = [
        path
        for path, entry in used.items()
        if path in declared
        and (entry["sha256"], entry["vintage"]) != (declared[path].sha256, declared[path].vintage)
    ]
    return {
        "changed": sorted(changed),
        "unused": sorted(set(declared) - set(used)),
        "undeclared": sorted(set(used) - set(declared)),
    }
