"""Adding valid documents never breaks the site: the real corpus grows by plans of several kinds, entered the
way a maintainer enters them (the scaffold), and the site built from it keeps its promises. Nothing here knows
what the real corpus holds beyond the ids the new plans hang from."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, build_site, read_page
from test_site import broken_links
from test_truthful_display import check_labels_and_headings, heading_ids, page_path, raw_marks, site_unmarked, unmarked_readings

from plansite.corpus.check import load_valid_corpus
from plansite.render.urls import Paths

PLAN_TEXT = """Thực hiện văn bản cấp trên, cơ quan ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Bảo vệ trẻ em trên địa bàn, phòng, chống xâm hại trẻ em.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Y tế
- Chủ trì khám sức khỏe định kỳ cho trẻ em dưới 6 tuổi.
2. Phòng Giáo dục và Đào tạo
- Phối hợp tổ chức tuyên truyền trong trường học.
"""

# (flags of scripts/new_plan.py, with the full text or not): a district plan with its text, the same number and
# issuer on another date (numbers restart), a document of a central body with metadata only, a provincial Party
# plan carrying out that new central document, and a second plan of a province already in the corpus.
NEW_DOCUMENTS = [
    (["--number", "901/KH-UBND", "--issuer", "Ủy ban nhân dân huyện Tam Đường", "--date", "2024-09-03",
      "--locality", "tam-duong", "--parent", "lai-chau-48-ctr-tu-2024"], True),
    (["--number", "901/KH-UBND", "--issuer", "Ủy ban nhân dân huyện Tam Đường", "--date", "2025-03-10",
      "--locality", "tam-duong", "--parent", "lai-chau-48-ctr-tu-2024"], True),
    (["--number", "902/QĐ-TTg", "--issuer", "Thủ tướng Chính phủ", "--date", "2024-04-01",
      "--locality", "trung-uong", "--parent", "trung-uong-28-ct-tw-2023"], False),
    (["--number", "903-KH/TU", "--issuer", "Tỉnh ủy Lai Châu", "--date", "2024-06-05",
      "--locality", "lai-chau", "--parent", "trung-uong-902-qd-ttg-2024"], True),
    (["--number", "904/KH-UBND", "--issuer", "Ủy ban nhân dân thành phố Cần Thơ", "--date", "2024-10-15",
      "--locality", "can-tho", "--parent", "can-tho-276-kh-tu-2024"], False),
    # Issued jointly: a coordination regulation of the province's committee and its Fatherland Front.
    (["--number", "907/QCPH-UBND-MTTQ", "--issuer", "Ủy ban nhân dân tỉnh Lai Châu", "--date", "2024-11-01",
      "--co-issuer", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lai Châu", "--locality", "lai-chau",
      "--parent", "lai-chau-48-ctr-tu-2024"], False),
    # A plan whose number is not known (from a news item): recorded with number null, never an invented one.
    (["--no-number", "--type", "plan", "--line", "state", "--issuer", "Ủy ban nhân dân huyện Tam Đường",
      "--date", "2024-12-01", "--locality", "tam-duong", "--parent", "lai-chau-48-ctr-tu-2024"], False),
    # Outside the Directive: a decision of 2021 that carries out nothing in the corpus, and a plan under it.
    (["--number", "905/QĐ-TTg", "--issuer", "Thủ tướng Chính phủ", "--date", "2021-05-20",
      "--locality", "trung-uong", "--no-parent"], False),
    (["--number", "906/KH-UBND", "--issuer", "Ủy ban nhân dân tỉnh Kiên Giang", "--date", "2021-08-02",
      "--locality", "kien-giang", "--parent", "trung-uong-905-qd-ttg-2021"], True),
]
NEW_IDS = ["tam-duong-901-kh-ubnd-2024", "tam-duong-901-kh-ubnd-2025", "trung-uong-902-qd-ttg-2024",
           "lai-chau-903-kh-tu-2024", "can-tho-904-kh-ubnd-2024", "lai-chau-907-qcph-ubnd-mttq-2024", "tam-duong-ke-hoach-2024-12-01",
           "trung-uong-905-qd-ttg-2021",
           "kien-giang-906-kh-ubnd-2021"]
OUTSIDE = ["trung-uong-905-qd-ttg-2021", "kien-giang-906-kh-ubnd-2021"]


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """(corpus, site): the real corpus with the new documents, and its site built without the search index."""
    root = tmp_path_factory.mktemp("grown")
    corpus = root / "corpus"
    subprocess.run(["cp", "-r", str(REPO / "corpus"), str(corpus)], check=True)
    text = root / "toan-van.txt"
    text.write_text(PLAN_TEXT, encoding="utf-8")
    for flags, full_text in NEW_DOCUMENTS:
        extra = ["--text", str(text), "--source", str(text)] if full_text else []
        result = subprocess.run([sys.executable, "scripts/new_plan.py", "--corpus", str(corpus), *flags,
                                 "--title", "Thực hiện công tác chăm sóc, giáo dục và bảo vệ trẻ em", *extra],
                                cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    site = root / "site"
    result = build_site(site, corpus, search=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return corpus, site


def open_data(site: Path) -> dict:
    return json.loads((site / "du-lieu" / "corpus.json").read_text(encoding="utf-8"))


def test_the_scaffold_wrote_each_new_document(grown):
    corpus, _ = grown
    assert sorted(p.stem for p in (corpus / "documents").glob("*.yaml") if p.stem in NEW_IDS) == sorted(NEW_IDS)


def test_every_link_and_anchor_of_the_grown_site_resolves(grown):
    broken = broken_links(grown[1])
    assert not broken, "\n".join(broken[:20])


def test_every_document_links_to_each_parent_and_each_parent_lists_it(grown):
    _, site = grown
    missing = []
    for document in open_data(site)["documents"]:
        page = read_page(site, f"van-ban/{document['id']}")
        for parent in document["implements"]:
            if f'href="../{parent}/"' not in page:
                missing.append(f"{document['id']} does not link to its parent {parent}")
            implementers = read_page(site, f"van-ban/{parent}").split('id="duoc-thuc-hien-boi"', 1)
            if len(implementers) < 2 or f'href="../{document["id"]}/"' not in implementers[1]:
                missing.append(f"{parent} does not list {document['id']}")
    assert not missing, "\n".join(missing)


def test_every_chain_reaches_a_document_that_carries_out_nothing(grown):
    documents = {d["id"]: d for d in open_data(grown[1])["documents"]}
    for doc_id in documents:
        seen, current = set(), [doc_id]
        while current:
            seen.update(current)
            current = [p for c in current for p in documents[c]["implements"] if p not in seen]
        assert any(not documents[d]["implements"] for d in seen), f"{doc_id} reaches no root"


def test_the_home_page_counts_agree_with_the_open_data(grown):
    _, site = grown
    data = open_data(site)["documents"]
    home = read_page(site, "")
    figures = dict(re.findall(r'<td class="num" data-label="([^"]+)">([0-9.]+)</td>', home))
    assert int(figures["Văn bản"]) == len(data)
    assert int(figures["Có toàn văn"]) == sum(1 for d in data if d["provenance"]["method"] != "metadata-only")
    assert int(figures["Nhiệm vụ"]) == sum(len(d.get("responsibilities", [])) for d in data)
    assert int(figures["Chỉ tiêu"]) == sum(len(d.get("targets", [])) for d in data)


def test_each_new_document_is_listed_and_findable_by_its_place(grown):
    _, site = grown
    listing = read_page(site, "van-ban")
    for doc_id in NEW_IDS:
        assert f"{doc_id}/" in listing, doc_id
    tam_duong = read_page(site, "dia-phuong/tam-duong")
    assert "tam-duong-901-kh-ubnd-2024/" in tam_duong and "tam-duong-901-kh-ubnd-2025/" in tam_duong
    assert "can-tho-904-kh-ubnd-2024/" in read_page(site, "dia-phuong/can-tho")


def test_the_directive_keeps_one_tree_and_documents_under_another_root_are_shown_apart(grown):
    _, site = grown
    home = read_page(site, "")
    tree, others = home.split('id="cay-thuc-hien"', 1)[1].split('id="van-ban-khac"', 1)
    for doc_id in OUTSIDE:
        assert f"van-ban/{doc_id}/" not in tree and f"van-ban/{doc_id}/" in others.split("<h2", 1)[0], doc_id
    assert "van-ban/lai-chau-903-kh-tu-2024/" in tree  # under a central decision under the Directive
    plan = read_page(site, "van-ban/kien-giang-906-kh-ubnd-2021")
    notice = plan.split('class="outside-tree"', 1)[1].split("</p>", 1)[0]
    assert "không thuộc cây thực hiện" in notice and 'href="../trung-uong-28-ct-tw-2023/"' in notice
    assert 'href="../trung-uong-905-qd-ttg-2021/"' in notice
    assert 'class="outside-tree"' not in read_page(site, "van-ban/lai-chau-903-kh-tu-2024")


def test_a_jointly_issued_document_names_every_issuer_with_its_type(grown):
    corpus, site = grown
    created = (corpus / "documents" / "lai-chau-907-qcph-ubnd-mttq-2024.yaml").read_text(encoding="utf-8")
    assert "type: coordination-rules" in created and "line: front" in created
    page = read_page(site, "van-ban/lai-chau-907-qcph-ubnd-mttq-2024")
    both = "Ủy ban nhân dân tỉnh Lai Châu; Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lai Châu"
    assert both in page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Quy chế phối hợp 907/QCPH-UBND-MTTQ" in page
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert [issuer["name"] for issuer in jsonld["legislationPassedBy"]] == both.split("; ")
    assert both in read_page(site, "dia-phuong/lai-chau")


def test_a_document_whose_number_is_unknown_says_so_everywhere_and_claims_no_number(grown):
    corpus, site = grown
    created = (corpus / "documents" / "tam-duong-ke-hoach-2024-12-01.yaml").read_text(encoding="utf-8")
    assert "number: null" in created
    page = read_page(site, "van-ban/tam-duong-ke-hoach-2024-12-01")
    assert "Kế hoạch (chưa rõ số)" in page.split("</title>", 1)[0]
    assert '<em class="unknown">chưa rõ số</em>' in page
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert "legislationIdentifier" not in jsonld
    assert "Kế hoạch (chưa rõ số)" in read_page(site, "dia-phuong/tam-duong")
    record = next(d for d in open_data(site)["documents"] if d["id"] == "tam-duong-ke-hoach-2024-12-01")
    assert record["number"] is None


# --- The rules of truthful display, as properties of the real corpus (their cases: tests/test_truthful_display.py)


def test_no_page_or_data_file_of_the_grown_site_holds_raw_marks(grown):
    assert not raw_marks(grown[1])


def test_every_uncertain_reading_of_the_grown_corpus_is_marked_at_its_word(grown):
    corpus, site = grown
    missing, _ = unmarked_readings(site, load_valid_corpus(corpus).corpus)
    assert not missing


def test_every_inferred_number_of_the_grown_corpus_is_marked_wherever_it_is_shown(grown):
    corpus, site = grown
    for document in load_valid_corpus(corpus).corpus.documents.values():
        if document.is_inferred("number"):
            assert not site_unmarked(site, document.number), document.id


def test_the_grown_corpus_follows_the_label_and_heading_rules(grown):
    corpus, site = grown
    for document in load_valid_corpus(corpus).corpus.documents.values():
        if document.has_full_text:
            page = read_page(site, page_path(Paths.document(document.id)))
            check_labels_and_headings(document.id, page, heading_ids(page), document.body, 0, "")
