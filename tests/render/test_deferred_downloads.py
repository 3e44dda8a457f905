"""Under `mkdocs serve`, an edit's downloads are made after its pages (incremental.py `defer_files`, the plugin's
background make): what is made later must be what a full render of the edited corpus gives."""

from __future__ import annotations

import shutil

from plansite.corpus.check import load_valid_corpus
from plansite.corpus.loader import ReadCache
from plansite.render.blocks import HtmlBlocks
from plansite.render.incremental import RenderState
from plansite.render.page import Later
from plansite.render.site import render_site
from tests.conftest import FROZEN

TITLE_DOC = "kien-giang-211-kh-tu-2024"


def test_the_downloads_left_for_later_are_those_of_a_full_render(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    cache, state = ReadCache(), RenderState()
    first, _ = state.render(load_valid_corpus(corpus, cache=cache).published(), defer_files=True)
    assert state.later == {}  # nothing served yet: everything is made now
    document = corpus / "documents" / f"{TITLE_DOC}.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("title: thực hiện", "title: triển khai thực hiện", 1),
                        encoding="utf-8")
    edited = load_valid_corpus(corpus, cache=cache)
    files, _ = state.render(edited.published(), defer_files=True)
    fresh = render_site(edited.published(), HtmlBlocks(defer=True))

    assert list(files) == list(fresh)
    later = state.later
    assert {"du-lieu/corpus.json.xz", "du-lieu/kho-van-ban.tar.xz", "du-lieu/van-ban.csv.zip"} <= later.keys()
    assert any(path.endswith(".ics") for path in later)
    for path, make in later.items():
        assert files[path] is first[path]  # the served file stands until the new one is made
        assert make() == fresh[path], path
    # The title is in the open data: left for later, the served file is stale until then.
    assert files["du-lieu/van-ban.csv.zip"] != fresh["du-lieu/van-ban.csv.zip"]
    for path, content in files.items():
        if path not in later and not path.endswith(".md"):
            assert content == fresh[path], path


def test_a_build_makes_every_download_at_once():
    files = render_site(load_valid_corpus(FROZEN).published())
    assert not any(isinstance(content, Later) for content in files.values())
    assert isinstance(files["du-lieu/kho-van-ban.tar.xz"], bytes)
