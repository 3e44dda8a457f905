"""Documents by issue date, with the days since the document each carries out."""

from __future__ import annotations

import datetime as dt

from plansite.render.context import RenderContext
from plansite.render.paging import paginate
from plansite.render.urls import Paths


def pages(context: RenderContext):
    documents = sorted(context.corpus.documents.values(), key=lambda d: (d.date or dt.date.max, d.id))
    years: dict[str, list] = {}
    for document in documents:  # in date order, so the years come in order and undated documents last
        years.setdefault(str(document.year) if document.year else "", []).append(document)
    listing = paginate(Paths.timeline, [(year or "khong-ro-nam", f"Năm {year}" if year else "Không rõ năm", rows)
                                        for year, rows in years.items()], context.rows_per_page)
    yield context.markdown_page(Paths.timeline, "timeline.md.j2", "Dòng thời gian", documents=documents, listing=listing)
    for part in listing.own_parts:
        yield context.html_page(part.path, "timeline_part.html.j2", part.title("Dòng thời gian"), search=False, part=part)
