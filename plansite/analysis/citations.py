"""Find the documents a text cites: by number (`56/2017/NĐ-CP`, `28-CT/TW`) or by name (`Luật Trẻ em`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from plansite.corpus.model import Law
from plansite.text import numbers
from plansite.text.folding import TONE_PAIR, TONE_PLACES, fold_key, one_tone_placement, slugify

# A number (plansite.text.numbers), and the date printed beside it if any: `Kế hoạch số 7-KH/TU ngày 01/3/2024`.
CITED_NUMBER = re.compile(
    rf"{numbers.NUMBER_START}(?P<number>{numbers.NUMBER_PATTERN})"
    r"(?:,? ?(?:ngày|ban hành ngày) (?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
)
# A law's name in running text, for a law the registry (corpus/laws.yaml, `LawNames`) does not hold: its words
# up to a word that begins the sentence's next part. No such rule can tell `Luật Trẻ em và tuyên truyền` from
# `Luật Hôn nhân và gia đình`, so it stops at `và`, `của`, a comma (but `, chống`) and a few other words (`năm`,
# `số`, `theo` ...); a name holding them is registered.
NAME_PATTERNS = [
    re.compile(r"(?:Bộ luật|Luật) (?:[A-ZĐ][a-zà-ỹđ]*)(?:, chống)?(?: (?!năm\b|số\b|của\b|và các\b|đã\b|được\b|theo\b|ngày\b|trong\b|để\b|có\b|và\b)[a-zà-ỹđ]+){0,5}"),
    re.compile(r"Chương trình hành động quốc gia vì trẻ em giai đoạn \d{4} ?[-–] ?\d{4}"),
    re.compile(r"Công ước (?:của )?Liên hợp quốc về quyền trẻ em"),
]
_NUMBER_HINT = re.compile(f"\\d[{re.escape(numbers.SEPARATORS)}]")
# Every name found begins with one of these (a registered name with `Luật ` or `Bộ luật `: the schema says so);
# `pháp luật`, in a paragraph in five, is none of them.
_NAME_HINT = re.compile(r"Luật|Bộ luật|Chương trình hành động quốc gia|Công ước")
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


def _as_compared(spelling: str) -> str:
    """A name as its mentions are told apart: a tone placed one way, and a comma between two words optional
    (`Luật Phòng, chống tác hại của rượu, bia` is also printed `... rượu bia`, `Luật Phòng chống ...`)."""
    return one_tone_placement(spelling).replace(", ", " ")


def _spelled(name: str) -> str:
    """A name as a pattern: its text literally (it is data), each such pair either way, each comma between two
    words optional, as the texts print it."""
    def literal(text: str) -> str:
        return re.escape(text).replace(",\\ ", ",?\\ ")

    parts, position = [], 0
    for pair in TONE_PAIR.finditer(name):
        parts += [literal(name[position:pair.start()]), f"(?:{pair.group()}|{TONE_PLACES[pair.group()]})"]
        position = pair.end()
    return "".join(parts) + literal(name[position:])


@dataclass(frozen=True)
class LawNames:
    """The laws of the registry (corpus/laws.yaml) as one pattern: each name and alias, as printed (its capital
    letters too, as the rule for names not held asks) but for where a tone sits and the commas between words,
    in whole words, the longest first, so that `Luật Giáo dục nghề nghiệp` is not `Luật Giáo dục` followed by
    other words. Equal when made from the same entries, in the same order; shared (cached), so read-only."""

    entries: tuple[tuple[str, tuple[str, ...]], ...]  # (name, aliases) of each law
    pattern: re.Pattern | None = field(default=None, compare=False)
    names: Mapping[str, str] = field(default_factory=dict, compare=False)  # each spelling, `_as_compared` -> name
    folded: Mapping[str, str] = field(default_factory=dict, compare=False)  # each spelling, folded (fold_key) -> name

    def official(self, name: str) -> str:
        """The registry's name for a spelling of it, compared folded (as the registry keeps spellings apart: a
        document's `cites` name leads to the same page as its mentions); any other name as it is."""
        return self.folded.get(fold_key(name), name)


def law_names(laws: Iterable[Law]) -> LawNames:
    return _law_names(tuple((law.name, law.aliases) for law in laws))


# The build finds the citations of every distinct paragraph with the same registry: made once, kept.
@lru_cache(maxsize=4)
def _law_names(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> LawNames:
    names: dict[str, str] = {}
    printed: dict[str, str] = {}  # the spelling each compared form is matched by: the one with the most commas
    for name, aliases in entries:
        for spelling in (name, *aliases):
            compared = _as_compared(spelling)
            names.setdefault(compared, name)
            if spelling.count(",") > printed.get(compared, "").count(",") or compared not in printed:
                printed[compared] = spelling
    if not names:
        return LawNames(entries)
    folded = {fold_key(spelling): name for name, aliases in entries for spelling in (name, *aliases)}
    # Grouped by their first word (`Luật`, `Bộ`: the schema), so that elsewhere in a paragraph each position fails
    # at once; in each group the longest first, since the first alternative that matches is the one taken.
    groups: dict[str, list[str]] = {}
    for compared in sorted(names, key=lambda compared: (-len(compared), compared)):
        spelling = printed[compared]
        head = spelling.split(" ", 1)[0]
        groups.setdefault(head, []).append(_spelled(spelling[len(head):]))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(f"{_spelled(head)}(?:{'|'.join(rests)})" for head, rests in groups.items()) + r")(?!\w)")
    return LawNames(entries, pattern, MappingProxyType(names), MappingProxyType(folded))


NO_LAWS = LawNames(())


def find_citations(text: str, laws: LawNames = NO_LAWS) -> list[Citation]:
    """The citations of a text, in reading order: numbers; then the names of the `laws` registered, whole; then,
    where none of these is, the names found by NAME_PATTERNS."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    # Most paragraphs cite nothing: two cheap searches rule them out before the full patterns run.
    cited_numbers = CITED_NUMBER.finditer(text) if _NUMBER_HINT.search(text) else ()
    hinted = _NAME_HINT.search(text) is not None
    names = NAME_PATTERNS if hinted else []
    for match in cited_numbers:
        start, end = match.span("number")
        number = match.group("number")
        type_word = _type_before(text, start)
        label = f"{type_word} {number}".strip()
        context = _shorten(text[match.end():])
        found.append(Citation(start, end, numbers.slug(number), label, number, match.group("date") or "", context))
        taken.append((start, end))
    if hinted and laws.pattern is not None:
        for match in laws.pattern.finditer(text):
            if free(match.start(), match.end()):
                name = laws.names[_as_compared(match.group(0))]
                found.append(Citation(match.start(), match.end(), slugify(name), name, "", "", ""))
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
    if end and end.group() == "”" and "“" in context[: end.start()]:  # a title quoted after the number: kept whole
        context = context[: end.end()]
    else:
        context = context[: end.start()] if end else context
    return context if len(context) <= 200 else context[:197].rsplit(" ", 1)[0] + "…"
