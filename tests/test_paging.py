"""Bounded pages: a listing that grows with the corpus is split (plansite/render/paging.py), and nothing is lost.

The frozen corpus and a small generated one are each rendered twice in-process (seconds, no MkDocs): with no
bound, where no listing is split, and with three rows a page, where every listing of more than three
rows is split. Every row of each unsplit listing must be on exactly one page of the split one, no page may
list more than three rows, every link between the parts must lead to a page, and the counts the whole page
shows must be the rows its parts list."""

from __future__ import annotations

import posixpath
import re
import sys
from collections import Counter

import pytest
from conftest import FROZEN, REPO, table_rows

from plansite.corpus.check import load_valid_corpus
from plansite.corpus.model import ROLE_LABELS
from plansite.render.context import CITED_ON_DOCUMENT
from plansite.render.paging import paginate
from plansite.render.site import render_site
from plansite.render.urls import Paths

sys.path.insert(0, str(REPO / "benchmarks"))
import generate_corpus  # noqa: E402  (a script of benchmarks/, not a package)

SMALL = 3  # rows a page, in the split rendering

# --- the rule itself ------------------------------------------------------------------------------------


def test_a_short_listing_stays_whole():
    listing = paginate("co-quan/so-y-te.md", [("ha-noi", "Hà Nội", [1, 2]), ("hue", "Huế", [3])], rows_per_page=3)
    assert not listing.split and listing.rows == [1, 2, 3] and listing.own_parts == []


def test_a_long_listing_is_split_by_key_then_numbered_and_every_row_is_on_one_page():
    rows = {"ha-noi": list(range(7)), "hue": list(range(7, 9)), "can-tho": []}
    listing = paginate("co-quan/so-y-te.md", [(key, key.title(), values) for key, values in rows.items()], rows_per_page=3)
    assert listing.split and listing.total == 9
    assert [(part.path, part.rows, part.number, part.pages) for part in listing.parts] == [
        ("co-quan/so-y-te/ha-noi.md", [0, 1, 2], 1, 3),
        ("co-quan/so-y-te/ha-noi/trang-2.md", [3, 4, 5], 2, 3),
        ("co-quan/so-y-te/ha-noi/trang-3.md", [6], 3, 3),
        ("co-quan/so-y-te/hue.md", [7, 8], 1, 1),
    ]  # the empty group has no page
    assert [(group.key, group.count) for group in listing.groups] == [("ha-noi", 7), ("hue", 2)]
    assert listing.parts[1].title("Sở Y tế") == "Sở Y tế — Ha-Noi (trang 2/3)"
    assert listing.parts[3].title("Sở Y tế") == "Sở Y tế — Hue"
    chain = [listing.parts[0]]
    while chain[-1].following:
        assert chain[-1].following.previous is chain[-1]
        chain.append(chain[-1].following)
    assert chain == listing.parts


def test_a_listing_without_keys_is_numbered_from_the_whole_page():
    listing = paginate("van-ban/index.md", [("", "", list(range(5)))], rows_per_page=2)
    assert [part.path for part in listing.parts] == ["van-ban/index.md", "van-ban/trang-2.md", "van-ban/trang-3.md"]
    assert listing.rows == [0, 1] and [part.path for part in listing.own_parts] == ["van-ban/trang-2.md", "van-ban/trang-3.md"]


def test_heavy_rows_weigh_what_they_hold_and_a_row_heavier_than_a_page_gets_one():
    rows = [("a", 2), ("b", 2), ("c", 5), ("d", 1)]
    listing = paginate("trich-dan/x.md", [("", "", rows)], rows_per_page=3, weight=lambda row: row[1])
    assert [[name for name, _ in part.rows] for part in listing.parts] == [["a"], ["b"], ["c"], ["d"]]
    assert listing.total == 10


def test_the_numbered_pages_of_a_listing_are_ids_no_document_may_take(tmp_path):
    from plansite.corpus.validate import _page_taken

    assert _page_taken(Paths.document("trang-2")) == "van-ban/trang-2.md"
    assert _page_taken(Paths.cited("trang-12")) == "trich-dan/trang-12.md"
    assert _page_taken(Paths.document("trang-hai")) is None


# --- the frozen corpus, whole and split -----------------------------------------------------------------


