"""The locality registry of the real corpus: properties only (content checks run on tests/fixtures/), and that
scripts/make_localities.py gives the committed files byte for byte from the data package."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections import Counter
from pathlib import Path

import pytest
import yaml

from plansite.corpus.loader import load_corpus

REPO = Path(__file__).resolve().parents[2]
REORGANISED = dt.date(2025, 7, 1)


def _script():
    spec = importlib.util.spec_from_file_location("make_localities", REPO / "scripts" / "make_localities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    loaded = load_corpus(REPO / "corpus")
    assert not loaded.problems
    return loaded.corpus


def test_the_registry_holds_63_former_and_34_current_provinces_696_districts_and_3321_communes(corpus):
    units = list(corpus.localities.values())
    provinces = [unit for unit in units if unit.level == "province"]
    assert sum(1 for unit in provinces if unit.valid_on(REORGANISED - dt.timedelta(days=1))) == 63
    assert sum(1 for unit in provinces if unit.valid_on(REORGANISED)) == 34
    assert sum(1 for unit in provinces if unit.valid_on(REORGANISED) and unit.valid_from is None) == 11  # not merged
    assert sum(1 for unit in units if unit.level == "district") == 696
    assert all(unit.valid_to == REORGANISED - dt.timedelta(days=1) for unit in units if unit.level == "district")
    assert sum(1 for unit in units if unit.level == "commune" and unit.valid_on(REORGANISED)) == 3321


def test_every_former_unit_has_a_successor_and_every_new_one_predecessors(corpus):
    successors = Counter(s.id for unit in corpus.localities.values() for s in unit.predecessors)
    for unit in corpus.localities.values():
        if unit.valid_to:
            assert successors[unit.id], unit.id
        if unit.valid_from:
            assert unit.predecessors, unit.id
            assert all(corpus.localities[s.id].valid_to < unit.valid_from for s in unit.predecessors)


def test_a_code_names_a_unit_only_with_its_scheme(corpus):
    by_code = {(scheme, unit.code): unit.id for unit in corpus.localities.values() for scheme in unit.schemes}
    assert by_code[("truoc-2025", "91")] == "kien-giang" and by_code[("tu-2025", "91")] == "an-giang-2025"
    assert by_code[("truoc-2025", "12")] == by_code[("tu-2025", "12")] == "lai-chau"  # not merged: one unit


def test_ids_used_by_documents_stay_and_are_valid_on_the_documents_dates(corpus):
    for document in corpus.documents.values():
        if document.issuer.locality:
            assert corpus.localities[document.issuer.locality].valid_on(document.date), document.id
    for unit_id in ("hai-phong", "kien-giang", "lai-chau", "tam-duong", "can-tho"):
        assert unit_id in corpus.localities


def test_the_files_name_their_source_and_licence_and_the_wheel_the_script_pins():
    script = _script()
    for name in ("localities.yaml", "communes.yaml"):
        provenance = yaml.safe_load((REPO / "corpus" / name).read_text(encoding="utf-8"))["provenance"]
        assert provenance["sha256"] == script.WHEEL_SHA256
        assert provenance["licence"].startswith("MIT") and "vietnamadminunits 1.0.4" in provenance["source"]


def test_the_script_reproduces_the_committed_files_byte_for_byte():
    script = _script()
    wheel = script.find_cached_wheel()
    if wheel is None:
        pytest.skip(f"the vietnamadminunits wheel is not in {script.WHEEL_CACHE} (python scripts/make_localities.py --check fetches it)")
    localities, communes = script.generate(wheel)
    assert localities.encode("utf-8") == (REPO / "corpus" / "localities.yaml").read_bytes()
    assert communes.encode("utf-8") == (REPO / "corpus" / "communes.yaml").read_bytes()
