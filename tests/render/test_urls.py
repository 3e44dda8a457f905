"""Where pages live (`Paths`, `page_url`) and the relative links written into raw HTML (`html_href`)."""

from __future__ import annotations

import itertools
import posixpath
from urllib.parse import urljoin

import pytest
from markupsafe import Markup

from plansite.render.urls import Paths, html_href, page_url

# One page of every kind the site makes, by its source path.
PAGES = {
    "home": Paths.home,
    "documents index": Paths.documents,
    "localities index": Paths.localities,
    "agencies index": Paths.agencies,
    "cited index": Paths.cited_index,
    "open data": Paths.open_data,
    "targets": Paths.targets,
    "timeline": Paths.timeline,
    "search": Paths.search,
    "document": Paths.document("hai-phong-188-kh-ubnd-2024"),
    "other document": Paths.document("lai-chau-9-kh-ubnd-2024"),
    "locality": Paths.locality("lai-chau"),
    "agency": Paths.agency("so-y-te"),
    "cited": Paths.cited("56-2017-nd-cp"),
    "facet by level": Paths.facet("cap", "tinh"),
    "facet by year": Paths.facet("nam", "2024"),
}
# Files that are linked to but are not pages: they keep their name.
FILES = {
    "data": Paths.corpus_json,
    "archive": Paths.corpus_archive,
    "source": Paths.source("hai-phong-188.txt"),
}
TARGETS = {**PAGES, **FILES}
BASE = "https://example.org/site/"  # the site may be served below a folder: links must stay relative


# --- page_url ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "url"), [
    ("van-ban/x.md", "van-ban/x/"),
    ("co-quan/index.md", "co-quan/"),
    ("index.md", ""),
    ("chi-tieu.md", "chi-tieu/"),
    ("a/b/index.md", "a/b/"),
    ("van-ban/cap-tinh.md", "van-ban/cap-tinh/"),
])
def test_page_url_gives_the_directory_url_mkdocs_gives_a_page(source, url):
    assert page_url(source) == url


def test_a_page_whose_name_merely_ends_in_index_is_not_an_index_page():
    assert page_url("van-ban/xindex.md") == "van-ban/xindex/"
    assert page_url("reindex.md") == "reindex/"


@pytest.mark.parametrize("path", ["du-lieu/x.csv.zip", "du-lieu/kho-van-ban.tar.xz", "nguon/x.txt", "nguon/x.pdf", "assets/site.css", ""])
def test_page_url_leaves_paths_that_are_not_markdown_pages_unchanged(path):
    assert page_url(path) == path


def test_paths_put_every_kind_of_page_in_its_folder_without_diacritics():
    assert Paths.document("x") == "van-ban/x.md"
    assert Paths.locality("x") == "dia-phuong/x.md"
    assert Paths.agency("x") == "co-quan/x.md"
    assert Paths.cited("x") == "trich-dan/x.md"
    assert Paths.facet("nam", "2024") == "van-ban/nam-2024.md"
    assert Paths.corpus_archive == "du-lieu/kho-van-ban.tar.xz"
    assert Paths.source("x.txt") == "nguon/x.txt.gz" and Paths.source("x.pdf") == "nguon/x.pdf"  # a text, compressed
    assert all(path.isascii() for path in TARGETS.values())


# --- html_href: examples ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("page", "target", "anchor", "href"), [
    # From a document page (two folders deep) ...
    (Paths.document("a"), Paths.document("b"), "", "../b/"),
    (Paths.document("a"), Paths.document("b"), "iv-3", "../b/#iv-3"),
    (Paths.document("a"), Paths.home, "", "../../"),
    (Paths.document("a"), Paths.documents, "", "../"),
    (Paths.document("a"), Paths.locality("lai-chau"), "", "../../dia-phuong/lai-chau/"),
    (Paths.document("a"), Paths.facet("nam", "2024"), "", "../nam-2024/"),
    (Paths.document("a"), Paths.corpus_archive, "", "../../du-lieu/kho-van-ban.tar.xz"),
    (Paths.document("a"), Paths.source("a.txt"), "", "../../nguon/a.txt.gz"),
    (Paths.document("a"), Paths.targets, "", "../../chi-tieu/"),
    # ... from the home page ...
    (Paths.home, Paths.document("a"), "", "van-ban/a/"),
    (Paths.home, Paths.documents, "", "van-ban/"),
    (Paths.home, Paths.corpus_json, "", "du-lieu/corpus.json.xz"),
    (Paths.home, Paths.timeline, "top", "dong-thoi-gian/#top"),
    # ... from an index page to its own items and back.
    (Paths.documents, Paths.document("a"), "", "a/"),
    (Paths.documents, Paths.facet("cap", "tinh"), "", "cap-tinh/"),
    (Paths.agencies, Paths.agency("so-y-te"), "", "so-y-te/"),
    (Paths.agency("so-y-te"), Paths.agencies, "", "../"),
    (Paths.agency("so-y-te"), Paths.document("a"), "i-1-p1", "../../van-ban/a/#i-1-p1"),
    (Paths.open_data, Paths.tasks_csv, "", "nhiem-vu.csv.zip"),
])
def test_html_href_examples(page, target, anchor, href):
    assert html_href(page, target, anchor) == href


