"""GCM commitments and implementation by commission, from a curated, sourced table.

Section 6 of a report ("Commitments and implementation") shows, for one commission, the GCM
pledges made in the framework of the International Migration Review Forum (IMRF), the GCM
Champion countries, the Migration Multi-Partner Trust Fund (MPTF) joint programmes and Steering
Committee members, and who funds the MPTF. None of these exists as downloadable data, so they
are curated by hand in ``reference/commitments.csv`` from the sourced facts of
``../shared/reference/sourced-facts.md`` and the seed document: one row per fact (several per
item where several sources say something), each non-empty value with the date it refers to and
a full source citation, and a note saying what is partial.

Rule: a fact without a source is never estimated or inferred. An item without any sourced fact
has one row with an empty ``value``, shown as :data:`NOT_RECORDED` with its note (why nothing
was found). The table is validated when read: known commissions and items, every item of every
commission present, either one empty row or sourced rows (no duplicates), a source and a date
for every value (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY or later`` when the source gives
only a lower bound, or ``undated`` when it gives none), and every country named (``iso3``) a
member or associate member of the commission (see :mod:`gcm_report.data.regions`) whose name in
the membership table matches the name written in ``value``.

A report shows the facts of its round: a fact dated after the round's last year is listed apart,
as a later development, never as if it were current at the round's meetings. ``source`` is what
a reader cites (publisher, page or document); ``source_url`` the address, or addresses separated
by " ; ", where the fact was found. Addresses are printed in the technical appendix only, with a
note where one is a staging or test copy of a site or a page's Arabic version.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import urllib.parse
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from gcm_report.data.regions import COMMISSIONS, get_commission
from gcm_report.data.rounds import ReviewRound
from gcm_report.report.blocks import Block, Column, Table
from gcm_report.report.format import fmt_partial_date
from gcm_report.report.i18n import N_, _, current

__all__ = [
    "COUNTRY_ITEMS",
    "ITEMS",
    "NOT_RECORDED",
    "Commitment",
    "cited_sources",
    "commitment_facts",
    "commitments_blocks",
    "commitments_table",
    "load_commitments",
    "parse_commitments",
    "recorded_count",
]

NOT_RECORDED = N_("not recorded")

# Item key -> label shown in the "Commitment" column, in display order.
ITEMS: dict[str, str] = {
    "pledges": "GCM pledges made in the IMRF framework",
    "champion_countries": "GCM Champion countries",
    "mptf_joint_programmes": "Migration MPTF joint programmes",
    "mptf_steering_committee": "Migration MPTF Steering Committee members",
    "mptf_funding": "Migration MPTF funding",
}

# Items whose value is a "; "-separated list of countries, with their ISO3 codes in ``iso3``.
COUNTRY_ITEMS: frozenset[str] = frozenset(
    {"champion_countries", "mptf_joint_programmes", "mptf_steering_committee"}
)

_FILE = "commitments.csv"
_FIELDS = ["commission", "item", "value", "iso3", "as_of", "source", "source_url", "note"]
_ISO3 = re.compile(r"[A-Z]{3}")
_DATE = re.compile(r"(\d{4})(-\d{2})?(-\d{2})?( or later)?|undated")
_MISSING = "–"
_URLS = " ; "
_TABLE_NOTE = N_(
    "Facts without a source are shown as “{not_recorded}”: no figure is estimated or inferred."
)
_LATER_NOTE = N_("Facts dated after {last}, listed for information: they postdate the round.")
_NOT_IN_ROUND = N_(
    "The sources used date no fact on this within the round; later ones are listed under "
    "later developments, below."
)


@dataclass(frozen=True)
class Commitment:
    """One validated row of the commitments table (``None`` where not recorded)."""

    commission: str
    item: str
    value: str | None
    iso3: tuple[str, ...]
    as_of: str | None
    source: str | None
    source_url: str | None
    note: str

    @property
    def label(self) -> str:
        """Return the display label of the item."""
        return ITEMS[self.item]

    @property
    def recorded(self) -> bool:
        """Return whether the fact is recorded (has a sourced value)."""
        return self.value is not None

    @property
    def source_urls(self) -> tuple[str, ...]:
        """Return the addresses where the fact was found (none for a document citation)."""
        return tuple(u.strip() for u in (self.source_url or "").split(_URLS.strip()) if u.strip())

    @property
    def dated_from(self) -> dt.date | None:
        """Return the earliest day the fact can refer to (``None`` if undated or not recorded)."""
        if not self.as_of or self.as_of == "undated":
            return None
        year, month, day = ([*self.as_of.split(" ")[0].split("-"), "01", "01"])[:3]
        return dt.date(int(year), int(month), int(day))

    def after(self, review_round: ReviewRound) -> bool:
        """Return whether the fact is dated after the round's last year."""
        start = self.dated_from
        return start is not None and start.year > review_round.years[1]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _web_address(url: str) -> bool:
    """Return whether ``url`` is one plain http(s) address: a host, no spaces, no markup."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and url.startswith(f"{parts.scheme}://")
        and not any(ch.isspace() or ch in '<>"`[]{}|\\^' or ord(ch) < 32 for ch in url)
    )


def _check_row(row: dict[str, str], where: str) -> Commitment:
    """Validate one stripped CSV row and return it as a :class:`Commitment`."""
    code, item, value = row["commission"], row["item"], row["value"]
    if code not in COMMISSIONS:
        raise ValueError(
            f"{where}: unknown commission {code!r} (expected {', '.join(COMMISSIONS)})"
        )
    if item not in ITEMS:
        raise ValueError(f"{where}: unknown item {item!r} (expected {', '.join(ITEMS)})")
    codes = _split(row["iso3"])
    if not value:
        filled = [f for f in ("iso3", "as_of", "source", "source_url") if row[f]]
        if filled:
            raise ValueError(
                f"{where}: {code} {item} has no value but fills {', '.join(filled)}; "
                "leave them empty when the fact is not recorded"
            )
        return Commitment(code, item, None, (), None, None, None, row["note"])
    if not row["source"]:
        raise ValueError(
            f"{where}: {code} {item} has value {value!r} but no source; "
            f"every fact needs a source, or an empty value (shown as {NOT_RECORDED!r})"
        )
    as_of = row["as_of"]
    match = _DATE.fullmatch(as_of)
    if not match:
        raise ValueError(
            f"{where}: {code} {item}: as_of {as_of!r} is not a date (YYYY-MM-DD, YYYY-MM, YYYY, "
            "'YYYY or later' or 'undated')"
        )
    if match.group(1):
        year, month, day = match.group(1), match.group(2) or "-01", match.group(3) or "-01"
        try:
            dt.date.fromisoformat(f"{year}{month}{day}")
        except ValueError:
            raise ValueError(
                f"{where}: {code} {item}: as_of {as_of!r} is not a valid date"
            ) from None
    url = row["source_url"]
    for part in url.split(_URLS.strip()) if url else ():
        if not _web_address(part.strip()):
            raise ValueError(
                f"{where}: {code} {item}: source_url {part.strip()!r} is not an http(s) URL "
                f"(several addresses are separated by {_URLS!r})"
            )
    if item in COUNTRY_ITEMS:
        _check_countries(code, item, value, codes, where)
    elif codes:
        raise ValueError(f"{where}: {code} {item} names no countries, so iso3 must be empty")
    return Commitment(
        code, item, value, tuple(codes), as_of, row["source"], url or None, row["note"]
    )


def _check_countries(code: str, item: str, value: str, codes: list[str], where: str) -> None:
    """Check that the ISO3 codes match the countries named and belong to the commission."""
    names = _split(value)
    if len(codes) != len(names):
        raise ValueError(
            f"{where}: {code} {item} names {len(names)} countries ({value!r}) "
            f"but lists {len(codes)} ISO3 codes ({';'.join(codes) or 'none'})"
        )
    if len(set(codes)) != len(codes):
        raise ValueError(f"{where}: {code} {item}: duplicate ISO3 code in {';'.join(codes)}")
    members = {m.iso3: m.name for m in get_commission(code).members}
    for iso3, name in zip(codes, names, strict=True):
        if not _ISO3.fullmatch(iso3):
            raise ValueError(f"{where}: {code} {item}: {iso3!r} is not an ISO3 code")
        if iso3 not in members:
            raise ValueError(
                f"{where}: {code} {item}: {iso3} ({name}) is not a member of {code} "
                "in commission_membership.csv"
            )
        if members[iso3] != name:
            raise ValueError(
                f"{where}: {code} {item}: {iso3} is {members[iso3]!r} in "
                f"commission_membership.csv, but the value names {name!r}"
            )


def parse_commitments(text: str, *, origin: str = _FILE) -> tuple[Commitment, ...]:
    """Parse and validate the text of a commitments table.

    Parameters
    ----------
    text
        CSV text with the columns ``commission, item, value, iso3, as_of, source, source_url,
        note``.
    origin
        Name used in error messages (a file name or path).

    Returns
    -------
    tuple of Commitment
        The facts in commission order, then item order, then the file's order.

    Raises
    ------
    ValueError
        If the table is malformed: wrong columns, unknown commission or item, duplicate or
        missing rows, a value without a source or date, or ISO3 codes that do not match the
        countries named or are not members of the commission.
    """
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames != _FIELDS:
        raise ValueError(f"{origin}: columns are {reader.fieldnames}, expected {_FIELDS}")
    rows: dict[tuple[str, str], list[Commitment]] = {}
    for line, raw in enumerate(reader, start=2):
        where = f"{origin}, line {line}"
        if None in raw or any(v is None for v in raw.values()):
            raise ValueError(f"{where}: expected {len(_FIELDS)} fields")
        commitment = _check_row({k: v.strip() for k, v in raw.items()}, where)
        key = (commitment.commission, commitment.item)
        earlier = rows.setdefault(key, [])
        # An item is either "not recorded" (one empty row) or a list of distinct sourced facts.
        if any(not c.recorded for c in earlier) or (earlier and not commitment.recorded):
            raise ValueError(
                f"{where}: duplicate row for {key[0]} {key[1]} (an empty row and another row)"
            )
        if any((c.value, c.source) == (commitment.value, commitment.source) for c in earlier):
            raise ValueError(f"{where}: duplicate row for {key[0]} {key[1]}")
        earlier.append(commitment)
    missing = [f"{c} {i}" for c in COMMISSIONS for i in ITEMS if (c, i) not in rows]
    if missing:
        raise ValueError(f"{origin}: missing rows (use an empty value): {', '.join(missing)}")
    return tuple(c for code in COMMISSIONS for i in ITEMS for c in rows[(code, i)])


def load_commitments(path: str | os.PathLike[str] | None = None) -> tuple[Commitment, ...]:
    """Read and validate a commitments table file.

    Parameters
    ----------
    path
        A CSV file to read; by default the packaged ``gcm_report/reference/commitments.csv``.

    Returns
    -------
    tuple of Commitment
        See :func:`parse_commitments`.
    """
    if path is None:
        return _packaged()
    return parse_commitments(Path(path).read_text(encoding="utf-8"), origin=str(path))


@cache
def _packaged() -> tuple[Commitment, ...]:
    text = resources.files("gcm_report.reference").joinpath(_FILE).read_text(encoding="utf-8")
    return parse_commitments(text)


def _for(code: str) -> list[Commitment]:
    get_commission(code)  # ParamsError for an unknown code
    return [c for c in _packaged() if c.commission == code]


def commitment_facts(code: str) -> list[dict[str, Any]]:
    """Return the commission's commitments as JSON-ready dictionaries.

    Parameters
    ----------
    code
        Commission code, e.g. ``"ECE"``.

    Returns
    -------
    list of dict
        One per item, with keys ``item``, ``label``, ``value``, ``iso3``, ``as_of``, ``source``
        and ``source_url``; ``value``, ``as_of``, ``source`` and ``source_url`` are ``None``
        when the fact is not recorded.

    Raises
    ------
    ParamsError
        If ``code`` is not a commission.
    """
    return [
        {
            "item": c.item,
            "label": c.label,
            "value": c.value,
            "iso3": list(c.iso3),
            "as_of": c.as_of,
            "source": c.source,
            "source_url": c.source_url,
        }
        for c in _for(code)
    ]


def recorded_count(code: str) -> int:
    """Count the commission's items that have a sourced value.

    Parameters
    ----------
    code
        Commission code, e.g. ``"ECE"``.

    Returns
    -------
    int
        Between 0 and ``len(ITEMS)``.
    """
    return len({c.item for c in _for(code) if c.recorded})


def _as_of(value: str | None) -> str:
    if value is None:
        return _MISSING
    if value == "undated":
        return _("no date given")
    shown = fmt_partial_date(value)
    return shown.replace(" or later", " " + _("or later")) if value.endswith("or later") else shown


def _text(value: Any, missing: str) -> str:
    return missing if value is None else str(value)


def _by_round(
    facts: list[Commitment], review_round: ReviewRound | None
) -> tuple[list[Commitment], list[Commitment]]:
    """Return the facts of the round and those dated after it, each in date order."""

    def when(c: Commitment) -> tuple[int, dt.date]:
        # Undated facts last; "2023 or later" after the dated facts of 2023; ties keep the
        # file's order (sorted is stable).
        if c.dated_from is None:
            return (1, dt.date.max)
        later = (c.as_of or "").endswith("or later")
        return (0, dt.date(c.dated_from.year, 12, 31) if later else c.dated_from)

    if review_round is None:
        return facts, []
    order = list(ITEMS)

    def key(c: Commitment) -> tuple[int, tuple[int, dt.date]]:
        return (order.index(c.item), when(c))

    within = [c for c in facts if not c.after(review_round)]
    later = [c for c in facts if c.after(review_round)]
    return sorted(within, key=key), sorted(later, key=key)


class _Sources:
    """Sources numbered in order of first citation: each cited once, by its number."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, c: Commitment) -> str | None:
        if c.source is None:
            return None
        n = self.numbers.setdefault(c.source, len(self.numbers) + 1)
        return f"[{n}]"

    def line(self, facts: list[Commitment]) -> str:
        used = dict.fromkeys(c.source for c in facts if c.source)
        return "; ".join(f"[{self.numbers[s]}] {_(s)}" for s in used) or _("none: no fact recorded")


