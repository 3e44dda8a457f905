"""The implementation graph on a small corpus built in memory: chains up to the Directive, parents and
children, roots, the chain of localities. (Walks on cyclic corpora: tests/test_validation.py.)"""

from __future__ import annotations

import datetime as dt

import pytest

from plansite.analysis.graph import build_graph
from plansite.corpus.model import Corpus, Document, Issuer, Locality, Node, Provenance, Responsibility

LOCALITIES = [
    Locality("lai-chau", "Lai Châu", "tỉnh", "province", "12"),
    Locality("tam-duong", "Tam Đường", "huyện", "district", "106", "lai-chau"),
    Locality("than-uyen", "Than Uyên", "huyện", "district", "108", "lai-chau"),
    Locality("tan-uyen", "Tân Uyên", "huyện", "district", "109", "lai-chau"),
    Locality("ban-giang", "Bản Giang", "xã", "commune", "03601", "tam-duong"),
    Locality("hai-phong", "Hải Phòng", "thành phố", "province", "31"),
]


def document(doc_id: str, date: dt.date | None, implements: tuple[str, ...] = (), locality: str | None = None,
             number: str | None = None, level: str = "district", responsibilities: tuple[Responsibility, ...] = ()) -> Document:
    return Document(
        id=doc_id, number=number or doc_id.upper(), type="plan", title="thực hiện Chỉ thị số 28-CT/TW", date=date,
        issuer=Issuer("Ủy ban nhân dân", "state", level, locality), implements=implements,
        provenance=Provenance("clean-text", f"{doc_id}.txt"), path=f"documents/{doc_id}.yaml",
        body=(Node("p1", "Tổ chức thực hiện."),), responsibilities=responsibilities,
    )


DIRECTIVE = "trung-uong-28-ct-tw-2023"
PROVINCE = "lai-chau-9-kh-ubnd-2024"
DISTRICT = "tam-duong-15-kh-ubnd-2024"
DISTRICT_DIRECT = "than-uyen-20-kh-ubnd-2024"  # implements the Directive and the province's plan
COMMUNE = "ban-giang-3-kh-ubnd-2024"
ORPHAN = "hai-phong-188-kh-ubnd-2024"  # implements a document the corpus does not hold
OTHER_ROOT = "trung-uong-496-qd-ttg-2021"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus = Corpus()
    corpus.localities = {locality.id: locality for locality in LOCALITIES}
    health = Responsibility("so-y-te", "lead", "Chăm sóc sức khỏe trẻ em.", "p1")
    for doc in [
        document(COMMUNE, dt.date(2024, 7, 1), (DISTRICT,), "ban-giang", level="commune"),
        document(DISTRICT, dt.date(2024, 6, 1), (PROVINCE,), "tam-duong", responsibilities=(health,)),
        document(DISTRICT_DIRECT, dt.date(2024, 5, 20), (DIRECTIVE, PROVINCE), "than-uyen", responsibilities=(health,)),
        document(PROVINCE, dt.date(2024, 5, 2), (DIRECTIVE,), "lai-chau", level="province"),
        document(ORPHAN, dt.date(2024, 3, 1), ("hai-phong-chua-co-2024",), "hai-phong", level="province"),
        document(DIRECTIVE, dt.date(2023, 12, 25), (), None, number="28-CT/TW", level="central"),
        document(OTHER_ROOT, dt.date(2021, 4, 1), (), None, number="496/QĐ-TTg", level="central"),
    ]:
        corpus.documents[doc.id] = doc
    return corpus


@pytest.fixture(scope="module")
def graph(corpus):
    return build_graph(corpus)


def ids(items) -> list[str]:
    return [item.id for item in items]


# --- chains ------------------------------------------------------------------------------------------------

def test_the_chain_of_a_commune_plan_runs_from_the_directive_down_to_it(graph):
    assert ids(graph.chain(graph.document(COMMUNE))) == [DIRECTIVE, PROVINCE, DISTRICT, COMMUNE]


def test_the_chain_of_a_district_plan_goes_through_its_province(graph):
    assert ids(graph.chain(graph.document(DISTRICT))) == [DIRECTIVE, PROVINCE, DISTRICT]


def test_the_chain_of_the_directive_is_the_directive_alone(graph):
    assert ids(graph.chain(graph.document(DIRECTIVE))) == [DIRECTIVE]


def test_the_chain_follows_the_first_parent_listed(graph):
    assert ids(graph.chain(graph.document(DISTRICT_DIRECT))) == [DIRECTIVE, DISTRICT_DIRECT]


def test_the_chain_stops_at_a_parent_the_corpus_does_not_hold(graph):
    assert ids(graph.chain(graph.document(ORPHAN))) == [ORPHAN]


