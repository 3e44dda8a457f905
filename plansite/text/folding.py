"""Vietnamese text folding: the one rule used for slugs, search keys and comparisons."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from itertools import chain

from plansite.text.numbers import COMPOUND, SEPARATORS, parts

_D_MAP = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class _Folded(dict):
    """What `str.translate` makes of each character once decomposed: a combining mark goes, a d with a stroke
    is d, any other character stays. Filled as characters are met (the text's alphabet is small) and looked
    up in C: a paragraph of 540 characters folded in 39 µs instead of 90 µs testing each character in Python."""

    def __missing__(self, code: int) -> int | str | None:
        if len(self) >= 1 << 16:  # bounded, whatever the texts hold
            self.clear()
        character = chr(code)
        folded = self[code] = None if unicodedata.combining(character) else _D_MAP.get(character, code)
        return folded


_FOLDED = _Folded()


def fold_text(text: str) -> str:
    """Remove diacritics so that `hoà`, `hòa` and `hoa` compare equal.

    NFC first so both tone placements reach NFD as the same base letters. `fold` is the same, cached."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFC", text)).translate(_FOLDED)


# Called for every word that needs a folded form, whose vocabulary is small, and for every paragraph the
# alignment reads, which sibling plans repeat: uncached there, aligning corpus-2000 took 15 % longer (measured).
fold = lru_cache(maxsize=1 << 16)(fold_text)


# Where the tone of a syllable ending in oa, oe or uy sits is a matter of style: `hòa` and `hoà`, `thủy` and
# `thuỷ` are one word (the real corpus writes `ủy` 177 times, `uỷ` 6). Each spelling of such a pair of letters,
# by the other: the one table the citations of laws, the search index and the search page read (the build writes
# `browser_tone_placements` into the page's script: plansite/search/scripts.py).
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
TONE_PLACES = {
    unicodedata.normalize("NFC", one): unicodedata.normalize("NFC", other)
    for first, second in ("oa", "oe", "uy", "Oa", "Oe", "Uy") for tone in _TONE_MARKS
    for one, other in ((first + tone + second, first + second + tone), (first + second + tone, first + tone + second))
}
TONE_PAIR = re.compile("|".join(TONE_PLACES))
# Such a pair, lower-cased, ending a word; the word's start is found by stepping back from it. One pattern for
# the whole word (`(?<!\w)(\w*?)(pair)(?!\w)`) tried the pairs at every letter of every word: 1.23 s against
# 0.21 s over 600 generated plans, the same words out (measured).
_PAIR_AT_END = re.compile(rf"(?:{'|'.join(pair for pair in TONE_PLACES if pair.islower())})(?!\w)")


def one_tone_placement(text: str) -> str:
    """The text with each such pair spelled one way (the lesser string of the two), whatever way it came in."""
    return TONE_PAIR.sub(lambda pair: min(pair.group(), TONE_PLACES[pair.group()]), text)


def browser_tone_placements() -> dict[str, str]:
    """Each lower-case spelling of such a pair that `one_tone_placement` writes the other way, by that other way:
    what the search page's script needs to compare words as `one_tone_placement` does (it lower-cases them first)."""
    return {pair: one for pair in TONE_PLACES if pair.islower() and (one := one_tone_placement(pair)) != pair}


def other_tone_placements(text: str) -> list[str]:
    """The words of a text that end in a toned oa, oe or uy, lower-cased, in both placements, once each: `Thuỷ`
    gives `thủy`, `thuỷ`."""
    lowered = unicodedata.normalize("NFC", text).lower()
    forms = []
    for match in _PAIR_AT_END.finditer(lowered):
        start = begin = match.start()
        while begin and (lowered[begin - 1].isalnum() or lowered[begin - 1] == "_"):  # what `\w` matches
            begin -= 1
        stem, pair = lowered[begin:start], match.group()
        if not stem.endswith("q"):  # `q` before the pair makes `qu` a consonant: `quý` has one placement
            forms += [stem + TONE_PLACES[pair], stem + pair]
    return list(dict.fromkeys(forms))


def fold_key(text: str) -> str:
    """Lower-cased, folded, with every run of non-alphanumerics collapsed to one space."""
    return _NON_ALNUM.sub(" ", fold(text).lower()).strip()


# A slug names a folder of the site: file systems refuse names over 255 bytes, and URLs should stay short.
SLUG_MAX = 80


def slugify(text: str) -> str:
    """URL-safe slug without diacritics: `Sở Y tế` -> `so-y-te`, `188/KH-UBND` -> `188-kh-ubnd`.

    A longer slug is cut at a hyphen and ends with a hash of the whole, so two long names never share one."""
    slug = fold_key(text).replace(" ", "-")
    if len(slug) <= SLUG_MAX:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    head = slug[: SLUG_MAX - len(digest) - 1]
    head = head.rsplit("-", 1)[0] if "-" in head else head
    return f"{head}-{digest}"


