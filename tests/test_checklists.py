"""The five plans read by hand: each has a checklist under tests/checklists/ (one line per assignment, written
by reading the plan: agency kind, role, paragraph, kind of deadline), and the corpus matches it exactly.

Only these five plans are checked, so adding a new document to the corpus never breaks this test; the rules
the checklists follow are in CONTRIBUTING.md ("Trích xuất nhiệm vụ và thời hạn")."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import REPO

from plansite.corpus.check import load_valid_corpus

CHECKLISTS = REPO / "tests" / "checklists"
PLANS = (
    "hai-phong-188-kh-ubnd-2024",
    "kien-giang-234-kh-ubnd-2024",
    "kien-giang-211-kh-tu-2024",
    "can-tho-276-kh-tu-2024",
    "tam-duong-273-kh-hu-2024",
)


@pytest.fixture(scope="module")
def corpus():
    return load_valid_corpus(REPO / "corpus").corpus


def checklist(doc_id: str) -> Counter:
    lines = (CHECKLISTS / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()
    return Counter(tuple(line.split()) for line in lines if line.strip() and not line.startswith("#"))


def test_there_is_a_checklist_for_each_of_the_five_plans_and_no_other():
    assert sorted(path.stem for path in CHECKLISTS.glob("*.txt")) == sorted(PLANS)


@pytest.mark.parametrize("doc_id", PLANS)
def test_the_plans_tasks_are_exactly_its_checklist(corpus, doc_id):
    document = corpus.documents[doc_id]
    found = Counter((item.agency, item.role, item.node, item.when.kind) for item in document.responsibilities)
    expected = checklist(doc_id)
    assert all(len(line) == 4 for line in expected), "each line: agency-kind role node deadline-kind"
    missing, extra = expected - found, found - expected
    assert not missing and not extra, f"missing from the corpus: {sorted(missing)}; not in the checklist: {sorted(extra)}"


@pytest.mark.parametrize("doc_id", PLANS)
def test_the_checklists_name_real_paragraphs_and_agency_kinds(corpus, doc_id):
    document = corpus.documents[doc_id]
    nodes = {node.id for node, _ in document.nodes()}
    for agency, _, node, _ in checklist(doc_id):
        assert node in nodes and agency in corpus.agencies, (agency, node)


def test_an_instruction_to_every_agency_is_not_given_to_the_last_one_named(corpus):
    """188/KH-UBND: the closing paragraph ("Căn cứ…, các Sở, ban, ngành, đơn vị, địa phương…; định kỳ hằng năm
    trước ngày 01/12…") is printed after item 15 (district committees) but addressed to every agency."""
    closing = [item for item in corpus.documents["hai-phong-188-kh-ubnd-2024"].responsibilities if item.node == "iv-15-p7"]
    assert [(item.agency, item.when.every, item.when.by) for item in closing] == [("tat-ca-co-quan", "year", "12-01")]


def test_the_reports_of_the_five_plans_name_who_reports_and_when(corpus):
    reports = {doc_id: [(r.agency, r.node, r.when.kind) for r in corpus.documents[doc_id].reporting] for doc_id in PLANS}
    assert ("tat-ca-co-quan", "v-p2", "as-needed") in reports["kien-giang-234-kh-ubnd-2024"]  # V ¶2, once missed
    assert reports["kien-giang-211-kh-tu-2024"] == [("ban-tuyen-giao", "iii-6", "unknown")]  # no "periodic": the text gives none
    assert all(agency for items in reports.values() for agency, _, _ in items)


def test_the_party_plans_funding_sources_are_extracted(corpus):
    for doc_id in ("kien-giang-211-kh-tu-2024", "can-tho-276-kh-tu-2024", "tam-duong-273-kh-hu-2024"):
        assert corpus.documents[doc_id].funding, doc_id
