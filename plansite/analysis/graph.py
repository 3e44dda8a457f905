"""The cross-reference graph: chains of implementation, backlinks, agencies' tasks, localities, citations."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from plansite.analysis.citations import NO_LAWS, Citation, LawNames, find_citations, law_names
from plansite.analysis.localities import LocalityHistory
from plansite.corpus.model import Corpus, Document, Locality, Node, Responsibility, format_date
from plansite.text.folding import slugify
from plansite.text.numbers import names_one_document


@dataclass(frozen=True)
class Task:
    """A responsibility placed in its document and locality: one row of an agency's page."""

    document: Document
    responsibility: Responsibility
    locality: Locality | None


@dataclass(frozen=True)
class CitationMention:
    document: Document
    node: Node
    citation: Citation


@dataclass
class CitedDocument:
    """A document cited somewhere in the corpus; `target` is set when the corpus holds it.

    One the corpus does not hold is known by its number, and by the date printed beside it when the number
    does not name one document alone (`cited_key`): `date` is that date (dd/mm/yyyy, or as printed if it is
    no day), empty when no mention prints one. `same_number`: every entry of its number, itself included,
    one list shared by them all (a number cited with many dates would otherwise hold its count squared)."""

    key: str
    label: str
    number: str = ""
    date: str = ""
    context: str = ""
    target: Document | None = None
    mentions: list[CitationMention] = field(default_factory=list)
    same_number: list[CitedDocument] = field(default_factory=list)

    @property
    def namesakes(self) -> list[CitedDocument]:
        """The other entries of its number."""
        return [other for other in self.same_number if other is not self]

    def first_namesakes(self, count: int) -> tuple[list[CitedDocument], int]:
        """The first `count` other entries of its number (by key: `same_number` is sorted once), and how many
        there are: each entry's page reads a bounded part, not all k of a number cited with k dates."""
        shown = []
        for other in self.same_number:
            if len(shown) == count:
                break
            if other is not self:
                shown.append(other)
        return shown, len(self.same_number) - 1

    @property
    def dated(self) -> bool:
        """Whether this entry is one document only with its date: a number without its year, not held."""
        return self.target is None and bool(self.number) and not names_one_document(self.number)

    @property
    def citing_documents(self) -> list[Document]:
        """The documents that cite this one, each once, in corpus order (the document itself excluded)."""
        found = {m.document.id: m.document for m in self.mentions if self.target is None or m.document.id != self.target.id}
        return list(found.values())

    def mentions_by_document(self) -> list[tuple[Document, list[Node]]]:
        """Each citing document once, with the paragraphs that cite, so the entry grows by a line per document."""
        grouped: dict[str, tuple[Document, list[Node]]] = {}
        for mention in self.mentions:
            if self.target is not None and mention.document.id == self.target.id:
                continue
            nodes = grouped.setdefault(mention.document.id, (mention.document, []))[1]
            if not nodes or nodes[-1].id != mention.node.id:  # mentions come in reading order
                nodes.append(mention.node)
        return list(grouped.values())

    @property
    def title(self) -> str:
        """What its own page is called: the held document's short title (its number marked when inferred),
        else the label it is cited by, with its date when the number needs one to name one document."""
        if self.target:
            return self.target.short_title
        if self.dated:
            return f"{self.label} ngày {self.date}" if self.date else f"{self.label} (không rõ ngày)"
        return self.label

    @property
    def paragraph_count(self) -> int:
        """How many paragraphs cite it (a paragraph naming it twice counts once), in other documents."""
        return sum(len(nodes) for _, nodes in self.mentions_by_document())

    @property
    def type_label(self) -> str:
        return self.label[: -len(self.number)].strip() if self.number and self.label.endswith(self.number) else ""


