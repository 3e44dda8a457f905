"""The corpus as open data (one JSON file, CSV files of tasks and targets) and as JSON-LD for machines."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from plansite.analysis.targets import rows as compared_targets
from plansite.corpus.model import (
    COMPARATOR_LABELS,
    CONTENT_LABELS,
    LEVEL_LABELS,
    TYPE_LABELS,
    Corpus,
    Document,
    PublishedCorpus,
    Target,
    When,
    content_kind,
)
from plansite.render.archive import member_name, xz_compressed, zipped
from plansite.render.urls import Paths, page_url
from plansite.text import quantity
from plansite.text.uncertain import PLAIN_MARK, marked_plain

LICENCE = (
    "Các văn bản là văn bản hành chính công khai của cơ quan Đảng và Nhà nước; "
    "phần cấu trúc, trích xuất và khôi phục dấu của dự án được phát hành theo CC0 1.0."
)
# A document's number and date as every file gives them (Document.number_text, the date's cell): marked when inferred.
NUMBER_MEANING = "số hiệu như in; 'chưa rõ số' nếu kho không biết; '(suy luận)' sau số hiệu nếu suy ra"
DATE_MEANING = "ngày ban hành (YYYY-MM-DD); '(suy luận)' sau ngày nếu suy ra"
CONTENT_MEANING = ("kho có gì của văn bản: full-text = toàn văn; summary = chỉ có tóm tắt do người khác viết (tin bài, "
                   "báo cáo), không phải lời văn bản; metadata-only = chỉ có thông tin mô tả")
UNCERTAIN_MEANING = f"; '{PLAIN_MARK.strip()}' sau một chữ: chỗ khôi phục chưa chắc chắn, như trên trang văn bản"
LOCALITY_END_MEANING = ("ngày cuối cùng địa phương tồn tại (YYYY-MM-DD), như các huyện và các tỉnh đã sáp nhập (đến 30/06/2025); "
                        "trống nếu còn tồn tại, hoặc với văn bản Trung ương")
ORIGIN_MEANING = "khi không có đoạn (node): nguồn cho biết điều này (ai viết, tên bài, ngày, địa chỉ), vì kho chưa có toàn văn"
DOCUMENT_COLUMNS = [
    ("id", "id văn bản"), ("number", NUMBER_MEANING),
    ("type", "loại văn bản"), ("title", "trích yếu; '(suy luận)' sau trích yếu nếu kho suy ra (văn bản không in)"), ("date", DATE_MEANING),
    ("issuer", "cơ quan ban hành (văn bản liên tịch: mọi cơ quan, cách nhau bởi dấu ;)"), ("line", "khối của cơ quan thứ nhất: party, state, front"),
    ("level", "cấp: central, province, district, commune"), ("locality_id", "id địa phương; trống với văn bản Trung ương"),
    ("locality", "tên địa phương"), ("locality_valid_to", LOCALITY_END_MEANING), ("implements", "id các văn bản được thực hiện, cách nhau bởi dấu ;"),
    ("directive_tree", "yes nếu văn bản thuộc cây thực hiện Chỉ thị 28-CT/TW, no nếu nó thực hiện văn bản khác"),
    ("content", CONTENT_MEANING), ("summary_source", "với summary: ai viết tóm tắt, tên bài, ngày, địa chỉ"),
    ("url", "đường dẫn đến trang văn bản, tính từ gốc trang web"),
]
RESPONSIBILITY_COLUMNS = [
    ("document_id", "id văn bản"), ("document_number", NUMBER_MEANING), ("document_date", DATE_MEANING),
    ("issuer", "cơ quan ban hành (văn bản liên tịch: mọi cơ quan, cách nhau bởi dấu ;)"), ("locality_id", "id địa phương"), ("locality", "tên địa phương"),
    ("locality_valid_to", LOCALITY_END_MEANING), ("agency_id", "id loại cơ quan"), ("agency", "tên loại cơ quan"),
    ("role", "vai trò: lead = chủ trì, support = phối hợp, implement = thực hiện, request = được đề nghị (cơ quan ngoài quyền chỉ đạo của nơi ban hành)"),
    ("task", "nội dung nhiệm vụ, nguyên văn đoạn của văn bản; khi có origin: lời của nguồn đó, không phải lời văn bản" + UNCERTAIN_MEANING), ("deadline", "thời hạn, nguyên văn như in; khi có origin: như nguồn đó ghi; trống nếu không ghi" + UNCERTAIN_MEANING),
    ("deadline_kind", "loại thời hạn: date = một hạn, recurrence = định kỳ, period = giai đoạn, ongoing = thường xuyên, as-needed = khi phát sinh, unknown = văn bản không ghi"),
    ("deadline_date", "với date: hạn đúng độ chính xác văn bản ghi (YYYY-MM-DD, YYYY-MM hoặc YYYY)"),
    ("deadline_every", "với recurrence: year, half-year, quarter, month; trống nếu văn bản chỉ ghi 'định kỳ'"),
    ("deadline_by", "với recurrence hằng năm: ngày hạn trong năm (MM-DD), nếu văn bản ghi"),
    ("period_from", "với period: năm bắt đầu"), ("period_to", "với period: năm kết thúc"),
    ("node", "neo của đoạn trong văn bản"), ("url", "đường dẫn đến đoạn (hoặc đến nguồn), tính từ gốc trang web"),
    ("document_content", CONTENT_MEANING), ("origin", ORIGIN_MEANING),
]
# A comparator as a code in chi-tieu.csv: written as in the corpus, "=" starts like a formula, and the cell
# would be guarded as "'=" (spreadsheet_safe), which no filter on "=" finds.
CSV_COMPARATORS = {"=": "eq", ">=": "ge", ">": "gt", "<": "lt", "<=": "le"}
TARGET_COLUMNS = [
    ("document_id", "id văn bản"), ("document_number", NUMBER_MEANING), ("locality_id", "id địa phương"), ("locality", "tên địa phương"),
    ("locality_valid_to", LOCALITY_END_MEANING), ("indicator", "chỉ tiêu, nguyên văn đoạn của văn bản; khi có origin: lời của nguồn đó" + UNCERTAIN_MEANING), ("target", "chỉ tiêu như trang web ghi (số viết kiểu Việt Nam: 20.000; 5–10%)"),
    ("direction", "chiều văn bản ghi: increase = tăng, decrease = giảm, maintain = duy trì; trống nếu văn bản không nói"),
    ("measure", "level = mức cần đạt, change = mức thay đổi (ví dụ giảm 5–10% mỗi năm)"),
    ("comparator", "so sánh: " + ", ".join(f"{code} = {COMPARATOR_LABELS[sign]} ({sign})" for sign, code in CSV_COMPARATORS.items())),
    ("value", "giá trị (một mức; trống nếu là một khoảng), dấu chấm thập phân"), ("value_min", "khoảng: giá trị nhỏ"), ("value_max", "khoảng: giá trị lớn"),
    ("unit", "đơn vị (% , ‰, /100.000 trẻ em, hộ gia đình…)"),
    ("baseline_value", "mốc so sánh: giá trị, cùng đơn vị; trống nếu văn bản không ghi"), ("baseline_year", "mốc so sánh: năm; trống nếu văn bản không ghi"),
    ("year", "năm đích như văn bản in; trống nếu văn bản không ghi năm (không bao giờ suy ra)"),
    ("time", "thời gian, nguyên văn như in; khi có origin: như nguồn đó ghi; trống nếu không ghi" + UNCERTAIN_MEANING),
    ("time_kind", "loại thời gian: date = một hạn hoặc một năm, recurrence = định kỳ (mỗi năm), period = giai đoạn, ongoing = thường xuyên, as-needed = khi phát sinh, unknown = văn bản không ghi"),
    ("time_date", "với date: đúng độ chính xác văn bản ghi (YYYY-MM-DD, YYYY-MM hoặc YYYY)"),
    ("time_every", "với recurrence: year, half-year, quarter, month"),
    ("period_from", "với period: năm bắt đầu"), ("period_to", "với period: năm kết thúc"),
    ("node", "neo của đoạn trong văn bản"), ("url", "đường dẫn đến đoạn (hoặc đến nguồn), tính từ gốc trang web"),
    ("document_content", CONTENT_MEANING), ("origin", ORIGIN_MEANING),
]
COVERAGE_COLUMNS = [
    ("view", "cách xem: 63 = 63 tỉnh, thành phố trước 01/07/2025 (theo đơn vị ban hành văn bản); 34 = 34 tỉnh, thành phố từ 01/07/2025 (qua văn bản của các tỉnh cũ nhập vào)"),
    ("province_id", "id địa phương"), ("province", "tên tỉnh, thành phố"), ("code", "mã đơn vị hành chính, kèm danh mục mã"),
    ("line", "khối: party = Đảng, state = Nhà nước"),
    ("state", "full = có văn bản toàn văn trong kho; known = kho chưa có toàn văn: chỉ biết qua tóm tắt, thông tin mô tả hoặc viện dẫn trong văn bản khác; none = chưa biết văn bản nào (không có nghĩa là địa phương chưa ban hành)"),
    ("state_label", "tình trạng bằng lời, như trên trang"), ("partial", "với cách xem 34: 'có' khi chỉ một số tỉnh cũ nhập vào có văn bản"),
    ("document_ids", "id các văn bản trong kho (cách nhau bởi dấu ;)"), ("documents", "các văn bản đó: số hiệu ('(suy luận)' sau số hiệu nếu suy ra), cơ quan ban hành và những gì kho có (toàn văn, tóm tắt, thông tin mô tả)"),
    ("cited", "kế hoạch chỉ biết qua viện dẫn: số hiệu và văn bản viện dẫn nó"),
    ("through", "với cách xem 34: id các tỉnh cũ mà văn bản thuộc về"), ("not_known", "với cách xem 34: id các tỉnh cũ chưa biết văn bản nào ở khối này"),
    ("page", "trang của địa phương, tính từ gốc trang web"),
    ("as_of", "kho tính đến ngày này: ngày ban hành của văn bản mới nhất trong kho (kho không ghi ngày rà soát riêng)"),
]
ALIGNMENT_COLUMNS = [
    ("child_id", "id văn bản thực hiện"), ("child_number", "số hiệu văn bản thực hiện; " + NUMBER_MEANING),
    ("child_node", "neo của đoạn trong văn bản thực hiện; trống nếu đoạn của văn bản cấp trên không được lấy lại"),
    ("parent_id", "id văn bản cấp trên"), ("parent_number", "số hiệu văn bản cấp trên; " + NUMBER_MEANING),
    ("parent_node", "neo của đoạn trong văn bản cấp trên; trống nếu đoạn là đoạn bổ sung"),
    ("kind", "copied = chép nguyên, adapted = sửa lại, added = bổ sung, dropped = đoạn của văn bản cấp trên không được lấy lại"),
    ("heading", "yes nếu mục (child_node; với dropped: parent_node) là đề mục, có mục con; no nếu là đoạn. Số liệu tóm tắt trên trang chỉ tính đoạn"),
    ("similarity", "phần chữ của đoạn văn bản thực hiện lấy từ đoạn này của văn bản cấp trên, từ 0 đến 1"),
    ("url", "trang đối chiếu hai văn bản, tính từ gốc trang web"),
]
FILES = [
    (Paths.corpus_archive, "Toàn bộ kho như trong kho mã nguồn: mỗi văn bản một tệp YAML (thư mục corpus/documents/), các bản gốc "
     "dùng để khôi phục (corpus/sources/), danh mục địa phương, loại cơ quan, luật và lược đồ (corpus/schema/).", []),
    (Paths.corpus_json, "Toàn bộ kho: văn bản (kể cả toàn văn dạng cây và các trích xuất), địa phương, loại cơ quan, luật.", []),
    (Paths.documents_csv, "Mỗi dòng một văn bản, với loại nội dung kho có (toàn văn, tóm tắt, thông tin mô tả).", DOCUMENT_COLUMNS),
    (Paths.tasks_csv, "Mỗi dòng một nhiệm vụ giao cho một loại cơ quan trong một văn bản.", RESPONSIBILITY_COLUMNS),
    (Paths.targets_csv, "Mỗi dòng một chỉ tiêu định lượng, xếp như trang Chỉ tiêu: cùng chỉ tiêu, cùng đơn vị, cùng cách đo liền nhau, theo năm.", TARGET_COLUMNS),
    (Paths.coverage_csv, "Bản đồ các tỉnh đã có kế hoạch thực hiện Chỉ thị: mỗi dòng một tỉnh, thành phố ở một khối, theo một cách xem.", COVERAGE_COLUMNS),
    (Paths.alignment_csv, "Mỗi dòng một cặp đoạn của một văn bản và văn bản cấp trên mà nó thực hiện, khi kho có toàn văn "
     "của cả hai: đoạn chép nguyên, sửa lại, bổ sung, hoặc đoạn của văn bản cấp trên không được lấy lại. Đây là phép đối chiếu "
     "do trang web tự tính từ chữ của hai văn bản, không phải nội dung của văn bản.", ALIGNMENT_COLUMNS),
]


def open_record(record: dict) -> dict:
    """A document as the JSON files give it: the validated data of its YAML file, so it follows
    corpus/schema/document.schema.json, with its `content` always written (a file may leave it to its provenance:
    model.content_kind), so that no program has to know that rule to tell a summary from a full text."""
    return record if "content" in record else {**record, "content": content_kind(record)}


def files(published: PublishedCorpus, directive_tree: frozenset[str] | set[str] = frozenset()) -> dict[str, Callable[[], str | bytes]]:
    """Each open-data file, as the function that makes it: under `mkdocs serve` they are made after the pages."""
    return {
        Paths.corpus_json: lambda: xz_compressed(corpus_json(published)),
        Paths.documents_csv: lambda: zipped_csv(Paths.documents_csv, DOCUMENT_COLUMNS, document_rows(published.corpus, directive_tree)),
        Paths.tasks_csv: lambda: zipped_csv(Paths.tasks_csv, RESPONSIBILITY_COLUMNS, task_rows(published.corpus)),
        Paths.targets_csv: lambda: zipped_csv(Paths.targets_csv, TARGET_COLUMNS, target_rows(published.corpus)),
    }


def corpus_json(published: PublishedCorpus) -> Iterator[str]:
    """The JSON of the whole corpus, in pieces, a document each (archive.xz_compressed): joined, they are
    `json.dumps` of {licence, documents, localities, agencies, laws} (laws empty when the corpus has no registry
    of them)."""
    registries = published.registries
    yield f'{{"licence": {_json(LICENCE)}, "documents": ['
    for index, doc_id in enumerate(sorted(published.corpus.documents)):
        yield (", " if index else "") + _json(open_record(published.records[doc_id]))
    yield f'], "localities": {_json(registries.get("localities", []))}, "agencies": {_json(registries.get("agencies", []))}, "laws": {_json(registries.get("laws", []))}}}'


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def document_rows(corpus: Corpus, directive_tree: frozenset[str] | set[str]) -> list[dict]:
    rows = []
    for document in sorted(corpus.documents.values(), key=lambda d: d.id):
        common = _document_columns(document, corpus)
        summary = document.summary_source
        rows.append({
            "id": document.id, "number": document.number_text, "type": TYPE_LABELS[document.type], "title": document.title_text,
            "date": document.marked("date", document.date.isoformat()) if document.date else "", "issuer": document.issuer_names,
            "line": document.issuer.line, "level": document.issuer.level, "locality_id": common["locality_id"],
            "locality": common["locality"], "locality_valid_to": common["locality_valid_to"], "implements": "; ".join(document.implements),
            "directive_tree": "yes" if document.id in directive_tree else "no", "content": document.content,
            "summary_source": summary.citation if summary else "", "url": page_url(Paths.document(document.id)),
        })
    return rows


def task_rows(corpus: Corpus) -> Iterator[dict]:
    for document in sorted(corpus.documents.values(), key=lambda d: d.id):
        if not document.responsibilities:
            continue  # its columns are worked out for the documents' file already
        common = _document_columns(document, corpus)
        for item in document.responsibilities:
            agency = corpus.agencies[item.agency]
            readings = document.readings_at(item.node)
            yield dict(
                common, document_date=document.marked("date", document.date.isoformat()) if document.date else "", issuer=document.issuer_names,
                agency_id=agency.id, agency=agency.name, role=item.role, task=marked_plain(item.task, readings), node=item.node,
                url=f"{page_url(Paths.document(document.id))}#{item.anchor}", origin=origin_text(document, item),
                **when_columns(item.when, readings),
            )


def target_rows(corpus: Corpus) -> list[dict]:
    return [dict(_document_columns(document, corpus), **target_columns(target, document.readings_at(target.node)), origin=origin_text(document, target),
                 url=f"{page_url(Paths.document(document.id))}#{target.anchor}") for document, target in compared_targets(corpus)]


def origin_text(document: Document, item) -> str:
    """The source an extract item comes from, in one cell; empty for an item from a paragraph."""
    return document.source(item.origin).citation if item.origin else ""


def _document_columns(document: Document, corpus: Corpus) -> dict[str, str]:
    locality = corpus.localities.get(document.issuer.locality or "")
    return {
        "document_id": document.id, "document_number": document.number_text,
        "locality_id": locality.id if locality else "", "locality": locality.name if locality else "",
        "locality_valid_to": locality.valid_to.isoformat() if locality and locality.valid_to else "",
        "document_content": document.content,
    }


def target_columns(target: Target, readings: tuple[str, ...] = ()) -> dict[str, object]:
    """A target's columns in chi-tieu.csv: what the page shows (the uncertain readings of its paragraph marked),
    then each part as data (empty where the text gives nothing: no year is ever filled in)."""
    when = target.when
    return {
        "indicator": marked_plain(target.indicator, readings), "target": target.value_text, "direction": target.direction, "measure": target.measure,
        "comparator": CSV_COMPARATORS[target.comparator], "value": _number(target.value), "value_min": _number(target.low), "value_max": _number(target.high),
        "unit": target.unit, "baseline_value": _number(target.baseline.value if target.baseline else None),
        "baseline_year": target.baseline.year if target.baseline and target.baseline.year else "",
        "year": target.target_year or "", "time": marked_plain(when.text, readings), "time_kind": when.kind, "time_date": when.date, "time_every": when.every,
        "period_from": when.start or "", "period_to": when.end or "", "node": target.node,
    }


def _number(value: float | None) -> str:
    return quantity.machine_number(value) if value is not None else ""


def when_columns(when: When, readings: tuple[str, ...] = ()) -> dict[str, object]:
    """A time expression's columns in nhiem-vu.csv: as printed (its paragraph's uncertain readings marked), then
    normalised (empty where it does not apply)."""
    return {
        "deadline": marked_plain(when.text, readings), "deadline_kind": when.kind, "deadline_date": when.date, "deadline_every": when.every,
        "deadline_by": when.by, "period_from": when.start or "", "period_to": when.end or "",
    }


# A cell that starts like a formula is run by spreadsheet programs (OWASP "CSV injection"); a plain number
# such as -5 is data, anything else starting with these characters gets a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def spreadsheet_safe(value: object) -> object:
    """The cell as a spreadsheet shows it, never as a formula it would run."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(columns, rows) -> str:
    return "".join(csv_pieces(columns, rows))


