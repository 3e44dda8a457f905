"""The calendar of what falls due: an index page, one page per month that has anything due (so no page grows
with time, and each grows only with the plans due that month), and an iCalendar feed per agency kind and per
locality. Dates come from plansite/analysis/calendar.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from plansite.analysis.calendar import Due, by_obligation, falls_due_by, feed_entries, horizon
from plansite.analysis.today import Notes, Today
from plansite.corpus.model import Corpus, Document, Locality
from plansite.render import icalendar
from plansite.render.context import RenderContext
from plansite.render.paging import paginate
from plansite.render.urls import Paths, page_url
from plansite.text.folding import fold_key


def localities_of(document: Document, corpus: Corpus) -> list[Locality]:
    """The issuer's locality and those above it: a province's filter and feed include its districts' plans."""
    chain, locality_id = [], document.issuer.locality
    while locality_id and locality_id in corpus.localities and len(chain) < 10:
        chain.append(corpus.localities[locality_id])
        locality_id = corpus.localities[locality_id].parent
    return chain


class Row(NamedTuple):
    """A row of the calendar, of a month or of the deadlines known only by their year: a duty on a day, its
    entries (two periods of one printed deadline may meet on a day: analysis/calendar.py, by_obligation), the
    plan's localities and the notes on what the row names today, each in the cell of what it is about."""

    day: dt.date
    items: tuple[Due, ...]
    chain: list[Locality]
    today: list[Today]

    @property
    def item(self) -> Due:
        return self.items[0]

    @property
    def on_words(self) -> list[Today]:
        """The ended kinds its words name (a report's recipient) other than its own kind."""
        return [note for note in self.today if note.what == "agency" and note.id != self.item.agency]

    @property
    def on_agency(self) -> list[Today]:
        return [note for note in self.today if note.what == "agency" and note.id == self.item.agency]

    @property
    def on_place(self) -> list[Today]:
        return [note for note in self.today if note.what == "locality"]