@dataclass
class Graph:
    corpus: Corpus
    children: dict[str, list[Document]]
    tasks_by_agency: dict[str, list[Task]]
    documents_by_locality: dict[str, list[Document]]
    cited: dict[str, CitedDocument]
    citations_by_node: dict[tuple[str, str], list[tuple[Citation, CitedDocument]]]
    cited_by_target: dict[str, CitedDocument] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document:
        return self.corpus.documents[doc_id]

    def parents(self, document: Document) -> list[Document]:
        return [self.corpus.documents[i] for i in document.implements if i in self.corpus.documents]

    def delays(self, document: Document) -> list[tuple[Document, int | None]]:
        """Each document this one carries out, with the days between the two (None where a date is unknown)."""
        return [
            (parent, (document.date - parent.date).days if document.date and parent.date else None)
            for parent in self.parents(document)
        ]

    def chain(self, document: Document) -> list[Document]:
        """From the root (the Directive) down to this document, following the first parent at each step
        (bounded like every walk here: a document already on the chain ends it)."""
        chain = [document]
        seen = {document.id}
        while chain[0].implements and chain[0].implements[0] in self.corpus.documents:
            parent = self.corpus.documents[chain[0].implements[0]]
            if parent.id in seen:
                break
            seen.add(parent.id)
            chain.insert(0, parent)
        return chain

    def roots(self) -> list[Document]:
        return sorted((d for d in self.corpus.documents.values() if not d.implements), key=_by_date)

    def tree_of(self, root_id: str) -> set[str]:
        """The ids of the root and of every document that carries it out, directly or down a chain (by any of
        its parents). Each document is visited once, so a cycle ends the walk."""
        found = {root_id} if root_id in self.corpus.documents else set()
        frontier = list(found)
        while frontier:
            children = [c.id for parent in frontier for c in self.children.get(parent, []) if c.id not in found]
            found.update(children)
            frontier = children
        return found

    def locality_chain(self, locality: Locality) -> list[Locality]:
        """From the province down to this locality. Stops at a locality already on the chain, so a cycle of
        parents (which the validator refuses) can never make it loop."""
        chain = [locality]
        seen = {locality.id}
        while chain[0].parent and chain[0].parent in self.corpus.localities and chain[0].parent not in seen:
            seen.add(chain[0].parent)
            chain.insert(0, self.corpus.localities[chain[0].parent])
        return chain

    def locality_of(self, document: Document) -> Locality | None:
        return self.corpus.localities.get(document.issuer.locality or "")

    def province_of(self, document: Document) -> Locality | None:
        """The province a document's issuer belongs to (itself for a province); None for a central body."""
        locality = self.locality_of(document)
        return self.locality_chain(locality)[0] if locality else None

    @cached_property
    def history(self) -> LocalityHistory:
        return LocalityHistory(self.corpus, self.documents_by_locality)

    def sub_localities(self, locality: Locality) -> list[Locality]:
        return self.history.children.get(locality.id, [])

    def citations_in(self, document: Document, node: Node) -> list[tuple[Citation, CitedDocument]]:
        return self.citations_by_node.get((document.id, node.id), [])

    def citations_by_document(self, document: Document) -> list[tuple[CitedDocument, list[str]]]:
        """Each document this one cites, with the ids of the nodes that cite it, in reading order."""
        found: dict[str, tuple[CitedDocument, list[str]]] = {}
        for node, _ in document.nodes():
            for _, entry in self.citations_in(document, node):
                nodes = found.setdefault(entry.key, (entry, []))[1]
                if node.id not in nodes:
                    nodes.append(node.id)
        return list(found.values())


def _by_date(document: Document) -> tuple:
    return (document.date or dt.date.max, document.number or "")


def build_graph(corpus: Corpus) -> Graph:
    children: dict[str, list[Document]] = defaultdict(list)
    tasks: dict[str, list[Task]] = defaultdict(list)
    by_locality: dict[str, list[Document]] = defaultdict(list)
    for document in sorted(corpus.documents.values(), key=_by_date):
        for parent_id in document.implements:
            children[parent_id].append(document)
        locality = corpus.localities.get(document.issuer.locality or "")
        if locality:
            by_locality[locality.id].append(document)
        for responsibility in document.responsibilities:
            tasks[responsibility.agency].append(Task(document, responsibility, locality))
    cited, by_node = _collect_citations(corpus)
    by_target = {entry.target.id: entry for entry in cited.values() if entry.target}
    by_number: dict[str, list[CitedDocument]] = defaultdict(list)
    for entry in cited.values():
        if entry.number:
            by_number[slugify(entry.number)].append(entry)
    for entries in by_number.values():
        entries.sort(key=lambda entry: entry.key)
        for entry in entries:
            entry.same_number = entries
    return Graph(corpus, dict(children), dict(tasks), dict(by_locality), cited, by_node, by_target)


