"""The registries beside the documents, declared once: the file each lives in, how an entry becomes a model
record, and which of its values no two entries may share. Loading (loader.py) and validation (validate.py)
read this table, so a third registry is an entry here, its part of registries.schema.json, its record in
model.py (and a field of Corpus), and its page kind if it has pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from plansite.corpus.model import AgencyKind, Locality
from plansite.text.folding import fold_key


@dataclass(frozen=True)
class Registry:
    key: str  # corpus/<key>.yaml, its root key, and the Corpus attribute that holds its records
    build: Callable[[dict], object]
    unique: Callable[[dict], list[tuple[str, object]]]  # (field, value) pairs no two entries may share

    @property
    def file_name(self) -> str:
        return f"{self.key}.yaml"


def _names(entry: dict) -> list[tuple[str, object]]:
    """An agency kind's name and spellings, compared folded: two kinds may not share a spelling."""
    spellings = entry.get("aliases", [])
    spellings = (spellings if isinstance(spellings, list) else []) + [entry.get("name", "")]
    return [("aliases", fold_key(spelling)) for spelling in spellings if isinstance(spelling, str)]


REGISTRIES: tuple[Registry, ...] = (
    Registry("localities", lambda entry: Locality(**entry), lambda entry: [("id", entry.get("id")), ("code", entry.get("code"))]),
    Registry("agencies", lambda entry: AgencyKind(**dict(entry, aliases=tuple(entry.get("aliases", ())))),
             lambda entry: [("id", entry.get("id")), *_names(entry)]),
)
