"""Load and validate a corpus directory: the single entry point used by the CLI, the hook and the tests."""

from __future__ import annotations

from pathlib import Path

from .gcpause import gc_paused
from .loader import Loaded, load_corpus
from .problems import CorpusError
from .validate import validate

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / "corpus"


def load_valid_corpus(root: Path = DEFAULT_CORPUS) -> Loaded:
    """The loaded corpus, or CorpusError listing every problem."""
    with gc_paused():
        loaded = load_corpus(root)
        problems = validate(loaded)
    if problems:
        raise CorpusError(problems)
    return loaded
