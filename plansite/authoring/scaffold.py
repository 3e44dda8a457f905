"""Create a new corpus document from a few answers: the first step of adding a plan by pull request."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from plansite.analysis.agency_names import AgencyMatcher
from plansite.authoring.extract import Unmatched, suggest_responsibilities
from plansite.authoring.fidelity import check_fidelity
from plansite.authoring.textsplit import split_text
from plansite.authoring.yamlwrite import dump
from plansite.corpus.check import load_valid_corpus
from plansite.corpus.loader import build_document, registry_file
from plansite.corpus.model import TYPE_LABELS, Corpus, date_text
from plansite.corpus.model import identity as document_identity
from plansite.corpus.problems import CorpusError, problem_folder, problem_path
from plansite.render.environment import template_environment
from plansite.text import numbers, suggest
from plansite.text.folding import one_tone_placement, slugify

TEMPLATES = Path(__file__).resolve().parent / "templates"
# What --locality says for a document of a central body (Party Central Committee, Government, a ministry): it
# has no locality, its level is central, and its id starts with this word, like the Directive's own.
NATIONAL = "trung-uong"


class ScaffoldError(ValueError):
    """An answer the corpus cannot take (unknown parent, duplicate id or number); the message says which."""


@dataclass
class Origin:
    """Where a summary, or what is known of a document without its text, comes from: who wrote it, the title,
    the date (YYYY-MM-DD, YYYY-MM or YYYY) and, when there is one, the address."""

    author: str = ""
    title: str = ""
    date: str = ""
    url: str = ""

    def given(self) -> bool:
        return any((self.author, self.title, self.date, self.url))

    def source(self) -> dict:
        """The entry of `sources`, its id from who wrote it (`Báo Lai Châu` -> `bao-lai-chau`)."""
        entry = {"id": slugify(self.author) or "nguon", "author": self.author, "title": self.title, "date": self.date}
        return entry | ({"url": self.url} if self.url else {})


@dataclass
class PlanAnswers:
    number: str | None  # None: not known; the document says so and its id carries no number
    issuer: str
    date: dt.date
    locality: str  # an id of corpus/localities.yaml, or NATIONAL
    parents: list[str]
    title: str
    co_issuers: list[str] = field(default_factory=list)  # a joint document's other issuers, as printed
    type: str | None = None  # from the number's abbreviation when None (numbers.type_of): `KH` is a plan
    line: str = ""  # when empty, from the issuer's name (_line_of_name), else the number (`12-KH/HU` is Party)
    signer: str = ""
    place: str = ""  # the place printed beside the date, as printed; never taken from the locality's name
    position: str = ""
    capacity: str = ""
    text: Path | None = None
    source: Path | None = None
    method: str = ""  # how the text (or the summary) was obtained; ocr-restored for a text, clean-text for a summary
    summary: Path | None = None  # someone else's summary, one paragraph a line: the document has no full text
    metadata_only: bool = False  # said outright: nothing of the text, only the metadata (and what a source says)
    origin: Origin = field(default_factory=Origin)
    notes: list[str] = field(default_factory=list)  # the restorer's notes (provenance.notes): what was decided and why
    # The lines printed around the text, restored, each as printed: the source holds them, so a text without
    # them is refused by the fidelity check.
    masthead: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


def new_document_id(answers: PlanAnswers, document_type: str) -> str:
    """Locality + number + year; with no number known, locality + type + full date, which pretends to no number
    and stays the document's id when its number is learned."""
    if answers.number is None:
        return f"{answers.locality}-{slugify(TYPE_LABELS[document_type])}-{answers.date.isoformat()}"
    return f"{answers.locality}-{numbers.slug(answers.number)}-{answers.date.year}"


@dataclass
class Created:
    path: Path
    unmatched: list[Unmatched]  # items of "TỔ CHỨC THỰC HIỆN" with no recognised agency: no task suggested
    guessed_lines: list[str] = field(default_factory=list)  # co-issuers whose line was copied from the first issuer
    namesakes: list[str] = field(default_factory=list)  # ids of documents of the same number and issuer, another date


