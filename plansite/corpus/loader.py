"""Load the corpus directory into the model, collecting every problem instead of stopping at the first."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plansite.corpus import schema
from plansite.corpus.extracts import build_extracts
from plansite.corpus.model import (
    Corpus,
    Document,
    Inference,
    Issuer,
    Line,
    Node,
    Provenance,
    PublishedCorpus,
    Signer,
    Source,
    Summary,
    content_kind,
    date_problem,
)
from plansite.corpus.problems import Problem, problem_path
from plansite.corpus.registries import REGISTRIES, Registry
from plansite.corpus.yamlsource import MAX_BYTES, FieldPath, SourceFile, load_yaml
from plansite.runtime.forking import ITEMS_PER_TASK, PARALLEL_FROM, chunks, map_in_workers, worker_count
from plansite.runtime.gcpause import gc_paused
from plansite.text import uncertain

DOCUMENT_SCHEMA = "document.schema.json"
REGISTRY_SCHEMA = "registries.schema.json"
_REGISTRY_KEYS = frozenset(registry.key for registry in REGISTRIES)


@dataclass
class Loaded:
    """The corpus plus what the validator needs to point back into the files."""

    corpus: Corpus
    root: Path
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)  # document id -> its file
    registry_sources: dict[str, SourceFile] = field(default_factory=dict)  # 'localities' / 'agencies' / 'laws'
    broken_ids: set[str] = field(default_factory=set)  # ids of files that failed the schema; file names of unreadable ones
    # Each registry's ids (by Corpus attribute: communes are localities), of every entry its files hold, those
    # not built for their own problems included: what a reference may name without being unknown.
    registered: dict[str, set[str]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # the registries (Corpus attributes) with a file not read
    # Where each record of a registry was built from, by (Corpus attribute, id): (registry key, entry index).
    entry_of: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    # Each document's file, resolved as it was read (in the workers, from `parallel_from` files on; under
    # `mkdocs serve`, once per read: every file resolved again at each edit took 0.1 s at 2,000 plans, profiled).
    files: dict[str, Path] = field(default_factory=dict)
    registry_stamps: tuple = ()  # each registry file's stamp as the load read it (ReadCache.stamp), with a cache
    packed: PackedRecords | None = None  # the documents' records, once packed (`pack_records`)

    def forget_positions(self) -> None:
        for source in (*self.sources.values(), *self.registry_sources.values()):
            source.positions, source.key_positions = {}, {}

    def pack_records(self) -> None:
        """Keep each document's record packed, not as the tree of values it was read into: for a corpus that is
        checked already, and read again by nobody else (a build, not `mkdocs serve`)."""
        self.packed = PackedRecords({doc_id: self.sources[doc_id].data for doc_id in self.corpus.documents})
        for doc_id in self.corpus.documents:
            self.sources[doc_id].data = None

    def published(self) -> PublishedCorpus:
        """What the site needs of a valid corpus, without the loader's bookkeeping."""
        return PublishedCorpus(
            corpus=self.corpus,
            root=self.root,
            records=self.packed if self.packed is not None else {doc_id: self.sources[doc_id].data for doc_id in self.corpus.documents},
            registries={key: source.data[key] for key, source in self.registry_sources.items()},
            files={doc_id: self.files[doc_id] for doc_id in self.corpus.documents},
        )


