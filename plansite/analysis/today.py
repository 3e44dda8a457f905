"""What an agency kind or a locality a plan names is today, after the 2025 reorganisation: the one rule the agency
pages, the locality pages and the calendar (its month pages and feeds) follow. The corpus keeps the text as
issued; these notes stand beside the name as printed, and say only what the registries record (corpus/agencies.yaml
`valid_to`, `successors`; corpus/localities.yaml `valid_to`, `predecessors`), never a successor they do not give."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plansite.analysis.agency_names import AgencyMatcher
from plansite.analysis.localities import LocalityHistory
from plansite.corpus.model import AgencyKind, AgencySuccession, Corpus, Locality, first_day, format_date, last_day


def agency_successors(corpus: Corpus, kind: AgencyKind) -> list[tuple[AgencyKind, AgencySuccession]]:
    """Who carries a dissolved kind's functions now, each with its record."""
    return [(corpus.agencies[s.id], s) for s in kind.successors if s.id in corpus.agencies]


def agency_ended_by(kind: AgencyKind, day: dt.date) -> bool:
    """Whether a date is past the kind's end as the registry knows it: after the last day of the day, month or
    year it is known to (a kind that ended "in 2025" may have stood on any day of 2025: a report due in January
    2025 is not told its recipient is gone)."""
    return bool(kind.valid_to) and day > last_day(kind.valid_to)


def agency_may_have_ended_by(kind: AgencyKind, day: dt.date) -> bool:
    """Whether a date falls inside an end the registry knows only to its month or year, after its first day:
    the kind may have ended before it, or not (Sở Lao động - Thương binh và Xã hội ended "in 2025", on a day
    that differs by province: a report due to it on 01/12/2025 may have had no one to go to)."""
    return bool(kind.valid_to) and kind.valid_to.count("-") < 2 and first_day(kind.valid_to) < day <= last_day(kind.valid_to)


def locality_ended_by(locality: Locality, day: dt.date) -> bool:
    return locality.valid_to is not None and day > locality.valid_to


@dataclass(frozen=True)
class Today:
    """A note on a name as printed: `what` is 'agency' or 'locality', `id` and `name` the registry's entry,
    `ended` when it ended (in words, at its precision), `now` who carries it today: (what, id, name, scope)."""

    what: str
    id: str
    name: str
    ended: str
    now: tuple[tuple[str, str, str, str], ...]
    since: str = ""  # a locality's successors' first day
    joined: str = ""  # "thuộc" (a province) or "địa bàn thuộc": chosen in `locality_today` alone
    relation: str = ""  # how a province went into today's one (LocalityHistory.province_relation)
    maybe: bool = False  # an agency kind whose end, known to its month or year, may be before the day or not

    @property
    def moved(self) -> str:
        """The words that lead to a locality's units today: `từ 01/07/2025 thuộc` (a province), `từ 01/07/2025 địa
        bàn thuộc` (a district, a commune). The text below and every page's sentence (_today.j2, locality_now)
        read them here."""
        return f"từ {self.since} {self.joined}"

    @property
    def gone(self) -> str:
        """What an agency note says of the kind: every page and feed reads it here (_today.j2)."""
        if self.maybe:
            return f"có thể đã không còn vào hạn này, tồn tại đến {self.ended} (chưa rõ ngày)"
        return f"không còn, tồn tại đến {self.ended}"

    @property
    def text(self) -> str:
        """The note in plain text (the feeds' descriptions)."""
        if self.what == "agency":
            said = f"{self.name} {self.gone}"
            if self.now:
                said += "; chức năng nay do " + ", ".join(f"{name} ({scope})" for _, _, name, scope in self.now)
        else:  # as a document's card says it (locality_today.html.j2)
            said = f"{self.name} tồn tại đến {self.ended}"
            if self.now:
                said += f"; {self.moved} " + ", ".join(name for _, _, name, _ in self.now)
                said += f" ({self.relation})" if self.relation else ""
        return said + "."


def agency_today(corpus: Corpus, kind: AgencyKind, maybe: bool = False) -> Today:
    return Today("agency", kind.id, kind.name, kind.valid_to_text,
                 tuple(("agency", later.id, later.name, "toàn bộ" if s.scope == "whole" else "một phần")
                       for later, s in agency_successors(corpus, kind)), maybe=maybe)


def locality_today(history: LocalityHistory, locality: Locality) -> Today:
    return Today("locality", locality.id, locality.full_name, format_date(locality.valid_to),
                 tuple(("locality", unit.id, unit.kind_name, "") for unit in history.current_parents(locality)),
                 format_date(locality.successors_from), "thuộc" if locality.level == "province" else "địa bàn thuộc",
                 history.province_relation(locality))


class Notes:
    """The notes of a calendar entry on a day: its agency kind's, the ended kinds its words name (a report's
    recipient, matched by the registry's names and spellings), and its issuer's locality's: each only when the
    day is past the end, or, for a kind whose end is known to its month or year, may be (`Today.maybe`)."""

    def __init__(self, corpus: Corpus, history: LocalityHistory) -> None:
        self._corpus, self._history = corpus, history
        # Every kind's names compete, the ended ones kept after: alone, an ended kind's short name (`Ủy ban nhân
        # dân huyện`) would be found inside the longer name of one that stands.
        self._ended = {kind.id for kind in corpus.agencies.values() if kind.valid_to}
        self._matcher = AgencyMatcher(corpus.agencies) if self._ended else None
        self._named: dict[str, tuple[str, ...]] = {}

    def named(self, words: str) -> tuple[str, ...]:
        """The ended kinds the words name, in order, once each."""
        if words not in self._named:
            found = [match.agency for match in self._matcher.find(words) if match.agency in self._ended] if self._matcher else []
            self._named[words] = tuple(dict.fromkeys(found))
        return self._named[words]

    def of(self, agency: str, words: str, locality: Locality | None, day: dt.date) -> list[Today]:
        agencies = self._corpus.agencies
        ids = dict.fromkeys(([agency] if agency else []) + list(self.named(words)))
        notes = []
        for kind in (agencies[kind] for kind in ids if kind in agencies):
            if agency_ended_by(kind, day):
                notes.append(agency_today(self._corpus, kind))
            elif agency_may_have_ended_by(kind, day):
                notes.append(agency_today(self._corpus, kind, maybe=True))
        if locality is not None and locality_ended_by(locality, day):
            notes.append(locality_today(self._history, locality))
        return notes
