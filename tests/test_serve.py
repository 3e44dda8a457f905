"""The edit loop under `mkdocs serve`: an edit to the corpus rebuilds only what depends on it, and the served
site then equals a fresh build of the edited corpus, file for file."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from plansite.corpus.check import load_valid_corpus
from plansite.corpus.loader import ReadCache
from plansite.corpus.problems import CorpusError
from plansite.render.archive import read_member
from tests.conftest import FROZEN, REPO

TITLE_DOC = "kien-giang-211-kh-tu-2024"  # a parent: its child's page and their pair's page show it
PARENT_DOC = "can-tho-276-kh-tu-2024"  # carries out two documents; the edit takes one away
# The plugin names each build whose pages are written (MkDocs drops its own line when it repeats one, as two
# builds that took the same time do).
BUILT = re.compile(r"Site: build \d+ written")
SETTLED = "Search: the index of the edited site is in place"
INDEXING = "Pagefind indexes the edited site in the background"
MADE = "Files: the downloads of the edited site are in place"
MAKING = "downloads of the edited site are made in the background"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(what: str, condition, timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}" + (f"; the log:\n{log.read_text(encoding='utf-8')[-6000:]}" if log else ""))
        time.sleep(0.2)


def files_of(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_served_site_after_edits_equals_a_fresh_build(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANSITE_CORPUS=str(corpus), SITE_URL=base)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    text = lambda: log.read_text(encoding="utf-8")  # noqa: E731
    try:
        wait_for("the first build", lambda: "Serving on" in text() and fetch(base), 180, log)
        served = Path(re.search(r"Site: the new site is in place at (\S+)", text()).group(1))

        # A title: only the pages that read it are rendered again, and the page shows it.
        document = corpus / "documents" / f"{TITLE_DOC}.yaml"
        edit(document, "title: thực hiện Chỉ thị", "title: triển khai thực hiện Chỉ thị")
        wait_for("the edited title", lambda: "triển khai thực hiện Chỉ thị" in fetch(f"{base}van-ban/{TITLE_DOC}/"), 120, log)
        wait_for("the search index", lambda: text().count(SETTLED) == 1, 120, log)
        assert re.search(r"Corpus: \d+ pages rendered again for 1 changed documents", text()), text()
        # The downloads come after the page: the open data names the document by its title.
        wait_for("the downloads", lambda: text().count(MADE) == 1, 120, log)
        opened = json.loads(read_member((served / "du-lieu" / "corpus.json.xz").read_bytes()))
        assert [record["title"] for record in opened["documents"] if record["id"] == TITLE_DOC][0].startswith("triển khai thực hiện")
        assert "files read again" in text() and "(1 files read again)" in text()

        # A broken edit: the problems as a full check gives them, and the last good site stays.
        good = document.read_text(encoding="utf-8")
        document.write_text(good.replace("implements:", "implement:", 1), encoding="utf-8")
        wait_for("the problems of the broken file", lambda: "Kho văn bản có" in text(), 120, log)
        with pytest.raises(CorpusError) as fresh:
            load_valid_corpus(corpus)
        assert str(fresh.value) in text()
        # (read from the served directory: the server holds requests back until a build succeeds)
        assert "triển khai thực hiện Chỉ thị" in (served / "van-ban" / TITLE_DOC / "index.html").read_text(encoding="utf-8")
        document.write_text(good, encoding="utf-8")
        wait_for("the repaired build", lambda: len(BUILT.findall(text())) == 3, 120, log)

        # A parent link taken away: everything is rendered again, only changed pages are written.
        edit(corpus / "documents" / f"{PARENT_DOC}.yaml", "  - trung-uong-136-hd-btgtw-2024\n", "")
        wait_for("the second edit", lambda: len(BUILT.findall(text())) == 4, 120, log)

        # A law the registry does not hold, cut at `và` by the rule for names; then registered (a registry edit
        # alone): its mentions find it whole, on its own page.
        edit(corpus / "documents" / "hai-phong-188-kh-ubnd-2024.yaml", "với các nội dung sau:", "theo Luật Hôn nhân và gia đình, với các nội dung sau:")
        wait_for("the law named", lambda: len(BUILT.findall(text())) == 5, 120, log)
        assert (served / "trich-dan" / "luat-hon-nhan" / "index.html").exists()
        (corpus / "laws.yaml").write_text("laws:\n  - name: Luật Hôn nhân và gia đình\n", encoding="utf-8")
        wait_for("the law registered", lambda: len(BUILT.findall(text())) == 6, 120, log)
        assert (served / "trich-dan" / "luat-hon-nhan-va-gia-dinh" / "index.html").exists()
        assert not (served / "trich-dan" / "luat-hon-nhan").exists()

        # A comment: no document changes, but the corpus archive holds the file as it is.
        with document.open("a", encoding="utf-8") as yaml:
            yaml.write("# ghi chú của người biên tập\n")
        # (an index still running when a build starts is stopped: only the last one settles)
        # (an unfinished make of the downloads is stopped too: only the last one is put in place)
        wait_for("the comment", lambda: len(BUILT.findall(text())) == 7 and text().rfind(SETTLED) > text().rfind(INDEXING)
                 and text().rfind(MADE) > text().rfind(MAKING), 120, log)
        assert "# ghi chú của người biên tập" in read_member((served / "du-lieu" / "kho-van-ban.tar.xz").read_bytes(),
                                                             f"corpus/documents/{TITLE_DOC}.yaml").decode("utf-8")
        snapshot = files_of(served)  # before the server stops: it removes its directory
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)
    assert "Traceback" not in text(), text()
    assert "A 'dirty' build" not in text()
    assert text().count("the site is updated where it is") == 7, text()

    fresh_site = tmp_path / "fresh"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(fresh_site)],
                            cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    expected = files_of(fresh_site)
    assert snapshot.keys() == expected.keys(), (sorted(snapshot.keys() - expected.keys()), sorted(expected.keys() - snapshot.keys()))
    differ = [path for path in expected if snapshot[path] != expected[path]]
    assert differ == []


def test_a_load_from_the_cache_reports_what_a_fresh_load_does(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    cache = ReadCache()
    load_valid_corpus(corpus, cache=cache)
    assert len(cache.last_read) == len(list((corpus / "documents").glob("*.yaml")))
    document = corpus / "documents" / f"{TITLE_DOC}.yaml"
    edit(document, "implements:", "implement:")
    with pytest.raises(CorpusError) as cached:
        load_valid_corpus(corpus, cache=cache)
    assert [path.name for path in cache.last_read] == [document.name]
    with pytest.raises(CorpusError) as fresh:
        load_valid_corpus(corpus)
    assert str(cached.value) == str(fresh.value)
    edit(document, "implement:", "implements:")
    again = load_valid_corpus(corpus, cache=cache)
    assert again.corpus.documents == load_valid_corpus(corpus).corpus.documents


def test_a_registry_edit_reaches_the_rules_of_every_document_read_from_the_cache(tmp_path):
    """A body's rules against the registries are kept from one validation to the next for the files not read
    again (plansite/corpus/validate.py), never across an edit to a registry file."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    cache = ReadCache()
    load_valid_corpus(corpus, cache=cache)
    # Sở Lao động - Thương binh và Xã hội ends before the 2024 plans that give it tasks were issued.
    edit(corpus / "agencies.yaml", 'valid_to: "2025"', 'valid_to: "2023"')
    with pytest.raises(CorpusError) as cached:
        load_valid_corpus(corpus, cache=cache)
    assert cache.last_read == []  # no document file was read again
    with pytest.raises(CorpusError) as fresh:
        load_valid_corpus(corpus)
    assert str(cached.value) == str(fresh.value)
    assert "'so-lao-dong-thuong-binh-va-xa-hoi' không còn vào ngày ban hành" in str(cached.value)
    edit(corpus / "agencies.yaml", 'valid_to: "2023"', 'valid_to: "2025"')
    load_valid_corpus(corpus, cache=cache)


