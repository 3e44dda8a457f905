"""The word index as the site ships it (plansite/search/pagefind.py, `_compact_words`): each word's first places
only, in chunks cut by size whose bounds still lead Pagefind to every word; and the pages' fragments, named
short (`_fragment_names`), every name leading to a file."""

from __future__ import annotations

import json

from plansite.search.pagefind import (
    CHUNK_BYTES,
    FRAGMENT_PREFIX,
    PLACES_KEPT,
    _base36,
    _capped,
    _cbor_loads,
    _fragment_names,
    _prefixes,
    _read_bundle_file,
)


def test_a_run_of_places_keeps_its_first_ones_and_every_weight():
    assert _capped([-25, 1, 2, 3, 4, -97, 5, 6, 7]) == [-25, *[1, 2, 3, 4][:PLACES_KEPT], -97, *[5, 6, 7][:PLACES_KEPT]]


def test_chunk_bounds_are_the_shortest_prefixes_that_tell_them_apart():
    assert _prefixes("trang", "tre") == ("tra", "tre")
    assert _prefixes("em", "giao") == ("e", "g")


def test_the_built_index_is_in_small_chunks_that_hold_what_their_bounds_say(site_dir):
    bundle = site_dir / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta = _cbor_loads(_read_bundle_file(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"))
    previous = ""
    for first, last, name in meta[2]:
        words = _cbor_loads(_read_bundle_file(bundle / "index" / f"{name}.pf_index"))[0]
        keys = [word[0] for word in words]
        assert keys == sorted(keys) and previous < keys[0], name
        assert keys[0].startswith(first) and keys[-1].startswith(last), (first, last, keys[0], keys[-1])
        assert len(words) == 1 or sum(len(json.dumps(word)) for word in words[:-1]) < 4 * CHUNK_BYTES
        for word in words:
            for pages in [word[1], *[spelling[1] for spelling in word[2]]]:
                for page in pages:
                    run = 0
                    for place in page[1]:
                        run = 0 if place < 0 else run + 1
                        assert run <= PLACES_KEPT, word[0]
        previous = keys[-1]


def test_fragments_are_named_by_their_page_number_after_a_prefix_that_changes_with_any_page():
    meta = ["1.5.2", [["vi_8fe1e8a", 6830], ["vi_a5c6cc3", 1571]], [], [], []]
    names = _fragment_names(meta)
    prefix = meta[1][0][0][:FRAGMENT_PREFIX]
    assert names == {"vi_8fe1e8a": prefix + "0", "vi_a5c6cc3": prefix + "1"}
    assert meta[1] == [[prefix + "0", 6830], [prefix + "1", 1571]]  # the word counts stay
    changed = ["1.5.2", [["vi_8fe1e8a", 6830], ["vi_0b0b0b0", 1571]], [], [], []]
    _fragment_names(changed)
    assert changed[1][0][0] != prefix + "0"  # the unchanged page's fragment too: no browser keeps the old one
    assert [_base36(n) for n in (0, 9, 10, 35, 36, 1295, 1296)] == ["0", "9", "a", "z", "10", "zz", "100"]


def test_every_page_of_the_built_index_has_its_fragment_under_its_short_name(site_dir):
    bundle = site_dir / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta = _cbor_loads(_read_bundle_file(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"))
    names = [page[0] for page in meta[1]]
    prefix = names[0][:FRAGMENT_PREFIX]
    assert names == [prefix + _base36(number) for number in range(len(names))]
    assert {path.stem for path in (bundle / "fragment").glob("*.pf_fragment")} == set(names)
