"""The interface around the content, in Vietnamese: the 404 page, the footer, the theme's own strings, the
header title on a phone, the open-data page's tables, and the screenshots script."""

from __future__ import annotations

import html
import json
import re
import struct
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CHROMIUM, REPO, QuietHandler, build_site, read_page, serve_directory

from plansite.render import opendata


def browser_only(test):
    """Marks a test that drives Chromium (the `browser` fixture skips it where Chromium is missing)."""
    skip = pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
    return pytest.mark.browser(skip(test))


PHONE = {"width": 390, "height": 844}
DEEP_UNKNOWN = "khong-co/trang/nay/"
# The main indexes the 404 page links to: link text → the path under the site's root.
INDEXES = {"Văn bản": "van-ban/", "Địa phương": "dia-phuong/", "Cơ quan": "co-quan/", "Chỉ tiêu": "chi-tieu/",
           "Dữ liệu mở": "du-lieu/", "Tìm kiếm": "tim-kiem/"}
# What Material for MkDocs writes in English (partials/languages/en.html), or wrongly in Vietnamese.
UNTRANSLATED = ("Back to top", "Skip to content", "Made with", "Material for MkDocs", "Previous", "Next", "Initializing",
           "Copy to clipboard", "Copied to clipboard", "Table of contents", "Type to start searching", "Search",
           "No matching documents", "Share", "Clear", "Navigation", "Header", "Footer", "Tabs", "Metadata",
           "Contributors", "Last update", "Edit this page", "View source", "Go to repository", "RSS feed",
           "Select language", "Not found", "404 - ", "Trở lại mục lục")


def serve_with_404(root: Path, not_found_page: Path):
    """`root` served on 127.0.0.1 at a free port, unknown paths answered with `not_found_page`; yields the base URL."""
    return serve_directory(root, type("Handler", (QuietHandler,), {"not_found_page": not_found_page}))


def interface_only(page_html: str) -> str:
    """A built page without its content (the article, which quotes the corpus): what the theme writes."""
    return re.sub(r"<article\b.*?</article>", "", page_html, flags=re.S)


def footer(page_html: str) -> str:
    return re.search(r"<footer class=\"md-footer\">.*?</footer>", page_html, flags=re.S).group(0)


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# The 404 page ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def not_found_url(site_dir):
    with serve_with_404(site_dir, site_dir / "404.html") as url:
        yield url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@browser_only
def test_the_404_page_is_in_vietnamese_and_its_links_work_from_a_deep_unknown_address(phone, not_found_url):
    failed: list[str] = []
    phone.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.request.resource_type != "document" else None)
    response = phone.goto(not_found_url + DEEP_UNKNOWN)
    assert response.status == 404
    assert phone.title().startswith("Không tìm thấy trang")
    assert phone.locator("article h1").inner_text() == "Không tìm thấy trang"
    assert "Không có trang nào ở địa chỉ này" in phone.locator("article").inner_text()
    assert failed == [], "the theme's styles and scripts load at any depth"
    assert phone.locator(".md-header").evaluate("el => getComputedStyle(el).position") == "sticky", "Material's stylesheet applies"

    links = {a.inner_text(): a.get_attribute("href") for a in phone.locator("article .not-found-links a").all()}
    assert links == {name: "/" + path for name, path in INDEXES.items()}
    for name, href in links.items():
        target = urllib.parse.urljoin(phone.url, href)
        assert phone.goto(target).status == 200, name
        assert phone.locator("article h1").count() == 1, name
        assert not phone.title().startswith("Không tìm thấy trang"), name
    assert phone.goto(not_found_url + DEEP_UNKNOWN).status == 404
    home = phone.locator("article a", has_text="Về trang chủ").get_attribute("href")
    assert phone.goto(urllib.parse.urljoin(phone.url, home)).status == 200
    assert urllib.parse.urlsplit(phone.url).path == "/"


@browser_only
@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_the_404_search_box_opens_the_search_page_with_the_query(browser, not_found_url, javascript):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(not_found_url + "van-ban/khong-co-van-ban-nay/")
        form = page.locator("form.not-found-search")
        assert form.get_attribute("method") == "get"
        assert page.locator("label[for=not-found-q]").inner_text() == "Tìm trong kho văn bản"
        page.fill("#not-found-q", "sở y tế")
        with page.expect_navigation():
            page.press("#not-found-q", "Enter")
        address = urllib.parse.urlsplit(page.url)
        assert address.path == "/tim-kiem/"
        assert urllib.parse.parse_qs(address.query) == {"q": ["sở y tế"]}
        assert page.locator("article h1").inner_text().startswith("Tìm kiếm")
        if javascript:  # the search page puts the query in its box and searches
            box = page.locator("#search-page input.pagefind-ui__search-input")
            box.wait_for(timeout=20_000)
            assert box.input_value() == "sở y tế"
            page.locator("#search-page .pagefind-ui__result").first.wait_for(timeout=20_000)
    finally:
        context.close()


