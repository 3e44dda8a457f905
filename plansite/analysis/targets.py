"""Targets compared across plans: like with like. The targets page and the targets CSV both list them in this
order, so the same indicator in the same unit, measured the same way (a level to reach, or a change), stands
together, its years in order, and a target whose text gives no year comes after the dated ones."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from plansite.corpus.model import Corpus, Document, Target
from plansite.text.folding import fold_key


@dataclass(frozen=True)
class Group:
    """Targets that measure the same thing: one indicator (its words folded), one unit, one measure."""

    key: tuple[str, str, str]
    rows: tuple[tuple[Document, Target], ...]

    @property
    def has_baseline(self) -> bool:
        return any(target.baseline for _, target in self.rows)


def group_key(target: Target) -> tuple[str, str, str]:
    return fold_key(target.indicator), target.unit, target.measure


def _time_key(target: Target) -> tuple[int, int, int]:
    """Dated targets by year (a period by its last year), then the others ("hằng năm", "thường xuyên", none)."""
    year = target.target_year or target.when.end
    return (0, year, 0) if year else (1, 0, 0)


def compared(corpus: Corpus) -> list[Group]:
    """Every target of the corpus, grouped like with like, groups by indicator then unit."""
    rows = [(document, index, target) for document in corpus.documents.values() for index, target in enumerate(document.targets)]
    rows.sort(key=lambda row: (group_key(row[2]), _time_key(row[2]), row[0].id, row[1]))
    return [Group(key, tuple((document, target) for document, _, target in members))
            for key, members in groupby(rows, key=lambda row: group_key(row[2]))]


def rows(corpus: Corpus) -> Iterator[tuple[Document, Target]]:
    """The targets in the order of `compared`."""
    for group in compared(corpus):
        yield from group.rows
