"""The spellings a page needs in the search index beyond Pagefind's own folding, and where they go: never
into a place a reader sees (plansite.search.pagefind.body_opening)."""

from __future__ import annotations

import re

from plansite.search.pagefind import SPELLINGS_FIELD, SPELLINGS_ID, body_opening, extra_spellings


def test_words_with_d_get_their_folded_spelling():
    assert extra_spellings("<p>Sở Lao động</p>") == ([], ["dong"])


def test_document_numbers_get_their_parts_and_the_folded_parts():
    """`496/QĐ-TTg` is found by `496 qd ttg` as by `496 QĐ TTg`."""
    assert set(extra_spellings("<p>Quyết định 496/QĐ-TTg</p>")[1]) == {"dinh", "496", "qđ", "qd", "ttg"}


def test_the_title_and_weighted_words_are_apart_and_said_once():
    strong, other = extra_spellings('<h1 id="top">Đài Phát thanh</h1><p>Đài phát thanh <span data-pagefind-weight="10">188/KH-UBND</span></p>'
                                    '<span data-pagefind-weight="0">Đoàn</span>')
    assert strong == ["dai", "188", "kh", "ubnd"] and other == ["doan"]


def test_words_whose_tone_may_sit_on_either_vowel_get_both_placements():
    """`uỷ ban` finds the pages that write `ủy ban`, `hòa` those that write `hoà`: never `quý`, `hoàn`."""
    assert extra_spellings("<p>Ủy ban, hòa nhập, thuỷ lợi, quý, hoàn thành</p>") == ([], ["uỷ", "ủy", "hoà", "hòa", "thủy", "thuỷ"])


def test_plain_text_needs_nothing():
    assert extra_spellings("<p>Sở Y tế, trẻ em, Ban nhân dân</p>") == ([], [])
    assert body_opening("Sở Y tế", "<p>Sở Y tế</p>") == '<div data-pagefind-body data-pagefind-meta="title:Sở Y tế">'


def test_the_spellings_are_hidden_and_escaped():
    opening = body_opening("Đài <b>", '<h1 id="top">Đài</h1><p>Đồng</p>')
    assert opening == ('<div data-pagefind-body data-pagefind-meta="title:Đài &lt;b&gt;">'
                       f'<span hidden id="{SPELLINGS_ID}" data-pagefind-weight="5">dai</span>'
                       f'<span hidden data-pagefind-meta="{SPELLINGS_FIELD}:dong"></span>')
    assert not re.search(r",", opening.split("meta=")[-1])