def test_on_a_cycle_the_chain_stops_at_the_first_document_already_on_it():
    """x → y → z → x, and a document implementing itself. (tests/test_validation.py checks that every walk
    ends; this is where the chain ends.)"""
    corpus = Corpus()
    for doc in [document("x", dt.date(2024, 1, 1), ("y",)), document("y", dt.date(2024, 1, 2), ("z",)),
                document("z", dt.date(2024, 1, 3), ("x",)), document("self", dt.date(2024, 1, 4), ("self",))]:
        corpus.documents[doc.id] = doc
    graph = build_graph(corpus)
    assert ids(graph.chain(graph.document("x"))) == ["z", "y", "x"]
    assert ids(graph.chain(graph.document("z"))) == ["y", "x", "z"]
    assert ids(graph.chain(graph.document("self"))) == ["self"]
    assert ids(graph.children["self"]) == ["self"]


# --- parents and children ----------------------------------------------------------------------------------

def test_parents_are_the_documents_implemented_in_the_order_listed(graph):
    assert ids(graph.parents(graph.document(DISTRICT_DIRECT))) == [DIRECTIVE, PROVINCE]
    assert ids(graph.parents(graph.document(DISTRICT))) == [PROVINCE]


def test_parents_leave_out_documents_the_corpus_does_not_hold(graph):
    assert graph.parents(graph.document(ORPHAN)) == []
    assert graph.parents(graph.document(DIRECTIVE)) == []


def test_children_are_listed_by_date_under_each_document_they_implement(graph):
    assert ids(graph.children[DIRECTIVE]) == [PROVINCE, DISTRICT_DIRECT]
    assert ids(graph.children[PROVINCE]) == [DISTRICT_DIRECT, DISTRICT]
    assert ids(graph.children[DISTRICT]) == [COMMUNE]


def test_a_document_nobody_implements_has_no_children_entry(graph):
    assert COMMUNE not in graph.children and OTHER_ROOT not in graph.children


def test_children_are_kept_even_for_a_parent_the_corpus_does_not_hold(graph):
    """The link is recorded; pages only show documents the corpus holds."""
    assert ids(graph.children["hai-phong-chua-co-2024"]) == [ORPHAN]


def test_every_child_names_its_parent_and_every_parent_its_child(graph, corpus):
    for parent_id, children in graph.children.items():
        for child in children:
            assert parent_id in child.implements
    for doc in corpus.documents.values():
        for parent in graph.parents(doc):
            assert doc in graph.children[parent.id]


# --- roots -------------------------------------------------------------------------------------------------

def test_roots_are_the_documents_that_implement_nothing_oldest_first(graph):
    assert ids(graph.roots()) == [OTHER_ROOT, DIRECTIVE]


def test_a_document_whose_parent_is_missing_is_not_a_root(graph):
    assert ORPHAN not in ids(graph.roots())


def test_undated_roots_come_last_then_by_number():
    corpus = Corpus()
    for doc in [document("b", None, number="2/KH"), document("a", None, number="1/KH"), document("c", dt.date(2030, 1, 1))]:
        corpus.documents[doc.id] = doc
    assert ids(build_graph(corpus).roots()) == ["c", "a", "b"]


# --- localities --------------------------------------------------------------------------------------------

def test_locality_chain_runs_from_the_province_down(graph, corpus):
    assert ids(graph.locality_chain(corpus.localities["ban-giang"])) == ["lai-chau", "tam-duong", "ban-giang"]
    assert ids(graph.locality_chain(corpus.localities["tam-duong"])) == ["lai-chau", "tam-duong"]
    assert ids(graph.locality_chain(corpus.localities["lai-chau"])) == ["lai-chau"]


def test_locality_chain_stops_at_a_parent_the_registry_does_not_hold():
    corpus = Corpus(localities={"x": Locality("x", "X", "huyện", "district", "001", "missing")})
    assert ids(build_graph(corpus).locality_chain(corpus.localities["x"])) == ["x"]


def test_sub_localities_are_sorted_by_folded_name(graph, corpus):
    """`Tân Uyên` sorts as `tan uyen`, before `Than Uyên` (code points would put `â` after `h`)."""
    assert ids(graph.sub_localities(corpus.localities["lai-chau"])) == ["tam-duong", "tan-uyen", "than-uyen"]
    assert graph.sub_localities(corpus.localities["ban-giang"]) == []


def test_locality_of_a_document_is_its_issuers_locality(graph, corpus):
    assert graph.locality_of(graph.document(DISTRICT)) == corpus.localities["tam-duong"]
    assert graph.locality_of(graph.document(DIRECTIVE)) is None


def test_documents_by_locality_lists_each_localitys_own_documents_by_date(graph):
    assert ids(graph.documents_by_locality["lai-chau"]) == [PROVINCE]
    assert ids(graph.documents_by_locality["tam-duong"]) == [DISTRICT]
    assert "trung-uong" not in graph.documents_by_locality


# --- tasks -------------------------------------------------------------------------------------------------

def test_tasks_by_agency_place_each_responsibility_in_its_document_and_locality(graph):
    tasks = graph.tasks_by_agency["so-y-te"]
    assert [(task.document.id, task.locality.id) for task in tasks] == [(DISTRICT_DIRECT, "than-uyen"), (DISTRICT, "tam-duong")]
    assert {task.responsibility.role for task in tasks} == {"lead"}
