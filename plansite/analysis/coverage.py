"""Which provinces have issued a plan for the Directive, on each line (Party, State), in two views: the 63
provinces as they were when the plans were issued (before 1 July 2025), and today's 34, where a province is
covered through the plans of the provinces merged into it.

A province's plan is a document of the Directive's implementation tree issued (or co-issued) at province
level in that province. Each province and line is in one of three states: a plan is in the corpus with its
full text; a plan is known only by a summary or its metadata (a document without full text) or by a citation (a plan
another document of the corpus cites and the corpus does not hold); nothing is known yet. What the corpus
cannot tell is never filled in: a province without a known plan is "nothing known", not "none issued".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from plansite.analysis.graph import CitedDocument, Graph
from plansite.analysis.graph import _parse_printed_date as parse_printed_date  # one reading of a printed date
from plansite.analysis.localities import REORGANISED
from plansite.corpus.model import Corpus, Document, Locality
from plansite.text import numbers
from plansite.text.folding import fold_key, slugify

FULL, KNOWN, NONE = "full", "known", "none"
STATES = (FULL, KNOWN, NONE)  # best first
STATE_LABELS = {
    FULL: "Có toàn văn trong kho",
    KNOWN: "Chỉ biết qua tóm tắt, thông tin mô tả hoặc viện dẫn",
    NONE: "Chưa biết văn bản nào",
}
LINES = ("party", "state")
# A cited plan of a province: its number's type (plansite.text.numbers) and the province body that issues it
# on each line (`12-KH/TU`: the provincial Party committee; `34/KH-UBND`: the provincial People's Committee).
PLAN_TYPES = frozenset({"plan", "programme", "action-programme"})
PROVINCE_ISSUER_CODES = {"party": ("TU",), "state": ("UBND",)}


def document_state(document: Document) -> str:
    """Full text in the corpus, or known only by a summary or its metadata (`Document.has_full_text`, which
    follows its content kind). The one place the map reads this from the model."""
    return FULL if document.has_full_text else KNOWN


@dataclass(frozen=True)
class Evidence:
    """Why a province counts on a line: a document of the corpus, or a plan that one of them cites."""

    state: str
    province: Locality  # the province that issued it, as it was on its date
    document: Document | None = None
    cited: CitedDocument | None = None
    citing: Document | None = None  # for a cited plan: the corpus document that cites it

    @property
    def date(self) -> dt.date | None:
        if self.document is not None:
            return self.document.date
        return parse_printed_date(self.cited.date) if self.cited else None


@dataclass(frozen=True)
class Cell:
    line: str
    evidence: tuple[Evidence, ...]
    uncovered: tuple[Locality, ...] = ()  # 34 view: merged provinces with nothing known on this line

    @property
    def state(self) -> str:
        return min((item.state for item in self.evidence), key=STATES.index, default=NONE)

    def strongest(self, limit: int) -> tuple[Evidence, ...]:
        """The `limit` items a cell names when it has more: the best state first (what the cell's state rests
        on), then the newest."""
        ranked = sorted(self.evidence, key=lambda item: (STATES.index(item.state), -(item.date or dt.date.min).toordinal()))
        return tuple(ranked[:limit])

    @property
    def partial(self) -> bool:
        """Known through some of the merged provinces only."""
        return bool(self.evidence) and bool(self.uncovered)

    @property
    def label(self) -> str:
        """The state in words, with what it rests on when that is part of the truth: `(một phần)`."""
        return STATE_LABELS[self.state] + (" (một phần)" if self.partial else "")


@dataclass(frozen=True)
class Row:
    province: Locality
    cells: tuple[Cell, ...]  # in the order of LINES
    predecessors: tuple[Locality, ...] = ()  # 34 view: the provinces merged into it (none: unchanged)

    def cell(self, line: str) -> Cell:
        return self.cells[LINES.index(line)]


@dataclass(frozen=True)
class View:
    key: str  # "63" or "34": ids in pages and data
    title: str
    rows: tuple[Row, ...]

    def count(self, line: str, state: str) -> int:
        return sum(1 for row in self.rows if row.cell(line).state == state)


@dataclass(frozen=True)
class Coverage:
    former: View
    current: View
    as_of: Document | None

    @property
    def views(self) -> tuple[View, View]:
        return (self.former, self.current)


def as_of(corpus: Corpus) -> Document | None:
    """The newest document of the corpus by its date: the day up to which the corpus has been brought.

    The corpus records no separate date of its last review, and the build's own date would say nothing about
    the data: the map is dated by the newest document it knows, and says so. (A review date recorded in the
    corpus, if one is added, belongs here.)"""
    dated = [document for document in corpus.documents.values() if document.date]
    return max(dated, key=lambda document: (document.date, document.id), default=None)


def build_coverage(corpus: Corpus, graph: Graph, directive: Document | None, tree: set[str]) -> Coverage:
    provinces = [unit for unit in corpus.localities.values() if unit.level == "province"]
    evidence: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for document in sorted(corpus.documents.values(), key=lambda d: (d.date or dt.date.max, d.id)):
        if directive is None or document.id == directive.id or document.id not in tree:
            continue
        counted = set()
        for issuer in document.issuers:
            unit = corpus.localities.get(issuer.locality or "")
            key = (unit.id if unit else "", issuer.line)
            if issuer.level == "province" and unit and unit.level == "province" and issuer.line in LINES and key not in counted:
                counted.add(key)
                evidence[key].append(Evidence(document_state(document), unit, document=document))
    for unit, line, item in cited_plans(corpus, graph, directive, provinces):
        evidence[unit.id, line].append(item)

    before = REORGANISED - dt.timedelta(days=1)
    former_rows = []
    for unit in sorted((u for u in provinces if u.valid_on(before)), key=_by_name):
        cells = tuple(Cell(line, tuple(e for e in evidence[unit.id, line] if e.date is None or e.date < REORGANISED)) for line in LINES)
        former_rows.append(Row(unit, cells))

    history = graph.history

    def through(unit: Locality, line: str, seen: set[str]) -> list[Evidence]:
        """A unit's evidence and that of every province merged into it, down the successions."""
        found = list(evidence[unit.id, line])
        for old, _ in history.predecessors(unit):
            if old.id not in seen and old.level == "province":
                seen.add(old.id)
                found += through(old, line, seen)
        return found

    current_rows = []
    for unit in sorted((u for u in provinces if u.valid_on(REORGANISED)), key=_by_name):
        merged = tuple(old for old, _ in history.predecessors(unit) if old.level == "province")
        cells = []
        for line in LINES:
            # A new province's own plan covers all of it; without one, each merged province counts apart.
            own = evidence[unit.id, line]
            uncovered = () if own else tuple(old for old in merged if not through(old, line, {unit.id, old.id}))
            cells.append(Cell(line, tuple(through(unit, line, {unit.id})), uncovered))
        current_rows.append(Row(unit, tuple(cells), merged))
    return Coverage(
        View("63", f"{len(former_rows)} tỉnh, thành phố trước 01/07/2025", tuple(former_rows)),
        View("34", f"{len(current_rows)} tỉnh, thành phố từ 01/07/2025", tuple(current_rows)),
        as_of(corpus),
    )


