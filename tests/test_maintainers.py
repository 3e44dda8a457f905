"""What a maintainer relies on: valid workflows, an editor mapping to the schema, tidy YAML, helpers that work."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=REPO, capture_output=True, text=True)


def test_github_workflows_are_valid():
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = run(sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_corpus_and_workflow_yaml_pass_yamllint():
    result = run(sys.executable, "-m", "yamllint", "--strict", "corpus", ".github", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout


def test_the_editor_maps_corpus_files_to_the_schema_that_exists():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file()
    for path in (REPO / "corpus" / "documents").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/document.schema.json")


def test_text_to_body_turns_numbered_text_into_a_valid_body(tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("I. MỤC ĐÍCH\n1. Mục đích\n- Nâng cao nhận thức.\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n", encoding="utf-8")
    result = run(sys.executable, "scripts/text_to_body.py", str(text))
    assert result.returncode == 0, result.stderr
    assert "  - id: i-1-p1\n" in result.stdout and "marker: II." in result.stdout
