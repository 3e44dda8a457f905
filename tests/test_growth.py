"""Adding valid documents never breaks the site: the real corpus grows by plans of several kinds, entered the
way a maintainer enters them (the scaffold), and the site built from it keeps its promises. Nothing here knows
what the real corpus holds beyond the ids the new plans hang from."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from conftest import REPO, build_site, read_data, read_page
from test_coverage import csv_facts, map_facts, provinces, table_facts
from test_site import broken_links
from test_targets import shown_years
from test_truthful_display import check_labels_and_headings, heading_ids, page_path, raw_marks, site_unmarked, unmarked_readings

from plansite.corpus.check import load_valid_corpus
from plansite.render.pages.coverage import layout
from plansite.render.urls import Paths

TITLE = "Thực hiện công tác chăm sóc, giáo dục và bảo vệ trẻ em"
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
    # Known from a newspaper's summary only: shown as the newspaper's words, never as the plan's.
    (["--number", "908/KH-UBND", "--issuer", "Ủy ban nhân dân huyện Tam Đường", "--date", "2024-10-01",
      "--locality", "tam-duong", "--parent", "lai-chau-48-ctr-tu-2024", "--summary", "{summary}",
      "--summary-source", "Báo Lai Châu", "--summary-title", "Tam Đường triển khai kế hoạch bảo vệ trẻ em",
      "--summary-date", "2024-10-05", "--summary-url", "https://baolaichau.vn/tam-duong-bao-ve-tre-em"], False),
    # Metadata only, with the tasks a news item reports (the maintainer adds them with `origin`, as CONTRIBUTING says).
    (["--number", "909/KH-UBND", "--issuer", "Ủy ban nhân dân tỉnh Lai Châu", "--date", "2024-11-04",
      "--locality", "lai-chau", "--parent", "lai-chau-48-ctr-tu-2024", "--metadata-only",
      "--summary-source", "Cổng thông tin điện tử tỉnh Lai Châu", "--summary-title", "Lai Châu giao nhiệm vụ chăm sóc trẻ em",
      "--summary-date", "2024-11"], False),
]
SUMMARY_TEXT = """Ngày 01/10/2024, Ủy ban nhân dân huyện Tam Đường ban hành kế hoạch về chăm sóc, giáo dục và bảo vệ trẻ em.
Theo kế hoạch, huyện phấn đấu đến năm 2025 có 100% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.
"""
# What a maintainer writes by hand after the scaffold, following CONTRIBUTING: extracts that point at a source.
FROM_SOURCES = {
    "tam-duong-908-kh-ubnd-2024": ("targets: []", """targets:
  - {indicator: Tỷ lệ trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế, comparator: "=", value: 100, unit: "%", year: 2025, origin: bao-lai-chau}"""),
    "lai-chau-909-kh-ubnd-2024": ("responsibilities: []", """responsibilities:
  - {agency: so-y-te, role: lead, task: Khám sức khỏe định kỳ cho trẻ em dưới 6 tuổi, origin: cong-thong-tin-dien-tu-tinh-lai-chau,
     when: {kind: date, date: "2025-09", text: trong tháng 9/2025}}
  - {agency: so-giao-duc-va-dao-tao, role: support, task: "Tuyên truyền phòng, chống xâm hại trẻ em trong trường học", origin: cong-thong-tin-dien-tu-tinh-lai-chau}"""),
}
NEW_IDS = ["tam-duong-901-kh-ubnd-2024", "tam-duong-901-kh-ubnd-2025", "trung-uong-902-qd-ttg-2024",
           "lai-chau-903-kh-tu-2024", "can-tho-904-kh-ubnd-2024", "lai-chau-907-qcph-ubnd-mttq-2024", "tam-duong-ke-hoach-2024-12-01",
           "trung-uong-905-qd-ttg-2021",
           "kien-giang-906-kh-ubnd-2021", "tam-duong-908-kh-ubnd-2024", "lai-chau-909-kh-ubnd-2024"]
OUTSIDE = ["trung-uong-905-qd-ttg-2021", "kien-giang-906-kh-ubnd-2021"]


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """(corpus, site): the real corpus with the new documents, and its site built without the search index."""
    root = tmp_path_factory.mktemp("grown")
    corpus = root / "corpus"
    subprocess.run(["cp", "-r", str(REPO / "corpus"), str(corpus)], check=True)
    text, source = root / "toan-van.txt", root / "ban-goc.txt"
    text.write_text(PLAN_TEXT, encoding="utf-8")
    source.write_text(f"KẾ HOẠCH\n{TITLE}\n{PLAN_TEXT}", encoding="utf-8")  # the document as published
    summary = root / "tom-tat.txt"
    summary.write_text(SUMMARY_TEXT, encoding="utf-8")
    for flags, full_text in NEW_DOCUMENTS:
        extra = ["--text", str(text), "--source", str(source)] if full_text else []
        flags = [str(summary) if flag == "{summary}" else flag for flag in flags]
        result = subprocess.run([sys.executable, "scripts/new_plan.py", "--corpus", str(corpus), *flags,
                                 "--title", TITLE, *extra],
                                cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    for doc_id, (empty, written) in FROM_SOURCES.items():
        path = corpus / "documents" / f"{doc_id}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(empty, written, 1), encoding="utf-8")
    site = root / "site"
    result = build_site(site, corpus, env={"PLANSITE_SEARCH_COPIES": str(root / "search-copies")})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return corpus, site


def open_data(site: Path) -> dict:
    return json.loads(read_data(site, "du-lieu/corpus.json.xz"))


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
    kinds = [row["content"] for row in csv_rows(site, "van-ban.csv.zip")]
    assert len(kinds) == len(data)
    # The JSON says each document's kind too, the same as the CSV, whether or not its file writes `content`.
    assert [d["content"] for d in data] == kinds
    assert int(figures["Có toàn văn"]) == kinds.count("full-text")
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
    rows = csv_rows(site, "van-ban.csv.zip")
    assert {r["id"] for r in rows if r["directive_tree"] == "no"} == set(re.findall(r'van-ban/([a-z0-9-]+)/"', others.split("<h2", 1)[0]))
    assert {row["id"]: row["directive_tree"] for row in rows if row["id"] in OUTSIDE + ["lai-chau-903-kh-tu-2024"]} == \
        {"trung-uong-905-qd-ttg-2021": "no", "kien-giang-906-kh-ubnd-2021": "no", "lai-chau-903-kh-tu-2024": "yes"}
    assert_counted_as(site, "kien-giang-906-kh-ubnd-2021", "full-text")


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
    row = document_row(site, "lai-chau-907-qcph-ubnd-mttq-2024")
    assert (row["issuer"], row["type"], row["number"]) == (both, "Quy chế phối hợp", "907/QCPH-UBND-MTTQ")
    assert facet_count(site, "Quy chế phối hợp") == sum(1 for r in csv_rows(site, "van-ban.csv.zip") if r["type"] == "Quy chế phối hợp")
    assert_counted_as(site, "lai-chau-907-qcph-ubnd-mttq-2024", "metadata-only")


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
    assert document_row(site, "tam-duong-ke-hoach-2024-12-01")["number"] == "chưa rõ số"
    assert facet_count(site, "Kế hoạch") == sum(1 for r in csv_rows(site, "van-ban.csv.zip") if r["type"] == "Kế hoạch")
    assert_counted_as(site, "tam-duong-ke-hoach-2024-12-01", "metadata-only")


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


def test_no_target_of_the_grown_corpus_shows_a_year_its_paragraph_does_not_print(grown):
    """On its document's page, on the targets page and in chi-tieu.csv (a corpus with no target shows none)."""
    wrong = shown_years(grown[1])
    assert wrong in ([], ["no target seen"]), wrong


