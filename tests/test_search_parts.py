"""The search index built in shares (plansite/search/pagefind.py, `merge_bundles`): Pagefind's memory grows with
the pages of one run, so a large site is indexed a share at a time and the bundles merged. What a reader can
find must not change: the merged bundle holds what one run of Pagefind over the same pages holds.

Page numbers differ between the two (Pagefind numbers pages in the order it walks the folders), so each
bundle is read back with its pages named by their addresses: every page's fragment, every word with the pages
and places it has and its spellings, every filter value with its pages."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from conftest import FROZEN, build_site

from plansite.search.pagefind import _SIGNATURE, _cbor_loads

SHARE = 40  # pages a run: the frozen corpus's searchable pages make several shares


def _load(path: Path) -> object:
    return _cbor_loads(gzip.decompress(path.read_bytes())[len(_SIGNATURE):])


def read_bundle(bundle: Path) -> dict:
    """A bundle's content with pages named by their addresses; and whether each word lists its spellings in
    the order of the first page each appears on, as Pagefind does."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    language = entry["languages"]["vi"]
    meta = _load(bundle / f"pagefind.{language['hash']}.pf_meta")
    fragments, url_of = {}, []
    for name, word_count in meta[1]:
        raw = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        fragments[fragment["url"]] = (fragment, word_count)
        url_of.append(fragment["url"])

    def pages(entries: list) -> list:
        number, out = 0, []
        for page in entries:
            number += page[0]
            out.append((url_of[number], json.dumps(page[1:])))
        return sorted(out)

    words, spelling_order = {}, True
    for _, _, name in meta[2]:
        for key, key_pages, variants in _load(bundle / "index" / f"{name}.pf_index")[0]:
            firsts = [spelling_pages[0][0] for _, spelling_pages in variants]  # a first page's number is not a difference
            spelling_order = spelling_order and firsts == sorted(firsts)
            words[key] = (pages(key_pages), {spelling: pages(spelling_pages) for spelling, spelling_pages in variants})
    filters = {}
    for name, file_hash in meta[3]:
        _, values = _load(bundle / "filter" / f"{file_hash}.pf_filter")
        filters[name] = {value: sorted(url_of[number] for number in numbers) for value, numbers in values}
    return {"page_count": language["page_count"], "pages": len(meta[1]), "fragments": fragments, "words": words,
            "filters": filters, "spelling_order": spelling_order}


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("shares") / "site"
    result = build_site(site, corpus=FROZEN, env={"PLANSITE_SEARCH_PART_PAGES": str(SHARE)})
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result.stderr


def test_a_site_indexed_in_shares_can_find_what_one_run_of_pagefind_finds(site_dir, shared_site):
    site, log = shared_site
    shares = int(re.search(r"in (\d+) shares merged", log).group(1))
    single, merged = read_bundle(site_dir / "pagefind"), read_bundle(site / "pagefind")
    assert single["pages"] > SHARE and shares == -(-single["pages"] // SHARE)  # the frozen corpus makes several shares
    assert merged["page_count"] == merged["pages"] == single["pages"] == single["page_count"]
    assert merged["fragments"] == single["fragments"]  # each page's text, title, filters and anchors
    assert merged["words"] == single["words"]  # each word: its pages, places and spellings
    assert merged["filters"] == single["filters"]
    assert merged["spelling_order"] and single["spelling_order"]
    # The rest of the bundle (Pagefind's scripts, styles and language file) is the same file for file.
    rest = lambda bundle: {path.name: path.read_bytes() for path in bundle.iterdir() if path.is_file()  # noqa: E731
                           and not path.name.endswith((".pf_meta", ".json"))}
    assert rest(site / "pagefind") == rest(site_dir / "pagefind")


def test_a_site_indexed_in_shares_is_the_same_from_build_to_build(shared_site, tmp_path):
    site, _ = shared_site
    again = tmp_path / "site"
    assert build_site(again, corpus=FROZEN, env={"PLANSITE_SEARCH_PART_PAGES": str(SHARE)}).returncode == 0
    files = lambda root: {path.relative_to(root).as_posix(): path.read_bytes() for path in (root / "pagefind").rglob("*")  # noqa: E731
                          if path.is_file()}
    assert files(again) == files(site)


def test_a_share_that_pagefind_cannot_index_fails_the_build_with_its_message(tmp_path, monkeypatch):
    """A run of Pagefind that fails, in any share, fails the build with Pagefind's own words."""
    import plansite.search.pagefind as pagefind

    calls = []
    real = pagefind._pagefind_command

    def failing_second_run(site, output=None, *, die_with_parent=False):
        calls.append(site)
        command = real(site, output, die_with_parent=die_with_parent)
        return command + ["--no-such-option"] if len(calls) == 2 else command

    monkeypatch.setattr(pagefind, "_pagefind_command", failing_second_run)
    pages = [(f"van-ban/p{number}/index.html", f"Trang {number}", f"<p>Trẻ em số {number}</p>") for number in range(5)]
    index = pagefind.BackgroundIndex(pages, tmp_path / "bundle", tmp_path / "scratch", part_pages=2)
    with pytest.raises(pagefind.SearchIndexError, match="no-such-option"):
        index.wait()
    assert len(calls) == 2 and not (tmp_path / "bundle").exists() and not (tmp_path / "scratch").exists()
