"""Vietnamese text folding: the one rule used for slugs, search keys and comparisons."""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Remove diacritics so that `hoà`, `hòa` and `hoa` compare equal.

    NFC first so both tone placements reach NFD as the same base letters.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_D_MAP)


def fold_key(text: str) -> str:
    """Lower-cased, folded, with every run of non-alphanumerics collapsed to one space."""
    return _NON_ALNUM.sub(" ", fold(text).lower()).strip()


def slugify(text: str) -> str:
    """URL-safe slug without diacritics: `Sở Y tế` -> `so-y-te`, `188/KH-UBND` -> `188-kh-ubnd`."""
    return fold_key(text).replace(" ", "-")
