"""What a reader sees of the alignment of a plan with its parent: the summary on the plan's page, the side-by-side
page (one page for every pair, `doi-chieu/?vb=…&cap-tren=…`, showing the pair's part, fetched compressed), the notes
on the parent's page, the open data; and what a plan whose parent has no text says.

Runs on the session's site (tests/conftest.py, `site_dir`); the figures shown are checked against the open data
the same build publishes, the kinds against the alignment module (tests/analysis/test_alignment.py)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from itertools import pairwise

import pytest
from conftest import CHROMIUM, FROZEN, read_data, read_html, read_page, serve_directory

from plansite.corpus.check import load_valid_corpus
from plansite.render.urls import Paths
from plansite.text import uncertain

CHILD, PARENT = "kien-giang-234-kh-ubnd-2024", "kien-giang-211-kh-tu-2024"
PAIR = f"doi-chieu/?vb={CHILD}&cap-tren={PARENT}"  # the page's address for the pair
PAIR_HREF = html.escape(PAIR)  # as a link writes it
WAITING = {"tam-duong-273-kh-hu-2024": "Chương trình hành động 48-CTr/TU", "hai-phong-188-kh-ubnd-2024": "Kế hoạch 365-KH/TU"}
COMPUTED = "do trang web tự tính"


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def read_pair(site_dir, child=CHILD, parent=PARENT) -> str:
    """The part of the side-by-side page that shows a pair, as the page fetches it."""
    return read_html(site_dir / Paths.alignment(child, parent))


def ids_of(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


@pytest.fixture(scope="module")
def rows(site_dir) -> list[dict]:
    text = read_data(site_dir, "du-lieu/doi-chieu.csv.zip")
    return list(csv.DictReader(io.StringIO(text)))


def pair_counts(rows, child=CHILD, parent=PARENT, headings: bool = False) -> Counter:
    """Child paragraphs by kind (one per paragraph, whatever its number of sources), and dropped parent paragraphs;
    headings only when asked for (the figures on the pages leave them aside)."""
    seen, counts = set(), Counter()
    for row in rows:
        if row["child_id"] != child or row["parent_id"] != parent or (row["heading"] == "yes" and not headings):
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
    parent = load_valid_corpus(FROZEN).corpus.documents[PARENT]
    paragraphs = sum(1 for node, _ in parent.nodes() if not node.children)
    assert f"{counts['dropped']}/{paragraphs} đoạn của Kế hoạch 211-KH/TU (suy luận) không được lấy lại (không tính đề mục)" in said
    # Headings are in the open data, said to be such: the figures without them are not all the rows.
    assert sum(pair_counts(rows, headings=True).values()) > sum(counts.values())
    assert COMPUTED in said
    assert f'href="../../{PAIR_HREF}"' in summary


@pytest.mark.parametrize("doc_id", sorted(WAITING))
def test_a_plan_whose_parent_has_no_text_says_so_and_that_the_comparison_comes_with_it(site_dir, doc_id):
    page = read_page(site_dir, f"van-ban/{doc_id}")
    (waiting,) = re.findall(r'<p class="alignment-summary alignment-waiting">(.*?)</p>', page, re.S)
    assert text_of(waiting) == (f"Kho chưa có toàn văn của {WAITING[doc_id]}: phần đối chiếu từng đoạn (đoạn chép nguyên, "
                                "sửa lại, bổ sung) sẽ có khi toàn văn đó được bổ sung vào kho.")
    assert not (site_dir / "doi-chieu" / doc_id).exists()


ITEM = re.compile(r"<li id=\"([cp])-([^\"]+)\" data-r='([^']*)'></li>")


def items_of(page: str, side: str) -> list[tuple[str, list]]:
    """The data of each paragraph of the child ("c") or each dropped one of the parent ("p") on a side-by-side
    page, in order, as docs/assets/alignment.js reads it to build the rows: (node, [kind, label, slot, [(parent
    node, label, slot), ...]]) for the child's (the page writes the parent's paragraphs flat after the slot),
    (node, [label, slot]) for the parent's."""
    found = []
    for which, node, data in ITEM.findall(page):
        if which == side:
            data = json.loads(html.unescape(data))
            found.append((node, data if side == "p" else [*data[:3], [tuple(data[at:at + 3]) for at in range(3, len(data), 3)]]))
    return found


