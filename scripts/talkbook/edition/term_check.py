"""Terms a note lists that its talk never says: the matcher (terms.py) found none of the term's
spellings in the talk's reading text, so no passage links to the term, which is usually a spelling
the glossary lacks (an inflection, a misheard form). An error (load_edition): validate, build and CI
agree on it."""
from __future__ import annotations

import re
from pathlib import Path

from talkbook.problems import Problem

from .model import Edition

_TERMS_KEY = re.compile(r"terms\s*:")


def unmatched_note_terms(root: Path, edition: Edition) -> list[Problem]:
    """One problem per (note, term) whose term never matches the note's talk."""
    terms = {term.id: term for term in edition.terms}
    found = []
    for talk in edition.talks:
        mentioned = {m.term_id for m in talk.mentions}
        for note in talk.notes:
            for term_id in note.terms:
                if term_id in mentioned:
                    continue
                term = terms[term_id]
                spellings = ", ".join(term.names)
                found.append(Problem(note.path, _terms_line(root / note.path, note.line), (
                    f"term '{term_id}' is listed in terms, but {talk.id}'s text never links to it: none "
                    f"of its spellings ({spellings}) matches there as a whole word (where a longer term's "
                    f"spelling covers one, the longer term wins); if the talk says it another way, add that "
                    f"spelling to aliases in {term.path}")))
    return sorted(found)


def _terms_line(path: Path, fallback: int) -> int:
    """The line of the note's `terms:` key (the model keeps only the quote's line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return fallback
    return next((number for number, line in enumerate(lines, start=1) if _TERMS_KEY.match(line)), fallback)