def cited_plans(corpus: Corpus, graph: Graph, directive: Document | None, provinces: list[Locality]):
    """(province, line, evidence) for each plan of a province that a corpus document cites as carrying out
    the Directive and the corpus does not hold. Read only where the text leaves no doubt: a plan or programme
    (by its number's type) of the provincial Party committee (`…/TU`) or, cited by a provincial document, of
    the provincial People's Committee (`…/KH-UBND`: a district's plan bears the same letters); the Directive's
    number printed in what follows the citation; no other province named there. The province is the citing
    document's own."""
    if directive is None or directive.number is None:
        return
    directive_slug = f"-{slugify(directive.number)}-"
    names = {unit.id: f"-{slugify(unit.name)}-" for unit in provinces}
    # One plan, once: its number cited with its date and without is two entries (graph.cited_key), the undated
    # one left out where a dated one of the province stands; two dates are two plans, both kept.
    found = list(_cited_plans(corpus, graph, directive_slug, names))
    dated = {(province.id, line, slugify(evidence.cited.number)) for province, line, evidence in found if evidence.date is not None}
    for province, line, evidence in found:
        if evidence.date is not None or (province.id, line, slugify(evidence.cited.number)) not in dated:
            yield province, line, evidence


def _cited_plans(corpus: Corpus, graph: Graph, directive_slug: str, names: dict[str, str]):
    for entry in graph.cited.values():
        parsed = numbers.parse_number(entry.number) if entry.target is None and entry.number else None
        if parsed is None or numbers.type_of(parsed) not in PLAN_TYPES or parsed.issuer_codes != PROVINCE_ISSUER_CODES[parsed.line]:
            continue
        for mention in entry.mentions:
            citing, context = mention.document, f"-{slugify(mention.citation.context)}-"
            unit = corpus.localities.get(citing.issuer.locality or "")
            if unit is None or directive_slug not in context:
                continue
            if citing.issuer.level != "province" and (parsed.line == "state" or citing.issuer.level != "district"):
                continue
            province = graph.locality_chain(unit)[0]
            if province.level != "province" or any(name in context for unit_id, name in names.items() if unit_id != province.id
                                                   and names[unit_id] != names[province.id]):
                continue
            yield province, parsed.line, Evidence(KNOWN, province, cited=entry, citing=citing)
            break


def _by_name(unit: Locality) -> tuple:
    return (fold_key(unit.name), unit.valid_from or dt.date.min)
