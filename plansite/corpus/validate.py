"""Rules that span fields and files: references resolve, no cycles, dates in order, nothing duplicated."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from plansite.analysis.graph import citation_key
from plansite.corpus import schema
from plansite.corpus.extracts import EXTRACTS
from plansite.corpus.loader import Loaded, ReadCache, registry_file
from plansite.corpus.model import (
    COMPARATOR_LABELS,
    CONTENT_LABELS,
    DIRECTION_EXCLUDES,
    DIRECTION_LABELS,
    LEVEL_LABELS,
    LINE_LABELS,
    TYPE_LABELS,
    Corpus,
    Document,
    date_problem,
    first_day,
    identity,
    last_day,
)
from plansite.corpus.problems import Problem, problem_folder
from plansite.corpus.registries import REGISTRIES, Registry
from plansite.corpus.yamlsource import FieldPath, SourceFile
from plansite.render.outline import document_page_anchors
from plansite.render.urls import Paths
from plansite.text import numbers, quantity, suggest
from plansite.text.folding import LEAST_WORDS, fold_key, lacks_diacritics, marked_words, slugify

# Anchors the document page uses for its own sections; a body node may not take them.
RESERVED_ANCHORS = document_page_anchors()
REGISTRY_ENTRY = {"agencies": "loại cơ quan", "localities": "địa phương", "communes": "đơn vị cấp xã"}  # what one entry of each registry is
ENTRY_PAGE = {"agencies": Paths.agency, "localities": Paths.locality, "communes": Paths.locality}  # the page of each entry
# The pages the site makes whatever the corpus holds (`Paths.documents` is `van-ban/index.md`...): a document,
# locality, agency or citation whose own page would be one of them would replace it.
FIXED_PAGES = frozenset(value for name, value in vars(Paths).items() if not name.startswith("_") and isinstance(value, str))
# Each registry reference's id pattern, as the schema gives it: a value of another shape is reported by the
# schema alone, not a second time as an unknown id.
_DOCUMENT_FIELDS = schema.validator("document.schema.json").schema["properties"]
REFERENCE_ID = {
    (extract.field, key): re.compile(_DOCUMENT_FIELDS[extract.field]["items"]["properties"][key]["pattern"])
    for extract in EXTRACTS for key, _ in extract.registry_refs
}
# The extracts whose items may come from a source instead of a paragraph (`origin`), and the shape of a source
# id: a value of another shape is reported by the schema alone.
PLACED = frozenset(extract.field for extract in EXTRACTS if "origin" in _DOCUMENT_FIELDS[extract.field]["items"]["properties"])
SOURCE_ID = re.compile(schema.validator("document.schema.json").schema["$defs"]["sourceRef"]["pattern"])
# Which values a facet page (`Paths.facet(kind, value)`) can take; a kind not listed here reserves them all.
FACET_VALUES = {"cap": LEVEL_LABELS.__contains__, "loai": TYPE_LABELS.__contains__, "nam": lambda v: v.isdigit() or v == Paths.UNKNOWN_YEAR}
# The numbered pages of a split listing (`Paths.part(whole, "", n)`: `van-ban/trang-2.md`), whatever the number.
PART_PAGE = re.compile(re.escape(Paths.PART_PAGE).replace(r"\{number\}", r"[0-9]+") + r"\.md")


def validate(loaded: Loaded, cache: ReadCache | None = None) -> list[Problem]:
    """All problems of the corpus: those found while loading, then the cross-reference rules.

    With the `cache` of the load (`mkdocs serve`), the rules of a document's body against the registries
    (`_check_body`), the most costly, are taken from the last validation for every document file not read
    again, as long as no registry file changed: they read nothing else. At 2,000 plans a validation after an
    edit took 1.1–1.2 s, and 0.5 s with them kept (with `corpus/sources/` resolved once, not for each
    document). The problems are the same as a fresh validation's (tests/test_validation.py)."""
    problems = list(loaded.problems)
    problems += _check_registries(loaded)
    known_ids = set(loaded.corpus.documents) | loaded.broken_ids
    same_identity: dict[tuple, list[tuple[str, SourceFile]]] = {}
    sources = SourcesDir(loaded.root.resolve() / "sources")
    # The registry files as the load read them (stamped then, not now: a registry edited since must not keep
    # checks made against what was read).
    registries = loaded.registry_stamps
    checked = cache.checked if cache is not None and cache.checked_registries == registries else {}
    bodies: dict[str, tuple[SourceFile, list[Problem]]] = {}
    for doc_id, document in loaded.corpus.documents.items():
        source = loaded.sources[doc_id]
        problems += _check_file_name(source, document)
        problems += _check_page(source, ("id",), document.id, Paths.document(document.id))
        problems += _check_identity(source, document, same_identity)
        problems += _check_issuer(source, document, loaded)
        problems += _check_implements(source, document, loaded.corpus, known_ids)
        kept = checked.get(doc_id)
        body = kept[1] if kept is not None and kept[0] is source else _check_body(source, loaded)
        if cache is not None:
            bodies[doc_id] = (source, body)
        problems += body
        problems += _check_content(source, document)
        problems += _check_provenance(source, document, sources)
    problems += _duplicate_identities(same_identity)
    if cache is not None:
        cache.checked, cache.checked_registries = bodies, registries
    for doc_id in sorted(loaded.broken_ids):
        # A file that fails the schema still has its references checked, so one run reports everything.
        source = loaded.sources[doc_id]
        problems += _check_body(source, loaded) + _check_raw_references(source, loaded, known_ids)
    problems += _check_cycles(loaded)
    problems += _check_locality_cycles(loaded)
    problems += _check_locality_history(loaded)
    problems += _check_agency_history(loaded)
    return sorted(set(problems))


