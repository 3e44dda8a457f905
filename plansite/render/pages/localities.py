"""The localities index, and a page per locality that has something to say: its documents and those of its
sub-localities, what it became on 1 July 2025 or what it was made of, and the documents of the units it replaced."""

from __future__ import annotations

import datetime as dt

from plansite.corpus.model import LEVEL_LABELS
from plansite.render.context import RenderContext
from plansite.render.urls import Paths
from plansite.text.folding import fold_key


def pages(context: RenderContext):
    history = context.graph.history
    for locality in context.corpus.localities.values():
        if not history.has_page(locality):  # of ~4,100 units, those with something to say (analysis/localities.py)
            continue
        yield context.html_page(Paths.locality(locality.id), "locality.html.j2", locality.full_name,
                                locality=locality, documents=history.documents(locality),
                                earlier=history.earlier(locality))
    provinces = [unit for unit in context.corpus.localities.values() if unit.level == "province"]
    current = sorted((unit for unit in provinces if unit.is_current), key=lambda unit: fold_key(unit.name))
    current_rows = [
        (unit, [old for old, _ in history.predecessors(unit)],
         len(history.documents(unit)) + sum(len(documents) for _, _, documents in history.earlier(unit)))
        for unit in current
    ]
    with_pages = sorted((unit for unit in context.corpus.localities.values() if history.has_page(unit)),
                        key=lambda unit: (list(LEVEL_LABELS).index(unit.level), fold_key(unit.name), unit.valid_from or dt.date.min))
    yield context.markdown_page(Paths.localities, "localities_index.md.j2", "Địa phương", current_provinces=current_rows,
                                former_count=sum(1 for unit in provinces if unit.valid_from is None), with_pages=with_pages)