def slot_of(data: str, doc: str, node: str) -> dict:
    """A slot as the page gives it ("length;window;marks;cut", plansite/render/pages/alignment.py, Slot), in
    the form `slots_of` reads one from a drawn element."""
    length, window, marks, cut = (data.split(";") + ["", "", ""])[:4]
    length = int(length)
    return {"doc": doc, "node": node, "length": length,
            "window": tuple(map(int, window.split("-"))) if window else (0, length),
            "marks": [tuple(map(int, span.split("-"))) for span in marks.split()], "cut": cut or "00"}


LINK = re.compile(r'href="\.\./van-ban/([^/]+)/#([^"]+)"')
SLOT = re.compile(r'<(?:p|div) class="plan-words"([^>]*)>')


def slots_of(fragment: str) -> list[dict]:
    """Each drawn `plan-words` element's slot, as its attributes say, and the paragraph it shows: the one the
    link just before it leads to ("c" the child's, "p" the parent's)."""
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


def test_the_side_by_side_page_names_every_paragraph_of_both_documents_and_says_what_to_show_of_each(site_dir, search_copies, rows, texts):
    page = read_pair(site_dir)
    child_page, parent_page = read_page(site_dir, f"van-ban/{CHILD}"), read_page(site_dir, f"van-ban/{PARENT}")
    child_ids, parent_ids = ids_of(child_page), ids_of(parent_page)
    child_labels, parent_labels = (labels_of(read_page(search_copies, f"van-ban/{doc}")) for doc in (CHILD, PARENT))
    assert len(child_labels) > 5 and len(parent_labels) > 5
    items = items_of(page, "c")
    counts = pair_counts(rows, headings=True)  # the page shows every paragraph, headings too
    assert Counter(data[0] for _, data in items) == Counter({k: counts[k] for k in ("copied", "adapted", "added")})
    assert [node for node, _ in items] == [node for node in texts["c"] if node in {n for n, _ in items}]  # in the plan's order
    assert 'data-child="../van-ban/' + CHILD + '/" data-parent="../van-ban/' + PARENT + '/"' in page  # from the page showing it
    assert """data-titles='["Kế hoạch 234/KH-UBND","Kế hoạch 211-KH/TU (suy luận)"]'""" in page  # its number is inferred
    for node, (kind, label, slot, links) in items:
        assert node in child_ids and label == child_labels.get(node, label)
        assert bool(links) == (kind != "added"), node
        child = slot_of(slot, "c", node)
        assert child["length"] == len(texts["c"][node])
        parents = [slot_of(slot, "p", anchor) for anchor, _, slot in links]
        for (anchor, label, _), slot in zip(links, parents, strict=True):
            assert anchor in parent_ids and label == parent_labels.get(anchor, label)
            assert slot["length"] == len(texts["p"][anchor])
            assert 0 <= slot["window"][0] < slot["window"][1] <= slot["length"]
        if kind != "added":  # copied and adapted paragraphs are whole
            assert child["window"] == (0, child["length"]) and child["cut"] == "00", node
        for slot in (child, *parents):  # words marked only where the plan changed them, inside what is shown
            assert bool(slot["marks"]) <= (kind == "adapted"), node
            assert all(slot["window"][0] <= start < end <= slot["window"][1] for start, end in slot["marks"])
    assert sum(node in child_labels for node, _ in items) > len(items) / 2  # most labels checked against the page
    assert sum(bool(slot_of(data[2], "c", node)["marks"]) for node, data in items) > counts["adapted"] / 2  # the words changed are shown
    dropped = items_of(page, "p")
    assert len(dropped) == counts["dropped"] and all(node in parent_ids and data[0] == parent_labels.get(node, data[0]) for node, data in dropped)
    assert "Kho chưa trích được chỉ tiêu định lượng nào từ hai văn bản này" in text_of(page)
    # How to read it is the same for every pair: said once, on the page that shows the parts (a test below).
    method = re.search(r'<template id="alignment-method">(.*?)</template>', read_page(site_dir, "doi-chieu"), re.S).group(1)
    said = text_of(method)
    assert COMPUTED in said and "chữ thêm hoặc thay" in said and "chữ không được lấy lại" in said
    assert COMPUTED not in text_of(page) and "chữ thêm hoặc thay" not in text_of(page)


def labels_of(search_copy: str) -> dict[str, str]:
    """The label search gives each paragraph of a plan's page ("I.1 ¶2", after its agencies if any), from the
    page's search copy."""
    return {node: html.unescape(text).rsplit(" — ", 1)[-1]
            for node, text in re.findall(r'<span class="node-label" id="([^"]+)"[^>]*>(.*?)</span>', search_copy)}


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


