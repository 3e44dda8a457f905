"""Fidelity of restored plans to their raw sources: no text lost, no text invented.

Four plans were restored from OCR text that lost its diacritics, one from clean Markdown; the raw
files are kept unchanged in corpus/sources/. `check_fidelity` compares each restored plan with its
raw file in both directions and names every paragraph without a close counterpart on the other side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from difflib import SequenceMatcher

import pytest
from conftest import FROZEN

from plansite.authoring.fidelity import FidelityReport, check_fidelity, source_paragraphs
from plansite.corpus.check import DEFAULT_CORPUS, load_valid_corpus
from plansite.corpus.model import Document, Node
from plansite.text.folding import fold_key

# Every restored plan of the real corpus is checked; the tests of the check itself use the frozen corpus's plans.
REAL = load_valid_corpus().corpus.documents
RESTORED = sorted(doc_id for doc_id, doc in REAL.items() if doc.provenance.source_file and doc.body)
DOCUMENTS = load_valid_corpus(FROZEN).corpus.documents
FROZEN_RESTORED = sorted(doc_id for doc_id, doc in DOCUMENTS.items() if doc.provenance.source_file and doc.body)
OCR_PLAN = "can-tho-276-kh-tu-2024"  # restored from OCR without diacritics
OCR_PLAN_2 = "hai-phong-188-kh-ubnd-2024"  # the longest plan, also from OCR
CLEAN_PLAN = "kien-giang-211-kh-tu-2024"  # transcribed from clean Markdown with diacritics

# A plausible sentence of the plans' register that appears in none of them.
INVENTED = "Đồng thời, các địa phương cần tổ chức hội nghị trực tuyến để lấy ý kiến rộng rãi của phụ huynh và học sinh."


def check(document: Document, root=FROZEN) -> FidelityReport:
    source = root / "sources" / document.provenance.source_file
    return check_fidelity(document, source.read_text(encoding="utf-8"))


def edit(nodes: tuple[Node, ...], node_id: str, change: Callable[[Node], tuple[Node, ...]]) -> tuple[Node, ...]:
    """The body tree with node `node_id` replaced by what `change` returns (nothing deletes it)."""
    edited: tuple[Node, ...] = ()
    for node in nodes:
        if node.id == node_id:
            edited += change(node)
        else:
            edited += (dataclasses.replace(node, children=edit(node.children, node_id, change)),)
    return edited


def longest_leaf(document: Document) -> Node:
    """The longest paragraph without sub-items: deleting it removes one paragraph, not a section."""
    return max((node for node, _ in document.nodes() if not node.children), key=lambda node: len(node.text))


def resembles(ocr_text: str, restored_text: str) -> bool:
    """Same opening words once folded, allowing for OCR-garbled letters."""
    return SequenceMatcher(None, fold_key(ocr_text)[:60], fold_key(restored_text)[:60]).ratio() > 0.7


@pytest.mark.parametrize("doc_id", RESTORED)
def test_every_restored_plan_matches_its_raw_source(doc_id):
    report = check(REAL[doc_id], DEFAULT_CORPUS)
    assert report.ok, str(report)


def test_the_check_covers_the_ocr_and_the_markdown_plans():
    assert {OCR_PLAN, OCR_PLAN_2, CLEAN_PLAN} <= set(FROZEN_RESTORED)
    assert {DOCUMENTS[doc_id].provenance.method for doc_id in FROZEN_RESTORED} == {"ocr-restored", "clean-text"}


@pytest.mark.parametrize("doc_id", [OCR_PLAN, CLEAN_PLAN])
def test_a_deleted_paragraph_is_reported_as_lost_by_its_source_line(doc_id):
    document = DOCUMENTS[doc_id]
    deleted = longest_leaf(document)
    assert len(deleted.text) > 200
    report = check(dataclasses.replace(document, body=edit(document.body, deleted.id, lambda node: ())))

    assert not report.ok
    lost = [finding for finding in report.missing_in_restored if resembles(finding.paragraph.text, deleted.text)]
    assert lost, str(report)
    finding = lost[0]
    # The finding names the line of the raw file where the lost paragraph begins, and quotes its start.
    line = int(finding.paragraph.where.removeprefix("line "))
    raw_line = (DEFAULT_CORPUS / "sources" / document.provenance.source_file).read_text(encoding="utf-8").splitlines()[line - 1]
    assert resembles(raw_line.lstrip("-*# "), deleted.text)
    assert f"line {line}" in str(report)
    assert finding.paragraph.text[:40] in str(report)
    # Nothing else is blamed: the restored paragraphs around the gap still have their counterparts.
    assert not report.unsupported_in_restored, str(report)


def test_a_deleted_paragraph_of_the_clean_plan_is_quoted_word_for_word():
    document = DOCUMENTS[CLEAN_PLAN]
    deleted = longest_leaf(document)
    report = check(dataclasses.replace(document, body=edit(document.body, deleted.id, lambda node: ())))
    assert deleted.text[:40] in str(report)


@pytest.mark.parametrize("doc_id", [OCR_PLAN, OCR_PLAN_2, CLEAN_PLAN])
def test_a_sentence_added_to_a_paragraph_is_reported_by_node_id(doc_id):
    document = DOCUMENTS[doc_id]
    target = longest_leaf(document)  # the longest paragraph: the hardest place to notice one sentence

    def add_sentence(node: Node) -> tuple[Node, ...]:
        return (dataclasses.replace(node, text=f"{node.text} {INVENTED}"),)

    report = check(dataclasses.replace(document, body=edit(document.body, target.id, add_sentence)))

    assert not report.ok
    assert [finding.paragraph.where for finding in report.unsupported_in_restored] == [f"node {target.id}"], str(report)
    assert f"node {target.id}" in str(report)
    assert not report.missing_in_restored, str(report)


@pytest.mark.parametrize("doc_id", [OCR_PLAN, CLEAN_PLAN])
def test_an_invented_node_is_reported_by_node_id(doc_id):
    document = DOCUMENTS[doc_id]
    after = longest_leaf(document)
    invented = Node(id=f"{after.id}-invented", marker="-", text=INVENTED)
    report = check(dataclasses.replace(document, body=edit(document.body, after.id, lambda node: (node, invented))))

    assert [finding.paragraph.where for finding in report.unsupported_in_restored] == [f"node {invented.id}"], str(report)
    assert INVENTED[:40] in str(report)


def test_the_raw_source_is_read_as_paragraphs_not_printed_lines():
    raw = "\n".join([
        "## **KẾ HOẠCH**",
        "-----",
        "Thuc hién Chi thi s6 28-CT/TW ngay 25/12/2023 cua Bo",
        "Chinh tri, Ban Thuong vu xay dung Ké hoach nhu sau:",
        "",
        "I- MUC PiCH, YEU CAU",
        "1. Muc dich",
        "- Quan triét, trién khai thuc hién nghiém tic",
        "cac ndi dung cua Chi thi.",
        "2",
        "- Bao dam su lanh dao théng nhét cia Dang.",
    ])
    paragraphs = [(p.where, p.text) for p in source_paragraphs(raw)]
    assert paragraphs == [
        ("line 1", "KẾ HOẠCH"),  # Markdown heading marks, bold and the rule are dropped
        ("line 3", "Thuc hién Chi thi s6 28-CT/TW ngay 25/12/2023 cua Bo Chinh tri, Ban Thuong vu xay dung Ké hoach nhu sau:"),
        ("line 6", "I- MUC PiCH, YEU CAU"),  # a numbered or bulleted line starts a new paragraph
        ("line 7", "1. Muc dich"),
        ("line 8", "- Quan triét, trién khai thuc hién nghiém tic cac ndi dung cua Chi thi."),
        ("line 11", "- Bao dam su lanh dao théng nhét cia Dang."),  # the lone page number "2" is dropped
    ]


def test_the_digital_signature_stamp_is_not_text_of_the_plan():
    raw = "- Van phong Trung wong Déng, A Nguoi ky: Pham Van\n\nvanhieu@cantho. gov.vn\n\n2024-07-02T17:57:52+0700\n"
    assert [p.text for p in source_paragraphs(raw)] == ["- Van phong Trung wong Déng, A"]


def test_a_line_the_notes_explain_is_listed_apart_and_does_not_fail_the_check():
    # The OCR of 234/KH-UBND has a stamp where "Nơi nhận:" is printed; the restorer wrote it and said so.
    report = check(DOCUMENTS["kien-giang-234-kh-ubnd-2024"])
    assert report.ok
    assert [(f.paragraph.where, f.paragraph.text) for f in report.explained] == [("recipients 1", "Nơi nhận:")]
