"""A document's page (metadata, chain, full text, extracts, provenance) and its downloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from markupsafe import Markup, escape

from plansite.corpus.extracts import SECTIONED
from plansite.corpus.model import Document, Node
from plansite.render import opendata
from plansite.render.archive import gzipped
from plansite.render.context import RenderContext
from plansite.render.page import Download
from plansite.render.pages import alignment
from plansite.render.paging import Listing, by_province, paginate
from plansite.render.urls import Paths, html_href, is_text_source
from plansite.text import uncertain

IN_WORKERS = True  # most of the build's work, one page per document, independent of each other
ITEM_NAME = "văn bản"
# A node that has children, and its numbered siblings, are headings (`_is_heading`); below this depth they are
# bold paragraphs instead.
MAX_HEADING_DEPTH = 3
# The page's own contents ("Mục lục", for screens without Material's table of contents) lists the body's
# headings down to this depth: h3 and h4, as the `toc_depth: 4` of mkdocs.yml gives the theme's.
CONTENTS_BODY_DEPTH = 2
# The headings of the page's fixed sections, by anchor; the template writes them with these titles.
SECTION_TITLES = {
    "thong-tin": "Thông tin văn bản",
    "thuc-hien": "Thực hiện",
    "duoc-thuc-hien-boi": "Được thực hiện bởi",
    "toan-van": "Toàn văn",
    "tom-tat": "Tóm tắt (không phải lời văn bản)",
    "vien-dan": "Văn bản được viện dẫn",
    "duoc-vien-dan": "Được viện dẫn trong",
    "nguon-goc": "Nguồn gốc",
    "tai-ve": "Tải về",
}


class ContentsEntry(NamedTuple):
    anchor: str
    title: str
    children: tuple[ContentsEntry, ...] = ()


class DocumentView:
    def __init__(self, context: RenderContext, document: Document) -> None:
        graph = context.graph
        self.document = document
        self.page = Paths.document(document.id)
        self.locality = graph.locality_of(document)
        self.chain = graph.chain(document)
        # The Directive's tree does not hold it: it carries out another document only (another programme).
        self.outside_of = context.directive if context.directive and document.id not in context.directive_tree else None
        self.parents = graph.delays(document)
        self.pairs = {pair.parent.id: pair for pair in context.alignments.by_child.get(document.id, ())}
        self.alignment_note = alignment.METHOD_NOTE
        self._aligned_children = sum(1 for pair in context.alignments.by_parent.get(document.id, ()) if pair.alignment)
        # Side-by-side pages draw their words from this page, when it is of the build that wrote them.
        aligned = self._aligned_children or any(pair.alignment for pair in self.pairs.values())
        self.text_stamp = context.alignments.text_stamp(document) if aligned else None
        self._context = context
        self.children = graph.children.get(document.id, [])
        # A plan every commune of a province carries out would list them all: past a page of rows, the page lists
        # the parts (by province, or by year within one province) and each part is a page of its own.
        self.children_listing = children_listing(context, document, self.children)
        self.cited_here = graph.citations_by_document(document)
        self.cited_entry = graph.cited_by_target.get(document.id)
        self.inferred = {item.field: item.reason for item in document.provenance.inferred}  # each mark says why
        self.extracts = SECTIONED
        self.summary_source = document.summary_source
        from_sources = any(item.origin for extract in SECTIONED for item in getattr(document, extract.field))
        # The column that says where each extract comes from: paragraphs, sources, or both.
        self.place_heading = "Đoạn hoặc nguồn" if from_sources and document.body else "Nguồn" if from_sources else "Đoạn"
        self.node_label = context.node_label
        self._graph = graph
        # Where the document's own file is in the corpus archive (plansite/render/archive.py names it so).
        published = context.published
        self.archive_member = f"corpus/{published.files[document.id].relative_to(published.root.resolve()).as_posix()}"
        # The agencies of each task's paragraph: those that lead it, or else every one named there.
        by_node: dict[str, dict[str, list[str]]] = {}
        for item in document.responsibilities:
            roles = by_node.setdefault(item.node, {})
            name = context.corpus.agencies[item.agency].name
            if name not in roles.setdefault(item.role, []):
                roles[item.role].append(name)
        self._task_agencies = {node: roles.get("lead") or [name for names in roles.values() for name in names]
                               for node, roles in by_node.items()}

    def comparison(self, parent: Document) -> tuple[str, str]:
        """('aligned', summary) with a link to the pair's page; ('waiting', why) when a text is missing."""
        pair = self.pairs.get(parent.id)
        if pair is None:
            return "", ""
        if pair.alignment is not None:
            return "aligned", alignment.summary(pair)
        if not self.document.has_full_text:
            return "waiting", (f"Kho chưa có toàn văn của văn bản này: phần đối chiếu từng đoạn với {parent.short_title} "
                               "sẽ có khi toàn văn được bổ sung.")
        return "waiting", (f"Kho chưa có toàn văn của {parent.short_title}: phần đối chiếu từng đoạn (đoạn chép nguyên, "
                           "sửa lại, bổ sung) sẽ có khi toàn văn đó được bổ sung vào kho.")

    @property
    def reuse_legend(self) -> str:
        """Atop the text of a document others carry out: what the notes under its paragraphs say."""
        return alignment.reuse_legend(self._aligned_children) if self._aligned_children else ""

    @property
    def source_is_text(self) -> bool:
        """Whether the source file is a text, kept compressed and shown by the sources page."""
        return is_text_source(self.document.provenance.source_file or "")

    def takers(self, node: Node) -> Markup:
        """Under a paragraph of a document others carry out: which of them take it up, and how."""
        if not self._aligned_children:
            return Markup("")
        return alignment.takers_html(self._context, self.document, node.id, self.page)

    def label(self, node_id: str) -> str:
        return self.node_label(self.document, node_id)

    def passage_label(self, node: Node, label: str | None = None) -> str:
        """What a search result calls one of the body's passages: its label (`label`, when already known), after
        the agencies that lead the task it holds ("Sở Y tế — IV.3 ¶2"). docs/assets/pagefind-text/passages.js
        reads it back."""
        agencies = self._task_agencies.get(node.id)
        label = self.label(node.id) if label is None else label
        return f"{', '.join(agencies)} — {label}" if agencies else label

    def paragraphs(self, run: list[tuple[Node, int]]) -> Iterator[tuple[Node, int, str, str, Markup, Markup]]:
        """A run of the body's paragraphs as the template writes each: (node, depth, its reference, its
        passage's label, its text as HTML, the notes under it), made in one call for the run. The template
        calling four of these methods for each paragraph spent about as long in Jinja's calls as in them."""
        for node, depth in run:
            label = self.label(node.id)
            yield node, depth, label, self.passage_label(node, label), self.node_text(node), self.takers(node)

    def summary_label(self, number: int) -> str:
        """What a search result calls a paragraph of the summary: whose words it is, never the plan's."""
        return f"Tóm tắt của {self.summary_source.author}, không phải lời văn bản ¶{number}"

    @staticmethod
    def title(anchor: str) -> str:
        """The heading of one of the page's fixed sections."""
        return SECTION_TITLES[anchor]

    @staticmethod
    def heading_title(node: Node) -> Markup:
        """A body heading as the page writes it: its printed marker, then its text (uncertain readings marked)."""
        text = uncertain.marked_html(node.text, node.uncertain)
        return escape(node.marker) + Markup(" ") + text if node.marker else text

    def contents(self) -> list[ContentsEntry]:
        """The page's sections in the order the template writes them, the full text's headings nested under
        "Toàn văn": the "Mục lục" written at the top of the page, before the headings themselves are."""
        document = self.document
        entries = [self._section(anchor) for anchor in ("thong-tin", "thuc-hien", "duoc-thuc-hien-boi")]
        if document.has_full_text:
            entries.append(ContentsEntry("toan-van", self.title("toan-van"), self._body_contents()))
        if document.summary:
            entries.append(self._section("tom-tat"))
        entries += [ContentsEntry(extract.section, extract.heading) for extract in self.extracts
                    if getattr(document, extract.field)]
        if self.cited_here:
            entries.append(self._section("vien-dan"))
        if self.cited_entry:
            entries.append(self._section("duoc-vien-dan"))
        entries += [self._section("nguon-goc"), self._section("tai-ve")]
        return entries

    def _section(self, anchor: str) -> ContentsEntry:
        return ContentsEntry(anchor, self.title(anchor))

    def _body_contents(self, nodes: tuple[Node, ...] | None = None, depth: int = 0) -> tuple[ContentsEntry, ...]:
        """The body's headings (the nodes `body_layout` makes headings) down to CONTENTS_BODY_DEPTH, nested."""
        if depth >= CONTENTS_BODY_DEPTH:
            return ()
        siblings = self.document.body if nodes is None else nodes
        return tuple(ContentsEntry(node.id, self._contents_title(node), self._body_contents(node.children, depth + 1))
                     for node in siblings if _is_heading(node, depth, siblings))

    @staticmethod
    def _contents_title(node: Node) -> Markup:
        """A body heading in the contents: its printed marker, then its opening words (uncertain.OPENING), as any
        text printed whole elsewhere on the site is shown where it is linked to. A heading can be a whole
        sentence, and the contents beside the text are a narrow column. At 10,000 plans the contents' titles
        were 17.9 MB (2^20 bytes), 9.3 with each heading cut to its opening words (measured on the built site)."""
        text = uncertain.opening_html(node.text, node.uncertain)
        return escape(node.marker) + Markup(" ") + text if node.marker else text

    def node_text(self, node: Node) -> Markup:
        """A node's text as HTML, escaped, each citation linked to the document or to its citation entry."""
        text, out, position = node.text, [], 0
        places = uncertain.spans(text, node.uncertain)  # each uncertain reading, marked at the word

        def piece(start: int, end: int) -> Markup:
            return uncertain.marked_html(text, start=start, end=end, places=places)

        for citation, entry in self._graph.citations_in(self.document, node):
            if citation.start < position:
                continue
            target = Paths.document(entry.target.id) if entry.target else Paths.cited(entry.key)
            out.append(piece(position, citation.start))
            out.append(Markup('<a href="%s">') % html_href(self.page, target) + piece(citation.start, citation.end) + Markup("</a>"))
            position = citation.end
        out.append(piece(position, len(text)))
        return Markup("").join(out)

    def body_layout(self) -> list[tuple[str, object]]:
        """The body in reading order as ("heading", (node, depth)) and ("paragraphs", [(node, depth), ...]).

        Nodes with children near the top are headings (they make the table of contents); runs of other nodes
        are grouped so that each run is written as one HTML block.
        """
        layout: list[tuple[str, object]] = []

        def walk(nodes, depth: int) -> None:
            for node in nodes:
                if _is_heading(node, depth, nodes):
                    layout.append(("heading", (node, depth)))
                else:
                    if not layout or layout[-1][0] != "paragraphs":
                        layout.append(("paragraphs", []))
                    layout[-1][1].append((node, depth))
                walk(node.children, depth + 1)

        walk(self.document.body, 0)
        return layout


