"""Citations are resolved mention by mention: document numbers repeat across localities and party terms."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from conftest import REPO, build_site, read_page

from plansite.analysis.graph import build_graph
from plansite.corpus.check import load_valid_corpus


def page_text(site: Path, url_path: str) -> str:
    """A page's text as read: tags out, entities as characters, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", read_page(site, url_path))).split()).replace(" ;", ";").replace(" .", ".")


def plan(doc_id, number, issuer, level, locality, date, parent, text=None):
    body = ""
    provenance = "provenance:\n  method: metadata-only\n"
    if text:
        body = f"body:\n  - id: p1\n    text: \"{text}\"\n"
        provenance = f"provenance:\n  method: clean-text\n  source_file: {doc_id}.txt\n"
    return (f"id: {doc_id}\nnumber: {number}\ntype: plan\ntitle: thực hiện Chỉ thị\ndate: {date}\n"
            f"issuer:\n  name: {issuer}\n  line: party\n  level: {level}\n  locality: {locality}\n"
            f"implements:\n  - {parent}\n{body}{provenance}")


def test_the_same_number_in_two_localities_links_each_mention_to_the_right_plan(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", corpus)
    documents = {
        "lai-chau-7-kh-tu-2024": plan("lai-chau-7-kh-tu-2024", "7-KH/TU", "Ban Thường vụ Tỉnh ủy Lai Châu", "province", "lai-chau", "2024-03-01", "trung-uong-28-ct-tw-2023"),
        "tam-duong-7-kh-tu-2024": plan("tam-duong-7-kh-tu-2024", "7-KH/TU", "Ban Thường vụ Huyện ủy Tam Đường", "district", "tam-duong", "2024-04-01", "trung-uong-28-ct-tw-2023"),
        # Cites its own parent without a date: the chain decides.
        "tam-duong-8-kh-hu-2024": plan("tam-duong-8-kh-hu-2024", "8-KH/HU", "Ban Thường vụ Huyện ủy Tam Đường", "district", "tam-duong", "2024-05-01", "tam-duong-7-kh-tu-2024", "Thực hiện Kế hoạch số 7-KH/TU của Ban Thường vụ."),
        # Cites the provincial plan with its date, from another chain: the date decides.
        "tam-duong-9-kh-hu-2024": plan("tam-duong-9-kh-hu-2024", "9-KH/HU", "Ban Thường vụ Huyện ủy Tam Đường", "district", "tam-duong", "2024-05-02", "trung-uong-28-ct-tw-2023", "Căn cứ Kế hoạch số 7-KH/TU ngày 01/3/2024 của Ban Thường vụ Tỉnh ủy."),
    }
    for doc_id, text in documents.items():
        (corpus / "documents" / f"{doc_id}.yaml").write_text(text, encoding="utf-8")
        (corpus / "sources" / f"{doc_id}.txt").write_text("nguồn", encoding="utf-8")
    graph = build_graph(load_valid_corpus(Path(corpus)).corpus)

    def cited_from(doc_id):
        document = graph.document(doc_id)
        return [entry.target.id if entry.target else None for _, entry in graph.citations_in(document, document.body[0])]

    assert cited_from("tam-duong-8-kh-hu-2024") == ["tam-duong-7-kh-tu-2024"]
    assert cited_from("tam-duong-9-kh-hu-2024") == ["lai-chau-7-kh-tu-2024"]
    assert graph.cited_by_target["tam-duong-7-kh-tu-2024"] is not graph.cited_by_target["lai-chau-7-kh-tu-2024"]


def test_a_registered_law_named_in_a_paragraph_or_by_hand_under_another_spelling_is_one_entry(tmp_path):
    """The graph finds the laws of corpus/laws.yaml whole; a `cites` name written in another spelling of the same
    law (an alias, other capital letters) joins the same entry, named by the registry."""
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", corpus)
    plan_file = corpus / "documents" / "lai-chau-9-kh-ubnd-2024.yaml"
    text = plan_file.read_text(encoding="utf-8")
    text = text.replace("text: Chủ trì chăm sóc sức khỏe trẻ em.\n", "text: Theo Luật Hôn nhân và Gia đình, Chủ trì chăm sóc sức khỏe trẻ em.\n", 1)
    plan_file.write_text(text + "cites:\n  - name: luật hôn nhân và gia đình\n    node: i-1\n", encoding="utf-8")

    def cited(laws: str | None):
        if laws is not None:
            (corpus / "laws.yaml").write_text(laws, encoding="utf-8")
        graph = build_graph(load_valid_corpus(corpus).corpus)
        return {key: (entry.label, [mention.node.id for mention in entry.mentions]) for key, entry in graph.cited.items() if "hon-nhan" in key}

    # Without the registry: the general rule stops at `và`, and the hand-written name is its own entry.
    assert cited(None) == {"luat-hon-nhan": ("Luật Hôn nhân", ["i-1-p1"]),
                           "luat-hon-nhan-va-gia-dinh": ("luật hôn nhân và gia đình", ["i-1"])}
    registry = "laws:\n  - name: Luật Hôn nhân và gia đình\n    aliases: [Luật Hôn nhân và Gia đình]\n"
    assert cited(registry) == {"luat-hon-nhan-va-gia-dinh": ("Luật Hôn nhân và gia đình", ["i-1", "i-1-p1"])}


def test_a_number_without_its_year_that_the_corpus_does_not_hold_names_one_document_only_with_its_date(tmp_path):
    """Numbers without their year restart with each issuer and year: two communes' `15/KH-UBND`, printed with two
    dates, are two documents, and the one a plan cites without a date may be either. A number with its year is
    one document however its mentions print the date; the same date printed two ways is one date."""
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", corpus)
    cites = {
        "lai-chau-7-kh-tu-2024": "Căn cứ Kế hoạch số 15/KH-UBND ngày 01/3/2024 của Ủy ban nhân dân xã; Quyết định số 496/QĐ-TTg ngày 30/3/2021 về dân số; Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 về trẻ em.",
        "tam-duong-7-kh-tu-2024": "Căn cứ Kế hoạch số 15/KH-UBND ngày 05/6/2024 của Ủy ban nhân dân huyện; Quyết định số 496/QĐ-TTg ngày 30/03/2021 về dân số; Nghị định số 56/2017/NĐ-CP về trẻ em.",
        # No date, and a date that is no day: neither tells which 15/KH-UBND.
        "tam-duong-8-kh-hu-2024": "Thực hiện Kế hoạch số 15/KH-UBND ngày 31/02/2024 của Ủy ban nhân dân; Kế hoạch số 15/KH-UBND của huyện.",
    }
    issuers = {"lai-chau-7-kh-tu-2024": ("7-KH/TU", "Ban Thường vụ Tỉnh ủy Lai Châu", "province", "lai-chau"),
               "tam-duong-7-kh-tu-2024": ("7-KH/TU", "Ban Thường vụ Huyện ủy Tam Đường", "district", "tam-duong"),
               "tam-duong-8-kh-hu-2024": ("8-KH/HU", "Ban Thường vụ Huyện ủy Tam Đường", "district", "tam-duong")}
    for doc_id, text in cites.items():
        (corpus / "documents" / f"{doc_id}.yaml").write_text(
            plan(doc_id, *issuers[doc_id], "2024-06-10", "trung-uong-28-ct-tw-2023", text), encoding="utf-8")
        (corpus / "sources" / f"{doc_id}.txt").write_text("nguồn", encoding="utf-8")
    graph = build_graph(load_valid_corpus(Path(corpus)).corpus)
    entries = {entry.key: entry for entry in graph.cited.values() if entry.target is None}
    assert {key: (entry.title, entry.date) for key, entry in entries.items() if entry.number} == {
        "15-kh-ubnd-2024-03-01": ("Kế hoạch 15/KH-UBND ngày 01/03/2024", "01/03/2024"),
        "15-kh-ubnd-2024-06-05": ("Kế hoạch 15/KH-UBND ngày 05/06/2024", "05/06/2024"),
        "15-kh-ubnd": ("Kế hoạch 15/KH-UBND (không rõ ngày)", ""),
        "496-qd-ttg-2021-03-30": ("Quyết định 496/QĐ-TTg ngày 30/03/2021", "30/03/2021"),
        "56-2017-nd-cp": ("Nghị định 56/2017/NĐ-CP", "09/05/2017"),
    }
    assert [len(entries[key].citing_documents) for key in ("496-qd-ttg-2021-03-30", "56-2017-nd-cp", "15-kh-ubnd")] == [2, 2, 1]
    assert sorted(other.key for other in entries["15-kh-ubnd"].namesakes) == ["15-kh-ubnd-2024-03-01", "15-kh-ubnd-2024-06-05"]
    assert entries["56-2017-nd-cp"].namesakes == []

    # What a reader sees: each entry's page names it by its date, or says none is printed, and links the others.
    site = tmp_path / "site"
    result = build_site(site, corpus=corpus, search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    undated = page_text(site, "trich-dan/15-kh-ubnd")
    assert "Kế hoạch 15/KH-UBND (không rõ ngày)" in undated
    assert "không ghi ngày ban hành bên cạnh số hiệu, nên có thể là những văn bản khác nhau" in undated
    assert "Cùng số hiệu: Kế hoạch 15/KH-UBND ngày 01/03/2024; Kế hoạch 15/KH-UBND ngày 05/06/2024." in undated
    dated = page_text(site, "trich-dan/15-kh-ubnd-2024-03-01")
    assert "trang này gom những lần viện dẫn số hiệu này kèm ngày 01/03/2024" in dated
    index = page_text(site, "trich-dan")
    assert "30/3/2021" not in index and "30/03/2021" in index


def test_a_province_s_plan_cited_with_its_date_and_without_is_one_plan_on_the_coverage_map(tmp_path):
    """Two entries (graph.cited_key) but one plan: the map counts the dated one once."""
    from plansite.analysis.coverage import cited_plans

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", corpus)
    cites = {"tam-duong-7-kh-hu-2024": "Thực hiện Kế hoạch số 12-KH/TU ngày 01/3/2024 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 28-CT/TW.",
             "tam-duong-8-kh-hu-2024": "Thực hiện Kế hoạch số 12-KH/TU của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 28-CT/TW."}
    for doc_id, text in cites.items():
        number = doc_id.split("-")[2] + "-KH/HU"
        (corpus / "documents" / f"{doc_id}.yaml").write_text(
            plan(doc_id, number, "Ban Thường vụ Huyện ủy Tam Đường", "district", "tam-duong", "2024-06-10", "trung-uong-28-ct-tw-2023", text),
            encoding="utf-8")
        (corpus / "sources" / f"{doc_id}.txt").write_text("nguồn", encoding="utf-8")
    loaded = load_valid_corpus(Path(corpus)).corpus
    graph = build_graph(loaded)
    provinces = [unit for unit in loaded.localities.values() if unit.level == "province"]
    found = list(cited_plans(loaded, graph, loaded.documents["trung-uong-28-ct-tw-2023"], provinces))
    assert [(province.id, line, evidence.cited.title) for province, line, evidence in found] == [
        ("lai-chau", "party", "Kế hoạch 12-KH/TU ngày 01/03/2024")]
