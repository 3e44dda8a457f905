"""Vietnamese folding: one rule for slugs, search keys and comparisons."""

import random
import unicodedata

from plansite.text.folding import fold, fold_key, fold_text, search_forms, slugify


def test_both_tone_placements_fold_to_the_same_text():
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("thuỷ") == fold("thủy") == "thuy"


def test_d_with_stroke_and_its_misdecoded_lookalike_become_d():
    assert fold("Đảng đoàn") == "Dang doan"
    assert fold("ðảng Ðoàn") == "dang Doan"


def test_keys_and_slugs_have_no_diacritics_or_punctuation():
    assert fold_key("Sở Lao động - Thương binh và Xã hội") == "so lao dong thuong binh va xa hoi"
    assert slugify("188/KH-UBND") == "188-kh-ubnd"
    assert slugify("Nghị định 56/2017/NĐ-CP") == "nghi-dinh-56-2017-nd-cp"


def test_every_character_and_long_mixed_texts_fold_by_the_rule():
    """The rule as plansite/text/folding.py states it (NFC, NFD, combining marks dropped, đ and ð to d), written
    plainly here, against the folding the site runs, on every code point and on random texts mixing Vietnamese,
    other scripts' marks and lookalikes."""

    def rule(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
        kept = "".join(character for character in decomposed if not unicodedata.combining(character))
        return kept.translate(str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}))

    every = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    assert [fold_text(c) for c in every] == [rule(c) for c in every]
    alphabet = "aăâeêioôơuưyđĐðÐ \u0300\u0301\u0303\u0309\u0323\u05b4\u0651\u093c\u1dc4\u20d7ﬁẞǅ\U0001d400"
    chooser = random.Random(28)
    for _ in range(2000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randrange(1, 600)))
        assert fold_text(text) == fold(text) == rule(text), ascii(text)


def test_decomposed_input_folds_like_precomposed():
    decomposed = "tre\u0302\u0309 em"  # ê built from e + combining marks
    assert fold(decomposed) == fold("trể em") == "tre em"


def test_search_forms_add_words_with_d_folded_and_the_parts_of_document_numbers():
    assert search_forms("Đài Truyền thanh huyện") == ["Dai"]
    assert search_forms("Quyết định 496/QĐ-TTg của Thủ tướng; ðoàn thể") == ["dinh", "QD", "doan", "496", "QĐ", "TTg"]


def test_search_forms_come_once_each_in_the_order_they_first_appear_whatever_the_spaces_and_repeats():
    # Tab, no-break space, line break and punctuation around repeated words and compounds.
    assert search_forms("đi\tĐà-Nẵng\u00a0đi, 5/2024\nđi (Đà-Nẵng) đi") == ["di", "Da", "Đà", "Nẵng", "Nang", "5", "2024"]
    assert search_forms("x/y đi x/y") == ["di", "x", "y"]  # words with đ first, then the parts of compounds


def test_search_forms_are_empty_for_text_that_needs_none():
    assert search_forms("trẻ em và gia tăng") == []


def test_the_two_tone_placements_of_a_final_oa_oe_uy_are_one_word_by_one_table():
    """Citations of laws (one_tone_placement) and the search index (other_tone_placements) read one table."""
    from plansite.text.folding import TONE_PLACES, one_tone_placement, other_tone_placements

    for pair, other in TONE_PLACES.items():
        assert one_tone_placement(pair) == one_tone_placement(other) and TONE_PLACES[other] == pair
    assert one_tone_placement("Luật Hoà giải") == one_tone_placement("Luật Hòa giải")
    # Only at the end of a word, and not after `q` (`qu` is a consonant); lower-cased, other placement first.
    assert other_tone_placements("Thuỷ lợi, QUÝ, hoàn thành, ỦY BAN") == ["thủy", "thuỷ", "uỷ", "ủy"]
    assert other_tone_placements("trẻ em") == []
