"""Rules that span fields and files: references resolve, no cycles, dates in order, nothing duplicated."""

from __future__ import annotations

import difflib
from pathlib import Path

from .folding import fold_key
from .loader import Loaded
from .model import Corpus, Document
from .problems import Problem
from .yamlsource import FieldPath, SourceFile

EXTRACT_FIELDS = ("responsibilities", "targets", "reporting", "funding", "cites")
# Anchors the document page uses for its own sections; a body node may not take them.
RESERVED_ANCHORS = frozenset({
    "thong-tin", "thuc-hien", "duoc-thuc-hien-boi", "toan-van", "nhiem-vu", "chi-tieu", "bao-cao",
    "kinh-phi", "vien-dan", "duoc-vien-dan", "nguon-goc", "tai-ve", "noi-nhan",
})


def validate(loaded: Loaded) -> list[Problem]:
    """All problems of the corpus: those found while loading, then the cross-reference rules."""
    problems = list(loaded.problems)
    problems += _check_registries(loaded)
    known_ids = set(loaded.corpus.documents) | loaded.broken_ids
    seen_identity: dict[tuple, str] = {}
    for doc_id, document in loaded.corpus.documents.items():
        source = loaded.sources[doc_id]
        problems += _check_file_name(source, document)
        problems += _check_identity(source, document, seen_identity)
        problems += _check_issuer(source, document, loaded.corpus)
        problems += _check_implements(source, document, loaded.corpus, known_ids)
        problems += _check_body(source, loaded.corpus)
        problems += _check_provenance(source, document, loaded.root)
    for doc_id in sorted(loaded.broken_ids):
        # A file that fails the schema still has its references checked, so one run reports everything.
        source = loaded.sources[doc_id]
        problems += _check_body(source, loaded.corpus) + _check_raw_references(source, loaded.corpus, known_ids)
    problems += _check_cycles(loaded)
    return sorted(set(problems))


def _suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return f" (có phải '{close[0]}'?)" if close else ""


def _check_registries(loaded: Loaded) -> list[Problem]:
    problems: list[Problem] = []
    for key in ("localities", "agencies"):
        source = loaded.registry_sources.get(key)
        entries = source.data.get(key) if source and isinstance(source.data, dict) else None
        if not isinstance(entries, list):
            continue
        first_seen: dict[tuple[str, str], int] = {}
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            checks = [("id", entry.get("id"))]
            if key == "localities":
                checks.append(("code", entry.get("code")))
            else:
                checks += [("aliases", fold_key(alias)) for alias in entry.get("aliases", []) + [entry.get("name", "")]]
            for field, value in checks:
                if not isinstance(value, str) or not value:
                    continue
                if (field, value) in first_seen and first_seen[(field, value)] != index:
                    other = entries[first_seen[(field, value)]].get("id")
                    what = "tên gọi hoặc viết tắt" if field == "aliases" else field
                    problems.append(source.problem((key, index, field), f"{what} '{value}' trùng với mục '{other}': mỗi {what} chỉ được dùng một lần"))
                first_seen.setdefault((field, value), index)
            parent = entry.get("parent")
            if key == "localities" and parent and parent not in loaded.corpus.localities:
                problems.append(source.problem((key, index, "parent"), f"địa phương cấp trên '{parent}' không có trong danh mục{_suggest(parent, loaded.corpus.localities)}"))
    return problems


def _check_file_name(source: SourceFile, document: Document) -> list[Problem]:
    expected = f"{document.id}.yaml"
    if Path(source.path).name != expected:
        return [source.problem(("id",), f"tên tệp phải trùng với id: đổi tên tệp thành {expected}")]
    return []


def _check_identity(source: SourceFile, document: Document, seen: dict[tuple, str]) -> list[Problem]:
    # Party numbers restart per committee term: number alone is not an identity, number + issuer + date is.
    key = (fold_key(document.number), fold_key(document.issuer.name), document.date)
    if key in seen:
        return [source.problem(("number",), f"đã có văn bản cùng số, cùng cơ quan ban hành và cùng ngày: '{seen[key]}'")]
    seen[key] = document.id
    return []


