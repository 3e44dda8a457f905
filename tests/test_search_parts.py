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
import subprocess
from pathlib import Path

import cbor2
import pytest
from conftest import FROZEN, build_site

import plansite.search.pagefind as pagefind
from plansite.search.pagefind import _cbor_loads, _read_bundle_file, _write_bundle_file

SHARE = 40  # pages a run: the frozen corpus's searchable pages make several shares


def _load(path: Path) -> object:
    return _cbor_loads(_read_bundle_file(path, check=False))


def _bundle_meta(bundle: Path) -> tuple[Path, list]:
    """A bundle's metadata file, as its entry names it, and what it holds."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    path = bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    return path, _load(path)


def read_bundle(bundle: Path) -> dict:
    """A bundle's content with pages named by their addresses; and whether each word lists its spellings in
    the order of the first page each appears on, as Pagefind does."""
    page_count = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["vi"]["page_count"]
    meta = _bundle_meta(bundle)[1]
    fragments, url_of = {}, []
    for name, word_count in meta[1]:
        raw = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        fragments[fragment["url"]] = (fragment, word_count)
        url_of.append(fragment["url"])

    def pages(entries: list) -> list:
        """(address, places, meta places with each field named), in address order."""
        number, out = 0, []
        for page in entries:
            number += page[0]
            fields = [[meta[5][-1 - value] if value < 0 else value for value in extra] for extra in page[2:]]
            out.append((url_of[number], json.dumps([page[1], *fields], ensure_ascii=False)))
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
    return {"page_count": page_count, "pages": len(meta[1]), "fragments": fragments, "words": words,
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


# Pages whose words and metadata differ from share to share: the first two have no extra spellings (no đ, no
# document number), so Pagefind lists no `spellings` field for the first share and two fields for the second.
PAGES = [
    ("van-ban/a/index.html", "Trẻ em", "<p>Trẻ em học tập vui chơi</p>"),
    ("van-ban/b/index.html", "Học sinh", "<p>Học sinh vui chơi, trẻ em</p>"),
    ("van-ban/c/index.html", "Đội thiếu niên", "<p>Đảm bảo quyền trẻ em, Đội thiếu niên, Kế hoạch 188/KH-UBND</p>"),
    ("van-ban/d/index.html", "Đoàn", "<p>Đoàn thanh niên đảm bảo học tập</p>"),
    ("dia-phuong/e/index.html", "Hà Nội", "<p>Thành phố Hà Nội, trẻ em</p>"),
]


def index(pages, root: Path, part_pages: int) -> Path:
    bundle = root / "bundle"
    pagefind.BackgroundIndex(pages, bundle, root / "scratch", part_pages=part_pages).wait()
    return bundle


def shares_seen(monkeypatch, before_merge=lambda parts: None) -> list:
    """What each share's bundle lists as the merge begins (after `before_merge`): (pages, metadata fields)."""
    seen, merge = [], pagefind.merge_bundles

    def spy(parts, output, stop=lambda: False):
        before_merge(parts)
        for part in parts:
            meta = _bundle_meta(part)[1]
            seen.append(([name for name, _ in meta[1]], meta[5]))
        return merge(parts, output, stop)

    monkeypatch.setattr(pagefind, "merge_bundles", spy)
    return seen


def test_shares_whose_pages_have_other_metadata_fields_merge_into_what_one_run_finds(tmp_path, monkeypatch):
    single = read_bundle(index(PAGES, tmp_path / "single", part_pages=100))
    seen = shares_seen(monkeypatch)
    merged = read_bundle(index(PAGES, tmp_path / "shares", part_pages=2))
    assert len(seen) == 3 and len({tuple(fields) for _, fields in seen}) > 1  # the fields differ from share to share
    for part in ("page_count", "fragments", "words", "filters"):
        assert merged[part] == single[part], part
    assert merged["words"]["188"][0][0][0] == "/van-ban/c/"  # a word in a later share only, with its page and field
    assert "spellings" in merged["words"]["188"][0][0][1]


def test_fragments_named_alike_in_two_shares_stay_the_fragments_of_two_pages(tmp_path, monkeypatch):
    """Pagefind names a fragment by 28 bits of its hash, unique within one run only: two shares can give two
    pages one name. Made to happen here: the second share's first fragment renamed to the first share's."""
    def collide(parts):
        first = _bundle_meta(parts[0])[1][1][0][0]  # the first share's first page's name
        meta_path, meta = _bundle_meta(parts[1])
        (parts[1] / "fragment" / f"{meta[1][0][0]}.pf_fragment").rename(parts[1] / "fragment" / f"{first}.pf_fragment")
        meta[1][0][0] = first
        _write_bundle_file(meta_path, pagefind._cbor_dumps(meta))

    single = read_bundle(index(PAGES, tmp_path / "single", part_pages=100))
    seen = shares_seen(monkeypatch, collide)
    merged = read_bundle(index(PAGES, tmp_path / "shares", part_pages=2))
    assert seen[0][0][0] == seen[1][0][0]  # two shares' pages named alike
    assert merged["fragments"] == single["fragments"] and len(merged["fragments"]) == len(PAGES)
    assert merged["words"] == single["words"]