# The rows as the script built them: each row's kind and id, its plan's paragraphs (label, link, id) and the
# links to the paragraphs of the document it carries out, or what it says when there are none.
BUILT = """() => [...document.querySelectorAll('.alignment-rows > li')].map(row => ({
    className: row.className, id: row.id, waiting: row.hasAttribute('data-r'),
    metas: [...row.querySelectorAll('.alignment-child .alignment-meta')].map(m => ({id: m.id, text: m.textContent, href: m.querySelector('a').getAttribute('href')})),
    parents: [...row.querySelectorAll('.alignment-parent .alignment-meta')].map(m => ({text: m.textContent, href: m.querySelector('a').getAttribute('href')})),
    none: row.querySelector('.alignment-none') && row.querySelector('.alignment-none').textContent}))"""


@pytest.fixture(scope="module")
def readings(nodes):
    return {side: {node_id: node.uncertain for node_id, node in by_id.items()} for side, by_id in nodes.items()}


@pytest.fixture(scope="module")
def drawn(browser, site_dir):
    """The side-by-side page in Chromium, once its words are drawn: the status line, and each slot as drawn."""
    with serve_directory(site_dir) as url:
        page = browser.new_page()
        page.goto(url + PAIR)
        page.wait_for_function("document.documentElement.dataset.alignment")
        state = page.evaluate("document.documentElement.dataset.alignment")
        status = page.locator(".alignment-status")
        result = state, status.is_visible(), status.text_content(), page.evaluate(DRAWN), page.evaluate(BUILT)
        page.close()
        return result


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_the_side_by_side_page_shows_each_paragraph_s_words_as_its_plan_s_page_prints_them_with_the_changes_marked(drawn, site_dir, texts, readings):
    state, status_visible, status, slots, _ = drawn
    assert state == "drawn" and not status_visible, status
    page = read_pair(site_dir)
    given = [slot for node, data in items_of(page, "c")
             for slot in (slot_of(data[2], "c", node), *(slot_of(link[2], "p", link[0]) for link in data[3]))]
    given += [slot_of(data[1], "p", node) for node, data in items_of(page, "p")]
    assert [slots_of(found["attributes"])[0] for found in slots] == given  # each drawn as the page's data says
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
        # OPENING characters: "…" where it is cut.
        if slot["doc"] == "c" and slot["window"] != (0, len(text)) or found["inList"]:
            assert start == 0 and len(words) <= uncertain.OPENING and (end == len(text) or text[end] in " ,;:"), slot
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
def test_the_rows_link_each_paragraph_to_its_place_in_both_plans_and_a_run_of_added_ones_shares_a_row(drawn, site_dir):
    rows = drawn[-1]
    items = dict(items_of(read_pair(site_dir), "c"))
    kinds = {"copied": "Chép nguyên", "adapted": "Sửa lại", "added": "Bổ sung"}
    assert rows and not any(row["waiting"] for row in rows)
    shown = []
    for row in rows:
        kind = row["className"].removeprefix("alignment-row kind-")
        assert row["className"] == f"alignment-row kind-{kind}" and row["id"].startswith("c-")
        assert len(row["metas"]) == 1 or kind == "added", row  # only added paragraphs share a row
        for index, meta in enumerate(row["metas"]):
            node = row["id"][2:] if index == 0 else meta["id"][2:]
            assert (meta["id"] == "") == (index == 0), row  # each paragraph after the first keeps its id
            data = items[node]
            assert data[0] == kind
            assert meta["text"] == f"Kế hoạch 234/KH-UBND, {data[1]} — {kinds[kind]}"
            assert meta["href"] == f"../van-ban/{CHILD}/#{node}"
            shown.append(node)
        assert [parent["href"] for parent in row["parents"]] == [f"../van-ban/{PARENT}/#{link[0]}" for link in items[shown[-1]][3]]
        assert [parent["text"] for parent in row["parents"]] == [f"Kế hoạch 211-KH/TU (suy luận), {link[1]}" for link in items[shown[-1]][3]]
        assert row["none"] == (None if row["parents"] else "Không có đoạn tương ứng trong Kế hoạch 211-KH/TU (suy luận).")
    assert shown == list(items)
    assert all(not (a == b == "alignment-row kind-added") for a, b in pairwise(row["className"] for row in rows))  # a run is one row
    assert len(rows) < len(shown)  # the fixture's pair has such runs


