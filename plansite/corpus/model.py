"""The in-memory corpus: typed, immutable records built from validated YAML.

The records a document has many of (paragraphs, tasks, their times, lines) keep their fields in slots, without
a dictionary each: a loaded 2,000-plan corpus took 19 MB less (588 to 569 MB, measured). `Document` keeps its
dictionary, for its cached properties (and the reads noted on it, plansite/render/reads.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from plansite.text import quantity

UNKNOWN_NUMBER = "chưa rõ số"  # shown for a document whose number the corpus does not know

# Labels in the order lists show them (agencies by line, localities and facets by level).
LINE_LABELS = {"state": "Nhà nước", "party": "Đảng", "front": "Mặt trận, đoàn thể", "press": "Báo chí"}
LEVEL_LABELS = {"central": "Trung ương", "province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã", "any": "Mọi cấp"}
# Document types by their Vietnamese names: the administrative types of Nghị định 30/2020/NĐ-CP (Điều 7), the
# Party types of Hướng dẫn 36-HD/VPTW, and the normative types of the Law on promulgating legal documents. Left
# out: the forms that carry no policy (giấy mời, giấy giới thiệu, giấy nghỉ phép, phiếu gửi, phiếu chuyển, phiếu
# báo, thư công, giấy ủy quyền). The order is the order of the lists and filters.
TYPE_LABELS = {
    "plan": "Kế hoạch",
    "directive": "Chỉ thị",
    "action-programme": "Chương trình hành động",
    "programme": "Chương trình",
    "guidance": "Hướng dẫn",
    "decision": "Quyết định",
    "resolution": "Nghị quyết",
    "joint-resolution": "Nghị quyết liên tịch",
    "conclusion": "Kết luận",
    "rules": "Quy chế",
    "coordination-rules": "Quy chế phối hợp",
    "regulation": "Quy định",
    "proposal": "Đề án",
    "project": "Dự án",
    "scheme": "Phương án",
    "master-plan": "Quy hoạch",
    "party-circular": "Thông tri",
    "notice": "Thông báo",
    "communique": "Thông cáo",
    "declaration": "Tuyên bố",
    "appeal": "Lời kêu gọi",
    "report": "Báo cáo",
    "submission": "Tờ trình",
    "minutes": "Biên bản",
    "official-letter": "Công văn",
    "telegram": "Công điện",
    "memorandum": "Bản ghi nhớ",
    "agreement": "Bản thỏa thuận",
    "contract": "Hợp đồng",
    "law": "Luật",
    "ordinance": "Pháp lệnh",
    "decree": "Nghị định",
    "circular": "Thông tư",
    "joint-circular": "Thông tư liên tịch",
}
ROLE_LABELS = {"lead": "Chủ trì", "support": "Phối hợp", "implement": "Thực hiện", "request": "Được đề nghị"}
METHOD_LABELS = {
    "ocr-restored": "Bản OCR mất dấu, đã khôi phục dấu tiếng Việt và sửa lỗi nhận dạng",
    "clean-text": "Văn bản sạch, có dấu",
    "metadata-only": "Chỉ có thông tin mô tả; kho chưa có toàn văn",
}
# What the corpus holds of a document (`content`), the one rule every page, count, filter, JSON-LD and CSV
# follows: its full text; a summary in someone else's words (a news item, a report), never shown or counted as
# the document's text; or its metadata only. The labels are the search filter's values and the counts' words;
# the marks follow the document's title in lists and trees.
CONTENT_LABELS = {"full-text": "Có toàn văn", "summary": "Chỉ có tóm tắt", "metadata-only": "Chỉ có thông tin mô tả"}
CONTENT_MARKS = {"full-text": "", "summary": "(chỉ có tóm tắt)", "metadata-only": "(chỉ có thông tin mô tả)"}


def content_kind(data: dict) -> str:
    """A document's content kind: its `content`, or, in a file that does not write one, what its provenance
    says (files written before `content` existed: `method: metadata-only` had no body, any other method had
    one, and validation held them to it)."""
    if "content" in data:
        return data["content"]
    return "metadata-only" if data["provenance"]["method"] == "metadata-only" else "full-text"


WHEN_LABELS = {
    "date": "Có hạn",
    "recurrence": "Định kỳ",
    "period": "Theo giai đoạn",
    "ongoing": "Thường xuyên",
    "as-needed": "Khi phát sinh, khi có yêu cầu",
    "unknown": "Văn bản không ghi thời hạn",
}
# Recurrences: the label, and the months between two occurrences (iCalendar FREQ and INTERVAL follow from it).
EVERY_LABELS = {"year": "hằng năm", "half-year": "6 tháng một lần", "quarter": "hằng quý", "month": "hằng tháng"}
EVERY_MONTHS = {"year": 12, "half-year": 6, "quarter": 3, "month": 1}


RELATION_LABELS = {"whole": "nhập toàn bộ", "part": "nhập một phần", "unchanged": "giữ nguyên"}
SCHEME_LABELS = {"truoc-2025": "mã trước 01/7/2025", "tu-2025": "mã từ 01/7/2025"}


@dataclass(frozen=True, slots=True)
class Succession:
    """One unit going into another: `id` is the other unit, `relation` how (whole, part, unchanged)."""

    id: str
    relation: str

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS[self.relation]


@dataclass(frozen=True, slots=True)
class FormerUnit:
    """A commune before 1 July 2025, known only as a row of the conversion table (no id, no page)."""

    code: str
    name: str
    relation: str

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS[self.relation]


# What follows a fact the text does not print (`provenance.inferred`) wherever it is shown (Document.marked).
INFERRED_MARK = "(suy luận)"
# A field as a document's page names it to a reader: its card's headings, and the fields `provenance.inferred`
# names (one not here is shown as written in the file).
FIELD_LABELS = {
    "number": "Số hiệu", "type": "Loại văn bản", "title": "Trích yếu", "date": "Ngày ban hành", "place": "Địa danh nơi ban hành",
    "issuer.name": "Cơ quan ban hành", "signer.name": "Người ký", "signer.position": "Chức vụ người ký",
    "signer.capacity": "Thẩm quyền ký",
}


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "không rõ"


@dataclass(frozen=True, slots=True)
class Locality:
    id: str
    name: str
    kind: str
    level: str
    code: str
    parent: str | None = None
    schemes: tuple[str, ...] = ("truoc-2025",)
    valid_from: dt.date | None = None  # first day; None: before the period the corpus covers
    valid_to: dt.date | None = None  # last day, inclusive; None: still exists
    predecessors: tuple[Succession, ...] = ()
    former: tuple[FormerUnit, ...] = ()
    basis: str = ""

    @property
    def full_name(self) -> str:
        """`Thành phố Hải Phòng`, `Huyện Tam Đường`: the name as documents write it."""
        prefix = "thành phố" if self.kind.startswith("thành phố") else self.kind
        return f"{prefix[:1].upper()}{prefix[1:]} {self.name}"

    @property
    def page_title(self) -> str:
        """Its page's title: its name, with its period when it has one. The 2025 reorganisation left units of one
        name on both sides of it: `Tỉnh An Giang (đến 30/06/2025)`, `Tỉnh An Giang (từ 01/07/2025)`."""
        if self.valid_to:
            return f"{self.full_name} (đến {format_date(self.valid_to)})"
        if self.valid_from:
            return f"{self.full_name} (từ {format_date(self.valid_from)})"
        return self.full_name

    @property
    def kind_name(self) -> str:
        """`thành phố Hải Phòng`, `tỉnh An Giang`: the name inside a sentence."""
        prefix = "thành phố" if self.kind.startswith("thành phố") else self.kind
        return f"{prefix} {self.name}"

    @property
    def successors_from(self) -> dt.date | None:
        """The first day without this unit: its successors' first day."""
        return self.valid_to + dt.timedelta(days=1) if self.valid_to else None

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def code_text(self) -> str:
        """`91 (mã từ 01/7/2025)`: a code always with its scheme, since 91 named Kiên Giang before and An Giang after."""
        return f"{self.code} ({', '.join(SCHEME_LABELS[scheme] for scheme in self.schemes)})"


