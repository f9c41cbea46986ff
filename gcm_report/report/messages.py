"""The message catalogs: extract every translatable text, update the ``.po`` files, check them.

``python -m gcm_report.report.messages update`` (``make messages``) rewrites
``gcm_report/locale/messages.pot`` and merges it into each language's ``<lang>.po`` (new
messages empty, removed ones dropped, translations kept); ``check`` lists what a catalog lacks.
A report's text comes from four places, all gathered here:

* the code: every ``_("...")`` and ``N_("...")`` call (Babel's Python extractor);
* the indicator registry and the rules (titles, short labels, notes, units, conventions);
* reference files written in English: rounds (places, notes, source titles), commissions'
  region names, objective gaps, commitments' notes and sources, how publications are named,
  abbreviations, the notes under maps;
* the GCM objectives' titles and round-table themes, and the M49 region names, from the
  snapshot (A/RES/73/195 and UNSD publish them in every UN language, but the data here are
  English: the translations are the team's, and reports say so).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import yaml

from gcm_report.report.i18n import LANGUAGES

__all__ = ["LOCALE_DIR", "extract", "main", "untranslated", "update"]

LOCALE_DIR = Path(str(resources.files("gcm_report.locale")))
PACKAGE_DIR = LOCALE_DIR.parent
TEMPLATE = LOCALE_DIR / "messages.pot"
_KEYWORDS = {"_": None, "N_": None}
# Catalog headers carry a fixed date: the files change only when their messages do.
_STAMP = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


def _reference(name: str) -> str:
    return resources.files("gcm_report.reference").joinpath(name).read_text(encoding="utf-8")


def _code_messages() -> Iterator[tuple[str, str]]:
    from babel.messages.extract import extract_from_dir

    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE_DIR), method_map=[("**.py", "python")], keywords=_KEYWORDS
    ):
        if isinstance(message, str) and message:
            # The file only: line numbers would rewrite every catalog whenever code moves.
            yield message, f"gcm_report/{filename}"


def _registry_messages() -> Iterator[tuple[str, str]]:
    from gcm_report.analysis.conventions import CONVENTIONS
    from gcm_report.analysis.indicators import REGISTRY
    from gcm_report.analysis.years import RULES, STATUSES

    for ind in REGISTRY.values():
        for text in (ind.title, ind.label, ind.note, ind.unit, ind.caveat):
            if text:
                yield text, f"indicator {ind.id}"
    for c in CONVENTIONS.values():
        yield c.publisher, f"convention {c.key}"
        yield c.text, f"convention {c.key}"
    yield RULES, "analysis/years.py RULES"
    for key, text in STATUSES.items():
        yield text, f"status {key}"


def _reference_messages() -> Iterator[tuple[str, str]]:
    rounds = yaml.safe_load(_reference("rounds.yml"))
    for number, entry in rounds.items():
        for key in ("label", "imrf", "revision"):
            yield str(entry[key]), f"rounds.yml {number}.{key}"
        for code, meeting in entry["meetings"].items():
            for key in ("place", "note", "source_title"):
                if meeting.get(key):
                    yield str(meeting[key]), f"rounds.yml {number}.meetings.{code}.{key}"
            # A source that is no address is a citation, printed as text.
            source = str(meeting.get("source", ""))
            if source and not source.startswith("http"):
                yield source, f"rounds.yml {number}.meetings.{code}.source"
    from gcm_report.data.regions import AGGREGATION_RULE

    yield AGGREGATION_RULE, "data/regions.py AGGREGATION_RULE"
    for status in ("member", "associate"):
        yield status, "commission_membership.csv status"
    for code, entry in yaml.safe_load(_reference("commissions.yml")).items():
        for key in ("region_name", "region_in_sentence"):
            if entry.get(key):
                yield str(entry[key]), f"commissions.yml {code}.{key}"
    for number, text in yaml.safe_load(_reference("objective_gaps.yml")).items():
        yield str(text), f"objective_gaps.yml {number}"
    map_notes = yaml.safe_load(_reference("map_notes.yml"))
    yield str(map_notes["disclaimer"]), "map_notes.yml disclaimer"
    for note in map_notes["notes"]:
        yield str(note["text"]), f"map_notes.yml {note['key']}"
    for row in csv.DictReader(_reference("commitments.csv").splitlines()):
        for key in ("note", "source"):
            if row[key]:
                yield row[key], f"commitments.csv {row['commission']} {row['item']} {key}"
    for key, entry in yaml.load(_reference("publications.yml"), Loader=yaml.BaseLoader).items():
        for field in ("publication", "covers", "release"):
            if entry.get(field):
                yield str(entry[field]).strip(), f"publications.yml {key}.{field}"
    for abbreviation, text in yaml.safe_load(_reference("abbreviations.yml")).items():
        yield str(text), f"abbreviations.yml {abbreviation}"
    from gcm_report.report.commitments import ITEMS

    for key, label in ITEMS.items():
        yield label, f"commitments item {key}"


def _snapshot_messages() -> Iterator[tuple[str, str]]:
    from gcm_report.data.snapshot import Snapshot
    from gcm_report.data.sources.codes import EXTRA_AREAS, NON_COUNTRIES

    snapshot = Snapshot()
    objectives = snapshot.table("gcm_objectives")
    for row in objectives.itertuples():
        yield str(row.title), f"GCM objective {row.objective}"
        yield str(row.round_table_theme), f"GCM {row.round_table}"
    m49 = snapshot.table("m49")
    # Names of areas that M49 does not name in every language (ReportContext.name).
    names = snapshot.table("country_names")
    languages = set(names["language"]) - {"en"}
    complete = names.groupby("iso3")["language"].agg(lambda x: languages <= set(x))
    for iso3, name in zip(m49["iso3"], m49["name"], strict=True):
        if not complete.get(iso3, False):
            yield str(name), "M49 name"
    for name in {**EXTRA_AREAS, **NON_COUNTRIES}.values():
        yield name, "area outside M49"
    yield "China, Taiwan Province of China", "area outside M49"
    for column in ("region", "subregion", "intermediate_region"):
        if column in m49:
            for name in sorted(set(m49[column].astype(str)) - {""}):
                yield name, f"M49 {column}"


def extract() -> dict[str, list[str]]:
    """Return every translatable message with where it comes from, in a stable order."""
    out: dict[str, list[str]] = {}
    for source in (_code_messages, _registry_messages, _reference_messages, _snapshot_messages):
        for message, where in source():
            out.setdefault(message, []).append(where)
    return dict(sorted(out.items()))


def _template(messages: dict[str, list[str]]) -> object:
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="gcm-report", fuzzy=False, creation_date=_STAMP, revision_date=_STAMP)
    for message, places in messages.items():
        # Where a message is used, for translators: a file and line, or a reference entry.
        catalog.add(message, auto_comments=sorted(set(places))[:5])
    _brace_format_only(catalog)
    return catalog


def _brace_format_only(catalog: object) -> None:
    # Babel flags any message with "% o" or "% f" in it ("% of population") as printf-style
    # python-format, and gettext's checks then reject correct translations. The reports fill
    # messages with str.format only, so the flag is dropped.
    for message in catalog:  # type: ignore[attr-defined]
        message.flags.discard("python-format")


def update() -> dict[str, int]:
    """Rewrite the template and merge it into every language's catalog; return their sizes."""
    from babel.messages.pofile import read_po, write_po

    template = _template(extract())
    with TEMPLATE.open("wb") as fh:
        write_po(fh, template, width=100, omit_header=True, sort_output=True)  # type: ignore[arg-type]
    sizes = {}
    for code in LANGUAGES:
        if code == "en":
            continue
        path = LOCALE_DIR / f"{code}.po"
        if path.is_file():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=code)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=code, project="gcm-report", creation_date=_STAMP)
        catalog.update(template, no_fuzzy_matching=True)  # type: ignore[arg-type]
        catalog.revision_date = _STAMP
        catalog.obsolete.clear()
        _brace_format_only(catalog)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=True)
        sizes[code] = len(catalog)
    return sizes


def untranslated(code: str) -> list[str]:
    """Return the template's messages that language ``code``'s catalog does not translate."""
    from gcm_report.report.i18n import catalog

    translated = catalog(code)
    return [m for m in extract() if m not in translated]


def main(argv: list[str] | None = None) -> int:
    """Run ``update`` or ``check`` from the command line."""
    parser = argparse.ArgumentParser(prog="python -m gcm_report.report.messages")
    parser.add_argument("command", choices=["update", "check"])
    args = parser.parse_args(argv)
    if args.command == "update":
        for code, size in update().items():
            print(f"{code}.po: {size} messages")
        return 0
    missing = {code: untranslated(code) for code in LANGUAGES if code != "en"}
    for code, messages in missing.items():
        print(f"{code}: {len(messages)} untranslated")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
