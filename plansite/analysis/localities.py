"""Localities through time: who is whose parent, who took over whom, and which units get a page.

The registry types each succession on the later unit (`predecessors`); successors are derived here, never
typed twice. Documents keep pointing at the unit as it was on their date; what a unit is today follows from
the successions.

Of the ~4,100 units only those with something to say get a page: every province, former and current (the
coverage map links each of its tiles to one, and its page says what is known of it), a unit with documents
(its own or its sub-units'), every unit that took it over, down to today's, the other units merged into
those, and the parents of all of them (breadcrumbs)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from plansite.corpus.model import Corpus, Document, Locality, Succession
from plansite.text.folding import fold_key

REORGANISED = dt.date(2025, 7, 1)


def _by_name(item) -> str:
    return fold_key((item[0] if isinstance(item, tuple) else item).name)


class LocalityHistory:
    def __init__(self, corpus: Corpus, documents_by_locality: Mapping[str, list[Document]]) -> None:
        self.localities = corpus.localities
        self.documents_by_locality = documents_by_locality
        children: dict[str, list[Locality]] = defaultdict(list)
        successors: dict[str, list[tuple[Locality, Succession]]] = defaultdict(list)
        for locality in self.localities.values():
            if locality.parent:
                children[locality.parent].append(locality)
            for succession in locality.predecessors:
                successors[succession.id].append((locality, succession))
        self.children = {key: sorted(value, key=_by_name) for key, value in children.items()}
        self._successors = {key: sorted(value, key=_by_name) for key, value in successors.items()}
        self.with_pages = self._units_with_pages()

    def predecessors(self, locality: Locality) -> list[tuple[Locality, Succession]]:
        return sorted(((self.localities[s.id], s) for s in locality.predecessors if s.id in self.localities), key=_by_name)

    def successors(self, locality: Locality) -> list[tuple[Locality, Succession]]:
        return self._successors.get(locality.id, [])

    def today(self, locality: Locality) -> list[Locality]:
        """The units that exist today and hold (part of) this one's territory: itself if it still exists.
        Bounded walk: a cycle of successions (which the validator refuses) ends it."""
        found: dict[str, Locality] = {}
        seen: set[str] = set()
        todo = [locality]
        while todo:
            unit = todo.pop()
            if unit.id in seen:
                continue
            seen.add(unit.id)
            if unit.is_current:
                found[unit.id] = unit
            todo += [successor for successor, _ in self.successors(unit)]
        return sorted(found.values(), key=_by_name)

    def province_relation(self, locality: Locality) -> str:
        """How a former province went into today's one, when it went into one ("nhập toàn bộ"): its page, its
        documents' cards and the calendar say it alike (the old Hải Phòng "thuộc thành phố Hải Phòng" alone
        reads as if nothing had changed)."""
        successors = self.successors(locality)
        return successors[0][1].relation_label if locality.level == "province" and len(successors) == 1 else ""

    def current_parents(self, locality: Locality) -> list[Locality]:
        """Today's provinces of a unit: of the units it went into, their provinces (`Từ 01/07/2025 thuộc ...`)."""
        provinces: dict[str, Locality] = {}
        for unit in self.today(locality):
            top = unit
            while top.parent and top.parent in self.localities:
                top = self.localities[top.parent]
            provinces[top.id] = top
        return sorted(provinces.values(), key=_by_name)

    def documents(self, locality: Locality) -> list[Document]:
        """The documents of the unit and of its sub-units, as the unit's page lists them."""
        units = [locality, *self.children.get(locality.id, ())]
        return [document for unit in units for document in self.documents_by_locality.get(unit.id, ())]

    def earlier(self, locality: Locality) -> list[tuple[Locality, Succession, list[Document]]]:
        """Each earlier unit (predecessors, theirs, ...) that has documents, with them, under its own name."""
        found: list[tuple[Locality, Succession, list[Document]]] = []
        seen = {locality.id}
        todo = self.predecessors(locality)
        while todo:
            unit, succession = todo.pop(0)
            if unit.id in seen:
                continue
            seen.add(unit.id)
            documents = self.documents(unit)
            if documents:
                found.append((unit, succession, documents))
            todo += self.predecessors(unit)
        return found

    def has_page(self, locality: Locality | None) -> bool:
        return locality is not None and locality.id in self.with_pages

    def _units_with_pages(self) -> set[str]:
        with_documents = {unit.id for unit in self.localities.values() if self.documents(unit)}
        pages = with_documents | {unit.id for unit in self.localities.values() if unit.level == "province"}
        later: set[str] = set()
        todo = list(with_documents)
        while todo:
            unit_id = todo.pop()
            for successor, _ in self._successors.get(unit_id, ()):
                if successor.id not in later:
                    later.add(successor.id)
                    todo.append(successor.id)
        pages |= later
        for unit_id in later:  # the units merged with those: Hải Dương beside Hải Phòng
            unit = self.localities[unit_id]
            if unit.level == "province":
                pages |= {s.id for s in unit.predecessors if s.id in self.localities}
        for unit_id in list(pages):
            parent = self.localities[unit_id].parent
            seen = set()
            while parent and parent in self.localities and parent not in seen:
                seen.add(parent)
                pages.add(parent)
                parent = self.localities[parent].parent
        return pages