class PackedRecords(Mapping):
    """Each document's record (its validated YAML data), as compressed JSON, read back into values on each read.
    Only the open data reads them, once, after the pages; the model holds the same text, so the values
    the trees held are mostly shared with it, but not the dictionaries and lists: 78 of the 301 MB a loaded
    2,000-plan corpus took (measured). JSON holds every value a record can hold (the schema's types), and
    reads back equal (tests/test_memory.py)."""

    def __init__(self, records: Mapping[str, dict]) -> None:
        self._packed = {doc_id: zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 1)
                        for doc_id, record in records.items()}

    def __getitem__(self, doc_id: str) -> dict:
        return json.loads(zlib.decompress(self._packed[doc_id]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def display_path(path: Path, root: Path) -> str:
    """Paths relative to the directory that holds the corpus, as a maintainer sees them in the repo (a document's
    page names its file so). Its problems name it by `problem_path`."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(root.resolve().parent))  # a link named as itself
    except ValueError:
        return str(path)


def document_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The document files, in path order, read from one walk of the folder with the problems of the files in it
    that are not read: a document saved under another ending the YAML reader would take (`x.yml`, `x.YAML`),
    which a check would pass without a word and the build never publish. Other files (an editor's backup
    `x.yaml~`, a merge's `x.yaml.orig`, a system's) are no document, and are left alone."""
    documents, problems = [], []
    for path in sorted((root / "documents").rglob("*")):
        if path.name.endswith(".yaml"):
            documents.append(path)
            continue
        stem, dot, suffix = path.name.rpartition(".")
        if dot and stem and suffix.lower() in ("yaml", "yml") and path.is_file():
            problems.append(Problem(problem_path(path), 1, 1, "", f"tệp này không được đọc, vì tên không kết thúc bằng .yaml: đổi tên thành {stem}.yaml"))
    return documents, problems


class ReadCache:
    """Each document file as read last time (parsed and checked on its own), by path, with the file's stamp
    (modification time in ns, size, inode): `mkdocs serve` loads the corpus again after each edit, and only
    the files whose stamp changed are read again (at 2,000 plans, reading every file is most of the load).
    Every rule across files still runs on the whole corpus (check.py), so a load from the cache reports
    exactly what a fresh one does (the one rule kept from the last validation reads only the file and the
    registries, validate.py). The registry files are kept the same way. Only the files of the last load are
    kept."""

    def __init__(self) -> None:
        self.entries: dict[Path, tuple[tuple[int, int, int], ReadFile]] = {}
        self.last_read: list[Path] = []  # the files the last load read again
        # The problems of each document's body against the registries at the last validation (validate.py),
        # with the file as read then and the registry files' stamps: valid while both are the same.
        self.checked: dict[str, tuple] = {}
        self.checked_registries: tuple = ()
        # Each registry file as read last time, by path, with its stamp: read, checked against its schema and
        # built into records again only when it changed (0.4 s of each edit's load at 2,000 plans, profiled,
        # for the 3,321 communes and the localities).
        self.registries: dict[Path, tuple[tuple[int, int, int], RegistryRead]] = {}

    @staticmethod
    def stamp(path: Path) -> tuple[int, int, int] | None:
        try:
            status = path.stat()
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size, status.st_ino)


def load_corpus(root: Path, parallel_from: int = PARALLEL_FROM, cache: ReadCache | None = None) -> Loaded:
    loaded = Loaded(Corpus(), root)
    registry_stamps = []
    for registry in REGISTRIES:
        stamp, read = _read_registry_cached(root / registry.file_name, root, registry, cache)
        _add_registry(loaded, registry, read)
        registry_stamps.append(stamp)
    loaded.registry_stamps = tuple(registry_stamps)
    paths, unread = document_files(root)
    loaded.problems += unread
    stamps = {path: ReadCache.stamp(path) for path in paths} if cache is not None else {}
    kept = {path: cache.entries[path][1] for path in paths
            if cache is not None and path in cache.entries and stamps[path] is not None and cache.entries[path][0] == stamps[path]}
    todo = [path for path in paths if path not in kept]
    # Reading a file needs nothing from the others: on several cores, forked workers read shares of them.
    workers = worker_count() if len(todo) >= parallel_from else 0
    tasks = [(root, share) for share in chunks(todo, ITEMS_PER_TASK)]
    fresh = dict(zip(todo, (read for files in map_in_workers(_read_document_files, tasks, workers) for read in files), strict=True))
    if cache is not None:
        cache.entries = {path: (stamps[path], kept.get(path) or fresh[path]) for path in paths if stamps[path] is not None}
        cache.last_read = todo
    for path in paths:
        add_document(loaded, kept[path] if path in kept else fresh[path])
    return loaded


@dataclass
class RegistryRead:
    """One registry file, parsed and checked against its schema, with the records its entries build (those
    without schema problems); `_add_registry` then adds them to the corpus beside the other files'."""

    source: SourceFile | None
    problems: list[Problem]
    records: list[tuple[int, str, object]]  # (entry index, id, record), in the file's order
    ids: frozenset[str] | None = frozenset()  # the id of every entry that has one, built or not; None: unreadable
    # What `_add_registry` adds to the corpus, made once with the read (which the cache keeps), not at each
    # load (adding the registries took 0.81-0.84 ms a load on the real corpus when these were made there, 0.14
    # ms now, measured): each id's record, the first entry's of the file with that id (a second is reported by
    # validate.py), and where it was built from, by (Corpus attribute, id): (registry key, entry index).
    built: dict[str, object] = field(default_factory=dict)
    entry_of: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)


