"""Load and validate a corpus directory: the single entry point used by the CLI, the MkDocs plugin and the tests."""

from __future__ import annotations

from pathlib import Path

from plansite.corpus.loader import Loaded, ReadCache, load_corpus
from plansite.corpus.problems import CorpusError
from plansite.corpus.validate import validate
from plansite.runtime.forking import PARALLEL_FROM
from plansite.runtime.gcpause import gc_paused

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT / "corpus"


def load_valid_corpus(root: Path = DEFAULT_CORPUS, parallel_from: int = PARALLEL_FROM, cache: ReadCache | None = None) -> Loaded:
    """The loaded corpus, or CorpusError listing every problem. From `parallel_from` files on, forked workers read them.
    With a `cache` (kept from one load to the next), only the files changed since the last load are read
    again; the problems are the same as a fresh load's."""
    with gc_paused():
        loaded = load_corpus(root, parallel_from=parallel_from, cache=cache)
        problems = validate(loaded, cache)
    if problems:
        raise CorpusError(problems)
    if cache is None:
        # Nothing is reported against the files after this: the position of every value, which only a
        # problem needs, goes (a document file without problems of its own has let them go already, to be
        # read again if wanted: SourceFile.let_go_positions), and the records are packed. A cache keeps the
        # registries' positions and the records as read: the next load checks them, and reports problems
        # in the files it does not read again.
        loaded.forget_positions()
        loaded.pack_records()
    return loaded
