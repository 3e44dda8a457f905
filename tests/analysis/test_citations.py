"""Finding the documents a paragraph cites (`find_citations`): by number, with the type written before it and
the date printed after it, or by name. (Resolving a mention to a corpus document: tests/test_citations.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from plansite.analysis.citations import Citation, LawNames, find_citations, law_names
from plansite.corpus.loader import read_registry
from plansite.corpus.model import Law
from plansite.corpus.registries import REGISTRIES

REPO = Path(__file__).resolve().parents[2]


def found(text: str, laws: LawNames | None = None) -> list[tuple[str, str, str]]:
    """(label, number, date) of each citation, in reading order."""
    return [(c.label, c.number, c.date) for c in (find_citations(text, laws) if laws else find_citations(text))]


@pytest.fixture(scope="module")
def registered() -> LawNames:
    """The laws of corpus/laws.yaml, as the build reads them (the loader's registry, then the graph's names)."""
    registry = next(registry for registry in REGISTRIES if registry.key == "laws")
    read = read_registry(REPO / "corpus" / "laws.yaml", "corpus/laws.yaml", registry)
    assert read.problems == []
    return law_names(record for _, _, record in read.records)


# --- numbers -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "label", "number"), [
    # State, legal normative documents: number/year/code
    ("Nghị định số 56/2017/NĐ-CP", "Nghị định 56/2017/NĐ-CP", "56/2017/NĐ-CP"),
    ("Nghị quyết số 121/2020/QH14 của Quốc hội", "Nghị quyết 121/2020/QH14", "121/2020/QH14"),
    ("Thông tư số 13/2021/TT-BLĐTBXH", "Thông tư 13/2021/TT-BLĐTBXH", "13/2021/TT-BLĐTBXH"),
    ("Thông tư liên tịch số 06/2010/TTLT-BLĐTBXH-BTC", "Thông tư liên tịch 06/2010/TTLT-BLĐTBXH-BTC", "06/2010/TTLT-BLĐTBXH-BTC"),
    ("Quyết định số 23/2024/QĐ-UBND", "Quyết định 23/2024/QĐ-UBND", "23/2024/QĐ-UBND"),
    # State, other documents: number/code-code
    ("Quyết định số 496/QĐ-TTg", "Quyết định 496/QĐ-TTg", "496/QĐ-TTg"),
    ("Kế hoạch số 188/KH-UBND", "Kế hoạch 188/KH-UBND", "188/KH-UBND"),
    ("Công văn số 1234/LĐTBXH-TE", "Công văn 1234/LĐTBXH-TE", "1234/LĐTBXH-TE"),
    ("Kế hoạch 09/KH-ĐTN", "Kế hoạch 09/KH-ĐTN", "09/KH-ĐTN"),
    ("Quyết định số 23/QĐ-ĐHĐ", "Quyết định 23/QĐ-ĐHĐ", "23/QĐ-ĐHĐ"),
    # Party documents: number-code/code
    ("Chỉ thị số 28-CT/TW", "Chỉ thị 28-CT/TW", "28-CT/TW"),
    ("Chương trình hành động số 48-CTr/TU", "Chương trình hành động 48-CTr/TU", "48-CTr/TU"),
    ("Hướng dẫn số 136-HD/BTGTW", "Hướng dẫn 136-HD/BTGTW", "136-HD/BTGTW"),
    ("Kết luận số 07-KL/TW", "Kết luận 07-KL/TW", "07-KL/TW"),
])
def test_a_document_number_is_found_with_the_type_written_before_it(text, label, number):
    assert found(text) == [(label, number, "")]


def test_the_span_of_a_citation_is_the_number_as_printed():
    text = "Thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư"
    [citation] = find_citations(text)
    assert text[citation.start:citation.end] == "28-CT/TW"


@pytest.mark.parametrize(("number", "key"), [
    ("56/2017/NĐ-CP", "56-2017-nd-cp"),
    ("13/2021/TT-BLĐTBXH", "13-2021-tt-bldtbxh"),
    ("496/QĐ-TTg", "496-qd-ttg"),
    ("09/KH-ĐTN", "09-kh-dtn"),
    ("28-CT/TW", "28-ct-tw"),
])
def test_the_key_of_a_number_has_no_diacritics_and_folds_d_with_stroke(number, key):
    assert [c.key for c in find_citations(f"theo {number}")] == [key]


def test_the_type_word_may_be_followed_by_so_or_so_colon_and_is_written_in_its_usual_case():
    assert found("Kế hoạch số: 9/KH-UBND") == [("Kế hoạch 9/KH-UBND", "9/KH-UBND", "")]
    assert found("căn cứ nghị định số 56/2017/NĐ-CP") == [("Nghị định 56/2017/NĐ-CP", "56/2017/NĐ-CP", "")]
    assert found("Nghị định 56/2017/NĐ-CP") == [("Nghị định 56/2017/NĐ-CP", "56/2017/NĐ-CP", "")]


def test_a_number_without_a_type_word_before_it_is_labelled_by_the_number_alone():
    assert found("theo văn bản 28-CT/TW") == [("28-CT/TW", "28-CT/TW", "")]


def test_the_same_number_gets_the_same_key_however_it_is_introduced():
    citations = find_citations("Nghị định 56/2017/NĐ-CP và Nghị định số 56/2017/NĐ-CP; văn bản 56/2017/NĐ-CP")
    assert len(citations) == 3 and len({c.key for c in citations}) == 1


# --- dates and context -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "date"), [
    ("Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ", "09/5/2017"),
    ("Chỉ thị số 28-CT/TW ngày 25/12/2023 của Ban Bí thư", "25/12/2023"),
    ("Kế hoạch số 188/KH-UBND, ngày 02/5/2024 của UBND", "02/5/2024"),
    ("Kế hoạch số 188/KH-UBND ban hành ngày 02/5/2024 của UBND", "02/5/2024"),
    ("Quyết định số 1234/QĐ-UBND ngày 9/5/2017", "9/5/2017"),
])
def test_the_date_printed_right_after_the_number_is_kept_as_printed(text, date):
    assert [c.date for c in find_citations(text)] == [date]


def test_a_date_elsewhere_in_the_sentence_is_not_the_documents_date():
    assert [c.date for c in find_citations("Kế hoạch số 188/KH-UBND của UBND ngày 02/5/2024")] == [""]


def test_the_context_is_what_follows_the_date_up_to_the_end_of_the_clause():
    citations = find_citations("Chỉ thị số 28-CT/TW ngày 25/12/2023 của Ban Bí thư; Kế hoạch số 9/KH-UBND ngày 2/5/2024 của UBND tỉnh. Sau đó")
    assert [(c.number, c.date, c.context) for c in citations] == [
        ("28-CT/TW", "25/12/2023", "của Ban Bí thư"),
        ("9/KH-UBND", "2/5/2024", "của UBND tỉnh"),
    ]


def test_the_context_stops_at_a_parenthesis():
    [citation] = find_citations("Nghị quyết số 121/2020/QH14 của Quốc hội (khóa XIV)")
    assert citation.context.strip() == "của Quốc hội"  # the space before the parenthesis is kept


def test_a_title_quoted_after_the_number_keeps_its_closing_quote():
    [citation] = find_citations("thực hiện Chỉ thị số 20-CT/TW, ngày 05/11/2012 của Bộ Chính trị khóa XI về “Tăng cường "
                                "sự lãnh đạo của Đảng đối với công tác chăm sóc, giáo dục và bảo vệ trẻ em trong tình hình mới”; Ban")
    assert citation.context == ("của Bộ Chính trị khóa XI về “Tăng cường sự lãnh đạo của Đảng đối với công tác chăm sóc, "
                                "giáo dục và bảo vệ trẻ em trong tình hình mới”")
    # A quote opened before the number ends the context where it closes, and is not part of it.
    [citation] = find_citations("Kế hoạch “Thực hiện Chỉ thị số 28-CT/TW của Bộ Chính trị” năm 2024")
    assert citation.context == "của Bộ Chính trị"


def test_a_long_context_is_shortened_at_a_word_with_an_ellipsis():
    [citation] = find_citations("Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 " + "của Chính phủ quy định " * 20)
    assert len(citation.context) <= 200 and citation.context.endswith("Chính…")


# --- names -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("Căn cứ Luật Trẻ em năm 2016;", "Luật Trẻ em"),
    ("Luật Trẻ em được Quốc hội thông qua", "Luật Trẻ em"),
    ("Căn cứ Luật Bình đẳng giới;", "Luật Bình đẳng giới"),
    ("theo Luật Ngân sách nhà nước và các quy định có liên quan", "Luật Ngân sách nhà nước"),
    ("Luật Phòng, chống mua bán người năm 2024", "Luật Phòng, chống mua bán người"),
    ("Luật Phòng, chống bạo lực gia đình năm 2022", "Luật Phòng, chống bạo lực gia đình"),
    ("quy định của Bộ luật Lao động", "Bộ luật Lao động"),
    ("Luật Giáo dục ngày 14/6/2019", "Luật Giáo dục"),
    ("Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030", "Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030"),
    ("Chương trình hành động quốc gia vì trẻ em giai đoạn 2021–2030", "Chương trình hành động quốc gia vì trẻ em giai đoạn 2021–2030"),
    ("Công ước Liên hợp quốc về quyền trẻ em", "Công ước Liên hợp quốc về quyền trẻ em"),
    ("Công ước của Liên hợp quốc về quyền trẻ em", "Công ước của Liên hợp quốc về quyền trẻ em"),
])
def test_a_document_cited_by_name_is_found_by_its_name(text, name):
    assert found(text) == [(name, "", "")]


def test_the_key_of_a_name_is_its_slug():
    assert [c.key for c in find_citations("Luật Phòng, chống bạo lực gia đình")] == ["luat-phong-chong-bao-luc-gia-dinh"]
    assert [c.key for c in find_citations("Luật Trẻ em")] == ["luat-tre-em"]


def test_every_mention_of_a_name_is_found_and_shares_one_key():
    citations = find_citations("Luật Trẻ em năm 2016 và Luật Trẻ em")
    assert [c.label for c in citations] == ["Luật Trẻ em", "Luật Trẻ em"]
    assert citations[0].key == citations[1].key and citations[0].start < citations[1].start


@pytest.mark.parametrize("name", [
    "Luật Hôn nhân và gia đình",
    "Luật Bảo vệ, chăm sóc và giáo dục trẻ em",
    "Luật Phòng cháy và chữa cháy",
    "Luật Khám bệnh, chữa bệnh",
    "Luật Thể dục, thể thao",
    "Luật Phòng, chống tác hại của thuốc lá",
    "Luật Phòng, chống tác hại của rượu, bia",
])
def test_a_law_whose_name_holds_va_cua_or_a_comma_is_found_whole(name, registered):
    """NAME_PATTERNS alone stop a name at `và`, `của` or a comma (but `, chống`): `Luật Hôn nhân và gia đình`
    would be `Luật Hôn nhân`, and the laws on tobacco and on alcohol both `Luật Phòng, chống tác hại`."""
    assert found(f"Căn cứ {name} năm 2014;", registered) == [(name, "", "")]


def test_two_registered_laws_joined_by_va_are_two_citations(registered):
    text = "Thực hiện Luật Trẻ em và Luật Giáo dục"
    citations = find_citations(text, registered)
    assert [(c.label, text[c.start:c.end]) for c in citations] == [("Luật Trẻ em", "Luật Trẻ em"), ("Luật Giáo dục", "Luật Giáo dục")]


def test_a_registered_name_ends_where_the_registry_says_whatever_follows(registered):
    assert found("thực hiện Luật Trẻ em và tuyên truyền rộng rãi", registered) == [("Luật Trẻ em", "", "")]
    assert found("thực hiện Luật Trẻ em quy định về quyền của trẻ em", registered) == [("Luật Trẻ em", "", "")]


def test_the_laws_on_tobacco_and_on_alcohol_have_their_own_keys(registered):
    citations = find_citations("Luật Phòng, chống tác hại của thuốc lá; Luật Phòng, chống tác hại của rượu, bia.", registered)
    assert [c.key for c in citations] == ["luat-phong-chong-tac-hai-cua-thuoc-la", "luat-phong-chong-tac-hai-cua-ruou-bia"]


def test_an_alias_is_labelled_and_keyed_by_the_laws_name_and_spans_what_is_printed():
    laws = law_names([Law("Luật Hôn nhân và gia đình", ("Luật Hôn nhân và Gia đình",))])
    text = "Căn cứ Luật Hôn nhân và Gia đình năm 2014"
    [citation] = find_citations(text, laws)
    assert (citation.label, citation.key) == ("Luật Hôn nhân và gia đình", "luat-hon-nhan-va-gia-dinh")
    assert text[citation.start:citation.end] == "Luật Hôn nhân và Gia đình"


def test_a_law_the_registry_does_not_hold_is_found_by_the_general_rule(registered):
    laws = law_names([Law("Luật Hôn nhân và gia đình")])
    assert found("Căn cứ Luật Trẻ em năm 2016; Luật Hôn nhân và gia đình", laws) == [("Luật Trẻ em", "", ""), ("Luật Hôn nhân và gia đình", "", "")]
    assert found("theo Luật Ngân sách nhà nước và các quy định có liên quan", laws) == [("Luật Ngân sách nhà nước", "", "")]
    assert found("Luật Đê điều năm 2006", registered) == found("Luật Đê điều năm 2006") == [("Luật Đê điều", "", "")]


@pytest.mark.parametrize("order", [1, -1])
def test_a_longer_registered_name_wins_over_a_shorter_one_it_begins_with(order):
    # `Luật Phòng cháy` is no law: it stands for a registered name that begins a longer one.
    laws = law_names([Law("Luật Phòng cháy"), Law("Luật Phòng cháy và chữa cháy")][::order])
    assert found("Căn cứ Luật Phòng cháy và chữa cháy năm 2001", laws) == [("Luật Phòng cháy và chữa cháy", "", "")]
    assert found("Căn cứ Luật Phòng cháy năm 2001", laws) == [("Luật Phòng cháy", "", "")]


def test_a_registered_name_is_matched_in_whole_words_with_its_capital_letters(registered):
    assert found("Luật Trẻ emm", registered) == [("Luật Trẻ emm", "", "")]  # not the registry's: the general rule's
    assert found("theo luật trẻ em và luật hôn nhân và gia đình", registered) == []


def test_a_registered_name_is_found_with_its_tones_placed_either_way():
    laws = law_names([Law("Luật Hòa giải ở cơ sở"), Law("Luật Phòng, chống ma túy")])
    for text in ("Luật Hoà giải ở cơ sở và Luật Phòng, chống ma tuý", "Luật Hòa giải ở cơ sở và Luật Phòng, chống ma túy"):
        assert found(text, laws) == [("Luật Hòa giải ở cơ sở", "", ""), ("Luật Phòng, chống ma túy", "", "")]


def test_a_registered_name_is_text_not_a_pattern():
    name = "Luật Phòng, chống nhiễm vi rút gây ra hội chứng suy giảm miễn dịch mắc phải ở người (HIV/AIDS)"
    laws = law_names([Law(name), Law("Luật A.* [x]+")])
    assert found(f"Căn cứ {name} năm 2006", laws) == [(name, "", "")]
    assert found("theo Luật A.* [x]+;", laws) == [("Luật A.* [x]+", "", "")]
    assert found("theo Luật Ab xx;", laws) == found("theo Luật Ab xx;") == [("Luật Ab xx", "", "")]  # the general rule's


def test_a_spelling_of_a_registered_name_written_by_hand_is_the_laws_name():
    """A document's `cites` name (plansite/analysis/graph.py) leads to the page its mentions lead to."""
    laws = law_names([Law("Luật Hôn nhân và gia đình", ("Luật Hôn nhân và Gia đình",))])
    assert laws.official("Luật Hôn nhân và Gia đình") == laws.official("luật hôn nhân và gia đình") == "Luật Hôn nhân và gia đình"
    assert laws.official("Luật Trẻ em") == "Luật Trẻ em"


