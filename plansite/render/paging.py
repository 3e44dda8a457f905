"""Bounded listings: the one rule by which a listing that grows with the corpus is split over several pages.

A listing of at most `rows_per_page` rows stays on its own page, as it always was. A longer one is split by a
key users think in (a province, a year), each key's rows on a page of their own under the whole page
(`Paths.part`), and a key with more rows than that over numbered pages ("trang 2/3"); a listing without a key
is numbered from the whole page itself. The whole page then lists its parts with their counts. Every row is on
exactly one page, in the listing's order, and no page lists more than `rows_per_page` rows (a row's weight may
be more than one, e.g. a citing document with several paragraphs; a single row heavier than a page gets a page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from plansite.render.urls import Paths
from plansite.text.folding import fold_key

# Rows per page. The heaviest rows are an agency kind's tasks (the task's words, its deadline, its document and
# paragraph links): 0.9 KB on average and 1.8 KB at most on the frozen corpus and the 2,000-plan generated one,
# with 44 KB of theme around them. At 200 rows a page of 2,000 plans measured 273 KB, and 200 of the longest
# rows would pass 400 KB; at 150, even such a page stays near 315 KB, and a phone loads a province's page at a time.
ROWS_PER_PAGE = 150


@dataclass
class Part:
    """One page of a split listing."""

    path: str  # where it lives (Paths.part)
    key: str  # the group it belongs to ("" in a listing without keys)
    label: str  # the group's name, as titles say it ("Hà Nội")
    number: int  # its page within the group, from 1
    pages: int  # how many pages the group takes
    rows: list  # the rows it lists, in the listing's order
    group_count: int  # the group's weight (rows) over all its pages
    whole: str  # the page of the whole listing
    previous: Part | None = field(default=None, repr=False)
    following: Part | None = field(default=None, repr=False)

    def title(self, base: str) -> str:
        """The page's title: the whole's, then which part it is ("Sở Y tế — Hà Nội (trang 2/3)")."""
        text = f"{base} — {self.label}" if self.label else base
        return f"{text} (trang {self.number}/{self.pages})" if self.pages > 1 else text

    @property
    def name(self) -> str:
        """How a link to it reads: "Hà Nội", "Hà Nội, trang 2", "trang 2"."""
        page = f"trang {self.number}" if self.pages > 1 else ""
        return ", ".join(part for part in (self.label, page) if part)


@dataclass
class Group:
    """One key of a split listing, as the whole page lists it: its name, its count and its pages."""

    key: str
    label: str
    count: int
    parts: list[Part]

    @property
    def first(self) -> Part:
        return self.parts[0]


@dataclass
class Listing:
    """A listing, split or not. Not split: `rows` is everything, on the whole page. Split: `groups` hold the
    parts; in a listing without keys the whole page is the first part and lists `rows` (its share)."""

    whole: str
    total: int
    rows: list
    groups: list[Group] = field(default_factory=list)

    @property
    def split(self) -> bool:
        return bool(self.groups)

    @property
    def parts(self) -> list[Part]:
        """Every page of the split listing, in order (the whole page itself when it is the first)."""
        return [part for group in self.groups for part in group.parts]

    @property
    def own_parts(self) -> list[Part]:
        """The parts that are pages of their own (not the whole page)."""
        return [part for part in self.parts if part.path != self.whole]

    @property
    def first(self) -> Part | None:
        """The part the whole page itself shows (a listing without keys), if any."""
        return next((part for part in self.parts if part.path == self.whole), None)


def _pages(rows: Sequence, rows_per_page: int, weight: Callable[[object], int]) -> list[list]:
    """Consecutive runs of rows, each weighing at most `rows_per_page` (a heavier row alone)."""
    pages: list[list] = [[]]
    load = 0
    for row in rows:
        w = weight(row)
        if pages[-1] and load + w > rows_per_page:
            pages.append([])
            load = 0
        pages[-1].append(row)
        load += w
    return pages


def paginate(whole: str, groups: Iterable[tuple[str, str, Sequence]], rows_per_page: int = ROWS_PER_PAGE,
             weight: Callable[[object], int] | None = None) -> Listing:
    """Split a listing given as (key, label, rows) groups, in the order it is read. One group with the key ""
    is a listing without keys: numbered from the whole page. Empty groups are left out."""
    weigh = weight or (lambda _row: 1)
    groups = [(key, label, list(rows)) for key, label, rows in groups if rows]
    every = [row for _, _, rows in groups for row in rows]
    total = sum(weigh(row) for row in every)
    listing = Listing(whole, total, every)
    if total <= rows_per_page:
        return listing
    for key, label, rows in groups:
        runs = _pages(rows, rows_per_page, weigh)
        count = sum(weigh(row) for row in rows)
        parts = [
            Part(whole if not key and number == 1 else Paths.part(whole, key, number), key, label, number, len(runs),
                 run, count, whole)
            for number, run in enumerate(runs, start=1)
        ]
        listing.groups.append(Group(key, label, count, parts))
    parts = listing.parts
    for before, after in zip(parts, parts[1:], strict=False):
        before.following, after.previous = after, before
    if listing.first is not None:
        listing.rows = listing.first.rows
    return listing


CENTRAL = ("trung-uong", "Trung ương")  # the group of documents of central bodies, which no province holds


def by_province(rows: Iterable, province: Callable) -> list[tuple[str, str, list]]:
    """Rows as (key, label, rows) groups by their province (`province(row)`: a Locality, or None for a
    central body), central documents first, then by province name; each group in the rows' order."""
    groups: dict[str, tuple[str, list]] = {}
    for row in rows:
        place = province(row)
        key, label = (place.id, place.name) if place else CENTRAL
        groups.setdefault(key, (label, []))[1].append(row)
    order = sorted(groups, key=lambda key: (key != CENTRAL[0], fold_key(groups[key][0]), key))
    return [(key, *groups[key]) for key in order]


def regroup(rows: Iterable, key: Callable | int) -> list[tuple[object, list]]:
    """Consecutive rows with the same key (a function of the row, or the index of the row's item that is its
    key) together, in order: (key, rows) — a part's rows under the headings the whole listing had."""
    found: list[tuple[object, list]] = []
    for row in rows:
        k = key(row) if callable(key) else row[key]
        if found and found[-1][0] == k:
            found[-1][1].append(row)
        else:
            found.append((k, [row]))
    return found
