"""What a reader sees of the alignment of a plan with its parent: the summary on the plan's page, the side-by-side
page, the notes on the parent's page, the open data; and what a plan whose parent has no text says.

Runs on the session's site (tests/conftest.py, `site_dir`); the figures shown are checked against the open data
the same build publishes, the kinds against the alignment module (tests/analysis/test_alignment.py)."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from itertools import pairwise

import pytest
from conftest import CHROMIUM, FROZEN, read_data, read_page, serve_directory

from plansite.corpus.check import load_valid_corpus
from plansite.text import uncertain

CHILD, PARENT = "kien-giang-234-kh-ubnd-2024", "kien-giang-211-kh-tu-2024"
PAIR = f"doi-chieu/{CHILD}/{PARENT}"
WAITING = {"tam-duong-273-kh-hu-2024": "Chương trình hành động 48-CTr/TU", "hai-phong-188-kh-ubnd-2024": "Kế hoạch 365-KH/TU"}
COMPUTED = "do trang web tự tính"


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def ids_of(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


@pytest.fixture(scope="module")
def rows(site_dir) -> list[dict]:
    text = read_data(site_dir, "du-lieu/doi-chieu.csv.zip")
    return list(csv.DictReader(io.StringIO(text)))


def pair_counts(rows, child=CHILD, parent=PARENT) -> Counter:
    """Child paragraphs by kind (one per paragraph, whatever its number of sources), and dropped parent paragraphs."""
    seen, counts = set(), Counter()
    for row in rows:
        if row["child_id"] != child or row["parent_id"] != parent:
            continue
        key = ("parent", row["parent_node"]) if row["kind"] == "dropped" else ("child", row["child_node"])
        if key not in seen:
            seen.add(key)
            counts[row["kind"]] += 1
    return counts


def test_a_plan_page_sums_up_what_it_takes_from_its_parent_with_the_figures_of_the_open_data(site_dir, rows):
    page = read_page(site_dir, f"van-ban/{CHILD}")
    (summary,) = re.findall(r'<p class="alignment-summary">(.*?)</p>', page, re.S)
    counts = pair_counts(rows)
    taken, total = counts["copied"] + counts["adapted"], counts["copied"] + counts["adapted"] + counts["added"]
    said = text_of(summary)
    assert said.startswith(f"{round(100 * taken / total)}% số đoạn ({taken}/{total}) lấy từ Kế hoạch 211-KH/TU (suy luận)")
    assert f"({counts['copied']} chép nguyên, {counts['adapted']} sửa lại), {counts['added']} đoạn bổ sung" in said
    assert f"{counts['dropped']}/35 đoạn của Kế hoạch 211-KH/TU (suy luận) không được lấy lại" in said
    assert COMPUTED in said
    assert f'href="../../{PAIR}/"' in summary


@pytest.mark.parametrize("doc_id", sorted(WAITING))
def test_a_plan_whose_parent_has_no_text_says_so_and_that_the_comparison_comes_with_it(site_dir, doc_id):
    page = read_page(site_dir, f"van-ban/{doc_id}")
    (waiting,) = re.findall(r'<p class="alignment-summary alignment-waiting">(.*?)</p>', page, re.S)
    assert text_of(waiting) == (f"Kho chưa có toàn văn của {WAITING[doc_id]}: phần đối chiếu từng đoạn (đoạn chép nguyên, "
                                "sửa lại, bổ sung) sẽ có khi toàn văn đó được bổ sung vào kho.")
    assert not (site_dir / "doi-chieu" / doc_id).exists()


ROW = re.compile(r'<li class="alignment-row kind-(\w+)" id="c-([^"]+)">\s*<div class="alignment-child">(.*?)</div>\s*'
                 r'(<div class="alignment-parent">.*?</div>)\s*</li>', re.S)
SLOT = re.compile(r'<(?:p|div) class="plan-words"([^>]*)>')


def paragraphs_of(page: str) -> list[tuple[str, str, str]]:
    """(kind, node, the child paragraph's HTML and its row's parent side), one per paragraph of the child, in
    order: consecutive added paragraphs share a row, each after the first with an id of its own."""
    found, kinds = [], []
    for kind, first, child, parent_side in ROW.findall(page):
        kinds.append(kind)
        paragraphs = re.split(r'(?=<p class="alignment-meta")', child)[1:]
        assert len(paragraphs) == 1 or kind == "added", first  # only added paragraphs share a row
        for index, paragraph in enumerate(paragraphs):
            node = first if index == 0 else re.match(r'<p class="alignment-meta" id="c-([^"]+)">', paragraph).group(1)
            found.append((kind, node, paragraph + parent_side))
    assert all(not (a == b == "added") for a, b in pairwise(kinds))  # a run of added paragraphs is one row
    assert page.count('<li class="alignment-row') == len(kinds) < len(found)  # the fixture's pair has such runs
    return found


LINK = re.compile(r'href="\.\./\.\./\.\./van-ban/([^/]+)/#([^"]+)"')


def slots_of(fragment: str) -> list[dict]:
    """Each `plan-words` element's slot (plansite/render/pages/alignment.py, Slot), as its attributes say, and
    the paragraph it shows: the one the link just before it leads to ("c" the child's, "p" the parent's)."""
    slots = []
    for match in SLOT.finditer(fragment):
        slot = dict(re.findall(r'data-([a-z]+)="([^"]*)"', match.group(1)))
        document, slot["node"] = LINK.findall(fragment, 0, match.start())[-1]
        slot["doc"] = {CHILD: "c", PARENT: "p"}[document]
        slot["length"] = int(slot["length"])
        slot["window"] = tuple(map(int, slot["window"].split("-"))) if "window" in slot else (0, slot["length"])
        slot["marks"] = [tuple(map(int, span.split("-"))) for span in slot.get("marks", "").split()]
        slot["cut"] = slot.get("cut", "00")
        slots.append(slot)
    return slots


@pytest.fixture(scope="module")
def nodes():
    """Each of the pair's two documents' nodes, by id ("c" the child's, "p" the parent's)."""
    documents = load_valid_corpus(FROZEN).corpus.documents
    return {side: {node.id: node for node, _ in documents[doc].nodes()} for side, doc in (("c", CHILD), ("p", PARENT))}


@pytest.fixture(scope="module")
def texts(nodes):
    """Each paragraph's text (the fixture's texts are all in the Basic Multilingual Plane: a character is one
    UTF-16 code unit, as the slots count)."""
    found = {side: {node_id: node.text for node_id, node in by_id.items()} for side, by_id in nodes.items()}
    assert all(max(text) <= "\uffff" for side in found.values() for text in side.values())
    return found


def test_the_side_by_side_page_links_every_paragraph_to_both_documents_and_says_what_to_show_of_each(site_dir, rows, texts):
    page = read_page(site_dir, PAIR)
    child_ids, parent_ids = ids_of(read_page(site_dir, f"van-ban/{CHILD}")), ids_of(read_page(site_dir, f"van-ban/{PARENT}"))
    items = paragraphs_of(page)
    counts = pair_counts(rows)
    assert Counter(kind for kind, _, _ in items) == Counter({k: counts[k] for k in ("copied", "adapted", "added")})
    assert 'data-child="../../../van-ban/' + CHILD + '/" data-parent="../../../van-ban/' + PARENT + '/"' in page
    for kind, node, row in items:
        links = LINK.findall(row)
        assert links[0] == (CHILD, node) and node in child_ids
        assert all(doc == PARENT and anchor in parent_ids for doc, anchor in links[1:])
        assert (len(links) > 1) == (kind != "added"), node
        child, *parents = slots_of(row)
        assert (child["doc"], child["node"], child["length"]) == ("c", node, len(texts["c"][node]))
        assert [(slot["doc"], slot["node"]) for slot in parents] == [("p", anchor) for _, anchor in links[1:]]
        for slot in parents:
            assert slot["length"] == len(texts["p"][slot["node"]])
            assert 0 <= slot["window"][0] < slot["window"][1] <= slot["length"]
        if kind == "added":
            assert "Không có đoạn tương ứng trong Kế hoạch 211-KH/TU" in text_of(row)
        else:  # copied and adapted paragraphs are whole
            assert child["window"] == (0, child["length"]) and child["cut"] == "00", node
        for slot in (child, *parents):  # words marked only where the plan changed them, inside what is shown
            assert bool(slot["marks"]) <= (kind == "adapted"), node
            assert all(slot["window"][0] <= start < end <= slot["window"][1] for start, end in slot["marks"])
    assert sum(bool(slots_of(row)[0]["marks"]) for _, _, row in items) > counts["adapted"] / 2  # the words changed are shown
    dropped = re.findall(r'<li id="p-([^"]+)"><a href="\.\./\.\./\.\./van-ban/' + PARENT + r'/#([^"]+)"', page)
    assert len(dropped) == counts["dropped"] and all(a == b and a in parent_ids for a, b in dropped)
    said = text_of(page)
    assert COMPUTED in said and "chữ thêm hoặc thay" in said and "chữ không được lấy lại" in said
    assert "Kho chưa trích được chỉ tiêu định lượng nào từ hai văn bản này" in said


# What the browser shows in each `plan-words` element once docs/assets/alignment.js has drawn it: its words
# (without the "(?)" after an uncertain reading), the words in <ins> and in <del>, its links and slot.
DRAWN = """() => [...document.querySelectorAll('.plan-words')].map(element => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll('.uncertain').forEach(mark => mark.remove());
    const label = element.previousElementSibling, link = label.matches('a') ? label : label.querySelector('a');
    return {attributes: link.outerHTML + element.outerHTML.slice(0, element.outerHTML.indexOf('>') + 1), words: copy.textContent,
            ins: [...copy.querySelectorAll('ins')].map(e => e.textContent), del: [...copy.querySelectorAll('del')].map(e => e.textContent),
            uncertain: element.querySelectorAll('.uncertain-reading').length, links: [...element.querySelectorAll('a')].map(a => a.getAttribute('href')),
            inList: !!element.closest('.alignment-dropped')};
})"""


@pytest.fixture(scope="module")
def readings(nodes):
    return {side: {node_id: node.uncertain for node_id, node in by_id.items()} for side, by_id in nodes.items()}


@pytest.fixture(scope="module")
def drawn(browser, site_dir):
    """The side-by-side page in Chromium, once its words are drawn: the status line, and each slot as drawn."""
    with serve_directory(site_dir) as url:
        page = browser.new_page()
        page.goto(url + PAIR + "/")
        page.wait_for_function("document.documentElement.dataset.alignment")
        state = page.evaluate("document.documentElement.dataset.alignment")
        status = page.locator(".alignment-status")
        result = state, status.is_visible(), status.text_content(), page.evaluate(DRAWN)
        page.close()
        return result


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_the_side_by_side_page_shows_each_paragraph_s_words_as_its_plan_s_page_prints_them_with_the_changes_marked(drawn, site_dir, texts, readings):
    state, status_visible, status, slots = drawn
    assert state == "drawn" and not status_visible, status
    assert len(slots) == len(slots_of(read_page(site_dir, PAIR)))
    cut = {"c": 0, "p": 0}
    for found in slots:
        (slot,) = slots_of(found["attributes"])
        text, (start, end) = texts[slot["doc"]][slot["node"]], slot["window"]
        words = found["words"]
        if slot["cut"][0] == "1":
            assert words.startswith("… "), slot
            words = words[2:]
        if slot["cut"][1] == "1":
            assert words.endswith(" …"), slot
            words, cut[slot["doc"]] = words[:-2], cut[slot["doc"]] + 1
        assert words == text[start:end], slot
        # The marks are the slot's spans, in <ins> in the plan and <del> in the document it carries out.
        marked, unmarked = ("ins", "del") if slot["doc"] == "c" else ("del", "ins")
        assert "".join(found[marked]) == "".join(text[a:b] for a, b in slot["marks"]), slot
        assert not found[unmarked]
        # A paragraph shown by its opening words (added, or a dropped one of the parent) ends at a word, within
        # 120 characters: "…" where it is cut.
        if slot["doc"] == "c" and slot["window"] != (0, len(text)) or found["inList"]:
            assert start == 0 and len(words) <= 120 and (end == len(text) or text[end] in " ,;:"), slot
        # Links inside the words (citations) lead where they lead on the plan's page: paths of this site.
        for link in found["links"]:
            target = site_dir / link.split("#")[0].lstrip("/")
            assert (target / "index.html").is_file() or target.is_file(), link
        # Each uncertain reading within what is shown is marked as on the plan's page, and no other.
        within = [place for place in uncertain.spans(text, readings[slot["doc"]][slot["node"]]) if start <= place[0] and place[1] <= end]
        assert found["uncertain"] == len(within), slot  # (tests/test_hostile.py draws one: this pair shows none)
    assert cut["c"] and cut["p"]  # the fixture has long added and dropped paragraphs


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_a_plan_page_of_another_build_is_not_drawn_from_and_the_page_says_so(browser, site_dir):
    """A cache may keep a plan's page of an earlier build, whose words stand elsewhere: its paragraphs stay empty."""
    with serve_directory(site_dir) as url:
        page = browser.new_page()

        def earlier_build(route):
            response = route.fetch()
            body = re.sub(r'data-text-stamp="[0-9a-f]+"', 'data-text-stamp="00000000"', response.text())
            route.fulfill(response=response, body=body)

        page.route(f"**/van-ban/{CHILD}/", earlier_build)
        page.goto(url + PAIR + "/")
        page.wait_for_function("document.documentElement.dataset.alignment")
        state = page.evaluate("document.documentElement.dataset.alignment")
        status_shown, status_text = page.locator(".alignment-status").is_visible(), page.locator(".alignment-status").text_content()
        # The child's paragraphs are the first of each row's child side; the parent's, on the parent side and in
        # the list of those it does not take.
        empty = page.evaluate("[...document.querySelectorAll('.alignment-child .plan-words')].map(e => e.textContent === '')")
        drawn = page.evaluate("""[...document.querySelectorAll('.alignment-parent .plan-words, .alignment-dropped .plan-words')]
                                 .every(e => e.textContent)""")
        page.close()
    assert state == "partial" and empty and all(empty) and drawn
    assert status_shown and status_text.startswith(f"Không lấy được chữ của {len(empty)} đoạn từ trang của văn bản")


