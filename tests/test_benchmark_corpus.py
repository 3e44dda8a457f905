"""The benchmark's generated corpus stays valid as the schema and the registries change, and has the mix the
real corpus heads for: central documents, 2024 plans of the former provinces and districts, 2025–2026 plans of
the current provinces and communes, yearly plans, full texts and metadata-only documents."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter

from conftest import REPO

from plansite.corpus.check import load_valid_corpus

sys.path.insert(0, str(REPO / "benchmarks"))
import generate_corpus  # noqa: E402  (a script of benchmarks/, not a package)

REORGANISED = dt.date(2025, 7, 1)


def test_a_small_generated_corpus_is_valid_and_has_every_kind_of_document(tmp_path):
    out = tmp_path / "corpus"
    stats = generate_corpus.generate(out, 80, seed=7)
    corpus = load_valid_corpus(out).corpus  # exits with the positioned problems if the corpus is not valid
    documents = corpus.documents.values()
    assert len(corpus.documents) == stats["documents"] == 80
    levels = Counter(document.issuer.level for document in documents)
    assert levels["central"] == 1 + len(generate_corpus.NATIONAL)
    assert {"province", "district", "commune"} <= set(levels)
    for document in documents:
        if document.issuer.locality:
            locality = corpus.localities[document.issuer.locality]
            assert locality.valid_on(document.date), (document.id, locality.id)
            assert (locality.level == "district") == (document.date < REORGANISED) or locality.level == "province"
    assert 0 < stats["metadata_only"] < stats["full_text"]
    assert any(document.title.startswith("triển khai") and document.date.year == 2026 for document in documents)


def test_the_same_seed_gives_the_same_corpus(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    generate_corpus.generate(first, 20, seed=3)
    generate_corpus.generate(second, 20, seed=3)
    files = sorted(path.relative_to(first) for path in first.rglob("*.yaml"))
    assert files == sorted(path.relative_to(second) for path in second.rglob("*.yaml"))
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in files)
