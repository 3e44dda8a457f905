"""Find the documents a text cites: by number (`56/2017/NĐ-CP`, `28-CT/TW`) or by name (`Luật Trẻ em`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansite.text.folding import slugify

_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠ"
_CODE = rf"[{_UPPER}][{_UPPER}a-zđ0-9&]*"
NUMBER_PATTERNS = [
    # State, legal normative: 56/2017/NĐ-CP, 121/2020/QH14, 13/2021/TT-BLĐTBXH
    re.compile(rf"(?<![\w/])\d{{1,4}}/(?:19|20)\d\d/{_CODE}(?:-{_CODE})*"),
    # State, other: 496/QĐ-TTg, 188/KH-UBND
    re.compile(rf"(?<![\w/])\d{{1,5}}/{_CODE}(?:-{_CODE})+"),
    # Party: 28-CT/TW, 48-CTr/TU, 136-HD/BTGTW
    re.compile(rf"(?<![\w/-])\d{{1,4}}-{_CODE}/{_CODE}"),
]
NAME_PATTERNS = [
    re.compile(r"(?:Bộ luật|Luật) (?:[A-ZĐ][a-zà-ỹđ]*)(?:, chống)?(?: (?!năm\b|số\b|của\b|và các\b|đã\b|được\b|theo\b|ngày\b|trong\b|để\b|có\b|và\b)[a-zà-ỹđ]+){0,5}"),
    re.compile(r"Chương trình hành động quốc gia vì trẻ em giai đoạn \d{4} ?[-–] ?\d{4}"),
    re.compile(r"Công ước (?:của )?Liên hợp quốc về quyền trẻ em"),
]
_NUMBER_HINT = re.compile(r"\d[/-]")
_NAME_HINT = re.compile(r"[Ll]uật|Chương trình hành động quốc gia|Công ước")
TYPE_WORDS = [
    "Nghị quyết", "Nghị định", "Quyết định", "Thông tư liên tịch", "Thông tư", "Chỉ thị", "Kết luận", "Kế hoạch",
    "Chương trình hành động", "Chương trình", "Hướng dẫn", "Luật", "Bộ luật", "Công văn", "Thông báo", "Quy định",
]
DATE_AFTER = re.compile(r"^,? ?(?:ngày|ban hành ngày) (\d{1,2}/\d{1,2}/\d{4})")
_TITLE_END = re.compile(r"[;(]|\.(?:\s|$)|”")


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
    numbers = NUMBER_PATTERNS if _NUMBER_HINT.search(text) else []
    names = NAME_PATTERNS if _NAME_HINT.search(text) else []
    for pattern in numbers:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            number = match.group(0)
            type_word = _type_before(text, match.start())
            after = text[match.end():]
            date_match = DATE_AFTER.match(after)
            date = date_match.group(1) if date_match else ""
            context = after[date_match.end():] if date_match else after
            label = f"{type_word} {number}".strip()
            found.append(Citation(match.start(), match.end(), slugify(number), label, number, date, _shorten(context)))
            taken.append((match.start(), match.end()))
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