def _check_registries(loaded: Loaded) -> list[Problem]:
    problems: list[Problem] = []
    for registry in REGISTRIES:
        key = registry.key
        source = loaded.registry_sources.get(key)
        entries = source.data.get(key) if source and isinstance(source.data, dict) else None
        if not isinstance(entries, list):
            continue
        first_seen: dict[tuple[str, str], int] = {}
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for field, value in registry.unique(entry):
                if not isinstance(value, str) or not value:
                    continue
                if (field, value) in first_seen and first_seen[(field, value)] != index:
                    first = entries[first_seen[(field, value)]]
                    # A law has no id: its name is what names it; an entry with neither, its place in the list.
                    other = first.get("id") or first.get("name") or f"{key}[{first_seen[(field, value)]}]"
                    what = field if field != "aliases" else "tên hoặc cách viết" if key == "laws" else "tên gọi hoặc viết tắt"
                    where, printed = _spelling(entry, field, value)
                    problems.append(source.problem((key, index, *where), f"{what} '{printed}' trùng với mục '{other}': mỗi {what} chỉ được dùng một lần"))
                first_seen.setdefault((field, value), index)
            entry_id = entry.get("id")
            if isinstance(entry_id, str) and key in ENTRY_PAGE:  # a law has no id (the schema says so on its own)
                problems += _check_page(source, (key, index, "id"), entry_id, ENTRY_PAGE[key](entry_id))
            parent = entry.get("parent")
            if registry.attribute == "localities" and isinstance(parent, str) and parent and _unregistered(loaded, "localities", parent):
                problems.append(source.problem((key, index, "parent"), f"địa phương cấp trên '{parent}' không có trong danh mục{suggest.hint(parent, loaded.registered['localities'])}"))
        if registry.attribute in SUCCESSIONS:
            problems += _check_succession_ids(loaded, source, registry, entries)
    return problems


# The ids an entry's history names, by registry (a Corpus attribute): its field, and what is said of an id
# no entry has and of the entry's own id.
SUCCESSIONS = {
    "localities": ("predecessors", "không có địa phương nào có id '{id}'{hint}", "'{id}' không thể là đơn vị trước của chính nó"),
    "agencies": ("successors", "không có loại cơ quan nào có id '{id}'{hint}", "'{id}' không thể nhận chức năng của chính nó"),
}
# The shape of those ids, as the schema gives it: a value of another shape is reported by the schema alone.
SUCCESSION_ID = re.compile(schema.validator("registries.schema.json").schema["$defs"]["locality"]["properties"]["predecessors"]["items"]["properties"]["id"]["pattern"])


def _check_succession_ids(loaded: Loaded, source: SourceFile, registry: Registry, entries: list) -> list[Problem]:
    """Each id an entry's history names (a locality's predecessors, an agency kind's successors) is another
    entry's: read from the entries as written, built or not, so that an entry with a problem of its own has
    them checked in the same run, as its parent is (the history checks read the built records)."""
    field, unknown, itself = SUCCESSIONS[registry.attribute]
    registered = loaded.registered[registry.attribute]
    problems = []
    for index, entry in enumerate(entries):
        own = entry.get("id") if isinstance(entry, dict) else None
        for number, item in enumerate(_items(entry, field)):
            other = item.get("id") if isinstance(item, dict) else None
            if not isinstance(other, str) or (other in registered and other != own):
                continue
            where = (registry.key, index, field, number, "id")
            if other == own:
                problems.append(source.problem(where, itself.format(id=other)))
            elif SUCCESSION_ID.search(other) and _unregistered(loaded, registry.attribute, other):
                problems.append(source.problem(where, unknown.format(id=other, hint=suggest.hint(other, registered))))
    return problems


def _spelling(entry: dict, field: str, value: object) -> tuple[tuple, object]:
    """Where an entry writes a value it may not share, and how: a spelling is compared folded (registries.py,
    `_names`), so the name or alias that folds to it is shown as written, at its own line."""
    if field != "aliases":
        return (field,), value
    written = [(("name",), entry.get("name"))] + [(("aliases", number), alias) for number, alias in enumerate(_items(entry, "aliases"))]
    return next(((where, spelling) for where, spelling in written if isinstance(spelling, str) and fold_key(spelling) == value), ((field,), value))


def _page_taken(page: str) -> str | None:
    """The page the site makes of its own that `page` (the page an id or a name would get) would replace."""
    if page in FIXED_PAGES:
        return page
    if PART_PAGE.fullmatch(page.rsplit("/", 1)[-1]):
        return page
    for kind in Paths.FACET_KINDS:
        prefix, _, suffix = Paths.facet(kind, "\0").partition("\0")
        value = page[len(prefix):len(page) - len(suffix)]
        if page.startswith(prefix) and page.endswith(suffix) and Paths.facet(kind, value) == page \
                and FACET_VALUES.get(kind, lambda _: True)(value):
            return page
    return None


def _check_page(source: SourceFile, where: FieldPath, value: str, page: str) -> list[Problem]:
    taken = _page_taken(page)
    if taken:
        return [source.problem(where, f"id '{value}' trùng đường dẫn với trang {taken} mà trang web tự tạo: chọn id khác")]
    return []


def _check_file_name(source: SourceFile, document: Document) -> list[Problem]:
    expected = f"{document.id}.yaml"
    if Path(source.path).name != expected:
        return [source.problem(("id",), f"tên tệp phải trùng với id: đổi tên tệp thành {expected}")]
    return []


