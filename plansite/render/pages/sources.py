"""The page that shows a document's source text (`nguon/?tep=…&vb=…`).

A source text is published compressed (`Paths.source`: gzip, a third to a quarter of its bytes; at 2,000 plans
38.7 MB of text became 9.6 MB, and the site went from 415.7 to 386.9 MB): a browser would save a `.gz` file rather than show it, so this one page shows
any of them, decompressed by docs/assets/source.js, as plain text. The document's page links here and to the
compressed file itself."""

from __future__ import annotations

from plansite.render.context import RenderContext
from plansite.render.urls import Paths


def pages(context: RenderContext):
    yield context.html_page(Paths.sources, "sources.html.j2", "Bản gốc", search=False,
                            meta={"description": "Bản gốc dùng để khôi phục toàn văn một văn bản, như kho lưu."})
