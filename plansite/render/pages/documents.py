"""The list of all documents, and one list per facet value (level, type, year)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from plansite.corpus.model import LEVEL_LABELS, TYPE_LABELS, Document
from plansite.render.context import RenderContext
from plansite.render.paging import by_province, paginate
from plansite.render.urls import Paths

# What each facet reads from a document; its keys are the facet kinds of the URL scheme.
FACET_VALUE = {
    "cap": lambda d: d.issuer.level,
    "loai": lambda d: d.type,
    "nam": lambda d: str(d.year) if d.year else Paths.UNKNOWN_YEAR,
}
FACET_TITLES = {"cap": "Cấp ban hành", "loai": "Loại văn bản", "nam": "Năm ban hành"}
assert tuple(FACET_VALUE) == tuple(FACET_TITLES) == Paths.FACET_KINDS


def facets(documents: list[Document]) -> dict[str, list[tuple[str, str, int, str]]]:
    """(value, label, count, what the count holds that is not certain) for each facet page, in the order the index
    lists them: a year counts the documents whose date is inferred apart, and the documents of no known date have
    a page of their own, last."""
    level = Counter(d.issuer.level for d in documents)
    kind = Counter(d.type for d in documents)
    year = Counter(FACET_VALUE["nam"](d) for d in documents)
    inferred = Counter(FACET_VALUE["nam"](d) for d in documents if d.date and d.is_inferred("date"))
    years = sorted((v for v in year if v != Paths.UNKNOWN_YEAR), reverse=True) + [v for v in year if v == Paths.UNKNOWN_YEAR]
    return {
        "cap": [(v, LEVEL_LABELS[v], level[v], "") for v in LEVEL_LABELS if level.get(v)],
        "loai": [(v, TYPE_LABELS[v], kind[v], "") for v in TYPE_LABELS if kind.get(v)],
        "nam": [(v, year_label(v), year[v], f"trong đó {inferred[v]} có ngày suy luận" if inferred[v] else "") for v in years],
    }


def year_label(value: str) -> str:
    return "Không rõ năm" if value == Paths.UNKNOWN_YEAR else f"Năm {value}"


def _by_year(documents: list[Document]) -> list[tuple[str, str, list[Document]]]:
    """Newest year first, as the documents come (newest first); documents without a year last."""
    groups: dict[str, list[Document]] = {}
    for document in documents:
        groups.setdefault(str(document.year) if document.year else "", []).append(document)
    years = sorted((year for year in groups if year), reverse=True) + ([""] if "" in groups else [])
    return [(year or "khong-ro-nam", f"Năm {year}" if year else "Không rõ năm", groups[year]) for year in years]


def _by_province(context: RenderContext, documents: list[Document]) -> list[tuple[str, str, list[Document]]]:
    """Central documents first, then by province name; newest first within each."""
    return by_province(documents, context.graph.province_of)


def pages(context: RenderContext):
    by_date = sorted(context.corpus.documents.values(), key=lambda d: (d.date or dt.date.min, d.id), reverse=True)
    found = facets(by_date)
    # Every document, newest first, numbered from the index page itself: no key divides "all" better than
    # the facets the index links to.
    everything = paginate(Paths.documents, [("", "", by_date)], context.rows_per_page)
    yield context.markdown_page(Paths.documents, "documents_index.md.j2", "Tất cả văn bản", documents=by_date, facets=found,
                                facet_titles=FACET_TITLES, listing=everything)
    for part in everything.own_parts:
        yield context.html_page(part.path, "documents_part.html.j2", part.title("Tất cả văn bản"), search=False,
                                listing=everything, part=part, whole_name="Tất cả văn bản", base="Tất cả văn bản")
    for kind in Paths.FACET_KINDS:
        for value, label, _, _ in found[kind]:
            documents = [d for d in by_date if FACET_VALUE[kind](d) == value]
            # A level or a type by year; a year by province.
            groups = _by_province(context, documents) if kind == "nam" else _by_year(documents)
            split = paginate(Paths.facet(kind, value), groups, context.rows_per_page)
            yield context.markdown_page(Paths.facet(kind, value), "facet.md.j2", label, label=label, documents=documents,
                                        listing=split, by="tỉnh, thành phố" if kind == "nam" else "năm")
            for part in split.own_parts:
                yield context.html_page(part.path, "documents_part.html.j2", part.title(f"Văn bản: {label}"), search=False,
                                        listing=split, part=part, whole_name=label, base=f"Văn bản: {label}")
