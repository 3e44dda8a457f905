#!/usr/bin/env python3
"""Generate a valid synthetic corpus of N plans for the scale benchmark, in a directory of its own.

    python benchmarks/generate_corpus.py --out benchmarks/out/corpus-2000 --count 2000 [--seed 28]

The corpus has the shape the real one will reach, on the real locality registry (corpus/localities.yaml and
corpus/communes.yaml, copied as they are): the real metadata-only Directive 28-CT/TW and a few central documents
known by their metadata; then two waves of local plans. 2024: each of the 63 former provinces issues a Party
plan implementing the Directive, a People's Committee plan implementing it and a yearly 2025 plan, and so does
each of their 696 districts (the district State plan implements both the district Party plan and the provincial
State plan). From August 2025: the same three for each of the 34 current provinces and their 3,321 communes
(yearly plans of 2026). Each wave takes its provinces in a seeded random order, each followed by its districts
or communes, and the waves are merged in proportion to what each can give (2,277 and 10,065 documents), so every
size has the same mix; at most 12,348 documents. A task of an agency kind dissolved before the document's date
goes to the kind that inherited its tasks (corpus/agencies.yaml), and is left out if none did.

Bodies are assembled from the real seed plans' nodes (sections, numbered items, bullets), sampled and
renumbered per document; responsibilities, targets, reporting and funding are carried over with the nodes
they point at, so every reference resolves. About one document in twelve is metadata-only (no body);
the others are `clean-text` with their text written to DIR/sources/. corpus/ is only read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from plansite.authoring.yamlwrite import document_yaml
from plansite.corpus.check import DEFAULT_CORPUS, load_valid_corpus
from plansite.corpus.model import TYPE_LABELS, Corpus, Document, Locality, Node, last_day
from plansite.text.folding import fold_key, slugify

DIRECTIVE_ID = "trung-uong-28-ct-tw-2023"
MARKER_FILE = ".generated-corpus"
METADATA_ONLY_SHARE = 1 / 12
DIRECTIVE_PHRASE = (
    "Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị về tăng cường công tác chăm sóc, giáo dục và bảo vệ "
    "trẻ em đáp ứng yêu cầu phát triển đất nước phồn vinh, hạnh phúc"
)
OBTAINED = (
    "Văn bản tổng hợp để đo hiệu năng của trang (benchmarks/generate_corpus.py), ghép từ các đoạn của "
    "các kế hoạch thật trong kho; không phải văn bản thật."
)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LETTERS = "abcdđeghiklmnopqrstuvxy"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đinh", "Lò", "Cầm", "Hà"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Quốc", "Ngọc", "Xuân", "Hoàng", "Thu", "Kim", "Trọng"]
GIVEN = ["Hùng", "Dũng", "Lan", "Hương", "Nam", "Bình", "Tuấn", "Hải", "Long", "Thảo", "Hà", "Trung", "Sơn",
         "Phúc", "Tâm", "Hiếu", "Vinh", "Quang", "Mai", "Yến", "Thắng", "Cường", "Nga", "Chung", "Khánh"]
# Kinds of section a plan has, recognised in the seed plans by their heading (folded, lower case).
SECTION_KINDS = [
    ("purpose", "muc dich"), ("objectives", "muc tieu"), ("tasks", "nhiem vu"), ("funding", "kinh phi"),
    ("organisation", "to chuc thuc hien"), ("reporting", "bao cao"),
]
MARKER_STYLES = [
    ("roman", re.compile(r"^([IVXLC]+)([.\-])$")),
    ("nested", re.compile(r"^(\d+(?:\.\d+)+)(\.?)$")),
    ("arabic", re.compile(r"^(\d+)([.\-)])$")),
    ("letter", re.compile(r"^([a-zđ])([.)])$")),
]


# --- localities ------------------------------------------------------------------------------------

# The two waves of plans: 2024 plans of the units as they were (63 provinces, 696 districts), and 2025–2026 plans
# of the units since 1/7/2025 (34 provinces, 3,321 communes), in the share of documents each can give, so that
# every size has the same mix (2024 units: 2,277 documents; 2025 units: 10,065).
# Per wave: the first day of a provincial plan, the days over which provinces issue theirs, the year of the
# yearly plans.
WAVES = {"truoc-2025": (dt.date(2024, 1, 10), 170, 2025), "tu-2025": (dt.date(2025, 8, 1), 110, 2026)}
# (number, type, issuer, line, days after the Directive): central documents, metadata only.
NATIONAL = [
    ("136-HD/BTGTW", "guidance", "Ban Tuyên giáo Trung ương", "party", 21),
    ("1250/QĐ-TTg", "decision", "Thủ tướng Chính phủ", "state", 110),
    ("2105/KH-BYT", "plan", "Bộ Y tế", "state", 150),
    ("1740/KH-BGDĐT", "plan", "Bộ Giáo dục và Đào tạo", "state", 160),
    ("45/KH-MTTW-BTT", "plan", "Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "front", 190),
]


@dataclass(eq=False)
class Unit:
    """A province, district or commune as the registry lists it, in one wave."""

    id: str
    name: str
    kind: str
    level: str
    wave: str
    province: Unit | None = None
    children: list[Unit] = field(default_factory=list)

    @property
    def kind_word(self) -> str:
        """`tỉnh`, `thành phố`, `huyện`, `quận`, `thị xã`, `xã`, `phường`: what precedes the name in running text."""
        return "thành phố" if self.kind.startswith("thành phố") else self.kind

    @property
    def committee(self) -> str:
        """The Party committee: Tỉnh ủy, Thành ủy, Huyện ủy, Quận ủy, Thị ủy, Đảng ủy xã (phường, đặc khu)."""
        if self.level == "commune":
            return f"Đảng ủy {self.kind}"
        return {"tỉnh": "Tỉnh ủy", "huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy"}.get(self.kind, "Thành ủy")

    @property
    def party_suffix(self) -> str:
        if self.level == "commune":
            return "ĐU"
        return {"huyện": "HU", "quận": "QU"}.get(self.kind, "TU")


def load_units(localities: dict[str, Locality]) -> dict[str, list[Unit]]:
    """The provinces of each wave, each with its districts (2024) or communes (2025), from the locality registry
    (corpus/localities.yaml, corpus/communes.yaml), whose ids the generated documents use."""
    waves: dict[str, list[Unit]] = {wave: [] for wave in WAVES}
    provinces: dict[tuple[str, str], Unit] = {}
    for locality in localities.values():
        if locality.level == "province":
            for wave in WAVES:
                if wave in locality.schemes:
                    unit = Unit(locality.id, locality.name, locality.kind, "province", wave)
                    provinces[(wave, locality.id)] = unit
                    waves[wave].append(unit)
    for locality in localities.values():
        wave = {"district": "truoc-2025", "commune": "tu-2025"}.get(locality.level)
        if wave and (wave, locality.parent) in provinces:
            province = provinces[(wave, locality.parent)]
            province.children.append(Unit(locality.id, locality.name, locality.kind, locality.level, wave, province))
    return waves


# --- seed plans --------------------------------------------------------------------------------------

@dataclass(eq=False)
class Seed:
    document: Document
    unit_phrases: list[tuple[str, str]]  # (`huyện Tam Đường`, 'self'|'province') to localise
    sections: dict[str, Node]
    intro: list[Node]  # unnumbered opening paragraphs that are not the "Thực hiện ..." sentence


def _target_record(target, indicator: str, node: str) -> dict:
    """A seed's target as YAML data, only the fields it has (the schema's `targets` items)."""
    record = {"indicator": indicator, "unit": target.unit, "node": node, "comparator": target.comparator}
    record |= {"value": target.value} if target.low is None else {"range": {"min": target.low, "max": target.high}}
    record |= {key: value for key, value in (("direction", target.direction), ("year", target.year)) if value}
    if target.measure != "level":
        record["measure"] = target.measure
    if target.baseline:
        record["baseline"] = {key: value for key, value in (("value", target.baseline.value), ("year", target.baseline.year)) if value is not None}
    when = target.when
    if when.text:  # a `year` written alone has no words: it is carried as `year`
        fields = {"kind": when.kind, "text": when.text, "date": when.date, "every": when.every, "by": when.by, "from": when.start, "to": when.end}
        record["when"] = {key: value for key, value in fields.items() if value}
    return record


def load_seeds(corpus: Corpus) -> list[Seed]:
    seeds = []
    for document in corpus.documents.values():
        if not document.body:
            continue
        locality = corpus.localities[document.issuer.locality]
        phrases = [(f"{_kind_word(locality.kind)} {locality.name}", "self"), (locality.name, "self")]
        if locality.parent:
            province = corpus.localities[locality.parent]
            phrases += [(f"{_kind_word(province.kind)} {province.name}", "province"), (province.name, "province")]
        sections: dict[str, Node] = {}
        intro: list[Node] = []
        for node in document.body:
            if node.marker and node.children:
                kind = next((k for k, word in SECTION_KINDS if word in fold_key(node.text)), None)
                if kind and kind not in sections:
                    sections[kind] = node
            elif not node.marker and not fold_key(node.text).startswith(("thuc hien", "can cu")):
                intro.append(node)
        seeds.append(Seed(document, phrases, sections, intro))
    return seeds


def _kind_word(kind: str) -> str:
    return "thành phố" if kind.startswith("thành phố") else kind


# --- the generated documents -------------------------------------------------------------------------

@dataclass(eq=False)
class Planned:
    """A document before its body is written: identity, parents, issuer."""

    id: str
    number: str
    type: str
    date: dt.date
    unit: Unit | None
    line: str
    issuer_name: str
    parents: list[Planned | Document]
    role: str  # 'party', 'state', 'annual'
    title: str = ""


def short_title(item: Planned | Document) -> str:
    return f"{TYPE_LABELS[item.type]} {item.number}"


def printed_date(date: dt.date) -> str:
    return f"{date.day}/{date.month}/{date.year}"


def issuer_of(item: Planned | Document) -> str:
    return item.issuer_name if isinstance(item, Planned) else item.issuer.name


@functools.cache
def real_corpus() -> Corpus:
    """corpus/, loaded once per process (a test generates several corpora)."""
    return load_valid_corpus().corpus


class Generator:
    def __init__(self, count: int, seed: int):
        self.rng = random.Random(seed)
        self.count = count
        corpus = real_corpus()
        self.real_documents, self.agencies = corpus.documents, corpus.agencies
        self.seeds = load_seeds(corpus)
        self.directive = self.real_documents[DIRECTIVE_ID]
        self.units = load_units(corpus.localities)
        self.pools: dict[str, list[tuple[Seed, Node]]] = {}
        for seed_plan in self.seeds:
            for kind, node in seed_plan.sections.items():
                self.pools.setdefault(kind, []).append((seed_plan, node))
        self.agencies_by_line = self._agencies()
        self.used_ids: set[str] = {DIRECTIVE_ID}

    def _agencies(self) -> dict[str, list[str]]:
        by_line: dict[str, list[str]] = {}
        for agency in self.agencies.values():
            if not agency.valid_to:  # the fallback task goes to a kind that exists on any date
                by_line.setdefault(agency.line, []).append(agency.id)
        return by_line

    def agency_on(self, agency_id: str, day: dt.date) -> str | None:
        """The kind that carries a seed's task on `day`: a kind dissolved by then hands it to its successor (the
        one that inherits its tasks), as the registry records (corpus/agencies.yaml); None when the kind ended
        with no successor recorded (a district's phòng after 30/06/2025): the plan gives the task to no one."""
        agency = self.agencies[agency_id]
        while agency.valid_to and last_day(agency.valid_to) < day and agency.successors:
            heir = next((s for s in agency.successors if s.inherits_tasks), agency.successors[0])
            agency = self.agencies[heir.id]
        return agency.id if agency.may_exist_on(day) else None

    # -- the tree of documents --
    def plan(self) -> list[Planned]:
        """National documents first, then the units' documents: in each wave provinces in a seeded random order,
        each followed by its districts or communes, the two waves merged in proportion to what each can give."""
        streams = {wave: self._wave(provinces) for wave, provinces in self.units.items()}
        capacity = 1 + len(NATIONAL) + sum(len(stream) for stream in streams.values())
        if self.count > capacity:
            raise SystemExit(f"--count {self.count}: at most {capacity} documents (3 per unit of both waves, "
                             f"{len(NATIONAL)} national documents and the Directive)")
        planned = self._national()[: self.count - 1]
        sizes = {wave: len(stream) for wave, stream in streams.items()}
        taken = dict.fromkeys(streams, 0)
        while len(planned) < self.count - 1:
            wave = min((w for w in streams if taken[w] < sizes[w]), key=lambda w: (taken[w] / sizes[w], w))
            planned.append(streams[wave][taken[wave]])
            taken[wave] += 1
        return planned

    def _wave(self, provinces: list[Unit]) -> list[Planned]:
        provinces = sorted(provinces, key=lambda unit: unit.id)
        self.rng.shuffle(provinces)
        out: list[Planned] = []
        for province in provinces:
            party, state, annual = self._locality_documents(province, [self.directive], [])
            out += [party, state, annual]
            for child in province.children:
                out += self._locality_documents(child, [party], [state])
        return out

    def _national(self) -> list[Planned]:
        """A few central documents carrying out the Directive, known by their metadata only (as the real corpus
        knows 136-HD/BTGTW)."""
        out = []
        for number, doc_type, issuer, line, offset in NATIONAL:
            date = self.directive.date + dt.timedelta(days=offset)
            doc_id = f"trung-uong-{slugify(number)}-{date.year}"
            self.used_ids.add(doc_id)
            item = Planned(doc_id, number, doc_type, date, None, line, issuer, [self.directive], "national")
            item.title = f"thực hiện {DIRECTIVE_PHRASE}"
            out.append(item)
        return out

    def _locality_documents(self, unit: Unit, party_parents: list, state_parents: list) -> list[Planned]:
        rng = self.rng
        province_level = unit.level == "province"
        start, spread, annual_year = WAVES[unit.wave]
        if province_level:
            party_date = start + dt.timedelta(days=rng.randint(0, spread))
        else:
            party_date = party_parents[0].date + dt.timedelta(days=rng.randint(7, 120))
        programme = province_level and rng.random() < 0.25
        party_number = f"{rng.randint(1, 420)}-{'CTr' if programme else 'KH'}/{unit.party_suffix}"
        party = self._planned(unit, party_number, "action-programme" if programme else "plan", party_date, "party",
                              f"Ban Thường vụ {unit.committee} {unit.name}", party_parents)
        state_after = max([party_date] + [p.date for p in state_parents])
        state_date = state_after + dt.timedelta(days=rng.randint(10 if province_level else 5, 75))
        state = self._planned(unit, f"{rng.randint(1, 420)}/KH-UBND", "plan", state_date, "state",
                              f"Ủy ban nhân dân {unit.kind_word} {unit.name}", [party] + state_parents)
        # The yearly plan: 2025 for the 2024 units (before they end on 30/6/2025), 2026 for the others.
        year_start = dt.date(annual_year, 1, 2)
        annual_date = max(year_start + dt.timedelta(days=rng.randint(0, 80)), state_date + dt.timedelta(days=1))
        annual = self._planned(unit, f"{rng.randint(1, 160)}/KH-UBND", "plan", annual_date, "annual",
                               state.issuer_name, [state])
        return [party, state, annual]

    def _planned(self, unit: Unit, number: str, doc_type: str, date: dt.date, role: str, issuer: str, parents: list) -> Planned:
        base = f"{unit.id}-{slugify(number)}-{date.year}"
        doc_id, bump = base, 1
        while doc_id in self.used_ids:  # same number twice in one locality and year: take the next number
            number = re.sub(r"^\d+", lambda m: str(int(m.group(0)) + bump), number)
            doc_id = f"{unit.id}-{slugify(number)}-{date.year}"
        self.used_ids.add(doc_id)
        item = Planned(doc_id, number, doc_type, date, unit, "party" if role == "party" else "state", issuer, parents, role)
        first = parents[0]
        if role == "annual":
            item.title = (f"triển khai công tác chăm sóc, giáo dục và bảo vệ trẻ em năm {date.year} trên địa bàn "
                          f"{unit.kind_word} {unit.name}")
        elif first is self.directive:
            item.title = f"thực hiện {DIRECTIVE_PHRASE}"
        else:
            item.title = (f"thực hiện {TYPE_LABELS[first.type]} số {first.number} ngày {printed_date(first.date)} của "
                          f"{issuer_of(first)} về thực hiện {DIRECTIVE_PHRASE}")
        return item

    # -- the text of one document --
    def document(self, item: Planned) -> tuple[dict, str | None]:
        rng = self.rng
        if item.unit is None:
            return {"id": item.id, "number": item.number, "type": item.type, "title": item.title,
                    "date": item.date.isoformat(), "issuer": {"name": item.issuer_name, "line": item.line, "level": "central"},
                    "implements": [self.directive.id],
                    "provenance": {"method": "metadata-only", "obtained": OBTAINED}}, None
        data: dict = {
            "id": item.id, "number": item.number, "type": item.type, "title": item.title,
            "date": item.date.isoformat(), "place": item.unit.name,
            "issuer": {"name": item.issuer_name, "line": item.line, "level": item.unit.level, "locality": item.unit.id},
            "signer": self._signer(item),
            "implements": [parent.id for parent in item.parents],
        }
        metadata_only = item.role != "annual" and rng.random() < METADATA_ONLY_SHARE * 1.5
        if metadata_only:
            data["provenance"] = {"method": "metadata-only", "obtained": OBTAINED}
            return data, None
        body, mapping, used = self._body(item)
        data["masthead"] = self._masthead(item)
        data["body"] = body
        data["signature"] = self._signature(item, data["signer"]["name"])
        data["recipients"] = self._recipients(item)
        data.update(self._extracts(item, body, mapping, used))
        data["provenance"] = {"source_file": f"{item.id}.txt", "method": "clean-text", "obtained": OBTAINED}
        return data, source_text(data)

    def _signer(self, item: Planned) -> dict:
        name = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
        if item.line == "party":
            return {"name": name, "position": self.rng.choice(["Phó Bí thư", "Phó Bí thư Thường trực", "Bí thư"]),
                    "capacity": "T/M Ban Thường vụ"}
        if self.rng.random() < 0.8:
            return {"name": name, "position": "Phó Chủ tịch", "capacity": "KT. Chủ tịch"}
        return {"name": name, "position": "Chủ tịch", "capacity": "TM. Ủy ban nhân dân"}

    def _masthead(self, item: Planned) -> list[str]:
        unit = item.unit
        date_line = f"{unit.name}, ngày {item.date.day:02d} tháng {item.date.month} năm {item.date.year}"
        if item.line == "party":
            lines = [f"{unit.committee} {unit.name}".upper(), f"Số {item.number}", "ĐẢNG CỘNG SẢN VIỆT NAM", date_line]
            if unit.province:
                lines.insert(0, f"ĐẢNG BỘ {unit.province.kind_word} {unit.province.name}".upper())
            return lines
        return ["ỦY BAN NHÂN DÂN", f"{unit.kind_word} {unit.name}".upper(), f"Số: {item.number}",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", date_line]

    def _signature(self, item: Planned, name: str) -> list[str]:
        if item.line == "party":
            return ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", name]
        return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", name]

    def _recipients(self, item: Planned) -> list[str]:
        lines = ["Nơi nhận:"] + [f"- {issuer_of(parent)} (b/c)," for parent in item.parents]
        lines += self.rng.sample([
            "- Các sở, ban, ngành, đoàn thể,", "- Các cơ quan, đơn vị liên quan,", "- Ủy ban MTTQ Việt Nam cùng cấp,",
            "- Các chi bộ, đảng bộ cơ sở,", "- Ủy ban nhân dân các xã, phường, thị trấn,", "- Cổng thông tin điện tử,",
        ], 3)
        return lines + ["- Lưu: VT."]

    def _body(self, item: Planned) -> tuple[list[dict], dict[tuple[str, str], str], list[Seed]]:
        rng = self.rng
        kinds = ["purpose"]
        if rng.random() < 0.5:
            kinds.append("objectives")
        kinds.append("tasks")
        if item.line == "state" and rng.random() < 0.7:
            kinds.append("funding")
        kinds.append("organisation")
        if item.line == "state" and rng.random() < 0.4:
            kinds.append("reporting")
        mapping: dict[tuple[str, str], str] = {}
        used: list[Seed] = []
        body = [{"id": f"p{index + 1}", "text": text} for index, text in enumerate(self._opening(item))]
        if rng.random() < 0.3:
            extra_seed = rng.choice([s for s in self.seeds if s.intro])
            for node in extra_seed.intro[: rng.randint(1, len(extra_seed.intro))]:
                body.append({"id": f"p{len(body) + 1}", "text": self._localise(node.text, extra_seed, item)})
        suffix = rng.choice([".", ".", "-"])
        for position, kind in enumerate(kinds):
            seed_plan, section = rng.choice(self.pools[kind])
            items = [(seed_plan, child) for child in section.children if rng.random() < 0.75] or [(seed_plan, section.children[0])]
            others = [pair for pair in self.pools[kind] if pair[0] is not seed_plan]
            if others and rng.random() < 0.5:
                other_seed, other_section = rng.choice(others)
                for child in rng.sample(list(other_section.children), min(len(other_section.children), rng.randint(1, 2))):
                    items.insert(rng.randint(0, len(items)), (other_seed, child))
            for seed_plan_used, _ in items:
                if seed_plan_used not in used:
                    used.append(seed_plan_used)
            section_id = ROMAN[position].lower()
            mapping[(seed_plan.document.id, section.id)] = section_id
            node = {"id": section_id, "marker": ROMAN[position] + suffix, "text": section.text,
                    "children": self._renumber(items, section_id, ROMAN[position], item, mapping, depth=1)}
            body.append(node)
        return body, mapping, used

    def _opening(self, item: Planned) -> list[str]:
        first = item.parents[0]
        plan_word = "Chương trình hành động" if item.type == "action-programme" else "Kế hoạch"
        if first is self.directive:
            return [f"Thực hiện {DIRECTIVE_PHRASE}, {item.issuer_name} ban hành {plan_word.lower()} thực hiện như sau:"]
        lines = []
        if item.line == "state":
            lines.append(f"Căn cứ {DIRECTIVE_PHRASE};")
        cited = "; ".join(
            f"{TYPE_LABELS[p.type]} số {p.number}, ngày {printed_date(p.date)} của {issuer_of(p)}" for p in item.parents
        )
        lines.append(f"Thực hiện {cited}, {item.issuer_name} xây dựng {plan_word.lower()} thực hiện với các nội dung sau:")
        return lines

    def _renumber(self, items: list[tuple[Seed, Node]], parent_id: str, parent_label: str, item: Planned,
                  mapping: dict, depth: int) -> list[dict]:
        out, labelled, paragraphs = [], 0, 0
        for seed_plan, node in items:
            style, suffix = _style(node.marker)
            if style:
                labelled += 1
                node_id = f"{parent_id}-{labelled}"
                marker = _marker(style, labelled, suffix, parent_label)
            else:
                paragraphs += 1
                node_id = f"{parent_id}-p{paragraphs}"
                marker = node.marker
            mapping[(seed_plan.document.id, node.id)] = node_id
            new: dict = {"id": node_id}
            if marker:
                new["marker"] = marker
            new["text"] = self._localise(node.text, seed_plan, item)
            if node.uncertain:
                new["uncertain"] = [self._localise(text, seed_plan, item) for text in node.uncertain]
            if node.children:
                kept = [child for child in node.children if self.rng.random() < 0.85] or [node.children[0]]
                label = marker.rstrip(".-)") if style else parent_label
                new["children"] = self._renumber([(seed_plan, child) for child in kept], node_id, label, item,
                                                 mapping, depth + 1)
            out.append(new)
        return out

    def _localise(self, text: str, seed_plan: Seed, item: Planned) -> str:
        """Put the generated document's locality and parent plan where the seed named its own."""
        unit = item.unit
        province = unit.province or unit
        for phrase, whose in seed_plan.unit_phrases:
            target = unit if whose == "self" else province
            replacement = f"{target.kind_word} {target.name}" if " " in phrase and phrase.split(" ")[0].islower() else target.name
            text = text.replace(phrase, replacement)
        seed_parents = [p for p in seed_plan.document.implements if p != DIRECTIVE_ID]
        first = item.parents[0]
        new_number = item.number if first is self.directive else first.number
        new_date = item.date if first is self.directive else first.date
        for parent_id in seed_parents:
            old_number = self.real_documents[parent_id].number
            if old_number in text:
                text = text.replace(old_number, new_number)
                text = re.sub(re.escape(new_number) + r"(,? (?:ngày|ban hành ngày) )\d{1,2}/\d{1,2}/\d{4}",
                              lambda m: new_number + m.group(1) + printed_date(new_date), text)
        return text.replace(seed_plan.document.number, item.number)

    def _extracts(self, item: Planned, body: list[dict], mapping: dict, used: list[Seed]) -> dict:
        rng = self.rng
        out: dict[str, list] = {"responsibilities": [], "targets": [], "reporting": [], "funding": []}
        for seed_plan in used:
            document = seed_plan.document
            for resp in document.responsibilities:
                node = mapping.get((document.id, resp.node))
                agency = self.agency_on(resp.agency, item.date)
                if node and agency:
                    entry = {"agency": agency, "role": resp.role, "task": self._localise(resp.task, seed_plan, item), "node": node}
                    out["responsibilities"].append(entry)
            for target in document.targets:
                node = mapping.get((document.id, target.node))
                if node:
                    out["targets"].append(_target_record(target, self._localise(target.indicator, seed_plan, item), node))
            for report in document.reporting:
                node = mapping.get((document.id, report.node))
                if node:
                    entry = {"from": self._localise(report.reporter, seed_plan, item),
                             "to": self._localise(report.recipient, seed_plan, item), "node": node}
                    out["reporting"].append(entry)
            for funding in document.funding:
                node = mapping.get((document.id, funding.node))
                if node:
                    out["funding"].append({"source": funding.source, "node": node})
        if len(out["targets"]) > 6:  # a few targets, in document order
            keep = sorted(rng.sample(range(len(out["targets"])), rng.randint(2, 6)))
            out["targets"] = [out["targets"][i] for i in keep]
        if not out["responsibilities"]:
            organisation = body[-1]
            node = (organisation.get("children") or [organisation])[0]
            out["responsibilities"].append({
                "agency": rng.choice(self.agencies_by_line["party" if item.line == "party" else "state"]),
                "role": "lead", "task": node["text"], "node": node["id"],
            })
        return {key: value for key, value in out.items() if value}


def _style(marker: str) -> tuple[str | None, str]:
    for style, pattern in MARKER_STYLES:
        match = pattern.match(marker)
        if match:
            return style, match.group(2)
    return None, ""


def _marker(style: str, number: int, suffix: str, parent_label: str) -> str:
    """The printed numbering of the `number`-th labelled item in the style its seed used."""
    if style == "roman":
        return ROMAN[number - 1] + suffix
    if style == "nested":
        return f"{parent_label}.{number}{suffix}"
    if style == "letter":
        return LETTERS[(number - 1) % len(LETTERS)] + suffix
    return f"{number}{suffix}"


def source_text(data: dict) -> str:
    """The clean text a plan would be published as: masthead, title, numbered body, signature, recipients."""
    lines = list(data.get("masthead", []))
    lines += ["", TYPE_LABELS[data["type"]].upper(), data["title"], ""]

    def walk(nodes: list[dict], depth: int) -> None:
        for node in nodes:
            marker = f"{node['marker']} " if node.get("marker") else ""
            lines.append("    " * depth + marker + node["text"])
            walk(node.get("children", []), depth + 1)

    walk(data.get("body", []), 0)
    lines += [""] + data.get("signature", []) + [""] + data.get("recipients", [])
    return "\n".join(lines) + "\n"


# --- writing -----------------------------------------------------------------------------------------

def prepare_out(out: Path) -> None:
    out = out.resolve()
    corpus = DEFAULT_CORPUS.resolve()
    if out == corpus or corpus in out.parents or out in corpus.parents:
        raise SystemExit(f"--out {out}: refusing to write into or above the real corpus {corpus}")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER_FILE).exists():
            raise SystemExit(f"--out {out}: directory exists, is not empty and was not made by this script")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER_FILE).write_text("Generated by benchmarks/generate_corpus.py; safe to delete.\n", encoding="utf-8")


