"""Prove that a restored document neither lost nor invented text compared with its raw source.

Both sides are cut into paragraphs and folded (no diacritics, lower case, punctuation collapsed),
because the OCR lost the diacritics and the restorers re-wrapped lines. Each paragraph of one side
is aligned letter by letter inside the other side's text, so OCR-garbled letters still count as
near matches, and scores the covered share of its worst stretch, so one invented sentence cannot
hide behind a long paragraph's average. The check runs both ways: source paragraphs without a
counterpart were lost, restored paragraphs without one were invented.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from plansite.corpus.model import Document
from plansite.text.folding import fold_key

# Thresholds, calibrated with `python -m plansite.authoring.fidelity` on the five real plans and on doctored
# copies (each of the 200+ leaf paragraphs deleted in turn; an invented sentence appended to every node).
# Source side: real paragraphs >= 0.65 (stamp-smeared signature lines; body >= 0.85), deleted ones
# <= 0.41 (a preamble that repeats the title; all others <= 0.16). 0.55 keeps 0.1 from each.
MISSING_THRESHOLD = 0.55
# Restored side: real paragraphs >= 0.75 (body nodes >= 0.86) besides lines the notes explain,
# paragraphs with an invented sentence <= 0.26. The same 0.55 keeps 0.2 from each.
UNSUPPORTED_THRESHOLD = 0.55

CHUNK = 100  # characters aligned at a time: about one clause; OCR drift within it stays under MARGIN
MARGIN = 30  # slack around the expected place for OCR noise, page numbers and re-wrapped punctuation
WINDOW = 80  # a paragraph scores its worst stretch this long, so an invented sentence cannot hide
ALLOWANCE = 3  # characters forgiven per stretch: the OCR may garble one short word beyond recognition
CLAIM_ABOVE = 0.7  # share of a piece that must match before the match is trusted and its letters claimed
SOLID = 3  # a match this long is evidence; single letters and pairs at the edges are chance
MIN_GAP = 6  # uncovered runs at least this long get a second, out-of-order look
COMMON_WORD = 50  # words this frequent are left out of the word diff: they pair with anything
QGRAM = 5  # letters per q-gram used to find out-of-order places: short enough to survive OCR errors
COMMON_QGRAM = 12  # a q-gram seen more often than this is a stock phrase, not a clue to a far place
NEAR = 400  # any q-gram counts as a clue within this distance of the expected place
BIN = 20  # clues whose offsets agree within this many characters vote together
CANDIDATES = 3  # best-voted places tried for each leftover piece
CLAIMED = "\0"  # replaces a claimed character of the other side; folded text never contains it

_LIST_MARKER = re.compile(r"^\s*(?:[-+•–]\s|\d{1,2}(?:\.\d{1,2})*\s*[.)/]\s|[a-zđ]\)\s|[IVXLl1]{1,5}\s*[.-]\s)")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_MD_HEADING = re.compile(r"^\s*#+\s*")
# The digital-signature stamp (Người ký / e-mail / Cơ quan / Thời gian ký) is printed over the page by
# the signing software, not written by the issuer; its fields are cut from the source lines.
_E_SIGNATURE = re.compile(
    r"\bNg\S{1,3}i k\S\s*:.*|^\s*(?:C\S quan|Th\S{1,2}i gian k\S)\s*:.*|^\s*[\w.]+@[\w.\s]+$|^\s*\d{4}-\d\d-\d\dT[\d:+]+\s*$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')


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
    """Paragraphs below threshold on either side; `ok` when there are none the notes do not explain."""

    document_id: str
    missing_in_restored: tuple[Finding, ...]  # source paragraphs with no close counterpart: text lost
    unsupported_in_restored: tuple[Finding, ...]  # restored paragraphs with no close counterpart: text invented
    explained: tuple[Finding, ...] = ()  # below threshold, but quoted in provenance.notes: a declared decision
    restored_scores: tuple[Finding, ...] = field(default=(), repr=False)  # every paragraph, for calibration
    source_scores: tuple[Finding, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.missing_in_restored and not self.unsupported_in_restored

    def __str__(self) -> str:
        lines = [f"{self.document_id}: " + ("khớp với bản nguồn" if self.ok else "không khớp với bản nguồn")]
        lines += [f"  mất chữ của bản nguồn, {finding}" for finding in self.missing_in_restored]
        lines += [f"  chữ không có trong bản nguồn, {finding}" for finding in self.unsupported_in_restored]
        lines += [f"  (đã giải thích trong provenance.notes) {finding}" for finding in self.explained]
        return "\n".join(lines)


def restored_paragraphs(document: Document) -> list[Paragraph]:
    """The document's text in reading order, one entry per printed line or body node."""
    parts = [Paragraph(f"masthead {i}", line, "") for i, line in enumerate(document.masthead, 1)]
    parts.append(Paragraph("title", f"{document.type_label} {document.title}", ""))
    parts += [Paragraph(f"node {node.id}", f"{node.marker} {node.text}".strip(), "") for node, _ in document.nodes()]
    parts += [Paragraph(f"signature {i}", line.text, "") for i, line in enumerate(document.signature, 1)]
    parts += [Paragraph(f"recipients {i}", line.text, "") for i, line in enumerate(document.recipients, 1)]
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
        line = _E_SIGNATURE.sub("", _MD_HEADING.sub("", raw).replace("**", "")).strip()
        if _PAGE_NUMBER.match(line):  # a page break may fall inside a paragraph: skip, do not split
            continue
        if not line or _MD_RULE.match(line):
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


