"""Work done in forked worker processes (reading files, rendering pages) gives the same result as done alone."""

from __future__ import annotations

import os

import pytest

from plansite.corpus.check import load_valid_corpus
from plansite.corpus.loader import load_corpus
from plansite.render.blocks import HtmlBlocks
from plansite.render.site import render_site
from plansite.runtime import forking
from tests.conftest import files_as_read


@pytest.fixture(autouse=True)
def memory_to_spare():
    """Workers are forked whatever this test process holds (forking.worker_count weighs it against the budget)."""
    forking.set_memory_mb(10**6)
    yield
    forking.set_memory_mb(forking.MEMORY_MB)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the pages are never rendered in parallel")
def test_parallel_rendering_produces_the_same_pages_as_sequential_rendering():
    loaded = load_valid_corpus()
    alone_blocks, shared_blocks = HtmlBlocks(defer=True), HtmlBlocks(defer=True)
    alone = render_site(loaded.published(), alone_blocks, parallel_from=10**9)
    shared = render_site(loaded.published(), shared_blocks, parallel_from=1)
    assert alone.keys() == shared.keys()
    assert any(key.startswith("w") for key in shared_blocks.blocks), "some pages were rendered by a worker"
    assert not any(key.startswith("w") for key in alone_blocks.blocks), "no worker below the threshold"
    for path, content in alone.items():
        if isinstance(content, str):
            assert alone_blocks.restore(content) == shared_blocks.restore(shared[path]), path
        else:
            assert content == shared[path], path


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the files are never read in parallel")
def test_reading_files_in_worker_processes_loads_the_same_corpus_and_the_same_problems(corpus_copy):
    documents = sorted((corpus_copy / "documents").glob("*.yaml"))
    documents[0].write_text(documents[0].read_text(encoding="utf-8").replace("\ntype:", "\ntype: 7\nkind:", 1), encoding="utf-8")
    (corpus_copy / "documents" / "zz-copy.yaml").write_bytes(documents[1].read_bytes())  # a duplicate id
    alone = load_corpus(corpus_copy, parallel_from=10**9)
    shared = load_corpus(corpus_copy, parallel_from=1)
    assert alone.problems and alone.problems == shared.problems
    assert alone.corpus == shared.corpus
    assert alone.broken_ids == shared.broken_ids
    assert files_as_read(alone) == files_as_read(shared)
