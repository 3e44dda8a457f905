"""The home page: counts, the tree of implementation, the latest documents."""

from __future__ import annotations

import datetime as dt

from plansite.corpus.model import Document, content_counts
from plansite.render.context import RenderContext
from plansite.render.urls import Paths
from plansite.text.folding import fold_key

# The home page draws every document while the tree stays readable; past that, lower levels are counted.
HOME_TREE_FULL_LIMIT = 60
LATEST = 8


def tree_size(branches) -> int:
    """How many documents a drawn tree shows (its rows)."""
    return sum(1 + tree_size(children) for _, children, _ in branches)


class HomeView:
    def __init__(self, context: RenderContext) -> None:
        self.corpus, self.graph = context.corpus, context.graph
        self.directive, self.directive_tree = context.directive, context.directive_tree
        self.full_tree = len(self.corpus.documents) <= HOME_TREE_FULL_LIMIT
        self.rows_per_page = context.rows_per_page
        # Past a page of rows even with the lower levels counted, the home page draws the central documents
        # only and lists the provinces, each with a page of its own part of the tree (`province_trees`).
        self.by_province = tree_size(self._tree()) > self.rows_per_page

    def counts(self) -> dict[str, int]:
        documents = self.corpus.documents.values()
        return {
            "documents": len(self.corpus.documents),
            "full_text": sum(1 for d in documents if d.has_full_text),
            "localities": len({d.issuer.locality for d in documents if d.issuer.locality}),
            "agencies": len(self.graph.tasks_by_agency),
            "responsibilities": sum(len(d.responsibilities) for d in documents),
            "targets": sum(len(d.targets) for d in documents),
            # Known from a source (a news item, a summary), not from the text: counted apart (`origin`).
            "from_sources": sum(1 for d in documents for item in (*d.responsibilities, *d.targets) if item.origin),
            "cited": len(self.graph.cited),
        }

    def content_counts(self) -> dict[str, int]:
        return content_counts(self.corpus.documents.values())

    def latest(self) -> list[Document]:
        return sorted(self.corpus.documents.values(), key=lambda d: (d.date or dt.date.min, d.id), reverse=True)[:LATEST]

    def _branch(self, document: Document, seen: frozenset, within: frozenset | None = None, shown=None):
        """Nested (document, children, the children counted rather than drawn) for the diagram: children within `within` (a province's
        part of the tree) when given; `shown(document)` says whether a document's children are drawn, or
        counted under it."""
        children = [c for c in self.graph.children.get(document.id, []) if c.id not in seen and (within is None or c.id in within)]
        if shown is None:
            shown = lambda d: self.full_tree or d.issuer.level == "central"  # noqa: E731
        if not shown(document):
            return (document, [], children)
        return (document, [self._branch(c, seen | {c.id}, within, shown) for c in children], [])

    def _tree(self):
        return [self._branch(self.directive, frozenset({self.directive.id}))] if self.directive else []

    def tree(self):
        """The one tree of the Directive: with its lower levels counted past HOME_TREE_FULL_LIMIT documents,
        its central documents only past a page."""
        if not self.by_province:
            return self._tree()
        return [self._central_branch(self.directive, frozenset({self.directive.id}))] if self.directive else []

    def _central_branch(self, document: Document, seen: frozenset):
        """The central documents under this one, drawn; the others counted under it."""
        children = [c for c in self.graph.children.get(document.id, []) if c.id not in seen]
        central = [c for c in children if c.issuer.level == "central"]
        return (document, [self._central_branch(c, seen | {c.id}) for c in central], [c for c in children if c.issuer.level != "central"])

    def province_of(self, document: Document):
        return self.graph.province_of(document)

    def province_trees(self):
        """Each province's part of the Directive's tree, by province name: (province, its documents in the
        tree, their tree from the ones whose parents are outside the province), lower levels counted under
        the province's own documents when the part is longer than a page."""
        members: dict[str, list[Document]] = {}
        for doc_id in self.directive_tree:
            document = self.corpus.documents[doc_id]
            province = self.province_of(document)
            if province is not None:
                members.setdefault(province.id, []).append(document)
        found = []
        for province_id in sorted(members, key=lambda i: (fold_key(self.corpus.localities[i].name), i)):
            documents = sorted(members[province_id], key=lambda d: (d.date or dt.date.min, d.id))
            within = frozenset(d.id for d in documents)
            tops = [d for d in documents if not any(parent in within for parent in d.implements)]
            tree = [self._branch(d, frozenset({d.id}), within, lambda _d: True) for d in tops]
            counted = tree_size(tree) > self.rows_per_page
            if counted:
                tree = [self._branch(d, frozenset({d.id}), within, lambda d: d.issuer.level == "province") for d in tops]
            found.append((self.corpus.localities[province_id], documents, tree, counted))
        return found

    def other_trees(self):
        """The trees of documents that carry out other documents only (another programme, another law), each
        from its root, so none passes for part of the Directive's tree."""
        roots = [r for r in self.graph.roots() if r.id not in self.directive_tree]
        return [self._branch(root, frozenset({root.id})) for root in roots]


def pages(context: RenderContext):
    view = HomeView(context)
    provinces = view.province_trees() if view.by_province else []
    yield context.markdown_page(Paths.home, "home.md.j2", "Kho văn bản thực hiện Chỉ thị 28-CT/TW",
                                meta={"hide": ["navigation"]}, view=view, provinces=provinces)
    for province, documents, tree, counted in provinces:
        yield context.markdown_page(Paths.province_tree(province.id), "province_tree.md.j2",
                                    f"Cây thực hiện — {province.name}", view=view, province=province, documents=documents,
                                    tree=tree, counted=counted)
