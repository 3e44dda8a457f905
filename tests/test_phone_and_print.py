"""Reading on a phone and on paper: the contents of a long document, tables that fit a phone, a printed plan.

A document is outside the navigation and the theme's table of contents needs a wide screen: each document page
writes its own "Mục lục" (document.html.j2, DocumentView.contents). On a phone, tables are cards whose cells
carry their column's name, or, still too wide, scroll with their first column kept in view and their right
edge shaded (docs/assets/site.css, "Phone tables, contents and print"). Printed, a plan is its own text, with
its numbering, from the masthead on page 1 to the recipients.

The print tests read the PDF with `pdftotext` (Debian: apt-get install poppler-utils); without it they are
skipped and say so.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from conftest import CHROMIUM, FROZEN, REPO, read_css_string, read_html, read_page, serve_directory

from plansite.corpus.check import load_valid_corpus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped"),
]
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    not PDFTOTEXT, reason="pdftotext is not installed (Debian: apt-get install poppler-utils): print tests skipped")

PHONE = {"width": 390, "height": 844}
PLAN = "hai-phong-188-kh-ubnd-2024"  # the longest plan: tasks, targets, reporting, funding, citations
METADATA_ONLY = "trung-uong-28-ct-tw-2023"  # no full text: printed whole
DOCUMENTS = load_valid_corpus(FROZEN).corpus.documents
# One page of each kind that has tables.
TABLE_PAGES = ["", "van-ban/", "van-ban/cap-province/", f"van-ban/{PLAN}/", f"van-ban/{METADATA_ONLY}/",
               "van-ban/tam-duong-273-kh-hu-2024/", "dia-phuong/", "dia-phuong/hai-phong/", "co-quan/",
               "co-quan/so-y-te/", "trich-dan/", "trich-dan/56-2017-nd-cp/", "chi-tieu/", "dong-thoi-gian/", "du-lieu/",
               "lich/2025-08/"]
APPARATUS_HEADINGS = ["Thông tin văn bản", "Nhiệm vụ theo cơ quan", "Chỉ tiêu", "Chế độ báo cáo", "Nguồn gốc", "Tải về"]


@pytest.fixture(scope="module")
def base_url(site_dir):
    with serve_directory(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def phone_context(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    yield context
    context.close()


@pytest.fixture
def phone(phone_context):
    page = phone_context.new_page()
    yield page
    page.close()


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """selector => { const box = document.querySelector(selector).getBoundingClientRect();
                         return box.top >= 0 && box.top < innerHeight && box.height > 0; }""", selector)


# Contents of a long page


def headings_of(page_html: str, levels: str = "2-4") -> list[tuple[str, str]]:
    """(id, text) of the article's headings of those levels, in order, as written (escaped)."""
    article = page_html[page_html.index("<article"):]
    return re.findall(rf'<h[{levels}] id="([^"]+)">(.*?)<a class="headerlink"', article)


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_the_contents_list_the_page_sections_and_the_texts_headings_in_order(site_dir, doc_id):
    """Written before the headings, from the same data: the same anchors, each named by its heading's words, or
    by their opening words and " …" where a heading is long (uncertain.OPENING)."""
    page_html = read_page(site_dir, f"van-ban/{doc_id}")
    contents = re.search(r'<nav class="page-contents" id="muc-luc".*?</nav>', page_html, re.S)
    assert contents, "the page has its contents"
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', contents.group(0))
    headings = headings_of(page_html)
    assert [anchor for anchor, _ in links] == [anchor for anchor, _ in headings]
    for (_, title), (_, heading) in zip(links, headings, strict=True):
        assert title == heading or (title.endswith(" …") and heading.startswith(title[:-2])
                                    and len(html.unescape(re.sub(r"<[^>]+>", "", title))) < 80), (title, heading)
    assert page_html.index('id="muc-luc"') < page_html.index('id="thong-tin"'), "the contents come before the info card"


def test_a_long_heading_is_named_in_the_contents_by_its_opening_words(site_dir):
    page_html = read_page(site_dir, f"van-ban/{PLAN}")
    contents = re.search(r'<nav class="page-contents" id="muc-luc".*?</nav>', page_html, re.S).group(0)
    cut = [title for _, title in re.findall(r'<a href="#([^"]+)">(.*?)</a>', contents) if title.endswith(" …")]
    assert cut, "the longest plan has headings longer than their opening words"


