"""Suggest structured extracts from a document's text, for a maintainer to review before committing.

Suggestions follow the common layout of these plans: the section "TỔ CHỨC THỰC HIỆN" lists agencies,
each either as a heading over its tasks (State plans) or as the subject of one paragraph (Party plans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansite.corpus.model import AgencyKind, Document, Node
from plansite.text.folding import fold

IMPLEMENTATION_SECTION = "to chuc thuc hien"
LEAD, SUPPORT = "chu tri", "phoi hop"


def _search_form(text: str) -> str:
    """Folded, lower-cased, same length as the input, so match offsets point into the original."""
    return fold(text).lower()


@dataclass(frozen=True)
class AgencyMatch:
    start: int
    end: int
    agency: str


class AgencyMatcher:
    """Finds agency kinds in text by their canonical names and aliases, longest first, without diacritics."""

    def __init__(self, agencies: dict[str, AgencyKind]):
        names = [(name, kind.id) for kind in agencies.values() for name in (kind.name, *kind.aliases)]
        names.sort(key=lambda item: -len(item[0]))
        pattern = "|".join(f"(?P<a{i}>{re.escape(_search_form(name))})" for i, (name, _) in enumerate(names))
        self._regex = re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")
        self._ids = [agency_id for _, agency_id in names]

    def find(self, text: str) -> list[AgencyMatch]:
        matches = []
        for match in self._regex.finditer(_search_form(text)):
            index = int(match.lastgroup[1:])
            matches.append(AgencyMatch(match.start(), match.end(), self._ids[index]))
        return matches


def _subject(text: str) -> str:
    """The part of an item that names who acts: up to the first verb that starts the assignment."""
    folded = _search_form(text)
    cut = len(text)
    for verb in (" chu tri", " lanh dao", " chi dao", " tang cuong", " to chuc thuc hien", " to chuc trien khai", " to chuc quan triet", " can cu", " xay dung", " day manh", ":"):
        position = folded.find(verb)
        if 0 < position < cut:
            cut = position
    return text[:cut]


def _role(task: str) -> str:
    folded = _search_form(task).lstrip("- ")
    if folded.startswith(LEAD):
        return "lead"
    if folded.startswith(SUPPORT):
        return "support"
    return "implement"


@dataclass(frozen=True)
class Unmatched:
    """An item of "TỔ CHỨC THỰC HIỆN" whose subject names no known agency kind: no task is suggested for it."""
    node: str
    text: str  # the item as printed, cut at 120 characters


def suggest_responsibilities(document: Document, matcher: AgencyMatcher, unmatched: list[Unmatched] | None = None) -> list[dict]:
    """Suggested tasks; the items whose agency is not recognised are added to `unmatched`, to be reported."""
    suggestions: list[dict] = []
    for section in document.body:
        if IMPLEMENTATION_SECTION not in _search_form(section.text):
            continue
        for item in section.children:
            agencies = list(dict.fromkeys(match.agency for match in matcher.find(_subject(item.text))))
            if not agencies and unmatched is not None:
                unmatched.append(Unmatched(item.id, item.text.strip()[:120]))
            tasks: list[Node] = list(item.children) or [item]
            for agency in agencies:
                for task in tasks:
                    role = _role(task.text)
                    if task is item and LEAD in _search_form(item.text)[len(_subject(item.text)) - 1:][:20]:
                        role = "lead"
                    suggestions.append({"agency": agency, "role": role, "task": task.text, "node": task.id})
    return suggestions