def _check_identity(source: SourceFile, document: Document, same: dict[tuple, list[tuple[str, SourceFile]]]) -> list[Problem]:
    problems = []
    parsed = numbers.parse_number(document.number) if document.number is not None else None
    if parsed and not numbers.type_agrees(parsed, document.type):
        named = numbers.type_of(parsed)
        problems.append(source.problem(("type",), f"loại '{document.type}' ({TYPE_LABELS[document.type]}) không khớp với chữ viết tắt "
                                                  f"'{parsed.type_code}' trong số hiệu {document.number}, là {TYPE_LABELS[named]}: "
                                                  f"ghi type: {named}, hoặc sửa số hiệu đúng như in"))
    line = document.issuer.line
    if parsed and line in numbers.STYLES and parsed.line != line:
        other = numbers.written_for(parsed, line)
        problems.append(source.problem(("number",), f"số hiệu {document.number} viết theo kiểu văn bản {LINE_LABELS[parsed.line]} "
                                                    f"({numbers.STYLES[parsed.line]}), nhưng issuer.line là {line} ({LINE_LABELS[line]}): "
                                                    + (f"văn bản {LINE_LABELS[line]} viết {other}; " if other else "")
                                                    + "sửa số hiệu đúng như in, hoặc sửa issuer.line"))
    key = identity(document.number, document.issuer.name, document.date)
    if key is not None:
        same.setdefault(key, []).append((document.id, source))
    return problems


def _duplicate_identities(same: dict[tuple, list[tuple[str, SourceFile]]]) -> list[Problem]:
    """Documents with one number, issuer and date, each told of every other: which one is the new one, the check
    cannot know (told only in the first file, or only of the first, one of three was never named to another)."""
    said = "đã có văn bản cùng số, cùng cơ quan ban hành và cùng ngày"
    return [source.problem(("number",), f"{said}: " + ", ".join(f"'{other}'" for other, _ in group if other != doc_id))
            for group in same.values() if len(group) > 1 for doc_id, source in group]


def _check_issuer(source: SourceFile, document: Document, loaded: Loaded) -> list[Problem]:
    """Each issuer's locality exists and has the issuer's level: the first issuer's, then each co-issuer's."""
    where: list[FieldPath] = [("issuer",), *(("co_issuers", index) for index in range(len(document.co_issuers)))]
    return [problem for path, issuer in zip(where, document.issuers, strict=True)
            for problem in _check_one_issuer(source, path, issuer, document.date, loaded)]


def _check_one_issuer(source: SourceFile, where: FieldPath, issuer, date, loaded: Loaded) -> list[Problem]:
    locality_id = issuer.locality
    if issuer.level == "central":
        if locality_id:
            return [source.problem(where + ("locality",), "văn bản cấp Trung ương không gắn với địa phương: bỏ trường locality")]
        return []
    if not locality_id:
        return [source.problem(where, f"thiếu trường 'locality': văn bản địa phương cần id địa phương trong {registry_file(loaded.root, 'localities')}")]
    locality = loaded.corpus.localities.get(locality_id)
    if locality is None:  # unknown, or its entry has problems of its own and is not built
        return [_unknown_locality(source, locality_id, loaded, where + ("locality",))] if _unregistered(loaded, "localities", locality_id) else []
    if locality.level != issuer.level:
        return [source.problem(where + ("level",), f"cấp '{issuer.level}' không khớp với địa phương '{locality_id}' (cấp '{locality.level}')")]
    if date and not locality.valid_on(date):
        span = f"từ {locality.valid_from:%d/%m/%Y}" if locality.valid_from and date < locality.valid_from else f"đến {locality.valid_to:%d/%m/%Y}"
        return [source.problem(where + ("locality",), f"địa phương '{locality_id}' không tồn tại vào ngày ban hành {date:%d/%m/%Y} (chỉ tồn tại {span}): ghi đơn vị hành chính như vào ngày văn bản được ban hành")]
    return []


def _check_implements(source: SourceFile, document: Document, corpus: Corpus, known_ids: set[str]) -> list[Problem]:
    problems = []
    for index, parent_id in enumerate(document.implements):
        where: FieldPath = ("implements", index)
        if parent_id == document.id:
            problems.append(source.problem(where, "văn bản không thể tự thực hiện chính nó"))
        elif parent_id not in known_ids:
            problems.append(_unknown_document(source, where, parent_id, known_ids))
        else:
            parent = corpus.documents.get(parent_id)
            if parent and parent.date and document.date and document.date < parent.date:
                problems.append(source.problem(("date",), f"ngày {document.date:%d/%m/%Y} sớm hơn ngày của văn bản được thực hiện '{parent_id}' ({parent.date:%d/%m/%Y}): kiểm tra lại ngày"))
    return problems


def _unregistered(loaded: Loaded, registry: str, value: str) -> bool:
    """A reference names no entry of its registry (a Corpus attribute: communes are localities), as far as the
    files tell: no file of it holds the id (an entry not built for its own schema problems holds it, see
    loader.py), and every file of it could be read. So a wrong entry, or a file that YAML cannot read, is
    one problem, not one more for each reference to anything in it."""
    return value not in loaded.registered[registry] and registry not in loaded.unreadable


def _unknown_locality(source: SourceFile, locality_id: str, loaded: Loaded, where: FieldPath = ("issuer", "locality")) -> Problem:
    return source.problem(where, f"địa phương '{locality_id}' không có trong {registry_file(loaded.root, 'localities')}{suggest.hint(locality_id, loaded.registered['localities'])}: thêm vào danh mục hoặc sửa id")


def _unknown_document(source: SourceFile, where: FieldPath, parent_id: str, known_ids: set[str]) -> Problem:
    own_id = source.data.get("id") if isinstance(source.data, dict) else None  # a document does not implement itself
    return source.problem(where, f"không có văn bản nào có id '{parent_id}'{suggest.hint(parent_id, known_ids, [own_id])}: thêm văn bản cấp trên (có thể chỉ gồm thông tin mô tả) hoặc sửa id")


