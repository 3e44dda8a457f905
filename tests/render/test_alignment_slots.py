"""What a side-by-side page says of each paragraph it shows (plansite/render/pages/alignment.py, Slot): positions
as the browser counts them, in UTF-16 code units, so that docs/assets/alignment.js finds the same words."""

from __future__ import annotations

from types import SimpleNamespace

from plansite.render.pages.alignment import Slot
from plansite.text.uncertain import OPENING


def node(text: str, uncertain=()):
    return SimpleNamespace(id="i-1-p2", text=text, uncertain=list(uncertain))


def test_positions_in_vietnamese_text_are_its_characters():
    slot = Slot.of(node("Trẻ em được chăm sóc"), marks=[(4, 6)])
    assert (slot.length, slot.window, slot.marks) == (20, None, ((4, 6),))
    assert slot.data() == "20;;4-6"


def test_a_character_outside_the_basic_plane_counts_two_as_the_browser_counts_it():
    text = "𝔸 trẻ em 𝔹 chăm sóc"  # two characters of two UTF-16 units each
    word = text.index("chăm")
    slot = Slot.of(node(text), window=(2, 9), marks=[(word, word + 4)], cut=(True, True))
    assert slot.length == len(text) + 2
    assert slot.window == (3, 10) and slot.marks == ((word + 2, word + 6),)
    assert slot.data() == f"{len(text) + 2};3-10;{word + 2}-{word + 6};11"


def test_a_paragraph_shown_by_its_opening_words_ends_at_a_word_with_an_ellipsis_after():
    text = "Tăng cường " * 20
    slot = Slot.opening(node(text))
    end = slot.window[1]
    assert slot.window[0] == 0 and end <= OPENING and text[end] == " " and slot.cut == (False, True)
    assert Slot.opening(node("Ngắn.")).window is None and Slot.opening(node("Ngắn.")).cut == (False, False)
    assert Slot.opening(node("Ngắn.")).data() == "5"  # nothing but its length: the whole paragraph, no ellipsis
    assert slot.data() == f"{len(text)};0-{end};;01"
