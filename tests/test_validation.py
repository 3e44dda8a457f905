"""`scripts/build_pages.py --check`: every problem, at once, as `path:line:column: field: message`.

Each directory under tests/fixtures/broken/ is the small valid corpus of tests/fixtures/valid/ with one
file changed to break one rule; its expected.txt holds the exact lines a maintainer must see.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
BROKEN = sorted(p.name for p in (FIXTURES / "broken").iterdir())


def run_check(corpus: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/build_pages.py", "--check", "--corpus", str(corpus)],
        cwd=REPO, capture_output=True, text=True,
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


@pytest.mark.parametrize("case", BROKEN)
def test_each_broken_rule_is_reported_with_file_line_column_and_field(tmp_path, case):
    result = run_check(make_corpus(tmp_path, case))
    expected = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    reported = [line for line in result.stderr.splitlines() if line.startswith("corpus/")]
    assert result.returncode == 1
    assert reported == expected
    assert "Traceback" not in result.stderr
    assert f"{len(expected)} lỗi trong kho văn bản" in result.stderr


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
    assert any(line.startswith("corpus/documents/bad.yaml:2:1: YAML không hợp lệ") for line in reported)


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
