"""WCAG 2.2 AA on every page type, on a phone and a desktop, in the light and the dark theme: axe-core in Chromium.

axe-core comes from npm as a test dependency (package.json pins it; `npm ci` installs it into node_modules/).
It is injected from that file into the locally served site, never fetched from elsewhere. Every violation of
impact serious or critical fails the test and is printed with its rule, targets and markup. The same pages
are checked on a 390 px phone for tables whose first column is cut off.
"""

from __future__ import annotations

import json

import pytest
from conftest import CHROMIUM, REPO, serve_directory

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped"),
]
needs_axe = pytest.mark.skipif(not AXE.is_file(), reason=f"axe-core is not installed ({AXE.relative_to(REPO)} is "
                               "missing): run `npm ci` at the repository root; axe checks skipped")

# One page of each type the site has.
PAGES = {
    "home": "",
    "documents": "van-ban/",
    "facet": "van-ban/cap-province/",
    "document-full-text": "van-ban/hai-phong-188-kh-ubnd-2024/",
    "document-metadata-only": "van-ban/trung-uong-28-ct-tw-2023/",
    "document-aligned-with-its-parent": "van-ban/kien-giang-234-kh-ubnd-2024/",
    "document-taken-up-by-its-children": "van-ban/kien-giang-211-kh-tu-2024/",
    "alignment": "doi-chieu/?vb=kien-giang-234-kh-ubnd-2024&cap-tren=kien-giang-211-kh-tu-2024",
    "localities": "dia-phuong/",
    "locality": "dia-phuong/hai-phong/",
    "coverage-map": "ban-do/",
    "agencies": "co-quan/",
    "agency": "co-quan/so-y-te/",
    "citations": "trich-dan/",
    "citation": "trich-dan/56-2017-nd-cp/",
    "targets": "chi-tieu/",
    "timeline": "dong-thoi-gian/",
    "open-data": "du-lieu/",
    "source": "nguon/?tep=002_816fce4e0a2a7bed.txt&vb=tam-duong-273-kh-hu-2024",
    "search": "tim-kiem/",
    "about": "gioi-thieu/",
    "not-found": "404.html",
}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
THEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme → Material's data-md-color-scheme
COMBOS = [(viewport, theme) for viewport in VIEWPORTS for theme in THEMES]
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = ("serious", "critical")
QUERY = "so y te"
SEARCH_LABEL = "Tìm kiếm trong kho văn bản"  # docs/assets/search.js: translations.search_label


@pytest.fixture(scope="module")
def base_url(site_dir):
    with serve_directory(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def axe_url():
    """axe-core served from node_modules on its own local port: cached, and compiled once, by the browser."""
    with serve_directory(AXE.parent) as url:
        yield url + AXE.name


@pytest.fixture(scope="module")
def tabs(browser, base_url):
    """One browser context, with one tab, per (viewport, theme), kept for the whole module."""
    local = ("http://127.0.0.1:", "data:", "blob:")  # the site and axe-core, each on its local server
    opened = {}
    for viewport, theme in COMBOS:
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=theme)
        page = context.new_page()
        page.on("request", lambda r: OUTSIDE.append(r.url) if not r.url.startswith(local) else None)
        opened[viewport, theme] = page
    yield opened
    for page in opened.values():
        page.context.close()


OUTSIDE: list[str] = []  # requests to any host but this machine


def open_pages(pages: dict, base_url: str, path: str) -> None:
    """Load a page in every tab at once, wait for the theme's scripts and the search box, check the theme."""
    for page in pages.values():
        page.goto(base_url + path, wait_until="commit")
    for (_, theme), page in pages.items():
        page.wait_for_load_state("load")
        page.wait_for_function("document.body.hasAttribute('data-md-color-scheme')")
        if path != "404.html":
            page.wait_for_selector("[data-site-search].is-ready input, [data-search-page] input", state="attached")
        # A side-by-side page is checked with its words drawn (docs/assets/alignment.js).
        page.wait_for_function("!document.querySelector('[data-alignment-view]') || document.documentElement.dataset.alignment === 'drawn'")
        # A source text is checked shown (docs/assets/source.js).
        page.wait_for_function("!document.querySelector('[data-source-text]') || document.documentElement.dataset.source === 'shown'")
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == THEMES[theme], f"/{path}: prefers-color-scheme {theme} gives the scheme {scheme!r}"
        # Material's palette toggle remembers a choice in localStorage: nothing stored may override the system's.
        stored = page.evaluate("""() => Object.keys(localStorage).filter(k => k.endsWith('__palette'))
                                    .map(k => JSON.parse(localStorage.getItem(k)))""")
        for palette in stored:
            color = (palette or {}).get("color") or {}
            assert color.get("scheme") in (None, THEMES[theme]), f"/{path}: a stored palette overrides {theme}: {palette}"


