"""The built site, read as a visitor's browser would receive it."""

from __future__ import annotations

import dataclasses
import gzip
import html
import json
import re
import shutil
import tarfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlparse

import pytest
from conftest import FROZEN, REPO, build_site, read_data, read_html, read_page, table_rows

from plansite.search.pagefind import for_reading, index_site

SEED_PLANS = {
    "can-tho-276-kh-tu-2024": ["trung-uong-28-ct-tw-2023", "trung-uong-136-hd-btgtw-2024"],
    "hai-phong-188-kh-ubnd-2024": ["hai-phong-365-kh-tu-2024"],
    "tam-duong-273-kh-hu-2024": ["lai-chau-48-ctr-tu-2024"],
    "kien-giang-211-kh-tu-2024": ["trung-uong-28-ct-tw-2023"],
    "kien-giang-234-kh-ubnd-2024": ["kien-giang-211-kh-tu-2024"],
}
DIRECTIVE = "trung-uong-28-ct-tw-2023"


class PageParser(HTMLParser):
    """Collects ids, links and asset references of one page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        for name in ("src", "href"):
            value = attributes.get(name)
            if value and (tag in ("script", "img", "iframe", "source", "video", "audio")
                          or (tag == "link" and attributes.get("rel") not in ("canonical", "alternate"))):
                self.assets.append((tag, value))


def parse(path: Path) -> PageParser:
    """A page, or the part of a page that the page fetches compressed (`.html.gz`)."""
    parser = PageParser()
    parser.feed(read_html(path))
    return parser


# The pages that show a file their address names (plansite/render/urls.py): the file each one fetches, by the
# page's folder, from the address's query.
SHOWN = {"doi-chieu": lambda query: f"doi-chieu/{query.get('vb', [''])[0]}/{query.get('cap-tren', [''])[0]}.html.gz",
         "nguon": lambda query: f"nguon/{query.get('tep', [''])[0]}.gz"}


def doc_links(html: str) -> set[str]:
    return set(re.findall(r'href="(?:\.\./)+van-ban/([a-z0-9-]+)/"', html)) | set(re.findall(r'href="\.\./([a-z0-9-]+)/"', html))


@pytest.mark.parametrize("plan", sorted(SEED_PLANS))
def test_every_seed_plan_links_up_to_its_parent_and_the_directive(site_dir, plan):
    html = read_page(site_dir, f"van-ban/{plan}")
    chain = html.split('class="chain"', 1)[1].split("</p>", 1)[0]
    assert f'href="../{DIRECTIVE}/"' in chain
    for parent in SEED_PLANS[plan]:
        assert f'href="../{parent}/"' in html.split('id="thuc-hien"', 1)[1].split('id="duoc-thuc-hien-boi"', 1)[0]


@pytest.mark.parametrize("plan", sorted(SEED_PLANS))
def test_every_parent_lists_the_plans_that_carry_it_out(site_dir, plan):
    for parent in SEED_PLANS[plan]:
        html = read_page(site_dir, f"van-ban/{parent}")
        children = html.split('id="duoc-thuc-hien-boi"', 1)[1].split("<h2", 1)[0]
        assert f'href="../{plan}/"' in children


def test_the_health_department_page_lists_tasks_of_both_provinces_with_working_paragraph_links(site_dir):
    html = read_page(site_dir, "co-quan/so-y-te")
    for plan, province in (("hai-phong-188-kh-ubnd-2024", "Hải Phòng"), ("kien-giang-234-kh-ubnd-2024", "Kiên Giang")):
        assert province in html
        anchors = re.findall(rf'href="\.\./\.\./van-ban/{plan}/#([a-z0-9-]+)"', html)
        assert anchors, plan
        target = parse(site_dir / "van-ban" / plan / "index.html")
        assert set(anchors) <= target.ids
    # Lead tasks come before coordinating ones within a locality.
    hai_phong = html.split("Hải Phòng", 1)[1].split("<h2", 1)[0]
    roles = re.findall(r"<td>(Chủ trì|Phối hợp|Thực hiện)</td>", hai_phong)
    assert roles == sorted(roles, key=["Chủ trì", "Phối hợp", "Thực hiện"].index)


@pytest.mark.parametrize("plan", ["hai-phong-188-kh-ubnd-2024", "kien-giang-234-kh-ubnd-2024"])
def test_a_plan_s_task_table_names_each_agency_once_above_every_task_the_plan_gives_it(site_dir, plan):
    from plansite.corpus.check import load_valid_corpus

    corpus = load_valid_corpus(FROZEN).corpus
    page = read_page(site_dir, f"van-ban/{plan}")
    table = page.split('id="nhiem-vu"', 1)[1].split("</table>", 1)[0]
    groups = re.findall(r'<tbody><tr><th colspan="4" scope="rowgroup"><a href="\.\./\.\./co-quan/([^/]+)/">'
                        r"([^<]+)</a>([^<]*)</th></tr>(.*?)</tbody>", table, re.S)
    agencies = [agency for agency, _, _, _ in groups]
    assert len(agencies) == len(set(agencies)) > 3, "each agency heads one group"
    # A kind that has ended says until when, as the registry records it; no other says anything.
    ended = {agency: note for agency, _, note, _ in groups if corpus.agencies[agency].valid_to}
    assert ended and all(note == f" (tồn tại đến {corpus.agencies[agency].valid_to_text})" for agency, note in ended.items()), ended
    assert not [agency for agency, _, note, _ in groups if note and agency not in ended]
    head = table.split("</thead>", 1)[0] + "</thead>"
    # Each row links to its task's paragraph from its place (the task's words are not linked: one link a row).
    shown = [(agency, name, re.match(r'<a href="#([^"]+)">', row["Đoạn"])[1]) for agency, name, _, rows in groups
             for row in table_rows(head + rows)]
    given = corpus.documents[plan].responsibilities
    assert sorted((agency, anchor) for agency, _, anchor in shown) == sorted((item.agency, item.anchor) for item in given)
    assert all(html.unescape(name) == corpus.agencies[agency].name for agency, name, _ in shown)


def test_an_agency_kind_s_page_leads_to_the_duties_given_to_every_kind_it_belongs_with(site_dir):
    """Reports "các sở, ban, ngành, đơn vị, địa phương" owe, or tasks of "các sở, ban, ngành liên quan", name
    no kind: a department's page says they exist and links them, counting those of plans of its own level
    (agencies.yaml, `addresses`): a district's "tất cả các cơ quan" is not a provincial department's."""
    from plansite.corpus.check import load_valid_corpus

    corpus = load_valid_corpus(FROZEN).corpus

    def shared(kind: str) -> list[tuple[str, str]]:
        page = read_page(site_dir, f"co-quan/{kind}")
        found = re.search(r"<p>Ngoài các nhiệm vụ nêu tên [^<]*, các kế hoạch (?:cấp tỉnh )?còn giao việc chung cho (.*?)\.</p>", page)
        return re.findall(r'<a href="\.\./([^/]+)/">[^<]+</a> \((\d+) nhiệm vụ\)', found.group(1)) if found else []

    def given(kind: str, level: str) -> int:
        return sum(1 for document in corpus.documents.values() if level in ("any", document.issuer.level)
                   for task in document.responsibilities if task.agency == kind)

    department = shared("so-y-te")
    assert department == [(kind, str(given(kind, "province"))) for kind in ("cac-so-ban-nganh", "tat-ca-co-quan")]
    assert given("tat-ca-co-quan", "province") < given("tat-ca-co-quan", "any")  # Tam Đường's are the district's
    assert [kind for kind, _ in shared("ubnd-cap-tinh")] == ["tat-ca-co-quan"]  # not one of "các sở, ban, ngành"
    assert [kind for kind, _ in shared("uy-ban-mttq")] == ["tat-ca-co-quan"]  # the Front is not a State department
    assert shared("tat-ca-co-quan") == shared("cac-so-ban-nganh") == []


def test_a_cited_decree_has_an_entry_linking_back_to_the_citing_paragraph(site_dir):
    html = read_page(site_dir, "trich-dan/56-2017-nd-cp")
    assert "Nghị định 56/2017/NĐ-CP" in html
    assert "09/05/2017" in html and "09/5/2017" not in html  # as the site writes dates (printed 09/5/2017)
    anchors = re.findall(r'href="\.\./\.\./van-ban/hai-phong-188-kh-ubnd-2024/#([a-z0-9-]+)"', html)
    assert anchors
    plan = read_page(site_dir, "van-ban/hai-phong-188-kh-ubnd-2024")
    for anchor in anchors:
        paragraph = plan.split(f'id="{anchor}"', 1)[1].split("</p>", 1)[0]
        assert 'href="../../trich-dan/56-2017-nd-cp/"' in paragraph


def broken_links(site_dir: Path) -> list[str]:
    """Every internal link of the site whose page or anchor does not exist, as `page: href`; a link to a page
    that shows a file its address names, to that file (its anchors in it); the links of a part such a page
    fetches, from that page."""
    pages = {path: parse(path) for path in site_dir.rglob("*.html")}
    parts = {path: parse(path) for path in site_dir.rglob("*.html.gz")}
    read = {**pages, **parts}
    broken = []
    for path, page in [*pages.items(), *parts.items()]:
        where = path.relative_to(site_dir).as_posix()
        base = "http://site/" + (where.split("/", 1)[0] + "/index.html" if path in parts else where)
        for href in page.links:
            if href.startswith("#") and path in parts:  # within the part, as the page shows it
                if unquote(href[1:]) not in page.ids:
                    broken.append(f"{where}: {href} (no such anchor)")
                continue
            url = urlparse(urljoin(base, href))
            if url.scheme in ("http", "https") and url.netloc != "site" or url.scheme in ("mailto",):
                continue
            target = site_dir / unquote(url.path).lstrip("/")
            if target.is_dir() or url.path.endswith("/"):
                target = target / "index.html"
            shown = SHOWN.get(target.parent.relative_to(site_dir).as_posix()) if url.query and target.name == "index.html" else None
            if shown:
                target = site_dir / shown(parse_qs(url.query))
            if not target.exists():
                broken.append(f"{where}: {href}")
            elif url.fragment and target in read and unquote(url.fragment) not in read[target].ids:
                broken.append(f"{where}: {href} (no such anchor)")
    return broken


def test_every_internal_link_and_anchor_resolves(site_dir):
    broken = broken_links(site_dir)
    assert not broken, "\n".join(broken[:20])


def test_every_icon_of_every_page_is_a_symbol_of_the_sprite_it_names(site_dir):
    """The frame's icons are drawn from one file (plansite/mkdocs_plugin/icons.py): each reference resolves."""
    sprites: dict[Path, set[str]] = {}
    icons = 0
    for path in site_dir.rglob("*.html"):
        for href in re.findall(r'<use href="([^"]+)"', path.read_text(encoding="utf-8")):
            url = urlparse(urljoin("http://site/" + path.relative_to(site_dir).as_posix(), href))
            sprite = site_dir / unquote(url.path).lstrip("/")
            if sprite not in sprites:
                sprites[sprite] = set(re.findall(r'<symbol id="([^"]+)"', sprite.read_text(encoding="utf-8")))
            assert url.fragment in sprites[sprite], (path, href)
            icons += 1
    assert list(sprites) == [site_dir / "assets" / "icons.svg"] and icons
    assert 'viewBox="' in (site_dir / "assets" / "icons.svg").read_text(encoding="utf-8")


