"""Every quantified target across plans, by indicator then year."""

from __future__ import annotations

from plansite.render.context import RenderContext
from plansite.render.urls import Paths
from plansite.text.folding import fold_key


def pages(context: RenderContext):
    targets = sorted(
        ((d, t) for d in context.corpus.documents.values() for t in d.targets),
        key=lambda item: (fold_key(item[1].indicator), item[1].year, item[0].id),
    )
    yield context.markdown_page(Paths.targets, "targets.md.j2", "Chỉ tiêu", targets=targets, node_label=context.node_label)
