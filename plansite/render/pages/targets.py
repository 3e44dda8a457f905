"""Every quantified target across plans, like with like (plansite/analysis/targets.py)."""

from __future__ import annotations

from plansite.analysis.targets import compared
from plansite.render.context import RenderContext
from plansite.render.paging import paginate
from plansite.render.urls import Paths


def pages(context: RenderContext):
    groups = compared(context.corpus)
    has_baseline = any(group.has_baseline for group in groups)
    # Numbered in the comparison's order: the groups are the key users think in, but most hold a target or two,
    # so a page per group would be a page per target. Each row carries its group's number, so a page shows
    # its share of each group together.
    rows = [(number, document, target) for number, group in enumerate(groups) for document, target in group.rows]
    listing = paginate(Paths.targets, [("", "", rows)], context.rows_per_page)
    yield context.markdown_page(Paths.targets, "targets.md.j2", "Chỉ tiêu", groups=groups, listing=listing,
                                has_baseline=has_baseline, node_label=context.node_label)
    for part in listing.own_parts:
        yield context.html_page(part.path, "targets_part.html.j2", part.title("Chỉ tiêu"), search=False, listing=listing,
                                part=part, has_baseline=has_baseline, node_label=context.node_label)