# Where a linked row stands once drawn: its top, the bottom of the page's header, and the page's target.
LANDED = """id => ({top: document.getElementById(id).getBoundingClientRect().top,
                  header: document.querySelector('.md-header').getBoundingClientRect().bottom,
                  target: (document.querySelector(':target') || {}).id})"""


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_a_link_to_a_paragraph_of_the_side_by_side_page_shows_it_once_the_rows_are_built(browser, site_dir):
    """The parents' pages and the open data link to a row (`#c-…`, `#p-…`): once drawn, it is on screen below
    the header and is the page's target, highlighted as any linked paragraph."""
    last, dropped = items_of(read_pair(site_dir), "c")[-1][0], items_of(read_pair(site_dir), "p")[0][0]
    with serve_directory(site_dir) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        landed = {}
        for row in (f"c-{last}", f"p-{dropped}"):
            page.goto(url + PAIR + f"#{row}")
            page.wait_for_function("document.documentElement.dataset.alignment === 'drawn'")
            landed[row] = page.evaluate(LANDED, row)
        page.close()
    for row, where in landed.items():
        assert where["target"] == row and where["header"] <= where["top"] < 844, (row, where)


# The drawn page's paragraphs before the rows, in order: class and words; and the links of the legend.
INTRO = """() => {
    const rows = document.querySelector('.alignment-rows');
    const before = [...document.querySelectorAll('[data-alignment-view] > p')]
        .filter(p => p.compareDocumentPosition(rows) & Node.DOCUMENT_POSITION_FOLLOWING);
    return {paragraphs: before.map(p => [p.className, p.textContent]),
            legend: [...document.querySelectorAll('.alignment-legend a')].map(a => [a.getAttribute('href'), a.textContent])};
}"""


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_the_side_by_side_page_says_after_the_pair_s_summary_that_the_alignment_is_computed_and_how_to_read_it(browser, site_dir):
    """Said once on the page for every pair, not in each pair's part: the method, then the legend, whose link
    leads to the pair's plan."""
    with serve_directory(site_dir) as url:
        page = browser.new_page()
        page.goto(url + PAIR)
        page.wait_for_function("document.documentElement.dataset.alignment === 'drawn'")
        intro = page.evaluate(INTRO)
        page.close()
    kinds = [kind for kind, _ in intro["paragraphs"]]
    assert kinds[kinds.index("alignment-summary"):][:3] == ["alignment-summary", "computed-note", "alignment-legend"], kinds
    note = dict(intro["paragraphs"])["computed-note"]
    assert note.startswith("Đối chiếu do trang web tự tính từ chữ của hai văn bản, không phải nội dung của văn bản")
    assert intro["legend"] == [[f"../van-ban/{CHILD}/", "Kế hoạch 234/KH-UBND"]]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_without_a_script_the_side_by_side_page_says_it_needs_one_and_where_the_summaries_are(browser, site_dir):
    with serve_directory(site_dir) as url:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(url + PAIR)
        status = page.locator(".alignment-status")
        visible, said, rows = status.is_visible(), status.text_content(), page.locator(".alignment-rows").count()
        to_documents = status.locator("a").get_attribute("href")
        context.close()
    assert visible and "cần JavaScript" in said and "mục “Thực hiện” trên trang của kế hoạch" in said
    assert to_documents == "../van-ban/" and rows == 0


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
@pytest.mark.parametrize(("query", "said"), [
    ("", "Chưa chọn cặp văn bản nào"),
    (f"?vb={CHILD}&cap-tren={PARENT}#%", None),  # an address this site does not write: the pair, drawn
    (f"?vb={CHILD}&cap-tren=%3Cimg%20src%3Dx%3E", "Địa chỉ không nêu hai văn bản theo cách kho đặt tên văn bản."),
    (f"?vb={PARENT}&cap-tren={CHILD}", "Trang web không có phần đối chiếu của cặp văn bản này"),  # a pair the other way round
])
def test_the_side_by_side_page_says_what_is_wrong_with_a_pair_it_cannot_show(browser, site_dir, query, said):
    """And draws a pair whose address carries a part after "#" that it cannot read."""
    with serve_directory(site_dir) as url:
        page = browser.new_page()
        page.goto(url + "doi-chieu/" + query)
        page.wait_for_function("document.documentElement.dataset.alignment")
        state, status = page.evaluate("document.documentElement.dataset.alignment"), page.locator(".alignment-status")
        shown, text, images = status.is_visible(), status.text_content(), page.locator("article img").count()
        page.close()
    if said is None:
        assert state == "drawn" and not shown and images == 0
    else:
        assert state == "failed" and shown and text.startswith(said) and images == 0


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_the_address_a_pair_had_before_sends_to_the_side_by_side_page_at_the_same_paragraph(browser, site_dir):
    """Each pair had a page of its own, `doi-chieu/CHILD/PARENT/`: that address still leads to it, by the site's
    page for an unknown address (a host serves it with the status 404; no file is left at the address)."""
    last = items_of(read_pair(site_dir), "c")[-1][0]
    with serve_directory(site_dir) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url + f"doi-chieu/{CHILD}/{PARENT}/#c-{last}")
        page.wait_for_function("document.documentElement.dataset.alignment === 'drawn'")
        where, title, landed = page.url, page.title(), page.evaluate(LANDED, f"c-{last}")
        page.close()
    assert where == url + PAIR + f"#c-{last}" and landed["target"] == f"c-{last}" and landed["header"] <= landed["top"] < 844
    assert title.startswith("Đối chiếu Kế hoạch 234/KH-UBND với Kế hoạch 211-KH/TU (suy luận) - ")
    assert not (site_dir / "doi-chieu" / CHILD / PARENT).exists()


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
        page.goto(url + PAIR)
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


