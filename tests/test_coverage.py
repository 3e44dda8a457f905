"""The coverage map (/ban-do/) and the searches of the 2025 reorganisation, on one build of the frozen fixture
corpus tests/fixtures/coverage/: every province of both periods, and one case per state, line and view (the
comments of its documents say which). The map's SVG, its table and its CSV are read as a user gets them and
compared province by province; a plan added to a copy of the corpus changes all three. The real corpus gets
property checks only (tests/test_growth.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil

import pytest
import yaml
from conftest import CHROMIUM, REPO, build_site, read_page, serve_directory

from plansite.corpus.check import load_valid_corpus
from plansite.corpus.loader import load_corpus
from plansite.render.site import render_site

FIXTURE = REPO / "tests" / "fixtures" / "coverage"
LABELS = {"Có toàn văn trong kho": "full", "Chỉ biết qua tóm tắt, thông tin mô tả hoặc viện dẫn": "known", "Chưa biết văn bản nào": "none"}
PARTIAL = " (một phần)"
# (view, province) -> (party, state); a trailing * marks a state known through some merged provinces only.
# Every other province of the fixture: nothing known on either line.
EXPECTED = {
    ("63", "kien-giang"): ("full", "none"),  # full text, Party
    ("63", "hai-phong"): ("known", "known"),  # metadata only, both lines
    ("63", "hai-duong"): ("full", "none"),
    ("63", "lai-chau"): ("known", "full"),  # Party: a plan cited by a district's plan, not in the corpus
    ("34", "an-giang-2025"): ("full*", "none"),  # through Kiên Giang only
    ("34", "hai-phong-2025"): ("full", "known*"),  # Party through both predecessors; State through Hải Phòng only
    ("34", "can-tho-2025"): ("none", "full"),  # its own plan, issued after 1 July 2025
    ("34", "lai-chau"): ("known", "full"),  # not merged: the same unit in both views
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture's site, with its search index (the search tests below use it)."""
    target = tmp_path_factory.mktemp("coverage-site")
    result = build_site(target, corpus=FIXTURE)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _state(label: str) -> str:
    partial = label.endswith(PARTIAL)
    return LABELS[label.removesuffix(PARTIAL)] + ("*" if partial else "")


def map_facts(html: str) -> dict[tuple[str, str], tuple[str, str]]:
    """What each tile draws: the fill of its Party and State halves, read through the legend's swatches, and
    a * after its label when a state is partial. Also checks each tile's <title> says the same in words."""
    legend = html.split('class="coverage-legend"', 1)[1].split("</ul>", 1)[0]
    fills = {fill: state for state, fill in re.findall(r'<li data-state="(\w+)"><svg[^>]*><rect [^>]*fill="([^"]+)"', legend)}
    assert len(fills) == 3, legend
    facts = {}
    for figure_match in re.finditer(r'<figure class="coverage-map" id="ban-do-(\d+)".*?</figure>', html, re.S):
        view, figure = figure_match.group(1), figure_match.group(0)
        for tile in re.finditer(r'<a class="coverage-tile" href="[^"]+" data-province="([^"]+)"><title>([^<]+)</title>(.*?)</a>', figure, re.S):
            province, title, inner = tile.groups()
            label = re.search(r'class="tile-label"[^>]*>([^<]*)<', inner).group(1)
            halves = re.findall(r'class="tile-half" data-line="(\w+)"[^>]*fill="([^"]+)"', inner)
            assert [line for line, _ in halves] == ["party", "state"], inner
            states = [fills[fill] for _, fill in halves]
            words = re.findall(r"(Đảng|Nhà nước): ([^;]+?)(?:;|$)", title)
            spoken = [_state(value[:1].upper() + value[1:]) for _, value in words]
            assert [state.rstrip("*") for state in spoken] == states, (title, states)
            assert label.endswith("*") == any(state.endswith("*") for state in spoken), (label, title)
            assert (view, province) not in facts, f"two tiles for {province} in the {view} view"
            facts[view, province] = tuple(spoken)
    return facts


