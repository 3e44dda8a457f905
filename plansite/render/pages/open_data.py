"""The open data: its page, and the files it describes."""

from __future__ import annotations

from plansite.corpus.model import content_counts
from plansite.render import opendata
from plansite.render.archive import corpus_members, tar_xz
from plansite.render.context import RenderContext
from plansite.render.urls import Paths


def pages(context: RenderContext):
    yield context.markdown_page(Paths.open_data, "open_data.md.j2", "Dữ liệu mở", files=opendata.FILES, licence=opendata.LICENCE,
                                counts=content_counts(context.corpus.documents.values()))
    for path, make in opendata.files(context.published, context.directive_tree).items():
        yield context.download(path, make)
    # The corpus as in the repository, instead of each document's YAML beside its page (plansite/render/archive.py).
    root = context.published.root
    yield context.download(Paths.corpus_archive, lambda: tar_xz(corpus_members(root)))