def _read_registry_cached(path: Path, root: Path, registry: Registry, cache: ReadCache | None) -> tuple[tuple | None, RegistryRead]:
    """(the file's stamp when read, with a cache; the file as read): from the cache while its stamp is the same."""
    stamp = ReadCache.stamp(path) if cache is not None else None
    if stamp is not None and path in cache.registries and cache.registries[path][0] == stamp:
        return stamp, cache.registries[path][1]
    read = read_registry(path, problem_path(path), registry)
    if cache is not None:  # only this corpus's registries are kept
        cache.registries = {known: entry for known, entry in cache.registries.items() if known.parent == path.parent}
        # A file that could not be read is read again next time: a change of its permissions changes no stamp.
        if stamp is not None and read.source is not None:
            cache.registries[path] = (stamp, read)
        else:
            cache.registries.pop(path, None)
    return stamp, read


def read_registry(path: Path, shown: str, registry: Registry) -> RegistryRead:
    key = registry.key
    if not path.exists():
        if not registry.required:
            return RegistryRead(None, [], [])
        # Unreadable, as a file YAML cannot read: what it would hold is not known, so no reference into it is
        # reported unknown (one line per reference before: 7,008 without localities.yaml on the real corpus,
        # 201 without agencies.yaml).
        return RegistryRead(None, [Problem(shown, 1, 1, "", f"thiếu tệp danh mục {path.name}")], [], None)
    problems: list[Problem] = []
    source = load_flow_lines(path, shown, key) if registry.flow_lines else None
    if source is None:
        source, problems = load_yaml(path, shown)
    if source is None:  # unreadable: the ids it holds are not known
        return RegistryRead(None, problems, [], None)
    located = schema.check_located(source, REGISTRY_SCHEMA)
    # One schema serves every registry file: entries under another registry's root key (`laws:` in
    # agencies.yaml) are that mistake alone, not each a problem of the other registry's rules (two lines for
    # each of the fixture's agencies before).
    foreign = [name for name in source.data if name != key and name in _REGISTRY_KEYS] if isinstance(source.data, dict) else []
    problems += [problem for where, problem in located if not (where and where[0] in foreign)]
    if not isinstance(source.data, dict) or key not in source.data:
        instead = f", không phải '{foreign[0]}:' (khóa gốc của tệp {foreign[0]}.yaml)" if foreign else ""
        problems.append(source.problem((), f"tệp cần có khóa gốc '{key}:'{instead}"))
        foreign = foreign[1:]
    problems += [source.problem((name,), f"khóa gốc '{name}:' là của tệp {name}.yaml, không phải của tệp này: chuyển các mục sang tệp đó", at_key=True)
                 for name in foreign]
    # Each entry the schema finds nothing wrong with, whose dates are real days, is built, the same id twice
    # included (which one the corpus keeps is `_add_registry`'s rule), whatever is wrong with the others: a
    # reference to it is checked as in a valid file. One wrong entry left the whole file unbuilt before, and
    # every reference to any entry unknown: one typo in agencies.yaml, hundreds of false lines.
    broken = {path[1] for path, _ in located if len(path) > 1 and path[0] == key}
    entries = source.data.get(key) if isinstance(source.data, dict) else None
    entries = entries if isinstance(entries, list) else []
    date_problems = _date_problems(source, registry, entries, {path for path, _ in located})
    problems += [problem for _, problem in date_problems]
    broken |= {where[1] for where, _ in date_problems}
    records = [(index, registry.key_of(entry), registry.build(entry)) for index, entry in enumerate(entries) if index not in broken]
    built: dict[str, object] = {}
    entry_of: dict[tuple[str, str], tuple[str, int]] = {}
    for index, entry_id, record in records:
        if entry_id not in built:
            built[entry_id] = record
            entry_of[registry.attribute, entry_id] = (key, index)
    # `localities:` left empty, or not a list: what the file should hold is not known, as when it cannot be read,
    # and no reference into it is unknown (7,008 lines under the one that said so, on the real corpus).
    held = source.data.get(key, []) if isinstance(source.data, dict) else None
    ids = None if not isinstance(held, list) else frozenset(built) if not problems else _held_ids(source.data, registry)
    return RegistryRead(source, problems, records, ids, built, entry_of)


