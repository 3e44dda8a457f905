"""Document numbers: one table of what people print and type, checked against the parser, the citation finder,
the corpus schema and the search box in the browser, so that Python and JavaScript split a number alike."""

from __future__ import annotations

import json
import re

import pytest
from conftest import CHROMIUM, REPO
from test_browser import base_url  # noqa: F401  (a fixture shared with the browser tests)

from plansite.analysis.citations import find_citations
from plansite.text.numbers import DocumentNumber, line_of, parse_number, parts, slug, written_for

S, P = "state", "party"
# typed or printed text -> (line, serial, year, type code, issuer codes) or None for text that is not a number,
# and the words a reader's typing of it becomes (`parts`, and search.js's processTerm).
EXAMPLES: list[tuple[str, tuple | None, list[str]]] = [
    # State: serial / type - issuer
    ("188/KH-UBND", (S, 188, None, "KH", ("UBND",)), ["188", "KH", "UBND"]),
    ("496/QĐ-TTg", (S, 496, None, "QĐ", ("TTg",)), ["496", "QĐ", "TTg"]),  # Đ, and a small letter in a code
    ("01/QCPH-LĐTBXH-GDĐT-CA-NNPTNT-TLĐ-LMHTX-LĐTMCN", (S, 1, None, "QCPH", ("LĐTBXH", "GDĐT", "CA", "NNPTNT", "TLĐ", "LMHTX", "LĐTMCN")),
     ["01", "QCPH", "LĐTBXH", "GDĐT", "CA", "NNPTNT", "TLĐ", "LMHTX", "LĐTMCN"]),  # joint issuers, in order
    # State, normative: the year before the codes
    ("56/2017/NĐ-CP", (S, 56, 2017, "NĐ", ("CP",)), ["56", "2017", "NĐ", "CP"]),
    ("56/2017/ND-CP", (S, 56, 2017, "ND", ("CP",)), ["56", "2017", "ND", "CP"]),  # typed without Đ: still a number
    ("02/2024/TTLT-BGDĐT-BYT", (S, 2, 2024, "TTLT", ("BGDĐT", "BYT")), ["02", "2024", "TTLT", "BGDĐT", "BYT"]),
    ("13/2021/TT-BLĐTBXH", (S, 13, 2021, "TT", ("BLĐTBXH",)), ["13", "2021", "TT", "BLĐTBXH"]),
    ("121/2020/QH14", (S, 121, 2020, "", ("QH14",)), ["121", "2020", "QH14"]),  # a law: issuer only, no type code
    # Party: serial - type / issuer
    ("276-KH/TU", (P, 276, None, "KH", ("TU",)), ["276", "KH", "TU"]),
    ("28-CT/TW", (P, 28, None, "CT", ("TW",)), ["28", "CT", "TW"]),
    ("36-HD/VPTW", (P, 36, None, "HD", ("VPTW",)), ["36", "HD", "VPTW"]),
    ("48-CTr/TU", (P, 48, None, "CTr", ("TU",)), ["48", "CTr", "TU"]),
    ("273-KH/HU", (P, 273, None, "KH", ("HU",)), ["273", "KH", "HU"]),
    ("05-NQ/TW", (P, 5, None, "NQ", ("TW",)), ["05", "NQ", "TW"]),  # serial 5; the text keeps the zero
    ("01-QĐi/TW", (P, 1, None, "QĐi", ("TW",)), ["01", "QĐi", "TW"]),
    # An en dash is read as a hyphen; the text keeps it as printed
    ("28–CT/TW", (P, 28, None, "CT", ("TW",)), ["28", "CT", "TW"]),
    ("188/KH–UBND", (S, 188, None, "KH", ("UBND",)), ["188", "KH", "UBND"]),
    (" 234/KH-UBND ", (S, 234, None, "KH", ("UBND",)), ["234", "KH", "UBND"]),  # spaces around are not part of it
    # Not numbers (parse_number gives None), though a reader may type them: split all the same
    ("188/kh-ubnd", None, ["188", "kh", "ubnd"]),  # codes begin with a capital, as printed
    ("496/qđ-ttg", None, ["496", "qđ", "ttg"]),
    ("188 kh ubnd", None, ["188", "kh", "ubnd"]),  # already apart
    ("188/KH", None, ["188", "KH"]),  # a State number without a year has a type and an issuer
    ("KH-UBND", None, ["KH", "UBND"]),  # no serial
    ("10/2024", None, ["10", "2024"]),  # month/year
    ("01/3/2024", None, ["01", "3", "2024"]),  # a date
    ("2024-2030", None, ["2024", "2030"]),  # a period
    ("2021–2030", None, ["2021", "2030"]),
    ("Sở Lao động - Thương binh", None, ["Sở", "Lao", "động", "-", "Thương", "binh"]),  # a free-standing hyphen stays
]


