"""Prove that a restored document neither lost nor invented text compared with its raw source.

Both sides are cut into paragraphs and folded (no diacritics, lower case, punctuation collapsed),
because the OCR lost the diacritics and the restorers re-wrapped lines. Each paragraph is then
aligned character by character inside the other side's text, so OCR-garbled letters still count
as near matches, and scored by its worst-covered stretch, so one invented sentence inside a long
paragraph cannot hide behind the paragraph's average.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable, Iterator

from .folding import fold_key
from .model import Document

# Calibrated on the five real plans: see `python -m plansite.fidelity` for the distributions.
MISSING_THRESHOLD = 0.70  # placeholder, calibrated below
UNSUPPORTED_THRESHOLD = 0.70  # placeholder, calibrated below

CHUNK = 100  # characters scored at a time: about one clause, the size of a plausible invented sentence
QGRAM = 5  # anchor length: long enough to be rare in a document, short enough to survive OCR garbling
COMMON_QGRAM = 12  # a q-gram seen more often than this in the other side is a stock phrase, not an anchor
BIN = 20  # offsets that agree within this many characters vote together
MARGIN = 30  # slack around the anchored window for OCR noise and re-wrapped punctuation
CANDIDATES = 3  # best-voted places tried per chunk, besides the in-order one: stock phrases recur
ALLOWANCE = 3  # characters forgiven per chunk: the OCR may garble one short word beyond recognition

_LIST_MARKER = re.compile(r"^\s*(?:[-+•–]\s|\d{1,2}\s*[.)/]\s|[a-zđ]\)\s|[IVXLl1]{1,5}\s*[.-]\s)")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_MD_HEADING = re.compile(r"^\s*#+\s*")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of either side: where it is, what it says, and its folded form."""

    where: str  # restored side: `node ii-1-p2`, `title`, `signature 2`; source side: `line 57`
    text: str
    key: str


@dataclass(frozen=True)
class Finding:
    paragraph: Paragraph
    score: float

    def __str__(self) -> str:
        start = " ".join(self.paragraph.text.split())
        start = start if len(start) <= 60 else start[:60] + "…"
        return f"{self.paragraph.where} (độ phủ {self.score:.2f}): {start}"


@dataclass(frozen=True)
class FidelityReport:
    document_id: str
    missing_in_restored: tuple[Finding, ...]  # source paragraphs with no close counterpart: text lost
    unsupported_in_restored: tuple[Finding, ...]  # restored paragraphs with no close counterpart: text invented
    restored_scores: tuple[Finding, ...] = field(repr=False, default=())
    source_scores: tuple[Finding, ...] = field(repr=False, default=())

    @property
    def ok(self) -> bool:
        return not self.missing_in_restored and not self.unsupported_in_restored

    def message(self) -> str:
        lines = [f"{self.document_id}: " + ("khớp với bản nguồn" if self.ok else "không khớp với bản nguồn")]
        lines += [f"  thiếu so với nguồn: {finding}" for finding in self.missing_in_restored]
        lines += [f"  không có trong nguồn: {finding}" for finding in self.unsupported_in_restored]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message()


def restored_paragraphs(document: Document) -> list[Paragraph]:
    """The document's text in reading order, one entry per printed line or body node."""
    parts = [Paragraph(f"masthead {i}", line, "") for i, line in enumerate(document.masthead, 1)]
    parts.append(Paragraph("title", f"{document.type_label} {document.title}", ""))
    parts += [Paragraph(f"node {node.id}", f"{node.marker} {node.text}".strip(), "") for node, _ in document.nodes()]
    parts += [Paragraph(f"signature {i}", line, "") for i, line in enumerate(document.signature, 1)]
    parts += [Paragraph(f"recipients {i}", line, "") for i, line in enumerate(document.recipients, 1)]
    return _keyed(parts)


def source_paragraphs(source_text: str) -> list[Paragraph]:
    """The raw file re-joined into paragraphs: the OCR wraps lines, Markdown adds markup."""
    parts: list[Paragraph] = []
    start, lines = 0, []  # first line number and lines of the paragraph being gathered

    def flush() -> None:
        if lines:
            parts.append(Paragraph(f"line {start}", " ".join(lines), ""))
            lines.clear()

    for number, raw in enumerate(source_text.splitlines(), 1):
        line = _MD_HEADING.sub("", raw).replace("**", "").strip()
        if not line or _MD_RULE.match(line) or _PAGE_NUMBER.match(line):
            flush()
            continue
        if _LIST_MARKER.match(line):
            flush()
        if not lines:
            start = number
        lines.append(line)
    flush()
    return _keyed(parts)


