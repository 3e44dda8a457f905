"""Shared fixtures: the site of the frozen corpus built once per test session, and scratch copies of corpora.

Tests that depend on what the plans say run on the frozen corpus (tests/fixtures/corpus/: the real plans as they
were when the tests were written), so that adding a plan to corpus/ never moves them; the real corpus gets the
property tests of tests/test_growth.py, which hold whatever it holds."""

from __future__ import annotations

import gzip
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plansite.render.archive import read_member
from plansite.runtime.localserver import CHROMIUM_FLAGS, QuietHandler, serve_directory  # noqa: F401  (shared with the tests)

REPO = Path(__file__).resolve().parent.parent
FROZEN = REPO / "tests" / "fixtures" / "corpus"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = CHROMIUM_FLAGS


def pytest_report_header(config):
    lines = [f"browser tests: on, with {CHROMIUM}" if CHROMIUM else
             "browser tests: SKIPPED — Chromium is not installed (Debian: apt-get install chromium)"]
    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    lines.append("accessibility tests: on, with axe-core" if axe.exists() else
                 "accessibility tests: SKIPPED — axe-core is not installed (npm ci)")
    lines.append("print test: on, with pdftotext" if shutil.which("pdftotext") else
                 "print test: SKIPPED — pdftotext is not installed (Debian: apt-get install poppler-utils)")
    return lines


def build_site(site_dir: Path, corpus: Path | None = None, search: bool = True,
               config_file: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as a user runs it, optionally from another corpus directory or configuration,
    or with more of the environment's options (`env`)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    if corpus is not None:
        env["PLANSITE_CORPUS"] = str(corpus)
    if not search:
        env["PLANSITE_SKIP_SEARCH"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir),
         *(["--config-file", str(config_file)] if config_file else [])],
        cwd=REPO, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The site of the frozen corpus, with its search index; what search read of each page beside it
    (`search_copies`)."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(site, corpus=FROZEN, env={"PLANSITE_SEARCH_COPIES": str(site.parent / f"{site.name}-search-copies")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def search_copies(site_dir) -> Path:
    """The search copy of each searchable page of `site_dir`, at the page's path: what Pagefind read of it (with
    what only the index reads: the paragraphs' labels, the filter values, the extra spellings)."""
    return site_dir.parent / f"{site_dir.name}-search-copies"


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A scratch copy of the frozen corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(FROZEN, target)
    return target


def files_as_read(loaded) -> dict:
    """Each file of a loaded corpus: its data and the position of each of its values (read again where the file
    had let them go)."""
    return {doc_id: (source.data, source.position(()) and source.positions) for doc_id, source in loaded.sources.items()}


def read_data(site: Path, path: str) -> str:
    """An open-data file of a built site as text: the file a compressed one holds (zip, xz)."""
    data = (site / path).read_bytes()
    if path.endswith((".zip", ".xz")):
        data = read_member(data)
    return data.decode("utf-8-sig")


def read_page(site: Path, url_path: str) -> str:
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def read_html(path: Path) -> str:
    """A page's HTML, or that of a part a page fetches compressed (`.html.gz`: a pair of plans)."""
    if path.name.endswith(".html.gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def read_css_string(string: str) -> str:
    """What a CSS string in single quotes says (plansite/render/environment.py, css_string), its escapes (`\\hex `)
    read; it holds no quote of its own."""
    assert string[0] == string[-1] == "'" and "'" not in string[1:-1] and '"' not in string
    return re.sub(r"\\([0-9a-f]{1,6}) ?", lambda escape: chr(int(escape.group(1), 16)), string[1:-1])


def column_names(table: str) -> list[str]:
    """The names a table's header gives its columns (a phone shows each cell after its column's name:
    plansite/render/templates/_macros.j2, card_table)."""
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    return [html.unescape(re.sub(r"<[^>]+>", "", name)) for name in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def row_cells(names: list[str], row: str) -> dict[str, str]:
    """A table row's cells (their inner HTML) by the names of their columns (which must differ)."""
    assert len(set(names)) == len(names), names
    return dict(zip(names, re.findall(r"<td[^>]*>(.*?)</td>", row, re.S), strict=True))


def table_rows(table: str) -> list[dict[str, str]]:
    """Each body row of a table (its HTML, header included) as its cells by the names of their columns; a row that
    heads a group of rows (its one cell a `th`: an agency above its tasks) is not one."""
    names = column_names(table)
    body = table.split("</thead>", 1)[1]
    return [row_cells(names, row) for row in re.findall(r'<tr[^>]*>(?!<th[^>]*scope="rowgroup")(.*?)</tr>', body, re.S)]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (skipped where it is not installed)."""
    if not CHROMIUM:
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