def _analyses(loaded) -> tuple:
    """What the analyses make of a loaded corpus, as plain data: every citation entry with its mentions (the
    citing document's title included), every dated item of the calendar, every pair's targets compared."""
    from plansite.analysis.calendar import entries
    from plansite.analysis.graph import build_graph
    from plansite.analysis.pairs import CorpusAlignments

    graph = build_graph(loaded.corpus)
    cited = sorted((key, entry.label, entry.number, entry.date, entry.context, entry.target and entry.target.title,
                    tuple((m.document.id, m.document.title, m.node.id, m.citation) for m in entry.mentions))
                   for key, entry in graph.cited.items())
    due = [(item.document.id, item.document.title, item.field, item.node, item.what, item.start) for item in entries(loaded.corpus)]
    targets = {(pair.child.id, pair.parent.id): (pair.child.title, pair.parent.title, pair.targets)
               for pairs in CorpusAlignments(loaded.corpus, parallel_from=10**9).by_child.values() for pair in pairs}
    return cited, due, targets


def _fresh_analyses(corpus: Path) -> tuple:
    """The analyses of a fresh load, in a forked process: what the analyses keep from one build to the next
    in this process stays as the edit loop left it."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(_load_and_analyse, (corpus,))


def _load_and_analyse(corpus: Path) -> tuple:
    return _analyses(load_valid_corpus(corpus))


@pytest.mark.parametrize(("file", "old", "new"), [
    # the title of a cited parent: its mentions, its entry and its children's pairs name it anew
    ("hai-phong-365-kh-tu-2024", "title: về triển khai", "title: về việc triển khai"),
    # the date of a cited document: the mentions printing the old date no longer name it
    ("hai-phong-365-kh-tu-2024", "date: 2024-05-31", "date: 2024-06-01"),
    # a paragraph that cites a decree
    ("hai-phong-188-kh-ubnd-2024", "với các nội dung sau:", "theo Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ, với các nội dung sau:"),
    # a report's recurrence: the calendar's dates
    ("kien-giang-211-kh-tu-2024", "every: year}", "every: quarter}"),
    # a target's value: the pair's targets compared
    ("tam-duong-273-kh-hu-2024", "    value: 100\n", "    value: 95\n"),
])
def test_the_analyses_after_an_edit_equal_those_of_a_fresh_load(tmp_path, file, old, new):
    """Under `mkdocs serve` the citations, the calendar and the pairs' targets are kept for every document
    whose file was not read again (the same object), and made again for the rest."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    cache = ReadCache()
    before = _analyses(load_valid_corpus(corpus, cache=cache))
    edit(corpus / "documents" / f"{file}.yaml", old, new)
    after = _analyses(load_valid_corpus(corpus, cache=cache))
    assert cache.last_read == [corpus / "documents" / f"{file}.yaml"]
    assert after != before
    assert after == _fresh_analyses(corpus)