def test_no_page_loads_anything_from_an_outside_host(site_dir):
    outside = []
    for path in site_dir.rglob("*.html"):
        for tag, value in parse(path).assets:
            if re.match(r"^(https?:)?//", value):
                outside.append(f"{path.relative_to(site_dir)}: <{tag}> {value}")
    for path in [*site_dir.rglob("*.css"), *site_dir.rglob("*.js")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.findall(r"""(?:url\(\s*['"]?|@import\s+['"]|import\(\s*['"]|fetch\(\s*['"])(https?:)?//[^'")\s]+""", text):
            outside.append(f"{path.relative_to(site_dir)}: {match}")
    assert not outside, "\n".join(outside[:20])


def test_the_site_s_own_scripts_and_style_sheet_are_served_without_their_comments(site_dir):
    # Every script and style sheet of docs/assets/ is served (the browser tests run the served ones), and a
    # reader's phone fetches none of the comments that explain it.
    sources = sorted(path for path in (REPO / "docs" / "assets").rglob("*") if path.suffix in (".js", ".css"))
    assert {path.suffix for path in sources} == {".js", ".css"}
    for source in sources:
        name = source.relative_to(REPO / "docs").as_posix()
        served = (site_dir / name).read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        comments = [part.strip() for pair in re.findall(r"^\s*//(.*)$|/\*(.*?)\*/", text, re.M | re.S)
                    for part in pair if len(part.strip()) > 12]
        assert not [comment for comment in comments if comment in served], name
        assert len(served.encode()) < source.stat().st_size, name


def test_json_ld_names_a_document_carried_out_whose_number_is_unknown_by_its_whole_title():
    """Its short title alone ("Kế hoạch (chưa rõ số)") would be the name of every such plan."""
    from plansite.corpus.check import load_valid_corpus
    from plansite.render.opendata import legislation_jsonld

    corpus = load_valid_corpus(FROZEN).corpus
    child = corpus.documents["hai-phong-188-kh-ubnd-2024"]
    parent = dataclasses.replace(corpus.documents[child.implements[0]], number=None)
    corpus.documents[parent.id] = parent
    (applies,) = legislation_jsonld(child, corpus)["legislationApplies"]
    assert applies == {"@type": "Legislation", "name": f"Kế hoạch (chưa rõ số) {parent.title_text}"}
    assert len(parent.title_text) > 40


def test_document_pages_carry_metadata_for_machines(site_dir):
    html = read_page(site_dir, "van-ban/hai-phong-188-kh-ubnd-2024")
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(jsonld)
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "188/KH-UBND"
    # The plan it carries out, by its short title and number: its whole title is on its own page.
    assert data["legislationApplies"] == [{"@type": "Legislation", "name": "Kế hoạch 365-KH/TU", "legislationIdentifier": "365-KH/TU"}]
    assert data["inLanguage"] == "vi"
    assert "Kế hoạch" in jsonld  # UTF-8, not six bytes of escape a letter
    assert '<link rel="canonical"' in html
    assert '<meta name="description"' in html
    assert '<html lang="vi"' in html


def open_data_tables(site_dir):
    """Each CSV the open data page lists: its file, its columns' meanings as the page explains them, its rows."""
    import csv
    import io

    page = read_page(site_dir, "du-lieu")
    for section in re.split(r"<h2 ", page)[1:]:
        name = re.search(r'href="([^"]+\.csv(?:\.zip)?)"', section)
        if not name:
            continue
        meanings = {html.unescape(column): html.unescape(meaning) for column, meaning in
                    re.findall(r"<td><code>([^<]+)</code></td>\s*<td>(.*?)</td>", section, re.S)}
        rows = list(csv.DictReader(io.StringIO(read_data(site_dir, "du-lieu/" + name.group(1)).lstrip("\ufeff"))))
        yield name.group(1), meanings, rows


def test_every_open_data_column_that_holds_an_inferred_mark_says_so_where_the_columns_are_explained(site_dir):
    # The mark is in the cell (a reader of the CSV sees it): the column's meaning on the open data page must
    # say so, or a date column said to be YYYY-MM-DD breaks whoever parses it.
    marked = {}
    for name, meanings, rows in open_data_tables(site_dir):
        for column in rows[0] if rows else []:
            if any("(suy luận)" in (row[column] or "") for row in rows):
                marked[name, column] = meanings.get(column, "")
    assert ("nhiem-vu.csv.zip", "document_date") in marked  # the fixture holds a plan whose date is inferred
    assert not [key for key, meaning in marked.items() if "(suy luận)" not in meaning], marked


def test_every_coded_open_data_column_holds_only_the_codes_the_open_data_page_explains(site_dir):
    # A column explained as "code = meaning, …" is filtered by those codes: a cell the spreadsheet guard
    # turned into "'=" (a code starting like a formula) is found by no filter on "=".
    checked = []
    for name, meanings, rows in open_data_tables(site_dir):
        for column, meaning in meanings.items():
            codes = re.findall(r"(?:^|[:,] )([a-z-]+) = ", meaning)
            if len(codes) >= 2 and rows and column in rows[0]:
                values = {row[column] for row in rows} - {""}
                assert values <= set(codes), (name, column, values - set(codes), meaning)
                checked.append((name, column))
    assert ("chi-tieu.csv.zip", "comparator") in checked and ("nhiem-vu.csv.zip", "role") in checked, checked


def test_open_data_files_are_published_and_linked(site_dir):
    home = read_page(site_dir, "")
    assert 'href="du-lieu/"' in home
    tasks = read_data(site_dir, "du-lieu/nhiem-vu.csv.zip").splitlines()
    assert tasks[0].startswith("document_id,document_number")
    assert any(line.startswith("hai-phong-188-kh-ubnd-2024,188/KH-UBND") and "so-y-te" in line for line in tasks)
    targets = read_data(site_dir, "du-lieu/chi-tieu.csv.zip").splitlines()
    corpus = json.loads(read_data(site_dir, "du-lieu/corpus.json.xz"))
    assert len(targets) - 1 == sum(len(document.get("targets", [])) for document in corpus["documents"])
    # The corpus as in the repository, one archive: every document's own file, as the page names it.
    archive = tarfile.open(site_dir / "du-lieu" / "kho-van-ban.tar.xz")
    member = re.search(r"<code>(corpus/documents/[^<]+)</code> trong", read_page(site_dir, "van-ban/tam-duong-273-kh-hu-2024")).group(1)
    assert archive.extractfile(member).read() == (FROZEN.parent / member).read_bytes()
    # Every file of the corpus folder and nothing else, as a plain file with no build time, owner or umask in it.
    members = archive.getmembers()
    assert sorted(info.name for info in members) == sorted(
        f"corpus/{path.relative_to(FROZEN).as_posix()}" for path in FROZEN.rglob("*") if path.is_file())
    assert {"corpus/agencies.yaml", "corpus/sources/002_816fce4e0a2a7bed.txt"} <= {info.name for info in members}
    assert {(info.type, info.mode, info.mtime, info.uid, info.uname) for info in members} == {(tarfile.REGTYPE, 0o644, 0, 0, "")}
    assert not (site_dir / "tai-ve").exists()
    # A source text, compressed (its page shows it: tests/test_browser.py), byte for byte the corpus's file.
    assert gzip.decompress((site_dir / "nguon" / "002_816fce4e0a2a7bed.txt.gz").read_bytes()) == (
        FROZEN / "sources" / "002_816fce4e0a2a7bed.txt"
    ).read_bytes()
    assert not (site_dir / "nguon" / "002_816fce4e0a2a7bed.txt").exists()


def test_documents_are_kept_out_of_the_sidebar(site_dir):
    home = read_page(site_dir, "")
    plan = read_page(site_dir, "van-ban/hai-phong-188-kh-ubnd-2024")
    nav = plan.split('<nav class="md-nav md-nav--primary', 1)[1].split('<div class="md-content"', 1)[0]
    assert "188/KH-UBND" not in nav and "273-KH/HU" not in nav
    assert "Cây thực hiện" in home


def test_the_navigation_marks_the_page_it_lists_and_none_on_the_pages_it_does_not(site_dir):
    """The theme's tabs and sidebar are rendered once for all the pages they do not list that link alike
    (plansite/mkdocs_plugin/frame.py); a page they list still has its own tab and link marked."""
    def active(html: str) -> list[str]:
        tabs = re.findall(r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="([^"]+)"', html)
        links = re.findall(r'<a href="([^"]+)" class="md-nav__link md-nav__link--active">', html)
        return tabs + links

    for listed, here in (("van-ban", "./"), ("co-quan", "./"), ("gioi-thieu", "./"), ("", ".")):
        assert active(read_page(site_dir, listed)) == [here, here], listed
    for unlisted in ("van-ban/hai-phong-188-kh-ubnd-2024", "co-quan/so-y-te", "doi-chieu", "trich-dan/56-2017-nd-cp"):
        page = read_page(site_dir, unlisted)
        assert "md-tabs__item" in page and "md-nav--primary" in page and not active(page), unlisted
    # Two plans' pages share the rendering; the links of each page resolve (test_every_internal_link_...).
    first, second = (read_page(site_dir, f"van-ban/{plan}") for plan in ("hai-phong-188-kh-ubnd-2024", "kien-giang-234-kh-ubnd-2024"))
    tabs = [page.split('<nav class="md-tabs"', 1)[1].split("</nav>", 1)[0] for page in (first, second)]
    assert tabs[0] == tabs[1] and 'href="../../co-quan/"' in tabs[0]