def test_a_merge_stops_when_the_index_is_closed(tmp_path, monkeypatch):
    """An edit under `mkdocs serve` stops the index still running: a merge under way stops too, and leaves
    neither its output nor its scratch files."""
    merge = pagefind.merge_bundles

    def closed_meanwhile(parts, output, stop=lambda: False):
        stop.__self__.set()  # what close() does (`stop` is the index's event's is_set), as the merge begins
        return merge(parts, output, stop)

    monkeypatch.setattr(pagefind, "merge_bundles", closed_meanwhile)
    stopped = pagefind.BackgroundIndex(PAGES, tmp_path / "bundle", tmp_path / "scratch", part_pages=2)
    stopped.wait()  # no error: a stopped index is no failure
    assert not stopped.stable
    assert not (tmp_path / "scratch").exists()
    assert not (tmp_path / "bundle" / "pagefind-entry.json").exists()
    assert not list((tmp_path / "bundle" / "index").iterdir())  # stopped before its first chunk of words


def _share_bundles(root: Path, shares: int = 2) -> list[Path]:
    """Bundles of Pagefind's own runs over a few small pages, one per share, as the build gives them to the merge."""
    bundles = []
    for share in range(shares):
        pages = root / f"pages-{share}"
        for number in range(3):
            page = pages / f"van-ban/p{share}-{number}/index.html"
            page.parent.mkdir(parents=True)
            page.write_text(pagefind.search_body_page(f"Trang {number}", f"<p>Trẻ em được bảo vệ, trẻ em số {number}</p>"), encoding="utf-8")
        bundles.append(root / f"bundle-{share}")
        result = subprocess.run(pagefind._pagefind_command(pages, bundles[-1]), capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    return bundles


def _first_chunk(bundle: Path) -> Path:
    return bundle / "index" / f"{_bundle_meta(bundle)[1][2][0][2]}.pf_index"


def _rewritten(chunk: Path, change) -> None:
    _write_bundle_file(chunk, change(_load(chunk)))


@pytest.mark.parametrize("change, why", [
    (lambda words: pagefind._cbor_dumps(words) + b"\x00", "trailing bytes"),
    (lambda words: pagefind._cbor_dumps([list(reversed(words[0]))]), "words out of order"),
    (lambda words: cbor2.dumps([[[w[0], [[p[0], [float(x) for x in p[1]], *p[2:]] for p in w[1]], w[2]] for w in words[0]]]), "places"),
    (lambda words: cbor2.dumps([[[w[0], {"pages": w[1]}, w[2]] for w in words[0]]]), "word"),
    (lambda words: pagefind._cbor_dumps(words)[:-3], "pf_index"),
    (lambda words: b"\x9f" + pagefind._cbor_dumps(words[0]) + b"\xff", "indefinite"),
    (lambda words: cbor2.dumps([[[w[0], [[True, *p[1:]] for p in w[1]], w[2]] for w in words[0]]]), "word"),
    (lambda words: cbor2.dumps([[[w[0], [[p[0], [cbor2.CBORTag(2, b"\x05")], *p[2:]] for p in w[1]], w[2]] for w in words[0]]]), "tag"),
    (lambda words: cbor2.dumps([[[w[0], [[p[0], [cbor2.CBORTag(1000, 5)], *p[2:]] for p in w[1]], w[2]] for w in words[0]]]), "tag"),
    (lambda words: cbor2.dumps([[[w[0], w[1][:1] * 2, w[2]] for w in words[0]]], value_sharing=True), "tag"),
    (lambda words: b"\xd9\xd9\xf7" + pagefind._cbor_dumps(words), "tag"),
], ids=["trailing-bytes", "words-out-of-order", "a-place-not-an-integer", "a-map-for-the-pages", "cut-short",
        "an-array-of-indefinite-length", "true-for-a-page-number", "a-big-number-for-a-place", "an-unknown-tag",
        "one-page-shared-by-reference", "a-self-describing-tag"])
def test_a_share_whose_word_index_is_not_as_pagefind_writes_it_stops_the_merge_with_a_clear_error(tmp_path, change, why):
    """The merge reads the shares' word indexes with a decoder that takes any CBOR: what Pagefind never writes
    there is refused by name, never merged into the site's index as something else."""
    bundles = _share_bundles(tmp_path)
    _rewritten(_first_chunk(bundles[1]), change)
    with pytest.raises(pagefind.SearchIndexError, match=why):
        pagefind.merge_bundles(bundles, tmp_path / "merged")


def test_shares_as_pagefind_writes_them_merge_without_error(tmp_path):
    """The control for the test above: the same shares, untouched, merge into one bundle of all their pages."""
    bundles = _share_bundles(tmp_path)
    pagefind.merge_bundles(bundles, tmp_path / "merged")
    assert json.loads((tmp_path / "merged" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["vi"]["page_count"] == 6