_RENDERS: dict[str, tuple[dict, dict]] = {}
_CORPORA: dict[str, object] = {}  # the corpus each render is of


def rendered(name: str, tmp_path_factory) -> tuple[dict, dict]:
    """The corpus rendered with no bound (nothing split) and with three rows a page, once per session."""
    if name not in _RENDERS:
        if name == "frozen":
            corpus = FROZEN
        else:
            corpus = tmp_path_factory.mktemp("generated") / "corpus"
            generate_corpus.generate(corpus, 80, seed=7)
        published = load_valid_corpus(corpus).published()
        _CORPORA[name] = published.corpus
        _RENDERS[name] = render_site(published, rows_per_page=10**9), render_site(published, rows_per_page=SMALL)
    return _RENDERS[name]


@pytest.fixture(params=["frozen", "generated"])
def renders(request, tmp_path_factory):
    """The frozen corpus, and a generated one of 80 documents (as tests/test_benchmark_corpus.py makes it),
    whose provinces have more documents than a page of three holds."""
    return rendered(request.param, tmp_path_factory)


@pytest.fixture
def frozen(tmp_path_factory):
    return rendered("frozen", tmp_path_factory)


TBODY = re.compile(r"<tbody[^>]*>(.*?)</tbody>", re.S)
ROW = re.compile(r"<tr[^>]*>.*?</tr>", re.S)
UP = re.compile(r'href="(?:\.\./)*')


TABLE = re.compile(r"<table\b[^>]*>(.*?)</table>", re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
ROLE_ORDER = list(ROLE_LABELS.values())  # as the model declares them: lead, then support
PLACES = "<th>Nơi giao: văn bản, đoạn</th>"  # an agency page's table (pages/agencies.py, task_rows)


def rows_of(text: str) -> list[str]:
    """The table rows a page lists, with their links made comparable from any folder depth; an agency page's
    row, which shows a task once with every plan that gives it, once for each of those plans."""
    rows = []
    for table in TABLE.findall(text):
        for row in (UP.sub('href="', row) for body in TBODY.findall(table) for row in ROW.findall(body)):
            if PLACES not in table:
                rows.append(row)
                continue
            role, words, when, places = CELL.findall(row)
            rows += [f"<tr><td>{role}</td><td>{words}</td><td>{when}</td><td>{place}</td></tr>" for place in places.split("<br>")]
    return rows


def weight(path: str, row: str) -> int:
    """A citing document weighs its citing paragraphs (the third column of an entry's table, "Đoạn viện dẫn");
    any other row one."""
    cells = CELL.findall(row)
    if path.startswith("trich-dan/") and not path.startswith("trich-dan/trang-") and len(cells) == 3:
        return cells[2].count("<a ")
    return 1


def whole_of(path: str, pages: set[str]) -> str:
    """The whole page a part belongs to: `a/b/key/trang-2.md` -> `a/b.md` (or `a/b/index.md`)."""
    stem = path[: -len(".md")]
    while "/" in stem:
        stem = stem.rsplit("/", 1)[0]
        for candidate in (f"{stem}.md", f"{stem}/index.md"):
            if candidate in pages:
                return candidate
    return "index.md"


def target(page: str, href: str, pages: set[str]) -> str | None:
    """The generated page a relative link from `page` leads to: a `.md` path MkDocs will rewrite, or a
    directory URL; None when it leads to no page."""
    url = href.split("#", 1)[0]
    if not url:
        return page
    if url.endswith(".md"):
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), url))
        return resolved if resolved in pages else None
    here = page[: -len(".md")]
    here = here[: -len("index")] if here.endswith("index") else here + "/"
    resolved = posixpath.normpath(posixpath.join(here, url))
    candidates = ["index.md"] if resolved == "." else [f"{resolved}.md", f"{resolved}/index.md"]
    return next((candidate for candidate in candidates if candidate in pages), None)


def parts_by_whole(whole: dict, split: dict) -> dict[str, list[str]]:
    pages = {path for path in split if path.endswith(".md")}
    found: dict[str, list[str]] = {}
    for path in sorted(pages - set(whole)):
        found.setdefault(whole_of(path, set(whole)), []).append(path)
    return found


