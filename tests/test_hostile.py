"""Corpus files come from strangers: whatever text they hold is shown as text, everywhere it reaches.

One corpus is built once with a matrix of payloads (script, event handlers, `javascript:` links, iframes,
style, attribute and JSON-LD breakers, template expressions, Markdown and Markdown-extension syntax,
entities, requests to outside hosts, spreadsheet formulas) in every free-text field of a document and of
both registries. Chromium then opens every page of the site, and the search page with its filters: no
dialog opens, no request leaves 127.0.0.1, and the text appears literally. The open data keeps every value.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import CHROMIUM, REPO, build_site, read_data, read_html, serve_directory
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# The formula comes first, so every field also checks that spreadsheets get it as text.
PAYLOADS = [
    '=HYPERLINK("http://192.0.2.1/","bấm")',
    "<script>alert('p1')</script>",
    "<img src=x onerror=alert('p2')>",
    "<svg/onload=alert('p3')>",
    "\"><img src=x onerror=alert('p4')>",
    "' onmouseover='alert(5)' x='",
    "[bấm](javascript:alert('p6'))",
    "<a href=\"javascript:alert('p7')\">liên kết</a>",
    "<iframe src=\"javascript:alert('p8')\"></iframe>",
    "<style>*{display:none!important}</style>",
    "</script><script>alert('p10')</script>",
    "{{ 7*7 }} {% if true %}jinja{% endif %} ${7*7} {## x ##}",
    "**đậm** _nghiêng_ `mã` ~~gạch~~ | ô | bảng |",
    "{: onclick=\"alert('p13')\" } {#neo-la}",
    '!!! danger "cảnh báo"',
    "<!-- chú thích --> ]]> <![CDATA[x]]>",
    "&lt;b&gt;thực thể&lt;/b&gt; &amp; &#60;",
    '<link rel="stylesheet" href="http://192.0.2.1/x.css"><img src="//192.0.2.1/y.png">',
    "<math><mi xlink:href=\"javascript:alert('p18')\">x</mi></math>",
]
TEXT = " ".join(PAYLOADS)
WORD = "zuhostile"  # a word no real text holds, to find the hostile document by search


# Around the payloads, words as a plan writes them: the check refuses a title, a name or a paragraph that has
# lost its diacritics (plansite/text/folding.py), which the payloads alone would look like.
PROSE = ("Tuyên truyền, phổ biến pháp luật về quyền trẻ em, phòng, chống xâm hại trẻ em; bảo đảm môi trường sống "
         "an toàn, lành mạnh, thân thiện với trẻ em ở thôn, bản, tổ dân phố; lồng ghép trong các hội nghị của "
         "chính quyền, đoàn thể các cấp và nhà trường trên địa bàn.")


def hostile(label: str) -> str:
    """A field's value: its own label (to tell fields apart), a search word, then every payload, in prose."""
    return f"{TEXT} {PROSE} {label} {WORD}"  # the formula first: a spreadsheet must not run it


DOC_ID = "lai-chau-9-kh-ubnd-2024"
CHILD_ID = "tam-duong-12-kh-ubnd-2024"
DOCUMENT_FIELDS = {
    "title": hostile("trích yếu"),
    "place": hostile("địa danh"),
    "issuer.name": hostile("cơ quan ban hành"),
    "signer.name": hostile("người ký"),
    "signer.position": hostile("chức vụ"),
    "masthead": hostile("quốc hiệu"),
    "body.marker": hostile("ký hiệu"),
    "body.text": hostile("đoạn văn"),
    "body.uncertain": hostile("cách đọc"),
    "signature": hostile("chữ ký"),
    "recipients": hostile("nơi nhận"),
    "task": hostile("nhiệm vụ"),
    "indicator": hostile("chỉ tiêu"),
    # A unit takes a known form (plansite/text/quantity.py: a word first, numbers grouped the Vietnamese way), so
    # it carries the payloads that hold no address; their markup must still be shown as text.
    "unit": " ".join(["đơn vị", *(payload for payload in PAYLOADS if "192.0.2.1" not in payload), WORD]),
    "reporting.from": hostile("người báo cáo"),
    "reporting.to": hostile("nơi nhận báo cáo"),
    "funding": hostile("kinh phí"),
    "cites": hostile("văn bản viện dẫn"),
    "obtained": hostile("thu thập"),
    "note": hostile("ghi chú"),
    "reason": hostile("lý do suy luận"),
    "source.author": hostile("người viết nguồn"),
    "source.title": hostile("tên bài nguồn"),
}
# A source's address: the schema takes no space, quote or angle bracket, so these are what may reach an attribute.
SOURCE_URL = "https://192.0.2.1/tin?a=1&b='onmouseover='alert(19)'&c={{7*7}}"
# An uncertain reading is words of its text (plansite/text/uncertain.py), and a task is quoted from it.
BODY_TEXT = f"{DOCUMENT_FIELDS['body.text']} {DOCUMENT_FIELDS['body.uncertain']} {DOCUMENT_FIELDS['task']}"
LOCALITY_NAME = hostile("tên tỉnh")
DISTRICT_NAME = hostile("tên huyện")
AGENCY_NAME = hostile("tên cơ quan")
AGENCY_NOTE = hostile("ghi chú cơ quan")