def test_the_parent_page_says_under_each_paragraph_which_plans_take_it_up(site_dir):
    page = read_page(site_dir, f"van-ban/{PARENT}")
    pair_ids = ids_of(read_page(site_dir, PAIR))
    notes = re.findall(r'<p class="reuse-note"[^>]*>(.*?)</p>', page, re.S)
    assert len(notes) == 35  # one under every paragraph and heading of the text
    kinds = Counter()
    for note in notes:
        (target,) = re.findall(r'href="\.\./\.\./' + PAIR + r'/#([^"]+)"', note)
        assert target in pair_ids
        said = text_of(note)
        assert said.startswith("Văn bản thực hiện (đối chiếu do trang web tính): Kế hoạch 234/KH-UBND ")
        kinds.update(k for k in ("chép nguyên", "sửa lại", "không lấy lại") if k in said)
    assert kinds["không lấy lại"] and kinds["sửa lại"] and kinds["chép nguyên"]


def test_the_open_data_lists_the_aligned_pairs_of_paragraphs(site_dir, rows):
    listing = read_page(site_dir, "du-lieu")
    assert 'href="doi-chieu.csv.zip"' in listing and "do trang web tự tính" in text_of(listing)
    pair_ids = ids_of(read_page(site_dir, PAIR))
    assert rows and {row["kind"] for row in rows} <= {"copied", "adapted", "added", "dropped"}
    for row in rows:
        assert 0 <= float(row["similarity"]) <= 1
        if row["child_id"] == CHILD:
            assert row["url"].startswith(f"/{PAIR}/#") and row["url"].split("#")[1] in pair_ids
        assert bool(row["child_node"]) == (row["kind"] != "dropped")
        assert bool(row["parent_node"]) == (row["kind"] != "added")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