def test_splitting_happens_in_every_kind_of_listing(renders):
    whole, split = renders
    found = parts_by_whole(whole, split)
    expected = {
        "co-quan/so-y-te.md",  # an agency kind, by province
        "van-ban/index.md", "van-ban/loai-plan.md", "van-ban/nam-2024.md",  # the documents, numbered, by year, by province
        "chi-tieu.md", "dong-thoi-gian.md", "trich-dan/index.md", "dia-phuong/index.md",
    }
    assert expected <= set(found), sorted(set(expected) - set(found))
    # A citation entry, by province, wherever an entry lists more citing paragraphs than a page holds (a
    # document the corpus holds and few cite lists them on its own page: below).
    long_entries = [path for path in whole if path.startswith("trich-dan/") and path != "trich-dan/index.md"
                    and sum(weight(path, row) for row in rows_of(whole[path])) > SMALL]
    assert set(long_entries) <= set(found), sorted(set(long_entries) - set(found))
    if len(whole) > 1000:  # the generated corpus: a province's documents, by year; the Directive's citations
        assert any(path.startswith("dia-phuong/") and path != "dia-phuong/index.md" for path in found)
        assert long_entries
    assert any(path.startswith("cay-thuc-hien/") for path in split)  # the home tree, by province


def test_every_row_of_a_listing_is_on_exactly_one_of_its_pages_and_no_page_lists_more_than_the_bound(renders):
    whole, split = renders
    for whole_page, parts in parts_by_whole(whole, split).items():
        if whole_page.startswith("cay-thuc-hien/") or whole_page == "index.md":
            continue  # the tree: below
        before = Counter(rows_of(whole[whole_page]))
        after_whole = rows_of(split[whole_page])
        after = Counter(after_whole)
        for part in parts:
            part_rows = rows_of(split[part])
            assert sum(weight(part, row) for row in part_rows) <= SMALL or len(part_rows) == 1, part
            after.update(part_rows)
        if whole_page.startswith("dia-phuong/") and whole_page != "dia-phuong/index.md":
            # The units a locality replaced keep their documents on their own pages; this one links there.
            earlier = whole[whole_page].split('id="van-ban-don-vi-truoc"', 1)
            if len(earlier) == 2:
                before -= Counter(rows_of(earlier[1]))
        assert after == before, whole_page


def test_the_whole_page_counts_its_parts_and_every_link_between_them_leads_to_a_page(renders):
    whole, split = renders
    pages = {path for path in split if path.endswith(".md")}
    for whole_page, parts in parts_by_whole(whole, split).items():
        if whole_page.startswith("cay-thuc-hien/") or whole_page == "index.md":
            continue
        text = split[whole_page]
        listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> \((\d+) [^)]*?(?:, (\d+) trang)?\)</li>',
                            text.split('class="listing-parts"', 1)[1]) if 'class="listing-parts"' in text else []
        for href, label, count, page_count in listed:
            first = target(whole_page, href, pages)
            assert first in pages, (whole_page, href)
            assert label in split[first].split("title: ", 1)[1].split("\n", 1)[0], (first, label)
            group = [first] + [p for p in parts if p.startswith(first[: -len(".md")] + "/trang-")]
            assert len(group) == int(page_count or 1), (whole_page, href)
            if 'id="duoc-thuc-hien-boi"' in text:  # a document's page: its parts list documents, not table rows
                listed_rows = sum(len(children_of(split[p].replace('<h1 id="top"', '<h2 id="duoc-thuc-hien-boi"', 1))) for p in group)
            else:
                listed_rows = sum(weight(p, row) for p in group for row in rows_of(split[p]))
            assert listed_rows == int(count), (whole_page, href)
        for part in parts:
            navigation = re.findall(r'<nav class="listing-nav"[^>]*>(.*?)</nav>', split[part], re.S)
            assert navigation, part
            for href in re.findall(r'href="([^"]+)"', "".join(navigation)):
                assert target(part, href, pages), (part, href)
            title = split[part].split("title: ", 1)[1].split("\n", 1)[0]
            assert "—" in title or "trang" in title, (part, title)