def _table(
    facts: list[Commitment], sources: _Sources, caption: str, note: str, *, every_item: bool
) -> Table:
    """Return a table of facts; ``every_item`` gives an item without facts its own row."""
    rows: list[dict[str, Any]] = []
    items = list(ITEMS) if every_item else list(dict.fromkeys(c.item for c in facts))
    for item in items:
        of_item = [c for c in facts if c.item == item]
        if not of_item:
            # Every fact of the item postdates the round: say so, not "nothing found".
            label, why = _(ITEMS[item]), _(_NOT_IN_ROUND)
            rows.append({"item": item, "commitment": label, "value": None, "note": why})
            continue
        for n, c in enumerate(of_item):
            rows.append(
                {
                    "item": c.item,
                    "commitment": _(c.label) if n == 0 else "",
                    "value": c.value,
                    "as_of": None if c.value is None else c.as_of,
                    "source": sources.cite(c),
                    "note": _(c.note) if c.note else c.note,
                }
            )
    not_recorded = _(NOT_RECORDED)
    columns = [
        Column("commitment", _("Commitment"), width=2),
        Column("value", _("As recorded"), lambda v: _text(v, not_recorded), width=3),
        Column("as_of", _("As of"), _as_of, width=2),
        Column("source", _("Source"), lambda v: _text(v, _MISSING)),
        Column("note", _("What it covers"), lambda v: _text(v or None, _MISSING), width=4),
    ]
    return Table(rows, columns, caption=caption, source=sources.line(facts), note=note)