def test_text_typed_into_a_plan_is_shown_as_text_never_run_as_markup(tmp_path, corpus_copy):
    plan = corpus_copy / "documents" / "tam-duong-273-kh-hu-2024.yaml"
    # Inside a paragraph as a plan would be written, with its diacritics (the check refuses a text without them).
    hostile = ("Tuyên truyền về quyền trẻ em <script>alert('x')</script> [bấm](javascript:alert(1)) **đậm** "
               "<img src=x onerror=alert(2)> trên địa bàn huyện, lồng ghép trong các hội nghị ở thôn, bản.")
    text = plan.read_text(encoding="utf-8")
    text = text.replace("text: MỤC ĐÍCH, YÊU CẦU", f"text: {json.dumps(hostile, ensure_ascii=False)}", 1)
    text = text.replace("name: Cao Trang Trọng", 'name: "<b>Cao</b> javascript:alert(3)"', 1)
    plan.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, corpus_copy, search=False)
    assert result.returncode == 0, result.stderr
    html = read_page(site, "van-ban/tam-duong-273-kh-hu-2024")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Cao</b>" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert" in html
    assert "**đậm**" in html.replace("&#42;", "*") or "&#42;&#42;đậm&#42;&#42;" in html


def test_every_held_back_html_block_is_restored_in_the_pages(site_dir):
    leftovers = [p.relative_to(site_dir) for p in site_dir.rglob("*.html") if "data-plansite-block" in p.read_text(encoding="utf-8")]
    assert not leftovers
    from plansite.corpus.check import load_valid_corpus

    document = load_valid_corpus(FROZEN).corpus.documents["hai-phong-188-kh-ubnd-2024"]
    page_ids = parse(site_dir / "van-ban" / document.id / "index.html").ids
    assert {node.id for node, _ in document.nodes()} <= page_ids