@dataclass(frozen=True)
class _DocumentCitations:
    """What one document cites, as found at a build: each paragraph's citations, then each mention with the id
    of the corpus document it resolves to (None: not held), the plan naming itself left out."""

    document: Document
    found: tuple[tuple[Node, tuple[Citation, ...]], ...]
    resolved: tuple[tuple[Node, Citation, str | None], ...]


# Each document's citations at the last build, by id: `mkdocs serve` builds again after each edit, and most
# documents are the same objects (their files were not read again). Finding the citations in every paragraph
# was 7 s of a rebuild's 10 s of graph at 2,000 plans; resolving every mention again, 0.7 s of a 4 s rebuild
# (profiled). A document is resolved again when it changed or when anything resolving reads of the others did
# (`_lookup`); a changed document's unchanged paragraphs keep their citations. Every paragraph is read again
# when the law registry changed (`_LAWS`, the names its citations were found with). Only the current build's
# documents are kept.
_BY_DOCUMENT: dict[str, _DocumentCitations] = {}
_LOOKUP: tuple = ()
_LAWS: LawNames = NO_LAWS


def _lookup(corpus: Corpus) -> tuple:
    """What resolving a mention reads of the corpus's documents: their numbers and dates (which document a
    number names) and their chains (which one a plan most likely means)."""
    return tuple((document.id, document.number, document.date, document.implements) for document in corpus.documents.values())


def _document_citations(document: Document, corpus: Corpus, by_number: dict[str, list[Document]],
                        before: _DocumentCitations | None, texts: dict[str, tuple[Citation, ...]],
                        laws: LawNames) -> _DocumentCitations:
    """`texts`: the citations of every paragraph text found in this build so far, by text (plans repeat their
    parents' paragraphs word for word); `laws`: the registered laws, found by their names."""
    if before is not None and before.document is document:
        found = before.found
    else:
        if before is not None:
            for node, citations in before.found:
                texts.setdefault(node.text, citations)
        parts = []
        for node, _ in document.nodes():
            citations = texts.get(node.text)
            if citations is None:
                citations = texts[node.text] = tuple(find_citations(node.text, laws))
            parts.append((node, citations))
        found = tuple(parts)
    manual = {item.node: laws.official(item.name) for item in document.cites}  # an alias: the law's own page
    related = _related_ids(document, corpus)
    resolved = []
    for node, citations in found:
        if node.id in manual:
            name = manual[node.id]
            citations = (*citations, Citation(0, 0, citation_key(name), name, "", "", ""))
        for citation in citations:
            if citation.number and citation.number == document.number:
                continue  # a plan naming itself ("Kế hoạch này") is not a citation
            # Numbers repeat across localities and terms: each mention is resolved on its own, and
            # mentions of different documents never share an entry.
            target = _resolve(citation, by_number.get(citation.key, []), related)
            resolved.append((node, citation, target.id if target else None))
    return _DocumentCitations(document, found, tuple(resolved))