def children_listing(context: RenderContext, document: Document, children) -> Listing:
    """The documents that carry this one out, split by the province they come from (central documents first),
    or by year when they all come from one province, when they are more than a page."""
    if len({context.graph.province_of(child) for child in children}) > 1:
        return paginate(Paths.document(document.id), by_province(children, context.graph.province_of), context.rows_per_page)
    years: dict[str, tuple[str, list]] = {}
    for child in children:
        key, label = (f"nam-{child.date.year}", f"năm {child.date.year}") if child.date else ("chua-ro-nam", "chưa rõ năm")
        years.setdefault(key, (label, []))[1].append(child)
    order = sorted(years, key=lambda key: (key == "chua-ro-nam", key))
    return paginate(Paths.document(document.id), [(key, *years[key]) for key in order], context.rows_per_page)


def _is_heading(node: Node, depth: int, siblings: tuple[Node, ...]) -> bool:
    """Near the top, a node with children is a heading; numbered siblings (`1.`, `2.`…, `1.1.`, `1.2.`…) are
    headings or not together, whether or not each has children of its own, so that items printed alike are
    shown alike and each is in the contents."""
    if depth >= MAX_HEADING_DEPTH:
        return False
    if node.label:
        return any(sibling.children for sibling in siblings if sibling.label)
    return bool(node.children)