def _items(data: object, key: str) -> list:
    """data[key] when it is a list, else nothing: raw data of a file that failed the schema may be any shape."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _check_raw_references(source: SourceFile, loaded: Loaded, known_ids: set[str]) -> list[Problem]:
    problems = []
    for index, parent_id in enumerate(_items(source.data, "implements")):
        if isinstance(parent_id, str) and parent_id not in known_ids:
            problems.append(_unknown_document(source, ("implements", index), parent_id, known_ids))
    issuer = source.data.get("issuer") if isinstance(source.data, dict) else None
    issuers = [(("issuer",), issuer)] + [(("co_issuers", index), item) for index, item in enumerate(_items(source.data, "co_issuers"))]
    for where, item in issuers:
        locality_id = item.get("locality") if isinstance(item, dict) else None
        if isinstance(locality_id, str) and _unregistered(loaded, "localities", locality_id):
            problems.append(_unknown_locality(source, locality_id, loaded, where + ("locality",)))
    return problems


def _node_paths(body: list, prefix: FieldPath = ("body",)):
    for index, node in enumerate(body):
        if isinstance(node, dict):
            path = prefix + (index,)
            yield node.get("id"), path
            yield from _node_paths(_items(node, "children"), path + ("children",))


def _node_texts(body: list):
    for node in body:
        if isinstance(node, dict) and isinstance(node.get("id"), str) and isinstance(node.get("text"), str):
            yield node["id"], node["text"]
        if isinstance(node, dict):
            yield from _node_texts(_items(node, "children"))


RESTORE = "kho ghi văn bản đã khôi phục dấu, không diễn giải (CONTRIBUTING.md, 'Khôi phục văn bản OCR mất dấu cho trung thực')"


def _check_diacritics(source: SourceFile, texts: Iterable[str]) -> list[Problem]:
    """A title, an issuer's name and the text as printed (`texts`: its paragraphs), with their diacritics
    (folding.lacks_diacritics): OCR that lost them passes every other check, the fidelity check included, as it
    compares folded words. The text is judged whole: a paragraph of English names, addresses or numbers is as
    right as any."""
    data = source.data if isinstance(source.data, dict) else {}
    problems = []
    issuer = data.get("issuer")
    names = [(("title",), data.get("title")), (("issuer", "name"), issuer.get("name") if isinstance(issuer, dict) else None)]
    names += [(("co_issuers", index, "name"), item.get("name")) for index, item in enumerate(_items(data, "co_issuers")) if isinstance(item, dict)]
    for where, value in names:
        if isinstance(value, str) and lacks_diacritics(value):
            marked, words = marked_words(value)
            problems.append(source.problem(where, f"không có dấu tiếng Việt ({marked}/{words} từ có dấu): ghi như văn bản in, có dấu"))
    text = " ".join(texts)
    if lacks_diacritics(text, LEAST_WORDS):
        marked, words = marked_words(text)
        problems.append(source.problem(("body",), f"toàn văn không có dấu tiếng Việt ({marked}/{words} từ có dấu): {RESTORE}"))
    return problems


def _check_body(source: SourceFile, loaded: Loaded) -> list[Problem]:
    problems = []
    date = _date_of(source)
    node_ids: set[str] = set()
    for node_id, path in _node_paths(_items(source.data, "body")):
        if not isinstance(node_id, str):
            continue
        if node_id in node_ids:
            problems.append(source.problem(path + ("id",), f"neo '{node_id}' bị trùng trong văn bản: mỗi mục cần một id riêng"))
        if node_id in RESERVED_ANCHORS:
            problems.append(source.problem(path + ("id",), f"neo '{node_id}' trùng với tên một phần của trang văn bản: chọn id khác"))
        node_ids.add(node_id)
    texts = dict(_node_texts(_items(source.data, "body")))
    problems += _check_diacritics(source, texts.values())
    source_ids, source_problems = _source_ids(source)
    problems += source_problems
    summary = source.data.get("summary") if isinstance(source.data, dict) else None
    if isinstance(summary, dict):
        problems += _check_origin(source, ("summary", "source"), summary.get("source"), source_ids)
    for extract in EXTRACTS:
        field = extract.field
        for index, item in enumerate(_items(source.data, field)):
            if not isinstance(item, dict):
                continue
            node = item.get("node")
            if isinstance(node, str) and node not in node_ids:
                problems.append(source.problem((field, index, "node"), f"không có mục nào trong body có id '{node}'{suggest.hint(node, node_ids)}"))
            if field in PLACED:
                if node is None and item.get("origin") is None:
                    problems.append(source.problem((field, index), "cần 'node' (neo của đoạn trong body) hoặc 'origin' (id của nguồn trong 'sources', khi kho chưa có toàn văn): ghi điều này lấy từ đâu"))
                problems += _check_origin(source, (field, index, "origin"), item.get("origin"), source_ids)
            name = item.get("name") if field == "cites" else None
            if isinstance(name, str):
                problems += _check_cited_name(source, (field, index, "name"), name)
            quoted = item.get(QUOTED.get(field, ""))
            if isinstance(quoted, str) and isinstance(node, str) and node in texts and item.get("origin") is None and quoted not in texts[node]:
                problems.append(source.problem((field, index, QUOTED[field]), _not_quoted(quoted, texts[node], node)))
            if extract.timed and isinstance(item.get("when"), dict):
                problems += _check_when(source, (field, index, "when"), item["when"])
                printed = item["when"].get("text")
                if isinstance(printed, str) and isinstance(node, str) and node in texts and printed not in texts[node]:
                    problems.append(source.problem((field, index, "when", "text"), f"'{printed}' không có nguyên văn trong đoạn '{node}': chép cụm từ chỉ thời gian đúng như in"))
            for key, registry in extract.registry_refs:
                value, entries, registered = item.get(key), getattr(loaded.corpus, registry), loaded.registered[registry]
                # A value not shaped like an id is reported by the schema alone.
                if isinstance(value, str) and REFERENCE_ID[field, key].search(value) and _unregistered(loaded, registry, value):
                    what = REGISTRY_ENTRY[registry]
                    problems.append(source.problem((field, index, key), f"{what} '{value}' không có trong {registry_file(loaded.root, registry)}{suggest.hint(value, registered)}: thêm vào danh mục hoặc sửa id"))
                elif isinstance(value, str) and value in entries and date and not entries[value].may_exist_on(date):
                    ended = entries[value].valid_to_text
                    problems.append(source.problem((field, index, key), f"{REGISTRY_ENTRY[registry]} '{value}' không còn vào ngày ban hành {date:%d/%m/%Y} (chỉ tồn tại đến {ended}): ghi loại cơ quan như vào ngày văn bản được ban hành"))
    for index, item in enumerate(_items(source.data, "targets")):
        if isinstance(item, dict):
            problems += _check_target(source, ("targets", index), item, texts)
    return problems


# The field of an extract that quotes its paragraph word for word (a task as printed: the agency pages and the
# tables show it as the plan's words); a target's indicator is the maintainer's naming of it, not a quote.
QUOTED = {"responsibilities": "task"}


def _not_quoted(quoted: str, text: str, node: str) -> str:
    """Where a quote leaves its paragraph: the longest start of it the paragraph holds (a start held means every
    shorter one is), and what follows."""
    low, high = 0, len(quoted)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if quoted[:middle] in text else (low, middle - 1)
    rest = quoted[quoted.rfind(" ", 0, low) + 1:]  # from the word it leaves the paragraph in
    return (f"không có nguyên văn trong đoạn '{node}', khác từ «{rest[:40]}{'…' if len(rest) > 40 else ''}»: chép đúng như in, "
            "hoặc ghi 'origin' nếu điều này lấy từ một nguồn khác văn bản")


def _source_ids(source: SourceFile) -> tuple[set[str], list[Problem]]:
    """The ids of the document's `sources`, and a problem for each id given twice."""
    ids: dict[str, int] = {}
    problems = []
    for index, item in enumerate(_items(source.data, "sources")):
        source_id = item.get("id") if isinstance(item, dict) else None
        date = item.get("date") if isinstance(item, dict) else None
        if isinstance(date, str) and WHEN_SHAPE["date"].search(date) and (wrong := date_problem(date)):
            problems.append(source.problem(("sources", index, "date"), wrong))
        if not isinstance(source_id, str):
            continue
        if source_id in ids:
            line, _ = source.position(("sources", ids[source_id], "id"))
            problems.append(source.problem(("sources", index, "id"), f"nguồn '{source_id}' đã có ở dòng {line}: mỗi nguồn cần một id riêng"))
        else:
            ids[source_id] = index
    return set(ids), problems


