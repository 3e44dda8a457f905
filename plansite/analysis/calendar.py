"""What falls due, when: the tasks and reports whose time expression (model.When) gives a day, a month, a year
or a recurrence, and the targets whose time expression is a date or a year ("vào năm 2025"), dated without
inventing anything. A target's yearly rate, period or "những năm tiếp theo" falls due on no day: not listed.

A due date printed with a day is that day; printed with a month or a year only, it is that whole month or year
(never a day picked inside it). A recurrence printed with its day in the year ("trước ngày 01/12 hằng năm")
first falls on that day on or after the plan's date; a recurrence printed without a day ("định kỳ 6 tháng")
is counted from the plan's date, and every view says the day is computed. A recurrence with no interval
("định kỳ"), a period, "thường xuyên" and "khi có yêu cầu" have no date: they are not in the calendar.

One duty is one entry on a day: a deadline printed with two periods ("định kỳ 6 tháng, 01 năm") is read as two
recurrences, and where their days meet (every 27/05 of a plan of 27/05/2024) the day lists the duty once, with
both periods (`by_obligation`); the feeds fold a recurrence whose days all fall on another's into it, and leave
out of the other one the days they share (`feed_entries`). Two duties due the same day stay two entries.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from plansite.corpus.model import EVERY_MONTHS, Corpus, Document, When


@dataclass(frozen=True)
class Due:
    """One task or report that falls due: `start` is its first day (or the first day of its month or year)."""

    document: Document
    field: str  # 'responsibilities', 'reporting' or 'targets'
    node: str  # where on the document's page it is said: a paragraph, or a source (model.Placed.anchor)
    agency: str  # agency kind id; '' when a report names none, and for a target
    what: str  # the task as printed, who reports to whom, or the target
    when: When
    start: dt.date
    precision: str  # 'day', 'month' or 'year'
    computed: bool  # the day is counted from the plan's date: the text gives none

    @property
    def uid(self) -> str:
        """Stable while the entry says the same thing (iCalendar UID)."""
        key = "|".join((self.document.id, self.field, self.node, self.agency, self.what, repr(self.when)))
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]

    @property
    def recurring(self) -> bool:
        return self.when.kind == "recurrence"

    def occurrences(self, until: dt.date) -> Iterator[dt.date]:
        """Its days up to `until`, the first included."""
        if not self.recurring:
            if self.start <= until:
                yield self.start
            return
        step, count = EVERY_MONTHS[self.when.every], 0
        while (day := add_months(self.start, step * count)) <= until:
            yield day
            count += 1


def obligation(due: Due) -> tuple:
    """What makes two entries one duty: the same words, agency and paragraph of a plan, under one deadline as
    printed (its normalised form when nothing is printed)."""
    return due.document.id, due.field, due.node, due.agency, due.what, due.when.text or repr(due.when)


def falls_due_by(due: Due, day: dt.date) -> dt.date:
    """The day an entry listed on `day` is judged by, for what it names today (analysis/today.py): the last day
    the deadline printed lets it be met. A day printed is that day; a month or a year only is its last day, as
    the duty may be met on any day of it and is owed until that day: a duty "trong năm 2025" of a district's
    Phòng Y tế (ended 30/06/2025) is still owed after the phòng is gone, so it is told (the kind's own end, at its
    precision, is read by agency_ended_by)."""
    if due.precision == "year":
        return dt.date(day.year, 12, 31)
    if due.precision == "month":
        return add_months(day.replace(day=1), 1) - dt.timedelta(days=1)
    return day


def by_obligation(days: Iterable[tuple[dt.date, Due]]) -> list[tuple[dt.date, tuple[Due, ...]]]:
    """(day, entry) pairs as one (day, entries) per duty and day, in the order first seen."""
    found: dict[tuple, tuple[dt.date, list[Due]]] = {}
    for day, due in days:
        found.setdefault((day, obligation(due)), (day, []))[1].append(due)
    return [(day, tuple(dues)) for day, dues in found.values()]


@dataclass(frozen=True)
class FeedEntry:
    """One event of a feed: an entry, the other entries of its duty whose days all fall on its own (`folded`),
    and its days that an earlier event of the duty already holds (`shared`, left out of this one)."""

    due: Due
    folded: tuple[Due, ...]
    shared: tuple[dt.date, ...]


def feed_entries(dues: Iterable[Due], until: dt.date) -> list[FeedEntry]:
    """A feed's events: one duty never gives two events on one day up to `until` (the calendar's last day)."""
    groups: dict[tuple, list[Due]] = {}
    for due in dues:
        groups.setdefault(obligation(due), []).append(due)
    found: list[FeedEntry] = []
    for group in groups.values():
        # The most frequent first: a yearly report's days are among a half-yearly one's, not the other way round.
        group = sorted(group, key=lambda due: (EVERY_MONTHS.get(due.when.every, 0) if due.recurring else 10**6, due.start))
        kept: list[tuple[Due, set[dt.date], list[Due], tuple[dt.date, ...]]] = []
        for due in group:
            days = set(due.occurrences(until))
            home = next((entry for entry in kept if days and days <= entry[1]), None)
            if home is not None:
                home[2].append(due)
                continue
            held = set().union(*(entry[1] for entry in kept))
            kept.append((due, days, [], tuple(sorted(days & held))))
        found += [FeedEntry(due, tuple(folded), shared) for due, _, folded, shared in kept]
    return found


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31/08 + 6 -> 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def dated(document: Document, when: When) -> tuple[dt.date, str, bool] | None:
    """(first day, precision, computed) of a time expression in a document, or None if it has no date."""
    if when.kind == "date":
        parts = [int(part) for part in when.date.split("-")]
        precision = ("year", "month", "day")[len(parts) - 1]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1), precision, False
    if when.kind != "recurrence" or not when.every or document.date is None:
        return None
    if when.by:
        month, day = (int(part) for part in when.by.split("-"))
        year = document.date.year
        if (month, day) == (2, 29):
            while not _calendar.isleap(year) or dt.date(year, 2, 29) < document.date:
                year += 1
            return dt.date(year, 2, 29), "day", False
        first = dt.date(year, month, day)
        return (first if first >= document.date else dt.date(year + 1, month, day)), "day", False
    return add_months(document.date, EVERY_MONTHS[when.every]), "day", True


# Each document's dated items at the last call, by id, with the document they were read from (the same object
# from one build to the next when its file did not change): `mkdocs serve` asks again after every edit, and
# reading every document again was 0.2 s of each 4 s rebuild at 2,000 plans (profiled). Only the documents of
# the last call are kept.
_BY_DOCUMENT: dict[str, tuple[Document, list[Due]]] = {}


def entries(corpus: Corpus) -> list[Due]:
    """Every task, report and target of the corpus that falls due on a date, in date order."""
    global _BY_DOCUMENT
    previous, _BY_DOCUMENT = _BY_DOCUMENT, {}
    found: list[Due] = []
    for document in corpus.documents.values():
        known = previous.get(document.id)
        if known is None or known[0] is not document:
            known = (document, _document_entries(document))
        _BY_DOCUMENT[document.id] = known
        found += known[1]
    return sorted(found, key=lambda due: (due.start, due.document.id, due.field, due.node, due.agency))


def _document_entries(document: Document) -> list[Due]:
    items = [("reporting", item.anchor, item.agency, f"Báo cáo: {item.reporter} → {item.recipient}", item.when)
             for item in document.reporting]
    # A reporting duty is also its agency's task in the same paragraph: listed once, as the report.
    reports = {(node, agency, when) for _, node, agency, _, when in items}
    items += [("responsibilities", item.anchor, item.agency, item.task, item.when) for item in document.responsibilities
              if (item.anchor, item.agency, item.when) not in reports]
    items += [("targets", item.anchor, "", f"Chỉ tiêu: {item.indicator} — {item.value_text}", item.when)
              for item in document.targets if item.when.kind == "date"]
    found = []
    for field, node, agency, what, when in items:
        date = dated(document, when)
        if date:
            found.append(Due(document, field, node, agency, what, when, *date))
    return found


def horizon(corpus: Corpus, due: list[Due]) -> int:
    """The last year the calendar lists: the latest year any plan names (a due date, a period's end, a
    target's year), so recurrences are listed as far as the plans themselves look."""
    years = [item.start.year for item in due]
    for document in corpus.documents.values():
        years += [target.target_year for target in document.targets if target.target_year]
        years += [item.when.end for item in (*document.responsibilities, *document.reporting, *document.targets)
                  if item.when.end]
    return max(years, default=0)