def test_the_grown_corpus_follows_the_label_and_heading_rules(grown):
    corpus, site = grown
    for document in load_valid_corpus(corpus).corpus.documents.values():
        if document.has_full_text:
            page = read_page(site, page_path(Paths.document(document.id)))
            check_labels_and_headings(document.id, page, heading_ids(page), document.body, 0, "")


def csv_rows(site: Path, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(read_data(site, f"du-lieu/{name}"))))


def document_row(site: Path, doc_id: str) -> dict:
    return next(row for row in csv_rows(site, "van-ban.csv.zip") if row["id"] == doc_id)


def visible_text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def jsonld_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def facet_count(site: Path, label: str) -> int:
    """The count the documents index gives beside a facet ("Trung ương (3)")."""
    return int(re.search(rf">{re.escape(label)}</a> \(([0-9.]+)\)", read_page(site, "van-ban")).group(1).replace(".", ""))


def assert_counted_as(site: Path, doc_id: str, kind: str) -> None:
    """The document's row says its content kind, and the home and data pages count each kind as the CSV does."""
    assert document_row(site, doc_id)["content"] == kind
    kinds = [row["content"] for row in csv_rows(site, "van-ban.csv.zip")]
    expected = f"{kinds.count('full-text')} văn bản có toàn văn, {kinds.count('summary')} chỉ có tóm tắt, " \
               f"{kinds.count('metadata-only')} chỉ có thông tin mô tả"
    for page in ("", "du-lieu"):
        assert expected in visible_text(read_page(site, page)), page