def _check_origin(source: SourceFile, where: FieldPath, origin: object, source_ids: set[str]) -> list[Problem]:
    if not isinstance(origin, str) or not SOURCE_ID.search(origin) or origin in source_ids:
        return []
    return [source.problem(where, f"không có nguồn nào trong 'sources' có id '{origin}'{suggest.hint(origin, source_ids)}: "
                                  "thêm nguồn (author, title, date, url) vào 'sources' hoặc sửa id")]


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_target(source: SourceFile, where: FieldPath, item: dict, texts: dict[str, str]) -> list[Problem]:
    """What the schema cannot say of a target: one value or one range, running forward; a direction that its
    comparator does not contradict; a unit in a known form; and no year that the text does not print."""
    problems = []
    extent, comparator = item.get("range"), item.get("comparator", "=")
    if "value" in item and "range" in item:
        problems.append(source.problem(where + ("range",), "ghi một mức (value) hoặc một khoảng (range), không ghi cả hai"))
    elif "value" not in item and "range" not in item:
        problems.append(source.problem(where, "thiếu mức: ghi value (một mức) hoặc range (một khoảng, ví dụ {min: 5, max: 10})"))
    if isinstance(extent, dict):
        low, high = extent.get("min"), extent.get("max")
        if _number(low) and _number(high) and low > high:
            problems.append(source.problem(where + ("range", "max"), f"khoảng ngược: max {high:g} nhỏ hơn min {low:g}; viết min là số nhỏ"))
        if isinstance(comparator, str) and comparator != "=":
            problems.append(source.problem(where + ("comparator",), f"comparator '{comparator}' không dùng với range: một khoảng là từ min đến max; bỏ comparator"))
    direction, measure = item.get("direction"), item.get("measure", "level")
    if measure == "level" and isinstance(direction, str) and comparator in DIRECTION_EXCLUDES.get(direction, ()):
        allowed = [sign for sign in COMPARATOR_LABELS if sign not in DIRECTION_EXCLUDES[direction]]
        problems.append(source.problem(where + ("direction",), f"direction '{direction}' ({DIRECTION_LABELS[direction]}) trái với comparator "
                                                              f"'{comparator}' ({COMPARATOR_LABELS[comparator]}): mức cần đạt khi {DIRECTION_LABELS[direction]} "
                                                              f"dùng {', '.join(repr(sign) for sign in allowed)}; nếu giá trị là mức thay đổi, ghi measure: change"))
    if measure == "change" and direction not in ("increase", "decrease"):
        problems.append(source.problem(where + ("measure",), "mức thay đổi (measure: change) cần direction increase hoặc decrease, như văn bản ghi"))
    unit = item.get("unit")
    if isinstance(unit, str) and quantity.unit_problem(unit):
        problems.append(source.problem(where + ("unit",), quantity.unit_problem(unit)))
    node = item.get("node")
    text = texts.get(node) if isinstance(node, str) else None
    baseline = item.get("baseline")
    years = [(("year",), item.get("year"))] + ([(("baseline", "year"), baseline.get("year"))] if isinstance(baseline, dict) else [])
    for path, year in years:
        if isinstance(year, int) and not isinstance(year, bool) and text is not None and not re.search(rf"(?<!\d){year}(?!\d)", text):
            problems.append(source.problem(where + path, f"năm {year} không có trong đoạn '{node}': chỉ ghi năm mà văn bản in; văn bản không ghi năm thì bỏ trường này"))
    if isinstance(baseline, dict) and not baseline:
        problems.append(source.problem(where + ("baseline",), "mốc so sánh trống: ghi value, year, hoặc bỏ baseline"))
    year, when = item.get("year"), item.get("when")
    if isinstance(year, int) and not isinstance(year, bool) and isinstance(when, dict) and isinstance(when.get("kind"), str):
        meant = _when_year(when)
        if meant != year:
            printed = when.get("text", "")
            problems.append(source.problem(where + ("year",), f"năm {year} không khớp với when '{printed}' ("
                                                              + (f"năm {meant}" if meant else "không có năm đích")
                                                              + "): sửa year cho khớp, hoặc bỏ year vì when đã đủ"))
    return problems


