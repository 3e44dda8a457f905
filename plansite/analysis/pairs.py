"""Every plan against each document it carries out, for a build: the pairs, their alignments (computed in forked
workers on several cores, kept from one build to the next by the content of the pair) and their targets
compared. The alignment itself is plansite/analysis/alignment.py."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from plansite.analysis.alignment import Alignment, Reader, TargetComparison, Text, align, compare_targets, document_items
from plansite.runtime.forking import ITEMS_PER_TASK, PARALLEL_FROM, chunks, map_in_workers, worker_count


@dataclass(frozen=True)
class Pair:
    child: object  # Document
    parent: object  # Document
    alignment: Alignment | None  # None when either text is not in the corpus
    targets: tuple[TargetComparison, ...] = ()


# Alignments of the last build, by the content of the pair: `mkdocs serve` rebuilds after each edit, and an edit
# changes one or two pairs. Only the current build's pairs are kept, so memory stays flat across rebuilds.
_MEMO: dict[str, Alignment] = {}
# Each document's paragraphs as a pair's key reads them, hashed, by document (the same object from one build to
# the next when its file did not change): 3.6 s of every rebuild at 2,000 plans otherwise.
_ITEMS: dict[str, tuple[object, bytes]] = {}
_RUNNING: CorpusAlignments | None = None  # what forked workers align from
# Each pair's targets compared at the last build, by (child id, parent id), with what the comparison read: the
# two documents (the same objects when their files did not change) and the places the child is read with.
# Comparing every pair's targets again was 0.3 s of each 4 s rebuild at 2,000 plans (profiled).
_TARGETS: dict[tuple[str, str], tuple[object, object, tuple[str, ...], tuple]] = {}


# Two aligning workers and the build held at most 2.31 times what the build held when it forked them (10,000 plans:
# 3,291 MB, 1,424 at the fork; 2,000 plans: 2.26 times).
ALIGNMENT_COPIES = 2.35


class CorpusAlignments:
    """Each document with each document it carries out (`implements`): aligned when both texts are in the
    corpus. Computed once per build, parent by parent, each text read once: linear in the corpus. On several
    cores, forked workers align shares of the parents (measured at 2,000 plans, 2,275 pairs: 51.5 s of work in
    one process, the collector paused as in a build)."""

    def __init__(self, corpus, parallel_from: int = PARALLEL_FROM) -> None:
        global _RUNNING, _MEMO, _ITEMS, _TARGETS
        self._items_before, _ITEMS = _ITEMS, {}
        targets_before, _TARGETS = _TARGETS, {}
        names = [name for kind in corpus.agencies.values() for name in (kind.name, *kind.aliases)]
        self._corpus = corpus
        self._base = Reader(citations=names)
        # What every pair's alignment reads of the agencies: their names, hashed once per build (their count
        # alone stayed the same when a name was corrected, and `mkdocs serve` kept the stale alignments).
        self._names = hashlib.sha256("\0".join(sorted(names)).encode()).hexdigest()
        documents = corpus.documents
        self._children: dict[str, list] = {}
        for document in documents.values():
            for parent_id in document.implements:
                if parent_id in documents:
                    self._children.setdefault(parent_id, []).append(document)
        keys = {(child.id, parent_id): self._key(child, documents[parent_id])
                for parent_id, kids in self._children.items() for child in kids}
        # Only the pairs whose content changed are aligned again (an edit to one plan: its own pairs), each
        # parent's text read once for its changed children.
        changed: dict[str, set[str]] = {}
        for (child_id, parent_id), key in keys.items():
            if key and key not in _MEMO:
                changed.setdefault(parent_id, set()).add(child_id)
        todo = sorted(changed.items())
        # Forking the workers from a build's heap takes about 1.5 s at 2,000 plans, and a pair about 40 ms:
        # a few pairs (an edit under `mkdocs serve`) are aligned here.
        many = sum(len(kids) for kids in changed.values()) >= ITEMS_PER_TASK
        workers = worker_count(ALIGNMENT_COPIES) if len(documents) >= parallel_from and many else 0
        _RUNNING = self
        aligned: dict[tuple[str, str], Alignment] = {}
        for results in map_in_workers(_align_share, chunks(todo, ITEMS_PER_TASK // 5 or 1), workers):
            aligned.update(results)
        _RUNNING = None
        memo = {key: aligned.get(pair) or _MEMO[key] for pair, key in keys.items() if key}
        _MEMO = memo
        self.by_child: dict[str, list[Pair]] = {}
        self.by_parent: dict[str, list[Pair]] = {}
        for document in documents.values():  # in the corpus's order, each child's parents in its own order
            for parent_id in document.implements:
                if (document.id, parent_id) not in keys:
                    continue
                parent, key = documents[parent_id], keys[document.id, parent_id]
                targets = ()
                if document.targets or parent.targets:
                    places = (*self._places(document), self._names)
                    known = targets_before.get((document.id, parent_id))
                    if known is not None and known[0] is document and known[1] is parent and known[2] == places:
                        targets = known[3]
                    else:
                        targets = tuple(compare_targets(document.targets, parent.targets, self._reader(document)))
                    _TARGETS[document.id, parent_id] = (document, parent, places, targets)
                pair = Pair(document, parent, memo[key] if key else None, targets)
                self.by_child.setdefault(document.id, []).append(pair)
                self.by_parent.setdefault(parent_id, []).append(pair)

    def _key(self, child, parent) -> str:
        """The content a pair's alignment depends on, hashed; '' when either text is missing."""
        if not (child.body and parent.body):
            return ""
        digest = hashlib.sha256()
        digest.update(self._items_digest(child))
        digest.update(self._items_digest(parent))
        for part in (repr(self._titles(child, parent)),
                     repr(self._places(child)), repr(self._places(parent)), self._names):
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def _items_digest(self, document) -> bytes:
        known = _ITEMS.get(document.id) or self._items_before.get(document.id)
        if known is None or known[0] is not document:
            known = (document, hashlib.sha256(repr(document_items(document)).encode()).digest())
        _ITEMS[document.id] = known
        return known[1]

    def text_stamp(self, document) -> str:
        """A short stamp of a document's paragraphs, from the digest the pairs' keys read: its page carries it,
        and a side-by-side page names the stamps of the two pages it draws from (plansite/render/pages/alignment.py)."""
        return self._items_digest(document).hex()[:8]

    def align_parent(self, parent_id: str, child_ids: set[str]) -> list[tuple[tuple[str, str], Alignment]]:
        """The alignments of the given children of a parent (each pair is aligned on its own: the same
        whichever of its parent's children are aligned with it)."""
        parent = self._corpus.documents[parent_id]
        parent_text = Text(document_items(parent), self._reader(parent))
        results = []
        for child in self._children.get(parent_id, ()):
            if child.body and child.id in child_ids:
                reader = self._reader(child)
                cited = frozenset(reader.shingles(self._titles(child, parent)))
                results.append(((child.id, parent_id), align(Text(document_items(child), reader), parent_text, reader, cited)))
        return results

    def _places(self, document) -> list[str]:
        names: list[str] = []
        locality_id = document.issuer.locality
        while locality_id and locality_id in self._corpus.localities:
            locality = self._corpus.localities[locality_id]
            names.append(locality.name)
            locality_id = locality.parent
        return names

    def _reader(self, document) -> Reader:
        """A document is read with the names of its own locality and those above it as places."""
        return self._base.extended(self._places(document), ())

    def _titles(self, *documents) -> list[str]:
        """The titles of the two documents and of everything the parent carries out: quoted, they are citations."""
        titles, seen, queue = [], set(), list(documents)
        while queue:
            document = queue.pop()
            if document.id in seen:
                continue
            seen.add(document.id)
            titles.append(document.title)
            queue += [self._corpus.documents[p] for p in document.implements if p in self._corpus.documents]
        return titles


def _align_share(share: list[tuple[str, set[str]]]) -> dict[tuple[str, str], Alignment]:
    """Align some children of some parents, in a worker forked from the build (or in the build itself)."""
    return {pair: alignment for parent_id, child_ids in share for pair, alignment in _RUNNING.align_parent(parent_id, child_ids)}
