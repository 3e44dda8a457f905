"""The URL scheme: where each kind of page lives, and the links between pages. URLs carry no diacritics."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup, escape


class Paths:
    """Where each kind of page lives. URLs carry no diacritics. The validator derives the ids that would
    collide with these pages from here (plansite/corpus/validate.py)."""

    home = "index.md"
    documents = "van-ban/index.md"
    localities = "dia-phuong/index.md"
    agencies = "co-quan/index.md"
    cited_index = "trich-dan/index.md"
    targets = "chi-tieu.md"
    timeline = "dong-thoi-gian.md"
    calendar = "lich/index.md"
    open_data = "du-lieu/index.md"
    search = "tim-kiem.md"
    # Compressed: they grow with the text of the corpus (plansite/render/archive.py).
    corpus_json = "du-lieu/corpus.json.xz"
    corpus_archive = "du-lieu/kho-van-ban.tar.xz"
    sources = "nguon/index.md"  # the page that shows a source text, kept compressed (`source`)
    alignments = "doi-chieu/index.md"  # the page that shows a plan against a parent (`alignment_link`)
    documents_csv = "du-lieu/van-ban.csv.zip"
    tasks_csv = "du-lieu/nhiem-vu.csv.zip"
    targets_csv = "du-lieu/chi-tieu.csv.zip"
    coverage = "ban-do.md"
    coverage_csv = "du-lieu/ban-do-tinh.csv"
    alignment_csv = "du-lieu/doi-chieu.csv.zip"
    # The document index's facet pages, `facet(kind, value)`: by level, by type, by year.
    FACET_KINDS = ("cap", "loai", "nam")
    UNKNOWN_YEAR = "khong-ro"  # the year facet's value for the documents whose date the corpus does not know

    @staticmethod
    def document(doc_id: str) -> str:
        return f"van-ban/{doc_id}.md"

    @staticmethod
    def locality(locality_id: str) -> str:
        return f"dia-phuong/{locality_id}.md"

    @staticmethod
    def agency(agency_id: str) -> str:
        return f"co-quan/{agency_id}.md"

    @staticmethod
    def cited(key: str) -> str:
        return f"trich-dan/{key}.md"

    @staticmethod
    def facet(kind: str, value: str) -> str:
        return f"van-ban/{kind}-{value}.md"

    @staticmethod
    def alignment(child_id: str, parent_id: str) -> str:
        """A plan set against a document it carries out, paragraph by paragraph: the part of the `alignments`
        page that shows it, compressed (the page fetches it, `alignment_link` links to it)."""
        return f"doi-chieu/{child_id}/{parent_id}.html.gz"

    @staticmethod
    def alignment_query(child_id: str, parent_id: str) -> str:
        """What the `alignments` page reads from its address to show one pair."""
        return f"?vb={quote(child_id)}&cap-tren={quote(parent_id)}"

    @staticmethod
    def former_alignment_rule() -> tuple[str, str]:
        """Where a pair had a page of its own before the `alignments` page, `doi-chieu/CHILD/PARENT/`, no file is
        now: the site's page for an unknown address sends it on (overrides/404.html). The rule: the folder of those
        addresses (then the child's id, the parent's), and the query of the `alignments` page with CHILD and
        PARENT in place of the ids."""
        return Paths.alignments.rsplit("/", 1)[0] + "/", Paths.alignment_query("CHILD", "PARENT")

    @staticmethod
    def province_tree(locality_id: str) -> str:
        """A province's part of the Directive's tree, when the home page draws the central documents only."""
        return f"cay-thuc-hien/{locality_id}.md"

    @staticmethod
    def calendar_month(year: int, month: int) -> str:
        return f"lich/{year}-{month:02d}.md"

    @staticmethod
    def agency_feed(agency_id: str) -> str:
        return f"lich/co-quan/{agency_id}.ics"

    @staticmethod
    def locality_feed(locality_id: str) -> str:
        return f"lich/dia-phuong/{locality_id}.ics"

    # A split listing's pages (plansite/render/paging.py): under the whole page's folder, by key, then numbered.
    PART_PAGE = "trang-{number}"

    @staticmethod
    def part(whole: str, key: str = "", number: int = 1) -> str:
        """A page of a split listing: `co-quan/so-y-te.md` -> `co-quan/so-y-te/ha-noi.md`, its second page
        `co-quan/so-y-te/ha-noi/trang-2.md`; a listing without keys `van-ban/index.md` -> `van-ban/trang-2.md`
        (the validator keeps ids of that shape free)."""
        stem = whole[: -len(".md")]
        stem = stem[: -len("/index")] if stem.endswith("/index") else "" if stem == "index" else stem
        parts = [part for part in (stem, key, Paths.PART_PAGE.format(number=number) if number > 1 else "") if part]
        return "/".join(parts) + ".md"

    @staticmethod
    def source(file_name: str) -> str:
        """Where a source file is published: a text compressed (gzip, about a third of its bytes; the page
        `sources` shows it), a PDF as it is."""
        return f"nguon/{file_name}.gz" if is_text_source(file_name) else f"nguon/{file_name}"


def is_text_source(file_name: str) -> bool:
    """A source the site keeps compressed and shows on its `sources` page (the schema allows .txt and .pdf)."""
    return file_name.endswith(".txt")


def page_url(source_path: str) -> str:
    """The URL MkDocs gives a page (directory URLs): `van-ban/x.md` -> `van-ban/x/`, `co-quan/index.md` -> `co-quan/`;
    a file as it is, but an `index.html` by its folder, as a server gives it."""
    if source_path.endswith("/index.html"):
        return source_path[: -len("index.html")]
    if not source_path.endswith(".md"):
        return source_path
    stem = source_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return stem if stem.endswith("/") or not stem else stem + "/"


def html_href(page: str, target: str, anchor: str = "") -> Markup:
    """A relative URL for raw HTML, where MkDocs rewrites nothing: heavy pages are written in HTML for speed
    (Python-Markdown passes an HTML block through at a fraction of the cost of parsing Markdown)."""
    relative = _relative(page, target)
    fragment = f"#{anchor}" if anchor else ""
    if relative is None:
        return Markup(fragment or "./")
    return Markup(relative + fragment)


def alignment_url(page: str, child_id: str, parent_id: str, anchor: str = "") -> str:
    """The address, from `page`, of a plan set against its parent, at `anchor` (a row, `c-NODE`, or a parent's
    paragraph not taken up, `p-NODE`)."""
    fragment = f"#{anchor}" if anchor else ""
    return f"{html_href(page, Paths.alignments)}{Paths.alignment_query(child_id, parent_id)}{fragment}"


def alignment_link(page: str, child_id: str, parent_id: str, anchor: str = "") -> Markup:
    """`alignment_url` for an attribute (its "&" written "&amp;")."""
    return escape(alignment_url(page, child_id, parent_id, anchor))


@lru_cache(maxsize=1 << 14)  # a page links to the same few pages row after row: a pair page, each row to both documents
def _relative(page: str, target: str) -> str | None:
    """The relative path from one page to another; None when they are the same page."""
    here, there = page_url(page), page_url(target)
    if there == here:
        return None
    # Both are site-relative, so the relative path is: up to the common folder, then down. (posixpath.relpath
    # does the same through the file system's absolute paths, and is slow enough to show in a profile.)
    here_parts, there_parts = here.rstrip("/").split("/") if here else [], there.split("/")
    common = 0
    while common < min(len(here_parts), len(there_parts) - 1) and here_parts[common] == there_parts[common]:
        common += 1
    relative = "../" * (len(here_parts) - common) + "/".join(there_parts[common:])
    return relative or "./"