def _check_issuer(source: SourceFile, document: Document, corpus: Corpus) -> list[Problem]:
    locality_id = document.issuer.locality
    if document.issuer.level == "central":
        if locality_id:
            return [source.problem(("issuer", "locality"), "văn bản cấp Trung ương không gắn với địa phương: bỏ trường locality")]
        return []
    if not locality_id:
        return [source.problem(("issuer",), "thiếu trường 'locality': văn bản địa phương cần id địa phương trong corpus/localities.yaml")]
    locality = corpus.localities.get(locality_id)
    if locality is None:
        return [_unknown_locality(source, locality_id, corpus)]
    if locality.level != document.issuer.level:
        return [source.problem(("issuer", "level"), f"cấp '{document.issuer.level}' không khớp với địa phương '{locality_id}' (cấp '{locality.level}')")]
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


def _unknown_locality(source: SourceFile, locality_id: str, corpus: Corpus) -> Problem:
    return source.problem(("issuer", "locality"), f"địa phương '{locality_id}' không có trong corpus/localities.yaml{_suggest(locality_id, corpus.localities)}: thêm vào danh mục hoặc sửa id")


def _unknown_document(source: SourceFile, where: FieldPath, parent_id: str, known_ids: set[str]) -> Problem:
    return source.problem(where, f"không có văn bản nào có id '{parent_id}'{_suggest(parent_id, known_ids)}: thêm văn bản cấp trên (có thể chỉ gồm thông tin mô tả) hoặc sửa id")


def _items(data: object, key: str) -> list:
    """data[key] when it is a list, else nothing: raw data of a file that failed the schema may be any shape."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _check_raw_references(source: SourceFile, corpus: Corpus, known_ids: set[str]) -> list[Problem]:
    problems = []
    for index, parent_id in enumerate(_items(source.data, "implements")):
        if isinstance(parent_id, str) and parent_id not in known_ids:
            problems.append(_unknown_document(source, ("implements", index), parent_id, known_ids))
    issuer = source.data.get("issuer") if isinstance(source.data, dict) else None
    locality_id = issuer.get("locality") if isinstance(issuer, dict) else None
    if isinstance(locality_id, str) and locality_id not in corpus.localities:
        problems.append(_unknown_locality(source, locality_id, corpus))
    return problems


def _node_paths(body: list, prefix: FieldPath = ("body",)):
    for index, node in enumerate(body):
        if isinstance(node, dict):
            path = prefix + (index,)
            yield node.get("id"), path
            yield from _node_paths(_items(node, "children"), path + ("children",))


def _check_body(source: SourceFile, corpus: Corpus) -> list[Problem]:
    problems = []
    node_ids: set[str] = set()
    for node_id, path in _node_paths(_items(source.data, "body")):
        if not isinstance(node_id, str):
            continue
        if node_id in node_ids:
            problems.append(source.problem(path + ("id",), f"neo '{node_id}' bị trùng trong văn bản: mỗi mục cần một id riêng"))
        if node_id in RESERVED_ANCHORS:
            problems.append(source.problem(path + ("id",), f"neo '{node_id}' trùng với tên một phần của trang văn bản: chọn id khác"))
        node_ids.add(node_id)
    for field in EXTRACT_FIELDS:
        for index, item in enumerate(_items(source.data, field)):
            if not isinstance(item, dict):
                continue
            node = item.get("node")
            if isinstance(node, str) and node not in node_ids:
                problems.append(source.problem((field, index, "node"), f"không có mục nào trong body có id '{node}'{_suggest(node, node_ids)}"))
            agency = item.get("agency") if field == "responsibilities" else None
            if isinstance(agency, str) and agency not in corpus.agencies:
                problems.append(source.problem((field, index, "agency"), f"loại cơ quan '{agency}' không có trong corpus/agencies.yaml{_suggest(agency, corpus.agencies)}: thêm vào danh mục hoặc sửa id"))
    return problems


def _check_provenance(source: SourceFile, document: Document, root: Path) -> list[Problem]:
    provenance = document.provenance
    problems = []
    if provenance.method == "metadata-only" and document.body:
        problems.append(source.problem(("provenance", "method"), "văn bản có toàn văn (body) thì method không thể là metadata-only"))
    if provenance.method != "metadata-only":
        if not document.body:
            problems.append(source.problem(("provenance", "method"), f"method '{provenance.method}' cần toàn văn trong 'body' (hoặc đặt method: metadata-only)"))
        if not provenance.source_file:
            problems.append(source.problem(("provenance",), "thiếu 'source_file': bản gốc phải được lưu trong corpus/sources/ làm bằng chứng"))
    if provenance.source_file and not (root / "sources" / provenance.source_file).is_file():
        problems.append(source.problem(("provenance", "source_file"), f"không tìm thấy tệp nguồn corpus/sources/{provenance.source_file}"))
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