def write_hostile_corpus(target: Path) -> None:
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", target)
    f = DOCUMENT_FIELDS
    plan_path = target / "documents" / f"{DOC_ID}.yaml"
    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    plan.update(
        title=f["title"], place=f["place"], masthead=[f["masthead"]], signature=[f["signature"]],
        recipients=[f["recipients"]], signer={"name": f["signer.name"], "position": f["signer.position"]},
    )
    plan["issuer"]["name"] = f["issuer.name"]
    plan["body"][0]["children"].append(
        {"id": "i-2", "marker": f["body.marker"], "text": BODY_TEXT, "uncertain": [f["body.uncertain"]]}
    )
    plan["responsibilities"].append({"agency": "ubnd-cap-huyen", "role": "implement", "task": f["task"], "node": "i-2",
                                     "when": {"kind": "recurrence", "text": f["body.text"], "every": "year", "by": "12-01"}})
    plan["targets"] = [{"indicator": f["indicator"], "comparator": ">=", "value": 90, "unit": f["unit"], "node": "i-2"}]
    plan["reporting"] = [{"from": f["reporting.from"], "to": f["reporting.to"], "when": {"kind": "ongoing", "text": f["body.text"]}, "node": "i-2"}]
    plan["sources"] = [{"id": "tin", "author": f["source.author"], "title": f["source.title"], "date": "2024-05", "url": SOURCE_URL}]
    plan["funding"] = [{"source": f["funding"], "node": "i-2"}, {"source": f["funding"], "origin": "tin"}]
    plan["cites"] = [{"name": f["cites"], "node": "i-2"}]
    plan["provenance"].update(obtained=f["obtained"], notes=[f["note"]], inferred=[{"field": "date", "reason": f["reason"]}])
    plan_path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # A district's plan that carries it out and adapts its hostile paragraph: the side-by-side page draws both
    # from the plans' pages (docs/assets/alignment.js), the uncertain reading and the changed words marked.
    child = dict(plan, id=CHILD_ID, number="12/KH-UBND", date="2024-06-10", implements=[DOC_ID], responsibilities=[],
                 targets=[], reporting=[], funding=[], cites=[], sources=[],
                 issuer=dict(plan["issuer"], name="Ủy ban nhân dân huyện Tam Đường", level="district", locality="tam-duong"))
    child["body"] = yaml.safe_load(yaml.safe_dump(plan["body"]))
    child["body"][0]["children"][-1]["text"] = f"{BODY_TEXT} trên địa bàn huyện Tam Đường"
    (target / "documents" / f"{CHILD_ID}.yaml").write_text(yaml.safe_dump(child, allow_unicode=True, sort_keys=False), encoding="utf-8")

    localities_path = target / "localities.yaml"
    localities = yaml.safe_load(localities_path.read_text(encoding="utf-8"))
    localities["localities"][0]["name"] = LOCALITY_NAME
    localities["localities"][1]["name"] = DISTRICT_NAME
    localities_path.write_text(yaml.safe_dump(localities, allow_unicode=True, sort_keys=False), encoding="utf-8")
    agencies_path = target / "agencies.yaml"
    agencies = yaml.safe_load(agencies_path.read_text(encoding="utf-8"))
    ubnd = next(a for a in agencies["agencies"] if a["id"] == "ubnd-cap-huyen")
    ubnd.update(name=AGENCY_NAME, note=AGENCY_NOTE)
    agencies_path.write_text(yaml.safe_dump(agencies, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_hostile_corpus(root / "corpus")
    site = root / "site"
    result = build_site(site, root / "corpus")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def html_pages(site: Path) -> list[str]:
    """Every page's address, and each pair of plans by the address of the page that shows it (the part that page
    fetches is `doi-chieu/CHILD/PARENT.html.gz`)."""
    pages = [p.relative_to(site).parent.as_posix() + "/" if p.parent != site else ""
             for p in site.rglob("index.html") if "pagefind" not in p.parts]
    pairs = [f"doi-chieu/?vb={part.parent.name}&cap-tren={part.name.removesuffix('.html.gz')}"
             for part in (site / "doi-chieu").glob("*/*.html.gz")]
    return sorted(pages + pairs)


def test_no_payload_becomes_markup_in_the_built_html(hostile_site):
    """Read as the browser receives it: no element, attribute or link of a payload survives in any page."""
    for path in [*hostile_site.rglob("*.html"), *hostile_site.rglob("*.html.gz")]:  # and the parts pages fetch
        html = read_html(path)
        where = path.relative_to(hostile_site)
        for marker in ("<script>alert", "<img src=x", "<svg/onload", "<iframe", "<style>*", "onmouseover='alert",
                       'href="javascript:', "<math>", "192.0.2.1/x.css\">", "onclick=\"alert"):
            assert marker not in html, f"{where}: {marker}"


def test_open_data_keeps_every_value_and_spreadsheets_get_text_not_formulas(hostile_site):
    data = json.loads(read_data(hostile_site, "du-lieu/corpus.json.xz"))
    document = next(d for d in data["documents"] if d["id"] == DOC_ID)
    assert document["title"] == DOCUMENT_FIELDS["title"]
    assert document["issuer"]["name"] == DOCUMENT_FIELDS["issuer.name"]
    assert any(node["text"] == BODY_TEXT for node in document["body"][0]["children"])
    assert data["localities"][0]["name"] == LOCALITY_NAME
    assert document["signer"]["name"] == DOCUMENT_FIELDS["signer.name"]
    rows = list(csv.DictReader(io.StringIO(read_data(hostile_site, "du-lieu/nhiem-vu.csv.zip"))))
    hostile_row = next(row for row in rows if row["agency_id"] == "ubnd-cap-huyen")
    assert hostile_row["task"] == "'" + DOCUMENT_FIELDS["task"]
    listed = list(csv.DictReader(io.StringIO(read_data(hostile_site, "du-lieu/van-ban.csv.zip"))))
    plan_row = next(row for row in listed if row["id"] == DOC_ID)
    assert plan_row["title"] == "'" + DOCUMENT_FIELDS["title"] and plan_row["issuer"] == "'" + DOCUMENT_FIELDS["issuer.name"]
    assert hostile_row["agency"] == "'" + AGENCY_NAME
    assert hostile_row["locality"] == "'" + LOCALITY_NAME
    targets = list(csv.DictReader(io.StringIO(read_data(hostile_site, "du-lieu/chi-tieu.csv.zip"))))
    assert targets[0]["indicator"] == "'" + DOCUMENT_FIELDS["indicator"]
    assert targets[0]["value"] == "90"


browser_only = pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")


@pytest.fixture(scope="module")
def hostile_browser(hostile_site, browser):
    """A browser context on the hostile site that records dialogs and any request to another host."""
    with serve_directory(hostile_site) as base_url:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        dialogs: list[str] = []
        outside: list[str] = []

        def route(route):
            if route.request.url.startswith((base_url, "data:", "blob:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        yield page, base_url, dialogs, outside
        context.close()


@browser_only
@pytest.mark.browser
def test_every_page_shows_the_payloads_as_text_with_no_dialog_and_no_outside_request(hostile_browser, hostile_site):
    page, base_url, dialogs, outside = hostile_browser
    texts: dict[str, str] = {}
    for path in html_pages(hostile_site):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        if path.startswith("doi-chieu/?"):  # the words are drawn from the two plans' pages
            page.wait_for_function("document.documentElement.dataset.alignment")
            assert page.evaluate("document.documentElement.dataset.alignment") == "drawn", path
            pair_uncertain = page.get_attribute(".alignment-child .uncertain", "title")
        page.mouse.move(300, 300)  # hover handlers would run now
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        texts[path] = page.inner_text("body")
        if path == f"van-ban/{DOC_ID}/":
            title, description = page.title(), page.get_attribute('meta[name="description"]', "content")
            uncertain = page.get_attribute(".uncertain", "title")
            jsonld = json.loads(page.inner_text('script[type="application/ld+json"]'))
    assert not dialogs, dialogs
    assert not outside, outside
    assert len(texts) >= 15, sorted(texts)

    document = texts[f"van-ban/{DOC_ID}/"]
    for field, value in DOCUMENT_FIELDS.items():
        if field == "task":  # quoted from a paragraph of the page: its opening words there, whole on the agency's
            assert value[:60] in document, f"{field} is not shown literally on the document page"
        elif field not in ("body.uncertain", "cites"):
            assert value in document, f"{field} is not shown literally on the document page"
    assert DOCUMENT_FIELDS["issuer.name"] in title
    # The hostile plan's date is recorded as inferred (provenance.inferred), so the description says so.
    assert description.startswith(f"Kế hoạch 9/KH-UBND ngày 02/05/2024 (suy luận) của {DOCUMENT_FIELDS['issuer.name'][:100]}")
    assert DOCUMENT_FIELDS["body.uncertain"] in uncertain
    assert jsonld["name"].endswith(DOCUMENT_FIELDS["title"]) and jsonld["legislationPassedBy"]["name"] == DOCUMENT_FIELDS["issuer.name"]
    assert LOCALITY_NAME in texts["dia-phuong/lai-chau/"] and DISTRICT_NAME in texts["dia-phuong/lai-chau/"]
    assert AGENCY_NAME in texts["co-quan/ubnd-cap-huyen/"] and AGENCY_NOTE in texts["co-quan/ubnd-cap-huyen/"]
    assert DOCUMENT_FIELDS["task"] in texts["co-quan/ubnd-cap-huyen/"]
    assert AGENCY_NAME in texts["co-quan/"] and LOCALITY_NAME in texts["dia-phuong/"]
    cited = [text for path, text in texts.items() if path.startswith("trich-dan/") and path != "trich-dan/"]
    assert any(DOCUMENT_FIELDS["cites"] in text for text in cited)
    assert DOCUMENT_FIELDS["indicator"] in texts["chi-tieu/"]
    # The adapted paragraph, in both plans' words, on the side-by-side page (the parent's from its first word on,
    # where the part the plan takes begins).
    pair = texts[f"doi-chieu/?vb={CHILD_ID}&cap-tren={DOC_ID}"]
    assert DOCUMENT_FIELDS["body.text"] in pair and pair.count(DOCUMENT_FIELDS["body.text"].lstrip("=")) == 2
    assert f"{DOCUMENT_FIELDS['body.uncertain']}(?) {DOCUMENT_FIELDS['task']} trên địa bàn huyện Tam Đường" in pair
    assert DOCUMENT_FIELDS["body.uncertain"] in pair_uncertain
    assert DOCUMENT_FIELDS["issuer.name"] in texts["dong-thoi-gian/"]


@browser_only
@pytest.mark.browser
def test_search_results_and_filters_show_the_payloads_as_text(hostile_browser):
    page, base_url, dialogs, outside = hostile_browser
    page.goto(base_url + "tim-kiem/?q=" + WORD)
    page.locator("#search-page .pagefind-ui__result").first.wait_for(timeout=20000)
    page.get_by_role("button", name="Lọc kết quả").click()
    # The locality and the agency filters both hold the search word: wait until both are drawn. Polled on a
    # timer, not on animation frames, which a busy headless Chromium may not run while nothing changes.
    try:
        page.wait_for_function(
            "word => [...document.querySelectorAll('#search-page .pagefind-ui__filter-label')]"
            ".filter(label => label.textContent.includes(word)).length >= 2", arg=WORD, timeout=30000, polling=100)
    except PlaywrightTimeoutError:
        pytest.fail("the filters never showed both hostile names; the filter panel holds: "
                    + page.evaluate("document.querySelector('#search-page').innerText"))
    for details in page.locator("#search-page details.pagefind-ui__filter-block").all():
        details.evaluate("el => el.open = true")
    page.mouse.move(300, 300)
    filters = page.locator("#search-page .pagefind-ui__filter-label").all_inner_texts()
    assert any(LOCALITY_NAME in label for label in filters), filters
    assert any(AGENCY_NAME in label for label in filters), filters
    results = page.inner_text("#search-page .pagefind-ui__results")
    assert WORD in results
    assert page.locator("#search-page .pagefind-ui__results img, #search-page .pagefind-ui__results iframe, "
                        "#search-page .pagefind-ui__results script, #search-page .pagefind-ui__filter-panel img").count() == 0
    header = page.locator("[data-site-search] input")
    if header.count():
        header.fill(WORD)
    assert not dialogs, dialogs
    assert not outside, outside