def _when_year(when: dict) -> int | None:
    """The target year a time expression gives: a due date's year, a period's last year; none for the others."""
    date = when.get("date")
    if when.get("kind") == "date" and isinstance(date, str) and date[:4].isdigit():
        return int(date[:4])
    if when.get("kind") == "period" and isinstance(when.get("to"), int):
        return when["to"]
    return None


# The normalised fields each kind of time expression takes (which it requires: the schema's `when`), and the
# schema's shape of its dates: a value of another shape is reported by the schema alone.
WHEN_FIELDS = {"date": {"date"}, "recurrence": {"every", "by"}, "period": {"from", "to"}}
WHEN_SHAPE = {key: re.compile(schema.validator("document.schema.json").schema["$defs"]["when"]["properties"][key]["pattern"])
              for key in ("date", "by")}


def _check_when(source: SourceFile, where: FieldPath, when: dict) -> list[Problem]:
    """What the schema cannot say: the fields belong to the kind, the dates exist, a period runs forward."""
    kind = when.get("kind")
    if not isinstance(kind, str):
        return []
    problems = []
    allowed = WHEN_FIELDS.get(kind, set())
    for key in sorted(set(when) & set().union(*WHEN_FIELDS.values()) - allowed):
        problems.append(source.problem(where + (key,), f"trường '{key}' không dùng với kind '{kind}'"
                                       + (f"; kind '{kind}' dùng: {', '.join(sorted(allowed))}" if allowed else "")))
    if kind == "unknown" and "text" in when:
        problems.append(source.problem(where + ("text",), "văn bản có ghi thời gian thì chọn kind khác 'unknown' và chuẩn hóa nó"))
    date = when.get("date")
    if kind == "date" and isinstance(date, str) and WHEN_SHAPE["date"].search(date) and (wrong := date_problem(date)):
        problems.append(source.problem(where + ("date",), wrong))
    by = when.get("by")
    if kind == "recurrence" and isinstance(by, str):
        if WHEN_SHAPE["by"].search(by) and date_problem(f"2024-{by}"):  # a leap year: 02-29 exists
            problems.append(source.problem(where + ("by",), f"ngày '{by}' không tồn tại (MM-DD)"))
        if when.get("every") != "year":
            problems.append(source.problem(where + ("by",), "ngày hạn trong năm (by) chỉ dùng với every: year"))
    start, end = when.get("from"), when.get("to")
    if kind == "period" and isinstance(start, int) and isinstance(end, int) and start > end:
        problems.append(source.problem(where + ("to",), f"năm kết thúc {end} sớm hơn năm bắt đầu {start}"))
    return problems


def _check_cited_name(source: SourceFile, where: FieldPath, name: str) -> list[Problem]:
    """A document cited by name gets a page named after the name's slug: it needs one, and not a taken one."""
    if not slugify(name):
        return [source.problem(where, f"tên văn bản viện dẫn không tạo được đường dẫn: '{name}' không có chữ cái hay chữ số nào; viết tên văn bản, ví dụ 'Luật Trẻ em'")]
    taken = _page_taken(Paths.cited(citation_key(name)))
    if taken:
        return [source.problem(where, f"tên văn bản viện dẫn '{name}' trùng đường dẫn với trang {taken} mà trang web tự tạo: viết tên đầy đủ của văn bản")]
    return []


def _check_content(source: SourceFile, document: Document) -> list[Problem]:
    """What the corpus holds of the document (`content`, model.content_kind) agrees with what the file has."""
    kind, method = document.content, document.provenance.method
    if "content" not in source.data and document.summary is not None and not document.body:
        # A summary written without saying so: one problem, not the full text's missing body and source file.
        return [source.problem(("summary",), "văn bản có 'summary' thì ghi content: summary, để tóm tắt của người khác "
                                             "không bao giờ được hiểu là toàn văn")]
    # Without `content`, the kind comes from the method: the problem is placed there.
    where = ("content",) if "content" in source.data else ("provenance", "method")
    problems = []
    if kind == "full-text" and not document.body:
        problems.append(source.problem(where, "văn bản có toàn văn (content: full-text) cần toàn văn trong 'body'; kho chưa có "
                                              "toàn văn thì ghi content: summary (có tóm tắt của người khác) hoặc content: metadata-only"))
    if kind != "full-text" and document.body:
        problems.append(source.problem(where, f"văn bản {CONTENT_LABELS[kind].lower()} (content: {kind}) không có 'body': "
                                              "văn bản có toàn văn thì ghi content: full-text"))
    if kind == "summary" and document.summary is None:
        problems.append(source.problem(where, "văn bản chỉ có tóm tắt (content: summary) cần 'summary': các đoạn tóm tắt và "
                                              "'source', id của nguồn trong 'sources' (ai viết, tên bài, ngày)"))
    if kind != "summary" and document.summary is not None:
        problems.append(source.problem(("summary",), f"chỉ văn bản content: summary mới có 'summary' (văn bản này: content: {kind}): "
                                                     "tóm tắt của người khác không bao giờ là toàn văn"))
    if kind == "metadata-only" and method != "metadata-only":
        problems.append(source.problem(("provenance", "method"), "văn bản chỉ có thông tin mô tả (content: metadata-only) thì method là metadata-only"))
    if kind != "metadata-only" and method == "metadata-only":
        held = "toàn văn" if kind == "full-text" else "lời tóm tắt"
        problems.append(source.problem(("provenance", "method"), f"method 'metadata-only' chỉ dùng với content: metadata-only: ghi cách có "
                                                                 f"được {held} (ocr-restored hoặc clean-text)"))
    return problems