def _date_problems(source: SourceFile, registry: Registry, entries: list, schema_paths: set[tuple]) -> list[tuple[tuple, Problem]]:
    """Each date of an entry (`registry.dates`) that has the schema's shape but names no real day or month
    (`2025-06-31`, `2025-13`), with its path: as a document's date (model.date_problem), it is the entry's
    problem, and the entry is not built; a date the schema refused is its problem alone."""
    found = []
    for index, entry in enumerate(entries):
        for name in registry.dates:
            value = entry.get(name) if isinstance(entry, dict) else None
            where = (registry.key, index, name)
            if isinstance(value, str) and where not in schema_paths and (wrong := date_problem(value)):
                found.append((where, source.problem(where, wrong)))
    return found


def _held_ids(data: object, registry: Registry) -> frozenset[str]:
    """The ids of every entry a registry file with problems holds, built or not, under its root key or not
    (misspelled, left out): a reference to one is not unknown (validate.py), its entry's own problems say
    what is wrong."""
    held = [data] if isinstance(data, list) else list(data.values()) if isinstance(data, dict) else []
    return frozenset(registry.key_of(entry) for entries in held if isinstance(entries, list) for entry in entries
                     if isinstance(entry, dict) and isinstance(entry.get(registry.key_field), str))


def registry_file(root: Path, attribute: str) -> str:
    """The file a message names for a registry (a Corpus attribute): its main file (localities.yaml for the
    localities, to which a maintainer adds one; communes.yaml is generated), as problems name files."""
    return problem_path(root / f"{attribute}.yaml")


def _add_registry(loaded: Loaded, registry: Registry, read: RegistryRead) -> None:
    loaded.problems += read.problems
    earlier = loaded.registered.setdefault(registry.attribute, set())
    if read.ids is None:
        loaded.unreadable.add(registry.attribute)
    if read.source is None:
        return
    loaded.registry_sources[registry.key] = read.source
    records = getattr(loaded.corpus, registry.attribute)
    held = read.ids or frozenset()  # none known of a file whose entries are not known
    taken = earlier & held  # ids an earlier file of the registry holds (in an entry built or not)
    if not taken:
        records.update(read.built)
        loaded.entry_of.update(read.entry_of)
    else:
        for index, entry_id, _ in read.records:
            if entry_id in taken:
                loaded.problems.append(read.source.problem((registry.key, index, "id"), f"id '{entry_id}' đã có trong {registry_file(loaded.root, registry.attribute)}: mỗi đơn vị cần một id riêng"))
        records.update((entry_id, record) for entry_id, record in read.built.items() if entry_id not in taken)
        loaded.entry_of.update(item for item in read.entry_of.items() if item[0][1] not in taken)
    earlier |= held


