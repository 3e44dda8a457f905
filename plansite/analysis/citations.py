"""Find the documents a text cites: by number (`56/2017/NĐ-CP`, `28-CT/TW`) or by name (`Luật Trẻ em`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansite.text import numbers
from plansite.text.folding import slugify

# A number (plansite.text.numbers), and the date printed beside it if any: `Kế hoạch số 7-KH/TU ngày 01/3/2024`.
CITED_NUMBER = re.compile(
    rf"{numbers.NUMBER_START}(?P<number>{numbers.NUMBER_PATTERN})"
    r"(?:,? ?(?:ngày|ban hành ngày) (?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
)
NAME_PATTERNS = [
    re.compile(r"(?:Bộ luật|Luật) (?:[A-ZĐ][a-zà-ỹđ]*)(?:, chống)?(?: (?!năm\b|số\b|của\b|và các\b|đã\b|được\b|theo\b|ngày\b|trong\b|để\b|có\b|và\b)[a-zà-ỹđ]+){0,5}"),
    re.compile(r"Chương trình hành động quốc gia vì trẻ em giai đoạn \d{4} ?[-–] ?\d{4}"),
    re.compile(r"Công ước (?:của )?Liên hợp quốc về quyền trẻ em"),
]
_NUMBER_HINT = re.compile(f"\\d[{re.escape(numbers.SEPARATORS)}]")
_NAME_HINT = re.compile(r"[Ll]uật|Chương trình hành động quốc gia|Công ước")
TYPE_WORDS = [
    "Nghị quyết", "Nghị định", "Quyết định", "Thông tư liên tịch", "Thông tư", "Chỉ thị", "Kết luận", "Kế hoạch",
    "Chương trình hành động", "Chương trình", "Hướng dẫn", "Luật", "Bộ luật", "Công văn", "Thông báo", "Quy định",
]
# Where a subject line printed after a number ends: a semicolon, a parenthesis, a closing quote, a full stop,
# or an ellipsis (`…`, `...`: the running text's "and so on", not the title's).
_TITLE_END = re.compile(r"[;(…]|\.{2,}|\.(?:\s|$)|”")


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    key: str          # slug shared by every mention of the same document
    label: str        # `Nghị định 56/2017/NĐ-CP`, `Luật Trẻ em`
    number: str       # empty for documents cited by name only
    date: str         # dd/mm/yyyy as printed beside the number, or empty
    context: str      # what follows: issuer and title as printed, shortened


def find_citations(text: str) -> list[Citation]:
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    # Most paragraphs cite nothing: two cheap searches rule them out before the full patterns run.
    cited_numbers = CITED_NUMBER.finditer(text) if _NUMBER_HINT.search(text) else ()
    names = NAME_PATTERNS if _NAME_HINT.search(text) else []
    for match in cited_numbers:
        start, end = match.span("number")
        number = match.group("number")
        type_word = _type_before(text, start)
        label = f"{type_word} {number}".strip()
        context = _shorten(text[match.end():])
        found.append(Citation(start, end, numbers.slug(number), label, number, match.group("date") or "", context))
        taken.append((start, end))
    for pattern in names:
        for match in pattern.finditer(text):
            if free(match.start(), match.end()):
                name = match.group(0)
                found.append(Citation(match.start(), match.end(), slugify(name), name, "", "", ""))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda citation: citation.start)


def _type_before(text: str, position: int) -> str:
    before = text[max(0, position - 40):position]
    before = re.sub(r"\s*(?:số|số:)?\s*$", "", before)
    for word in TYPE_WORDS:
        if before.endswith(word) or before.lower().endswith(word.lower()):
            return word
    return ""


def _shorten(context: str) -> str:
    context = context.strip(" ,")
    end = _TITLE_END.search(context)
    context = context[: end.start()] if end else context
    return context if len(context) <= 200 else context[:197].rsplit(" ", 1)[0] + "…"
