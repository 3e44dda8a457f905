"""The open data: its page, and the files it describes."""

from __future__ import annotations

from plansite.corpus.model import content_counts
from plansite.render import opendata
from plansite.render.archive import corpus_members, zipped
from plansite.render.context import RenderContext
from plansite.render.page import Download
from plansite.render.urls import Paths


def pages(context: RenderContext):
    yield context.markdown_page(Paths.open_data, "open_data.md.j2", "Dữ liệu mở", files=opendata.FILES, licence=opendata.LICENCE,
                                counts=content_counts(context.corpus.documents.values()))
    for path, content in opendata.render(context.published, context.directive_tree).items():
        yield Download(path, content)
    # The corpus as in the repository, instead of each document's YAML beside its page (plansite/render/archive.py).
    yield Download(Paths.corpus_archive, zipped(corpus_members(context.published.root)))