@pytest.mark.parametrize("width", [390, 1280])
def test_summary_side_by_side_and_parent_notes_fit_the_screen(browser, site_dir, width):
    """No page scrolls sideways; on a phone the two texts of a row stand one under the other."""
    with serve_directory(site_dir) as url:
        context = browser.new_context(viewport={"width": width, "height": 844})
        page = context.new_page()
        for path in (f"van-ban/{CHILD}/", f"van-ban/{PARENT}/", f"{PAIR}/"):
            page.goto(url + path)
            if path == f"{PAIR}/":  # its words are drawn from the two plans' pages (docs/assets/alignment.js)
                page.wait_for_function("document.documentElement.dataset.alignment === 'drawn'")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, width, overflow)
        boxes = page.evaluate("""() => [...document.querySelectorAll('.kind-adapted')].slice(0, 3).map(row =>
            [row.querySelector('.alignment-child').getBoundingClientRect(), row.querySelector('.alignment-parent').getBoundingClientRect()]
            .map(r => ({left: r.left, top: r.top, bottom: r.bottom})))""")
        for child, parent in boxes:
            if width == 390:
                assert parent["top"] >= child["bottom"] - 1  # stacked
            else:
                assert parent["left"] > child["left"] and abs(parent["top"] - child["top"]) < 2  # side by side
        context.close()