def test_on_a_phone_a_paragraph_s_mark_and_a_note_s_mark_are_big_enough_to_tap_and_move_no_text(phone, base_url):
    """WCAG 2.5.8: at least 24 px each way (the ¶ measured 9×17, a "(?)" 16×15); the text stays where it was."""
    phone.goto(base_url + "van-ban/tam-duong-273-kh-hu-2024/")
    phone.wait_for_selector(".uncertain[role=button]")
    sizes = phone.eval_on_selector_all("a.node-anchor.pilcrow, :is(.uncertain, .inferred)[role=button]",
                                       "es => es.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert len(sizes) > 10 and min(min(size) for size in sizes) >= 24, sorted(sizes)[:3]
    # The padding is taken back by the margins: a paragraph's words start where the mark's glyph ends.
    start = phone.evaluate("""() => { const mark = document.querySelector('p.node a.pilcrow');
        const glyph = document.createRange(); glyph.selectNodeContents(mark);
        const text = document.createRange(); text.setStart(mark.nextSibling, 1); text.setEnd(mark.nextSibling, 2);
        return text.getBoundingClientRect().left - glyph.getBoundingClientRect().right; }""")
    assert 0 <= start < 10, start


def test_on_a_phone_the_reporting_section_is_two_taps_from_the_top_of_a_plan(phone, base_url):
    phone.goto(base_url + f"van-ban/{PLAN}/")
    assert not in_viewport(phone, "#bao-cao")
    phone.locator(".page-contents summary").tap()  # 1: open the contents
    phone.locator(".page-contents").get_by_role("link", name="Chế độ báo cáo").tap()  # 2: the section
    phone.wait_for_function("location.hash === '#bao-cao'")
    phone.wait_for_function("() => { const top = document.querySelector('#bao-cao').getBoundingClientRect().top;"
                            " return top >= 0 && top < innerHeight / 2; }")
    assert in_viewport(phone, "#bao-cao")


def test_a_link_back_to_the_contents_stays_in_view_while_reading(phone, base_url):
    phone.goto(base_url + f"van-ban/{PLAN}/")
    phone.locator("#iv-3").scroll_into_view_if_needed()  # deep in the full text
    back = phone.locator("a.contents-return")
    back.wait_for(state="visible", timeout=2000)  # it fades in as the page scrolls, from the next frame
    assert back.inner_text().strip() == "↑ Mục lục" and back.get_attribute("href") == "#muc-luc"
    back.tap()
    phone.wait_for_function("location.hash === '#muc-luc'")
    assert in_viewport(phone, "#muc-luc")


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_a_plan_s_headings_show_in_the_letters_the_plan_prints_them_in(browser, base_url, viewport):
    """The theme writes h5 in capitals: the plan's fifth-level headings ("1.1. Hướng dẫn các cơ quan báo chí…")
    would read as if the plan had printed them so. What a reader sees (innerText, which applies the CSS) is
    what the page holds (textContent), at every level, and no heading is smaller than the paragraphs."""
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(base_url + f"van-ban/{PLAN}/")
        headings = page.eval_on_selector_all(
            ".plan-text :is(h3, h4, h5, h6)",
            """els => els.map(el => ({tag: el.tagName, seen: el.innerText, held: el.textContent,
                                      size: parseFloat(getComputedStyle(el).fontSize)}))""")
        body = page.eval_on_selector(".plan-text p.node", "el => parseFloat(getComputedStyle(el).fontSize)")
    finally:
        page.close()
    assert {"H5"} <= {heading["tag"] for heading in headings}, "the plan has headings five levels deep"
    for heading in headings:
        assert heading["seen"].strip() == heading["held"].strip(), heading
        assert heading["size"] >= body, heading


@pytest.mark.parametrize("width", [1024, 1280])
def test_where_the_theme_shows_its_table_of_contents_the_page_does_not_repeat_it(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + f"van-ban/{PLAN}/")
    assert page.locator(".md-sidebar--secondary .md-nav__link[href='#bao-cao']").is_visible()
    assert not page.locator(".page-contents").is_visible()
    assert not page.locator(".contents-return").is_visible()
    context.close()


def entries_of(page, selector: str) -> list[tuple[str, str, int]]:
    """(anchor, words, depth) of each link of a list of contents, in order."""
    return [tuple(entry) for entry in page.eval_on_selector_all(
        selector, "links => links.map(a => [a.getAttribute('href'), a.textContent.trim(),"
                  " (function depth(e) { let n = 0; while ((e = e.parentElement.closest('li'))) n++; return n; })(a)])")]


@pytest.mark.parametrize("doc_id", sorted(DOCUMENTS))
def test_the_table_of_contents_beside_a_plan_is_its_own_contents_entry_for_entry_and_followed_as_one_reads(browser, base_url, doc_id):
    """Written once in the page ("Mục lục") and built beside it by a script before the theme's own script
    starts (assets/frame.js): the same anchors, words and nesting, and the theme marks where one is."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url + f"van-ban/{doc_id}/")
    beside = entries_of(page, ".md-sidebar--secondary [data-md-component='toc'] a")
    assert beside == entries_of(page, "#muc-luc a") and len(beside) >= 5
    assert page.locator(".md-sidebar--secondary .md-nav__link[href='#thong-tin']").is_visible()
    middle = len(beside) // 2
    page.close()
    page = context.new_page()
    page.goto(base_url + f"van-ban/{doc_id}/{beside[middle][0]}")
    active = page.wait_for_function("(document.querySelector('.md-sidebar--secondary .md-nav__link--active') || {}).hash")
    # The theme marks the section whose heading the top of the window has passed: the heading itself, or the
    # one before it when the window stops just short of it.
    assert active.json_value() in (beside[middle][0], beside[middle - 1][0])
    context.close()


@pytest.mark.parametrize("path", [f"van-ban/{PLAN}/", "co-quan/so-y-te/", "co-quan/"])
def test_on_a_phone_the_drawer_lists_the_sections_the_tabs_list_and_leads_to_them(phone, base_url, path):
    """On a page the navigation does not list, the drawer is built from the tabs (assets/frame.js); on one it lists,
    the theme writes it: either way the same sections, in order, to the same places."""
    phone.goto(base_url + path)
    tabs = phone.eval_on_selector_all(".md-tabs__link", "links => links.map(a => [a.href, a.textContent.trim()])")
    phone.locator(".md-header__button[for='__drawer']").tap()
    drawer = phone.locator(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link")
    drawer.last.wait_for(state="visible")
    assert drawer.evaluate_all("links => links.map(a => [a.href, a.textContent.trim()])") == tabs and len(tabs) >= 10
    drawer.filter(has_text="Văn bản").first.tap()
    phone.wait_for_url(base_url + "van-ban/")


@pytest.mark.parametrize("path", [f"van-ban/{PLAN}/", "co-quan/", "du-lieu/"])
def test_every_heading_s_permalink_tells_what_it_is_when_pointed_at(browser, base_url, path):
    """The pages write the permalinks without their tooltip, the same for all; assets/frame.js gives it once a
    page, on pages written in HTML and in Markdown alike."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url + path)
    titles = page.eval_on_selector_all("article h1 .headerlink, article h2 .headerlink, article h3 .headerlink",
                                       "links => links.map(a => a.title)")
    assert len(titles) >= 2 and set(titles) == {"Liên kết đến mục này"}
    context.close()


def test_without_scripts_a_phone_shows_the_tabs_and_no_empty_drawer(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + f"van-ban/{PLAN}/")
    assert page.locator(".md-tabs").is_visible() and page.locator(".md-tabs__link", has_text="Cơ quan").count() == 1
    assert not page.locator(".md-header__button[for='__drawer']").is_visible()
    context.close()


def test_without_scripts_a_plan_s_own_contents_show_where_the_theme_s_would(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + f"van-ban/{PLAN}/")
    assert page.locator(".page-contents").is_visible()
    page.locator(".page-contents summary").click()
    assert page.locator(".page-contents").get_by_role("link", name="Chế độ báo cáo").is_visible()
    context.close()


# Tables on a phone


def test_every_card_cell_carries_the_name_of_its_column(site_dir):
    """A phone shows a `stack-table` row as a card: each cell after its column's name, which the table gives
    (its `--cN`, templates/_macros.j2, card_table) or the cell itself (`data-label`). Without a browser: the name
    each cell would show is its column's in the header; the browser test below reads what it shows."""
    seen = 0
    for index in sorted([*site_dir.rglob("index.html"), *site_dir.rglob("*.html.gz")]):  # and a pair's part, fetched
        page_html = read_html(index)
        for style, table in re.findall(r'<div class="[^"]*\bstack-table\b[^"]*"[^>]*?(?: style="([^"]*)")?><table>(.*?)</table>', page_html, re.S):
            head, body = table.split("</thead>", 1)
            names = [html.unescape(re.sub(r"<[^>]+>", "", th)) for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
            given = [read_css_string(value) for value in re.findall(r"--c\d+:('[^']*')", html.unescape(style))]
            assert len(given) <= NAMED_COLUMNS, f"{index.relative_to(site_dir)}: site.css names {NAMED_COLUMNS} columns, not {names}"
            # A row heading a group of rows (an agency above its tasks) is a heading, not a card: one `th`.
            for row in re.findall(r'<tr[^>]*>(?!<th[^>]*scope="rowgroup")(.*?)</tr>', body, re.S):
                labels = [html.unescape(label.group(1)) if (label := re.search(r'\bdata-label="([^"]*)"', attributes)) else
                          given[at] if at < len(given) else None for at, attributes in enumerate(re.findall(r"<td([^>]*)>", row))]
                assert labels == names, f"{index.relative_to(site_dir)}: {labels} under {names}"
                seen += 1
    assert seen > 100


# How many columns the stylesheet names on a phone (`td:nth-child(N)::before { content: var(--cN) … }`).
NAMED_COLUMNS = len(re.findall(r"td:nth-child\((\d+)\)::before \{ content: var\(--c\1\)", (REPO / "docs" / "assets" / "site.css").read_text(encoding="utf-8")))





def table_layout(page) -> dict:
    """Every displayed table: first cells outside the screen, and, for a table wider than its box, the box."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth, cut = [], wide = [], unlabelled = [];
            document.querySelectorAll('article table').forEach((table, t) => {
                for (const row of table.rows) {
                    const cell = row.cells[0];
                    if (!cell) continue;
                    const box = cell.getBoundingClientRect();
                    if (box.width === 0 && box.height === 0) continue;  // a header row a card layout hides
                    if (box.left < -0.5 || box.right > width + 0.5) cut.push([t, row.rowIndex, cell.textContent.trim().slice(0, 40)]);
                    for (const td of row.querySelectorAll('td')) {  // its column's name, as the header or the cell gives it
                        const head = table.tHead && table.tHead.rows[0].cells[td.cellIndex];
                        const name = td.dataset.label || (head && head.textContent.trim());
                        const before = getComputedStyle(td, '::before').content;  // the name, then ": " (a tile of figures: the name)
                        const said = [JSON.stringify(name + ': '), JSON.stringify(name)];
                        if (name && getComputedStyle(td).display === 'block' && !said.includes(before))
                            unlabelled.push([t, row.rowIndex, name, before]);
                    }
                }
                let box = table.parentElement;
                while (box && box !== document.body && !/(auto|scroll)/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
                const scroller = box && box !== document.body ? box : null;
                if (table.getBoundingClientRect().width > width || (scroller && scroller.scrollWidth > scroller.clientWidth + 1)) {
                    const style = scroller && getComputedStyle(scroller);
                    wide.push({table: t, scroller: scroller && scroller.className,
                               sign: !!style && style.backgroundImage.includes('radial-gradient') && style.backgroundAttachment.includes('local')});
                }
            });
            return {width, cut, wide, unlabelled};
        }""")


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_on_a_phone_tables_keep_their_first_column_in_view_and_show_when_they_scroll(phone, base_url, path):
    phone.goto(base_url + path)
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    layout = table_layout(phone)
    assert not layout["cut"], f"/{path}: first cells outside the {layout['width']} px screen: {layout['cut'][:5]}"
    assert not layout["unlabelled"], f"/{path}: card cells shown without their column's name: {layout['unlabelled'][:5]}"
    assert all(wide["scroller"] and wide["sign"] for wide in layout["wide"]), f"/{path}: {layout['wide']}"


# Text in a table's cells wraps anywhere (site.css): what makes a table wider than a phone is something that
# cannot wrap, here a box of fixed width in each cell.
WIDE_TABLE = ("<table><thead><tr>" + "".join(f"<th>Cột {i}</th>" for i in range(8)) + "</tr></thead><tbody>"
              + "<tr><td>Khóa</td>" + '<td><span style="display: inline-block; width: 8rem">…</span></td>' * 7
              + "</tr></tbody></table>")


def test_a_table_wider_than_a_phone_scrolls_with_its_first_column_kept_and_its_edge_shaded(phone, base_url):
    """No table of the corpus is that wide today: one is added to a page as it is served."""
    url = base_url + "du-lieu/"

    def add_wide_table(route):
        body = route.fetch().text()
        route.fulfill(body=body.replace("</article>", f'<div id="wide">{WIDE_TABLE}</div></article>', 1),
                      headers={"content-type": "text/html; charset=utf-8"})

    phone.route(url, add_wide_table)
    phone.goto(url)
    scroller = phone.locator("#wide .md-typeset__scrollwrap")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth"), "the theme's box scrolls the table"
    layout = table_layout(phone)
    assert [wide["sign"] for wide in layout["wide"]] == [True]
    scroller.evaluate("el => el.scrollLeft = 300")
    key = phone.locator("#wide td").first.bounding_box()
    assert 0 <= key["x"] and key["x"] + key["width"] <= PHONE["width"], "the first column stays in view"


def test_on_a_phone_the_calendar_filter_hides_the_cards_it_filters_out(phone, base_url):
    """A card is a row given `display: block` on a phone: the `hidden` the filter sets must still hide it."""
    phone.goto(f"{base_url}/lich/2024-11/")
    rows = phone.locator("tr[data-agency]")
    assert rows.count() == 2 and all(rows.nth(index).is_visible() for index in range(2))
    phone.select_option("select[name=locality]", "tam-duong")
    assert phone.locator("[data-calendar-count]").inner_text() == "1/2 mục"
    shown = [index for index in range(2) if rows.nth(index).is_visible()]
    assert len(shown) == 1 and "tam-duong" in rows.nth(shown[0]).get_attribute("data-locality")
    hidden = rows.nth(1 - shown[0])
    assert hidden.bounding_box() is None  # takes no room either


# A plan on paper


def pdftotext(pdf_path, *options: str) -> str:
    return subprocess.run([PDFTOTEXT, *options, str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(pdf_path) -> int:
    info = subprocess.run([shutil.which("pdfinfo") or "pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture(scope="module")
def printed_plan(browser, base_url, tmp_path_factory):
    """The longest plan printed to A4 by Chromium: (text of page 1, text of all pages, number of pages)."""
    if not PDFTOTEXT:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils): print tests skipped")
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + f"van-ban/{PLAN}/")
    pdf = tmp_path_factory.mktemp("print") / f"{PLAN}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4")
    context.close()
    return pdftotext(pdf, "-f", "1", "-l", "1"), pdftotext(pdf), page_count(pdf)


@needs_pdftotext
def test_a_printed_plan_starts_with_its_masthead_on_page_one(printed_plan):
    first, _, _ = printed_plan
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    masthead = list(DOCUMENTS[PLAN].masthead)
    assert lines[:len(masthead)] == masthead, "page 1 begins with the masthead, whole"
    assert "Mục lục" not in first and "Thông tin văn bản" not in first


@needs_pdftotext
def test_a_printed_plan_keeps_every_number_and_dash_of_its_text_in_order(printed_plan):
    _, text, _ = printed_plan
    lines = [line.strip() for line in text.splitlines()]
    position = 0
    for top in DOCUMENTS[PLAN].body:
        for node, _depth in top.walk():
            first_word = node.text.split()[0]
            start = f"{node.marker} {first_word}" if node.marker else first_word
            found = next((i for i in range(position, len(lines)) if lines[i].startswith(start)), None)
            assert found is not None, f"{node.id}: no line starting {start!r} after line {position}"
            position = found + 1
    assert "¶" not in text, "the site's mark of unnumbered paragraphs is not printed"


@needs_pdftotext
def test_a_printed_plan_ends_its_text_before_anything_of_the_site(printed_plan):
    _, text, pages = printed_plan
    plan = DOCUMENTS[PLAN]
    end = text.index(plan.recipients[-1].text)
    assert text.index(plan.signature[-1].text) < end
    printed_before = {line.strip() for line in text[:end].splitlines()}
    for heading in APPARATUS_HEADINGS:  # if the site's sections were printed at all, they would come after
        assert heading not in printed_before, f"{heading!r} is printed before the end of the plan's text"
    assert "Bản in này chỉ gồm toàn văn" in text[end:], "the print says where the rest of the page is"
    assert pages <= 20, f"{pages} pages"


@pytest.mark.parametrize("path", [f"van-ban/{PLAN}/", f"van-ban/{METADATA_ONLY}/", "co-quan/so-y-te/", "dong-thoi-gian/"])
def test_printed_tables_are_never_clipped(browser, base_url, path):
    """In print, no table is wider than the page or cut by a box that scrolls or hides its overflow."""
    context = browser.new_context(viewport={"width": 640, "height": 900})  # about the width of A4 within margins
    page = context.new_page()
    page.goto(base_url + path)
    page.emulate_media(media="print")
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('article table')].filter(table => {
            if (!table.offsetParent && getComputedStyle(table).display !== 'contents') return false;  // not printed
            for (let box = table; box && box !== document.body; box = box.parentElement) {
                if (getComputedStyle(box).overflowX !== 'visible' && box.scrollWidth > box.clientWidth + 1) return true;
            }
            return table.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
        }).map(table => table.rows[0].innerText.slice(0, 60))""")
    context.close()
    assert not clipped, f"/{path}: {clipped}"


def test_an_uncertain_reading_s_mark_says_why_when_tapped_or_pressed(phone, browser, base_url):
    """A "(?)" after a reading the restorer is unsure of says why in a tooltip, which a phone cannot show and a
    keyboard cannot reach: tapped, or focused and pressed, it writes its note after it, as text; again, it takes
    the note away."""
    why = "Cách đọc chưa chắc chắn: LĐ"  # the fixture plan's recipients: "Lưu: VT, LĐ"
    phone.goto(f"{base_url}/van-ban/{PLAN}/")
    mark = phone.locator(f'.uncertain[title="{why}"]')
    mark.tap()
    note = phone.locator(".uncertain-note")
    assert note.count() == 1 and note.inner_text() == why and note.is_visible()
    assert mark.get_attribute("aria-expanded") == "true"
    mark.tap()
    assert note.count() == 0 and mark.get_attribute("aria-expanded") == "false"

    desk = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        desk.goto(f"{base_url}/van-ban/{PLAN}/")
        mark = desk.locator(f'.uncertain[title="{why}"]')
        assert mark.get_attribute("tabindex") == "0" and mark.get_attribute("role") == "button"
        mark.focus()
        desk.keyboard.press("Enter")
        assert desk.locator(".uncertain-note").inner_text() == why
    finally:
        desk.close()


def test_an_inferred_fact_s_mark_gives_the_record_s_own_reason_when_tapped(phone, base_url):
    """A "(suy luận)" beside a plan's number says why the corpus holds that number, as its record gives the reason
    (a name read without its tones is not a fact the text does not print), and a tap shows it as a "(?)" does."""
    document = DOCUMENTS["kien-giang-211-kh-tu-2024"]
    (reason,) = [item.reason for item in document.provenance.inferred if item.field == "number"]
    phone.goto(f"{base_url}/van-ban/{document.id}/")
    mark = phone.locator("table .inferred").first
    assert mark.get_attribute("title") == f"Suy luận: {reason}"
    mark.tap()
    note = phone.locator(".uncertain-note")
    assert note.count() == 1 and note.inner_text() == f"Suy luận: {reason}" and note.is_visible()
    mark.tap()
    assert note.count() == 0


def test_on_a_phone_the_header_search_shows_its_passages_at_the_size_of_the_page_s_text(phone, base_url):
    # The header's box is scaled down to fit the bar; the passages a reader searched for are not.
    phone.goto(base_url + "van-ban/hai-phong-188-kh-ubnd-2024/", wait_until="networkidle")
    body = phone.locator(".md-typeset p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    phone.locator("[data-site-search] input").click()
    phone.keyboard.type("tao hon")
    excerpt = phone.locator("[data-site-search] .pagefind-ui__result-excerpt").first
    excerpt.wait_for(timeout=20000)
    sizes = [phone.locator("[data-site-search] " + selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
             for selector in (".pagefind-ui__result-excerpt", ".pagefind-ui__message", ".pagefind-ui__search-clear")]
    assert sizes[0] >= body and sizes[1] >= body and sizes[2] >= 14, (body, sizes)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