def test_the_search_index_is_the_one_pagefind_makes_from_the_pages_search_copies(site_dir, search_copies, tmp_path):
    """The build indexes page bodies before the pages are written, in shares (plansite/search/pagefind.py): the
    result must be what one run of Pagefind makes from the search copies it read, file for file: fragments
    (each page's text, title, filters, anchors), word index chunks, filter indexes (in the stable order
    plansite/search/pagefind.py gives them: Pagefind's own changes from run to run) and the metadata that names
    them. And it holds every page marked for search, and only those."""
    index_site(search_copies, output=tmp_path / "pagefind")
    built, reference = site_dir / "pagefind", tmp_path / "pagefind"
    for part in ("fragment", "index", "filter"):
        assert unpacked(built, part) == unpacked(reference, part), part
    files = sorted(path.relative_to(built).as_posix() for path in built.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(reference).as_posix() for path in reference.rglob("*") if path.is_file())
    assert [name for name in files if (built / name).read_bytes() != (reference / name).read_bytes()] == []
    entry = json.loads((built / "pagefind-entry.json").read_text())
    copies = {path.relative_to(search_copies).as_posix() for path in search_copies.rglob("*.html")}
    assert entry["languages"]["vi"]["page_count"] == len(copies)
    assert copies == pages_marked_for_search(FROZEN)