def items(context: RenderContext) -> list[str]:
    return list(context.corpus.documents)


def render_item(context: RenderContext, doc_id: str):
    document = context.corpus.documents[doc_id]
    published = context.published
    name = document.provenance.source_file
    if name and is_text_source(name):  # compressed; the sources page shows it (pages/sources.py)
        # Bytes, not made later: a worker's files cross to the main process, and a document sharing its source
        # with another makes the same bytes (level 6: 38.7 to 9.6 MB at 2,000 plans in 1.1 s; level 9, 9.6 MB).
        yield Download(Paths.source(name), gzipped(published.source_file(document)))
    elif name:
        yield Download(Paths.source(name), published.source_file(document))
    meta = {"description": _description(document), "jsonld": opendata.legislation_jsonld(document, context.corpus),
            "contents_from": "muc-luc"}  # the theme's table of contents is built from the page's (document.html.j2)
    view = DocumentView(context, document)
    yield context.html_page(Paths.document(document.id), "document.html.j2", f"{_marked_title(document)} – {document.issuer_names}",
                            meta=meta, view=view)
    whole = f"Văn bản thực hiện {_marked_title(document)}"
    for part in view.children_listing.own_parts:
        yield context.html_page(part.path, "document_children_part.html.j2", part.title(whole), search=False,
                                document=document, whole=whole, part=part)


def pages(context: RenderContext):
    for doc_id in items(context):
        yield from render_item(context, doc_id)


def _marked_title(document: Document) -> str:
    """`Kế hoạch 150/KH-UBND (chỉ có tóm tắt)`: the page's title, which search results show, says what the
    corpus holds of it."""
    return f"{document.short_title} {document.content_mark}" if document.content_mark else document.short_title


def _description(document: Document) -> str:
    date = f" ngày {document.date_text}" if document.date else ""
    return f"{_marked_title(document)}{date} của {document.issuer_names} {document.title_text}"[:300]