def _keyed(parts: Iterable[Paragraph]) -> list[Paragraph]:
    keyed = (Paragraph(p.where, p.text, fold_key(p.text)) for p in parts)
    return [p for p in keyed if p.key]


class _Side:
    """The other side's folded text as one string, with a q-gram index to anchor alignments."""

    def __init__(self, paragraphs: list[Paragraph]):
        self.text = " ".join(p.key for p in paragraphs)
        positions: defaultdict[str, list[int]] = defaultdict(list)
        for i in range(len(self.text) - QGRAM + 1):
            positions[self.text[i : i + QGRAM]].append(i)
        self.anchors = {gram: where for gram, where in positions.items() if len(where) <= COMMON_QGRAM}
        self.cursor = 0  # where the previous paragraph ended here: the in-order guess for the next one

    def coverage(self, key: str) -> float:
        """The worst score over the chunks of `key`, each aligned at its best place in this side's text."""
        scores = []
        for lo, hi in _chunks(key):
            votes: Counter[int] = Counter()  # binned offsets (position here - position in key) of rare q-grams
            for i in range(lo, max(lo, hi - QGRAM + 1)):
                for j in self.anchors.get(key[i : i + QGRAM], ()):
                    votes[(j - i) // BIN] += 1
            ranked = sorted(votes, key=lambda b: -(votes[b - 1] + votes[b] + votes[b + 1]))[:CANDIDATES]
            offsets = {b * BIN + BIN // 2 for b in ranked} | {self.cursor - lo}
            score, end = max(self._score(key[lo:hi], lo + offset) for offset in offsets)
            scores.append(score)
            self.cursor = end
        return min(scores)

    def _score(self, piece: str, at: int) -> tuple[float, int]:
        """Matched share of `piece` aligned near position `at`, and where the alignment ends."""
        start = max(0, at - MARGIN)
        matcher = SequenceMatcher(None, piece, self.text[start : at + len(piece) + MARGIN], autojunk=False)
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        matched = sum(block.size for block in blocks)
        end = start + blocks[-1].b + blocks[-1].size if blocks else at
        return min(1.0, (matched + ALLOWANCE) / len(piece)), end


def _chunks(key: str) -> Iterator[tuple[int, int]]:
    """Split at word boundaries into pieces of about CHUNK characters; a short tail joins the last piece."""
    cuts = [0]
    while len(key) - cuts[-1] > CHUNK * 3 // 2:
        cut = key.rfind(" ", cuts[-1] + CHUNK // 2, cuts[-1] + CHUNK)
        cuts.append(cut if cut > 0 else cuts[-1] + CHUNK)
    cuts.append(len(key))
    yield from zip(cuts, cuts[1:])


def check_fidelity(document: Document, source_text: str) -> FidelityReport:
    """Compare the restored document with its raw source text, both ways."""
    restored, source = restored_paragraphs(document), source_paragraphs(source_text)
    restored_side, source_side = _Side(restored), _Side(source)
    restored_scores = tuple(Finding(p, source_side.coverage(p.key)) for p in restored)
    source_scores = tuple(Finding(p, restored_side.coverage(p.key)) for p in source)
    return FidelityReport(
        document_id=document.id,
        missing_in_restored=tuple(f for f in source_scores if f.score < MISSING_THRESHOLD),
        unsupported_in_restored=tuple(f for f in restored_scores if f.score < UNSUPPORTED_THRESHOLD),
        restored_scores=restored_scores,
        source_scores=source_scores,
    )


def main() -> None:
    """Print the score distributions for the real corpus: the data the thresholds were chosen from."""
    from .check import DEFAULT_CORPUS, load_valid_corpus

    for document in load_valid_corpus().corpus.documents.values():
        if not (document.provenance.source_file and document.body):
            continue
        text = (DEFAULT_CORPUS / "sources" / document.provenance.source_file).read_text(encoding="utf-8")
        report = check_fidelity(document, text)
        for side, findings in (("restored", report.restored_scores), ("source", report.source_scores)):
            scores = sorted(f.score for f in findings)
            print(f"{document.id} {side}: n={len(scores)} min={scores[0]:.2f} "
                  f"median={statistics.median(scores):.2f} lowest={[round(s, 2) for s in scores[:6]]}")
        print(report.message())


if __name__ == "__main__":
    main()
