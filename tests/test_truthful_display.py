"""What is uncertain or inferred is shown as such, at the place it is shown, on every page and data file.

Content-specific assertions run on the frozen fixture corpus (tests/fixtures/valid/) with the faithful
excerpts of tests/fixtures/display/ added (kept apart so that the other tests' corpus, and their golden
messages, stay as they are), built once for the module; the real corpus (the session's `site_dir`) gets
property tests only.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, build_site, read_page

from plansite.corpus.check import load_valid_corpus
from plansite.render.urls import Paths

FIXTURE = REPO / "tests" / "fixtures" / "valid"
EXCERPTS = REPO / "tests" / "fixtures" / "display"
MARK = '<span class="uncertain"'
# The data and page files a reader or a program gets (the search index is compressed and built from the pages).
READABLE = (".html", ".csv", ".json", ".xml", ".txt", ".yaml")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("display")
    shutil.copytree(FIXTURE, root / "corpus")
    shutil.copytree(EXCERPTS, root / "corpus", dirs_exist_ok=True)
    site = root / "site"
    result = build_site(site, root / "corpus", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def page_path(url_path: str) -> str:
    return url_path.removesuffix("index.md").removesuffix(".md")


def readable_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in READABLE and "pagefind" not in path.relative_to(site).parts:
            yield path


def raw_marks(site: Path) -> list[str]:
    found = []
    for path in readable_files(site):
        text = path.read_text(encoding="utf-8", errors="replace")
        for mark in ("[[", "]]"):
            at = text.find(mark)
            if at >= 0:
                found.append(f"{path.relative_to(site)}: …{text[max(0, at - 60):at + 60]}…")
    return found


def paragraph(page: str, node_id: str) -> str:
    """The HTML of one body paragraph of a document page, by its anchor."""
    match = re.search(rf'<p class="node[^"]*"><a [^>]*id="{node_id}".*?</p>', page, re.S)
    assert match, node_id
    return match.group(0)


def visible(fragment: str) -> str:
    """The text a reader sees in a piece of HTML (tags out, entities decoded, hidden search spellings out)."""
    fragment = re.sub(r'<span class="dfold"[^>]*>.*?</span>', "", fragment, flags=re.S)
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
    for page in (document, agency):
        row = re.search(r'<td data-label="Nhiệm vụ">Tập trung.*?</td>', page, re.S).group(0)
        assert "chỉ đạo quán triệt, tuyên tuyền(?) sâu rộng các chủ trương" in visible(row)


def test_no_page_or_data_file_of_the_fixture_site_holds_raw_marks(fixture_site):
    assert not raw_marks(fixture_site)


def test_no_page_or_data_file_of_the_real_site_holds_raw_marks(site_dir):
    assert not raw_marks(site_dir)


def test_every_uncertain_reading_of_the_real_corpus_is_marked_at_its_word(site_dir):
    corpus = load_valid_corpus().corpus
    checked = 0
    for document in corpus.documents.values():
        texts = [(node.text, node.uncertain) for node, _ in document.nodes()]
        texts += [(line.text, line.uncertain) for line in document.signature + document.recipients]
        page = read_page(site_dir, page_path(Paths.document(document.id)))
        for _, readings in texts:
            for reading in readings:
                assert f'<span class="uncertain-reading">{html.escape(reading, quote=False)}{MARK}' in page, (document.id, reading)
                checked += 1
    assert checked >= 5