class SourcesDir:
    """corpus/sources/, resolved once, with the names of the plain files in it (not links, not folders), listed
    in one pass: a source file named there needs no check of its own (a stat, a link check and a resolve for
    each document took 0.2 s of each edit's validation at 2,000 plans, profiled). Any other name is checked
    on its own, for the message that says what is wrong."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = problem_folder(path)  # as messages name it
        self.plain: frozenset[str] = frozenset()
        try:
            if path.resolve() != path:  # the folder itself is a link: every file in it is elsewhere
                return
            with os.scandir(path) as entries:
                self.plain = frozenset(entry.name for entry in entries
                                       if not entry.is_symlink() and entry.is_file(follow_symlinks=False))
        except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11); each file says what is wrong
            pass


def _check_provenance(source: SourceFile, document: Document, sources: SourcesDir) -> list[Problem]:
    provenance = document.provenance
    problems = []
    # Without a body, _check_content has said what is wrong; a missing source file would be a second message.
    if document.has_full_text and document.body and provenance.method != "metadata-only" and not provenance.source_file:
        problems.append(source.problem(("provenance",), f"thiếu 'source_file': bản gốc phải được lưu trong {sources.shown} làm bằng chứng"))
    if provenance.source_file:
        problem = _source_file_problem(sources, provenance.source_file)
        if problem:
            problems.append(source.problem(("provenance", "source_file"), problem))
    return problems


def _source_file_problem(sources: SourcesDir, name: str) -> str | None:
    """The site publishes the source file as it is (`Paths.source`): it must be a file of corpus/sources/ itself,
    never a link to, or a path into, anything else. (The schema already limits the name to a bare .txt or
    .pdf file name; the resolved path is checked too, so that the rule does not rest on the pattern alone.)
    `sources`: corpus/sources/, resolved and listed once for every document."""
    if name in sources.plain:  # a plain file right in the folder: it resolves to itself, inside the folder
        return None
    shown = sources.shown + name  # the file the document names, in the folder as named (not where a link leads)
    path = sources.path / name
    try:
        return _source_path_problem(sources, path, shown)
    except OSError as error:  # a name the file system refuses (too long, say): the file cannot be there
        return f"không đọc được tệp nguồn {shown} ({error.strerror})"


def _source_path_problem(sources: SourcesDir, path: Path, shown: str) -> str | None:
    if path.is_symlink():
        return f"tệp nguồn {shown} là liên kết (symlink): chép chính tệp vào {sources.shown} thay cho liên kết"
    if not os.path.lexists(path):
        return f"không tìm thấy tệp nguồn {shown}"
    if not stat.S_ISREG(path.lstat().st_mode):
        return f"tệp nguồn {shown} không phải là một tệp thông thường (là thư mục hoặc tệp đặc biệt)"
    if not path.resolve().is_relative_to(sources.path):
        return f"tệp nguồn {shown} nằm ngoài thư mục {sources.shown}: chép tệp vào chính thư mục đó"
    return None


def _entry(loaded: Loaded, attribute: str, record_id: str) -> tuple[SourceFile, FieldPath]:
    """The file and path of the entry a registry's record was built from (another entry may have its id)."""
    key, index = loaded.entry_of[attribute, record_id]
    return loaded.registry_sources[key], (key, index)


def _check_locality_cycles(loaded: Loaded) -> list[Problem]:
    """Each locality has at most one parent: following parents from any locality must end at one without."""
    localities = loaded.corpus.localities
    done: set[str] = set()
    problems = []
    for start in localities:
        path: dict[str, int] = {}  # the walk from `start`, each locality with its position
        current: str | None = start
        while current in localities and current not in done and current not in path:
            path[current] = len(path)
            current = localities[current].parent
        if current in path:
            cycle = list(path)[path[current]:] + [current]
            source, entry = _entry(loaded, "localities", cycle[-2])
            problems.append(source.problem(entry + ("parent",), "quan hệ cấp trên tạo thành vòng lặp: " + " → ".join(cycle) + ": sửa trường parent"))
        done.update(path)
    return problems


def _date_of(source: SourceFile) -> dt.date | None:
    """The document's date if it is a real one (a wrong date is reported on its own)."""
    value = source.data.get("date") if isinstance(source.data, dict) else None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else None
    except ValueError:
        return None


