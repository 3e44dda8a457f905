"""The calendar of what falls due: an index page, one page per month that has anything due (so no page grows
with time, and each grows only with the plans due that month), and an iCalendar feed per agency kind and per
locality. Dates come from plansite/analysis/calendar.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from plansite.analysis.calendar import Due, entries, horizon
from plansite.corpus.model import Corpus, Document, Locality
from plansite.render import icalendar
from plansite.render.context import RenderContext
from plansite.render.page import Download
from plansite.render.urls import Paths, page_url


def localities_of(document: Document, corpus: Corpus) -> list[Locality]:
    """The issuer's locality and those above it: a province's filter and feed include its districts' plans."""
    chain, locality_id = [], document.issuer.locality
    while locality_id and locality_id in corpus.localities and len(chain) < 10:
        chain.append(corpus.localities[locality_id])
        locality_id = corpus.localities[locality_id].parent
    return chain


def pages(context: RenderContext):
    corpus = context.corpus
    due = entries(corpus)
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

    keys = sorted(months)
    for index, (year, month) in enumerate(keys):
        rows = sorted(months[year, month], key=lambda pair: (pair[0], pair[1].document.id, pair[1].node, pair[1].agency))
        yield context.html_page(
            Paths.calendar_month(year, month), "calendar_month.html.j2", f"Lịch hạn tháng {month:02d}/{year}", search=False,
            node_label=context.node_label, year=year, month=month, rows=[(day, item, localities_of(item.document, corpus)) for day, item in rows],
            previous=keys[index - 1] if index else None, following=keys[index + 1] if index + 1 < len(keys) else None,
        )

    feeds_by_agency: dict[str, list[Due]] = defaultdict(list)
    feeds_by_locality: dict[str, list[Due]] = defaultdict(list)
    for item in due:
        if item.agency:
            feeds_by_agency[item.agency].append(item)
        for locality in localities_of(item.document, corpus):
            feeds_by_locality[locality.id].append(item)
    for agency_id, items in sorted(feeds_by_agency.items()):
        name = f"Lịch hạn: {corpus.agencies[agency_id].name}"
        yield Download(Paths.agency_feed(agency_id), icalendar.feed(name, [(item, paragraph_url(item)) for item in items], corpus, context.node_label))
    for locality_id, items in sorted(feeds_by_locality.items()):
        name = f"Lịch hạn: {corpus.localities[locality_id].full_name}"
        yield Download(Paths.locality_feed(locality_id), icalendar.feed(name, [(item, paragraph_url(item)) for item in items], corpus, context.node_label))

    years: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for year, month in keys:
        years[year].append((month, len(months[year, month])))
    yield context.markdown_page(
        Paths.calendar, "calendar.md.j2", "Lịch hạn",
        years=sorted(years.items()), whole_years=whole_years, last_year=last_year,
        agency_feeds=[(corpus.agencies[agency_id], len(items)) for agency_id, items in sorted(feeds_by_agency.items())],
        locality_feeds=[(corpus.localities[locality_id], len(items)) for locality_id, items in sorted(feeds_by_locality.items())],
    )