def generate(out: Path, count: int, seed: int) -> dict:
    if count < 1:
        raise SystemExit("--count must be at least 1 (the Directive)")
    generator = Generator(count, seed)
    planned = generator.plan()
    prepare_out(out)
    shutil.copytree(DEFAULT_CORPUS / "schema", out / "schema")
    shutil.copy2(DEFAULT_CORPUS / "agencies.yaml", out / "agencies.yaml")
    if (DEFAULT_CORPUS / "laws.yaml").exists():  # an optional registry
        shutil.copy2(DEFAULT_CORPUS / "laws.yaml", out / "laws.yaml")
    (out / "documents").mkdir()
    (out / "sources").mkdir()
    shutil.copy2(DEFAULT_CORPUS / "documents" / f"{DIRECTIVE_ID}.yaml", out / "documents" / f"{DIRECTIVE_ID}.yaml")
    # The locality registry as it is: the documents name its units, of 2024 and of 2025.
    for name in ("localities.yaml", "communes.yaml"):
        shutil.copy2(DEFAULT_CORPUS / name, out / name)
    units = {item.unit.id for item in planned if item.unit}
    stats = {"documents": 1, "full_text": 0, "metadata_only": 1, "localities": len(units)}
    for item in planned:
        data, text = generator.document(item)
        (out / "documents" / f"{item.id}.yaml").write_text(document_yaml(data), encoding="utf-8")
        if text is not None:
            (out / "sources" / f"{item.id}.txt").write_text(text, encoding="utf-8")
            stats["full_text"] += 1
        else:
            stats["metadata_only"] += 1
        stats["documents"] += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="directory to write the corpus into (replaced if generated before)")
    parser.add_argument("--count", type=int, required=True, help="number of documents, the Directive included")
    parser.add_argument("--seed", type=int, default=28, help="random seed (default 28): same seed, same corpus")
    args = parser.parse_args(argv)
    stats = generate(args.out, args.count, args.seed)
    print(f"{args.out}: {stats['documents']} documents ({stats['full_text']} full text, "
          f"{stats['metadata_only']} metadata-only), {stats['localities']} localities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