class _Aligner:
    """Aligns the paragraphs of one side (`mine`) inside the folded text of the other side.

    Reading order comes first: the longest common run of shared words says where each chunk should
    be, and chunks that align well there claim the letters they matched. Only then may what is left
    (two-column mastheads and signature blocks read across, garbled words) look elsewhere, among
    unclaimed text, so a stock phrase such as the directive's full name, printed many times, cannot
    vouch for a deleted paragraph.
    """

    def __init__(self, mine: list[Paragraph], other: list[Paragraph]):
        self.mine = mine
        self.text = " ".join(p.key for p in other)
        self.unused = list(self.text)  # the other side, with claimed characters replaced by CLAIMED
        self.positions: defaultdict[str, list[int]] = defaultdict(list)
        for i in range(len(self.text) - QGRAM + 1):
            self.positions[self.text[i : i + QGRAM]].append(i)
        self.starts = [0]  # where each of my paragraphs starts in the joined text of mine
        for p in mine:
            self.starts.append(self.starts[-1] + len(p.key) + 1)
        self.mine_anchors, self.other_anchors = _word_anchors(" ".join(p.key for p in mine), self.text)

    def scores(self) -> list[float]:
        """For each of my paragraphs, its worst-covered stretch (see `_worst_stretch`)."""
        covered = [[False] * len(p.key) for p in self.mine]
        for n, p in enumerate(self.mine):  # first pass: each chunk where reading order puts it
            for lo, hi in _chunks(p.key):
                blocks = self._align(p.key[lo:hi], self._expected(n, lo, hi))
                if _share(blocks, hi - lo) >= CLAIM_ABOVE:
                    self._take(blocks, covered[n], lo, hi)
        for n, p in enumerate(self.mine):  # second pass: what is left, anywhere in the unclaimed text
            for lo, hi in _gaps(covered[n]):
                piece, at = p.key[lo:hi], self._expected(n, lo, hi)
                tries = (self._align(piece, place) for place in {at, *self._candidates(piece, at)})
                self._take(max(tries, key=lambda blocks: _share(blocks, hi - lo)), covered[n], lo, hi)
        return [_worst_stretch(mask) for mask in covered]

    def _take(self, blocks: list[tuple[int, int, int]], mask: list[bool], lo: int, hi: int) -> None:
        """Mark the matched letters of a piece as covered and, if it truly aligned, claim them."""
        aligned = _share(blocks, hi - lo) >= CLAIM_ABOVE
        for start, there, size in blocks:
            if aligned or size >= SOLID:  # in a poor alignment, lone letters are chance, not evidence
                mask[lo + start : lo + start + size] = [True] * size
            if aligned and size >= SOLID:  # stray letters stay free for the paragraph they belong to
                self.unused[there : there + size] = [CLAIMED] * size

    def _expected(self, n: int, lo: int, hi: int) -> int:
        """Where characters lo..hi of my paragraph n should start in the other text, by the word anchors.

        The median shift of the anchors inside is robust to a stock word paired with a neighbouring copy.
        """
        lo, hi = lo + self.starts[n], hi + self.starts[n]
        first, last = bisect_left(self.mine_anchors, lo), bisect_left(self.mine_anchors, hi)
        if first == last:  # no shared word inside: go by the nearest anchor on either side
            first, last = max(0, first - 1), min(len(self.mine_anchors), first + 1)
        shifts = sorted(self.other_anchors[k] - self.mine_anchors[k] for k in range(first, last))
        return lo + (shifts[len(shifts) // 2] if shifts else 0)

    def _candidates(self, piece: str, at: int) -> set[int]:
        """Where else the piece may start: offsets voted by its rare q-grams anywhere or any q-gram nearby."""
        rare: Counter[int] = Counter()
        near: Counter[int] = Counter()
        for i in range(len(piece) - QGRAM + 1):
            where = self.positions.get(piece[i : i + QGRAM], [])
            for j in where if len(where) <= COMMON_QGRAM else ():
                rare[(j - i) // BIN] += 1
            for j in where[bisect_left(where, at - NEAR) : bisect_right(where, at + NEAR)]:
                near[(j - i) // BIN] += 1
        return {b * BIN for votes in (rare, near) for b in _top(votes)}

    def _align(self, piece: str, at: int) -> list[tuple[int, int, int]]:
        """Blocks (start in piece, position in the other text, size) matched in order near `at`."""
        start = max(0, at - MARGIN)
        window = "".join(self.unused[start : at + len(piece) + MARGIN])
        matcher = SequenceMatcher(None, piece, window, autojunk=False)
        blocks = [(b.a, start + b.b, b.size) for b in matcher.get_matching_blocks() if b.size]
        # Letters matched by chance spill into the margins; an alignment starts and ends on a solid block.
        while blocks and blocks[-1][2] < SOLID:
            blocks.pop()
        while blocks and blocks[0][2] < SOLID:
            blocks.pop(0)
        return blocks


def _word_anchors(mine: str, other: str) -> tuple[list[int], list[int]]:
    """Character positions of the longest in-order run of shared words (an LCS over the rarer words).

    A longest common subsequence, unlike a greedy diff, prefers pairing every paragraph with its
    own counterpart over pairing a garbled title's clean repetition twice.
    """
    where: defaultdict[str, list[int]] = defaultdict(list)
    for match in re.finditer(r"\S+", other):
        where[match.group()].append(match.start())
    pairs = [(m.start(), o) for m in re.finditer(r"\S+", mine)
             for o in reversed(where[m.group()]) if len(where[m.group()]) <= COMMON_WORD]
    # Longest strictly increasing run of `o` (patience sorting); reversed `o` lets a word pair only once.
    tails: list[int] = []  # tails[k]: index in pairs ending the best run of length k + 1
    ends: list[int] = []  # ends[k]: the other-side position of that pair, for bisection
    back: list[int] = []  # back[i]: the pair before pairs[i] in its best run
    for i, (_, o) in enumerate(pairs):
        k = bisect_left(ends, o)
        back.append(tails[k - 1] if k else -1)
        tails[k : k + 1], ends[k : k + 1] = [i], [o]
    run, i = [], tails[-1] if tails else -1
    while i >= 0:
        run.append(pairs[i])
        i = back[i]
    run.reverse()
    return [m for m, _ in run], [o for _, o in run]


def _share(blocks: list[tuple[int, int, int]], length: int) -> float:
    return sum(size for _, _, size in blocks) / length


def _top(votes: Counter[int]) -> list[int]:
    """The best-voted bins, counting neighbours, since one true offset straddles two bins."""
    return sorted(votes, key=lambda b: -(votes[b - 1] + votes[b] + votes[b + 1]))[:CANDIDATES]


def _chunks(key: str) -> Iterator[tuple[int, int]]:
    """Split at word boundaries into pieces of about CHUNK characters; a short tail joins the last piece."""
    cuts = [0]
    while len(key) - cuts[-1] > CHUNK * 3 // 2:
        cut = key.rfind(" ", cuts[-1] + CHUNK // 2, cuts[-1] + CHUNK)
        cuts.append(cut if cut > 0 else cuts[-1] + CHUNK)
    cuts.append(len(key))
    yield from pairwise(cuts)


def _gaps(covered: list[bool]) -> Iterator[tuple[int, int]]:
    """Uncovered runs worth a second look, cut to chunk size; shorter runs are garbled letters."""
    runs = [m.span() for m in re.finditer(f"0{{{MIN_GAP},}}", "".join("1" if c else "0" for c in covered))]
    for lo, hi in runs:
        yield from ((start, min(hi, start + CHUNK)) for start in range(lo, hi, CHUNK))


def _worst_stretch(covered: list[bool]) -> float:
    """The lowest covered share over any WINDOW consecutive characters (the whole key if shorter)."""
    width = min(WINDOW, len(covered))
    count = worst = sum(covered[:width])
    for i in range(width, len(covered)):
        count += covered[i] - covered[i - width]
        worst = min(worst, count)
    return min(1.0, (worst + ALLOWANCE) / width)


def check_fidelity(document: Document, source_text: str) -> FidelityReport:
    """Compare the restored document with the raw text it was restored from, in both directions."""
    restored, source = restored_paragraphs(document), source_paragraphs(source_text)
    restored_scores = tuple(map(Finding, restored, _Aligner(restored, source).scores()))
    source_scores = tuple(map(Finding, source, _Aligner(source, restored).scores()))
    # A line the restorer quoted in the notes (an inferred "Nơi nhận:", dropped stamp text) was a
    # declared decision, not a silent loss or invention.
    quotes = [fold_key(a or b) for note in document.provenance.notes for a, b in _QUOTED.findall(note)]
    quoted = " | ".join(f" {quote} " for quote in quotes)
    # The title line is the type and the title; a note quotes the title as the maintainer gave it (--title).
    title_quoted = fold_key(document.title) in quotes
    low_source = [f for f in source_scores if f.score < MISSING_THRESHOLD]
    low_restored = [f for f in restored_scores if f.score < UNSUPPORTED_THRESHOLD]
    explained = tuple(f for f in low_source + low_restored
                      if f" {f.paragraph.key} " in quoted or (title_quoted and f.paragraph.where == "title"))
    return FidelityReport(
        document_id=document.id,
        missing_in_restored=tuple(f for f in low_source if f not in explained),
        unsupported_in_restored=tuple(f for f in low_restored if f not in explained),
        explained=explained,
        restored_scores=restored_scores,
        source_scores=source_scores,
    )


def main() -> None:
    """Print the score distributions for the real corpus: the data the thresholds were chosen from."""
    from plansite.corpus.check import DEFAULT_CORPUS, load_valid_corpus

    for document in load_valid_corpus().corpus.documents.values():
        if not (document.provenance.source_file and document.body):
            continue
        text = (DEFAULT_CORPUS / "sources" / document.provenance.source_file).read_text(encoding="utf-8")
        report = check_fidelity(document, text)
        for side, findings in (("restored", report.restored_scores), ("source", report.source_scores)):
            scores = sorted(f.score for f in findings)
            print(f"{document.id} {side}: n={len(scores)} min={scores[0]:.2f} "
                  f"median={statistics.median(scores):.2f} lowest={[round(s, 2) for s in scores[:6]]}")
        print(report)


if __name__ == "__main__":
    main()