def test_a_link_to_the_same_page_is_its_anchor_alone_or_dot_slash():
    page = Paths.document("a")
    assert html_href(page, page, "thong-tin") == "#thong-tin"
    assert html_href(page, page) == "./"
    assert html_href(Paths.home, Paths.home) == "./"
    assert html_href(Paths.home, Paths.home, "top") == "#top"


def test_html_href_is_markup_so_templates_write_it_as_is():
    assert isinstance(html_href(Paths.home, Paths.document("a")), Markup)


def test_folders_are_compared_whole_not_by_prefix():
    """`van-ban/a/` and `van-ban/ab/` share the folder `van-ban`, not the letter `a`."""
    assert html_href(Paths.document("a"), Paths.document("ab")) == "../ab/"
    assert html_href(Paths.document("ab"), Paths.document("a")) == "../a/"
    assert html_href(Paths.locality("van-ban"), Paths.documents) == "../../van-ban/"


# --- html_href: every pair of kinds, against two oracles --------------------------------------------------

def relpath_oracle(page: str, target: str, anchor: str) -> str:
    """What posixpath.relpath says, from the folder a directory URL is served from, plus the trailing slash
    a directory URL keeps."""
    here, there = page_url(page), page_url(target)
    fragment = f"#{anchor}" if anchor else ""
    if here == there:
        return fragment or "./"
    relative = posixpath.relpath(there or ".", here or ".")
    if there == "" or there.endswith("/"):
        relative = "./" if relative == "." else relative + "/"
    return relative + fragment


PAIRS = [(page, target, anchor) for page, target in itertools.product(PAGES.values(), TARGETS.values()) for anchor in ("", "iv-3")]


def test_html_href_agrees_with_posixpath_relpath_between_every_pair_of_page_kinds():
    mismatches = [(page, target, anchor, str(html_href(page, target, anchor)), relpath_oracle(page, target, anchor))
                  for page, target, anchor in PAIRS if html_href(page, target, anchor) != relpath_oracle(page, target, anchor)]
    assert not mismatches
    assert len(PAIRS) == len(PAGES) * len(TARGETS) * 2


def test_every_link_between_every_pair_of_page_kinds_resolves_in_a_browser_to_its_target():
    """The property that matters: a browser on the page, following the link, reaches the target's URL."""
    for page, target, anchor in PAIRS:
        resolved = urljoin(BASE + page_url(page), str(html_href(page, target, anchor)))
        expected = BASE + page_url(target) + (f"#{anchor}" if anchor else "")
        assert resolved == expected, (page, target, anchor)


def generated_paths() -> list[str]:
    """Many source paths, deterministic: names that share prefixes with each other and with folder names."""
    names = ["a", "ab", "b", "van-ban", "index-x", "x1"]
    paths = ["index.md"]
    for folder, name in itertools.product(["", "van-ban/", "co-quan/", "a/", "a/b/"], names):
        paths += [f"{folder}{name}.md", f"{folder}{name}.json"]
        if folder:
            paths.append(f"{folder}index.md")
    return sorted(set(paths))


def test_html_href_agrees_with_both_oracles_over_many_generated_pairs():
    paths = generated_paths()
    pages = [path for path in paths if path.endswith(".md")]
    assert len(pages) * len(paths) > 2000
    for page, target in itertools.product(pages, paths):
        href = str(html_href(page, target, "x"))
        assert href == relpath_oracle(page, target, "x"), (page, target)
        assert urljoin(BASE + page_url(page), href) == BASE + page_url(target) + "#x", (page, target)
        assert not href.startswith("/") and "//" not in href
