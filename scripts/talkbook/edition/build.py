"""The edition from the files: load -> validate -> structure, every problem collected before raising."""
from __future__ import annotations

from pathlib import Path

from talkbook.problems import Problems
from talkbook.sources.load import load_sources
from talkbook.sources.validate import validate

from . import attribution_check
from .model import Edition
from .structure import build_edition
from .term_check import unmatched_note_terms


def load_edition(root: Path) -> Edition:
    """Read and check every source; raise BuildError listing every problem, or return the model."""
    problems = Problems()
    raw = load_sources(Path(root), problems)
    valid = validate(raw, problems)
    edition = build_edition(valid, problems)
    if edition is not None:
        for talk in edition.talks:
            attribution_check.check_talk(talk, problems)
        attribution_check.check_terms(edition, problems)
    if not problems:
        # A term a note lists that its talk never says: an error here, so that validate, build and
        # CI (tests/test_edition_content.py once failed on what validate only warned about) agree.
        for problem in unmatched_note_terms(Path(root), edition):
            problems.add(problem.path, problem.line, problem.message)
    problems.raise_if_any()
    return edition