def _check_agency_history(loaded: Loaded) -> list[Problem]:
    """Each successor of an agency kind has not surely ended before it (that it exists and is not the kind
    itself is the entry's own check); no kind ends before it begins; no functions come back round a cycle of
    successions."""
    agencies = loaded.corpus.agencies
    problems = []
    for kind in agencies.values():
        source, (_, index) = _entry(loaded, "agencies", kind.id)
        if kind.valid_from and kind.valid_to and kind.valid_to < kind.valid_from:
            problems.append(source.problem(("agencies", index, "valid_to"), f"ngày kết thúc {kind.valid_to} sớm hơn ngày bắt đầu {kind.valid_from}"))
        if kind.successors and not kind.valid_to:
            problems.append(source.problem(("agencies", index, "successors"), f"'{kind.id}' có cơ quan kế tiếp nhưng không có valid_to: ghi ngày loại cơ quan này kết thúc"))
        for number, other in enumerate(kind.addresses.excluded if kind.addresses else ()):
            if other not in agencies:
                problems.append(source.problem(("agencies", index, "addresses", "except", number),
                                               f"không có loại cơ quan nào có id '{other}'{suggest.hint(other, agencies)}"))
        for number, succession in enumerate(kind.successors):
            later = agencies.get(succession.id)
            # Dates at their precision: only a successor surely gone before this kind ended is refused.
            if later is not None and later.id != kind.id and later.valid_to and kind.valid_to and last_day(later.valid_to) < first_day(kind.valid_to):
                problems.append(source.problem(("agencies", index, "successors", number, "id"),
                                               f"'{later.id}' kết thúc ({later.valid_to_text}) trước khi '{kind.id}' kết thúc ({kind.valid_to_text}): không thể nhận chức năng của nó; sửa valid_to hoặc successors"))
    problems += _agency_cycles(loaded)
    return problems


def _agency_cycles(loaded: Loaded) -> list[Problem]:
    """A kind whose functions come back to it through its successors: reported once, at the first kind of the
    cycle in file order, on the successor that closes it."""
    agencies = loaded.corpus.agencies
    source = loaded.registry_sources.get("agencies")
    index_of = {agency_id: loaded.entry_of["agencies", agency_id][1] for agency_id in agencies}
    problems, reported = [], set()
    for start in sorted(agencies, key=index_of.__getitem__):
        path, todo, seen = [start], [(start, [start])], set()
        while todo:
            current, path = todo.pop()
            for number, succession in enumerate(agencies[current].successors):
                if succession.id == start and len(path) > 1 and not reported & set(path):
                    reported |= set(path)
                    problems.append(source.problem(("agencies", index_of[current], "successors", number, "id"),
                                                   "quan hệ kế tiếp tạo thành vòng lặp: " + " → ".join([*path, start]) + ": sửa trường successors"))
                elif succession.id in agencies and succession.id not in seen and succession.id != current:
                    seen.add(succession.id)
                    todo.append((succession.id, [*path, succession.id]))
    return problems


def _check_locality_history(loaded: Loaded) -> list[Problem]:
    """Successions: none follows itself round a cycle, a unit ends before its successor begins (a predecessor
    still valid on that day overlaps it; one that never ends stays valid after it). That each predecessor
    exists and is not the unit itself is the entry's own check (_check_succession_ids)."""
    localities = loaded.corpus.localities
    problems = []
    for unit_id, unit in localities.items():
        source, entry = _entry(loaded, "localities", unit_id)
        if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
            problems.append(source.problem(entry + ("valid_to",), f"ngày kết thúc {unit.valid_to:%d/%m/%Y} sớm hơn ngày bắt đầu {unit.valid_from:%d/%m/%Y}"))
        for index, succession in enumerate(unit.predecessors):
            field = entry + ("predecessors", index, "id")
            before = localities.get(succession.id)
            if before is None or before.id == unit_id:  # unknown, not built for its own problems, or itself
                continue
            if before.valid_to is None:
                problems.append(source.problem(field, f"'{before.id}' không có valid_to nên vẫn còn hiệu lực sau khi '{unit_id}' thay nó: thêm ngày kết thúc cho '{before.id}' hoặc bỏ quan hệ này"))
            elif unit.valid_from is None or unit.valid_from <= before.valid_to:
                since = f"bắt đầu {unit.valid_from:%d/%m/%Y}" if unit.valid_from else "không có valid_from"
                problems.append(source.problem(field, f"thời gian hiệu lực chồng lấn: '{unit_id}' {since} khi '{before.id}' còn hiệu lực đến {before.valid_to:%d/%m/%Y}: đơn vị sau phải bắt đầu sau ngày kết thúc của đơn vị trước"))
    # A cycle of successions: walked once from every unit, along predecessors.
    state: dict[str, int] = {}
    for start in sorted(localities):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]  # each unit of the walk, with the index of its next predecessor
        path: list[str] = [start]
        state[start] = 1
        while stack:
            unit_id, number = stack[-1]
            predecessors = localities[unit_id].predecessors
            if number >= len(predecessors):
                stack.pop()
                path.pop()
                state[unit_id] = 2
                continue
            stack[-1] = (unit_id, number + 1)
            before = predecessors[number].id
            if before not in localities or before == unit_id:  # not built, or the unit itself: said elsewhere
                continue
            if state.get(before) == 1:
                cycle = path[path.index(before):] + [before]
                source, entry = _entry(loaded, "localities", unit_id)
                problems.append(source.problem(entry + ("predecessors", number, "id"), "quan hệ kế tiếp tạo thành vòng lặp: " + " ← ".join(cycle) + ": sửa trường predecessors"))
            elif not state.get(before):
                state[before] = 1
                stack.append((before, 0))
                path.append(before)
    return problems


def _check_cycles(loaded: Loaded) -> list[Problem]:
    documents = loaded.corpus.documents
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    problems = []

    def visit(doc_id: str, path: list[str]) -> None:
        state[doc_id] = 1
        for parent_id in documents[doc_id].implements:
            if parent_id not in documents:
                continue
            if state.get(parent_id) == 1:
                cycle = path[path.index(parent_id):] + [parent_id]
                index = documents[doc_id].implements.index(parent_id)
                problems.append(loaded.sources[doc_id].problem(("implements", index), "quan hệ thực hiện tạo thành vòng lặp: " + " → ".join(cycle)))
            elif parent_id not in state:
                visit(parent_id, path + [parent_id])
        state[doc_id] = 2

    for doc_id in sorted(documents):
        if doc_id not in state:
            visit(doc_id, [doc_id])
    return problems