# What a maintainer whose source prints lines around the text is told (the fidelity check finds them lost).
AROUND_TEXT = ("Dòng in quanh toàn văn, đã khôi phục dấu, mỗi dòng một lần: phần đầu (cơ quan, quốc hiệu, số, địa danh "
               "và ngày) bằng --masthead, khối chữ ký bằng --signature, nơi nhận bằng --recipient; dòng bản nguồn có mà "
               "văn bản không in (dấu mộc, chữ ký số) thì trích nguyên dòng trong --note.")


def create_plan(corpus_root: Path, corpus: Corpus, answers: PlanAnswers) -> Created:
    """Write corpus/documents/<id>.yaml (and copy the raw source); refuse anything that already exists, and
    anything the corpus would not take: the written file is checked with the whole corpus, and removed (with its
    source copy) if it does not pass."""
    number = numbers.parse_number(answers.number) if answers.number is not None else None
    if number is None and answers.number is not None:
        raise ScaffoldError(f"số hiệu '{answers.number}' không đúng dạng: viết đúng như in, "
                            "vd. 188/KH-UBND, 56/2017/NĐ-CP (Nhà nước) hoặc 276-KH/TU (Đảng)")
    if number is not None and number.serial == 0:
        raise ScaffoldError(f"số hiệu '{answers.number}' có số thứ tự 0, không phải số của một văn bản thật: "
                            "ghi số đúng như in trên văn bản, không đặt số thay thế")
    document_type = answers.type or (numbers.type_of(number) if number else None)
    if document_type is None:
        raise ScaffoldError(f"số hiệu {answers.number} không cho biết loại văn bản: ghi --type (vd. official-letter cho công văn)"
                            if number else "chưa rõ số hiệu thì cần --type (vd. plan) và --line (party, state hoặc front)")
    matcher = AgencyMatcher(corpus.agencies)  # one regex over every agency name: built once, used thrice
    # The issuer's line as its name says it, then as its number is written: a Party committee's number typed the
    # State's way ('14/KH-ĐU') would otherwise make it a State body, and the check would then see nothing wrong.
    line = answers.line or _line_of_name(answers.issuer, matcher, corpus) or (numbers.line_of(number) if number else "")
    if not line:
        raise ScaffoldError("chưa rõ số hiệu thì cần --line: party (Đảng), state (Nhà nước) hoặc front (Mặt trận, đoàn thể)")
    if document_type not in TYPE_LABELS:
        raise ScaffoldError(f"loại '{document_type}' không có{suggest.hint(document_type, TYPE_LABELS)}: chọn một trong {', '.join(TYPE_LABELS)}")
    content = _content(answers)
    national = answers.locality == NATIONAL
    locality = None if national else corpus.localities.get(answers.locality)
    if locality is None and not national:
        raise ScaffoldError(f"địa phương '{answers.locality}' không có trong {registry_file(corpus_root, 'localities')}{suggest.hint(answers.locality, corpus.localities)}: "
                            f"thêm vào danh mục trước (văn bản của cơ quan trung ương: --locality {NATIONAL})")
    for parent in answers.parents:
        if parent not in corpus.documents:
            raise ScaffoldError(f"văn bản cấp trên '{parent}' không có trong kho: tạo nó trước (có thể chỉ với thông tin mô tả)")
    wanted = document_identity(answers.number, answers.issuer, answers.date)
    namesakes = []  # numbers restart with each year or term: another date is another document, most likely
    for existing in corpus.documents.values():
        identity = document_identity(existing.number, existing.issuer.name, existing.date)
        if wanted is not None and identity == wanted:
            raise ScaffoldError(f"số {answers.number} của {answers.issuer} ngày {answers.date:%d/%m/%Y} đã có trong kho: '{existing.id}'")
        if wanted is not None and identity is not None and identity[:2] == wanted[:2]:
            namesakes.append(existing.id)
    doc_id = new_document_id(answers, document_type)
    if doc_id in corpus.documents:
        # Another document with this number in the same year (numbers restart with each term): the full date
        # tells them apart.
        doc_id = f"{doc_id}-{answers.date:%m-%d}"
    target = corpus_root / "documents" / f"{doc_id}.yaml"
    if doc_id in corpus.documents or target.exists():
        raise ScaffoldError(f"id '{doc_id}' đã có trong kho ({problem_path(target)}): văn bản này đã được thêm?")

    issuer = {"name": answers.issuer, "line": line,
              "level": "central" if locality is None else locality.level}
    if locality is not None:
        issuer["locality"] = locality.id
    identity = {"id": doc_id, "number": answers.number, "type": document_type, "title": answers.title,
                "date": answers.date.isoformat()}
    if answers.place:
        identity["place"] = answers.place
    identity["issuer"] = issuer
    guessed: list[str] = []
    if answers.co_issuers:
        # Level and place as the first issuer's; the line (Party, State, Front) as the agency kind the name
        # matches says, else the first issuer's, and the maintainer is told to check it.
        identity["co_issuers"] = []
        for name in answers.co_issuers:
            line = _line_of_kind(name, matcher, corpus)
            if not line:
                guessed.append(name)
            identity["co_issuers"].append({**issuer, "name": name, "line": line or issuer["line"]})
    if answers.signer:
        identity["signer"] = {key: value for key, value in
                              (("name", answers.signer), ("position", answers.position), ("capacity", answers.capacity)) if value}
    day = answers.date
    body = split_text(read_input(answers.text, "--text")) if answers.text else []
    if answers.text and not body:
        raise ScaffoldError(f"tệp toàn văn {answers.text} không có đoạn nào")
    identity["content"] = content
    provenance: dict = {"method": "metadata-only"}
    sources = [answers.origin.source()] if answers.origin.given() else []
    summary = None
    if content == "summary":
        paragraphs = [line.strip() for line in read_input(answers.summary, "--summary").splitlines() if line.strip()]
        if not paragraphs:
            raise ScaffoldError(f"tệp tóm tắt {answers.summary} không có đoạn nào")
        summary = {"source": sources[0]["id"], "paragraphs": paragraphs}
        provenance = {"method": answers.method or "clean-text",
                      "obtained": f"Tóm tắt của {answers.origin.author}, {date_text(answers.origin.date)}; kho chưa có toàn văn."}
    source_copy = None
    if body:
        if answers.source is None:
            raise ScaffoldError(f"có --text thì cần --source: bản gốc phải được lưu trong {problem_folder(corpus_root / 'sources')} làm bằng chứng")
        source_name = f"{doc_id}{answers.source.suffix or '.txt'}"
        source_copy = corpus_root / "sources" / source_name
        if source_copy.exists():
            raise ScaffoldError(f"{problem_path(source_copy)} đã có: văn bản này đã được thêm?")
        source_text = read_input(answers.source, "--source")  # before anything is written
        provenance = {"source_file": source_name, "method": answers.method or "ocr-restored", "notes": list(answers.notes)}
    elif answers.notes:
        raise ScaffoldError("--note ghi chú cho việc khôi phục toàn văn: chỉ dùng cùng --text và --source")
    if (answers.masthead or answers.signature or answers.recipients) and not body:
        raise ScaffoldError("--masthead, --signature, --recipient là những dòng in quanh toàn văn: chỉ dùng cùng --text và --source")
    responsibilities = []
    unmatched: list[Unmatched] = []
    if body:
        draft = build_document({**identity, "implements": answers.parents, "body": body, "provenance": provenance}, day, str(target))
        responsibilities = suggest_responsibilities(draft, matcher, unmatched)

    env = template_environment(TEMPLATES)  # YAML, not HTML: nothing to escape
    text = env.get_template("new_plan.yaml.j2").render(
        identity=dump(identity).rstrip(),
        relations=dump({"implements": answers.parents}).rstrip(),
        body=dump({"body": body}).rstrip() if body else "",
        masthead=dump({"masthead": list(answers.masthead)}).rstrip() if answers.masthead else "masthead: []",
        signature=dump({"signature": list(answers.signature)}).rstrip() if answers.signature else "signature: []",
        recipients=dump({"recipients": list(answers.recipients)}).rstrip() if answers.recipients else "recipients: []",
        content=content,
        sources=dump({"sources": sources}).rstrip() if sources else "",
        source_id=sources[0]["id"] if sources else "",
        summary=dump({"summary": summary}).rstrip() if summary else "",
        responsibilities=dump({"responsibilities": responsibilities}).rstrip(),
        provenance=dump({"provenance": provenance}).rstrip(),
    )
    # Whatever stops the checks below (a problem, an error, Ctrl-C during the fidelity check) takes back what was
    # written: the corpus never keeps half a document.
    written = False
    try:
        if source_copy is not None:
            shutil.copyfile(answers.source, source_copy)
        target.write_text(text, encoding="utf-8")
        try:
            loaded = load_valid_corpus(corpus_root)
        except CorpusError as error:
            own = [str(problem) for problem in error.problems if Path(problem.path).name == target.name]
            raise ScaffoldError("văn bản tạo ra chưa hợp lệ, chưa ghi tệp nào:\n" + "\n".join(own or map(str, error.problems))) from None
        if source_copy is not None:
            # The corpus's texts are faithful to their sources (tests/test_fidelity.py checks every one): a title
            # or a paragraph the source does not hold is refused here, not found later by `make test`. 1–3 s.
            report = check_fidelity(loaded.corpus.documents[doc_id], source_text)
            if not report.ok:
                raise ScaffoldError("toàn văn không khớp với bản nguồn (--source), chưa ghi tệp nào:\n" + str(report) + "\n" + AROUND_TEXT)
        written = True
    finally:
        if not written:
            target.unlink(missing_ok=True)
            if source_copy is not None:
                source_copy.unlink(missing_ok=True)
    return Created(target, unmatched, guessed, namesakes)