def run_axe(pages: dict, axe_url: str) -> dict:
    """axe-core's violations of the WCAG A and AA rules in every tab, the tabs running at the same time."""
    for page in pages.values():
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(url=axe_url)
        page.evaluate(
            """tags => { window.__axeViolations = axe.run(document,
                   {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                 .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))}))); }""",
            TAGS,
        )
    return {key: page.evaluate("window.__axeViolations") for key, page in pages.items()}


def describe(violations: list[dict], limit: int = 8) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        for node in v["nodes"][:limit]:
            lines.append(f"      target {json.dumps(node['target'], ensure_ascii=False)}")
            lines.append(f"        html {' '.join(node['html'].split())[:200]}")
            lines.append(f"        {' '.join((node['summary'] or '').split())[:300]}")
        if len(v["nodes"]) > limit:
            lines.append(f"      … and {len(v['nodes']) - limit} more")
    return "\n".join(lines)


def assert_accessible(pages: dict, axe_url: str, label: str) -> None:
    OUTSIDE.clear()
    report, failing = [], 0
    for (viewport, theme), violations in run_axe(pages, axe_url).items():
        serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        minor = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
        if minor:  # shown with -s or on failure, not failed
            print(f"{label} ({viewport}, {theme}): minor violations\n{describe(minor, limit=3)}")
        if serious:
            failing += len(serious)
            report.append(f"{label} ({viewport}, {theme}):\n{describe(serious)}")
    assert not failing, f"{failing} serious or critical axe violation(s)\n" + "\n".join(report)
    assert not OUTSIDE, f"{label}: requests to outside hosts: {OUTSIDE[:5]}"


def type_query(pages: dict, container: str) -> None:
    for page in pages.values():
        page.locator(f"{container} input.pagefind-ui__search-input").fill(QUERY)
    for page in pages.values():
        page.locator(f"{container} a.pagefind-ui__result-link").first.wait_for(timeout=20000)
        page.wait_for_function(f"!document.querySelector('{container} .pagefind-ui__loading')")


@needs_axe
@pytest.mark.parametrize("name", PAGES, scope="module")
def test_no_serious_accessibility_violations(tabs, base_url, axe_url, name):
    """Each page type, on a phone and a desktop, light and dark (four tabs at once)."""
    open_pages(tabs, base_url, PAGES[name])
    if name == "search":  # the search page with a query typed and its results shown
        type_query(tabs, "[data-search-page]")
    assert_accessible(tabs, axe_url, "/" + PAGES[name])


@needs_axe
def test_the_open_header_search_dropdown_is_accessible(tabs, base_url, axe_url):
    """The header's box, named and with a visible focus ring, open on its results (phone and desktop, both themes)."""
    open_pages(tabs, base_url, "van-ban/")
    type_query(tabs, "[data-site-search]")
    for (viewport, theme), page in tabs.items():
        assert page.locator("[data-site-search] .pagefind-ui__drawer").is_visible()
        box = page.locator("[data-site-search] input.pagefind-ui__search-input")
        assert box.get_attribute("aria-label") == SEARCH_LABEL, f"{viewport}, {theme}: the search box has no name"
        ring = box.evaluate("""el => { el.focus(); const s = getComputedStyle(el);
                                       return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
        assert ring["style"] != "none" and ring["width"] >= 2, f"{viewport}, {theme}: no focus ring on the box: {ring}"
    assert_accessible(tabs, axe_url, f"header search with results for {QUERY!r} on /van-ban/")


@pytest.mark.parametrize("name", PAGES, scope="module")
def test_no_table_has_its_first_column_cut_off_on_a_phone(tabs, base_url, name):
    """On a 390 px screen, the first cell of every row of every table lies within the screen's width."""
    path = PAGES[name]
    phone = {key: page for key, page in tabs.items() if key == ("phone", "light")}
    page = phone["phone", "light"]
    if page.url != base_url + path:  # the test before, on the same page, usually left it open
        open_pages(phone, base_url, path)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    cut = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth, cut = [];
            document.querySelectorAll('table').forEach((table, t) => {
                for (const row of table.rows) {
                    const cell = row.cells[0];
                    if (!cell) continue;
                    // scrolled to it vertically: the horizontal position is the page's, nothing scrolled sideways
                    window.scrollTo(0, cell.getBoundingClientRect().top + window.scrollY - 100);
                    const box = cell.getBoundingClientRect();
                    if (box.width === 0 && box.height === 0) continue;  // not displayed (e.g. a hidden header row)
                    if (box.left < -0.5 || box.right > width + 0.5)
                        cut.push({table: t, row: row.rowIndex, left: Math.round(box.left), right: Math.round(box.right),
                                  text: cell.textContent.trim().slice(0, 60)});
                }
            });
            window.scrollTo(0, 0);
            return {width, cut};
        }"""
    )
    assert not cut["cut"], (
        f"/{path}: first cells outside the {cut['width']} px screen:\n"
        + "\n".join(json.dumps(c, ensure_ascii=False) for c in cut["cut"][:20])
    )
