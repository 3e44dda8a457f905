"""What a plan takes from its parent, paragraph by paragraph: a text-reuse alignment of two documents' bodies.

Every body node (heading or paragraph) is a paragraph. Its words are compared folded (plansite.text.folding),
with every run of digits read as one number and every place name as one place, so that "tỉnh Kiên Giang" and
"huyện Tam Đường", "2021 - 2030" and "2024-2030" read alike; punctuation is ignored.

A child paragraph is
- copied: its words are those of one parent paragraph, or a continuous part of one, none changed;
- adapted: at least ADAPTED_SHARE of its words lie in passages taken from parent paragraphs, the other words
  marked as changed; its sources are the parent paragraphs its passages come from (the best first);
- added: neither.
A parent paragraph is carried when a child paragraph is copied or adapted from it, dropped otherwise.

Candidates are found by the child's word 4-grams (shingles) in an index of the parent's; a passage is then
followed through the child paragraph and a candidate, 3-gram by 3-gram, in the same order in both and across up
to GAP changed words (`_taken`). Reordering and renumbering cost nothing: paragraphs are found wherever they
stand, and numbering is not compared. Shingles of a document's title (the child's, the parent's and those of
the documents they carry out: "Chỉ thị số 28-CT/TW ... phồn vinh, hạnh phúc") or of an agency kind's name are a
citation, not reuse, and seed nothing; nor do shingles found in more than STOCK_POSTINGS paragraphs of the
parent (stock phrases), which also bounds the work.

Cost: one pass over each text to cut it into words and index the parent's shingles (a dict); one lookup per
child shingle, each touching at most STOCK_POSTINGS paragraphs; each child paragraph followed through at most
MAX_SOURCES candidates, in time linear in the two paragraphs. So the whole is linear in the length of the two
texts, never all pairs of paragraphs: tests/analysis/test_alignment.py times the seed pair (94 and 35
paragraphs) and the same pair ten times longer.

The thresholds were chosen on the seed pair, 234/KH-UBND against 211-KH/TU, against the alignment made by hand
(tests/alignment/234-vs-211.tsv): without following passages in order (a 4-gram anywhere in a parent paragraph
counted), adapted had a precision of 0.61; following them, with MIN_SEEDED and citations read as such, 0.91.

The result is the site's computation, not the plan's words: pages that show it say so.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, compress, count

from plansite.text.folding import fold

SHINGLE = 4  # words per shingle, to find candidates
PASSAGE_GRAM = 3  # words per gram when following a passage through a pair of paragraphs
ADAPTED_SHARE = 0.25  # of a child paragraph's words in passages taken: about a clause of a long paragraph
SOURCE_SHARE = 0.10  # of a child paragraph's words that one parent paragraph adds to the others, to name it a source
STOCK_POSTINGS = 4  # a shingle in more parent paragraphs than this is a stock phrase
MAX_SOURCES = 3  # parent paragraphs named as the sources of one child paragraph
MIN_CONTAINED = 6  # fewer words than this are copied only when equal to a whole parent paragraph
MIN_PASSAGE = 8  # shared words that make a passage taken: about a clause
GAP = 2  # changed words inside one passage
MIN_SEEDED = 7  # of a passage's words in shingles that are neither stock nor cited

NUMBER = "#"
PLACE = "@"
# Words that name a unit where a place name would stand ("trên địa bàn tỉnh" / "trên địa bàn huyện"), compared
# with their tones: folded, `tinh` would also be tình, tính, tinh thần.
UNIT_WORDS = ("tỉnh", "huyện", "quận", "thị xã", "thành phố")

_WORD = re.compile(r"\w+")


class Paragraph:
    """A node's text as compared words. Where each word stands in the text (`spans`) is worked out only for
    the paragraphs a page shows marked: most never are (measured: a third of the reading time)."""

    __slots__ = ("node", "text", "words", "_cut", "_spans", "positions", "_joined")

    def __init__(self, node: str, text: str, words: tuple[str, ...], cut: str | None = None,
                 spans: tuple[tuple[int, int], ...] | None = None) -> None:
        self.node, self.text, self.words = node, text, words  # words: the compared form of each word
        self._cut, self._spans = cut, spans  # the string the words were cut from, or their spans already
        self.positions: dict[tuple[str, ...], list[int]] | None = None  # PASSAGE_GRAM-grams, when a parent
        self._joined: str | None = None

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        if self._spans is None:
            self._spans = tuple(map(re.Match.span, _TOKEN.finditer(self._cut)))
        return self._spans

    @property
    def joined(self) -> str:
        """The words between spaces, for a substring search: kept, as a parent paragraph is searched by many
        child paragraphs."""
        if self._joined is None:
            self._joined = f" {' '.join(self.words)} "
        return self._joined


@dataclass(frozen=True)
class Link:
    """A child paragraph taken from a parent paragraph: how much of it, and which words of each differ."""

    child: str
    parent: str
    similarity: float  # share of the child paragraph's shingles found in this parent paragraph, 0–1
    child_marks: tuple[tuple[int, int], ...]  # spans of the child's text not in the parent paragraph
    parent_marks: tuple[tuple[int, int], ...]  # spans of the parent's text, within `parent_window`, not in the child's
    parent_window: tuple[int, int]  # the part of the parent's text the child takes from (the rest is not shown)


@dataclass(frozen=True)
class ChildParagraph:
    node: str
    kind: str  # 'copied', 'adapted', 'added'
    similarity: float  # share of its shingles found in the parent (1.0 when copied, 0 when added)
    links: tuple[Link, ...] = ()  # its sources, the one it takes most from first

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(link.parent for link in self.links)


@dataclass(frozen=True)
class ParentParagraph:
    node: str
    kind: str  # 'carried', 'dropped'
    takers: tuple[tuple[str, str], ...] = ()  # (child node, 'copied' | 'adapted'), in the child's order


@dataclass(frozen=True)
class Alignment:
    children: tuple[ChildParagraph, ...]
    parents: tuple[ParentParagraph, ...]

    def paragraph_kinds(self, child_headings: frozenset[str], parent_headings: frozenset[str]) -> Counter:
        """How many of the child's paragraphs are copied, adapted, added, and of the parent's dropped, and how
        many each has ('child', 'parent'), headings aside (`headings`): headings are copied as a matter of course
        ("MỤC ĐÍCH, YÊU CẦU"), and counted, 6 of the 7 paragraphs of 234/KH-UBND copied from 211-KH/TU were."""
        children = [item.kind for item in self.children if item.node not in child_headings]
        parents = [item.kind for item in self.parents if item.node not in parent_headings]
        kinds = Counter(children)
        kinds.update(child=len(children), dropped=parents.count("dropped"), parent=len(parents))
        return kinds

    @cached_property
    def by_parent_node(self) -> dict[str, ParentParagraph]:
        return {item.node: item for item in self.parents}

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(link for child in self.children for link in child.links)


@functools.lru_cache(maxsize=4096)  # one per locality chain: compiling it again for each document was 1.6 s at 2,000 plans
def _place_pattern(places: tuple[str, ...]) -> re.Pattern:
    """One pattern for every place name and unit word, matched on the lower-cased text, whole words only."""
    names = {" ".join(_WORD.findall(unicodedata.normalize("NFC", name).lower())) for name in places} | set(UNIT_WORDS)
    alternatives = "|".join(re.escape(name).replace(r"\ ", r"\W+") for name in sorted(names, key=lambda n: (-len(n), n)) if name)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# A run of numbers with short separators is one number: 25/12/2023, 2021 - 2030, 0,8. A place is a run of PLACE.
_TOKEN = re.compile(r"\d+(?:\W{1,3}\d+)*|@+|\w+")


class _Compared(dict):
    """A token's compared form (NUMBER, PLACE or the token), looked up: the vocabulary is small, and the lookup
    takes a third of the time of testing each token."""

    def __missing__(self, token: str) -> str:
        if len(self) >= 1 << 18:  # bounded, like fold's cache: numbers are many
            self.clear()
        word = self[token] = NUMBER if token[0].isdigit() else PLACE if token[0] == PLACE else token
        return word


_compared = _Compared().__getitem__


def paragraph(node: str, text: str, places: re.Pattern | None = None) -> Paragraph:
    """A node's text as compared words: folded, a run of numbers one NUMBER, a place name one PLACE.

    The text is folded whole and cut once (folding keeps the length of NFC Vietnamese, one letter for one
    letter; per-word folding took two thirds of the alignment's time); places are found on the lower-cased
    text, since folding would make `tỉnh` also tình, tính, and written over the folded text as a run of
    PLACE of the same length, so that positions stay those of the text."""
    folded = fold(text).lower()
    if len(folded) != len(text):  # a letter folding to more or fewer letters: fold word by word instead
        return _paragraph_by_word(node, text)
    if places is not None:
        pieces, position = [], 0
        for match in places.finditer(text.lower()):
            start, end = match.span()
            pieces += [folded[position:start], PLACE * (end - start)]
            position = end
        if pieces:
            folded = "".join(pieces) + folded[position:]
    return Paragraph(node, text, tuple(map(_compared, _TOKEN.findall(folded))), cut=folded)


def _paragraph_by_word(node: str, text: str) -> Paragraph:
    words, spans = [], []
    for match in _TOKEN.finditer(text):
        token = match.group()
        words.append(NUMBER if token[0].isdigit() else fold(token).lower())
        spans.append(match.span())
    return Paragraph(node, text, tuple(words), spans=tuple(spans))


def _shingles(words: Sequence[str], size: int) -> list[tuple[str, ...]]:
    return list(zip(*(words[k:] for k in range(size)), strict=False))  # by zip: two thirds of the time of slicing each


def _run_start(child: Paragraph, parent: Paragraph) -> int | None:
    """Where the child paragraph's words stand as a continuous run of the parent's, counted in words (a
    substring search on the joined words, linear in practice); None when they are no such run."""
    whole = parent.joined
    at = whole.find(child.joined)
    return None if at < 0 else whole.count(" ", 0, at + 1) - 1  # words before the run


def _copied_link(child: Paragraph, parent: Paragraph, first: int) -> Link:
    """The link of a child paragraph whose words are the parent's from word `first` on: the parent is shown
    from the run's first word to its last."""
    last = first + len(child.words)
    return Link(child.node, parent.node, 1.0, (), (), (parent.spans[first][0], parent.spans[last - 1][1]))


def _unshared(paragraph: Paragraph, shared: set[int], first: int, last: int) -> tuple[tuple[int, int], ...]:
    """Spans of the words from `first` to `last` (excluded) not in `shared`, neighbours joined."""
    marks: list[tuple[int, int]] = []
    spans = paragraph.spans
    for index in range(first, last):
        if index in shared:
            continue
        start, end = spans[index]
        if marks and index > first and index - 1 not in shared:
            marks[-1] = (marks[-1][0], end)
        else:
            marks.append((start, end))
    return tuple(marks)


def _passage_link(child: Paragraph, parent: Paragraph, similarity: float, child_shared: set[int], parent_shared: set[int]) -> Link:
    """An adapted paragraph's link: the words its passages hold are the same, every other word is marked; the
    parent is shown from the first to the last word its passages hold."""
    first, last = min(parent_shared), max(parent_shared) + 1
    return Link(
        child=child.node, parent=parent.node, similarity=round(similarity, 3),
        child_marks=_unshared(child, child_shared, 0, len(child.words)),
        parent_marks=_unshared(parent, parent_shared, first, last),
        parent_window=(parent.spans[first][0], parent.spans[last - 1][1]),
    )


class Reader:
    """How both texts of a pair are read: which words are a place, which runs of words a citation."""

    def __init__(self, places: Iterable[str] = (), citations: Iterable[str] = (), cited: frozenset = frozenset()) -> None:
        self.places = _place_pattern(tuple(places))
        self.cited = cited | frozenset(self.shingles(citations))

    def shingles(self, texts: Iterable[str]) -> set[tuple[str, ...]]:
        return {shingle for text in texts for shingle in _shingles(paragraph("", text, self.places).words, SHINGLE)}

    def extended(self, places: Iterable[str], citations: Iterable[str]) -> Reader:
        """A reader for one pair: these place names too, and these titles read as citations. The citations
        this reader already has were read with the unit words only, which is how the names of agency kinds
        (the only ones given for the whole corpus) read under any places."""
        return Reader(places, citations, self.cited)


class Text:
    """One document's body as the alignment reads it: its paragraphs, and (for a parent) the index of their
    shingles. Made once per document in a build, however many pairs it is in: a provincial plan is the parent
    of every district's plan (measured at 2,000 plans: reading the texts again for each pair took half the time)."""

    def __init__(self, items: Sequence[tuple[str, str, str]], reader: Reader, remember: bool = True) -> None:
        self.items = items
        self.paragraphs = [paragraph(node, text, reader.places) for node, text, _ in items]
        self._cited = reader.cited
        # As a parent: what a child paragraph was found to take from it (`_decide`), by the pair's citations,
        # then by the paragraph's compared words and the parent paragraph its predecessor came from. Sibling
        # plans repeat each other's paragraphs: the next sibling's are looked up, not aligned again.
        self.decisions: dict[frozenset, dict[tuple, tuple]] | None = {} if remember else None

    @cached_property
    def exact(self) -> dict[tuple[str, ...], list[int]]:
        exact: dict[tuple[str, ...], list[int]] = {}
        for number, elder in enumerate(self.paragraphs):
            exact.setdefault(elder.words, []).append(number)
        return exact

    @cached_property
    def index(self) -> dict[tuple[str, ...], list[int]]:
        """The paragraphs each shingle that can seed a passage stands in: neither cited nor stock (in more than
        STOCK_POSTINGS paragraphs), so a child's lookup needs no other test than its pair's own citations."""
        index: dict[tuple[str, ...], list[int]] = {}
        for number, elder in enumerate(self.paragraphs):
            for shingle in dict.fromkeys(_shingles(elder.words, SHINGLE)):
                if shingle not in self._cited:
                    index.setdefault(shingle, []).append(number)
        return {shingle: postings for shingle, postings in index.items() if len(postings) <= STOCK_POSTINGS}


def align(child: Sequence[tuple[str, str, str]] | Text, parent: Sequence[tuple[str, str, str]] | Text,
          reader: Reader | None = None, cited: frozenset = frozenset()) -> Alignment:
    """Align a child's paragraphs with its parent's. `child` and `parent` are Texts, or (node id, text, id of
    the node it stands under or '') in reading order, read by `reader` (which words are places, which
    citations); `cited`: more shingles that are citations for this pair (the titles of its chain)."""
    reader = reader or Reader()
    child = child if isinstance(child, Text) else Text(child, reader)
    parent = parent if isinstance(parent, Text) else Text(parent, reader)
    elders = parent.paragraphs
    cited = cited | reader.cited if cited else reader.cited
    results: list[ChildParagraph] = []
    previous = -1  # the parent paragraph the previous child paragraph came from: ties go to what follows it
    number_of = {elder.node: number for number, elder in enumerate(elders)}
    # Looked up once a pair: siblings' citations are equal sets, not the same one, and comparing them for each
    # paragraph would cost what the lookup saves.
    decisions = parent.decisions.setdefault(cited, {}) if parent.decisions is not None else None
    for kid in child.paragraphs:
        key = (kid.words, previous)
        decision = decisions.get(key) if decisions is not None else None
        if decision is None:
            decision = _decide(kid, elders, parent.exact, parent.index, previous, cited)
            if decisions is not None:
                decisions[key] = decision
        found = _classified(kid, elders, decision)
        if found.links:
            previous = number_of[found.links[0].parent]
        results.append(found)

    results = _headings(results, child.items, parent.items)
    takers: dict[str, list[tuple[str, str]]] = {}
    for found in results:
        for link in found.links:
            takers.setdefault(link.parent, []).append((found.node, found.kind))
    parents = tuple(ParentParagraph(elder.node, "carried" if elder.node in takers else "dropped", tuple(takers.get(elder.node, ())))
                    for elder in elders)
    return Alignment(tuple(results), parents)


def _headings(results: list[ChildParagraph], child: Sequence[tuple[str, str, str]],
              parent: Sequence[tuple[str, str, str]]) -> list[ChildParagraph]:
    """A heading copied or adapted from a parent paragraph also carries the parent heading that most of its
    own paragraphs take from (over half of those taken), when it is not already a source: the child's
    "5. Đẩy mạnh công tác thông tin, tuyên truyền ..." rewrites the parent's "4. Tăng cường công tác tuyên
    truyền ..." and takes its words from the paragraphs under it."""
    up_child = {node: up for node, _, up in child}
    up_parent = {node: up for node, _, up in parent}
    under: dict[str, list[str]] = {}  # child heading -> the parent headings its paragraphs' first sources stand under
    for found in results:
        heading = up_child.get(found.node)
        if heading and found.links:
            under.setdefault(heading, []).append(up_parent.get(found.links[0].parent, ""))
    out = []
    for found in results:
        ups = under.get(found.node, [])
        if found.kind != "added" and ups:
            top = max(dict.fromkeys(ups), key=ups.count)
            if top and ups.count(top) * 2 > len(ups) and top not in found.sources:
                texts = {node: text for node, text, _ in parent}
                link = Link(found.node, top, 0.0, (), (), (0, len(texts[top])))
                found = ChildParagraph(found.node, found.kind, found.similarity, (*found.links, link))
        out.append(found)
    return out


def _nearest(candidates: list[int], previous: int) -> int:
    """Of equally good parent paragraphs, the first after the previous child's source, else the first."""
    return next((c for c in candidates if c > previous), candidates[0])


def _taken(kid_grams: list[tuple[str, ...]], where: dict[tuple[str, ...], list[int]], seeds: list[int]) -> tuple[list[int], set[int]]:
    """The positions of the child's words taken from this parent paragraph.

    A passage is a chain of PASSAGE_GRAM-grams the two paragraphs share, in the same order and close together
    in both: between two grams of a passage, at most GAP words of either paragraph are left out (the local refinement: a few changed, added or removed words do not cut a passage in two,
    while words found far apart in the parent do not make one). A passage is taken when it holds at least
    MIN_PASSAGE words, MIN_SEEDED of them in the child's SHINGLE-grams that the index found in this paragraph
    (`seeds`: neither stock nor cited): a run of stock or cited words is not a passage taken.

    Only the grams found in the parent paragraph are visited (picked out by `compress`), a passage is counted
    as it grows (its words and seeded words, from a running sum) and its positions are listed only when it is
    taken. With the other lookups made once (a token's compared form, the index without stock shingles, a
    parent's joined words) and the candidates `_may_seed` leaves out, aligning corpus-2000's 2,275 pairs took
    46.5 s of CPU instead of 55.2 s (one process, collector paused as in a build, reference loop 1.2 s)."""
    reach = GAP + PASSAGE_GRAM  # how far the next gram of a passage may start, in either paragraph
    marks = bytearray(len(kid_grams) + PASSAGE_GRAM)
    for start in seeds:
        marks[start:start + SHINGLE] = b"\1" * SHINGLE
    seeded = list(accumulate(marks, initial=0))  # seeded[p]: the seeded words before position p
    taken: list[int] = []
    matched: set[int] = set()  # the parent's words in the passages taken
    starts: list[int] = []  # where the current passage's grams start, in the child
    follows: list[int] = []  # and in the parent
    words = seeded_words = 0  # the current passage's words, and those of them seeded
    last_i = last_j = -1
    found_at = list(map(where.get, kid_grams))
    for i in compress(count(), found_at):
        found = found_at[i]
        after = bisect_right(found, last_j)  # the first position past the previous gram's, in the parent
        if starts and i - last_i <= reach and after < len(found) and found[after] - last_j <= reach:
            follow = found[after]
            new = last_i + PASSAGE_GRAM if last_i + PASSAGE_GRAM > i else i  # the first word not yet in it
        else:
            if words >= MIN_PASSAGE and seeded_words >= MIN_SEEDED:
                _take(starts, follows, taken, matched)
            follow = found[after] if after < len(found) else found[0]
            starts, follows, words, seeded_words, new = [], [], 0, 0, i
        words += i + PASSAGE_GRAM - new
        seeded_words += seeded[i + PASSAGE_GRAM] - seeded[new]
        starts.append(i)
        follows.append(follow)
        last_i, last_j = i, follow
    if words >= MIN_PASSAGE and seeded_words >= MIN_SEEDED:
        _take(starts, follows, taken, matched)
    return taken, matched


def _may_seed(seeds: list[int]) -> bool:
    """Whether shingles starting at `seeds` (in order) cover MIN_SEEDED words, which a passage taken needs: a
    candidate that cannot is not followed (at the first 40 parents of corpus-2000, 8,800 of 25,000 candidates)."""
    if len(seeds) >= MIN_SEEDED:  # each shingle after the first adds at least one word
        return True
    return SHINGLE + sum(min(SHINGLE, b - a) for a, b in zip(seeds, seeds[1:], strict=False)) >= MIN_SEEDED


def _take(starts: list[int], follows: list[int], taken: list[int], matched: set[int]) -> None:
    """A passage taken: its child positions in order (each once), its parent positions."""
    end = -1
    for start in starts:
        taken.extend(range(max(start, end), start + PASSAGE_GRAM))
        end = start + PASSAGE_GRAM
    for start in follows:
        matched.update(range(start, start + PASSAGE_GRAM))


def _positions(elder: Paragraph) -> dict[tuple[str, ...], list[int]]:
    """Where each PASSAGE_GRAM-gram of a parent paragraph stands: kept on it, as it is a candidate for several
    child paragraphs."""
    if elder.positions is None:
        where: dict[tuple[str, ...], list[int]] = {}
        for j, gram in enumerate(_shingles(elder.words, PASSAGE_GRAM)):
            where.setdefault(gram, []).append(j)
        elder.positions = where
    return elder.positions


def _decide(kid: Paragraph, elders: list[Paragraph], exact: dict, index: dict, previous: int, cited: frozenset) -> tuple:
    """What a child paragraph takes from the parent, from its compared words alone (with the parent paragraph
    its predecessor came from and the pair's citations), so that a sibling's paragraph with the same words
    reuses it: ("added", similarity), ("copied", parent paragraph, where its run of words starts) or
    ("adapted", similarity, ((parent paragraph, share, child positions, parent positions), ...))."""
    if not kid.words:
        return ("added", 0.0)
    equal = exact.get(kid.words)
    if equal:
        return ("copied", _nearest(equal, previous), 0)
    seeds: dict[int, list[int]] = {}  # parent paragraph -> start positions of the child's shingles found in it
    shingles = _shingles(kid.words, SHINGLE)
    found_at = list(map(index.get, shingles))  # the index holds no stock shingle
    for position in compress(count(), found_at):
        if shingles[position] not in cited:
            for number in found_at[position]:
                seeds.setdefault(number, []).append(position)
    if not seeds:
        return ("added", 0.0)
    ranked = sorted(seeds, key=lambda n: (-len(seeds[n]), n if n > previous else n + len(elders)))[:MAX_SOURCES]
    best = ranked[0]
    first = _run_start(kid, elders[best]) if len(kid.words) >= MIN_CONTAINED else None
    if first is not None:
        return ("copied", best, first)
    kid_grams = _shingles(kid.words, PASSAGE_GRAM)
    found_in = {n: _taken(kid_grams, _positions(elders[n]), seeds[n]) if _may_seed(seeds[n]) else ([], set()) for n in ranked}
    taken = {n: found[0] for n, found in found_in.items()}
    covered = len(set().union(*taken.values())) / len(kid.words)
    if covered < ADAPTED_SHARE:
        return ("added", round(covered, 3))
    # Sources, greedily: each must add words that the better ones do not already account for (a clause the
    # parent repeats in two paragraphs is taken from one).
    sources: list[int] = []
    accounted: set[int] = set()
    for n in sorted(ranked, key=lambda n: (-len(taken[n]), ranked.index(n))):
        new = set(taken[n]) - accounted
        if len(new) >= max(MIN_PASSAGE, SOURCE_SHARE * len(kid.words)):
            sources.append(n)
            accounted |= new
    return ("adapted", round(covered, 3), tuple((n, len(taken[n]) / len(kid.words), set(taken[n]), found_in[n][1]) for n in sources))


def _classified(kid: Paragraph, elders: list[Paragraph], decision: tuple) -> ChildParagraph:
    """The child paragraph as `_decide` found it, its links drawn on its own text."""
    kind = decision[0]
    if kind == "added":
        return ChildParagraph(kid.node, "added", decision[1])
    if kind == "copied":
        _, number, first = decision
        return ChildParagraph(kid.node, "copied", 1.0, (_copied_link(kid, elders[number], first),))
    links = tuple(_passage_link(kid, elders[n], share, child_shared, parent_shared) for n, share, child_shared, parent_shared in decision[2])
    return ChildParagraph(kid.node, "adapted", decision[1], links)


# --- Targets: the same indicator in both plans -------------------------------------------------------------

# A target "at least" (=, >=, >) is stricter when higher; one "at most" (<, <=) when lower.
_FLOOR = {"=": 1, ">=": 1, ">": 1, "<": -1, "<=": -1}


@dataclass(frozen=True)
class TargetComparison:
    indicator: str  # as the child writes it, or the parent when the child has none
    year: int | None  # the year the values are for, when the plans print one
    verdict: str  # 'same', 'stricter', 'looser', 'new' (the child's only), 'dropped' (the parent's only), 'other' (not comparable)
    child: object | None = None  # the model's Target records
    parent: object | None = None


def compare_targets(child_targets: Sequence, parent_targets: Sequence, reader: Reader | None = None) -> list[TargetComparison]:
    """Each target of either plan against the other's for the same indicator (words compared as paragraphs
    are, so "huyện Tam Đường" and "tỉnh Lai Châu" are one place) and the same time: the year the value is for
    (printed as a year or as a deadline's year), else the time in words (`hằng năm`, a period, no year), so a
    2025 target is never set against a 2030 one. Linear: a dict by key."""
    reader = reader or Reader()

    def key(target) -> tuple:
        year = target.target_year
        return paragraph("", target.indicator, reader.places).words, target.time_summary if year is None else year

    theirs: dict[tuple, list] = {}
    for target in parent_targets:
        theirs.setdefault(key(target), []).append(target)
    out: list[TargetComparison] = []
    matched: set[int] = set()
    for target in child_targets:
        candidates = theirs.get(key(target), [])
        other = next((t for t in candidates if id(t) not in matched), None)
        if other is None:
            out.append(TargetComparison(target.indicator, target.target_year, "new", target, None))
            continue
        matched.add(id(other))
        out.append(TargetComparison(target.indicator, target.target_year, _verdict(target, other), target, other))
    out += [TargetComparison(t.indicator, t.target_year, "dropped", None, t) for t in parent_targets if id(t) not in matched]
    return out


def _verdict(mine, theirs) -> str:
    direction = _FLOOR.get(mine.comparator)
    if direction is None or direction != _FLOOR.get(theirs.comparator) or mine.unit != theirs.unit \
            or mine.value is None or theirs.value is None:  # a range, or no single value: not compared here
        return "other"
    if mine.value == theirs.value:
        return "same" if mine.comparator == theirs.comparator else "other"
    return "stricter" if (mine.value - theirs.value) * direction > 0 else "looser"


# --- A document's body as the alignment takes it ---------------------------------------------------------------


def headings(document) -> frozenset[str]:
    """The nodes of a document that head others (a heading, or the lead-in of a list): the alignment's figures
    count the paragraphs beside them (`Alignment.paragraph_kinds`), and the open data says which is which."""
    return frozenset(node.id for node, _ in document.nodes() if node.children)


def document_items(document) -> list[tuple[str, str, str]]:
    """A document's body nodes as (id, text, id of the node above or '') in reading order."""
    items: list[tuple[str, str, str]] = []

    def walk(nodes, up: str) -> None:
        for node in nodes:
            items.append((node.id, node.text, up))
            walk(node.children, node.id)

    walk(document.body, "")
    return items
