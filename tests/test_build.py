"""`mkdocs build` is atomic and reproducible.

Atomic: the site is written beside the site directory and takes its place in one rename once complete
(plansite/runtime/staging.py, driven by the MkDocs plugin in plansite/mkdocs_plugin), so a build that is interrupted at any moment, or that fails, leaves the previous
site exactly as it was. Reproducible: two clean builds of the same corpus are identical byte for byte,
the Pagefind bundle included (plansite/search/pagefind.py puts Pagefind's filter files in a stable order).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, build_site

from plansite.render.paging import ROWS_PER_PAGE
from plansite.runtime import staging
from plansite.search.pagefind import index_site

FIXTURE = REPO / "tests" / "fixtures" / "valid"


def digest(site: Path) -> dict[str, str]:
    """Every file of a site: relative path -> sha256 of its bytes."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*")) if path.is_file()
    }


def building_dir(site: Path) -> Path:
    return site.parent / f".{site.name}.building"


def search_scratch(site: Path) -> Path:
    return site.parent / f".{site.name}.search"


def file_count(directory: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(directory))


def leftovers(site: Path) -> list[str]:
    """What a build put beside the site directory (its parent holds nothing else in these tests)."""
    return sorted(path.name for path in site.parent.iterdir() if path.name != site.name)


@contextlib.contextmanager
def sigint_delivered():
    """Children inherit an ignored SIGINT (pytest started in the background): let theirs raise KeyboardInterrupt."""
    previous = signal.getsignal(signal.SIGINT)
    if previous == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        if previous == signal.SIG_IGN:
            signal.signal(signal.SIGINT, previous)


def start_build(site: Path, corpus: Path, log: Path) -> subprocess.Popen:
    """`mkdocs build --strict` as conftest.build_site runs it, left running; its output goes to `log`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANSITE_CORPUS=str(corpus))
    with sigint_delivered(), log.open("w") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT,
        )


def pagefind_still_running(scratch: Path) -> bool:
    """Whether a Pagefind started by a build (reading `scratch`) outlived it (Linux: /proc)."""
    needle = os.fsencode(scratch)
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if needle in (entry / "cmdline").read_bytes():
                return True
    return False


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The previous site (the small fixture corpus) and the site of the real corpus, built once each."""
    root = tmp_path_factory.mktemp("sites")
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    built = {"previous": root / "previous" / "site", "real": root / "real" / "site", "corpus": corpus,
             "real search copies": root / "real" / "search-copies"}
    for name, source in (("previous", FIXTURE), ("real", corpus)):
        result = build_site(built[name], corpus=source, env={"PLANSITE_SEARCH_COPIES": str(built[name].parent / "search-copies")})
        assert result.returncode == 0, result.stderr
    return built


def fresh_previous_site(sites: dict[str, Path], tmp_path: Path) -> Path:
    site = tmp_path / "parent" / "site"
    shutil.copytree(sites["previous"], site)
    return site


# When to interrupt the build of the real corpus, read from what it has written beside the site so far
# (`total`: the files of the finished site): each moment is one the build really goes through.
MOMENTS = {
    "loading the corpus (0.3 s in)": lambda elapsed, site, total: elapsed >= 0.3,
    "copying the theme's files": lambda elapsed, site, total: file_count(building_dir(site)) >= 0.1 * total,
    "writing the pages": lambda elapsed, site, total: file_count(building_dir(site)) >= 0.5 * total,
    "Pagefind indexing": lambda elapsed, site, total: pagefind_still_running(search_scratch(site)),
    "writing the last pages": lambda elapsed, site, total: file_count(building_dir(site)) >= 0.85 * total,
}
INTERRUPTIONS = [
    pytest.param(moment, signum, id=f"{signum.name} while {moment}")
    for moment, signum in (
        ("loading the corpus (0.3 s in)", signal.SIGINT),
        ("copying the theme's files", signal.SIGKILL),
        ("writing the pages", signal.SIGTERM),
        ("Pagefind indexing", signal.SIGKILL),
        ("writing the last pages", signal.SIGINT),
    )
]


def interrupt(site: Path, corpus: Path, moment: str, signum: int, total: int) -> subprocess.Popen:
    """Start a build into `site` and send it `signum` at `moment`, while it is still running."""
    log = site.parent.parent / "build.log"
    previous = site.stat().st_ino  # the swap puts another directory at this path
    process = start_build(site, corpus, log)
    started = time.monotonic()
    while not MOMENTS[moment](time.monotonic() - started, site, total):
        if process.poll() is not None or site.stat().st_ino != previous:
            pytest.fail(f"the build was complete before {moment}:\n{log.read_text()}")
        time.sleep(0.002)
    assert process.poll() is None and site.stat().st_ino == previous
    process.send_signal(signum)
    process.wait(timeout=60)
    return process


