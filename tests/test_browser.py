"""What a visitor does in a real browser: Chromium, driven by Playwright, on the built site served locally."""

from __future__ import annotations

import pytest
from conftest import CHROMIUM, FROZEN, serve_directory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped"),
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def base_url(site_dir):
    with serve_directory(site_dir) as url:
        yield url


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, browser, base_url):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base_url, "data:", "blob:")) else None)
    yield page
    context.close()
    assert not outside, f"requests to outside hosts: {outside[:5]}"


def test_from_the_home_page_down_the_tree_to_a_district_plan_and_one_of_its_tasks(page, base_url):
    page.goto(base_url)
    page.locator(".impl-tree a", has_text="Kế hoạch 273-KH/HU").click()
    page.wait_for_url("**/van-ban/tam-duong-273-kh-hu-2024/")
    assert "273-KH/HU" in page.locator("h1").inner_text()
    task_link = page.locator("#nhiem-vu ~ div table a[href^='#'], #nhiem-vu ~ table a[href^='#']").first
    anchor = task_link.get_attribute("href").lstrip("#")
    task_link.click()
    page.wait_for_function(f"location.hash === '#{anchor}'")
    paragraph = page.locator(f"p[id='{anchor}']")
    assert paragraph.is_visible()
    box = paragraph.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"], "the paragraph is scrolled into view"
    background = paragraph.evaluate("p => getComputedStyle(p).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the paragraph is highlighted"


def test_the_header_search_box_works_from_the_keyboard(page, base_url):
    """`/` focuses the box on any page; arrow keys walk the results; Enter opens the chosen one."""
    page.goto(base_url + "van-ban/")
    page.keyboard.press("/")
    box = page.locator("[data-site-search] input.pagefind-ui__search-input")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.type("so y te")
    first = page.locator("[data-site-search] a.pagefind-ui__result-link").first
    # The results of "so", then "so y", are drawn while the words are typed: wait for those of the whole query
    # (under load the keys can reach a list that is about to be replaced).
    page.wait_for_function("""() => {
        const link = document.querySelector('[data-site-search] a.pagefind-ui__result-link');
        return link && link.getAttribute('href').includes('/co-quan/so-y-te/');
    }""", timeout=20000)
    expected = first.get_attribute("href").split("?")[0]
    page.keyboard.press("ArrowDown")
    assert first.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + expected + "**")
    assert "/co-quan/so-y-te/" in page.url


def test_from_a_plan_to_its_source_text_shown_as_kept_and_back(page, base_url):
    """A source text is published compressed (plansite/render/pages/sources.py): its page shows it decompressed."""
    source = FROZEN / "sources" / "002_816fce4e0a2a7bed.txt"
    page.goto(base_url + "van-ban/tam-duong-273-kh-hu-2024/")
    page.get_by_role("link", name=source.name).click()
    page.wait_for_function("document.documentElement.dataset.source")
    assert page.evaluate("document.documentElement.dataset.source") == "shown"
    assert page.locator("pre.source-text").text_content() == source.read_text(encoding="utf-8")
    assert page.get_by_role("link", name="tải về, nén gzip").get_attribute("href") == source.name + ".gz"
    page.get_by_role("link", name="trang của văn bản").click()
    page.wait_for_url("**/van-ban/tam-duong-273-kh-hu-2024/")


@pytest.mark.parametrize("query", ["", "?tep=../van-ban/index.html", "?tep=khong-co.txt&vb=%3Cscript%3E"])
def test_the_source_page_says_why_it_shows_nothing_for_no_name_a_name_it_refuses_or_a_missing_file(page, base_url, query):
    page.goto(base_url + "nguon/" + query)
    page.wait_for_function("document.documentElement.dataset.source")
    assert page.evaluate("document.documentElement.dataset.source") == "failed"
    said = page.locator("[data-source-status]").text_content()
    assert said.startswith(("Chưa chọn bản gốc nào", "Tên tệp trong địa chỉ không phải", "Không lấy được bản gốc khong-co.txt"))
    assert page.locator("pre.source-text").is_hidden()
    assert page.locator("[data-source-links] a[href*='script']").count() == 0  # an id it refuses is not linked
