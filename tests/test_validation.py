"""`scripts/build_pages.py --check`: every problem, at once, as `path:line:column: field: message`.

Each directory under tests/fixtures/broken/ is the small valid corpus of tests/fixtures/valid/ with one
file changed to break one rule; its expected.txt holds the exact lines a maintainer must see.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, files_as_read

FIXTURES = REPO / "tests" / "fixtures"
BROKEN = sorted(p.name for p in (FIXTURES / "broken").iterdir())


def run_check(corpus: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The check as a maintainer runs it from the folder that holds the corpus (`cwd`, by default): its
    problems name the files relative to that folder (`corpus/documents/…`), as expected.txt does."""
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_pages.py"), "--check", "--corpus", str(corpus)],
        cwd=cwd or corpus.parent, capture_output=True, text=True,
    )


def make_corpus(tmp_path: Path, case: str | None = None) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "valid", corpus)
    if case:
        case_dir = FIXTURES / "broken" / case
        for source in case_dir.rglob("*"):
            if source.is_file() and source.name not in ("expected.txt", "remove.txt"):
                target = corpus / source.relative_to(case_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        if (case_dir / "remove.txt").exists():
            for relative in (case_dir / "remove.txt").read_text().split():
                (corpus / relative).unlink()
    return corpus


def test_the_real_corpus_is_valid():
    result = run_check(REPO / "corpus")
    assert result.returncode == 0, result.stderr
    assert "Kho văn bản hợp lệ" in result.stdout


def test_the_valid_fixture_is_valid(tmp_path):
    assert run_check(make_corpus(tmp_path)).returncode == 0


def test_the_check_reads_the_folder_the_build_reads_and_names_it(tmp_path):
    """`mkdocs build` reads PLANSITE_CORPUS (mkdocs.yml): a check run with it set checks that folder, never
    corpus/ in its place, and says which folder it checked."""
    broken = make_corpus(tmp_path / "broken", BROKEN[0])
    environment = {**os.environ, "PLANSITE_CORPUS": str(broken)}
    result = subprocess.run([sys.executable, "scripts/build_pages.py", "--check"], cwd=REPO, capture_output=True,
                            text=True, env=environment)
    assert result.returncode == 1 and f"lỗi trong kho văn bản {broken}." in result.stderr
    valid = make_corpus(tmp_path / "valid")
    result = subprocess.run([sys.executable, "scripts/build_pages.py", "--check"], cwd=REPO, capture_output=True,
                            text=True, env={**os.environ, "PLANSITE_CORPUS": str(valid)})
    assert result.returncode == 0 and result.stdout.startswith(f"Kho văn bản hợp lệ ({valid}): ")


@pytest.mark.parametrize("case", BROKEN)
def test_each_broken_rule_is_reported_with_file_line_column_and_field(tmp_path, case):
    result = run_check(make_corpus(tmp_path, case))
    expected = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    reported = [line for line in result.stderr.splitlines() if line.startswith("corpus/")]
    assert result.returncode == 1
    assert reported == expected
    assert "Traceback" not in result.stderr
    assert f"{len(expected)} lỗi trong kho văn bản" in result.stderr


def test_a_problem_names_its_file_relative_to_where_the_command_ran_when_under_it_else_absolute(tmp_path):
    """PLANSITE_CORPUS=/elsewhere/corpus: run from the repository, the check and the build name the files by
    their absolute paths (relative to the corpus's parent they would not open from that terminal); run from
    inside the corpus, relative to it. The expected lines are those of the golden fixture, whose paths are
    relative to the corpus's parent (run from there: test_each_broken_rule_is_reported_…)."""
    case = "duplicate-id"
    corpus = make_corpus(tmp_path / "elsewhere", case)
    expected = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert not corpus.resolve().is_relative_to(REPO)
    absolute = [line.replace("corpus/documents/", f"{corpus.resolve()}/documents/") for line in expected]
    assert absolute != expected
    assert [line for line in run_check(corpus, cwd=REPO).stderr.splitlines() if line.startswith("/")] == absolute
    from conftest import build_site

    built = build_site(tmp_path / "site", corpus, search=False)
    assert built.returncode != 0 and all(line in built.stderr.splitlines() for line in absolute), built.stderr
    scaffold = subprocess.run([sys.executable, "scripts/new_plan.py", "--corpus", str(corpus), "--number", "150/KH-UBND",
                               "--issuer", "Ủy ban nhân dân tỉnh Lai Châu", "--date", "2024-07-01", "--locality", "lai-chau",
                               "--parent", "trung-uong-28-ct-tw-2023", "--title", "thực hiện Chỉ thị"],
                              cwd=REPO, capture_output=True, text=True)
    assert scaffold.returncode == 1 and all(line in scaffold.stderr.splitlines() for line in absolute), scaffold.stderr
    inside = [line.replace("corpus/documents/", "documents/") for line in expected]
    assert [line for line in run_check(corpus, cwd=corpus).stderr.splitlines() if line.startswith("documents/")] == inside


def test_a_message_names_the_file_it_points_to_as_its_problem_names_its_own_file(tmp_path):
    """A source file not found, a registry to add a locality to: named in the message as the problem's own file
    is named before it (absolute from another folder, relative inside the corpus), so that both open from the
    terminal; `corpus/sources/…` would name no file there, or another corpus's. The check and the scaffold."""
    for case in ("missing-source", "unknown-locality"):
        corpus = make_corpus(tmp_path / case / "elsewhere", case)
        expected = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        absolute = [line.replace("corpus/", f"{corpus.resolve()}/") for line in expected]
        assert absolute != expected and all(line.count(str(corpus.resolve())) == 2 for line in absolute)
        assert [line for line in run_check(corpus, cwd=REPO).stderr.splitlines() if line.startswith("/")] == absolute
        inside = [line.replace("corpus/", "") for line in expected]
        assert [line for line in run_check(corpus, cwd=corpus).stderr.splitlines() if line.startswith("documents/")] == inside
    scaffold = subprocess.run([sys.executable, "scripts/new_plan.py", "--corpus", str(make_corpus(tmp_path / "scaffold")),
                               "--number", "150/KH-UBND", "--issuer", "Ủy ban nhân dân tỉnh Lai Châu", "--date", "2024-07-01",
                               "--locality", "lai-chao", "--parent", "trung-uong-28-ct-tw-2023", "--title", "thực hiện Chỉ thị"],
                              cwd=REPO, capture_output=True, text=True)
    assert scaffold.returncode == 1
    assert f"không có trong {(tmp_path / 'scaffold' / 'corpus').resolve()}/localities.yaml (có phải 'lai-chau'?)" in scaffold.stderr


def test_every_problem_is_reported_at_once(tmp_path):
    """Three broken files give three problems in one run, not one run per problem."""
    corpus = make_corpus(tmp_path)
    plan = corpus / "documents" / "lai-chau-9-kh-ubnd-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("agency: so-y-te", "agency: so-yte"), encoding="utf-8")
    directive = corpus / "documents" / "trung-uong-28-ct-tw-2023.yaml"
    directive.write_text(directive.read_text(encoding="utf-8").replace("type: directive", "type: chithi"), encoding="utf-8")
    (corpus / "documents" / "bad.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = run_check(corpus)
    reported = [line for line in result.stderr.splitlines() if line.startswith("corpus/")]
    assert len(reported) == 3, result.stderr
    # Placed at the bracket left open, not where the reader gave up (the next line).
    assert "corpus/documents/bad.yaml:1:5: YAML không hợp lệ: danh sách trong ngoặc vuông mở ở đây chưa được đóng bằng ']'" in reported


@pytest.mark.parametrize(("written", "said"), [
    # A byte order mark opens the file: the reader does not count it in its columns, nor do the messages.
    ("\ufeffid: x # ghi chú\n", "1:7: id: '#' sau dấu cách mở một chú thích YAML, nên phần sau của dòng bị bỏ ('# ghi chú')"),
    ("\ufeffid: 'x\ntitle: a\nb: 'c'\n  d: 1\n", "1:5: YAML không hợp lệ: dấu nháy đơn mở ở đây không được đóng trên cùng dòng"),
    # Windows line ends: the dropped words are shown without the carriage return.
    ("id: x # ghi chú\r\ntitle: y\r\n", "1:7: id: '#' sau dấu cách mở một chú thích YAML, nên phần sau của dòng bị bỏ ('# ghi chú')"),
    # A double-quoted value that ends with an escaped backslash is closed: the mistake is further down.
    ('id: "C:\\\\"\ntitle: a\n  b: 1\n', "3:4: YAML không hợp lệ: dấu ':' và dấu cách chỉ đứng sau tên trường"),
    # Old Mac line ends (a carriage return alone): the reader takes them for line breaks, the messages' places and
    # the comment check did not, and "# 1" was dropped without a word. Refused, at the first.
    ("id: x\rplace: Tam Đường # 1\r", "1:6: tệp xuống dòng bằng ký tự CR đứng một mình (kiểu máy Mac cũ)"),
    # A character no one sees, typed raw in a plain value (here a zero-width space inside a name).
    ("place: Tam\u200bĐường\n", "1:8: place: ký tự vô hình U+200B"),
], ids=["byte order mark, comment", "byte order mark, quote", "CRLF", "escaped backslash", "CR alone", "zero-width space"])
def test_messages_point_at_the_mistake_whatever_the_file_s_encoding_details(tmp_path, written, said):
    from plansite.corpus.yamlsource import load_yaml

    path = tmp_path / "x.yaml"
    path.write_bytes(written.encode("utf-8"))
    _, problems = load_yaml(path, "x.yaml")
    assert any(str(problem).startswith(f"x.yaml:{said}") for problem in problems), [str(problem) for problem in problems]


def test_a_file_that_fails_the_schema_still_has_its_references_checked(tmp_path):
    corpus = make_corpus(tmp_path)
    plan = corpus / "documents" / "lai-chau-9-kh-ubnd-2024.yaml"
    text = plan.read_text(encoding="utf-8").replace("type: plan", "type: kehoach").replace("agency: so-y-te", "agency: so-yte")
    plan.write_text(text.replace("  - trung-uong-28-ct-tw-2023", "  - trung-uong-28-ct-tw-2032"), encoding="utf-8")
    reported = [line.split(": ", 2)[1] for line in run_check(corpus).stderr.splitlines() if line.startswith("corpus/")]
    assert reported == ["type", "implements[0]", "responsibilities[0].agency"]


def test_a_corpus_with_problems_leaves_the_previous_site_untouched(tmp_path):
    """mkdocs build stops before cleaning site/: a bad pull request never leaves a half-built site."""
    from conftest import build_site

    site = tmp_path / "site"
    assert build_site(site, make_corpus(tmp_path / "good"), search=False).returncode == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    broken = make_corpus(tmp_path / "bad", "unknown-parent")
    result = build_site(site, broken, search=False)
    assert result.returncode == 1
    assert "implements[0]: không có văn bản nào có id 'trung-uong-28-ct-tw-2032'" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


# --- Rules the build relies on: it never hangs, never publishes a file from outside the corpus, and no id
# replaces a page the site makes itself. Each test fails without its rule.

def test_a_cycle_of_locality_parents_is_reported_instead_of_hanging_the_build(tmp_path):
    corpus = make_corpus(tmp_path, "locality-cycle")
    result = subprocess.run(
        [sys.executable, "scripts/build_pages.py", "--check", "--corpus", str(corpus)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "localities[1].parent: quan hệ cấp trên tạo thành vòng lặp: lai-chau → tam-duong → lai-chau" in result.stderr


GRAPH_WALKS_ON_CYCLES = """
import datetime as dt
from plansite.analysis.graph import build_graph
from plansite.corpus.model import Corpus, Document, Issuer, Locality, ManualCitation, Node, Provenance

corpus = Corpus()
for locality in (Locality("a", "A", "tỉnh", "province", "01", "b"), Locality("b", "B", "huyện", "district", "002", "a"),
                 Locality("c", "C", "huyện", "district", "003", "c")):
    corpus.localities[locality.id] = locality

def document(doc_id, locality, parents, cites=()):
    return Document(doc_id, "1/KH-UBND", "plan", "t", dt.date(2024, 1, 1), Issuer("UBND", "state", "district", locality),
                    tuple(parents), Provenance("clean-text", "x.txt"), "x.yaml", body=(Node("p1", "Theo Kế hoạch số 1/KH-UBND."),),
                    cites=tuple(ManualCitation(name, "p1") for name in cites))

for doc in (document("x", "a", ["y"], ["!!!"]), document("y", "b", ["x"]), document("z", "c", ["z", "x"], ["🙂"])):
    corpus.documents[doc.id] = doc
graph = build_graph(corpus)
for locality in corpus.localities.values():
    assert [item.id for item in graph.locality_chain(locality)][-1] == locality.id
for doc in corpus.documents.values():
    assert graph.chain(doc)[-1] is doc
    graph.citations_by_document(doc)
assert graph.roots() == []
assert [item.id for item in graph.locality_chain(corpus.localities["a"])] == ["b", "a"]
assert [item.id for item in graph.locality_chain(corpus.localities["c"])] == ["c"]
assert all(key for key in graph.cited), graph.cited
print("terminated")
"""


def test_graph_walks_terminate_on_a_cyclic_corpus_that_was_never_validated():
    """Cycles in locality parents and in `implements`, built in memory: every walk of the graph ends."""
    result = subprocess.run([sys.executable, "-c", GRAPH_WALKS_ON_CYCLES], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "terminated"


def test_the_graph_gives_a_cited_name_without_letters_a_key_of_its_own():
    from plansite.analysis.graph import citation_key

    assert citation_key("Luật Trẻ em") == "luat-tre-em"
    assert citation_key("!!!") and citation_key("!!!") != citation_key("???")
    assert citation_key("!!!") == citation_key("!!!")  # stable from one build to the next


def source_file_result(tmp_path, make_bad) -> list[str]:
    corpus = make_corpus(tmp_path)
    make_bad(corpus / "sources" / "lai-chau-9.txt")
    result = run_check(corpus)
    assert result.returncode == 1
    return [line for line in result.stderr.splitlines() if line.startswith("corpus/")]


def test_a_source_file_that_is_a_symlink_out_of_the_corpus_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("bí mật", encoding="utf-8")

    def link_outside(path):
        path.unlink()
        path.symlink_to(outside)

    assert source_file_result(tmp_path, link_outside) == [
        "corpus/documents/lai-chau-9-kh-ubnd-2024.yaml:31:16: provenance.source_file: tệp nguồn corpus/sources/lai-chau-9.txt "
        "là liên kết (symlink): chép chính tệp vào corpus/sources/ thay cho liên kết"
    ]


def test_a_source_file_that_is_a_symlink_inside_the_corpus_or_a_broken_one_is_refused_too(tmp_path):
    def link_inside(path):
        path.rename(path.with_name("other.txt"))
        path.symlink_to("other.txt")

    def link_nowhere(path):
        path.unlink()
        path.symlink_to("/nonexistent/lai-chau-9.txt")

    for number, make_bad in enumerate((link_inside, link_nowhere)):
        reported = source_file_result(tmp_path / str(number), make_bad)
        assert len(reported) == 1
        assert reported[0].endswith("là liên kết (symlink): chép chính tệp vào corpus/sources/ thay cho liên kết")


def test_a_source_file_that_is_a_directory_is_refused(tmp_path):
    def make_directory(path):
        path.unlink()
        path.mkdir()

    assert source_file_result(tmp_path, make_directory) == [
        "corpus/documents/lai-chau-9-kh-ubnd-2024.yaml:31:16: provenance.source_file: tệp nguồn corpus/sources/lai-chau-9.txt "
        "không phải là một tệp thông thường (là thư mục hoặc tệp đặc biệt)"
    ]


def test_a_sources_directory_that_is_a_symlink_out_of_the_corpus_is_refused(tmp_path):
    corpus = make_corpus(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(corpus / "sources", elsewhere)
    (corpus / "sources").symlink_to(elsewhere)
    reported = [line for line in run_check(corpus).stderr.splitlines() if line.startswith("corpus/")]
    assert reported == [
        "corpus/documents/lai-chau-9-kh-ubnd-2024.yaml:31:16: provenance.source_file: tệp nguồn corpus/sources/lai-chau-9.txt "
        "nằm ngoài thư mục corpus/sources/: chép tệp vào chính thư mục đó"
    ]


def test_source_file_names_are_bare_txt_or_pdf_names():
    from plansite.corpus.schema import validator

    pattern = validator("document.schema.json").schema["properties"]["provenance"]["properties"]["source_file"]
    check = validator("document.schema.json").__class__(pattern).is_valid
    for good in ("lai-chau-9.txt", "000_30f67795354a978a.txt", "ke-hoach.2024.pdf"):
        assert check(good), good
    for bad in ("/etc/hostname", "../../../proc/self/environ", "a/b.txt", "a\\b.txt", ".hidden.txt", "a..txt",
                "page.html", "notes.md", "scan.PDF", "x.txt\n", "-x.txt"):
        assert not check(bad), bad


def test_document_numbers_are_digits_then_codes_in_vietnamese_letters():
    from plansite.corpus.schema import validator

    pattern = validator("document.schema.json").schema["properties"]["number"]
    check = validator("document.schema.json").__class__(pattern).is_valid
    for good in ("56/2017/NĐ-CP", "276-KH/TU", "28-CT/TW", "188/KH-UBND", "01/QCPH-LĐTBXH-GDĐT-CA-NNPTNT-TLĐ-LMHTX-LĐTMCN",
                 "36-HD/VPTW", "496/QĐ-TTg", "48-CTr/TU", "121/2020/QH14", "12/KH-ĐCT", "05-QĐi/TW"):
        assert check(good), good
    for bad in ("1/X<svg/onload=alert(1)>", "1/X Y", "1/X&Y", '1/X"Y', "1/X'Y", "1/", "1//X", "1/X-", "KH/1", "1/X\n"):
        assert not check(bad), bad


def test_ids_that_are_not_generated_pages_stay_allowed():
    """Only ids whose page would be a page the site makes are refused: `nam-dinh-...` (Nam Định) is a plan."""
    from plansite.corpus.validate import _page_taken
    from plansite.render.urls import Paths

    assert _page_taken(Paths.document("nam-dinh-13-kh-ubnd-2024")) is None
    assert _page_taken(Paths.document("cap-tinh-1-kh-ubnd-2024")) is None
    assert _page_taken(Paths.document("nam-2024")) == "van-ban/nam-2024.md"
    assert _page_taken(Paths.document("loai-action-programme")) == "van-ban/loai-action-programme.md"
    assert _page_taken(Paths.locality("index")) == "dia-phuong/index.md"
    assert _page_taken(Paths.cited("index")) == "trich-dan/index.md"


def test_the_validator_knows_every_kind_of_facet_page_the_renderer_makes(tmp_path):
    from plansite.corpus.check import load_valid_corpus
    from plansite.corpus.validate import FACET_VALUES
    from plansite.render.pages.documents import facets
    from plansite.render.urls import Paths

    documents = list(load_valid_corpus(make_corpus(tmp_path)).corpus.documents.values())
    assert tuple(facets(documents)) == Paths.FACET_KINDS
    assert set(FACET_VALUES) == set(Paths.FACET_KINDS)


def test_two_generated_files_with_one_path_stop_the_build(tmp_path):
    """The safety net behind the id rules: a corpus loaded without validation, with a document `index`,
    makes the renderer stop, naming both files, instead of replacing the documents' index."""
    from plansite.corpus.loader import load_corpus
    from plansite.render.site import render_site

    corpus = make_corpus(tmp_path, "reserved-document-id")
    with pytest.raises(RuntimeError, match="van-ban/index.md: trang documents và văn bản 'index'"):
        render_site(load_corpus(corpus).published(), parallel_from=10**6)


def test_an_agency_id_of_the_wrong_shape_is_reported_once(tmp_path):
    corpus = make_corpus(tmp_path)
    plan = corpus / "documents" / "lai-chau-9-kh-ubnd-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("agency: so-y-te", "agency: Sở Y tế"), encoding="utf-8")
    reported = [line for line in run_check(corpus).stderr.splitlines() if line.startswith("corpus/")]
    assert len(reported) == 1
    assert "responsibilities[0].agency: giá trị \"Sở Y tế\" sai định dạng" in reported[0]


def test_an_agency_kind_with_sources_of_its_end_but_no_end_is_asked_for_its_end(tmp_path):
    """A kind's `sources` are the record of its end: without `valid_to` no page would show them, so the check
    asks for the end and says why, at the kind."""
    corpus = make_corpus(tmp_path)
    registry = corpus / "agencies.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    level: province\n", "    level: province\n    sources: [Báo Lao Động (news.laodong.vn), bài 1453703]\n", 1), encoding="utf-8")
    result = run_check(corpus)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("corpus/agencies.yaml:3:5: agencies[0].valid_to: thiếu trường bắt buộc 'valid_to' ('sources' ghi căn cứ "
            "việc loại cơ quan kết thúc: ghi cả ngày kết thúc)") in result.stderr.splitlines()


# --- The reader, against files from strangers: bounded in time and memory, and every refusal one positioned
# problem (the broken fixtures alias-*, merge-key-*, yaml-tags, control-*, deep-*, ... hold the exact lines).

BOUNDED_LOAD = """
import resource, sys, time
from pathlib import Path

resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))  # a regression fails here, not by eating the machine
from plansite.corpus.yamlsource import load_yaml

path = Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
source, problems = load_yaml(path, path.name)
seconds = time.perf_counter() - started
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(f"{seconds:.3f} {grown:.1f} {source is None} {len(problems)}")
print(*problems, sep="\\n")
"""

BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n" for previous, name in zip("abcdefgh", "bcdefghi", strict=True))
HOSTILE = {
    # name: (file content, how many problems, the first one)
    "alias-bomb": (BOMB, 72, "x.yaml:2:8: bí danh YAML (*a) không được dùng trong kho: viết đầy đủ giá trị"),
    "recursive-alias": ("a: &x [*x]\n", 1, "x.yaml:1:8: bí danh YAML (*x)"),
    "flow-1M": ("a: " + "[" * 10**6 + "]" * 10**6 + "\n", 1, "x.yaml:1:67: giá trị lồng nhau quá sâu (hơn 64 cấp)"),
    "flow-unclosed": ("{a: " * 400_000, 1, "x.yaml:1:257: giá trị lồng nhau quá sâu"),
    "block-mapping-1000": ("".join(" " * i + "a:\n" for i in range(1000)) + " " * 1000 + "b: 1\n", 1, "x.yaml:65:65: giá trị lồng nhau quá sâu"),
    "block-mapping-10000": ("".join(" " * i + "a:\n" for i in range(10_000)) + "b: 1\n", 1, "x.yaml:1:1: tệp quá lớn (hơn 4 MB)"),
    "compact-sequence": ("- " * 10**6 + "x\n", 1, "x.yaml:1:129: giá trị lồng nhau quá sâu"),
    "compact-keys-after-bom": ("\ufeff" + "? " * 500_000 + "x\n", 1, "x.yaml:1:129: giá trị lồng nhau quá sâu"),
    "many-values": ("a: [" + "1," * 10**6 + "]\n", 1, "x.yaml:1:399999: tệp có quá nhiều giá trị (hơn 200000)"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_is_refused_fast_without_memory_growth_and_with_positioned_problems(tmp_path, case):
    content, count, first = HOSTILE[case]
    (tmp_path / "x.yaml").write_text(content, encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", BOUNDED_LOAD, str(tmp_path / "x.yaml")], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    summary, *problems = result.stdout.splitlines()
    seconds, grown, refused, reported = summary.split()
    assert float(seconds) < 2, summary
    assert float(grown) < 100, summary  # MB; the alias bomb used to grow past 7 GB
    assert refused == "True" and int(reported) == count == len(problems)
    assert problems[0].startswith(first)


def test_too_deep_is_the_same_problem_whether_the_event_stream_is_walked_first_or_not(tmp_path):
    from plansite.corpus.problems import Problem
    from plansite.corpus.yamlsource import load_yaml

    shallow_text = "a: " + "[" * 70 + "]" * 70 + "\n"
    (tmp_path / "x.yaml").write_text(shallow_text, encoding="utf-8")
    composed = load_yaml(tmp_path / "x.yaml", "x.yaml")
    (tmp_path / "x.yaml").write_text(shallow_text + "# " + "[" * 300 + "\n", encoding="utf-8")  # brackets: walked first
    walked = load_yaml(tmp_path / "x.yaml", "x.yaml")
    assert composed == walked == (None, [Problem("x.yaml", 1, 67, "", composed[1][0].message)])
    assert "quá sâu (hơn 64 cấp)" in composed[1][0].message


def test_the_real_corpus_is_far_from_the_reader_limits():
    """A tripwire: a real document this close to a limit means the limit needs a second look."""
    import yaml

    from plansite.corpus.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_VALUES

    # The registries generated from a data package (provenance.generated_by) hold thousands of units by design.
    generated = {name for name in ("localities.yaml", "communes.yaml")
                 if "generated_by" in (yaml.load((REPO / "corpus" / name).read_bytes(), Loader=yaml.CSafeLoader).get("provenance") or {})}
    for path in (REPO / "corpus").rglob("*.yaml"):
        depth = deepest = values = 0
        for event in yaml.parse(path.read_bytes(), Loader=yaml.CSafeLoader):
            values += isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent))
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            deepest = max(deepest, depth)
        if path.name in generated:  # communes.yaml is read as JSON, but as YAML too (edited by hand) within the limits
            assert path.stat().st_size < MAX_BYTES / 2 and deepest < MAX_DEPTH / 2 and values < MAX_VALUES, path
        else:
            assert path.stat().st_size < MAX_BYTES / 10 and deepest < MAX_DEPTH / 2 and values < MAX_VALUES / 20, path


def test_a_plan_written_in_nfd_loads_exactly_as_in_nfc(tmp_path):
    import unicodedata

    from plansite.corpus.loader import load_corpus

    nfc, nfd = make_corpus(tmp_path / "nfc"), make_corpus(tmp_path / "nfd")
    for path in (nfd / "documents").glob("*.yaml"):
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    plan = nfd / "documents" / "lai-chau-9-kh-ubnd-2024.yaml"
    assert not unicodedata.is_normalized("NFC", plan.read_text(encoding="utf-8"))
    assert run_check(nfd).returncode == 0
    loaded_nfc, loaded_nfd = load_corpus(nfc), load_corpus(nfd)
    assert loaded_nfd.corpus == loaded_nfc.corpus
    assert files_as_read(loaded_nfd) == files_as_read(loaded_nfc)


def test_an_unquoted_equals_sign_is_the_comparator_it_looks_like(tmp_path):
    corpus = make_corpus(tmp_path)
    plan = corpus / "documents" / "lai-chau-9-kh-ubnd-2024.yaml"
    target = ("targets:\n  - indicator: Tỷ lệ trẻ em được tiêm chủng\n    comparator: =\n    value: 95\n    unit: \"%\"\n"
              "    node: i-1-p1\n")
    plan.write_text(plan.read_text(encoding="utf-8").replace("provenance:\n", target + "provenance:\n"), encoding="utf-8")
    result = run_check(corpus)
    assert result.returncode == 0, result.stderr


def test_a_corpus_file_that_is_a_link_a_directory_or_a_pipe_is_refused_without_hanging(tmp_path):
    import os

    corpus = make_corpus(tmp_path)
    documents = corpus / "documents"
    (tmp_path / "outside.yaml").write_text("secret: 1\n", encoding="utf-8")
    (documents / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    (documents / "zero.yaml").symlink_to("/dev/zero")
    (documents / "folder.yaml").mkdir()
    os.mkfifo(documents / "pipe.yaml")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_pages.py"), "--check", "--corpus", str(corpus)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    reported = [line for line in result.stderr.splitlines() if line.startswith("corpus/")]
    link, special = ("tệp là liên kết (symlink): chép chính tệp vào kho thay cho liên kết",
                     "không phải là một tệp thông thường (là thư mục hoặc tệp đặc biệt)")
    assert reported == [f"corpus/documents/folder.yaml:1:1: {special}", f"corpus/documents/link.yaml:1:1: {link}",
                        f"corpus/documents/pipe.yaml:1:1: {special}", f"corpus/documents/zero.yaml:1:1: {link}"]
    assert "Traceback" not in result.stderr


def test_a_restored_text_with_paragraphs_of_addresses_names_and_numbers_is_not_taken_for_one_without_diacritics(tmp_path):
    """A text is judged whole: a plan's contact line, its partners' English names, a list of decisions are as right
    as any paragraph, and all are in texts that kept their diacritics."""
    corpus = make_corpus(tmp_path)
    plan = corpus / "documents" / "lai-chau-9-kh-ubnd-2024.yaml"
    paragraphs = [
        "Điện thoại: 0213.3876.543; Fax: 0213.3876.544; Email: treem@laichau.gov.vn",
        "Website: https://laichau.gov.vn; https://treem.laichau.gov.vn; https://molisa.gov.vn",
        "Tổ chức Plan International, Save the Children, World Vision, ChildFund Australia",
        "Quyết định số 1437/QĐ-TTg, 1438/QĐ-TTg, 1439/QĐ-TTg, 1440/QĐ-TTg, 1441/QĐ-TTg, 1442/QĐ-TTg, 1443/QĐ-TTg",
        "Phối hợp với các sở, ngành tuyên truyền, phổ biến pháp luật về quyền trẻ em trên địa bàn tỉnh, lồng ghép "
        "trong các hội nghị của chính quyền, đoàn thể các cấp và nhà trường; hướng dẫn các cơ sở y tế khám sức khỏe "
        "định kỳ cho trẻ em dưới 6 tuổi.",
    ]
    added = "".join(f'          - id: i-1-p{n}\n            marker: "-"\n            text: "{text}"\n' for n, text in enumerate(paragraphs, 2))
    text = plan.read_text(encoding="utf-8").replace("            text: Chủ trì chăm sóc sức khỏe trẻ em.\n",
                                                    "            text: Chủ trì chăm sóc sức khỏe trẻ em.\n" + added, 1)
    plan.write_text(text, encoding="utf-8")
    result = run_check(corpus)
    assert result.returncode == 0, result.stderr


def test_a_whole_number_written_with_a_decimal_point_is_that_whole_number(tmp_path):
    # JSON Schema takes 2030.0 for an integer: the corpus reads it as one, and a page says "2030", never "2030.0".
    corpus = make_corpus(tmp_path)
    path = corpus / "documents" / "lai-chau-9-kh-ubnd-2024.yaml"
    text = path.read_text(encoding="utf-8").replace("trẻ em.\n", "trẻ em giai đoạn 2024 - 2030.\n")
    text = text.replace("    node: i-1-p1\n", "    node: i-1-p1\n    when: {kind: period, text: giai đoạn 2024 - 2030, from: 2024.0, to: 2030.0}\n")
    path.write_text(text, encoding="utf-8")
    assert run_check(corpus).returncode == 0
    from plansite.corpus.check import load_valid_corpus

    when = load_valid_corpus(corpus).corpus.documents["lai-chau-9-kh-ubnd-2024"].responsibilities[0].when
    assert (when.start, when.end) == (2024, 2030) and all(type(year) is int for year in (when.start, when.end))
    assert "2030.0" not in when.summary and "2030" in when.summary
