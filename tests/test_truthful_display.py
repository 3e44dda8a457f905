"""What is uncertain or inferred is shown as such, at the place it is shown, on every page and data file.

Content-specific assertions run on the frozen fixture corpus (tests/fixtures/valid/) with the faithful
excerpts of tests/fixtures/display/ added (kept apart so that the other tests' corpus, and their golden
messages, stay as they are), built once for the module; the frozen corpus (the session's `site_dir`) gets the same rules as
properties, and so does the real corpus, in tests/test_growth.py.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import shutil
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import FROZEN, REPO, build_site, column_names, read_data, read_html, read_page, table_rows

from plansite.corpus.check import load_valid_corpus
from plansite.render.urls import Paths
from plansite.text.uncertain import OPENING, PLAIN_MARK, spans

FIXTURE = REPO / "tests" / "fixtures" / "valid"
EXCERPTS = REPO / "tests" / "fixtures" / "display"
# The registry entries the excerpts need beyond the fixture's own, copied from the frozen corpus's registries.
REGISTRY_ENTRIES = {"localities": ["kien-giang", "hai-phong"], "agencies": ["cap-uy-truc-thuoc"]}
MARK = '<span class="uncertain"'
# The data and page files a reader or a program gets (the search index is compressed and built from the pages).
READABLE = (".html", ".csv", ".json", ".xml", ".txt", ".yaml")


def display_corpus(root: Path) -> Path:
    """The fixture corpus with the display excerpts and the registry entries they need, at root/corpus."""
    shutil.copytree(FIXTURE, root / "corpus")
    shutil.copytree(EXCERPTS, root / "corpus", dirs_exist_ok=True)
    for key, ids in REGISTRY_ENTRIES.items():
        real = yaml.safe_load((FROZEN / f"{key}.yaml").read_text(encoding="utf-8"))[key]
        path = root / "corpus" / f"{key}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data[key] += [entry for entry in real if entry["id"] in ids]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root / "corpus"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("display")
    display_corpus(root)
    site = root / "site"
    result = build_site(site, root / "corpus", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def page_path(url_path: str) -> str:
    return url_path.removesuffix("index.md").removesuffix(".md")


def readable_files(site: Path):
    """Every file a reader reads as text, and the parts of pages a page fetches compressed (a pair of plans)."""
    for path in sorted(site.rglob("*")):
        if path.is_file() and (path.suffix in READABLE or path.name.endswith(".html.gz")) and "pagefind" not in path.relative_to(site).parts:
            yield path


def read_text(path: Path) -> str:
    return read_html(path) if path.name.endswith(".html.gz") else path.read_text(encoding="utf-8", errors="replace")


def raw_marks(site: Path) -> list[str]:
    found = []
    for path in readable_files(site):
        text = read_text(path)
        for mark in ("[[", "]]"):
            at = text.find(mark)
            if at >= 0:
                found.append(f"{path.relative_to(site)}: …{text[max(0, at - 60):at + 60]}…")
    return found


def paragraph(page: str, node_id: str) -> str:
    """The HTML of one body paragraph of a document page, by its anchor."""
    match = re.search(rf'<p class="node[^"]*" id="{node_id}">.*?</p>', page, re.S)
    assert match, node_id
    return match.group(0)


def visible(fragment: str) -> str:
    """The text a reader sees in a piece of HTML (tags out, entities decoded)."""
    fragment = re.sub(r"<[^>]+>", "", fragment)
    return html.unescape(fragment)


# --- Uncertain readings ---------------------------------------------------------------------------------------


def test_an_uncertain_reading_in_a_paragraph_is_marked_at_the_word_not_at_the_end(fixture_site):
    page = read_page(fixture_site, page_path(Paths.document("tam-duong-273-kh-hu-2024")))
    text = paragraph(page, "iii-1-p1")
    assert f'<span class="uncertain-reading">tuyên tuyền{MARK}' in text
    assert text.count(MARK) == 1
    shown = visible(text)
    assert "tuyên tuyền(?) sâu rộng" in shown
    assert shown.rstrip().endswith("được tôn trọng.")


def test_uncertain_readings_in_the_signature_and_recipients_are_marked_at_the_word(fixture_site):
    page = read_page(fixture_site, page_path(Paths.document("tam-duong-273-kh-hu-2024")))
    signature = re.search(r'<p class="signature">.*?</p>', page, re.S).group(0)
    recipients = re.search(r'<p class="recipients".*?</p>', page, re.S).group(0)
    assert visible(signature).endswith("PHÓ BÍ THƯCao Trang Trọng(?)")
    assert f'<span class="uncertain-reading">Cao Trang Trọng{MARK}' in signature
    assert "HĐND huyện, Lãnh đạo(?) UBND huyện," in visible(recipients)
    assert recipients.count(MARK) == 1


def test_a_task_quoted_from_a_paragraph_carries_its_uncertain_reading(fixture_site):
    document = read_page(fixture_site, page_path(Paths.document("tam-duong-273-kh-hu-2024")))
    agency = read_page(fixture_site, page_path(Paths.agency("ubnd-cap-huyen")))
    rows = {}
    for name, page in (("document", document), ("agency", agency)):
        (rows[name],) = [row for table in re.findall(r"<table>.*?</table>", page, re.S) if "<th>Nhiệm vụ</th>" in table
                         for row in table_rows(table) if row["Nhiệm vụ"].startswith("Tập trung")]
        assert "chỉ đạo quán triệt, tuyên tuyền(?) sâu rộng" in visible(rows[name]["Nhiệm vụ"])
    # On its own plan's page the task is shown by its opening words, and the row's place links to its paragraph
    # there; the agency's page, which has no other copy of it, shows it whole.
    task = rows["document"]["Nhiệm vụ"]
    assert rows["document"]["Đoạn"].startswith('<a href="#iii-1-p1">')
    assert visible(task).endswith(" …") and len(visible(task)) <= OPENING + len(" (?) …")
    assert visible(rows["agency"]["Nhiệm vụ"]).endswith("chăm sóc, giáo dục và bảo vệ trẻ em")


def test_no_page_or_data_file_of_the_fixture_site_holds_raw_marks(fixture_site):
    assert not raw_marks(fixture_site)


def test_no_page_or_data_file_of_the_frozen_site_holds_raw_marks(site_dir):
    assert not raw_marks(site_dir)


def unmarked_readings(site: Path, corpus) -> tuple[list[tuple[str, str]], int]:
    """(document, reading) of each uncertain reading not marked at its word on its document's page, and how many
    readings were checked."""
    missing, checked = [], 0
    for document in corpus.documents.values():
        texts = [(node.text, node.uncertain) for node, _ in document.nodes()]
        texts += [(line.text, line.uncertain) for line in document.signature + document.recipients]
        page = read_page(site, page_path(Paths.document(document.id)))
        for _, readings in texts:
            for reading in readings:
                if f'<span class="uncertain-reading">{html.escape(reading, quote=False)}{MARK}' not in page:
                    missing.append((document.id, reading))
                checked += 1
    return missing, checked


def test_every_uncertain_reading_of_the_frozen_corpus_is_marked_at_its_word(site_dir):
    missing, checked = unmarked_readings(site_dir, load_valid_corpus(FROZEN).corpus)
    assert not missing
    assert checked >= 5


def quoted_contexts(corpus) -> dict[str, str]:
    """For each uncertain reading of a paragraph, the reading with the words either side of it as the paragraph
    has them, unmarked (`tuyên tuyền sâu`), keyed by that context: only the contexts no other paragraph of the
    corpus holds, so that wherever one is shown it quotes that paragraph."""
    found, texts = {}, []
    for document in corpus.documents.values():
        for node, _ in document.nodes():
            texts.append(node.text)
            for start, end in spans(node.text, node.uncertain):
                before = node.text.rfind(" ", 0, max(start - 1, 0)) + 1 if start else 0
                after = node.text.find(" ", end + 1)
                found[node.text[before:len(node.text) if after < 0 else after]] = node.text[start:end]
    return {context: reading for context, reading in found.items() if sum(context in text for text in texts) == 1}


def shown_texts(site: Path):
    """(where, text) of everything a reader or a program reads as text: each page as seen (scripts aside), each
    table of the open data, each calendar event's title and description; not the corpus files and source texts
    offered as they are (YAML, JSON, nguon/), whose readings stand in their own field."""
    for path in readable_files(site):
        where = str(path.relative_to(site))
        if path.name.endswith((".html", ".html.gz")):
            yield where, visible(re.sub(r"<(script|style)\b.*?</\1>", "", read_text(path), flags=re.S))
        elif path.suffix == ".csv":
            yield where, cells(read_text(path))
    for path in sorted(site.rglob("*.csv.zip")):
        yield str(path.relative_to(site)), cells(read_data(site, str(path.relative_to(site))))
    for path in sorted(site.rglob("*.ics")):
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            yield str(path.relative_to(site)), f"{event['SUMMARY']}\n{event['DESCRIPTION']}"


def cells(table: str) -> str:
    """A CSV table's cells, a line each: a cell's own text, never run into the separators around it."""
    return "\n".join(cell for row in csv.reader(io.StringIO(table.lstrip("\ufeff"))) for cell in row)


def test_every_quote_of_a_paragraph_marks_its_uncertain_reading_wherever_it_is_shown(site_dir):
    # A task, a deadline ("Định kỳ hàng(?) năm", 234/KH-UBND V ¶1), a report line or a target quotes its paragraph's
    # words: the pages, the calendar, its feeds and the open data mark the reading the paragraph marks.
    contexts = quoted_contexts(load_valid_corpus(FROZEN).corpus)
    unmarked, shown = [], set()
    for where, text in shown_texts(site_dir):
        for context in contexts:
            if context in text:
                unmarked.append(f"{where}: {context}")
            reading = contexts[context]
            if context.replace(reading, reading + "(?)", 1) in text or context.replace(reading, reading + PLAIN_MARK, 1) in text:
                shown.add(where.split("/")[0] if "/" in where else where)
    assert not unmarked
    assert {"van-ban", "co-quan", "lich", "du-lieu"} <= shown, shown


# --- Inferred facts ---------------------------------------------------------------------------------------------

INFERRED_DOC = "kien-giang-211-kh-tu-2024"
INFERRED_NUMBER = "211-KH/TU"
# Where a page quotes another document's printed words (234/KH-UBND prints "Kế hoạch số 211-KH/TU ngày 25/4/2024"
# in its title and text), those are the citing plan's words, true as printed; the provenance section is where
# each inference is explained. Everything else is the site's own statement.
QUOTED = [re.compile(r'<div class="plan-text"[^>]*>.*?</div>\n(?=<div class="page-apparatus)', re.S),
          re.compile(r'<p class="doc-title".*?</p>', re.S),
          re.compile(r'<div class="provenance".*?(?=<h2 id="tai-ve")', re.S),
          re.compile(r'<(p|div) class="plan-words"[^>]*>.*?</\1>', re.S)]  # paragraphs quoted on an alignment page


QUOTED_COLUMNS = ("Nhiệm vụ", "Chỉ tiêu")  # tasks and targets, quoted


def without_quoted_cells(text: str) -> str:
    """`text` without the cells of the columns QUOTED_COLUMNS names, in every table that has a header."""
    def table(match: re.Match) -> str:
        if "<thead>" not in match.group(0):
            return match.group(0)
        names = column_names(match.group(0))
        cells = iter([])

        def cell(found: re.Match) -> str:
            return "" if next(cells) in QUOTED_COLUMNS else found.group(0)

        def row(found: re.Match) -> str:
            nonlocal cells
            cells = iter(names)
            return re.sub(r"<td[^>]*>.*?</td>", cell, found.group(0), flags=re.S)

        return re.sub(r"<tr[^>]*>.*?</tr>", row, match.group(0), flags=re.S)

    return re.sub(r"<table[^>]*>.*?</table>", table, text, flags=re.S)


def unmarked_mentions(text: str, number: str, window: int = 80) -> list[str]:
    """Each mention of `number` in `text` with no inferred mark in the `window` characters after it."""
    pattern = re.compile(rf"(?<![\w/-]){re.escape(number)}(?![\w/])")
    return [text[max(0, m.start() - 60):m.end() + window] for m in pattern.finditer(text)
            if "suy luận" not in text[m.end():m.end() + window]]


def site_unmarked(site: Path, number: str) -> list[str]:
    """Every place of the built site (pages outside quoted text, CSV) that shows `number` without its mark."""
    found = []
    for path in readable_files(site):
        text = read_text(path)
        if number not in text:
            continue
        where = str(path.relative_to(site))
        if path.name.endswith((".html", ".html.gz")):
            jsonld = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]
            found += [f"{where}: JSON-LD {item}" for item in jsonld_unmarked(jsonld, number)]
            text = without_quoted_cells(text)
            for pattern in QUOTED:
                text = pattern.sub("", text)
            text = visible(re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S))

        elif path.suffix == ".csv":  # the site's own columns; a task's words are the plan's, quoted
            rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
            text = "\n".join(row.get("document_number", "") for row in rows)
        elif path.suffix in (".json", ".yaml") or path.parent.name == "nguon":
            continue  # the record as read (its provenance.inferred marks the field: test below); the sources
        found += [f"{where}: {mention}" for mention in unmarked_mentions(text, number)]
    return found


def jsonld_unmarked(data: object, number: str) -> list[dict]:
    """The schema.org objects that identify a document by `number` without the mark (its name and identifier;
    a citing plan's own name may quote the number as printed)."""
    found = []
    if isinstance(data, dict):
        identifier = str(data.get("legislationIdentifier", ""))
        if identifier.startswith(number) and ("suy luận" not in identifier or "suy luận" not in data.get("name", "")):
            found.append(data)
        values = data.values()
    else:
        values = data if isinstance(data, list) else []
    for value in values:
        found += jsonld_unmarked(value, number)
    return found


def test_the_inferred_number_is_marked_everywhere_the_site_shows_it(fixture_site):
    assert not site_unmarked(fixture_site, INFERRED_NUMBER)
    assert not site_unmarked(fixture_site, "25/04/2024")


def test_the_inferred_number_and_date_are_marked_in_each_list_tree_and_page(fixture_site):
    mark = f"Kế hoạch {INFERRED_NUMBER} (suy luận)"
    own = read_page(fixture_site, page_path(Paths.document(INFERRED_DOC)))
    assert f"<title>{mark} – Ban Thường vụ Tỉnh ủy Kiên Giang" in own
    assert re.search(rf'<h1 id="top">{re.escape(mark)}<', own)
    pages = {
        "home tree": read_page(fixture_site, ""),
        "documents": read_page(fixture_site, page_path(Paths.documents)),
        "timeline": read_page(fixture_site, page_path(Paths.timeline)),
        "Directive": read_page(fixture_site, page_path(Paths.document("trung-uong-28-ct-tw-2023"))),
        "234/KH-UBND": read_page(fixture_site, page_path(Paths.document("kien-giang-234-kh-ubnd-2024"))),
        "province": read_page(fixture_site, page_path(Paths.locality("kien-giang"))),
    }
    for name, page in pages.items():
        shown = visible(page)
        assert mark in shown, name
        if name != "Directive":  # the Directive's page lists its children by issuer, date and locality
            assert "25/04/2024 (suy luận)" in shown or name == "234/KH-UBND", name
    timeline = visible(pages["timeline"])
    assert "89 ngày (suy luận)" in timeline  # 234/KH-UBND (23/07/2024) after 211-KH/TU (25/04/2024, inferred)
    assert "ban hành sau 89 ngày (suy luận)" in visible(pages["234/KH-UBND"])
    assert "Ban Thường vụ Tỉnh ủy Kiên Giang, 25/04/2024 (suy luận)" in visible(pages["234/KH-UBND"])


def test_the_inferred_number_is_marked_in_json_ld_and_csv_and_described_in_the_json(fixture_site):
    own = read_page(fixture_site, page_path(Paths.document(INFERRED_DOC)))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', own, re.S).group(1))
    assert data["legislationIdentifier"] == f"{INFERRED_NUMBER} (suy luận)"
    assert "legislationDate" not in data  # an inferred date is not given as the document's date
    citing = read_page(fixture_site, page_path(Paths.document("kien-giang-234-kh-ubnd-2024")))
    applies = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', citing, re.S).group(1))["legislationApplies"]
    assert applies[0]["legislationIdentifier"] == f"{INFERRED_NUMBER} (suy luận)"
    rows = list(csv.DictReader(io.StringIO(read_data(fixture_site, Paths.tasks_csv))))
    row = next(row for row in rows if row["document_id"] == INFERRED_DOC)
    assert row["document_number"] == f"{INFERRED_NUMBER} (suy luận)" and row["document_date"] == "2024-04-25 (suy luận)"
    corpus = json.loads(read_data(fixture_site, Paths.corpus_json))
    record = next(d for d in corpus["documents"] if d["id"] == INFERRED_DOC)
    assert {item["field"] for item in record["provenance"]["inferred"]} >= {"number", "date"}


@pytest.fixture(scope="module")
def inferred_issuer_site(tmp_path_factory) -> Path:
    """The display fixture's site with 211-KH/TU's issuer, place of issue, signer's position and capacity also
    inferred (a made-up case: the place is written in for it), and 365-KH/TU without its date."""
    root = tmp_path_factory.mktemp("inferred-issuer")
    path = display_corpus(root) / "documents" / f"{INFERRED_DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    more = "".join(f"    - field: {field}\n      reason: Bản nguồn mất phần này; suy ra từ văn bản khác.\n"
                   for field in ("issuer.name", "place", "signer.position", "signer.capacity"))
    text = text.replace("  inferred:\n", "  inferred:\n" + more, 1).replace("\nissuer:\n", "\nplace: Kiên Giang\nissuer:\n", 1)
    path.write_text(text, encoding="utf-8")
    undated = path.parent / "hai-phong-365-kh-tu-2024.yaml"  # and a plan whose date the corpus does not know
    undated.write_text(undated.read_text(encoding="utf-8").replace("\ndate: 2024-05-31\n", "\n", 1), encoding="utf-8")
    site = root / "site"
    result = build_site(site, root / "corpus", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_an_inferred_issuer_and_signer_are_marked_on_the_card_and_wherever_the_issuer_is_named(inferred_issuer_site):
    site, issuer = inferred_issuer_site, "Ban Thường vụ Tỉnh ủy Kiên Giang (suy luận)"
    page = read_page(site, page_path(Paths.document(INFERRED_DOC)))
    card = visible(page.split('<table class="doc-card">', 1)[1].split("</table>", 1)[0])
    assert f"Cơ quan ban hành{issuer}" in card
    assert "Mai Văn Huỳnh, Phó Bí thư Thường trực (suy luận) (T/M Ban Thường vụ (suy luận))" in card
    assert ", tại Kiên Giang (suy luận)" in card
    assert issuer in html.unescape(re.search(r"<title>([^<]*)</title>", page).group(1))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["legislationPassedBy"]["name"] == issuer  # one issuer: one object
    assert next(row for row in csv.DictReader(io.StringIO(read_data(site, Paths.documents_csv)))
                if row["id"] == INFERRED_DOC)["issuer"] == issuer
    tasks = [row for row in csv.DictReader(io.StringIO(read_data(site, Paths.tasks_csv))) if row["document_id"] == INFERRED_DOC]
    assert tasks and all(row["issuer"] == issuer for row in tasks)
    listed = [row for row in table_rows(read_page(site, "van-ban")) if INFERRED_DOC in "".join(row.values())]
    assert listed and all(visible(row["Cơ quan ban hành"]) == issuer for row in listed)


def test_the_year_lists_count_inferred_dates_apart_and_list_the_undated_documents(inferred_issuer_site):
    index = visible(read_page(inferred_issuer_site, "van-ban"))
    dated = [d for d in load_valid_corpus(inferred_issuer_site.parent / "corpus").corpus.documents.values() if d.year == 2024]
    assert f"Năm 2024 ({len(dated)}, trong đó 1 có ngày suy luận)" in index  # 211-KH/TU
    assert "Không rõ năm (1)" in index
    undated = read_page(inferred_issuer_site, "van-ban/nam-khong-ro")
    assert "hai-phong-365-kh-tu-2024/" in undated and "<h1" in undated and "Không rõ năm" in visible(undated)


def test_every_inferred_number_of_the_frozen_corpus_is_marked_wherever_it_is_shown(site_dir):
    corpus = load_valid_corpus(FROZEN).corpus
    inferred = [d for d in corpus.documents.values() if d.is_inferred("number")]
    for document in inferred:
        assert not site_unmarked(site_dir, document.number), document.id


def test_a_document_page_names_each_inferred_field_in_words(site_dir):
    """The reader is told "Số hiệu", "Người ký", not the file's keys ("number", "signer.name")."""
    corpus = load_valid_corpus(FROZEN).corpus
    for document in corpus.documents.values():
        if not document.provenance.inferred:
            continue
        page = read_page(site_dir, f"van-ban/{document.id}")
        listed = page.split("<strong>Thông tin suy luận</strong>", 1)[1].split("</ul>", 1)[0]
        items = re.findall(r"<li>(.*?): ", listed)
        assert len(items) == len(document.provenance.inferred) and not any("<code>" in item for item in items), (document.id, items)


def test_search_results_name_a_document_with_its_inferred_number_marked(site_dir):
    """Pagefind's record of each document page: its title is the page's, with the mark."""
    corpus = load_valid_corpus(FROZEN).corpus
    titles = {}
    for fragment in (site_dir / "pagefind" / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        titles[record["url"]] = record["meta"].get("title", "")
    for document in corpus.documents.values():
        if document.is_inferred("number"):
            url = "/" + page_path(Paths.document(document.id)) + "/"
            title = next(t for u, t in titles.items() if u.endswith(url))
            assert f"{document.number} (suy luận)" in title, (url, title)


# --- Paragraph labels and headings ------------------------------------------------------------------------------


def link_label(page: str, node_id: str) -> str:
    """The label a paragraph's permalink gives it (`II.1.1`), or "" for a node the page makes a heading."""
    match = re.search(rf'<p class="node[^"]*" id="{node_id}"><a class="node-anchor[^"]*" href="#{node_id}" title="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else ""


def heading_ids(page: str) -> set[str]:
    return set(re.findall(r'<h[1-6] id="([^"]+)"', page))


def test_labels_follow_the_printed_numbering_without_repeating_it(fixture_site):
    cited = read_page(fixture_site, page_path(Paths.cited("23-ct-ttg-2020-05-26")))
    # Printed "1.2." > "a)" > paragraph, under "II." > "1.": named II.1.2.a ¶1, not II.1.1.2.a ¶1.
    assert re.search(r">II\.1\.2\.a ¶1</a>", cited)
    cited = read_page(fixture_site, page_path(Paths.cited("496-qd-ttg-2021-03-30")))
    assert re.search(r">II\.4\.1 ¶1</a>", cited) and re.search(r">IV\.3 ¶1</a>", cited)
    assert "II.4.4.1" not in cited and "II.1.1.1" not in cited


def test_numbered_siblings_are_all_headings_or_all_paragraphs(fixture_site):
    plan = read_page(fixture_site, page_path(Paths.document("hai-phong-188-kh-ubnd-2024")))
    # 1.1. has no paragraph of its own, 1.2. has: both are headings, both in the page's contents.
    assert {"ii-1-1", "ii-1-2"} <= heading_ids(plan)
    contents = re.search(r'<nav class="page-contents".*?</nav>', plan, re.S).group(0)
    other = read_page(fixture_site, page_path(Paths.document("kien-giang-234-kh-ubnd-2024")))
    assert {"iv-15", "iv-16", "iv-17"} <= heading_ids(other)
    other_contents = re.search(r'<nav class="page-contents".*?</nav>', other, re.S).group(0)
    assert 'href="#iv-16"' in other_contents and 'href="#iv-15"' in other_contents
    assert 'href="#ii-1"' in contents


def test_the_frozen_corpus_follows_the_label_and_heading_rules(site_dir):
    corpus = load_valid_corpus(FROZEN).corpus
    for document in corpus.documents.values():
        if not document.has_full_text:
            continue
        page = read_page(site_dir, page_path(Paths.document(document.id)))
        check_labels_and_headings(document.id, page, heading_ids(page), document.body, 0, "")


def check_labels_and_headings(doc_id: str, page: str, headings: set[str], nodes, depth: int, parent_label: str) -> None:
    numbered = [node for node in nodes if node.label]
    if depth < 3 and numbered:
        shown = {node.id in headings for node in numbered}
        assert len(shown) == 1, (doc_id, [node.id for node in numbered])
    for node in nodes:
        label = link_label(page, node.id)
        assert bool(label) != (node.id in headings), (doc_id, node.id)  # a paragraph has its permalink, a heading not
        if label:  # a paragraph: its label ends with its own printed number, never repeats its parent's
            if node.label:
                assert label.endswith(node.label), (doc_id, node.id, label)
            if parent_label and node.label.startswith(parent_label + "."):
                assert f"{parent_label}.{node.label}" not in label, (doc_id, node.id, label)
        check_labels_and_headings(doc_id, page, headings, node.children, depth + 1, node.label or parent_label)


# --- Citation pages -----------------------------------------------------------------------------------------


AS_CITED = " (như văn bản viện dẫn ghi)"


def subject_cell(index: str, key: str) -> str:
    """The subject line's cell (HTML) the citations' index gives the document cited as `key` (an entry's key, or
    the id of a document the corpus holds)."""
    (row,) = [row for table in re.findall(r"<table>.*?</table>", index, re.S) for row in table_rows(table)
              if re.match(rf'<a href="(?:[^"]*/)?{key}/(?:#[^"]*)?">', row.get("Văn bản", ""))]
    return row["Trích yếu"]


def subject_line(index: str, key: str) -> str:
    return visible(subject_cell(index, key))


def test_a_cited_subject_line_ends_where_the_printed_title_ends(fixture_site):
    index = read_page(fixture_site, page_path(Paths.cited_index))
    # Two mentions of 496/QĐ-TTg go on differently ("… các cấp và hướng dẫn của Bộ Y tế.", "… các cấp (khi có…"):
    # the subject line is what they share.
    assert subject_line(index, "496-qd-ttg-2021-03-30").endswith("làm công tác dân số và phát triển các cấp" + AS_CITED)
    # "… và bảo vệ trẻ em..." in the text: the running text's ellipsis is not part of the title.
    assert subject_line(index, "23-ct-ttg-2020-05-26").endswith("bảo đảm thực hiện quyền trẻ em và bảo vệ trẻ em" + AS_CITED)


def test_the_citations_index_gives_a_held_document_its_own_title_and_any_other_the_citing_words_marked(site_dir):
    """Cited by a plan whose sentence runs on ("… về thực hiện Chỉ thị số 28-CT/TW, Ban Thường vụ Thành ủy xây
    dựng Kế hoạch …"), a document the corpus holds is given its record's title (by its opening words, marked
    when inferred) and date, and the row leads to its page; a document the corpus does not hold keeps what the
    citing plans print, said to be that."""
    documents = load_valid_corpus(FROZEN).corpus.documents
    index = read_page(site_dir, page_path(Paths.cited_index))
    rows = [row for table in re.findall(r"<table>.*?</table>", index, re.S) for row in table_rows(table)]
    held = documents["trung-uong-136-hd-btgtw-2024"]
    subject = subject_line(index, held.id)
    assert subject.startswith("về thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của")
    assert subject.endswith(" … (suy luận)") and "Ban Thường vụ" not in subject
    for row in rows:
        subject, link = visible(row["Trích yếu"]), re.search(r'href="\.\./van-ban/([^/"]+)/', row["Văn bản"] + row["Trích yếu"])
        if "(có trong kho" in row["Văn bản"]:
            document = documents[link.group(1)]
            assert subject.removesuffix(" (suy luận)").removesuffix(" …") in document.title, row
            assert subject.endswith("(suy luận)") == document.is_inferred("title") and visible(row["Ngày"]) == document.date_text
        else:
            assert subject == "—" or subject.endswith(AS_CITED), row
    assert subject_line(index, "56-2017-nd-cp") == "của Chính phủ quy định chi tiết một số điều của Luật Trẻ em" + AS_CITED


def test_citation_counts_count_paragraphs(fixture_site):
    directive = visible(read_page(fixture_site, page_path(Paths.document("trung-uong-28-ct-tw-2023"))))  # cited in few
    corpus_dir = fixture_site.parent / "corpus"
    corpus = load_valid_corpus(corpus_dir).corpus
    paragraphs = {(d.id, node.id) for d in corpus.documents.values() if d.id != "trung-uong-28-ct-tw-2023"
                  for node, _ in d.nodes() if re.search(r"28-CT/TW", node.text)}
    mentions = sum(len(re.findall(r"28-CT/TW", node.text)) for d in corpus.documents.values()
                   if d.id != "trung-uong-28-ct-tw-2023" for node, _ in d.nodes())
    assert mentions > len(paragraphs)  # 188's opening paragraph names it twice
    assert f"được nhắc đến trong {len(paragraphs)} đoạn của" in directive


HELD = re.compile(r'<a href="(?:[^"]*/)?([a-z0-9-]+)/">[^<]*</a>(?: ngày [^<(]*)? \((có trong kho[^)]*)\)')


def test_a_cited_document_in_the_corpus_is_said_to_be_there_with_what_the_corpus_holds_of_it(site_dir):
    """"(có trong kho)" beside a citation would say the cited text is in the corpus: for a document known by a
    summary or its metadata only, it says so, in every list of citations (a plan's, the index's)."""
    documents = load_valid_corpus(FROZEN).corpus.documents
    seen = {}
    for page in site_dir.rglob("*.html"):
        for doc_id, said in HELD.findall(page.read_text(encoding="utf-8")):
            if doc_id in documents:
                seen.setdefault(documents[doc_id].content, set()).add(said.split(", nhận ra")[0])
    assert seen["full-text"] == {"có trong kho"}
    assert seen["metadata-only"] == {"có trong kho, chỉ có thông tin mô tả"}
    assert set(seen) <= {"full-text", "summary", "metadata-only"}
    if "summary" in seen:
        assert seen["summary"] == {"có trong kho, chỉ có tóm tắt"}