def test_the_404_page_is_not_the_themes(site_dir):
    page = (site_dir / "404.html").read_text(encoding="utf-8")
    assert "404 - Not found" not in page
    assert '<html lang="vi"' in page
    action = re.search(r'<form class="not-found-search" action="([^"]+)" method="get"', page).group(1)
    assert action == "/tim-kiem/"
    assert re.search(r'<input id="not-found-q" type="search" name="q"', page)


# A site with a source repository, published under a path (a GitHub project site) ----------------------------

@pytest.fixture(scope="module")
def project_site(tmp_path_factory):
    """The site built with `repo_url` set and `site_url` under /kho/, into <root>/kho/; yields (root, site)."""
    tmp = tmp_path_factory.mktemp("project")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for old, new in (("docs_dir: docs", f"docs_dir: {REPO / 'docs'}"),
                     ("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"),
                     ("[PLANSITE_CORPUS, corpus]", f"[PLANSITE_CORPUS, {json.dumps(str(REPO / 'corpus'))}]"),
                     ("site_url: !ENV [SITE_URL, \"http://127.0.0.1:8000/\"]", "site_url: http://127.0.0.1:8000/kho/")):
        assert old in config, f"mkdocs.yml has changed: {old!r} is gone; update this test"
        config = config.replace(old, new)
    config += "\nrepo_url: https://example.org/nhom/kho-ke-hoach\nrepo_name: nhom/kho-ke-hoach\n"
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    root = tmp / "root"
    result = build_site(root / "kho", config_file=tmp / "mkdocs.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, root / "kho"


def test_the_footer_links_the_source_repository_when_mkdocs_yml_names_it(project_site):
    _, site = project_site
    for path in ("", "van-ban/hai-phong-188-kh-ubnd-2024/"):
        part = footer(read_page(site, path))
        link = re.search(r'<p class="site-source">.*?<a href="([^"]+)"[^>]*>([^<]+)</a>', part, flags=re.S)
        assert link and link.groups() == ("https://example.org/nhom/kho-ke-hoach", "nhom/kho-ke-hoach"), path
        assert "Mã nguồn:" in text_of(part)


@browser_only
def test_the_404_page_of_a_site_under_a_path_keeps_to_that_path(project_site, phone):
    root, site = project_site
    with serve_with_404(root, site / "404.html") as url:
        failed: list[str] = []
        phone.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None)
        assert phone.goto(url + "kho/" + DEEP_UNKNOWN).status == 404
        assert failed == []
        hrefs = [a.get_attribute("href") for a in phone.locator("article .not-found-links a").all()]
        assert hrefs == ["/kho/" + path for path in INDEXES.values()]
        assert phone.locator("form.not-found-search").get_attribute("action") == "/kho/tim-kiem/"
        for href in hrefs:
            assert phone.goto(urllib.parse.urljoin(url, href)).status == 200, href
        # A pair's former address is sent on within the path, with and without its last slash, "#" and all.
        for former in ("kho/doi-chieu/a-1/b-2/#c-p3", "kho/doi-chieu/a-1/b-2#c-p3", "kho/doi-chieu/a-1/b-2/index.html#c-p3"):
            phone.goto(url + former)
            phone.wait_for_url(url + "kho/doi-chieu/?vb=a-1&cap-tren=b-2#c-p3")
        assert phone.goto(url + "kho/doi-chieu/a-1/").status == 404 and phone.url == url + "kho/doi-chieu/a-1/"


# The footer and the theme's strings ------------------------------------------------------------------------

def built_pages(site: Path) -> list[Path]:
    """Every page of the site."""
    return sorted(site.rglob("*.html"))


def test_the_footer_states_the_licence_of_the_data_and_links_the_open_data_page(site_dir):
    assert "CC0 1.0" in opendata.LICENCE, "the footer repeats the licence's name: update overrides/partials/copyright.html"
    for page in built_pages(site_dir):
        part = footer(page.read_text(encoding="utf-8"))
        assert "Made with" not in part and "Material for MkDocs" not in part, page
        assert "CC0 1.0" in text_of(part), page
        href = re.search(r'<p class="site-licence">.*?<a href="([^"]+)">Giấy phép và dữ liệu mở</a>', part, flags=re.S).group(1)
        url_path = "/" + page.relative_to(site_dir).as_posix().removesuffix("index.html")
        if page.name == "404.html":
            url_path = "/" + DEEP_UNKNOWN
        assert urllib.parse.urljoin(url_path, href) == "/du-lieu/", page
        assert (site_dir / "du-lieu" / "index.html").is_file()


def test_without_repo_url_the_footer_shows_no_source_link(site_dir):
    from mkdocs.config import load_config

    if load_config(config_file=str(REPO / "mkdocs.yml")).repo_url:
        pytest.skip("mkdocs.yml sets repo_url")
    assert 'class="site-source"' not in read_page(site_dir, "")