def heading_slug(value: str, separator: str = "-") -> str:
    """The id of a heading written in Markdown (mkdocs.yml: the `toc` extension's `slugify`), by the site's rule
    (`slugify`): `Báo lỗi, đóng góp` is `bao-loi-dong-gop`. Python-Markdown's own rule drops đ: `bao-loi-ong-gop`."""
    slug = slugify(value)
    return slug if separator == "-" else slug.replace("-", separator)


# Possessive quantifiers and the word boundary keep these from backtracking inside every word: they run
# over every paragraph of the corpus (measured: twice as fast as the plain patterns).
_D_WORD = re.compile(r"\b[^\WđĐðÐ]*+[đĐðÐ]\w*+")
_MAY_NEED_FORMS = re.compile(f"[đĐðÐ{re.escape(SEPARATORS)}]")


class _TokenForms(dict):
    """The forms a token (a run without white space) needs, by token: (words with đ folded, parts of compounds),
    or NO_FORMS. A page says most of its words many times, and the corpus's pages share most of their words."""

    def __missing__(self, token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if len(self) >= 1 << 18:  # at most this many tokens are kept, then all go: numbers are many
            self.clear()
        forms = NO_FORMS
        if _MAY_NEED_FORMS.search(token):
            folded = tuple(fold(word) for word in _D_WORD.findall(token))
            pieces: list[str] = []
            for compound in COMPOUND.findall(token):
                parted = parts(compound)
                pieces += parted + [bare for piece in parted if (bare := fold(piece)) != piece]
            if folded or pieces:
                forms = (folded, tuple(pieces))
        self[token] = forms
        return forms


NO_FORMS: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
_TOKEN_FORMS = _TokenForms()


def search_forms(text: str) -> list[str]:
    """Extra spellings a search index needs to match what people type.

    - Words with đ, folded: search engines fold tones by Unicode decomposition, but đ does not decompose,
      so `dai` would never find `Đài`.
    - The parts of compound tokens such as document numbers: `496/QĐ-TTg` -> `496 QĐ TTg`, since a number
      is typed loosely (`496 qd ttg`) and the index may keep the compound as one word. They are split as
      the search box splits what is typed (plansite.text.numbers.parts).

    Words with đ come first, then the parts of compounds, each once, in the order they first appear. Neither a
    word nor a compound spans white space, so each distinct token is looked at once and its forms are kept
    (`_TokenForms`): a page's spellings took 1.18 ms a page, 0.71 with the forms kept (600 plan pages of
    corpus-2000, profiled; 31 s of a build at 10,000 plans before); the rest is cutting the text into tokens.
    """
    if not _MAY_NEED_FORMS.search(text):
        return []
    found = [forms for forms in map(_TOKEN_FORMS.__getitem__, dict.fromkeys(text.split())) if forms is not NO_FORMS]
    return list(dict.fromkeys(chain(chain.from_iterable(forms[0] for forms in found),
                                    chain.from_iterable(forms[1] for forms in found))))


# Whether a text kept its Vietnamese diacritics: the corpus holds texts restored with them, and OCR loses them
# (`Tre em`), which the fidelity check, comparing folded words, cannot see.
_LETTERS = re.compile(r"[^\W\d_]+")
# Addresses and mail: not words of the text (`https://laichau.gov.vn`, `treem@laichau.gov.vn`).
_ADDRESSES = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.IGNORECASE)
MARKED_WORDS = 0.3  # a title or a name: restored ones have 60-100 % of their lower-case words marked (real corpus)
# A text: the share of its characters (spaces aside) that are not ASCII, which in Vietnamese are the letters with
# diacritics and đ: 27-28 % of each restored plan's text on the real corpus, 5-6 % in the OCR seeds that lost
# them. Counted in C (str.encode): 0.05 s for 1,000 generated plans, where counting letters with regular
# expressions took 0.9 s; only a text under it has its words counted.
MARKED_CHARACTERS = 0.12
LEAST_WORDS = 30  # a text shorter than this, in counted words, is not judged: a contact line, a list of names


def marked_words(text: str) -> tuple[int, int]:
    """(words with a diacritic or đ, words) among a text's words (NFC or not), leaving aside what says nothing of
    diacritics: addresses and mail, abbreviations and codes (a capital after the first letter: `UBND`, `TTg`,
    `ChildFund`)."""
    words = [word for word in _LETTERS.findall(_ADDRESSES.sub(" ", unicodedata.normalize("NFC", text)))
             if not any(character.isupper() for character in word[1:]) and not word.isupper()]
    return sum(1 for word in words if word != fold_text(word)), len(words)


def lacks_diacritics(text: str, least: int = 4) -> bool:
    """Whether a text (a title, a name, or a document's whole text) of at least `least` counted words has lost its
    diacritics: under MARKED_CHARACTERS, then under MARKED_WORDS. A paragraph alone is not judged: one of
    English names, of addresses or of numbers is as right as any."""
    if len(text) - len(text.encode("ascii", "ignore")) >= MARKED_CHARACTERS * (len(text) - text.count(" ")):
        return False  # as marked as restored text: the words need no counting
    marked, words = marked_words(text)
    return words >= least and marked < MARKED_WORDS * words