def pages_marked_for_search(corpus: Path) -> set[str]:
    """Where in the site the pages the corpus templates mark `search: true` are written."""
    from plansite.corpus.check import load_valid_corpus
    from plansite.render.site import render_site

    marked = set()
    for path, text in render_site(load_valid_corpus(corpus).published()).items():
        if path.endswith(".md") and re.search(r"^search: true$", text.split("\n---\n", 1)[0], re.M):
            stem = path.removesuffix(".md").removesuffix("index").rstrip("/")
            marked.add(f"{stem}/index.html" if stem else "index.html")
    return marked


def test_a_served_page_is_its_search_copy_without_what_only_the_index_reads(site_dir, search_copies):
    """What search shows of a page is what the page says: each served page holds the body Pagefind read, less
    the paragraphs' labels (their ids on the paragraphs), the filter values and the extra spellings, which
    no reader sees. The labels, values and spellings are in the copies, and in no served page."""
    for copy in search_copies.rglob("*.html"):
        searched = copy.read_text(encoding="utf-8")
        body = re.search(r"<body><div data-pagefind-body [^>]*>(?:<span hidden [^>]*>[^<]*</span>)*\n(.*)\n</div></body>", searched, re.S).group(1)
        served = (site_dir / copy.relative_to(search_copies)).read_text(encoding="utf-8")
        assert for_reading(body) in served, copy
        assert 'class="node-label"' not in served and "data-pagefind-filter" not in served and "pf-spellings" not in served
        assert "data-pagefind-weight" not in served, copy
    document = (search_copies / "van-ban" / "hai-phong-188-kh-ubnd-2024" / "index.html").read_text(encoding="utf-8")
    assert 'class="node-label"' in document and "data-pagefind-filter" in document and 'id="pf-spellings"' in document
    assert '<span data-pagefind-weight="10">188/KH-UBND</span>' in document  # the number weighs most in the index
    served = read_page(site_dir, "van-ban/hai-phong-188-kh-ubnd-2024")
    # Each paragraph: in the copy, its label then its words; on the page, the same words, the label's id its own.
    paragraphs = re.findall(r'<p class="(node[^"]*)"><span class="node-label" id="([^"]+)"[^>]*>([^<]*)</span>(.*?)</p>', document, re.S)
    assert len(paragraphs) > 50
    for kind, node, label, words in paragraphs:
        assert f'<p class="{kind}" id="{node}">{words}</p>' in served, node
        # The permalink is titled by the paragraph's reference alone (II.1.2.a, IV.3 ¶2), which ends the passage's
        # label ("Sở Y tế — IV.3 ¶2").
        (title,) = re.findall(rf'<a class="node-anchor[^"]*" href="#{node}" title="([^"]*)">', words)
        assert title and label.endswith(title) and not title.startswith("Đoạn"), (node, title, label)