def test_the_names_of_a_registry_are_compiled_once_for_its_entries():
    entries = [Law("Luật Trẻ em"), Law("Luật Giáo dục")]
    assert law_names(entries) is law_names(list(entries))
    assert law_names(entries) != law_names(entries[::-1]) and law_names([]).pattern is None


# --- what is not a citation --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "Tổ chức thực hiện.",
    "giai đoạn 2021-2025, tỷ lệ 95/100 trẻ em, ngày 1/6, tổng đài 111",
    "điện thoại 0912/345-678",
    "theo luật trẻ em",  # a name is only a name with its capital letters
    "ABC12/KH-UBND",  # a number glued to a word
    "x/56/2017/NĐ-CP",  # part of a longer path
    "Luật năm 2016",
])
def test_text_that_cites_nothing_gives_no_citation(text):
    assert find_citations(text) == []


# --- several in one paragraph ------------------------------------------------------------------------------

def test_citations_come_in_reading_order_whatever_pattern_found_them():
    text = ("Căn cứ Luật Trẻ em năm 2016; Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ; "
            "Thực hiện Chỉ thị số 28-CT/TW và Quyết định số 496/QĐ-TTg")
    assert found(text) == [
        ("Luật Trẻ em", "", ""),
        ("Nghị định 56/2017/NĐ-CP", "56/2017/NĐ-CP", "09/5/2017"),
        ("Chỉ thị 28-CT/TW", "28-CT/TW", ""),
        ("Quyết định 496/QĐ-TTg", "496/QĐ-TTg", ""),
    ]
    citations = find_citations(text)
    assert [c.start for c in citations] == sorted(c.start for c in citations)