def listed_with_mark(page: str, doc_id: str, mark: str) -> bool:
    """The document's link in a list or tree, followed by what the corpus holds of it."""
    return re.search(rf'{doc_id}/">[^<]*</a> (<span class="content-mark">)?{re.escape(mark)}', page) is not None


def test_a_summary_is_shown_counted_and_exported_as_someone_elses_words(grown):
    corpus, site = grown
    doc_id = "tam-duong-908-kh-ubnd-2024"
    created = (corpus / "documents" / f"{doc_id}.yaml").read_text(encoding="utf-8")
    assert "content: summary" in created and "author: Báo Lai Châu" in created and "\nbody:" not in created
    page = read_page(site, f"van-ban/{doc_id}")
    text = visible_text(page)
    assert "(chỉ có tóm tắt)" in page.split("</title>", 1)[0]
    assert "Kho chưa có toàn văn văn bản này. Trang chỉ có tóm tắt của Báo Lai Châu (05/10/2024): lời của người viết tóm tắt, không phải lời văn bản." in text
    assert "Toàn văn Chưa có trong kho : trang này chỉ có tóm tắt của Báo Lai Châu, không phải lời văn bản" in text
    assert 'id="toan-van"' not in page and 'class="plan-text"' not in page
    quoted = page.split('<blockquote class="summary">', 1)[1].split("</blockquote>", 1)[0]
    assert "100% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế" in quoted
    assert '<p id="tom-tat-p2">' in quoted
    # Search calls each of its paragraphs by this label (docs/assets/pagefind-text/passages.js): the summary's.
    searched = read_page(site.parent / "search-copies", f"van-ban/{doc_id}")
    assert '<span class="node-label" id="tom-tat-p2" aria-hidden="true" data-pagefind-weight="0">Tóm tắt của Báo Lai Châu, không phải lời văn bản ¶2</span>' in searched
    assert '<span data-pagefind-filter="Toàn văn">Chỉ có tóm tắt</span>' in searched
    targets = page.split('id="chi-tieu"', 1)[1].split("</table>", 1)[0]
    assert '<a href="#nguon_bao-lai-chau">theo Báo Lai Châu, 05/10/2024</a>' in targets
    assert '<li id="nguon_bao-lai-chau">Báo Lai Châu: «Tam Đường triển khai kế hoạch bảo vệ trẻ em», 05/10/2024, <a href="https://baolaichau.vn/tam-duong-bao-ve-tre-em"' in page
    jsonld = jsonld_of(page)
    assert jsonld["additionalProperty"]["value"] == "summary" and "text" not in jsonld
    assert "thẻ bảo hiểm y tế" not in json.dumps(jsonld, ensure_ascii=False)
    assert jsonld["subjectOf"]["author"]["name"] == "Báo Lai Châu"
    for listing in ("dia-phuong/tam-duong", "van-ban", ""):
        assert listed_with_mark(read_page(site, listing), doc_id, "(chỉ có tóm tắt)"), listing
    assert_counted_as(site, doc_id, "summary")
    row = document_row(site, doc_id)
    assert row["summary_source"] == "Báo Lai Châu, «Tam Đường triển khai kế hoạch bảo vệ trẻ em», 05/10/2024, https://baolaichau.vn/tam-duong-bao-ve-tre-em"
    [target] = [r for r in csv_rows(site, "chi-tieu.csv.zip") if r["document_id"] == doc_id]
    assert target["node"] == "" and target["document_content"] == "summary" and target["origin"].startswith("Báo Lai Châu, «")
    # Its target names a year only: the calendar lists it among the deadlines known to their year, with the mark.
    years = read_page(site, "lich").split('id="chi-ghi-nam"', 1)[1]
    assert re.search(rf'{doc_id}/[^"]*">Kế hoạch 908/KH-UBND \(chỉ có tóm tắt\)</a>', years)