def pages(context: RenderContext):
    corpus = context.corpus
    due = context.due
    last_year = horizon(corpus, due)
    until = dt.date(last_year, 12, 31) if last_year else dt.date.min
    months: dict[tuple[int, int], list[tuple[dt.date, Due]]] = defaultdict(list)
    whole_years: list[Due] = []
    for item in due:
        if item.precision == "year":
            whole_years.append(item)
            continue
        for day in item.occurrences(until):
            months[day.year, day.month].append((day, item))

    def paragraph_url(item: Due) -> str:
        return f"{context.site_url.rstrip('/')}/{page_url(Paths.document(item.document.id))}#{item.node}" if context.site_url else \
            f"{page_url(Paths.document(item.document.id))}#{item.node}"

    # What each agency kind and place an entry names is today, past its end (analysis/today.py), judged on the
    # last day its deadline lets it be met (falls_due_by).
    notes = Notes(corpus, context.graph.history)

    def notes_of(item: Due, chain: list[Locality], day: dt.date):
        return notes.of(item.agency, item.what, chain[0] if chain else None, falls_due_by(item, day))

    def rows_of(days: Iterable[tuple[dt.date, Due]]) -> list[Row]:
        """A row per duty and day, in the order given: the months' and the years' alike."""
        return [Row(day, items, chain, notes_of(items[0], chain, day))
                for day, items in by_obligation(days) for chain in [localities_of(items[0].document, corpus)]]

    keys = sorted(months)
    years: dict[int, list[tuple[int, int]]] = defaultdict(list)  # each year's months and their rows, for the index
    for index, (year, month) in enumerate(keys):
        rows = rows_of(sorted(months[year, month], key=lambda pair: (pair[0], pair[1].document.id, pair[1].node, pair[1].agency)))
        years[year].append((month, len(rows)))
        # A yearly duty of every plan falls in the same month: a long month is split by the province of the
        # plan (central documents first), each province's rows in date order.
        by_province: dict[str, tuple[str, list]] = {}
        for row in rows:
            chain = row.chain
            key, label = (chain[-1].id, chain[-1].name) if chain else ("trung-uong", "Trung ương")
            by_province.setdefault(key, (label, []))[1].append(row)
        order = sorted(by_province, key=lambda key: (key != "trung-uong", fold_key(by_province[key][0]), key))
        title = f"Lịch hạn tháng {month:02d}/{year}"
        listing = paginate(Paths.calendar_month(year, month), [(key, *by_province[key]) for key in order], context.rows_per_page)
        around = dict(previous=keys[index - 1] if index else None, following=keys[index + 1] if index + 1 < len(keys) else None)
        yield context.html_page(Paths.calendar_month(year, month), "calendar_month.html.j2", title, search=False,
                                node_label=context.node_label, year=year, month=month, listing=listing,
                                rows=rows, **around)
        for part in listing.own_parts:
            yield context.html_page(part.path, "calendar_part.html.j2", part.title(title), search=False,
                                    node_label=context.node_label, year=year, month=month, part=part, month_title=title)

    feeds_by_agency: dict[str, list[Due]] = defaultdict(list)
    feeds_by_locality: dict[str, list[Due]] = defaultdict(list)
    for item in due:
        if item.agency:
            feeds_by_agency[item.agency].append(item)
        for locality in localities_of(item.document, corpus):
            feeds_by_locality[locality.id].append(item)
    counted: dict[str, int] = {}  # the events of the feeds the index lists (kinds', provinces'), by path

    def feed(path: str, name: str, items: list[Due], listed: bool):
        """A feed, made when the downloads are; one the index lists is counted as a reader's calendar counts
        it, by its events (a duty one event, unless its periods' days part: feed_entries), made once for both."""
        entries = feed_entries(items, until) if listed else None
        if entries is not None:
            counted[path] = len(entries)

        def last_day(entry) -> dt.date:  # an event's notes are those of its last day the calendar lists
            return max([*entry.due.occurrences(until), entry.due.start])

        return lambda: icalendar.feed(
            name, [(entry, paragraph_url(entry.due), notes_of(entry.due, localities_of(entry.due.document, corpus), last_day(entry)))
                   for entry in (entries if entries is not None else feed_entries(items, until))], corpus, context.node_label)

    for agency_id, items in sorted(feeds_by_agency.items()):
        path = Paths.agency_feed(agency_id)
        yield context.download(path, feed(path, f"Lịch hạn: {corpus.agencies[agency_id].page_title}", items, listed=True))
    for locality_id, items in sorted(feeds_by_locality.items()):
        locality, path = corpus.localities[locality_id], Paths.locality_feed(locality_id)
        yield context.download(path, feed(path, f"Lịch hạn: {locality.page_title}", items, listed=not locality.parent))

    # Duties dated by a year only, by that year (a year's pages past a page of rows), in rows as the months'
    # are. The index links the provinces' feeds; a district's or a commune's is linked from its own page (a
    # feed per unit would list thousands of units here).
    by_year: dict[int, list[Row]] = defaultdict(list)
    for row in rows_of((item.start, item) for item in whole_years):
        by_year[row.day.year].append(row)
    whole_listing = paginate(Paths.calendar, [(f"nam-{year}", f"năm {year}", by_year[year]) for year in sorted(by_year)],
                             context.rows_per_page)
    yield context.markdown_page(
        Paths.calendar, "calendar.md.j2", "Lịch hạn",
        years=sorted(years.items()), whole_years=[row for year in sorted(by_year) for row in by_year[year]],
        last_year=last_year, whole_listing=whole_listing,
        agency_feeds=[(corpus.agencies[agency_id], counted[Paths.agency_feed(agency_id)]) for agency_id in sorted(feeds_by_agency)],
        locality_feeds=[(corpus.localities[locality_id], counted[Paths.locality_feed(locality_id)]) for locality_id in sorted(feeds_by_locality)
                        if not corpus.localities[locality_id].parent],
    )
    for part in whole_listing.own_parts:
        yield context.html_page(part.path, "calendar_years_part.html.j2", part.title("Hạn chỉ ghi năm"), search=False,
                                part=part)