def expected_number(typed: str, fields: tuple | None) -> DocumentNumber | None:
    if fields is None:
        return None
    line, serial, year, type_code, issuer_codes = fields
    return DocumentNumber(typed.strip(), serial, year, type_code, issuer_codes, line)


@pytest.mark.parametrize(("typed", "fields", "words"), EXAMPLES, ids=[example[0] for example in EXAMPLES])
def test_parse_number_and_parts(typed, fields, words):
    assert parse_number(typed) == expected_number(typed, fields)
    assert parts(typed) == words


def test_the_table_covers_the_kinds_of_numbers():
    assert len(EXAMPLES) >= 15
    parsed = [parse_number(typed) for typed, _, _ in EXAMPLES]
    assert {number.line for number in parsed if number} == {S, P}
    assert any(number and number.year for number in parsed) and parsed.count(None) >= 5


def test_every_number_is_found_in_running_text_with_its_date():
    for typed, fields, _ in EXAMPLES:
        number = expected_number(typed, fields)
        found = find_citations(f"Căn cứ Kế hoạch số {typed.strip()} ngày 01/3/2024 của Ủy ban nhân dân tỉnh.")
        assert [(c.number, c.date) for c in found] == ([(number.text, "01/3/2024")] if number else []), typed


def test_line_and_slug():
    assert line_of("188/KH-UBND") == S and line_of(parse_number("276-KH/TU")) == P
    with pytest.raises(ValueError):
        line_of("2024-2030")
    assert slug("56/2017/NĐ-CP") == "56-2017-nd-cp"
    assert slug(parse_number("28–CT/TW")) == slug("28-CT/TW") == "28-ct-tw"


def test_the_corpus_schema_takes_every_number_written_with_hyphens():
    """The schema (corpus/schema/document.schema.json) is looser than the parser, never stricter; corpus files
    write a hyphen where print may have an en dash."""
    pattern = json.loads((REPO / "corpus" / "schema" / "document.schema.json").read_text(encoding="utf-8"))["properties"]["number"]["pattern"]
    for typed, fields, _ in EXAMPLES:
        if fields:
            assert re.search(pattern, typed.strip().replace("–", "-")), typed


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_the_search_box_splits_what_is_typed_as_parts_does(browser, base_url):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(base_url + "tim-kiem/")
        typed = [example[0] for example in EXAMPLES]
        processed = page.evaluate("terms => terms.map(t => window.siteSearch.processTerm(t))", typed)
    finally:
        page.close()
    assert {term: words.split() for term, words in zip(typed, processed, strict=True)} == {term: parts(term) for term in typed}


def test_a_number_is_rewritten_in_the_style_of_the_other_line_only_where_that_line_has_such_numbers():
    assert written_for("276/KH-TU", "party") == "276-KH/TU"
    assert written_for("9-KH/UBND", "state") == "9/KH-UBND"
    assert written_for("05-NQ/TW", "party") == "05-NQ/TW"  # already so: the zero kept
    assert written_for("56/2017/NĐ-CP", "party") is None  # a year: State's only
    assert written_for("121/2020/QH14", "party") is None
