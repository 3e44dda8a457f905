"""Documents by issue date, with the days since the document each carries out."""

from __future__ import annotations

import datetime as dt

from plansite.render.context import RenderContext
from plansite.render.urls import Paths


def pages(context: RenderContext):
    documents = sorted(context.corpus.documents.values(), key=lambda d: (d.date or dt.date.max, d.id))
    yield context.markdown_page(Paths.timeline, "timeline.md.j2", "Dòng thời gian", documents=documents)
