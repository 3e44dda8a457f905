"""Work done in forked worker processes (reading files, rendering pages) gives the same result as done alone."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from plansite.corpus.check import load_valid_corpus
from plansite.corpus.loader import load_corpus
from plansite.render.blocks import HtmlBlocks
from plansite.render.site import SiteFiles, Spill, render_site
from plansite.runtime import forking
from tests.conftest import FROZEN, files_as_read


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


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the pages are never rendered in parallel")
def test_pages_and_downloads_written_to_disk_as_they_are_made_are_those_a_build_otherwise_holds(tmp_path):
    published = load_valid_corpus(FROZEN).published()
    held_blocks, spilled_blocks = HtmlBlocks(defer=True), HtmlBlocks(defer=True, spill=tmp_path / "blocks")
    held = render_site(published, held_blocks, parallel_from=10**9)
    site = tmp_path / "site"
    written = render_site(published, spilled_blocks, parallel_from=1, site=site)  # a worker writes its own
    assert written.keys() == held.keys()
    assert any(key.startswith("w") for key in spilled_blocks.blocks), "some pages were rendered by a worker"
    for path, content in held.items():
        if isinstance(content, str):
            assert spilled_blocks.restore(written[path]) == held_blocks.restore(content), path
    assert sorted(held_blocks.pages) == sorted(spilled_blocks.pages)
    assert all(held_blocks.page_html(page) == spilled_blocks.page_html(page) for page in held_blocks.pages)
    assert all(isinstance(block, bytes) for block in held_blocks.blocks.values())
    assert not any(isinstance(block, bytes) for block in spilled_blocks.blocks.values()), "no block held in memory"
    assert len(list((tmp_path / "blocks").iterdir())) >= 2  # this process's file and a worker's
    spilled_blocks.release()
    assert not (tmp_path / "blocks").exists()
    downloads = sorted(path for path, content in held.items() if isinstance(content, bytes))
    assert any(path.startswith("nguon/") for path in downloads) and any(path.startswith("du-lieu/") for path in downloads)
    for path in downloads:
        assert written[path] == site / path
        assert written[path].read_bytes() == held[path], path
    left = sorted(file.relative_to(site).as_posix() for file in site.rglob("*") if file.is_file())
    assert left == downloads  # and nothing else: no part left half-way


def test_two_different_files_for_one_path_stop_the_build_even_when_written_into_the_site(tmp_path):
    files = SiteFiles(HtmlBlocks(defer=True), Spill(tmp_path))
    files.add("du-lieu/a.csv", b"mot", "trang A")
    files.add("du-lieu/a.csv", b"mot", "trang B")  # the same bytes twice: one file
    with pytest.raises(RuntimeError, match="du-lieu/a.csv: trang A và trang C"):
        files.add("du-lieu/a.csv", b"hai", "trang C")
    assert (tmp_path / "du-lieu" / "a.csv").read_bytes() == b"mot"
    assert files.files == {"du-lieu/a.csv": tmp_path / "du-lieu" / "a.csv"}


def test_a_corpus_file_and_a_download_with_the_same_bytes_for_one_path_stop_the_build_written_or_not(tmp_path):
    source = tmp_path / "nguon.txt"
    source.write_bytes(b"mot")
    for spill in (None, Spill(tmp_path / "site")):
        files = SiteFiles(HtmlBlocks(defer=True), spill)
        files.add("nguon/a.txt", source, "trang A")
        with pytest.raises(RuntimeError, match="nguon/a.txt: trang A và trang B"):
            files.add("nguon/a.txt", b"mot", "trang B")
    assert list((tmp_path / "site" / ".plansite-parts").iterdir()) == []  # the refused part is not left


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the pages are never rendered in parallel")
def test_a_render_that_fails_stops_its_worker_before_removing_what_the_worker_writes_into(tmp_path, monkeypatch):
    from plansite.render.pages import open_data

    def fails(context):
        raise RuntimeError("hỏng giữa chừng")
        yield

    monkeypatch.setattr(open_data, "pages", fails)
    site = tmp_path / "site"
    with pytest.raises(RuntimeError, match="hỏng giữa chừng") as failure:
        render_site(load_valid_corpus(FROZEN).published(), HtmlBlocks(defer=True, spill=site / ".plansite-blocks"),
                    parallel_from=1, site=site)
    # The error is still held (as the build holds it while it cleans up): the worker has stopped all the same.
    assert failure.traceback
    assert not [child for child in multiprocessing.active_children() if child.is_alive()]
    assert not (site / ".plansite-parts").exists()
