"""Check Quarto front matter against Quarto's own option schemas, without Quarto.

The schemas are Quarto 1.11's YAML files (``../shared/reference/quarto-schema``, see its
PROVENANCE.md): ``document-*.yml`` list the document options, each with the formats it
applies to (``tags: formats:``, with ``$aliases`` from ``format-aliases.yml`` and ``!``
exclusions) or those it is disabled for; ``cell-*.yml`` list cell options, those with the
``document-execute`` context being valid under a document's ``execute:``; ``definitions.yml``
holds the named schemas that ``ref:`` points to.

This check is stricter than Quarto on one point, on purpose: Quarto passes an unknown key on
to the templates as metadata, so a misspelt option does nothing, silently. Here every key must
be a Quarto option valid where it stands, except the keys the caller declares as its own.
A schema construct this reader does not know raises, so nothing passes unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Keys of a schema that describe it rather than constrain values.
_ANNOTATIONS = {
    "description",
    "completions",
    "additionalCompletions",
    "hidden",
    "tags",
    "errorDescription",
    "default",
    "id",
}


class UnsupportedSchema(Exception):
    """The schema uses a construct this reader does not implement."""


@dataclass(frozen=True)
class Option:
    name: str
    schema: Any
    formats: frozenset[str] | None  # None: every format
    aliases: tuple[str, ...] = ()


class QuartoSchema:
    """Quarto's document, execute and format options, read from its schema files."""

    def __init__(self, folder: Path) -> None:
        def load(name: str) -> Any:
            return yaml.safe_load((folder / name).read_text(encoding="utf-8"))

        self.aliases: dict[str, list[str]] = load("format-aliases.yml")["aliases"]
        self.formats = frozenset(self._expand("$pandoc-all"))
        self.definitions = {d["id"]: d for d in load("definitions.yml")}
        self.document: list[Option] = []
        self.execute: list[Option] = []
        for path in sorted(folder.glob("document-*.yml")):
            for entry in load(path.name):
                option = self._option(entry)
                self.document.append(option)
                if path.name == "document-execute.yml":
                    self.execute.append(option)
        for path in sorted(folder.glob("cell-*.yml")):
            for entry in load(path.name):
                if "document-execute" in entry.get("tags", {}).get("contexts", []):
                    self.execute.append(self._option(entry))

    # -- formats ------------------------------------------------------------------------
    def _expand(self, name: str) -> set[str]:
        if name.startswith("$"):
            return {f for member in self.aliases[name[1:]] for f in self._expand(member)}
        return {name}

    def _option(self, entry: dict[str, Any]) -> Option:
        formats: set[str] | None = None
        tagged = entry.get("tags", {}).get("formats")
        if tagged:
            included = [f for f in tagged if not f.startswith("!")]
            formats = set().union(*(self._expand(f) for f in included)) if included else None
            excluded = [f[1:] for f in tagged if f.startswith("!")]
            if excluded:
                formats = (formats or set(self.formats)) - set().union(
                    *(self._expand(f) for f in excluded)
                )
        if "disabled" in entry:
            off = set().union(*(self._expand(f) for f in entry["disabled"]))
            formats = (formats or set(self.formats)) - off
        if "enabled" in entry:
            formats = set().union(*(self._expand(f) for f in entry["enabled"]))
        alias = entry.get("alias")
        return Option(
            name=entry["name"],
            schema=entry["schema"],
            formats=None if formats is None else frozenset(formats),
            aliases=(alias,) if isinstance(alias, str) else tuple(alias or ()),
        )

    def _find(self, options: list[Option], key: str) -> Option | None:
        return next((o for o in options if key == o.name or key in o.aliases), None)

    # -- front matter -------------------------------------------------------------------
    def check_front_matter(self, front: dict[str, Any], own: tuple[str, ...] = ()) -> list[str]:
        """Return one message per key or value Quarto would not take as an option.

        Parameters
        ----------
        front
            The front matter, as YAML would load it.
        own
            Top-level keys that are the document's own metadata, not Quarto options.
        """
        errors: list[str] = []
        rendered = set(front.get("format", {}))
        for key, value in front.items():
            if key in own:
                if self._find(self.document, key):
                    errors.append(f"{key}: own metadata key is also a Quarto option")
                continue
            if key == "format":
                errors += self._check_formats(value)
            elif key == "execute":
                errors += self._check_options(value, self.execute, "execute", None)
            else:
                errors += self._check_options({key: value}, self.document, "", rendered)
        return errors

    def _check_formats(self, formats: Any) -> list[str]:
        if not isinstance(formats, dict):
            return [f"format: expected a mapping of formats, got {formats!r}"]
        errors = []
        for name, options in formats.items():
            if name not in self.formats:
                errors.append(f"format.{name}: not a Quarto output format")
            elif not isinstance(options, dict):
                errors.append(f"format.{name}: expected a mapping of options")
            else:
                errors += self._check_options(options, self.document, f"format.{name}", {name})
        return errors

    def _check_options(
        self, values: Any, options: list[Option], where: str, formats: set[str] | None
    ) -> list[str]:
        if not isinstance(values, dict):
            return [f"{where}: expected a mapping, got {values!r}"]
        errors = []
        for key, value in values.items():
            path = f"{where}.{key}" if where else key
            option = self._find(options, key)
            if option is None:
                errors.append(f"{path}: not a Quarto option here")
                continue
            if formats and option.formats is not None and not formats & option.formats:
                errors.append(f"{path}: does not apply to {', '.join(sorted(formats))}")
                continue
            errors += [f"{path}: {e}" for e in self.check(value, option.schema)]
        return errors

    # -- values -------------------------------------------------------------------------
    def check(self, value: Any, schema: Any) -> list[str]:
        """Return why ``value`` does not match ``schema`` (empty when it does)."""
        if isinstance(schema, str):
            return self._check_named(value, schema)
        if not isinstance(schema, dict):
            raise UnsupportedSchema(repr(schema))
        constraints = {k: v for k, v in schema.items() if k not in _ANNOTATIONS}
        if not constraints:
            return []
        errors: list[str] = []
        for kind, spec in constraints.items():
            errors += self._check_construct(value, kind, spec)
        return errors

    def _check_named(self, value: Any, kind: str) -> list[str]:
        ok = {
            "string": lambda v: isinstance(v, str),
            "path": lambda v: isinstance(v, str),
            "boolean": lambda v: isinstance(v, bool),
            "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "object": lambda v: isinstance(v, dict),
            "null": lambda v: v is None,
            "any": lambda v: True,
        }
        if kind not in ok:
            raise UnsupportedSchema(kind)
        return [] if ok[kind](value) else [f"{value!r} is not a {kind}"]

    def _check_construct(self, value: Any, kind: str, spec: Any) -> list[str]:
        if kind == "ref":
            return self.check(value, self.definitions[spec])
        if kind == "schema":
            return self.check(value, spec)
        if kind in ("string", "path", "number", "boolean", "null"):
            errors = self._check_named(value, kind)
            pattern = spec.get("pattern") if isinstance(spec, dict) else None
            if not errors and pattern and not re.search(pattern, value):
                errors = [f"{value!r} does not match {pattern}"]
            return errors
        if kind == "pattern":
            return [] if isinstance(value, str) and re.search(spec, value) else [f"{value!r}"]
        if kind == "enum":
            allowed = spec["values"] if isinstance(spec, dict) else spec
            return [] if value in allowed else [f"{value!r} is not one of {allowed}"]
        if kind == "anyOf":
            results = [self.check(value, branch) for branch in spec]
            return [] if any(not r for r in results) else [f"{value!r} matches no allowed form"]
        if kind == "allOf":
            return [e for branch in spec for e in self.check(value, branch)]
        if kind == "arrayOf":
            item = spec.get("schema", spec) if isinstance(spec, dict) else spec
            if not isinstance(value, list):
                return [f"{value!r} is not a list"]
            return [e for v in value for e in self.check(v, item)]
        if kind == "maybeArrayOf":
            values = value if isinstance(value, list) else [value]
            return [e for v in values for e in self.check(v, spec)]
        if kind == "record":
            if not isinstance(value, dict):
                return [f"{value!r} is not a mapping"]
            if set(value) != set(spec):
                return [f"keys {sorted(value)} are not {sorted(spec)}"]
            return [e for k, v in value.items() for e in self.check(v, spec[k])]
        if kind == "object":
            return self._check_object(value, spec if isinstance(spec, dict) else {})
        raise UnsupportedSchema(kind)

    def _check_object(self, value: Any, spec: dict[str, Any]) -> list[str]:
        if not isinstance(value, dict):
            return [f"{value!r} is not a mapping"]
        unknown = (
            set(spec)
            - _ANNOTATIONS
            - {
                "properties",
                "closed",
                "required",
                "additionalProperties",
                "patternProperties",
            }
        )
        if unknown:
            raise UnsupportedSchema(f"object {sorted(unknown)}")
        properties = spec.get("properties", {})
        errors = [f"missing {k}" for k in spec.get("required", []) if k not in value]
        for key, item in value.items():
            if key in properties:
                errors += [f"{key}: {e}" for e in self.check(item, properties[key])]
            elif "additionalProperties" in spec:
                errors += [f"{key}: {e}" for e in self.check(item, spec["additionalProperties"])]
            elif spec.get("closed"):
                errors.append(f"{key}: not a known key")
        return errors
