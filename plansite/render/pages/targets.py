"""Every quantified target across plans, like with like (plansite/analysis/targets.py)."""

from __future__ import annotations

from plansite.analysis.targets import compared
from plansite.render.context import RenderContext
from plansite.render.urls import Paths


def pages(context: RenderContext):
    groups = compared(context.corpus)
    yield context.markdown_page(Paths.targets, "targets.md.j2", "Chỉ tiêu", groups=groups,
                                has_baseline=any(group.has_baseline for group in groups), node_label=context.node_label)
