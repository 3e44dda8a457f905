"""Agency kinds named in a text, by their registry names and aliases (corpus/agencies.yaml): what the scaffold
reads in a new plan's "TỔ CHỨC THỰC HIỆN" (plansite/authoring) and what the calendar reads in a report's words
(plansite/analysis/today.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansite.corpus.model import AgencyKind
from plansite.text.folding import fold


def search_form(text: str) -> str:
    """Folded, lower-cased, same length as the input, so match offsets point into the original."""
    return fold(text).lower()


@dataclass(frozen=True)
class AgencyMatch:
    start: int
    end: int
    agency: str


def _proper_capital(name: str) -> int | None:
    """Where a name is first capitalised after its first letter: 'Phòng Y tế' at 6, 'UBND cấp xã' at 1; None
    for 'Các phòng, ban chuyên môn cấp huyện'."""
    return next((i for i, char in enumerate(name) if i and char.isupper()), None)


class AgencyMatcher:
    """Finds agency kinds in text by their canonical names and aliases, longest first, without diacritics.
    A name's first capital after its first letter is part of it: 'Phòng Y tế' is the district's office, 'phòng y
    tế' a school's sick room; a text in capitals ('PHÒNG Y TẾ') names the office. Only that one: texts write the
    rest either way ('Phòng Giáo dục và đào tạo', 'Ban Tuyên giáo huyện ủy'), and the first letter too ('các
    phòng, ban chuyên môn' mid-sentence). Folding keeps each character's place (search_form), so a place in the
    name is that place in the text."""

    def __init__(self, agencies: dict[str, AgencyKind]):
        names = [(name, kind.id) for kind in agencies.values() for name in (kind.name, *kind.aliases)]
        names.sort(key=lambda item: -len(item[0]))
        pattern = "|".join(f"(?P<a{i}>{re.escape(search_form(name))})" for i, (name, _) in enumerate(names))
        self._regex = re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")
        self._ids = [agency_id for _, agency_id in names]
        self._capitals = [_proper_capital(name) for name, _ in names]

    def find(self, text: str) -> list[AgencyMatch]:
        matches = []
        for match in self._regex.finditer(search_form(text)):
            index = int(match.lastgroup[1:])
            capital = self._capitals[index]
            if capital is not None and not text[match.start() + capital].isupper():
                continue
            matches.append(AgencyMatch(match.start(), match.end(), self._ids[index]))
        return matches
