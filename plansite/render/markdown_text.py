"""Corpus text is data: escape it so neither Markdown nor HTML can read it as markup."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_WHITESPACE = re.compile(r"\s+")

# Characters that Markdown (with the extensions this site enables) or HTML could act on.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_ENTITIES.update({ch: f"&#{ord(ch)};" for ch in "\\`*_[]{}|#~^="})
_TABLE = str.maketrans(_ENTITIES)
# Most text holds none of the Markdown characters nor line breaks: those take the fast path below.
_NEEDS_WORK = re.compile(r"[\\`*_\[\]{}|#~^=\n\r\t]|  ")


def escape_md(value: object) -> Markup:
    """Text that renders exactly as typed, on one line, inside a Markdown paragraph, heading or table cell."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if not _NEEDS_WORK.search(text):
        return escape(text)  # markupsafe's C escape of & < > " '
    text = _WHITESPACE.sub(" ", text)  # one line, but spaces at the edges of a fragment are kept
    return Markup(text.translate(_TABLE))