def table_facts(html: str) -> dict[tuple[str, str], tuple[str, str]]:
    facts = {}
    for table_match in re.finditer(r'<table id="bang-(\d+)-du-lieu".*?</table>', html, re.S):
        view, table = table_match.group(1), table_match.group(0)
        for row in re.finditer(r'<tr data-province="([^"]+)">(.*?)</tr>', table, re.S):
            cells = re.findall(r'<td data-label="[^"]+" data-line="(\w+)"[^>]*><span class="coverage-state">([^<]+)</span>', row.group(2))
            assert [line for line, _ in cells] == ["party", "state"]
            facts[view, row.group(1)] = tuple(_state(label) for _, label in cells)
    return facts


def csv_facts(data: str) -> dict[tuple[str, str], tuple[str, str]]:
    rows = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    facts: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        assert _state(row["state_label"]).rstrip("*") == row["state"] and (row["partial"] == "có") == row["state_label"].endswith(PARTIAL)
        facts.setdefault((row["view"], row["province_id"]), {})[row["line"]] = row["state"] + ("*" if row["partial"] else "")
    return {key: (lines["party"], lines["state"]) for key, lines in facts.items()}


def provinces(corpus_dir, view: str) -> set[str]:
    day = dt.date(2025, 6, 30) if view == "63" else dt.date(2025, 7, 1)
    localities = load_corpus(corpus_dir).corpus.localities.values()
    return {unit.id for unit in localities if unit.level == "province" and unit.valid_on(day)}


def test_the_map_the_table_and_the_csv_agree_province_by_province_in_both_views(site):
    page = read_page(site, "ban-do")
    drawn, listed = map_facts(page), table_facts(page)
    data = csv_facts((site / "du-lieu" / "ban-do-tinh.csv").read_text(encoding="utf-8"))
    assert drawn == listed == data
    for view, count in (("63", 63), ("34", 34)):
        assert {province for v, province in drawn if v == view} == provinces(FIXTURE, view) and len(provinces(FIXTURE, view)) == count
    for key, states in drawn.items():
        assert states == EXPECTED.get(key, ("none", "none")), key


def test_the_page_says_what_each_state_rests_on_and_dates_the_data_from_the_corpus(site):
    page = read_page(site, "ban-do")
    words = text(page)
    # The newest document of the fixture is Cần Thơ's of 01/09/2025: the map is dated by the data, never the build.
    assert "Kho tính đến 01/09/2025 : ngày ban hành của văn bản mới nhất trong kho" in words
    table34 = page.split('id="bang-34-du-lieu"', 1)[1]
    an_giang = text(re.search(r'<tr data-province="an-giang-2025">.*?</tr>', table34, re.S).group(0))
    assert "Kế hoạch 211-KH/TU" in an_giang and "— của tỉnh Kiên Giang" in an_giang
    assert "Chưa biết văn bản của tỉnh An Giang (đến 30/06/2025)" in an_giang
    lai_chau = text(re.search(r'<tr data-province="lai-chau">.*?</tr>', page.split('id="bang-63-du-lieu"', 1)[1], re.S).group(0))
    assert "Kế hoạch 12-KH/TU ngày 01/03/2024 (kho chưa có; biết qua viện dẫn trong Kế hoạch 273-KH/HU )" in lai_chau
    hai_phong = text(re.search(r'<tr data-province="hai-phong">.*?</tr>', page, re.S).group(0))
    assert "Kế hoạch 188/KH-UBND (13/08/2024, chỉ có thông tin mô tả)" in hai_phong
    for href in set(re.findall(r'<a class="coverage-tile" href="([^"]+)"', page)):  # every tile opens its locality's page
        assert (site / "ban-do" / href / "index.html").resolve().is_file(), href


def test_the_page_is_linked_from_home_navigation_and_open_data(site):
    assert 'href="ban-do/"' in read_page(site, "")
    open_data = read_page(site, "du-lieu")
    assert 'href="../ban-do-tinh.csv"' in open_data or 'href="ban-do-tinh.csv"' in open_data
    assert "not_known" in text(open_data.replace("&#95;", "_"))  # the columns of the CSV are described


