"""What a build holds in memory: only what it uses, and never a whole download at once.

The build pauses Python's cyclic garbage collector while it loads and renders (plansite/runtime/gcpause.py), and
its forked workers inherit the pause. Whatever a reference cycle holds then stays until something collects it:
these tests show that nothing is left for long. A download of the whole corpus is compressed as it is written.
The figures are in benchmarks/README.md.
"""

from __future__ import annotations

import gc
import io
import json
import lzma
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from jinja2.runtime import Context

from plansite.corpus.check import load_valid_corpus
from plansite.corpus.loader import document_files, load_corpus, read_document_file
from plansite.corpus.yamlsource import SourceFile, load_yaml
from plansite.render import opendata
from plansite.render.archive import FIXED_TIME, LEVEL, XZ_PRESET, xz_compressed, zipped
from plansite.render.blocks import HtmlBlocks
from plansite.render.site import render_site
from plansite.runtime import forking, gcpause
from plansite.runtime.forking import map_in_workers
from plansite.runtime.gcpause import YOUNG_EVERY, gc_paused
from tests.conftest import FROZEN


@contextmanager
def left_for_the_collector() -> Iterator[list]:
    """The objects that only the collector would free, of what the block made with the collector paused."""
    gc.collect()
    found: list = []
    with gc_paused():
        yield found
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            found.extend(gc.garbage)
        finally:
            gc.set_debug(0)
            gc.garbage.clear()


def test_reading_a_document_file_leaves_nothing_that_holds_it_for_the_collector():
    with left_for_the_collector() as garbage:
        for path in document_files(FROZEN)[0]:
            read_document_file(path, FROZEN)
    assert not [item for item in garbage if isinstance(item, SourceFile)]


def test_a_file_without_problems_lets_its_positions_go_and_a_later_problem_still_points_at_its_place():
    path = document_files(FROZEN)[0][0]
    read = read_document_file(path, FROZEN)
    assert not read.problems and read.source.positions == {}
    parsed, _ = load_yaml(path, read.source.path)
    for field in (("id",), ("date",), ("title",)):
        problem = read.source.problem(field, "một lỗi")
        assert (problem.line, problem.column) == parsed.position(field)
        assert problem.line == next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                                    if line.startswith(f"{field[0]}:"))


def _contexts_left_by_rendering(published) -> tuple[int, int]:
    """(pages rendered, Jinja contexts the rendering left for the collector)."""
    with left_for_the_collector() as garbage:
        files = render_site(published, HtmlBlocks(defer=True), parallel_from=10**9)
    return len(files), sum(isinstance(item, Context) for item in garbage)


def test_rendering_with_the_collector_paused_leaves_the_garbage_of_a_few_pages_at_most(monkeypatch):
    published = load_valid_corpus(FROZEN).published()
    pages, left = _contexts_left_by_rendering(published)
    monkeypatch.setattr(gcpause, "YOUNG_EVERY", 10**9)  # never collected while rendering
    _, left_uncollected = _contexts_left_by_rendering(published)
    # Each page's templates leave their contexts in cycles with their macros: one or more a page.
    assert left_uncollected >= pages > 10 * YOUNG_EVERY
    # Only those of the pages since the last collection are left.
    assert left < left_uncollected / 10


class _Cycle:
    def __init__(self) -> None:
        self.itself = self


def _cycles_left_then_one_more(task: int) -> int:
    """How many cycles earlier tasks left in this worker for its collector; then one more."""
    left = sum(isinstance(item, _Cycle) for item in gc.get_objects(generation=0))
    _Cycle()
    return left


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no worker process is started")
def test_a_worker_frees_the_cycles_of_each_task_before_the_next_one():
    with gc_paused():
        left = list(map_in_workers(_cycles_left_then_one_more, range(40), workers=2))
    assert left == [0] * 40


def test_a_download_of_the_whole_corpus_is_compressed_piece_by_piece_into_the_same_bytes():
    published = load_valid_corpus(FROZEN).published()
    pieces = list(opendata.corpus_json(published))
    assert len(pieces) == len(published.corpus.documents) + 2  # never the whole text at once
    whole = "".join(pieces)
    assert whole == json.dumps({
        "licence": opendata.LICENCE,
        "documents": [opendata.open_record(published.records[doc_id]) for doc_id in sorted(published.corpus.documents)],
        "localities": published.registries["localities"], "agencies": published.registries["agencies"], "laws": [],
    }, ensure_ascii=False)
    # The bytes a one-shot compression of the whole text gives.
    assert xz_compressed(iter(pieces)) == lzma.compress(whole.encode("utf-8"), preset=XZ_PRESET)
    table = list(opendata.csv_pieces(opendata.RESPONSIBILITY_COLUMNS, opendata.task_rows(published.corpus), rows_a_piece=3))
    assert len(table) > 2
    at_once = io.BytesIO()
    with zipfile.ZipFile(at_once, "w") as archive:
        member = zipfile.ZipInfo("nhiem-vu.csv", date_time=FIXED_TIME)
        member.external_attr = 0o644 << 16
        archive.writestr(member, "".join(table).encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)
    assert zipped([("nhiem-vu.csv", iter(table))]) == at_once.getvalue()


def test_the_download_of_the_whole_corpus_holds_the_law_registry_as_read(tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    (corpus / "laws.yaml").write_text("laws:\n  - name: Luật Trẻ em\n  - name: Luật Hôn nhân và gia đình\n"
                                      "    aliases: [Luật Hôn nhân và Gia đình]\n", encoding="utf-8")
    whole = json.loads("".join(opendata.corpus_json(load_valid_corpus(corpus).published())))
    assert whole["laws"] == [{"name": "Luật Trẻ em"}, {"name": "Luật Hôn nhân và gia đình", "aliases": ["Luật Hôn nhân và Gia đình"]}]


def test_a_checked_corpus_keeps_its_records_packed_and_reads_them_back_as_read():
    loaded, as_read = load_valid_corpus(FROZEN), load_corpus(FROZEN)
    records = loaded.published().records
    assert all(loaded.sources[doc_id].data is None for doc_id in loaded.corpus.documents)  # no tree of values kept
    assert list(records) == list(as_read.corpus.documents)
    assert dict(records) == {doc_id: as_read.sources[doc_id].data for doc_id in as_read.corpus.documents}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no worker process is started")
@pytest.mark.skipif(forking.resident_mb() is None, reason="the system does not tell a process's memory (no /proc)")
def test_no_worker_is_forked_where_its_copies_would_take_the_build_past_its_memory():
    published = load_valid_corpus(FROZEN).published()
    try:
        for memory_mb, forked in ((10**6, True), (1, False)):
            forking.set_memory_mb(memory_mb)
            blocks = HtmlBlocks(defer=True)
            render_site(published, blocks, parallel_from=1)
            assert any(key.startswith("w") for key in blocks.blocks) is forked, memory_mb  # "w": a worker's page
            assert (forking.held_when_refused() is None) is forked  # the build's log says why it was slower
    finally:
        forking.set_memory_mb(forking.MEMORY_MB)