_FLOW_SAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\\\\]")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise ValueError("duplicate key")
    return data


def load_flow_lines(path: Path, shown: str, key: str) -> SourceFile | None:
    """A generated registry written one entry per line in flow style, which is JSON: read by the JSON parser
    (3,321 communes in 0.07 s, where composing them as YAML takes 2.5 s), each entry placed at its line.
    Anything else (edited by hand in another style, an escape, a control character, text not in NFC) returns
    None, and the file is read as YAML, with every check and exact positions."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if len(text) > MAX_BYTES or _FLOW_SAFE.search(text) or not unicodedata.is_normalized("NFC", text):
        return None
    lines = text.split("\n")
    body = "\n".join("" if line.startswith("#") else line for line in lines)
    try:
        data = json.loads(body, object_pairs_hook=_no_duplicate_keys)
    except ValueError:  # not JSON, or a key given twice: YAML reading reports where
        return None
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        return None
    source = SourceFile(shown, data)
    entry_lines = [number for number, line in enumerate(lines, 1) if line.startswith("{\"")]
    if len(entry_lines) != len(data[key]):
        return None
    for index, number in enumerate(entry_lines):
        source.positions[(key, index)] = (number, 1)
    return source


@dataclass
class ReadFile:
    """One document file, parsed and checked on its own; `add_document` then checks it against the others."""

    source: SourceFile | None
    problems: list[Problem]
    document: Document | None
    file: Path | None = None  # the file, resolved (what the site publishes as the document's YAML)


def read_document_file(path: Path, root: Path) -> ReadFile:
    shown = problem_path(path)
    source, problems = load_yaml(path, shown)
    if source is None:  # unreadable: an empty stand-in, so that the file still names its document (add_document)
        return ReadFile(SourceFile(shown, None), problems, None)
    schema_problems = schema.check(source, DOCUMENT_SCHEMA)
    if not isinstance(source.data, dict):
        schema_problems.append(source.problem((), "tệp văn bản phải là một khối trường (id, number, type, ...)"))
    data = source.data if isinstance(source.data, dict) else {}
    date, wrong_date = _parse_date(data.get("date"))
    if wrong_date:
        schema_problems.append(source.problem(("date",), wrong_date))
    document = None if schema_problems else build_document(data, date, display_path(path, root))
    problems += schema_problems + check_readings(source)
    if not problems:
        source.let_go_positions(path)
    return ReadFile(source, problems, document, path.resolve() if document else None)


def check_readings(source: SourceFile) -> list[Problem]:
    """Uncertain readings (plansite/text/uncertain.py): no `[[…]]` mark left in any text, and each listed
    reading found once, as whole words, in the text it belongs to. A rule of the file alone: checked as it is
    read, in the workers, and kept with it under `mkdocs serve` (0.7 s of each edit's 2.1 s load at 2,000
    plans when it ran on every file)."""
    problems = []
    # A stack, not a nested function calling itself: that closure is a reference cycle holding `source` (its
    # data and the position of every value) until the collector runs, and the load pauses the collector: the
    # load's forked workers kept every file they read, 1.4 GB each at 10,000 plans (measured).
    stack: list[tuple[object, FieldPath]] = [(source.data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            raw = uncertain.RAW_MARKUP.search(value)
            if raw:
                problems.append(source.problem(path, f"văn bản còn dấu '[[' (ký tự thứ {raw.start() + 1}): bỏ dấu [[…]] khỏi nội dung và ghi cách đọc chưa chắc chắn vào danh sách 'uncertain' bên cạnh (xem CONTRIBUTING.md)"))
            continue
        if isinstance(value, dict):
            text, readings = value.get("text"), value.get("uncertain")
            if isinstance(text, str) and isinstance(readings, list):
                for index, reading in enumerate(readings):
                    problem = isinstance(reading, str) and reading and uncertain.reading_problem(text, reading)
                    if problem:
                        problems.append(source.problem(path + ("uncertain", index), problem))
            items = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        else:
            continue
        stack.extend((item, path + (key,)) for key, item in reversed(items))
    return problems


def _read_document_files(task: tuple[Path, list[Path]]) -> list[ReadFile]:
    root, paths = task
    with gc_paused():  # the same pause as in the parent (a spawned interpreter would not inherit it)
        return [read_document_file(path, root) for path in paths]


def add_document(loaded: Loaded, read: ReadFile) -> Document | None:
    loaded.problems += read.problems
    source = read.source
    if source is None:
        return None
    doc_id = source.data.get("id") if isinstance(source.data, dict) else None
    if not isinstance(doc_id, str):
        # Known but broken under its file name: a document implementing it gets no false "no such id".
        doc_id = Path(source.path).stem
        if doc_id not in loaded.sources:
            loaded.sources[doc_id] = source
            loaded.broken_ids.add(doc_id)
        return None
    if doc_id in loaded.sources:
        first = loaded.sources[doc_id]
        line, _ = first.position(("id",))
        loaded.problems.append(source.problem(("id",), f"id '{doc_id}' đã dùng ở {first.path}:{line}: mỗi văn bản cần một id riêng"))
        return None
    loaded.sources[doc_id] = source
    if read.document is None:
        loaded.broken_ids.add(doc_id)
        return None
    loaded.corpus.documents[doc_id] = read.document
    loaded.files[doc_id] = read.file
    return read.document


def _parse_date(value: Any) -> tuple[dt.date | None, str | None]:
    if not isinstance(value, str) or not re.fullmatch(schema.ISO_DATE_PATTERN, value):
        return None, None  # absent, or an error the schema already reports (once, on one line)
    wrong = date_problem(value)
    return (None, wrong) if wrong else (dt.date.fromisoformat(value), None)


def build_node(data: dict) -> Node:
    return Node(
        id=data["id"],
        text=data["text"],
        marker=data.get("marker", ""),
        uncertain=tuple(data.get("uncertain", ())),
        children=tuple(build_node(child) for child in data.get("children", ())),
    )


def build_lines(items: list) -> tuple[Line, ...]:
    """Printed lines: a string, or `{text, uncertain}` for a line with uncertain readings."""
    return tuple(Line(item) if isinstance(item, str) else Line(item["text"], tuple(item.get("uncertain", ())))
                 for item in items)


def build_document(data: dict, date: dt.date | None, path: str) -> Document:
    provenance = data["provenance"]
    return Document(
        id=data["id"],
        number=data["number"],
        type=data["type"],
        title=data["title"],
        date=date,
        place=data.get("place", ""),
        issuer=Issuer(**data["issuer"]),
        co_issuers=tuple(Issuer(**item) for item in data.get("co_issuers", ())),
        signer=Signer(**data["signer"]) if "signer" in data else None,
        implements=tuple(data["implements"]),
        masthead=tuple(data.get("masthead", ())),
        body=tuple(build_node(node) for node in data.get("body", ())),
        signature=build_lines(data.get("signature", ())),
        recipients=build_lines(data.get("recipients", ())),
        **build_extracts(data),
        content=content_kind(data),
        summary=Summary(data["summary"]["source"], tuple(data["summary"]["paragraphs"])) if "summary" in data else None,
        sources=tuple(Source(**item) for item in data.get("sources", ())),
        provenance=Provenance(
            method=provenance["method"],
            source_file=provenance.get("source_file"),
            obtained=provenance.get("obtained", ""),
            notes=tuple(provenance.get("notes", ())),
            inferred=tuple(Inference(**item) for item in provenance.get("inferred", ())),
        ),
        path=path,
    )