def test_an_agency_kind_split_by_province_says_which_part_each_page_is(frozen):
    _, split = frozen
    page = split["co-quan/so-y-te.md"]
    assert '<ul class="listing-parts">' in page and "Hải Phòng</a> (" in page and "Kiên Giang</a> (" in page
    part = split["co-quan/so-y-te/hai-phong.md"]
    assert 'title: "Sở Y tế — Hải Phòng' in part and "<h1" in part and "Sở Y tế — Hải Phòng" in part.split("<h1", 1)[1]
    assert '<a href="../">Sở Y tế</a>' in part  # back to the whole
    # The tasks it inherited keep their mark on their own pages.
    inherited = [path for path in split if path.startswith("co-quan/so-y-te/ke-thua-")]
    assert inherited and all("kế thừa từ Sở Lao động - Thương binh và Xã hội" in split[path] for path in inherited)


def test_an_agency_kind_s_tasks_of_a_former_province_say_which_province_it_is_part_of_today(frozen):
    """The tasks keep the province of their plan's date; under them, whole or split, a line says where it went."""
    whole, split = frozen
    line = 'Tỉnh Kiên Giang từ 01/07/2025 thuộc <a href="{}dia-phuong/an-giang-2025/">tỉnh An Giang</a> (nhập toàn bộ).'
    assert line.format("../../") in whole["co-quan/so-y-te.md"].split('id="kien-giang"', 1)[1]
    assert line.format("../../../") in split["co-quan/so-y-te/kien-giang.md"]
    inherited = [path for path in split if path.startswith("co-quan/so-y-te/ke-thua-") and "kien-giang" in path]
    assert inherited and all(line.format("../../../" + "../" * path.count("/trang-")) in split[path] for path in inherited)
    # A province that is still one today has no such line.
    assert "từ 01/07/2025 thuộc" not in split["co-quan/ubnd-cap-huyen/lai-chau.md"]


def test_an_agency_page_shows_each_task_once_with_every_plan_that_gives_it(renders):
    """Plans copy their parent's tasks word for word: an agency page's table has one row for each task's words,
    role and time, and in it every plan that gives it, each the place whose plan it is and one link to the
    paragraph; on a page of a split listing, as many as the page says it lists."""
    grouped = 0
    for pages in renders:
        for path, page in pages.items():
            if not path.startswith("co-quan/") or path == "co-quan/index.md":
                continue
            for table in TABLE.findall(page):
                rows = [CELL.findall(row) for body in TBODY.findall(table) for row in ROW.findall(body)]
                assert PLACES in table and rows, path
                keys = [(plain(role), plain(words), plain(when)) for role, words, when, _ in rows]
                assert len(set(keys)) == len(keys), path  # no task twice in one table
                roles = [role for role, _, _ in keys]
                assert roles == sorted(roles, key=lambda r: ROLE_ORDER.index(r.split("kế thừa")[0].strip())), path
                for *_, places in rows:
                    entries = places.split("<br>")
                    grouped += len(entries) > 1
                    for entry in entries:
                        assert re.fullmatch(r'[^<>:]+: <a href="[^"#]+/#[^"]+">[^<]+, [^<]+</a>( \([^<>()]+\))?', entry), (path, entry)
            said = re.search(r"<p>(\d+) nhiệm vụ trên trang này", page)
            if said:
                assert int(said.group(1)) == len(rows_of(page)), path
    if len(renders[0]) > 1000:  # the generated corpus: its communes' plans copy their province's tasks
        assert grouped


