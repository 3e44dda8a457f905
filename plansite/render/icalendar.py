"""The calendar as iCalendar feeds (RFC 5545): one VEVENT per task, report or target that falls due, all-day, with its
recurrence rule; written by hand, as the format is a few lines of text and the site has no other use for a
library (the tests read every feed back with the `icalendar` package)."""

from __future__ import annotations

import datetime as dt

from plansite.analysis.calendar import Due, FeedEntry, add_months
from plansite.analysis.today import Today
from plansite.corpus.model import EVERY_MONTHS, Corpus, from_source
from plansite.render.labels import NodeLabels
from plansite.text.uncertain import marked_plain

PRODID = "-//Ke hoach thuc hien Chi thi 28-CT/TW//Lich han//VI"
UID_DOMAIN = "ke-hoach-28-ct-tw"
# RRULE of each interval: FREQ and INTERVAL follow from the months between two occurrences.
RRULES = {months: ("FREQ=YEARLY" if months == 12 else f"FREQ=MONTHLY;INTERVAL={months}" if months > 1 else "FREQ=MONTHLY")
          for months in EVERY_MONTHS.values()}


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _end(due: Due) -> dt.date:
    """The exclusive end of an all-day event: the next day, or the whole month or year printed."""
    if due.precision == "year":
        return dt.date(due.start.year + 1, 1, 1)
    if due.precision == "month":
        return add_months(due.start.replace(day=1), 1)
    return due.start + dt.timedelta(days=1)


def event(entry: FeedEntry, corpus: Corpus, url: str, labels: NodeLabels, today: list[Today] = ()) -> list[str]:
    """One duty's event (analysis/calendar.py, feed_entries); `labels`: the build's paragraph labels (never kept
    from one build to the next: under `mkdocs serve` an edit may renumber a document); `today`: what the agency
    kinds and the place it names are now (analysis/today.py), in words after the text as printed."""
    due = entry.due
    document = due.document
    agency = corpus.agencies[due.agency].name if due.agency else ""
    who = agency or ("Chỉ tiêu" if due.field == "targets" else "")
    readings = document.readings_at(due.node)  # what the words quote from the paragraph carry its uncertain readings
    when_text = marked_plain(due.when.text, readings)
    # A plan known by its summary says so, as its lists do ("(chỉ có tóm tắt)"), and its duties' words are its source's.
    title = f"{document.short_title} {document.content_mark}" if document.content_mark else document.short_title
    summary = f"{title}: {who + ' — ' if who else ''}{when_text or due.when.summary}"
    # A duty with several periods says each (its days are the first's, the others' all among them).
    periods = f" ({'; '.join(item.when.summary for item in (due, *entry.folded))})" if entry.folded else ""
    written = "như nguồn ghi" if from_source(due.node) else "như in"  # a deadline a news item gives is its words
    notes = [marked_plain(due.what, readings)] + ([f"Thời hạn {written}: {when_text}{periods}"] if when_text else [])
    notes += [note.text for note in today]
    if due.computed:
        issued = next((f" (suy luận: {item.reason.rstrip('.')})" for item in document.provenance.inferred if item.field == "date"), "")
        notes.append(f"Văn bản không ghi ngày: ngày được tính từ ngày ban hành văn bản{issued}.")
    notes.append(f"{document.short_title}, {document.issuer_name}, {labels.place(document, due.node)}: {url}")
    stamp = (document.date or due.start).strftime("%Y%m%dT000000Z")  # a fixed stamp: two builds are identical
    lines = [
        "BEGIN:VEVENT",
        f"UID:{due.uid}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{due.start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{_end(due):%Y%m%d}",
    ]
    if due.recurring:
        lines.append(f"RRULE:{RRULES[EVERY_MONTHS[due.when.every]]}")
    if entry.shared:  # days another event of the same duty holds
        lines.append("EXDATE;VALUE=DATE:" + ",".join(f"{day:%Y%m%d}" for day in entry.shared))
    lines += [
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(notes))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return lines


def feed(name: str, items: list[tuple[FeedEntry, str, list[Today]]], corpus: Corpus, labels: NodeLabels) -> str:
    """A calendar of (event, URL of its paragraph, notes on what it names today) triples."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}"]
    for entry, url, today in items:
        lines += event(entry, corpus, url, labels, today)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