# The words that name a Party body as its issuer (the registry of agency kinds names the bodies plans give tasks
# to, not the committees that issue them): "Ban Thường vụ Tỉnh ủy", "Đảng ủy xã Bình Lư", "Huyện ủy Tam Đường".
PARTY_BODIES = tuple(one_tone_placement(words) for words in (
    "đảng ủy", "đảng bộ", "đảng đoàn", "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "ban thường vụ",
    "ban chấp hành", "bộ chính trị", "ban bí thư", "ban cán sự đảng", "chi bộ"))  # in one tone placement, as names are read


def _line_of_kind(name: str, matcher: AgencyMatcher, corpus: Corpus) -> str:
    """'party', 'state' or 'front' as the first agency kind a name names says it, '' when it names none."""
    kinds = [corpus.agencies[match.agency] for match in matcher.find(name)]
    return next((kind.line for kind in kinds if kind.line in ("party", "state", "front")), "")


def _line_of_name(name: str, matcher: AgencyMatcher, corpus: Corpus) -> str:
    """'party', 'state' or 'front' as an issuer's name says it: the agency kind it names, else a Party body's
    words; '' when the name does not tell."""
    written = one_tone_placement(unicodedata.normalize("NFC", name).lower())
    return _line_of_kind(name, matcher, corpus) or (
        "party" if any(words in written for words in PARTY_BODIES) else "")


