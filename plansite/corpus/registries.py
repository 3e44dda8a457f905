"""The registries beside the documents, declared once: the file each lives in, how an entry becomes a model
record, and which of its values no two entries may share. Loading (loader.py) and validation (validate.py)
read this table, so a third registry is an entry here, its part of registries.schema.json, its record in
model.py (and a field of Corpus), and its page kind if it has pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from plansite.corpus.model import AgencyKind, AgencyScope, AgencySuccession, FormerUnit, Law, Locality, Succession
from plansite.text.folding import fold_key, slugify


def _id(entry: dict) -> str:
    return entry["id"]


@dataclass(frozen=True)
class Registry:
    key: str  # corpus/<key>.yaml and its root key
    build: Callable[[dict], object]
    unique: Callable[[dict], list[tuple[str, object]]]  # (field, value) pairs no two entries may share
    into: str = ""  # the Corpus attribute that holds its records, if not `key` (communes are localities)
    flow_lines: bool = False  # written one entry per line in flow style (JSON): read with the JSON parser first
    required: bool = True  # a corpus without the file is incomplete (the fixture corpus has no communes)
    key_of: Callable[[dict], str] = _id  # the key of an entry's record in the Corpus attribute
    key_field: str = "id"  # the field `key_of` reads: an entry whose field is a string has a key, built or not
    # The fields that hold a date (shaped by the schema): one that names no real day is the entry's problem,
    # and the entry is not built (loader.py), as for any schema problem.
    dates: tuple[str, ...] = ("valid_from", "valid_to")

    @property
    def file_name(self) -> str:
        return f"{self.key}.yaml"

    @property
    def attribute(self) -> str:
        return self.into or self.key


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def build_locality(entry: dict) -> Locality:
    return Locality(**dict(
        entry,
        schemes=tuple(entry.get("schemes", ("truoc-2025",))),
        valid_from=_date(entry.get("valid_from")),
        valid_to=_date(entry.get("valid_to")),
        predecessors=tuple(Succession(**item) for item in entry.get("predecessors", ())),
        former=tuple(FormerUnit(**item) for item in entry.get("former", ())),
    ))


def _locality_keys(entry: dict) -> list[tuple[str, object]]:
    """Ids, and codes within their scheme: 91 is Kiên Giang before 1 July 2025 and An Giang after."""
    schemes = entry.get("schemes", ["truoc-2025"])
    code = entry.get("code")
    codes = [("code", f"{code} ({scheme})") for scheme in schemes if isinstance(scheme, str)] if isinstance(code, str) and isinstance(schemes, list) else []
    return [("id", entry.get("id")), *codes]


def _names(entry: dict) -> list[tuple[str, object]]:
    """An entry's name and spellings (an agency kind's, a law's), compared folded: two entries may not share a
    spelling."""
    spellings = entry.get("aliases", [])
    spellings = (spellings if isinstance(spellings, list) else []) + [entry.get("name", "")]
    return [("aliases", fold_key(spelling)) for spelling in spellings if isinstance(spelling, str)]


def _scope(addresses: dict) -> AgencyScope:
    return AgencyScope(addresses.get("line", ""), addresses.get("level", ""), tuple(addresses.get("except", ())))


REGISTRIES: tuple[Registry, ...] = (
    Registry("localities", build_locality, _locality_keys),
    Registry("communes", build_locality, _locality_keys, into="localities", flow_lines=True, required=False),
    Registry("agencies", lambda entry: AgencyKind(**dict(
        entry, aliases=tuple(entry.get("aliases", ())), sources=tuple(entry.get("sources", ())),
        addresses=_scope(entry["addresses"]) if "addresses" in entry else None,
        successors=tuple(AgencySuccession(**dict(item, sources=tuple(item["sources"]))) for item in entry.get("successors", ())))),
             lambda entry: [("id", entry.get("id")), *_names(entry)]),
    # Laws have no id: a law is cited by its name, whose slug is its key and its citation page (so two names
    # that fold alike, which `_names` refuses, would be one page). The fixture corpus has no laws.
    Registry("laws", lambda entry: Law(entry["name"], tuple(entry.get("aliases", ()))), _names,
             required=False, key_of=lambda entry: slugify(entry["name"]), key_field="name", dates=()),
)
