"""Load and validate a corpus directory: the single entry point used by the CLI, the MkDocs plugin and the tests."""

from __future__ import annotations

from pathlib import Path

from plansite.corpus.loader import Loaded, load_corpus
from plansite.corpus.problems import CorpusError
from plansite.corpus.validate import validate
from plansite.runtime.forking import PARALLEL_FROM
from plansite.runtime.gcpause import gc_paused

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT / "corpus"


def load_valid_corpus(root: Path = DEFAULT_CORPUS, parallel_from: int = PARALLEL_FROM) -> Loaded:
    """The loaded corpus, or CorpusError listing every problem. From `parallel_from` files on, forked workers read them."""
    with gc_paused():
        loaded = load_corpus(root, parallel_from=parallel_from)
        problems = validate(loaded)
    if problems:
        raise CorpusError(problems)
    return loaded