def test_an_edit_of_the_law_registry_reaches_the_citations_of_every_document_kept(tmp_path):
    """The citations found in each paragraph are kept from one build to the next for the documents not read
    again (plansite/analysis/graph.py), never across an edit to corpus/laws.yaml: the names they were found with."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    edit(corpus / "documents" / "hai-phong-188-kh-ubnd-2024.yaml", "với các nội dung sau:", "theo Luật Hôn nhân và gia đình, với các nội dung sau:")
    laws = corpus / "laws.yaml"
    laws.write_text("laws:\n  - name: Luật Trẻ em\n", encoding="utf-8")
    cache = ReadCache()
    before = _analyses(load_valid_corpus(corpus, cache=cache))
    assert "luat-hon-nhan" in {entry[0] for entry in before[0]}  # the general rule's name, cut at `và`
    laws.write_text("laws:\n  - name: Luật Trẻ em\n  - name: Luật Hôn nhân và gia đình\n", encoding="utf-8")
    after = _analyses(load_valid_corpus(corpus, cache=cache))
    assert cache.last_read == []  # no document file was read again
    keys = {entry[0] for entry in after[0]}
    assert "luat-hon-nhan-va-gia-dinh" in keys and "luat-hon-nhan" not in keys
    assert after == _fresh_analyses(corpus)
    laws.unlink()  # the registry is optional: without it, the general rule alone, as before
    assert _analyses(load_valid_corpus(corpus, cache=cache)) == before == _fresh_analyses(corpus)


def test_a_registry_file_is_read_again_only_when_it_changed(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FROZEN, corpus)
    cache = ReadCache()
    first = load_valid_corpus(corpus, cache=cache).corpus
    again = load_valid_corpus(corpus, cache=cache).corpus
    assert all(again.localities[key] is unit for key, unit in first.localities.items())
    assert all(again.agencies[key] is kind for key, kind in first.agencies.items())
    name = next(unit.name for unit in first.localities.values() if unit.name in (corpus / "localities.yaml").read_text(encoding="utf-8"))
    edit(corpus / "localities.yaml", f"name: {name}\n", f"name: {name} mới\n")
    edited = load_valid_corpus(corpus, cache=cache).corpus
    assert edited.localities == load_valid_corpus(corpus).corpus.localities
    assert f"{name} mới" in {unit.name for unit in edited.localities.values()}


class _Job:
    """A background job of the previous edit (the search index, the downloads), as the plugin sees one."""

    def __init__(self) -> None:
        self.closed = False
        self.output = Path("/nonexistent/beside-the-site")

    def close(self) -> None:
        self.closed = True


def test_an_edit_that_fails_its_checks_lets_the_previous_edit_finish_its_search_index_and_downloads(tmp_path):
    """Stopped at the start of the next build, the previous edit's downloads never reached the site when that
    build failed its checks: the pages showed the edit, the open data and the archive did not."""
    from mkdocs.exceptions import PluginError

    from plansite.mkdocs_plugin.plugin import PlanSitePlugin

    plugin = PlanSitePlugin()
    plugin.load_config({"corpus_dir": str(tmp_path / "corpus")})
    plugin.on_startup(command="serve", dirty=False)
    plugin.in_place = True  # an edit to the corpus alone, updating the served site
    index, downloads = _Job(), _Job()
    plugin.settling, plugin.making = index, downloads
    (tmp_path / "corpus").mkdir()
    plugin.on_config(type("Config", (), {"site_dir": str(tmp_path / "site")})())
    with pytest.raises(PluginError):
        plugin.on_pre_build(config=None)  # no document: the corpus fails its checks
    plugin.on_build_error(error=None)
    assert not index.closed and not downloads.closed
    assert plugin.settling is index and plugin.making is downloads
    plugin._stop()  # the server stops: nothing is left running
    assert index.closed and downloads.closed


class _Server:
    """What `mkdocs serve`'s server offers a watch: a rebuild is asked for by setting `_want_rebuild` under
    `_rebuild_cond`; `watch` is its own polling watch."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.polled: list[str] = []

    def watch(self, path: str) -> None:
        self.polled.append(path)

    def wait_for_rebuild(self, timeout: float) -> bool:
        with self._rebuild_cond:
            return self._rebuild_cond.wait_for(lambda: self._want_rebuild, timeout=timeout)


def test_the_corpus_is_watched_by_the_system_a_read_asks_for_no_rebuild_and_a_write_does(tmp_path):
    from plansite.mkdocs_plugin.plugin import PlanSitePlugin

    corpus = tmp_path / "corpus"
    (corpus / "documents").mkdir(parents=True)
    document = corpus / "documents" / "a.yaml"
    document.write_text("id: a\n", encoding="utf-8")
    plugin = PlanSitePlugin()
    plugin.load_config({"corpus_dir": str(corpus)})
    server = _Server()
    plugin.on_serve(server, config=None, builder=None)
    assert server.polled == []  # not MkDocs' polling, which read the whole corpus twice a second
    document.read_text(encoding="utf-8")  # what every build does
    assert not server.wait_for_rebuild(1.0)
    document.write_text("id: b\n", encoding="utf-8")
    assert server.wait_for_rebuild(10.0)

    polling = PlanSitePlugin()
    polling.load_config({"corpus_dir": str(corpus), "poll_corpus": True})  # PLANSITE_POLL_CORPUS=1
    server = _Server()
    polling.on_serve(server, config=None, builder=None)
    assert server.polled == [str(corpus.resolve())]