def commitments_table(code: str, review_round: ReviewRound | None = None) -> Table:
    """Build the "Commitments and implementation" table for one commission.

    Parameters
    ----------
    code
        Commission code, e.g. ``"ECE"``.
    review_round
        The report's round: facts dated after it are left out (see :func:`commitments_blocks`
        for the table that lists them). Every fact when ``None``.

    Returns
    -------
    Table
        Columns "Commitment", "As recorded", "As of", "Source" (a numbered note, each source
        cited once) and "What it covers", one row per fact; an item without a sourced fact
        reads "not recorded" (its date and source "–").

    Raises
    ------
    ParamsError
        If ``code`` is not a commission.
    """
    table = commitments_blocks(code, review_round)[0]
    assert isinstance(table, Table)
    return table


def commitments_blocks(code: str, review_round: ReviewRound | None = None) -> list[Block]:
    """Return the round's commitments table, then any later developments (after the round).

    Raises
    ------
    ParamsError
        If ``code`` is not a commission.
    """
    commission = get_commission(code)
    within, later = _by_round(_for(code), review_round)
    sources = _Sources()
    name = commission.name_in(current().code)
    blocks: list[Block] = [
        _table(
            within,
            sources,
            _("GCM commitments and implementation: {name}").format(name=name),
            _(_TABLE_NOTE).format(not_recorded=_(NOT_RECORDED)),
            every_item=True,
        )
    ]
    if later:
        assert review_round is not None
        blocks.append(
            _table(
                later,
                sources,
                _("Later developments (after this round): {name}").format(name=name),
                _(_LATER_NOTE).format(last=review_round.years[1]),
                every_item=False,
            )
        )
    return blocks


def cited_sources(code: str, review_round: ReviewRound | None = None) -> list[Commitment]:
    """Return one fact per source a report on ``code`` cites, in citation order.

    The technical appendix lists their addresses (:attr:`Commitment.source_urls`).
    """
    within, later = _by_round(_for(code), review_round)
    seen: dict[str, Commitment] = {}
    for c in [*within, *later]:
        if c.source is not None:
            seen.setdefault(c.source, c)
    return list(seen.values())
