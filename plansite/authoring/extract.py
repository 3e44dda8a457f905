"""Suggest structured extracts from a document's text, for a maintainer to review before committing.

Suggestions follow the common layout of these plans: the section "TỔ CHỨC THỰC HIỆN" lists agencies,
each either as a heading over its tasks (State plans) or as the subject of one paragraph (Party plans).
"""

from __future__ import annotations

from dataclasses import dataclass

from plansite.analysis.agency_names import AgencyMatcher
from plansite.analysis.agency_names import search_form as _search_form
from plansite.corpus.model import Document, Node

IMPLEMENTATION_SECTION = "to chuc thuc hien"
LEAD, SUPPORT, REQUEST = "chu tri", "phoi hop", "de nghi"  # "đề nghị": a body outside the issuer's command


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
    if folded.startswith(REQUEST):
        return "request"
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
            requested = _role(item.text) == "request"  # "2. Đề nghị Ủy ban MTTQ …": every task under it
            for agency in agencies:
                for task in tasks:
                    role = "request" if requested else _role(task.text)
                    if not requested and task is item and LEAD in _search_form(item.text)[len(_subject(item.text)) - 1:][:20]:
                        role = "lead"
                    suggestions.append({"agency": agency, "role": role, "task": task.text, "node": task.id})
    return suggestions