def test_spans_never_overlap():
    text = "Luật Trẻ em số 102/2016/QH13 ngày 05/4/2016; Kế hoạch số 188/KH-UBND-2024/TW"
    citations = find_citations(text)
    for before, after in zip(citations, citations[1:], strict=False):
        assert before.end <= after.start


def test_a_citation_is_a_frozen_record():
    citation = find_citations("Chỉ thị số 28-CT/TW")[0]
    assert isinstance(citation, Citation)
    with pytest.raises(AttributeError):
        citation.label = "x"  # type: ignore[misc]


def test_a_registered_name_is_found_with_or_without_the_commas_between_its_words(registered):
    """`Luật Phòng, chống tác hại của rượu, bia` is also printed `rượu bia`, `Phòng chống`: without the
    registry's commas the rule for names would cut it at `tác hại` again, one page for two laws."""
    assert found("Căn cứ Luật Phòng chống tác hại của rượu bia năm 2019;", registered) == [("Luật Phòng, chống tác hại của rượu, bia", "", "")]
    assert found("Luật Phòng chống tác hại của thuốc lá", registered) == [("Luật Phòng, chống tác hại của thuốc lá", "", "")]
    assert found("Luật Trẻ em, Luật Giáo dục", registered) == [("Luật Trẻ em", "", ""), ("Luật Giáo dục", "", "")]


def test_a_code_printed_bo_luat_with_a_capital_is_the_code(registered):
    [citation] = find_citations("theo quy định của Bộ Luật Lao động năm 2019", registered)
    assert (citation.label, citation.key) == ("Bộ luật Lao động", "bo-luat-lao-dong")