def read_input(path: Path, option: str) -> str:
    """A file the maintainer named, as text: a clear message, not a traceback, when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScaffoldError(f"{option} {path}: không phải văn bản UTF-8; lưu lại tệp dưới dạng UTF-8") from None
    except OSError as error:
        raise ScaffoldError(f"{option} {path}: không đọc được ({error.strerror or error})") from None


def _content(answers: PlanAnswers) -> str:
    """What the new document holds (`content`): its full text, someone's summary, or its metadata only; a summary
    is refused without who wrote it, its title and its date, so that it is never taken for the plan's words."""
    origin = answers.origin
    if sum(map(bool, (answers.text, answers.summary, answers.metadata_only))) > 1:
        raise ScaffoldError("chọn một: --text (toàn văn), --summary (tóm tắt của người khác) hoặc --metadata-only")
    if origin.given() or answers.summary:
        missing = [flag for flag, value in (("--summary-source (ai viết: tờ báo, cơ quan)", origin.author),
                                            ("--summary-title (tên bài, tên báo cáo)", origin.title),
                                            ("--summary-date (ngày đăng: YYYY-MM-DD, YYYY-MM hoặc YYYY)", origin.date)) if not value]
        if missing:
            what = "tóm tắt" if answers.summary else "nguồn"
            raise ScaffoldError(f"{what} cần nói rõ nó từ đâu; thiếu: {', '.join(missing)}")
    if answers.text and origin.given():
        raise ScaffoldError("văn bản có toàn văn: nhiệm vụ và chỉ tiêu lấy từ đoạn của toàn văn, không cần nguồn --summary-source")
    if answers.text:
        return "full-text"
    return "summary" if answers.summary else "metadata-only"
