"""Find glossary terms in running text with one compiled pattern, longest spelling first.

Python-Markdown's abbr extension uses \\b, which never matches a Latin term glued to Chinese
characters (我们用MLOps来做); here a Latin edge only requires that the neighbouring character is
not a Latin letter or digit, so `pass` never matches inside `passage` but MLOps matches above."""
from __future__ import annotations

import re
from typing import Iterable

from .model import Term

_LATIN = re.compile(r"[A-Za-z0-9]")


def _spelling_pattern(spelling: str) -> str:
    pattern = re.escape(spelling)
    if _LATIN.match(spelling[0]):
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if _LATIN.match(spelling[-1]):
        pattern += r"(?![A-Za-z0-9])"
    return pattern


def normalise(spelling: str) -> str:
    """The key under which spellings are compared (case-insensitive, as the matcher is)."""
    return spelling.casefold()


class TermMatcher:
    """All spellings of all terms as one alternation; regex alternation takes the first alternative
    that matches at a position, so sorting longest first gives the longest match there."""

    def __init__(self, terms: Iterable[Term]):
        self._owner: dict[str, str] = {}
        for term in terms:
            for spelling in term.names:
                self._owner.setdefault(normalise(spelling), term.id)
        spellings = sorted(self._owner, key=lambda s: (-len(s), s))
        self._pattern = re.compile("|".join(_spelling_pattern(s) for s in spellings), re.IGNORECASE) \
            if spellings else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, term_id), left to right."""
        if self._pattern is None:
            return []
        found = ((m.start(), m.end(), self._owner.get(normalise(m.group(0)))) for m in self._pattern.finditer(text))
        return [hit for hit in found if hit[2] is not None]
