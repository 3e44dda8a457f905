"""What a page read of the corpus while it was rendered: the dependency record of incremental rendering.

While `recording()` is on, every attribute read on a `Document` is noted, as (document id, field) for a field
of the dataclass; a cached value (computed once, then read back without reading its fields) as the fields
CACHED_FROM says it comes from; an unlisted cached value as (document id, "*"). A property or a
method reads the fields it uses through the same hook, so it needs no note of its own. `reads_into(target)` sends the notes to `target` for the time of
one page. A page then depends on exactly what it read: after an edit that changes a document's title only,
the pages to render again are those that read (id, "title") or (id, "*"), however they reached the document
(a list, the graph, a citation entry, a view). See incremental.py for when this alone decides.

The hook is a `__getattribute__` set on the class only while recording, so a plain `mkdocs build` pays nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from plansite.analysis.pairs import Pair
from plansite.corpus.model import Document

ANY = "*"
_FIELDS = frozenset(field.name for field in dataclasses.fields(Document))
# (`__dict__` itself is not noted: a cached value reads it on every access, after its own name was noted.)
_OPAQUE = frozenset(name for name, value in vars(Document).items() if isinstance(value, cached_property))
# The fields each cached value of Document is computed from (model.py): a cached value not listed counts as
# reading every field.
CACHED_FROM = {"_sources": ("sources",), "_inferred": ("provenance",), "_node_readings": ("body",)}
_current: set | None = None
_get = object.__getattribute__


def _noting(self, name: str):
    current = _current
    if current is not None:
        if name in _FIELDS:
            current.add((_get(self, "id"), name))
        elif name in _OPAQUE:
            doc_id = _get(self, "id")
            current.update((doc_id, field) for field in CACHED_FROM.get(name, (ANY,)))
    return _get(self, name)


def pair_key(child_id: str, parent_id: str) -> tuple[str, str]:
    """What a read of a pair's alignment or targets is noted under (its documents are noted as such)."""
    return (f"{child_id}\0{parent_id}", "pair")


def _noting_pair(self, name: str):
    current = _current
    if current is not None and name in ("alignment", "targets"):
        current.add(pair_key(_get(_get(self, "child"), "id"), _get(_get(self, "parent"), "id")))
    return _get(self, name)


@contextmanager
def recording() -> Iterator[None]:
    """Attribute reads on documents (and on the pairs of a plan and its parent, whose alignment is computed
    before any page) are noted (into `reads_into`'s target) while this lasts; forked workers started meanwhile
    inherit it."""
    Document.__getattribute__ = _noting
    Pair.__getattribute__ = _noting_pair
    try:
        yield
    finally:
        del Document.__getattribute__
        del Pair.__getattribute__


def is_recording() -> bool:
    return "__getattribute__" in vars(Document)


@contextmanager
def reads_into(target: set) -> Iterator[set]:
    global _current
    saved, _current = _current, target
    try:
        yield target
    finally:
        _current = saved


def note(doc_id: str) -> None:
    """A read that reached a document's data some other way (its record as read from the file)."""
    if _current is not None:
        _current.add((doc_id, ANY))


class NotedRecords(dict):
    """Each document's record (`PublishedCorpus.records`), whose reads count as reading the whole document."""

    def __getitem__(self, doc_id):
        note(doc_id)
        return super().__getitem__(doc_id)