def test_a_plan_added_for_a_province_without_one_changes_its_tile_row_and_csv_line(site, tmp_path):
    """The site before, as built; after, the same files rendered again from a copy with one more plan (the
    render step of the build: a second MkDocs build of the fixture would cost the suite seconds for nothing
    more)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    plan = yaml.safe_load((FIXTURE / "documents" / "hai-phong-188-kh-ubnd-2024.yaml").read_text(encoding="utf-8"))
    plan.update(id="dong-thap-7-kh-ubnd-2024", number="7/KH-UBND", date="2024-07-01")
    plan["issuer"].update(name="Ủy ban nhân dân tỉnh Đồng Tháp", locality="dong-thap")
    (corpus / "documents" / "dong-thap-7-kh-ubnd-2024.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    files = render_site(load_valid_corpus(corpus).published())
    after_page, after_csv = files["ban-do.md"], files["du-lieu/ban-do-tinh.csv"]
    before_page = read_page(site, "ban-do")
    before_csv = (site / "du-lieu" / "ban-do-tinh.csv").read_text(encoding="utf-8")
    changed = {("63", "dong-thap"): ("none", "known"), ("34", "dong-thap-2025"): ("none", "known*")}
    for parse, before, after in ((map_facts, before_page, after_page), (table_facts, before_page, after_page), (csv_facts, before_csv, after_csv)):
        old, new = parse(before), parse(after)
        assert {key: new[key] for key in changed} == changed, parse.__name__
        assert all(old[key] == ("none", "none") for key in changed), parse.__name__
        assert {key: value for key, value in new.items() if key not in changed} == {key: value for key, value in old.items() if key not in changed}


# --- In Chromium: phone and desktop, accessibility, and the searches of the reorganisation -----------------

@pytest.fixture(scope="module")
def base_url(site):
    with serve_directory(site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_the_map_page_fits_the_screen_with_legible_tiles_that_open_their_province(browser, base_url, viewport):
    """Axe checks the page on a phone and a desktop, in both themes, with every page type (test_accessibility.py)."""
    page = browser.new_page(viewport=viewport)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1:", "data:", "blob:")) else None)
    try:
        page.goto(base_url + "ban-do/")
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[0] <= sizes[1], f"horizontal overflow: {sizes}"
        for view in ("63", "34"):
            box = page.locator(f"#ban-do-{view} svg").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= sizes[1], box
        tile = page.locator('#ban-do-63 a[data-province="kien-giang"] rect.tile-box').bounding_box()
        label = page.locator('#ban-do-63 a[data-province="kien-giang"] text.tile-label').bounding_box()
        assert tile["width"] >= 40 and label["height"] >= 12, (tile, label)  # a finger's target, a legible label
        half = page.locator('#ban-do-63 a[data-province="kien-giang"] rect.tile-half[data-line="party"]')
        assert half.evaluate("el => getComputedStyle(el).fill") == "rgb(31, 78, 140)"  # full text: solid
        assert not outside, outside
        page.locator('#ban-do-34 a[data-province="an-giang-2025"]').click()
        page.wait_for_url("**/dia-phuong/an-giang-2025/")
    finally:
        page.close()


def top(page, query: str, count: int = 3) -> list[dict]:
    return page.evaluate(
        """async ([q, count]) => { const s = await window.siteSearch.search(q); const out = [];
             for (const r of s.results.slice(0, count)) { const d = await r.data();
               out.push({url: d.url.split('?')[0].replace(/^\\//, ''), passages: d.sub_results.map(x => x.excerpt.replace(/<[^>]+>/g, ''))}); }
             return out; }""", [query, count])


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
def test_searches_by_todays_names_find_the_predecessors_and_the_inherited_tasks(browser, base_url):
    page = browser.new_page()
    try:
        page.goto(base_url + "tim-kiem/")
        an_giang = [result["url"] for result in top(page, "An Giang", 5)]
        assert an_giang[0] == "dia-phuong/an-giang-2025/" and "van-ban/kien-giang-211-kh-tu-2024/" in an_giang, an_giang
        hai_duong = [result["url"] for result in top(page, "Hải Dương")]
        assert hai_duong[0] == "dia-phuong/hai-duong/" and "dia-phuong/hai-phong-2025/" in hai_duong, hai_duong
        so_y_te = top(page, "so y te", 1)[0]
        assert so_y_te["url"] == "co-quan/so-y-te/", so_y_te
        assert any("Nhiệm vụ kế thừa" in passage or "nay thuộc Sở Y tế" in passage for passage in so_y_te["passages"]), so_y_te
    finally:
        page.close()
