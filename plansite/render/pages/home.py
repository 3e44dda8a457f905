"""The home page: counts, the tree of implementation, the latest documents."""

from __future__ import annotations

import datetime as dt

from plansite.corpus.model import Document, content_counts
from plansite.render.context import RenderContext
from plansite.render.urls import Paths

# The home page draws every document while the tree stays readable; past that, lower levels are counted.
HOME_TREE_FULL_LIMIT = 60
LATEST = 8


class HomeView:
    def __init__(self, context: RenderContext) -> None:
        self.corpus, self.graph = context.corpus, context.graph
        self.directive, self.directive_tree = context.directive, context.directive_tree
        self.full_tree = len(self.corpus.documents) <= HOME_TREE_FULL_LIMIT

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

    def content_counts(self) -> dict[str, int]:
        return content_counts(self.corpus.documents.values())

    def latest(self) -> list[Document]:
        return sorted(self.corpus.documents.values(), key=lambda d: (d.date or dt.date.min, d.id), reverse=True)[:LATEST]

    def _branch(self, document: Document, seen: frozenset):
        """Nested (document, children, hidden_count) for the diagram."""
        children = [c for c in self.graph.children.get(document.id, []) if c.id not in seen]
        if not self.full_tree and document.issuer.level != "central":
            return (document, [], len(children))
        return (document, [self._branch(c, seen | {c.id}) for c in children], 0)

    def tree(self):
        """The one tree of the Directive."""
        return [self._branch(self.directive, frozenset({self.directive.id}))] if self.directive else []

    def other_trees(self):
        """The trees of documents that carry out other documents only (another programme, another law), each
        from its root, so none passes for part of the Directive's tree."""
        roots = [r for r in self.graph.roots() if r.id not in self.directive_tree]
        return [self._branch(root, frozenset({root.id})) for root in roots]


def pages(context: RenderContext):
    yield context.markdown_page(Paths.home, "home.md.j2", "Kho văn bản thực hiện Chỉ thị 28-CT/TW",
                                meta={"hide": ["navigation"]}, view=HomeView(context))
