"""Vietnamese document numbers (số hiệu văn bản): the one grammar used wherever a number is matched or split.

State numbers put the slash before the type: serial / type code - issuer codes, with the year before the
codes when the document is normative.

    188/KH-UBND                                       serial 188, type KH, issuer UBND
    56/2017/NĐ-CP                                     serial 56, year 2017, type NĐ, issuer CP
    01/QCPH-LĐTBXH-GDĐT-CA-NNPTNT-TLĐ-LMHTX-LĐTMCN    joint issuers: LĐTBXH, GDĐT, … LĐTMCN
    121/2020/QH14                                     a law: the year, then only the issuer (type code '')

Party numbers put the hyphen before the type: serial - type code / issuer codes (`276-KH/TU`, `28-CT/TW`).

A code begins with a capital letter, as printed (`TTg`, `CTr`, `QĐi` keep their small letters after it);
an en dash (`–`) is read as a hyphen. Text is a number only if all of it is one: `Kế hoạch 188/KH-UBND`,
dates (`10/2024`), ranges (`2024-2030`) and lower-case typing (`188/kh-ubnd`) are not. Numbers restart
with each type and term, so a number alone does not identify a document (see `corpus.model.identity`).

What a reader types is split by `parts`, a looser rule that applies to any text and is the same, character
for character, as `processTerm` in docs/assets/search.js (tests/test_numbers.py runs both on one table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# This module is imported by plansite.text.folding (search spellings use `parts`), so it imports folding
# only where a slug is made.

SEPARATORS = "/-–"  # slash, hyphen, en dash: what joins the pieces of a number
_SEPARATOR = f"[{re.escape(SEPARATORS)}]"
_DASH = "[-–]"
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠ"
_CODE = rf"[{_UPPER}][{_UPPER}a-zđ0-9&]*"
_YEAR = r"(?:19|20)\d\d"

# The regular expression of one number, without groups or anchors, so that larger patterns can embed it
# (plansite.analysis.citations finds numbers in running text with it).
NUMBER_PATTERN = (
    r"\d{1,5}(?:"
    rf"/{_YEAR}/{_CODE}(?:{_DASH}{_CODE})*"          # State, normative: 56/2017/NĐ-CP, 121/2020/QH14
    rf"|/{_CODE}(?:{_DASH}{_CODE})+"                  # State: 188/KH-UBND, 496/QĐ-TTg
    rf"|{_DASH}{_CODE}/{_CODE}(?:{_DASH}{_CODE})*"   # Party: 276-KH/TU, 48-CTr/TU
    ")"
)
# Where a number may begin in running text: not inside a word or right after a separator, so that no
# number is found in the middle of a longer one.
NUMBER_START = r"(?<![\w/\-–])"
NUMBER = re.compile(NUMBER_PATTERN)

# `parts`: a run of separators between two letters or digits splits a word. The combining accents count as
# letters, for text typed decomposed (Unikey's "Unicode tổ hợp"). In search.js, the same:
# /(?<=[\p{L}\p{N}\u0300-\u036f])[\/\-–]+(?=[\p{L}\p{N}\u0300-\u036f])/gu
_LETTER = r"[^\W_]|[\u0300-\u036f]"
_JOIN = re.compile(rf"(?<={_LETTER}){_SEPARATOR}+(?={_LETTER})")
# A compound word in text (`496/QĐ-TTg`, `2021-2025`): letters and digits joined by separators; `parts` splits
# it. For corpus text, which is NFC, so without the accents above (a third faster: it runs over every paragraph,
# see folding.search_forms); possessive so that it never backtracks inside a word.
COMPOUND = re.compile(rf"(?<![^\W_])[^\W_]++(?:{_SEPARATOR}+[^\W_]++)+")


@dataclass(frozen=True)
class DocumentNumber:
    text: str                       # as printed: `496/QĐ-TTg`
    serial: int                     # 496 (`05-NQ/TW` -> 5: the text keeps the zero)
    year: int | None                # 2017 in `56/2017/NĐ-CP`; None when the number has none
    type_code: str                  # `QĐ`; '' for `121/2020/QH14`, which names only its issuer
    issuer_codes: tuple[str, ...]   # ('TTg',); joint issuers in order
    line: str                       # 'state' or 'party'

    def __str__(self) -> str:
        return self.text


def parse_number(text: str) -> DocumentNumber | None:
    """The number that `text` is (spaces around it ignored), or None if it is not exactly one number."""
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return None
    plain = text.replace("–", "-")
    digits = len(plain) - len(plain.lstrip("0123456789"))
    serial, joint, rest = int(plain[:digits]), plain[digits], plain[digits + 1:]
    if joint == "-":  # Party: type / issuers
        type_code, _, issuers = rest.partition("/")
        return DocumentNumber(text, serial, None, type_code, tuple(issuers.split("-")), "party")
    year = None
    head, slash, tail = rest.partition("/")
    if slash:
        year, rest = int(head), tail
    codes = rest.split("-")
    if len(codes) == 1:  # only with a year (the grammar asks two codes otherwise): `121/2020/QH14`
        return DocumentNumber(text, serial, year, "", tuple(codes), "state")
    return DocumentNumber(text, serial, year, codes[0], tuple(codes[1:]), "state")


def parts(text: str) -> list[str]:
    """The pieces a reader may type separately: `496/QĐ-TTg` -> ['496', 'QĐ', 'TTg'].

    Any text: its words, each split where separators (/ - –) join letters or digits, so `2024-2030` ->
    ['2024', '2030'] and `Sở Lao động - Thương binh` keeps its free-standing hyphen. The browser splits what
    is typed in the search box the same way (docs/assets/search.js, `processTerm`)."""
    return _JOIN.sub(" ", text).split()


def _number(number: DocumentNumber | str) -> DocumentNumber:
    if isinstance(number, DocumentNumber):
        return number
    parsed = parse_number(number)
    if parsed is None:
        raise ValueError(f"'{number}' không phải số hiệu văn bản (vd. 188/KH-UBND, 56/2017/NĐ-CP, 276-KH/TU)")
    return parsed


def line_of(number: DocumentNumber | str) -> str:
    """'state' (`188/KH-UBND`: the slash before the type) or 'party' (`276-KH/TU`: after it).

    Raises ValueError for text that is not a number."""
    return _number(number).line


# The type a number's abbreviation names (Nghị định 30/2020/NĐ-CP, Phụ lục III; Hướng dẫn 36-HD/VPTW), by line:
# the same letters can name two types (Party `TT` is Thông tri, State `TT` Thông tư). A Party `QĐ` may also be a
# Quy định: the scaffold takes the first reading and says so, and --type overrides it.
TYPE_CODES = {
    "state": {"KH": "plan", "CT": "directive", "CTr": "programme", "HD": "guidance", "QĐ": "decision",
              "NQ": "resolution", "NQLT": "joint-resolution", "QC": "rules", "QCPH": "coordination-rules",
              "QyĐ": "regulation", "ĐA": "proposal", "DA": "project", "PA": "scheme", "QH": "master-plan",
              "TB": "notice", "TC": "communique", "BC": "report", "TTr": "submission", "BB": "minutes",
              "CĐ": "telegram", "BGN": "memorandum", "BTT": "agreement", "HĐ": "contract", "NĐ": "decree",
              "TT": "circular", "TTLT": "joint-circular", "PL": "ordinance"},
    "party": {"KH": "plan", "CT": "directive", "CTr": "action-programme", "HD": "guidance", "QĐ": "decision",
              "NQ": "resolution", "KL": "conclusion", "QC": "rules", "ĐA": "proposal", "QH": "master-plan",
              "TT": "party-circular", "TB": "notice", "TC": "communique", "TBo": "declaration", "BC": "report",
              "TTr": "submission", "BB": "minutes", "CV": "official-letter"},
}


# Types one abbreviation may also name: a Party `QĐ` is a Quyết định or a Quy định; `CTr` a Chương trình or a
# Chương trình hành động.
SAME_CODE = {"decision": {"regulation"}, "programme": {"action-programme"}, "action-programme": {"programme"}}


# How each line writes a number: the other's way is a mistake of the number or of the issuer's line.
STYLES = {"state": "số/LOẠI-CƠ QUAN, như 188/KH-UBND", "party": "số-LOẠI/CƠ QUAN, như 276-KH/TU"}


def written_for(number: DocumentNumber | str, line: str) -> str | None:
    """The number as `line` ('state' or 'party') writes it: `276/KH-TU` -> `276-KH/TU` for the Party; None
    where that line has no such number (a year or no type code: State's only)."""
    parsed = _number(number)
    if parsed.line == line:
        return parsed.text
    if parsed.year is not None or not parsed.type_code:
        return None
    serial = parsed.text[: len(parsed.text) - len(parsed.text.lstrip("0123456789"))]
    issuers = "-".join(parsed.issuer_codes)
    return f"{serial}-{parsed.type_code}/{issuers}" if line == "party" else f"{serial}/{parsed.type_code}-{issuers}"


def type_agrees(number: DocumentNumber | str, document_type: str) -> bool:
    """Whether a document of this type can bear this number: always, when the abbreviation names no type."""
    named = type_of(number)
    return named is None or document_type == named or document_type in SAME_CODE.get(named, ())


def type_of(number: DocumentNumber | str) -> str | None:
    """The document type the number's abbreviation names (`188/KH-UBND` -> 'plan', `01/QCPH-…` ->
    'coordination-rules'), or None when the abbreviation names none (a State official letter's number carries
    its issuer's code, not a type: `1234/UBND-VX`)."""
    parsed = _number(number)
    return TYPE_CODES[parsed.line].get(parsed.type_code)


def names_one_document(number: DocumentNumber | str) -> bool:
    """Whether the number alone names one document: one with its year (`56/2017/NĐ-CP`, `121/2020/QH14`).
    The others restart with each year or term of their issuer (`496/QĐ-TTg`, `28-CT/TW`, `188/KH-UBND`, the
    last in every province): number, issuer and date name one."""
    return _number(number).year is not None


def slug(number: DocumentNumber | str) -> str:
    """The number in ids, citation keys and page names: `56/2017/NĐ-CP` -> `56-2017-nd-cp`.

    The slug of the text as printed (folding.slugify), so `28–CT/TW` and `28-CT/TW` share one."""
    from plansite.text.folding import slugify  # folding imports this module: see the top

    return slugify(str(number))