@dataclass(frozen=True, slots=True)
class AgencyScope:
    """The kinds a kind that is itself a general address ("Các sở, ban, ngành liên quan") takes in: those of
    its line and level, '' for any."""

    line: str = ""
    level: str = ""
    excluded: tuple[str, ...] = ()  # kinds of that line and level it does not take in (`except:` in the file)

    def takes_in(self, kind: AgencyKind) -> bool:
        return (kind.addresses is None and kind.id not in self.excluded
                and (not self.line or kind.line == self.line) and (not self.level or kind.level == self.level))


@dataclass(frozen=True, slots=True)
class AgencySuccession:
    """Who took over (part of) a dissolved agency kind's functions, and on what record."""

    id: str
    scope: str  # whole, part
    functions: str
    inherits_tasks: bool
    sources: tuple[str, ...]


def date_text(value: str) -> str:
    """`2025` / `2025-06` / `2025-06-30` -> `năm 2025` / `tháng 06/2025` / `30/06/2025`: a date at its precision."""
    parts = value.split("-")
    return {1: "năm {0}", 2: "tháng {1}/{0}", 3: "{2}/{1}/{0}"}[len(parts)].format(*parts)


def first_day(value: str) -> dt.date:
    """The first day a date at its precision can mean: `2025` -> 01/01/2025, `2025-06` -> 01/06/2025."""
    parts = [int(part) for part in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


# The years a date of the corpus may name: the schema's bounds for a year (`year`, `from`, `to`). A date far off
# is a slip ("9999"), and the calendar would count the days to it: a year of 10,000 stopped the build.
FIRST_YEAR, LAST_YEAR = 1945, 2100


def date_problem(value: str) -> str | None:
    """What is wrong with a date in the shape the schema checks (YYYY-MM-DD, or at its precision: YYYY-MM, YYYY)
    that names no real day or month (`2025-02-30`, `2025-13`), or a year outside FIRST_YEAR–LAST_YEAR; None for
    a real one. The one rule and message for such a date, in documents and registries: `first_day` and
    `last_day` take only real ones."""
    try:
        first_day(value)
    except ValueError:
        return f"ngày '{value}' không tồn tại"
    if not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
        return f"ngày '{value}' ngoài khoảng năm kho ghi nhận ({FIRST_YEAR}–{LAST_YEAR}): kiểm tra lại năm"
    return None


def last_day(value: str) -> dt.date:
    """The last day a date at its precision can mean: `2025` -> 31/12/2025."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


@dataclass(frozen=True, slots=True)
class AgencyKind:
    id: str
    name: str
    line: str
    level: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    valid_from: str = ""  # a date at its known precision: YYYY, YYYY-MM or YYYY-MM-DD
    valid_to: str = ""
    successors: tuple[AgencySuccession, ...] = ()
    sources: tuple[str, ...] = ()  # the record of its end, above all when no successor is known
    addresses: AgencyScope | None = None  # a general address, not one kind: the kinds it takes in

    @property
    def valid_to_text(self) -> str:
        return date_text(self.valid_to) if self.valid_to else ""

    @property
    def page_title(self) -> str:
        """Its page's title and its name in the list of kinds: its name, with its end when it has one, as a
        locality's (`Sở Kế hoạch và Đầu tư (đến năm 2025)`): plans name it as they were issued, and it is gone."""
        return f"{self.name} (đến {self.valid_to_text})" if self.valid_to else self.name

    def may_exist_on(self, day: dt.date) -> bool:
        """False only when the date is surely after its end (a year-precise end lets every day of that year pass)."""
        return not self.valid_to or day <= last_day(self.valid_to)


@dataclass(frozen=True, slots=True)
class Law:
    """A law or code by its official name (corpus/laws.yaml), with the other spellings the texts print: a
    paragraph that names it is found to cite it whole (plansite/analysis/citations.py)."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Issuer:
    name: str
    line: str
    level: str
    locality: str | None = None


@dataclass(frozen=True, slots=True)
class Signer:
    name: str
    position: str = ""
    capacity: str = ""


@dataclass(frozen=True, slots=True)
class Node:
    """One heading, paragraph or item of a document, with the numbering it was printed with."""

    id: str
    text: str
    marker: str = ""
    uncertain: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()

    @property
    def label(self) -> str:
        """The printed numbering, without the trailing punctuation: `IV.` -> `IV`, `a)` -> `a`."""
        return self.marker.rstrip(".-)") if self.marker not in ("-", "+", "") else ""

    def walk(self, depth: int = 0) -> Iterator[tuple[Node, int]]:
        yield self, depth
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(frozen=True, slots=True)
class When:
    """A time expression as printed (`text`) and normalised: a due date at the precision printed (`date`:
    YYYY-MM-DD, YYYY-MM or YYYY), a recurrence (`every`, and the day in the year `by`: MM-DD, when printed), a
    period of years (`start`-`end`), ongoing, as needed, or unknown (the text gives none). Nothing here is
    inferred: a recurrence's dates follow from the plan's date (plansite/analysis/calendar.py)."""

    kind: str = "unknown"
    text: str = ""
    date: str = ""
    every: str = ""
    by: str = ""
    start: int | None = None
    end: int | None = None

    @classmethod
    def of(cls, data: dict | None) -> When:
        if not data:
            return UNKNOWN_WHEN
        return cls(kind=data["kind"], text=data.get("text", ""), date=data.get("date", ""), every=data.get("every", ""),
                   by=data.get("by", ""), start=data.get("from"), end=data.get("to"))

    @property
    def known(self) -> bool:
        return self.kind != "unknown"

    @property
    def summary(self) -> str:
        """The normalised form in words: `hạn 30/06/2024`, `hằng năm, hạn 01/12`, `giai đoạn 2024–2030`."""
        if self.kind == "date":
            parts = self.date.split("-")
            if len(parts) == 3:
                return f"hạn {parts[2]}/{parts[1]}/{parts[0]}"
            return f"trong tháng {parts[1]}/{parts[0]}" if len(parts) == 2 else f"trong năm {parts[0]}"
        if self.kind == "recurrence":
            if not self.every:
                return "định kỳ, văn bản không ghi bao lâu một lần"
            day = f", hạn {self.by[3:]}/{self.by[:2]}" if self.by else ""
            return EVERY_LABELS[self.every] + day
        if self.kind == "period":
            return f"giai đoạn {self.start}–{self.end}"
        return WHEN_LABELS[self.kind].lower() if self.kind != "unknown" else WHEN_LABELS["unknown"]


# Most tasks print no time: they all share this one (frozen, so sharing is safe).
UNKNOWN_WHEN = When()


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of the signature block or of the recipients, with its uncertain readings
    (plansite/text/uncertain.py)."""

    text: str
    uncertain: tuple[str, ...] = ()


# The anchor of a source on its document's page. The underscore is never in a node id (the schema's pattern),
# so a source's anchor is never a paragraph's or a section's.
ORIGIN_ANCHOR = "nguon_"


def from_source(anchor: str) -> bool:
    """Whether an item's anchor (Placed.anchor) leads to a source rather than to a paragraph: its words are the
    source's, not the document's."""
    return anchor.startswith(ORIGIN_ANCHOR)


class Placed:
    """An extract item comes from a paragraph of the body (`node`) or, when the corpus has no full text, from a
    source of the document's `sources` (`origin`); validation holds it to one of them."""

    __slots__ = ()  # its subclasses' fields are slots (see the module's note)

    node: str
    origin: str

    @property
    def anchor(self) -> str:
        """Where on the document's page a link to this item goes: its paragraph, or its source."""
        return self.node or ORIGIN_ANCHOR + self.origin


@dataclass(frozen=True, slots=True)
class Responsibility(Placed):
    agency: str
    role: str
    task: str
    node: str = ""
    when: When = UNKNOWN_WHEN
    origin: str = ""


# Targets: what the text says the indicator does (direction), and what the value measures (measure): the level
# to reach ("giảm ... xuống dưới 15%") or the amount of the change ("giảm 5–10% mỗi năm").
DIRECTION_LABELS = {"increase": "tăng", "decrease": "giảm", "maintain": "duy trì"}
MEASURE_LABELS = {"level": "mức cần đạt", "change": "mức thay đổi"}
COMPARATOR_LABELS = {"=": "đạt", ">=": "từ … trở lên", ">": "trên", "<": "dưới", "<=": "không quá"}
# A level reached by decreasing is never above the value, one reached by increasing never below it.
DIRECTION_EXCLUDES = {"decrease": (">", ">="), "increase": ("<", "<=")}
NO_YEAR = "không ghi năm"  # shown, never a year, for a target whose text gives no year


@dataclass(frozen=True, slots=True)
class Baseline:
    """What a target is measured against, as printed: a value, a year, or both."""

    value: float | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Target(Placed):
    """A quantified target: one value or a range (`low`-`high`), in `unit`, with its time expression (`when`)
    and, when the text prints it, the target year (`year`, which agrees with `when`), a direction and a baseline.
    It comes from a paragraph (`node`) or a source (`origin`, model.Placed).
    A `year` written without `when` is a due date of that year whose words were not copied (`when.text` empty).
    Nothing here is inferred: a target whose text gives no year has none."""

    indicator: str
    node: str = ""
    unit: str = ""
    comparator: str = "="
    value: float | None = None
    low: float | None = None
    high: float | None = None
    direction: str = ""  # increase, decrease, maintain; empty when the text says none
    measure: str = "level"
    baseline: Baseline | None = None
    year: int | None = None
    when: When = UNKNOWN_WHEN
    origin: str = ""

    @classmethod
    def of(cls, item: dict) -> Target:
        """A validated YAML item -> its record."""
        extent, baseline = item.get("range") or {}, item.get("baseline")
        when = When.of(item.get("when"))
        if not when.known and item.get("year") is not None:
            when = When(kind="date", date=str(item["year"]))  # the short form: a year printed, its words not copied
        return cls(
            indicator=item["indicator"], node=item.get("node", ""), unit=item.get("unit", ""), comparator=item.get("comparator", "="),
            value=item.get("value"), low=extent.get("min"), high=extent.get("max"), direction=item.get("direction", ""),
            measure=item.get("measure", "level"), year=item.get("year"), when=when, origin=item.get("origin", ""),
            baseline=Baseline(baseline.get("value"), baseline.get("year")) if baseline else None,
        )

    @property
    def is_range(self) -> bool:
        return self.low is not None

    @property
    def target_year(self) -> int | None:
        """The year the value is for, as printed: `year`, or the year of a due date printed as a year."""
        if self.year is not None:
            return self.year
        if self.when.kind == "date":
            return int(self.when.date[:4])
        return None

    @property
    def amount_text(self) -> str:
        """`20.000 hộ gia đình`, `5–10%`, `15/100.000 trẻ em` (quantity.py)."""
        number = quantity.format_range(self.low, self.high) if self.is_range else quantity.format_number(self.value)
        return quantity.with_unit(number, self.unit)

    @property
    def value_text(self) -> str:
        """The target as a sentence says it: `giảm xuống dưới 15%`, `giảm 5–10%`, `từ 20.000 hộ gia đình trở lên`."""
        words = {"=": "", ">=": "từ ", ">": "trên ", "<": "dưới ", "<=": "không quá "}
        suffix = " trở lên" if self.comparator == ">=" else ""
        lead = DIRECTION_LABELS.get(self.direction, "")
        if lead and self.measure == "level" and self.direction != "maintain":
            lead += " xuống" if self.direction == "decrease" else " lên"
        return " ".join(part for part in (lead, f"{words[self.comparator]}{self.amount_text}{suffix}") if part)

    @property
    def baseline_text(self) -> str:
        """`22‰ (năm 2020)`, `năm 2020`, `22‰`; empty when the text gives no baseline."""
        if self.baseline is None:
            return ""
        value = quantity.with_unit(quantity.format_number(self.baseline.value), self.unit) if self.baseline.value is not None else ""
        year = f"năm {self.baseline.year}" if self.baseline.year is not None else ""
        return f"{value} ({year})" if value and year else value or year

    @property
    def time_summary(self) -> str:
        """The time normalised in words: `năm 2025`, `giai đoạn 2021–2030`, `hằng năm`, or `không ghi năm`."""
        if self.when.kind == "date" and len(self.when.date) == 4:
            return f"năm {self.when.date}"
        return self.when.summary if self.when.known else NO_YEAR


@dataclass(frozen=True, slots=True)
class Reporting(Placed):
    reporter: str
    recipient: str
    node: str = ""
    agency: str = ""  # the kind of agency that reports, when the text names one
    when: When = UNKNOWN_WHEN
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Funding(Placed):
    source: str
    node: str = ""
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """Where what the corpus knows of a document without its full text comes from: who wrote it (a newspaper,
    an agency's report), its title, where to find it, and its date at the precision known."""

    id: str
    author: str
    title: str
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    url: str = ""

    @property
    def anchor(self) -> str:
        return ORIGIN_ANCHOR + self.id

    @property
    def date_text(self) -> str:
        return date_text(self.date)

    @property
    def short(self) -> str:
        """`theo Báo Lai Châu, 05/07/2024`: what a table shows where a paragraph link would be."""
        return f"theo {self.author}, {self.date_text}"

    @property
    def citation(self) -> str:
        """`Báo Lai Châu, «Tam Đường triển khai…», 05/07/2024, https://…`: the whole reference, in one line."""
        return ", ".join(part for part in (self.author, f"«{self.title}»", self.date_text, self.url) if part)


@dataclass(frozen=True, slots=True)
class Summary:
    """Someone else's summary of a document (`source`: who wrote it, where, when), in their words, paragraph
    by paragraph: shown as such, never as the document's text."""

    source: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ManualCitation:
    name: str
    node: str


@dataclass(frozen=True, slots=True)
class Inference:
    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class Provenance:
    method: str
    source_file: str | None = None
    obtained: str = ""
    notes: tuple[str, ...] = ()
    inferred: tuple[Inference, ...] = ()


@dataclass(frozen=True)
class Document:
    id: str
    number: str | None  # None: the number is not known (written `number: null`), never invented
    type: str
    title: str
    date: dt.date | None
    issuer: Issuer
    implements: tuple[str, ...]
    provenance: Provenance
    path: str
    place: str = ""
    signer: Signer | None = None
    masthead: tuple[str, ...] = ()
    body: tuple[Node, ...] = ()
    signature: tuple[Line, ...] = ()
    recipients: tuple[Line, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    targets: tuple[Target, ...] = ()
    reporting: tuple[Reporting, ...] = ()
    funding: tuple[Funding, ...] = ()
    cites: tuple[ManualCitation, ...] = ()
    co_issuers: tuple[Issuer, ...] = ()  # a joint document's other issuers, in printed order
    content: str = "full-text"  # full-text, summary or metadata-only (CONTENT_LABELS; content_kind reads it)
    summary: Summary | None = None
    sources: tuple[Source, ...] = ()

    @property
    def issuers(self) -> tuple[Issuer, ...]:
        """Every issuer, the first one (`issuer`) first."""
        return (self.issuer, *self.co_issuers)

    @property
    def issuer_names(self) -> str:
        """`Bộ Lao động - Thương binh và Xã hội; Bộ Giáo dục và Đào tạo`: a semicolon, since names hold commas."""
        return "; ".join(self.issuer_name_list)

    @property
    def issuer_name_list(self) -> tuple[str, ...]:
        """Every issuer's name, the first marked when inferred (`issuer.name`), as a number is: lists, titles,
        JSON-LD and CSV read them here."""
        return (self.issuer_name, *(issuer.name for issuer in self.co_issuers))

    @property
    def issuer_name(self) -> str:
        """The (first) issuer's name, marked when inferred."""
        return self.marked("issuer.name", self.issuer.name)

    @property
    def has_full_text(self) -> bool:
        return self.content == "full-text"

    @property
    def content_label(self) -> str:
        """`Có toàn văn`, `Chỉ có tóm tắt`, `Chỉ có thông tin mô tả`."""
        return CONTENT_LABELS[self.content]

    @property
    def content_mark(self) -> str:
        """What follows the document's title in lists and trees: nothing for a full text."""
        return CONTENT_MARKS[self.content]

    @cached_property
    def _sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    def source(self, source_id: str) -> Source:
        return self._sources[source_id]

    @property
    def summary_source(self) -> Source | None:
        return self._sources.get(self.summary.source) if self.summary else None

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    @cached_property
    def _inferred(self) -> frozenset[str]:
        return frozenset(item.field for item in self.provenance.inferred)

    def is_inferred(self, field: str) -> bool:
        return field in self._inferred

    def marked(self, field: str, shown: str) -> str:
        """`shown` (the value of `field` as a page or a data file shows it), followed by INFERRED_MARK when the
        field is inferred: the one rule by which an inferred number, date or title is never shown as printed
        (titles, lists, trees, timeline, JSON-LD, CSV, search results all take it from here)."""
        return f"{shown} {INFERRED_MARK}" if field in self._inferred else shown

    @property
    def short_title(self) -> str:
        """`Kế hoạch 188/KH-UBND`; `Kế hoạch 211-KH/TU (suy luận)` when the number is inferred."""
        return f"{self.type_label} {self.number_text}" if self.number is not None else f"{self.type_label} ({UNKNOWN_NUMBER})"

    @property
    def number_text(self) -> str:
        """The number as printed (marked when inferred), or what a reader is told when the corpus does not know it."""
        return self.marked("number", self.number) if self.number is not None else UNKNOWN_NUMBER

    @property
    def date_text(self) -> str:
        """`25/04/2024`, `25/04/2024 (suy luận)`, or `không rõ`."""
        return self.marked("date", format_date(self.date)) if self.date else format_date(None)

    @property
    def title_text(self) -> str:
        return self.marked("title", self.title)

    def days_after(self, parent: Document, days: int) -> str:
        """`37 ngày` between a parent's date and this one's, marked when either date is inferred."""
        inferred = self.is_inferred("date") or parent.is_inferred("date")
        return f"{days} ngày {INFERRED_MARK}" if inferred else f"{days} ngày"

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def nodes(self) -> Iterator[tuple[Node, int]]:
        for node in self.body:
            yield from node.walk()

    @cached_property
    def _node_readings(self) -> dict[str, tuple[str, ...]]:
        return {node.id: node.uncertain for node, _ in self.nodes() if node.uncertain}

    def readings_at(self, node_id: str) -> tuple[str, ...]:
        """The uncertain readings of a node, which a text quoted from it (a task) carries where it has them."""
        return self._node_readings.get(node_id, ())


def identity(number: str | None, issuer: str, date: dt.date | None) -> tuple | None:
    """What makes two records the same document. Numbers restart per type and per committee term, so the
    number alone is not an identity: number + issuer + date is (spellings compared folded). None when the
    number is not known: such a document is told apart by its id only."""
    from plansite.text.folding import fold_key

    return None if number is None else (fold_key(number), fold_key(issuer), date)


def content_counts(documents) -> dict[str, int]:
    """How many documents of each content kind, in the order of CONTENT_LABELS (kinds with none included)."""
    counts = dict.fromkeys(CONTENT_LABELS, 0)
    for document in documents:
        counts[document.content] += 1
    return counts


@dataclass
class Corpus:
    documents: dict[str, Document] = field(default_factory=dict)
    localities: dict[str, Locality] = field(default_factory=dict)
    agencies: dict[str, AgencyKind] = field(default_factory=dict)
    laws: dict[str, Law] = field(default_factory=dict)  # by the key of the name (its slug), in the file's order


@dataclass(frozen=True)
class PublishedCorpus:
    """The validated corpus as the site publishes it: the model, each document's record as read (its JSON
    download and the open data are that record), the registries as read, and where the files are."""

    corpus: Corpus
    root: Path  # the corpus folder
    records: Mapping[str, dict]  # document id -> its validated YAML data
    registries: Mapping[str, list]  # 'localities' / 'agencies' / 'laws' -> their entries
    files: Mapping[str, Path]  # document id -> its YAML file

    def source_file(self, document: Document) -> Path | None:
        name = document.provenance.source_file
        return (self.root / "sources" / name).resolve() if name else None