def _collect_citations(corpus: Corpus):
    global _BY_DOCUMENT, _LOOKUP, _LAWS
    previous, _BY_DOCUMENT = _BY_DOCUMENT, {}
    lookup = _lookup(corpus)
    same_lookup, _LOOKUP = lookup == _LOOKUP, lookup
    laws = law_names(corpus.laws.values())
    if laws != _LAWS:  # the citations kept were found with other names
        previous = {}
    _LAWS = laws
    by_number: dict[str, list[Document]] = defaultdict(list)
    for document in corpus.documents.values():
        if document.number is not None:  # a document whose number is unknown is found by no citation
            by_number[slugify(document.number)].append(document)
    documents = corpus.documents
    cited: dict[str, CitedDocument] = {}
    by_node: dict[tuple[str, str], list] = {}
    texts: dict[str, tuple[Citation, ...]] = {}
    for document in sorted(documents.values(), key=_by_date):
        before = previous.get(document.id)
        if before is None or before.document is not document or not same_lookup:
            before = _document_citations(document, corpus, by_number, before, texts, laws)
        _BY_DOCUMENT[document.id] = before
        for node, citation, target_id in before.resolved:
            target = documents[target_id] if target_id else None
            printed = _parse_printed_date(citation.date)
            key = target_id or cited_key(citation, printed)
            entry = cited.get(key)
            if entry is None:
                entry = cited[key] = CitedDocument(key, citation.label, citation.number, target=target)
            # The date as the site writes dates (dd/mm/yyyy), or as printed if it is no day (`31/02/2024`); an
            # entry that names one document only with its date holds none such: its mentions print no date, or
            # no real one, and it says so (cited_key).
            date = format_date(printed) if printed else "" if entry.dated else citation.date
            if not entry.date and date:
                entry.date, entry.context = date, citation.context
            elif entry.date and date == entry.date and citation.context:
                entry.context = common_words(entry.context, citation.context)
            if len(citation.label) > len(entry.label):
                entry.label = citation.label  # prefer `Nghị định 56/2017/NĐ-CP` over a bare number
            entry.mentions.append(CitationMention(document, node, citation))
            if citation.end > citation.start:
                by_node.setdefault((document.id, node.id), []).append((citation, entry))
    return cited, by_node


@lru_cache(maxsize=4096)  # the same two contexts meet again: of 7,162 calls at 2,000 plans, 4,831 were repeats
def common_words(first: str, second: str) -> str:
    """What two mentions print after the same number and date, up to where they part, in whole words: the
    subject line itself, without the words of the sentence each goes on with ("… các cấp và hướng dẫn của Bộ Y
    tế" and "… các cấp (khi có hướng dẫn…" give "… các cấp"). Two that share no word keep the first."""
    shared = []
    for a, b in zip(first.split(" "), second.split(" "), strict=False):
        if a != b:
            break
        shared.append(a)
    return " ".join(shared).rstrip(" ,") if shared else first


def cited_key(citation: Citation, printed: dt.date | None) -> str:
    """The entry of a document the corpus does not hold: its number's slug, and the date printed beside it
    when the number does not name one document alone (numbers.names_one_document): plans of two provinces
    citing their own `188/KH-UBND`, or `496/QĐ-TTg` of two years, cite two documents. A mention that prints no
    date, or no day (`31/02/2024`), cannot tell which: it keeps the number alone, and its entry says so.
    A document cited by name (a law) is keyed by its name. `printed`: the mention's date, read."""
    if not citation.key:
        return citation_key(citation.label)
    dated = printed is not None and citation.number and not names_one_document(citation.number)
    return f"{citation.key}-{printed.isoformat()}" if dated else citation.key


def citation_key(name: str) -> str:
    """The key (and page name) of a document cited by `name`: its slug, never empty. A name with no letter
    or digit (`!!!`, which the validator refuses) would otherwise give the key '' and a page that is the
    citations' index; it gets a stable key made from the name instead."""
    return slugify(name) or "vien-dan-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def _related_ids(document: Document, corpus: Corpus) -> set[str]:
    """The documents a plan most likely means when it cites a bare number: those up its chain."""
    related: set[str] = set()
    pending = list(document.implements)
    while pending:
        doc_id = pending.pop()
        if doc_id not in related and doc_id in corpus.documents:
            related.add(doc_id)
            pending.extend(corpus.documents[doc_id].implements)
    return related


def _resolve(citation: Citation, candidates: list[Document], related: set[str]) -> Document | None:
    """Which corpus document a mention names: the date printed beside the number decides; without a date
    (or with several documents of that number and date), a document up the citing plan's chain does."""
    cited_date = _parse_printed_date(citation.date)
    matching = [c for c in candidates if cited_date is None or c.date is None or c.date == cited_date]
    if len(matching) > 1:
        matching = [c for c in matching if c.id in related]
    return matching[0] if len(matching) == 1 else None


def _parse_printed_date(text: str) -> dt.date | None:
    try:
        day, month, year = (int(part) for part in text.split("/"))
        return dt.date(year, month, day)
    except ValueError:
        return None