def plain(html: str) -> str:
    """A cell's words as read, an uncertain reading with its "(?)"."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_marks_of_inferred_and_partial_documents_survive_on_the_parts(frozen):
    whole, split = frozen
    for mark in ("(suy luận)", "(chỉ có thông tin mô tả)"):
        for whole_page, parts in parts_by_whole(whole, split).items():
            rows_before = [row for row in rows_of(whole[whole_page]) if mark in row]
            rows_after = [row for page in [whole_page, *parts] for row in rows_of(split[page]) if mark in row]
            if not whole_page.startswith("dia-phuong/") or whole_page == "dia-phuong/index.md":
                assert sorted(rows_before) == sorted(rows_after), (whole_page, mark)
    assert any("(suy luận)" in split[path] for path in split if path.startswith("van-ban/trang-"))


def test_the_home_tree_past_a_page_lists_provinces_and_each_document_is_in_one_province_tree(renders):
    whole, split = renders
    home = split["index.md"]
    assert "### Theo tỉnh, thành phố" in home
    trees = {path: text for path, text in split.items() if path.startswith("cay-thuc-hien/")}
    linked = re.findall(r"\]\((cay-thuc-hien/[a-z0-9-]+\.md)\) \((\d+) văn bản\)", home)
    assert {path for path, _ in linked} == set(trees)
    drawn = Counter()
    counted_any = False
    for path, count in linked:
        tree = trees[path].split('class="impl-tree"', 1)[1]
        documents = set(re.findall(r"\]\(\.\./van-ban/([a-z0-9-]+)\.md\)", tree))
        hidden = [int(n) for n in re.findall(r"- \[(\d+) văn bản thực hiện\]", tree)]
        if hidden:  # past a page: the lower levels counted under the documents that they carry out
            counted_any = True
            assert len(documents) <= int(count) <= len(documents) + sum(hidden), path
        else:
            assert len(documents) == int(count), path
        drawn.update(documents)
    full_tree = whole["index.md"].split("{#cay-thuc-hien}", 1)[1].split("\n## ", 1)[0]
    central = re.findall(r"\]\(van-ban/([a-z0-9-]+)\.md\)", home.split("{#cay-thuc-hien}", 1)[1].split("### ", 1)[0])
    every = Counter(re.findall(r"\]\(van-ban/([a-z0-9-]+)\.md\)", full_tree))
    assert all(f"van-ban/{doc_id}.md" in split for doc_id in drawn)
    if not counted_any and "văn bản thực hiện](" not in full_tree:
        # A plan carrying out two documents is drawn under both, in the whole tree as in its province's.
        assert set(drawn) | set(central) == set(every)
    assert all(value == 1 for value in drawn.values())  # each in one province's tree


def test_a_count_in_the_home_tree_says_how_many_of_its_documents_are_known_by_a_summary_or_their_metadata(tmp_path_factory):
    whole, _ = rendered("generated", tmp_path_factory)  # 80 documents: past HOME_TREE_FULL_LIMIT, lower levels counted
    corpus = _CORPORA["generated"]
    tree = whole["index.md"].split("{#cay-thuc-hien}", 1)[1].split("\n## ", 1)[0]
    counted = re.findall(r"- \[(\d+) văn bản thực hiện\]\(van-ban/([a-z0-9-]+)\.md#duoc-thuc-hien-boi\)( \(trong đó [^)]*\))?", tree)
    assert counted
    for count, parent, said in counted:
        children = [d for d in corpus.documents.values() if parent in d.implements]
        kinds = Counter(d.content for d in children)
        parts = [f"{kinds[kind]} {label}" for kind, label in (("summary", "chỉ có tóm tắt"), ("metadata-only", "chỉ có thông tin mô tả"))
                 if kinds[kind]]
        assert int(count) == len(children)
        assert said == (f" (trong đó {', '.join(parts)})" if parts else ""), parent
    assert any(said for _, _, said in counted)


# --- the coverage map: a cell names a few documents, not every plan of a province -----------------------


def test_a_coverage_cell_names_its_best_and_newest_documents_and_counts_the_others(frozen, tmp_path_factory):
    from plansite.analysis.coverage import FULL, KNOWN, Cell, Evidence
    from plansite.render.pages.coverage import EVIDENCE_SHOWN

    corpus = load_valid_corpus(FROZEN).corpus
    documents = sorted((d for d in corpus.documents.values() if d.date), key=lambda d: d.date)
    province = corpus.localities["hai-phong"]
    evidence = tuple(Evidence(FULL if d.has_full_text else KNOWN, province, document=d) for d in documents)
    cell = Cell("state", evidence)
    shown = cell.strongest(EVIDENCE_SHOWN)
    assert len(shown) == EVIDENCE_SHOWN < len(evidence)
    full = [item for item in evidence if item.state == FULL]
    assert [item.document.id for item in shown] == [item.document.id for item in sorted(full, key=lambda e: e.date, reverse=True)][:EVIDENCE_SHOWN]
    assert cell.state == FULL  # what the cell says rests on what it names
    # On the page of a corpus whose cells are short, every document is named, as before.
    _, split = frozen
    assert "văn bản khác</a>" not in split["ban-do.md"]


def test_a_coverage_cell_past_its_bound_links_the_province_page_with_the_count_of_the_others(monkeypatch):
    from plansite.render.blocks import HtmlBlocks
    from plansite.render.context import RenderContext
    from plansite.render.pages import coverage

    monkeypatch.setattr(coverage, "EVIDENCE_SHOWN", 0)  # every cell past its bound
    context = RenderContext(load_valid_corpus(FROZEN).published(), HtmlBlocks(defer=False))
    page = next(item for item in coverage.pages(context) if item.path == Paths.coverage)
    cells = re.findall(r'<tr data-province="([a-z0-9-]+)">.*?</tr>', page.body, re.S)
    assert cells
    others = re.findall(r'data-state="full"><span class="coverage-state">[^<]+</span>: <a href="([^"]+)">(\d+) văn bản khác</a>', page.body)
    assert others and all(href.startswith("../dia-phuong/") and int(count) >= 1 for href, count in others)
    assert "van-ban/" not in "".join(re.findall(r'data-line="\w+"[^>]*>(.*?)</td>', page.body, re.S))


CHILD = re.compile(r'<li><a href="(?:\.\./)*([^"]+)"')


def children_of(page: str) -> list[str]:
    """The documents a document page (or a part of its list) names as carrying it out, by their link."""
    section = page.split('id="duoc-thuc-hien-boi"', 1)[-1]
    section = section.split('<div class="plan-text"', 1)[0]
    return [link.rstrip("/").rsplit("/", 1)[-1] for block in re.findall(r'<ul class="relations">(.*?)</ul>', section, re.S)
            for link in CHILD.findall(block)]


def test_a_document_carried_out_by_more_than_a_page_of_documents_lists_them_in_parts(renders):
    whole, split = renders
    documents = [path for path in whole if path.startswith("van-ban/") and children_of(whole[path])]
    long = [path for path in documents if len(children_of(whole[path])) > SMALL]
    assert long  # the Directive, at least
    pages = {path for path in split if path.endswith(".md")}
    for path in documents:
        listed = children_of(whole[path])
        parts = sorted(page for page in pages if page.startswith(path[: -len(".md")] + "/"))
        if path not in long:
            assert not parts and children_of(split[path]) == listed, path
            continue
        assert children_of(split[path]) == [] and "mỗi phần một trang" in split[path], path
        found = []
        for part in parts:
            on_part = children_of(split[part].replace('<h1 id="top"', '<h2 id="duoc-thuc-hien-boi"', 1))
            assert 0 < len(on_part) <= SMALL, part
            found += on_part
            for href in re.findall(r'<nav class="listing-nav".*?</nav>', split[part], re.S):
                assert all(target(part, link, pages) for link in re.findall(r'href="([^"]+)"', href)), part
        assert Counter(found) == Counter(listed), path
        linked = re.findall(r'<ul class="listing-parts">(.*?)</ul>', split[path], re.S)[0]
        assert all(target(path, link, pages) in parts for link in re.findall(r'href="([^"]+)"', linked)), path
        counts = [int(n) for n in re.findall(r"\((\d+) văn bản", linked)]
        assert sum(counts) == len(listed), path


def test_a_held_document_lists_the_paragraphs_citing_it_on_its_page_up_to_a_bound_past_which_its_entry_does(renders):
    whole, _ = renders
    pages = {path for path in whole if path.endswith(".md")}
    kinds = Counter()
    for path, text in whole.items():
        if not (path.startswith("van-ban/") and 'id="duoc-vien-dan"' in text):
            continue
        section = text.split('id="duoc-vien-dan"', 1)[1].split("<h2", 1)[0]
        if "xem từng đoạn viện dẫn" in section:
            (href,) = re.findall(r'<a href="([^"]+)">xem từng đoạn viện dẫn</a>', section)
            entry = target(path, href, pages)
            assert entry and entry.startswith("trich-dan/"), (path, href)
            assert sum(weight(entry, row) for row in rows_of(whole[entry])) > CITED_ON_DOCUMENT, entry
            kinds["entry"] += 1
        else:
            cells = [row["Đoạn viện dẫn"] for table in re.findall(r"<table>.*?</table>", section, re.S) for row in table_rows(table)]
            assert 0 < sum(cell.count("<a ") for cell in cells) <= CITED_ON_DOCUMENT, path
            kinds["own page"] += 1
    assert kinds["own page"]
    if len(whole) > 1000:  # the generated corpus: every plan cites the Directive
        assert kinds["entry"]