@pytest.mark.parametrize(("moment", "signum"), INTERRUPTIONS)
def test_an_interrupted_build_leaves_the_previous_site_intact(sites, tmp_path, moment, signum):
    if moment == "Pagefind indexing" and not sys.platform.startswith("linux"):
        pytest.skip("finding the Pagefind process reads /proc")
    site = fresh_previous_site(sites, tmp_path)
    before = digest(site)
    process = interrupt(site, sites["corpus"], moment, signum, len(digest(sites["real"])))
    assert process.returncode != 0, "the build was not interrupted"
    assert digest(site) == before
    if sys.platform.startswith("linux"):
        deadline = time.monotonic() + 5
        while pagefind_still_running(search_scratch(site)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not pagefind_still_running(search_scratch(site)), "Pagefind outlived the build"


def test_the_build_after_a_killed_one_is_complete_and_leaves_nothing_beside_the_site(sites, tmp_path):
    site = fresh_previous_site(sites, tmp_path)
    real = len(digest(sites["real"]))
    interrupt(site, sites["corpus"], "writing the pages", signal.SIGKILL, real)
    assert ".site.building" in leftovers(site)  # a killed build cannot tidy up ...
    result = build_site(site, corpus=sites["corpus"])
    assert result.returncode == 0, result.stderr
    assert digest(site) == digest(sites["real"])
    assert leftovers(site) == []  # ... the next one does


def test_a_build_stopped_by_ctrl_c_removes_what_it_wrote(sites, tmp_path):
    site = fresh_previous_site(sites, tmp_path)
    interrupt(site, sites["corpus"], "writing the pages", signal.SIGINT, len(digest(sites["real"])))
    assert leftovers(site) == []


def config_with_docs(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A copy of mkdocs.yml whose docs directory is a copy of docs/ with `pages` added."""
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", f"docs_dir: {docs}").replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = config.replace("!ENV [PLANSITE_CORPUS, corpus]", f"!ENV [PLANSITE_CORPUS, {json.dumps(str(REPO / 'corpus'))}]")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


@pytest.mark.parametrize(("page", "message"), [
    ("---\ntitle: Ghi chú\nsearch: true\n---\n# Ghi chú\n\nXem [trang không có](khong-co.md).\n", "in strict mode"),
    ("---\ntitle: Ghi chú\ntemplate: khong-co.html\n---\n# Ghi chú\n", "khong-co.html"),
], ids=["a strict-mode warning after every page is written", "an error while writing the pages"])
def test_a_build_that_fails_leaves_the_previous_site_intact(sites, tmp_path, page, message):
    site = fresh_previous_site(sites, tmp_path)
    before = digest(site)
    result = build_site(site, corpus=FIXTURE, config_file=config_with_docs(tmp_path / "config", {"ghi-chu.md": page}))
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert digest(site) == before
    assert leftovers(site) == []


def test_two_clean_builds_are_identical_file_for_file(tmp_path, monkeypatch):
    """Search index included; into a directory that does not exist yet, then over an existing site; on
    different days (MkDocs reads the day of the build from SOURCE_DATE_EPOCH): no page, sitemap included,
    claims the day it was built as a date of its own."""
    first, second = tmp_path / "first" / "site", tmp_path / "second" / "new" / "site"
    for site, day in ((first, "1735689600"), (second, "1767225600"), (first, "1735689600")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", day)  # 01/01/2025, 01/01/2026
        result = build_site(site, corpus=FIXTURE)
        assert result.returncode == 0, result.stderr
    built = digest(first)
    assert any(path.startswith("pagefind/filter/") for path in built)
    assert any(path.endswith(".pf_meta") for path in built)
    assert built == digest(second)
    assert leftovers(first) == [] and leftovers(second) == []
    # What the build wrote into the site as it went (pages to read back, downloads on their way) is gone.
    assert list(first.rglob(".*")) == list(second.rglob(".*")) == []


def test_pagefind_gives_the_same_bundle_for_the_same_pages(sites, tmp_path):
    """Pagefind orders its filter indexes at random in every run; the bundle it leaves is stable."""
    first, second = tmp_path / "first", tmp_path / "second"
    index_site(sites["real search copies"], output=first)
    index_site(sites["real search copies"], output=second)
    assert digest(first) == digest(second) == digest(sites["real"] / "pagefind")


def test_search_copies_never_go_where_a_build_would_delete_what_is_not_its_own(tmp_path):
    """The option that leaves what search read of each page empties its directory at every build: one that
    holds or lies in the site's sources or output, or that holds other files, is refused, and nothing is lost."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("giữ lại", encoding="utf-8")
    for copies, said in ((corpus / "copies", "corpus_dir"), (tmp_path, "site_dir"), (tmp_path / "site" / "copies", "site_dir"),
                         (foreign, "không phải bản sao tìm kiếm"), (foreign / "keep.txt", "là một tệp")):
        result = build_site(tmp_path / "site", corpus=corpus, env={"PLANSITE_SEARCH_COPIES": str(copies)})
        assert result.returncode != 0 and said in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "giữ lại" and (corpus / "documents").is_dir()
    copies = tmp_path / "copies"
    for _ in range(2):  # the second build replaces the first's copies
        result = build_site(tmp_path / "site", corpus=corpus, env={"PLANSITE_SEARCH_COPIES": str(copies)})
        assert result.returncode == 0, result.stderr
    assert (copies / "van-ban" / "lai-chau-9-kh-ubnd-2024" / "index.html").exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2 exchange", "two renames"])
def test_the_new_site_takes_the_place_of_the_old_one(tmp_path, monkeypatch, exchange):
    if exchange and staging.exchange_function() is None:
        pytest.skip("renameat2 is not available here")
    if not exchange:
        monkeypatch.setattr(staging, "exchange", lambda first, second: False)
    target, building = tmp_path / "site", tmp_path / ".site.building"
    building.mkdir()
    (building / "index.html").write_text("new")
    assert staging.swap(building, target) is None  # no previous site: a plain rename
    assert (target / "index.html").read_text() == "new" and not building.exists()
    building.mkdir()
    (building / "index.html").write_text("newer")
    previous = staging.swap(building, target)
    assert (target / "index.html").read_text() == "newer"
    assert (previous / "index.html").read_text() == "new"
    assert previous == (building if exchange else tmp_path / ".site.previous")


# --- the plugin's configuration and the garbage collector ------------------------------------------------

def plugin_config(config_file: Path = REPO / "mkdocs.yml"):
    """The `plansite` plugin's options as MkDocs reads them from `config_file` (environment included)."""
    from mkdocs.config import load_config

    return load_config(config_file=str(config_file)).plugins["plansite"].config


def set_env(monkeypatch, name: str, value: str | None) -> None:
    """The variable `name` set to `value` (unset when None), with the corpus left to mkdocs.yml's default."""
    monkeypatch.delenv("PLANSITE_CORPUS", raising=False)
    if value is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize(("value", "search"), [(None, True), ("1", False), ("0", True), ("true", False), ("false", True), ("", True)],
                         ids=["unset", "1", "0", "true", "false", "empty"])
def test_plansite_skip_search_reaches_the_plugin_through_env(monkeypatch, value, search):
    """mkdocs.yml reads PLANSITE_SKIP_SEARCH with `!ENV`, which parses `1` as the number 1."""
    set_env(monkeypatch, "PLANSITE_SKIP_SEARCH", value)
    config = plugin_config()
    assert (config.search and not config.skip_search) is search
    assert Path(config.corpus_dir) == REPO / "corpus"  # relative to mkdocs.yml


def test_a_skip_search_value_that_is_no_switch_is_a_configuration_error(monkeypatch, caplog):
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("PLANSITE_SKIP_SEARCH", "2")
    with pytest.raises(Abort):
        plugin_config()
    assert "Plugin 'plansite' option 'skip_search': Expected true, false, 0 or 1, but received: 2" in caplog.text


@pytest.mark.parametrize(("value", "rows"), [(None, ROWS_PER_PAGE), ("3", 3)], ids=["unset", "3"])
def test_plansite_rows_per_page_reaches_the_plugin_through_env(monkeypatch, value, rows):
    """The page size of split listings (plansite/render/paging.py), small in a test to split a small corpus."""
    set_env(monkeypatch, "PLANSITE_ROWS_PER_PAGE", value)
    assert plugin_config().rows_per_page == rows


def test_a_rows_per_page_that_is_no_count_is_a_configuration_error(monkeypatch, caplog):
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("PLANSITE_ROWS_PER_PAGE", "0")
    with pytest.raises(Abort):
        plugin_config()
    assert "Plugin 'plansite' option 'rows_per_page': Expected a whole number from 1, but received: 0" in caplog.text


def test_corpus_dir_is_relative_to_the_configuration_file(tmp_path, monkeypatch):
    monkeypatch.delenv("PLANSITE_CORPUS", raising=False)
    config_file = config_with_docs(tmp_path, {})
    text = config_file.read_text(encoding="utf-8").replace(f"!ENV [PLANSITE_CORPUS, {json.dumps(str(REPO / 'corpus'))}]", "kho")
    config_file.write_text(text, encoding="utf-8")
    assert Path(plugin_config(config_file).corpus_dir) == tmp_path / "kho"
    monkeypatch.setenv("PLANSITE_CORPUS", str(FIXTURE))
    config_file.write_text(text.replace("corpus_dir: kho", "corpus_dir: !ENV [PLANSITE_CORPUS, kho]"), encoding="utf-8")
    assert Path(plugin_config(config_file).corpus_dir) == FIXTURE


@pytest.mark.parametrize("page", [None, "---\ntitle: Ghi chú\ntemplate: khong-co.html\n---\n# Ghi chú\n"], ids=["a build", "a failed build"])
def test_every_build_gives_its_heap_back_to_the_garbage_collector(tmp_path, monkeypatch, page):
    """The plugin freezes the heap (gc.freeze) while MkDocs builds the pages; a frozen object is never
    collected, so `mkdocs serve` would keep every rebuild's corpus unless each build, failed or not, undoes it
    (benchmarks/serve_memory.py measures the memory over 20 rebuilds)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("PLANSITE_CORPUS", str(FIXTURE))
    monkeypatch.setenv("PLANSITE_SKIP_SEARCH", "1")
    site = tmp_path / "out" / "site"
    config = load_config(config_file=str(config_with_docs(tmp_path / "config", {"ghi-chu.md": page} if page else {})),
                         site_dir=str(site))
    froze = []
    monkeypatch.setattr(gc, "freeze", lambda original=gc.freeze: (froze.append(True), original())[1])
    try:
        if page is None:
            build(config)
        else:
            with pytest.raises(Exception, match="khong-co.html"):
                build(config)
    finally:
        frozen = gc.get_freeze_count()
        gc.unfreeze()
    assert froze, "the build did not freeze the heap: nothing is tested"
    assert frozen == 0
    assert (site / "index.html").exists() is (page is None)
    assert leftovers(site) == []


def test_a_directive_the_corpus_does_not_hold_stops_the_build_with_its_name(tmp_path):
    config_file = config_with_docs(tmp_path / "config", {})
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("corpus_dir: ", "directive: trung-uong-29-ct-tw-2023\n      corpus_dir: ", 1), encoding="utf-8")
    result = build_site(tmp_path / "site", corpus=FIXTURE, search=False, config_file=config_file)
    assert result.returncode == 1
    assert "plansite: directive: không có văn bản 'trung-uong-29-ct-tw-2023' trong kho" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dirty_build_into_the_site_itself_leaves_nothing_of_its_own_there(tmp_path):
    """`--dirty` builds into the site, not beside it: the downloads and pages are then held until MkDocs writes
    them, rather than written into the site as they are made."""
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANSITE_CORPUS=str(FIXTURE), PLANSITE_SKIP_SEARCH="1")
    for extra in (["--strict"], ["--dirty"]):  # MkDocs warns of every dirty build: not strict there
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site), *extra],
                                cwd=REPO, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert list(site.rglob(".*")) == []
    assert any(path.startswith("nguon/") for path in digest(site))


def test_exclude_docs_leaves_a_download_out_whether_the_build_writes_it_as_made_or_at_the_end(tmp_path):
    """A build beside the site writes its downloads into it as they are made (plansite/render/site.py, Spill); a
    build into the site itself (`--dirty`) gives them to MkDocs, which writes what exclude_docs does not leave
    out. A download that mkdocs.yml's exclude_docs names is in neither site, and both have the same others."""
    config = config_with_docs(tmp_path / "config", {})
    config.write_text(config.read_text(encoding="utf-8") + "exclude_docs: |\n  du-lieu/van-ban.csv.zip\n  /du-lieu/*.xz\n",
                      encoding="utf-8")
    sites = {}
    for how in ("beside", "dirty"):
        site = sites[how] = tmp_path / how / "site"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site), "--config-file", str(config),
             *(["--dirty"] if how == "dirty" else ["--strict"])],  # MkDocs warns of any `--dirty` build
            cwd=REPO, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANSITE_CORPUS=str(FIXTURE), PLANSITE_SKIP_SEARCH="1"),
            capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stderr
        downloads = {path.name for path in (site / "du-lieu").iterdir()}
        assert "nhiem-vu.csv.zip" in downloads, (how, downloads)
        assert not downloads & {"van-ban.csv.zip", "corpus.json.xz", "kho-van-ban.tar.xz"}, (how, downloads)
    assert {path.name for path in (sites["beside"] / "du-lieu").iterdir()} == {path.name for path in (sites["dirty"] / "du-lieu").iterdir()}
