"""Uncertain readings: how the corpus stores them, where they stand in a text, how a reader sees them.

The one rule. A text stays as restored, never marked up; the readings the restorer is unsure of are listed
beside it, in `uncertain`: a body node `{id, text, uncertain: [...]}`, a signature or recipient line
`{text, uncertain: [...]}` (a plain string when it has none). Each reading is a word or words of that text,
found as whole words, exactly once (the validator refuses one that is missing or ambiguous, and any `[[`
left in a text: the maintainers' `[[…]]` of `scripts/text_to_body.py` becomes this list). A text quoted from
a node (a task) carries the node's readings found once in it. Everywhere a text is shown, each reading is
marked at the word: in HTML by `marked_html`, in plain text (CSV, JSON-LD, search titles) by `marked_plain`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

# What the authoring tools take as an uncertain reading in a plain text; never left in a corpus text.
AUTHORING_MARK = re.compile(r"\[\[(.+?)\]\]")
# An authoring mark left in a corpus text: `[[` opens one. (A lone `]]` is no mark of ours: `<![CDATA[x]]>`
# typed in a text is shown as typed.)
RAW_MARKUP = re.compile(r"\[\[")
PLAIN_MARK = " (?)"
TITLE = "Cách đọc chưa chắc chắn"


def _occurrences(text: str, reading: str) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<!\w){re.escape(reading)}(?!\w)")
    return [match.span() for match in pattern.finditer(text)]


def reading_problem(text: str, reading: str) -> str | None:
    """Why `reading` cannot be placed in `text`, or None."""
    found = len(_occurrences(text, reading))
    if found == 0:
        return f"cách đọc chưa chắc chắn '{reading}' không có trong nội dung (phải là nguyên từ, đúng như trong 'text')"
    if found > 1:
        return (f"cách đọc chưa chắc chắn '{reading}' có {found} lần trong nội dung: ghi thêm từ đứng cạnh "
                "cho đến khi chỉ còn một chỗ")
    return None


def spans(text: str, readings: Iterable[str]) -> list[tuple[int, int]]:
    """Where each reading stands in `text`: those found exactly once, in order, not overlapping."""
    found = []
    for reading in readings:
        places = _occurrences(text, reading)
        if len(places) == 1:
            found.append(places[0])
    found.sort()
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _mark(word: str) -> Markup:
    return Markup('<span class="uncertain-reading">%s<span class="uncertain" title="%s: %s">(?)</span></span>') % (
        word, TITLE, word)


def marked_html(text: str, readings: Iterable[str] = (), start: int = 0, end: int | None = None,
                places: list[tuple[int, int]] | None = None) -> Markup:
    """`text[start:end]` escaped, each uncertain reading in it marked at the word (`places`: `spans(text,
    readings)` computed once by a caller that writes a text in several slices, around its links)."""
    end = len(text) if end is None else end
    places = spans(text, readings) if places is None else places
    if not places:  # most texts: one slice, escaped
        return escape(text[start:end])
    out, position = [], start
    for a, b in places:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(escape(text[position:a]))
        out.append(_mark(text[a:b]))
        position = b
    out.append(escape(text[position:end]))
    return Markup("").join(out)


def marked_plain(text: str, readings: Iterable[str] = ()) -> str:
    """The text with "(?)" after each uncertain reading: for CSV cells, JSON-LD and titles."""
    out, position = [], 0
    for _, b in spans(text, readings):
        out += [text[position:b], PLAIN_MARK]
        position = b
    out.append(text[position:])
    return "".join(out)


# A text printed whole elsewhere is shown by its opening words, linked to where it is whole: a parent's paragraph
# the child does not take, on a side-by-side page; a task in the table of its own plan's page, where its
# paragraph is; a task an agency's page shows whole in a row above. Ten words or so name a task; the rest is a
# tap away. At 2,000 plans, 120 characters against 60: the articles 165.7 against 158.2 MB (2^20 bytes), the
# agency pages 49.1 against 45.4, the plans' pages 152.0 against 147.8 (measured on the built site).
OPENING = 60  # characters


def _opening_end(text: str, places: list[tuple[int, int]], limit: int = OPENING) -> int:
    """Where the opening words of `text` end: at most `limit` characters, cut back to a space, never inside an
    uncertain reading (`places`), which is shown whole."""
    if len(text) <= limit:
        return len(text)
    space = text.rfind(" ", 0, limit + 1)
    if space <= 0:  # one long word first: cut at the next space, never inside a word
        space = text.find(" ", limit)
        if space < 0:
            return len(text)
    end = space
    for start, stop in places:
        if start < end < stop:
            end = stop
    return len(text[:end].rstrip(" ,;:([{“‘\"'")) if end < len(text) else end


def opening_end(text: str, readings: Iterable[str] = ()) -> int:
    """Where the opening words of `text` end (`len(text)` when it is short enough to show whole)."""
    return _opening_end(text, spans(text, readings))


def opening_html(text: str, readings: Iterable[str] = ()) -> Markup:
    """The opening words of `text`, escaped and marked as `marked_html` does, with " …" where it was cut."""
    places = spans(text, readings)
    end = _opening_end(text, places)
    html = marked_html(text, end=end, places=places)
    return html + Markup(" …") if end < len(text) else html