def test_tasks_known_from_a_news_item_say_so_on_every_page_and_in_the_csv(grown):
    _, site = grown
    doc_id, source = "lai-chau-909-kh-ubnd-2024", "nguon_cong-thong-tin-dien-tu-tinh-lai-chau"
    page = read_page(site, f"van-ban/{doc_id}")
    text = visible_text(page)
    assert "Kho chưa có toàn văn văn bản này : trang chỉ có thông tin mô tả, và những gì Cổng thông tin điện tử tỉnh Lai Châu cho biết về nó." in text
    assert "(chỉ có thông tin mô tả)" in page.split("</title>", 1)[0]
    tasks = page.split('id="nhiem-vu"', 1)[1].split("</table>", 1)[0]
    assert tasks.count(f'<a href="#{source}">theo Cổng thông tin điện tử tỉnh Lai Châu, tháng 11/2024</a>') == 2
    assert f'id="{source}"' in page and 'id="toan-van"' not in page
    assert jsonld_of(page)["additionalProperty"]["value"] == "metadata-only"
    agency = read_page(site, "co-quan/so-y-te")
    assert (f'href="../../van-ban/{doc_id}/#{source}">Kế hoạch 909/KH-UBND, theo Cổng thông tin điện tử tỉnh Lai Châu, '
            'tháng 11/2024</a> (chỉ có thông tin mô tả)') in agency
    assert listed_with_mark(read_page(site, "dia-phuong/lai-chau"), doc_id, "(chỉ có thông tin mô tả)")
    assert_counted_as(site, doc_id, "metadata-only")
    # The counts say how many tasks a source, not a plan's text, gives (909's two tasks and 908's target).
    assert re.search(r"\d+ nhiệm vụ \(trong đó 1 do nguồn khác cho biết, không phải lời văn bản\) trong các kế hoạch", visible_text(agency))
    from_sources = sum(1 for row in csv_rows(site, "nhiem-vu.csv.zip") + csv_rows(site, "chi-tieu.csv.zip") if row["origin"])
    assert from_sources == 3
    assert f"Trong các nhiệm vụ và chỉ tiêu, {from_sources} do nguồn khác (tin bài, tóm tắt) cho biết" in visible_text(read_page(site, ""))
    figures = dict(re.findall(r'<td class="num" data-label="([^"]+)">([0-9.]+)</td>', read_page(site, "")))
    assert int(figures["Nhiệm vụ"].replace(".", "")) == len(csv_rows(site, "nhiem-vu.csv.zip"))
    rows = [row for row in csv_rows(site, "nhiem-vu.csv.zip") if row["document_id"] == doc_id]
    assert [row["agency_id"] for row in rows] == ["so-y-te", "so-giao-duc-va-dao-tao"]
    for row in rows:
        assert row["node"] == "" and row["document_content"] == "metadata-only"
        assert row["origin"] == "Cổng thông tin điện tử tỉnh Lai Châu, «Lai Châu giao nhiệm vụ chăm sóc trẻ em», tháng 11/2024"
        assert row["url"] == f"van-ban/{doc_id}/#{source}"
    # The calendar's feed: the plan is known by its metadata, and the deadline's words are the news item's.
    [event] = [e for e in icalendar.Calendar.from_ical((site / "lich/co-quan/so-y-te.ics").read_bytes()).walk("VEVENT")
               if "909/KH-UBND" in str(e["SUMMARY"])]
    assert str(event["SUMMARY"]) == "Kế hoạch 909/KH-UBND (chỉ có thông tin mô tả): Sở Y tế — trong tháng 9/2025"
    assert "Thời hạn như nguồn ghi: trong tháng 9/2025" in str(event["DESCRIPTION"])
    month = visible_text(read_page(site, "lich/2025-09"))
    assert "trong tháng 9/2025 (như nguồn ghi)" in month


def test_a_national_document_is_shown_counted_and_exported_with_no_locality(grown):
    _, site = grown
    doc_id = "trung-uong-902-qd-ttg-2024"
    page = read_page(site, f"van-ban/{doc_id}")
    card = page.split('<table class="doc-card">', 1)[1].split("</table>", 1)[0]
    assert "<th>Khối, cấp</th><td>Nhà nước, Trung ương</td>" in card and "<th>Địa phương</th>" not in card
    assert jsonld_of(page)["legislationJurisdiction"] == "Trung ương" and "spatialCoverage" not in jsonld_of(page)
    assert listed_with_mark(read_page(site, "van-ban/cap-central"), doc_id, "(chỉ có thông tin mô tả)")
    row = document_row(site, doc_id)
    assert (row["level"], row["locality_id"], row["directive_tree"]) == ("central", "", "yes")
    assert facet_count(site, "Trung ương") == sum(1 for r in csv_rows(site, "van-ban.csv.zip") if r["level"] == "central")
    assert_counted_as(site, doc_id, "metadata-only")


def test_the_coverage_map_has_one_tile_per_province_of_the_registry_in_each_view_and_agrees_with_its_table_and_csv(grown):
    corpus, site = grown
    page = read_page(site, "ban-do")
    drawn = map_facts(page)
    assert drawn == table_facts(page) == csv_facts((site / "du-lieu" / "ban-do-tinh.csv").read_text(encoding="utf-8"))
    assert page.count('class="coverage-tile"') == len(drawn)
    placed = layout()  # the layout file places every province of the registry: none falls to the row below the map
    for view, key in (("63", "former"), ("34", "current")):
        registry = provinces(corpus, view)
        assert sorted(province for v, province in drawn if v == view) == sorted(registry)
        assert set(placed[key]) == registry
        assert len({(col, row) for col, row, _ in placed[key].values()}) == len(placed[key])  # no two tiles on one place
