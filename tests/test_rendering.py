"""Rendering shares of the document pages in worker processes gives the same site as rendering them alone."""

from __future__ import annotations

import os

import pytest

from plansite.check import load_valid_corpus
from plansite.site import HtmlBlocks, render_site


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the pages are never rendered in parallel")
def test_parallel_rendering_produces_the_same_pages_as_sequential_rendering():
    loaded = load_valid_corpus()
    alone_blocks, shared_blocks = HtmlBlocks(defer=True), HtmlBlocks(defer=True)
    alone = render_site(loaded, alone_blocks, parallel_from=10**9)
    shared = render_site(loaded, shared_blocks, parallel_from=1)
    assert alone.keys() == shared.keys()
    assert any(key.startswith("w1-") for key in shared_blocks.blocks), "some pages were rendered by a worker"
    for path, content in alone.items():
        if isinstance(content, str):
            assert alone_blocks.restore(content) == shared_blocks.restore(shared[path]), path
        else:
            assert content == shared[path], path
