"""The word index as the site ships it (plansite/search/pagefind.py, `_compact_words`): each word's first places
only, in chunks cut by size whose bounds still lead Pagefind to every word."""

from __future__ import annotations

import json

from plansite.search.pagefind import CHUNK_BYTES, PLACES_KEPT, _capped, _cbor_loads, _prefixes, _read_bundle_file


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