def test_the_frame_s_lists_of_links_keep_their_titles_without_whitespace_between_tags_or_tooltip_spans(site_dir):
    """The navigation drawer, the tabs and the table of contents beside a page are written without whitespace
    between their tags, and the drawer and the table of contents without the theme's tooltip spans
    (plansite/mkdocs_plugin/frame.py, overrides/partials/toc-item.html): the drawer and the tabs still name the
    same sections, and each entry of the table of contents names its heading by the heading's words, one span of
    its link. On a page the navigation does not list, the drawer's sections are the tabs' (every section is one
    link), built from them in the browser: its list is empty in the HTML, and says so. A plan's page writes its
    contents once, in the page: the theme's list beside it is empty in the HTML too, and says which list it is
    built from. (tests/test_phone_and_print.py checks what the browser builds.)"""
    listed = read_page(site_dir, "co-quan")
    sidebar = listed.split('<nav class="md-nav md-nav--primary', 1)[1].split('<div class="md-sidebar md-sidebar--secondary"', 1)[0]
    drawer = sidebar.rsplit("</nav>", 1)[0]  # up to the drawer's own end, nested lists and all
    tabs = listed.split('<nav class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    sections = re.findall(r'<a href="[^"]*" class="md-nav__link(?: md-nav__link--active)?">\s*(?:<span class="md-ellipsis">)?\s*([^<]+?)\s*(?:</span>\s*)?</a>', drawer)
    assert sections == re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*</a>', tabs) and {"Văn bản", "Cơ quan"} <= set(sections)

    page = read_page(site_dir, "van-ban/hai-phong-188-kh-ubnd-2024")
    sidebar = page.split('<nav class="md-nav md-nav--primary', 1)[1].split('<div class="md-sidebar md-sidebar--secondary"', 1)[0]
    drawer = sidebar.rsplit("</nav>", 1)[0]
    tabs = page.split('<nav class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    assert "md-ellipsis" not in drawer
    assert re.search(r">\s+<", drawer) is None and re.search(r">\s+<", tabs) is None
    assert drawer.endswith('<ul class="md-nav__list" data-md-scrollfix data-nav-from-tabs></ul>')
    assert re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*</a>', tabs) == sections
    assert '<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix data-contents-from="muc-luc"></ul>' in page
    assert page.count('id="muc-luc"') == 1

    page = read_page(site_dir, "co-quan/so-y-te")  # a page the theme writes the contents of
    toc = page.split('data-md-component="toc"', 1)[1].split('<div class="md-content"', 1)[0]
    assert "md-ellipsis" not in toc and "data-contents-from" not in toc
    entries_html = toc[toc.index("<li"):toc.rindex("</li>")]
    assert re.search(r">\s+<", entries_html) is None
    entries = re.findall(r'<a href="#([^"]+)" class="md-nav__link"><span>(.*?)</span></a>', toc)
    headings = {anchor: re.sub(r"<[^>]+>", "", title) for anchor, title in
                re.findall(r'<h[2-6] id="([^"]+)">(.*?)<a class="headerlink"', page)}
    assert len(entries) == toc.count('class="md-nav__link"') >= 2
    assert all(headings[anchor] == re.sub(r"<[^>]+>", "", title) for anchor, title in entries)


def test_a_hand_written_page_marked_for_search_is_indexed_too(tmp_path):
    """Pages written by the corpus templates reach Pagefind before MkDocs reads them; a page written by
    hand with `search: true` in its front matter must not be left out of the index."""
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    (docs / "ghi-chu.md").write_text("---\ntitle: Ghi chú riêng\nsearch: true\n---\n# Ghi chú riêng\n\nTừ khóa zyxwvu.\n\n"
                                     "```text\ndòng một\n        thụt vào tám\n```\n", encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", f"docs_dir: {docs}").replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = config.replace("!ENV [PLANSITE_CORPUS, corpus]", f"!ENV [PLANSITE_CORPUS, {json.dumps(str(REPO / 'corpus'))}]")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, config_file=tmp_path / "mkdocs.yml", env={"PLANSITE_SEARCH_COPIES": str(tmp_path / "copies")})
    assert result.returncode == 0, result.stderr
    urls = {json.loads(raw[raw.index(b"{"):])["url"] for raw in unpacked(site / "pagefind", "fragment").values()}
    assert "/ghi-chu/" in urls
    assert "/van-ban/hai-phong-188-kh-ubnd-2024/" in urls
    assert len(urls) == len(list((tmp_path / "copies").rglob("*.html"))) == len(pages_marked_for_search(REPO / "corpus")) + 1
    # The theme's indentation is gone from the page frame; preformatted text keeps its own.
    page = read_page(site, "ghi-chu")
    assert "\n        thụt vào tám" in page
    outside = re.sub(r"<(pre|textarea|script)\b.*?</\1>", "", page, flags=re.S)
    assert re.search(r"\n[ \t]+<", outside) is None


def unpacked(pagefind: Path, part: str) -> dict[str, bytes]:
    """The files of one part of a Pagefind bundle (`fragment`, `index`), decompressed."""
    return {path.name: gzip.decompress(path.read_bytes()) for path in (pagefind / part).iterdir()}


def test_a_cited_corpus_document_lists_where_it_is_cited_on_its_own_page_and_search_finds_it_once(site_dir, search_copies):
    """A cited document that is in the corpus, cited by a few paragraphs, lists them on its own page (out of
    the search index, which finds the page by its own text) and has no entry of its own; the index of cited
    documents leads there. A document outside the corpus has an entry, which is what search finds for it."""
    page = read_page(site_dir, f"van-ban/{DIRECTIVE}")
    section = page.split('<h2 id="duoc-vien-dan"', 1)[1].split("<h2", 1)[0]
    rows = [row for table in re.findall(r"<table>.*?</table>", section, re.S) for row in table_rows(table)]
    citing = [re.fullmatch(r'<a href="\.\./([^/"]+)/">.*</a>', row["Văn bản"]).group(1) for row in rows]
    paragraphs = re.findall(r'<a href="\.\./([^/"]+)/#([^"]+)">', section)
    assert len(citing) >= 3 and DIRECTIVE not in citing
    assert {doc for doc, _ in paragraphs} == set(citing)
    for doc, anchor in paragraphs:
        assert f'id="{anchor}"' in read_page(site_dir, f"van-ban/{doc}"), (doc, anchor)
    said = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert f"được nhắc đến trong {len(paragraphs)} đoạn của {len(citing)} văn bản khác" in said
    assert 'data-pagefind-ignore="all"' in section
    assert not (site_dir / "trich-dan" / DIRECTIVE).exists()
    assert f'href="../van-ban/{DIRECTIVE}/#duoc-vien-dan"' in read_page(site_dir, "trich-dan")
    assert (search_copies / "trich-dan" / "56-2017-nd-cp" / "index.html").exists()
    assert (search_copies / "van-ban" / DIRECTIVE / "index.html").exists()


def test_a_heading_written_in_markdown_takes_its_id_by_the_sites_rule_with_d_for_đ(site_dir):
    """The hand-written pages' headings are named as the site names everything (plansite/text/folding.py,
    `slugify`): `đóng góp` is `dong-gop`, where Python-Markdown's own rule would drop the đ (`ong-gop`)."""
    about = parse(site_dir / "gioi-thieu" / "index.html")
    assert {"van-ban-duoc-dua-vao-kho-nhu-the-nao", "bao-loi-dong-gop"} <= about.ids
    assert "#bao-loi-dong-gop" in about.links  # the page's table of contents and the heading's permalink
