"""Corpus text is data: escape it so neither Markdown nor HTML can read it as markup."""

from __future__ import annotations

import re

from markupsafe import Markup

_WHITESPACE = re.compile(r"\s+")

# Characters that Markdown (with the extensions this site enables) or HTML could act on.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_ENTITIES.update({ch: f"&#{ord(ch)};" for ch in "\\`*_[]{}|#~^="})
_TABLE = str.maketrans(_ENTITIES)


def escape_md(value: object) -> Markup:
    """Text that renders exactly as typed, on one line, inside a Markdown paragraph, heading or table cell."""
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE.sub(" ", str(value))  # one line, but spaces at the edges of a fragment are kept
    return Markup(text.translate(_TABLE))