def test_no_english_and_no_wrong_label_in_the_theme(site_dir):
    """Every string the theme writes comes from overrides/partials/languages/vi.html, in Vietnamese."""
    for page in built_pages(site_dir):
        text = page.read_text(encoding="utf-8")
        interface = text if page.name == "404.html" else interface_only(text)
        found = [word for word in UNTRANSLATED if word in interface]
        assert found == [], f"{page.relative_to(site_dir)}: {found}"
    home = read_page(site_dir, "")
    assert re.search(r'<button type="button" class="md-top md-icon"[^>]*>\s*<svg.*?</svg>\s*Lên đầu trang\s*</button>', home, flags=re.S)
    translations = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', home).group(1))["translations"]
    assert not [value for value in translations.values() if re.fullmatch(r"[A-Za-z0-9 #.,-]+", value)], translations
    assert 'aria-label="Các mục chính"' in home


# The header title on a phone ------------------------------------------------------------------------------

# The characters of an element's text that are drawn inside its box: neither cut by an ellipsis nor on a
# line hidden by a line clamp.
VISIBLE_TEXT = """el => {
  const box = el.getBoundingClientRect(), range = document.createRange();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let visible = "";
  for (let node; (node = walker.nextNode());) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      const inside = r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      if (/\\s/.test(node.data[i])) { if (visible && !visible.endsWith(" ")) visible += " "; }
      else if (r.width > 0 && inside) visible += node.data[i];
    }
  }
  return visible.trim();
}"""


@browser_only
def test_on_a_phone_the_header_shows_the_site_name_and_the_page_title_readably(phone, site_dir):
    with serve_with_404(site_dir, site_dir / "404.html") as url:
        phone.goto(url + "van-ban/hai-phong-188-kh-ubnd-2024/")
        site_name = phone.locator(".md-header__topic").first.locator(".md-ellipsis")
        assert site_name.evaluate(VISIBLE_TEXT) == "Kế hoạch thực hiện Chỉ thị 28-CT/TW", "the whole site name"
        title = phone.locator(".md-header__topic[data-md-component=header-topic] .md-ellipsis")
        full_title = " ".join(title.inner_text().split())
        phone.mouse.wheel(0, 1500)
        phone.locator(".md-header__title--active").wait_for(timeout=5_000)
        phone.wait_for_timeout(600)  # the title slides in
        shown = title.evaluate(VISIBLE_TEXT)
        assert len(shown) >= 30 and full_title.startswith(shown.rstrip("…")[:20]), (shown, full_title)
        header = phone.locator(".md-header").bounding_box()
        assert header["height"] <= 56, "the header stays one bar high"


@browser_only
def test_on_a_phone_the_header_search_box_widens_when_used(phone, site_dir):
    with serve_with_404(site_dir, site_dir / "404.html") as url:
        phone.goto(url + "van-ban/")
        box = phone.locator("[data-site-search] input.pagefind-ui__search-input")
        box.wait_for(timeout=20_000)
        narrow = box.bounding_box()["width"]
        box.focus()
        box.type("duoi nuoc")
        phone.wait_for_timeout(100)
        assert box.bounding_box()["width"] > narrow * 1.5
        # Beside the widened box the title was squeezed to a column of single letters: it gives way instead.
        title = phone.locator(".md-header__title")
        assert not title.is_visible() or title.bounding_box()["width"] >= 80, title.bounding_box()
        right = box.bounding_box()
        assert right["x"] + right["width"] <= phone.viewport_size["width"]


# The open-data page ---------------------------------------------------------------------------------------

class Tables(HTMLParser):
    """The text of every cell of every table, table by table, row by row."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_the_open_data_page_shows_its_columns_as_tables(site_dir):
    page = read_page(site_dir, "du-lieu")
    article = re.search(r"<article\b.*?</article>", page, flags=re.S).group(0)
    assert [line for line in article.splitlines() if line.lstrip().startswith("|")] == []
    parser = Tables()
    parser.feed(article)
    described = [(path, columns) for path, _, columns in opendata.FILES if columns]
    assert len(parser.tables) == len(described)
    for table, (path, columns) in zip(parser.tables, described, strict=True):
        assert table[0] == ["Cột", "Ý nghĩa"], path
        assert table[1:] == [[name, meaning] for name, meaning in columns], path
    assert "Giấy phép." in text_of(article) and opendata.LICENCE in text_of(article)


# The screenshots script -----------------------------------------------------------------------------------

def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


@browser_only
def test_the_screenshots_script_writes_one_png_per_page_phone_sized_and_two_desktop_sized(site_dir, tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "screenshots.py"), str(site_dir), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    phone = ["phone-agency.png", "phone-coverage.png", "phone-document.png", "phone-home.png", "phone-locality.png", "phone-search.png",
             "phone-targets.png"]
    desktop = ["screenshot-home.png", "screenshot-plan.png"]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(phone + desktop)
    for name in phone:
        assert png_size(tmp_path / name) == (PHONE["width"], PHONE["height"]), name
        assert (tmp_path / name).stat().st_size < 200_000, name
    for name in desktop:
        assert png_size(tmp_path / name) == (1280, 900), name
        assert (tmp_path / name).stat().st_size < 400_000, name


def test_the_screenshots_script_refuses_a_directory_that_is_not_the_site(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "screenshots.py"), str(tmp_path), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "/van-ban/hai-phong-188-kh-ubnd-2024/" in result.stderr
    assert not (tmp_path / "out").exists()