def test_the_parent_page_says_under_each_paragraph_it_takes_up_which_plan_does_and_once_what_no_note_means(site_dir, rows):
    page = read_page(site_dir, f"van-ban/{PARENT}")
    pair_ids = ids_of(read_pair(site_dir))
    of_pair = [row for row in rows if row["child_id"] == CHILD and row["parent_id"] == PARENT]
    taken = {row["parent_node"] for row in of_pair if row["kind"] in ("copied", "adapted")}
    dropped = {row["parent_node"] for row in of_pair if row["kind"] == "dropped"}
    assert taken and dropped
    # Each note follows the paragraph or heading it is about (the first id on the line before it).
    notes = dict(re.findall(r'id="([^"]+)"[^\n]*</(?:p|h\d)>\n<p class="reuse-note"[^>]*>(.*?)</p>', page))
    assert page.count('<p class="reuse-note"') == len(notes)
    assert set(notes) == taken  # a note under every paragraph the plan takes up, and under no other
    kinds = Counter()
    for note in notes.values():
        (target,) = re.findall(r'href="\.\./\.\./' + re.escape(PAIR_HREF) + r'#([^"]+)"', note)
        assert target.startswith("c-") and target in pair_ids
        said = text_of(note)
        assert said.startswith("Văn bản thực hiện (đối chiếu do trang web tính): Kế hoạch 234/KH-UBND ")
        assert "không lấy lại" not in said  # the only plan carrying it out takes it up
        kinds.update(k for k in ("chép nguyên", "sửa lại") if k in said)
    assert kinds["sửa lại"] and kinds["chép nguyên"]
    legend = re.findall(r'<p class="computed-note" data-pagefind-ignore="all">(Dưới mỗi đoạn được lấy lại.*?)</p>', page)
    assert legend == ["Dưới mỗi đoạn được lấy lại: văn bản thực hiện nào chép nguyên hoặc sửa lại đoạn đó (đối chiếu do trang web "
                      "tự tính từ chữ của các văn bản, không phải nội dung văn bản). Đoạn không có dòng đó: không văn bản nào "
                      "trong 1 văn bản thực hiện có toàn văn trong kho lấy lại lời của nó."]
    assert "Dưới mỗi đoạn được lấy lại" not in read_page(site_dir, f"van-ban/{CHILD}")  # nothing carries 234 out


def test_the_open_data_lists_the_aligned_pairs_of_paragraphs(site_dir, rows):
    listing = read_page(site_dir, "du-lieu")
    assert 'href="doi-chieu.csv.zip"' in listing and "do trang web tự tính" in text_of(listing)
    pair_ids = ids_of(read_pair(site_dir))
    assert rows and {row["kind"] for row in rows} <= {"copied", "adapted", "added", "dropped"}
    for row in rows:
        assert 0 <= float(row["similarity"]) <= 1
        if row["child_id"] == CHILD:
            assert row["url"].startswith(f"/{PAIR}#") and row["url"].split("#")[1] in pair_ids
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
        for path in (f"van-ban/{CHILD}/", f"van-ban/{PARENT}/", PAIR):
            page.goto(url + path)
            if path == PAIR:  # its words are drawn from the two plans' pages (docs/assets/alignment.js)
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