def zipped_csv(path: str, columns, rows: Iterable[dict]) -> bytes:
    """A table published zipped, as every table that grows with the corpus is (at 10,000 plans van-ban.csv and
    chi-tieu.csv were 5.3 and 4.1 MB, zipped 0.4 each): the CSV inside is named after `path`."""
    return zipped([(member_name(path), csv_pieces(columns, rows))])


def csv_pieces(columns, rows: Iterable[dict], rows_a_piece: int = 1000) -> Iterator[str]:
    """A table as CSV text, in pieces of `rows_a_piece` rows: a zipped table is compressed as its rows come
    (archive.zipped), never held whole, nor its rows."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs need the BOM to read UTF-8 Vietnamese correctly
    writer = csv.DictWriter(buffer, fieldnames=[name for name, _ in columns], lineterminator="\n")
    writer.writeheader()
    for count, row in enumerate(rows, 1):
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
        if count % rows_a_piece == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def legislation_jsonld(document: Document, corpus: Corpus) -> dict:
    """schema.org Legislation; `legislationApplies` points to the documents this one carries out."""
    passed_by = [{"@type": "GovernmentOrganization", "name": name} for name in document.issuer_name_list]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": f"{document.short_title} {document.title_text}",
        "legislationType": TYPE_LABELS[document.type],
        "inLanguage": "vi",
        "legislationPassedBy": passed_by[0] if len(passed_by) == 1 else passed_by,
        "legislationJurisdiction": LEVEL_LABELS[document.issuer.level],
    }
    # What the corpus holds of it. schema.org has no property for this: a named PropertyValue says it. A summary
    # is someone else's work about the document (`subjectOf`), never its `text`.
    data["additionalProperty"] = {"@type": "PropertyValue", "propertyID": "content", "name": "Nội dung trong kho",
                                  "value": document.content, "description": CONTENT_LABELS[document.content]}
    if document.sources:
        works = [{"@type": "CreativeWork", "author": {"@type": "Organization", "name": source.author}, "headline": source.title,
                  "datePublished": source.date} | ({"url": source.url} if source.url else {}) for source in document.sources]
        data["subjectOf"] = works[0] if len(works) == 1 else works
    if document.number is not None:  # an unknown number is left out, not given a placeholder
        data["legislationIdentifier"] = document.number_text
    if document.date and not document.is_inferred("date"):  # an inferred date is no document's date
        data["legislationDate"] = document.date.isoformat()
    locality = corpus.localities.get(document.issuer.locality or "")
    if locality:
        data["spatialCoverage"] = {"@type": "AdministrativeArea", "name": locality.full_name, "identifier": locality.code}
    # A document it carries out by its short title and number, not its whole title: that is on its own page, and
    # repeated in every child's it was 4.6 MB of the 14.6 MB of JSON-LD at 10,000 plans. One without a number
    # keeps its whole title, which alone tells it from the others of its kind.
    applies = []
    for parent_id in document.implements:
        parent = corpus.documents.get(parent_id)
        if parent:
            name = parent.short_title if parent.number is not None else f"{parent.short_title} {parent.title_text}"
            applies.append({"@type": "Legislation", "name": name}
                           | ({"legislationIdentifier": parent.number_text} if parent.number is not None else {}))
    if applies:
        data["legislationApplies"] = applies
    return data
