"""Render the corpus into site files: pages through Jinja2 templates, plus downloads and open data.

Index pages are Markdown templates (`*.md.j2`). The pages whose number grows with the corpus (documents,
localities, agencies, cited documents) are HTML templates (`*.html.j2`): their Markdown file is only a
placeholder, and `HtmlBlocks` hands their HTML and metadata to the MkDocs hook (see `_render_html_page`).
Returns a mapping {path inside the docs tree: content}; the MkDocs hook serves it as generated files,
and scripts/build_pages.py --out writes it to disk.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from markupsafe import Markup, escape

from plansite.analysis.graph import Graph, build_graph
from plansite.corpus.loader import Loaded
from plansite.corpus.model import (
    LEVEL_LABELS,
    TYPE_LABELS,
    Document,
    Node,
)
from plansite.render import opendata
from plansite.render.blocks import HtmlBlocks
from plansite.render.environment import environment, format_date
from plansite.render.markdown_text import search_variants
from plansite.render.outline import Outline
from plansite.render.urls import Paths, html_href
from plansite.runtime.forking import ITEMS_PER_TASK, PARALLEL_FROM, chunks, map_in_workers, worker_count
from plansite.runtime.gcpause import gc_paused
from plansite.text.folding import fold_key

# A generated file: text, bytes, or a file of the corpus copied as it is (never read into memory).
SiteFile = str | bytes | Path
ROLE_ORDER = {"lead": 0, "support": 1, "implement": 2}
# A node that has children is a heading; below this depth it is a bold paragraph instead.
MAX_HEADING_DEPTH = 3
# The home page draws every document while the tree stays readable; past that, lower levels are counted.
HOME_TREE_FULL_LIMIT = 60


class SiteRenderer:
    def __init__(self, loaded: Loaded, blocks: HtmlBlocks | None = None, parallel_from: int = PARALLEL_FROM):
        self.parallel_from = parallel_from
        self.loaded = loaded
        self.corpus = loaded.corpus
        self.graph: Graph = build_graph(self.corpus)
        self.blocks = blocks or HtmlBlocks(defer=False)
        self.env = environment(markdown=True)
        self.env.filters["html_block"] = self.blocks.hold
        self.html_env = environment(markdown=False)
        self.html_env.filters["html_block"] = Markup  # an HTML page is held whole: its blocks need nothing
        self.files: dict[str, SiteFile] = {}

    # --- helpers exposed to templates -------------------------------------------------------------
    def _add_file(self, path: str, content: SiteFile, origin: str) -> None:
        """Every generated file goes through here: two different files for one path (an id the validator
        let through) stop the build, naming both; never is one silently replaced. The same corpus file
        published twice (two documents from one source) is one file."""
        origins = self.__dict__.setdefault("_origins", {})
        if path in self.files and self.files[path] != content:
            raise RuntimeError(f"hai tệp được tạo cùng đường dẫn {path}: {origins[path]} và {origin}")
        self.files[path] = content
        origins.setdefault(path, origin)

    def _render(self, page: str, template: str, **context) -> None:
        self._add_file(page, self._render_template(page, template, **context), template)

    def _render_html_page(self, page: str, template: str, front_matter: dict, blocks: HtmlBlocks, **context) -> str:
        """A page written wholly in HTML, as are the kinds of page whose number grows with the corpus
        (documents, localities, agencies, citations): its Markdown is only front matter and a placeholder
        for the page held in `blocks`. Python-Markdown would cost more than the rest of the page's build."""
        outline = Outline()
        html = self._render_template(page, template, outline=outline, **context)
        if blocks.defer:
            # The page's metadata travels with the held page, never through front matter: values from corpus
            # files would be parsed again as YAML by MkDocs (a C1 control character made it drop the block).
            return str(blocks.hold_page(page, html, outline, front_matter))
        # Written out for inspection (`build_pages.py --out`): JSON is valid YAML and quicker to write.
        header = "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front_matter.items()) + "---\n"
        return header + html

    def _render_held(self, page: str, template: str, front_matter: dict, **context) -> None:
        self._add_file(page, self._render_html_page(page, template, front_matter, self.blocks, **context), template)

    def _render_template(self, page: str, template: str, **context) -> str:
        def link(target: str, anchor: str = "") -> Markup:
            """A Markdown link target: MkDocs checks and rewrites it. For the few links in Markdown syntax."""
            relative = posixpath.relpath(target, posixpath.dirname(page) or ".")
            return Markup(relative + (f"#{anchor}" if anchor else ""))

        def href(target: str, anchor: str = "") -> Markup:
            return html_href(page, target, anchor)

        env = self.html_env if template.endswith(".html.j2") else self.env
        return env.get_template(template).render(
            page=page, link=link, href=href, paths=Paths, graph=self.graph, corpus=self.corpus, site=self, **context
        )

    def node_text(self, document: Document, node: Node, page: str) -> Markup:
        """A node's text as HTML (for HTML templates), escaped, each citation linked to the document or to
        its citation entry."""
        text, out, position = node.text, [], 0
        for citation, entry in self.graph.citations_in(document, node):
            if citation.start < position:
                continue
            target = Paths.document(entry.target.id) if entry.target else Paths.cited(entry.key)
            out.append(escape(text[position:citation.start]))
            out.append(Markup('<a href="%s">') % html_href(page, target) + escape(text[citation.start:citation.end]) + Markup("</a>"))
            position = citation.end
        out.append(escape(text[position:]))
        out.append(search_variants(text))
        return Markup("").join(out)

    def body_layout(self, document: Document) -> list[tuple[str, object]]:
        """The body in reading order as ("heading", (node, depth)) and ("paragraphs", [(node, depth), ...]).

        Nodes with children near the top are headings (they make the table of contents); runs of other nodes
        are grouped so that each run is written as one HTML block.
        """
        layout: list[tuple[str, object]] = []

        def walk(nodes, depth: int) -> None:
            for node in nodes:
                if node.children and depth < MAX_HEADING_DEPTH:
                    layout.append(("heading", (node, depth)))
                else:
                    if not layout or layout[-1][0] != "paragraphs":
                        layout.append(("paragraphs", []))
                    layout[-1][1].append((node, depth))
                walk(node.children, depth + 1)

        walk(document.body, 0)
        return layout

    def node_label(self, document: Document, node_id: str) -> str:
        """`IV.3` for the third item of section IV; a paragraph is named after its numbered parent."""
        labels = self._node_labels(document)
        return labels.get(node_id, node_id)

    def _node_labels(self, document: Document) -> dict[str, str]:
        cache = self.__dict__.setdefault("_labels", {})
        if document.id not in cache:
            labels: dict[str, str] = {}

            def walk(nodes, prefix: str) -> None:
                paragraph = 0
                for node in nodes:
                    if node.label:
                        own = f"{prefix}.{node.label}" if prefix else node.label
                    else:
                        paragraph += 1
                        own = f"{prefix} ¶{paragraph}" if prefix else f"¶{paragraph}"
                    labels[node.id] = own
                    walk(node.children, own if node.label else prefix)

            walk(document.body, "")
            cache[document.id] = labels
        return cache[document.id]

    def sorted_tasks(self, tasks):
        return sorted(tasks, key=lambda t: (ROLE_ORDER[t.responsibility.role], t.document.date or dt.date.max))

    def tasks_by_province(self, agency_id: str):
        """An agency kind's tasks grouped by province, then by locality, lead before coordinating role."""
        groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for task in self.graph.tasks_by_agency.get(agency_id, []):
            locality = task.locality
            province = self.graph.locality_chain(locality)[0] if locality else None
            groups[province.id if province else ""][locality.id if locality else ""].append(task)
        ordered = []
        for province_id in sorted(groups, key=lambda i: fold_key(self.corpus.localities[i].name) if i else ""):
            localities = [
                (self.corpus.localities.get(lid), self.sorted_tasks(tasks))
                for lid, tasks in sorted(groups[province_id].items(), key=lambda item: (item[0] != province_id, item[0]))
            ]
            ordered.append((self.corpus.localities.get(province_id), localities))
        return ordered

    def days_after_parent(self, document: Document) -> list[tuple[Document, int | None]]:
        return [
            (parent, (document.date - parent.date).days if document.date and parent.date else None)
            for parent in self.graph.parents(document)
        ]

    def home_tree(self):
        """Nested (document, children, hidden_count) for the diagram on the home page."""
        full = len(self.corpus.documents) <= HOME_TREE_FULL_LIMIT

        def branch(document: Document, seen: frozenset):
            children = [c for c in self.graph.children.get(document.id, []) if c.id not in seen]
            if not full and document.issuer.level != "central":
                return (document, [], len(children))
            return (document, [branch(c, seen | {c.id}) for c in children], 0)

        return [branch(root, frozenset({root.id})) for root in self.graph.roots()]

    def counts(self) -> dict[str, int]:
        documents = self.corpus.documents.values()
        return {
            "documents": len(self.corpus.documents),
            "full_text": sum(1 for d in documents if d.has_full_text),
            "localities": len({d.issuer.locality for d in documents if d.issuer.locality}),
            "agencies": len(self.graph.tasks_by_agency),
            "responsibilities": sum(len(d.responsibilities) for d in documents),
            "targets": sum(len(d.targets) for d in documents),
            "cited": len(self.graph.cited),
        }

    def facets(self) -> dict[str, list[tuple[str, str, int]]]:
        """(value, label, count) for each facet page of the document index."""
        documents = list(self.corpus.documents.values())
        level = Counter(d.issuer.level for d in documents)
        kind = Counter(d.type for d in documents)
        year = Counter(str(d.year) for d in documents if d.year)
        return {
            "cap": [(v, LEVEL_LABELS[v], level[v]) for v in LEVEL_LABELS if level.get(v)],
            "loai": [(v, TYPE_LABELS[v], kind[v]) for v in TYPE_LABELS if kind.get(v)],
            "nam": [(v, f"Năm {v}", year[v]) for v in sorted(year, reverse=True)],
        }

    # --- the pages --------------------------------------------------------------------------------
    def render(self) -> dict[str, SiteFile]:
        document_pages = self._start_document_pages(list(self.corpus.documents.values()))
        by_date = sorted(self.corpus.documents.values(), key=lambda d: (d.date or dt.date.min, d.id), reverse=True)
        self._render(Paths.home, "home.md.j2", counts=self.counts(), latest=by_date[:8], tree=self.home_tree(),
                     full_tree=len(self.corpus.documents) <= HOME_TREE_FULL_LIMIT)
        facets = self.facets()
        self._render(Paths.documents, "documents_index.md.j2", documents=by_date, facets=facets)
        facet_values = {
            "cap": lambda d: d.issuer.level,
            "loai": lambda d: d.type,
            "nam": lambda d: str(d.year) if d.year else "",
        }
        for kind in Paths.FACET_KINDS:
            for value, label, _ in facets[kind]:
                documents = [d for d in by_date if facet_values[kind](d) == value]
                self._render(Paths.facet(kind, value), "facet.md.j2", label=label, documents=documents)
        for locality in self.corpus.localities.values():
            documents = [
                d for sub in [locality, *self.graph.sub_localities(locality)]
                for d in self.graph.documents_by_locality.get(sub.id, [])
            ]
            self._render_held(Paths.locality(locality.id), "locality.html.j2", {"title": locality.full_name, "search": True},
                              locality=locality, documents=documents)
        self._render(Paths.localities, "localities_index.md.j2")
        for agency in self.corpus.agencies.values():
            self._render_held(Paths.agency(agency.id), "agency.html.j2", {"title": agency.name, "search": True}, agency=agency,
                              groups=self.tasks_by_province(agency.id),
                              total=len(self.graph.tasks_by_agency.get(agency.id, [])))
        self._render(Paths.agencies, "agencies_index.md.j2")
        for entry in self.graph.cited.values():
            # Documents held in the corpus get an entry too: it lists the citing paragraphs, so the
            # document's own page stays the same size however often it is cited. Search finds such a
            # document by its own page; the entry would only be a second result for the same document.
            self._render_held(Paths.cited(entry.key), "cited.html.j2", {"title": entry.label, "search": entry.target is None},
                              entry=entry)
        self._render(Paths.cited_index, "cited_index.md.j2",
                     entries=sorted(self.graph.cited.values(), key=lambda e: (-len(e.mentions), e.label)))
        targets = sorted(
            ((d, t) for d in self.corpus.documents.values() for t in d.targets),
            key=lambda item: (fold_key(item[1].indicator), item[1].year, item[0].id),
        )
        self._render(Paths.targets, "targets.md.j2", targets=targets)
        self._render(Paths.timeline, "timeline.md.j2",
                     documents=sorted(self.corpus.documents.values(), key=lambda d: (d.date or dt.date.max, d.id)))
        self._render(Paths.open_data, "open_data.md.j2", files=opendata.FILES, licence=opendata.LICENCE)
        for path, content in opendata.render(self.loaded).items():
            self._add_file(path, content, "dữ liệu mở")
        self._collect_document_pages(document_pages)
        return self.files

    def _start_document_pages(self, documents: list[Document]) -> Iterator[tuple[list, HtmlBlocks]]:
        """Document pages are most of the work and independent of each other: on a machine with several
        cores, forked workers render them in chunks while this process renders every other page."""
        global _RENDERER
        _RENDERER = self  # workers forked from here on inherit the corpus, the graph and the templates
        workers = worker_count() if len(documents) >= self.parallel_from else 0
        prefix = "w" if workers else "p"  # keeps held-block keys unique across chunks
        jobs = [(f"{prefix}{number}-", ids) for number, ids in enumerate(chunks([d.id for d in documents], ITEMS_PER_TASK))]
        return map_in_workers(_render_chunk, jobs, workers)

    def _collect_document_pages(self, results: Iterator[tuple[list, HtmlBlocks]]) -> None:
        global _RENDERER
        for files, blocks in results:
            for path, content, doc_id in files:
                self._add_file(path, content, f"văn bản '{doc_id}'")
            self.blocks.blocks.update(blocks.blocks)
            self.blocks.pages.update(blocks.pages)
        _RENDERER = None

    def _render_document(self, document: Document, blocks: HtmlBlocks) -> dict[str, SiteFile]:
        """A document's page and downloads. The page's HTML is held in `blocks`."""
        page = Paths.document(document.id)
        source = self.loaded.sources[document.id]
        files: dict[str, SiteFile] = {}
        files[Paths.download(document.id, "yaml")] = (self.loaded.root.parent / source.path).resolve()
        files[Paths.download(document.id, "json")] = opendata.document_json(source.data)
        if document.provenance.source_file:
            files[Paths.source(document.provenance.source_file)] = (self.loaded.root / "sources" / document.provenance.source_file).resolve()
        front_matter = {
            "title": f"{document.short_title} – {document.issuer.name}",
            "description": _description(document),
            "jsonld": opendata.legislation_jsonld(document, self.corpus),
            "search": True,
        }
        files[page] = self._render_html_page(
            page, "document.html.j2", front_matter, blocks, document=document, locality=self.graph.locality_of(document),
            chain=self.graph.chain(document), children=self.graph.children.get(document.id, []),
            cited_entry=self.graph.cited_by_target.get(document.id),
        )
        return files


def _description(document: Document) -> str:
    date = f" ngày {format_date(document.date)}" if document.date else ""
    return f"{document.short_title}{date} của {document.issuer.name} {document.title}"[:300]


_RENDERER: SiteRenderer | None = None


def _render_chunk(job: tuple[str, list[str]]) -> tuple[list[tuple[str, SiteFile, str]], HtmlBlocks]:
    """Render some document pages with the renderer of the process that forked this worker: (path, content,
    document id) for each file, so that the parent checks every path (`_add_file`)."""
    prefix, doc_ids = job
    files: list[tuple[str, SiteFile, str]] = []
    blocks = HtmlBlocks(_RENDERER.blocks.defer, prefix)
    for doc_id in doc_ids:
        files += [(path, content, doc_id) for path, content in _RENDERER._render_document(_RENDERER.corpus.documents[doc_id], blocks).items()]
    return files, blocks


def render_site(loaded: Loaded, blocks: HtmlBlocks | None = None, parallel_from: int = PARALLEL_FROM) -> dict[str, SiteFile]:
    with gc_paused():
        return SiteRenderer(loaded, blocks, parallel_from).render()


def write_site_files(loaded: Loaded, out: Path) -> int:
    files = render_site(loaded)
    for relative, content in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return len(files)
