"""Find glossary terms in running text with one compiled pattern, longest spelling first.

Python-Markdown's abbr extension uses \\b, which never matches a Latin term glued to Chinese
characters (我们用MLOps来做); here a Latin edge only requires that the neighbouring character is
not a Latin letter or digit, so `pass` never matches inside `passage` but MLOps matches above."""
from __future__ import annotations

import re
from typing import Iterable

from .model import Term

_LATIN = re.compile(r"[A-Za-z0-9]")
_EDGE_BEFORE = r"(?<![A-Za-z0-9])"
_EDGE_AFTER = r"(?![A-Za-z0-9])"


def _trie_pattern(spellings: Iterable[str]) -> str:
    """One pattern for all spellings, shaped as a trie (common prefixes written once, chains of
    single children as one run), so a match attempt follows one path of the trie instead of trying
    every spelling: matching costs about the length of the text, not text × spellings (1000 terms
    made the flat alternation 100× slower). At each node the longer continuations are tried before
    stopping, so the longest spelling that matches at a position wins, as in a longest-first
    alternation."""
    trie: dict = {}
    depth: dict[int, int] = {}  # id(node) -> length of its longest continuation
    for spelling in spellings:
        node = trie
        for position, char in enumerate(spelling):
            node = node.setdefault(char, {})
            depth[id(node)] = max(depth.get(id(node), 0), len(spelling) - position - 1)
        node[""] = {}  # a spelling ends here

    def branches(node: dict) -> list[tuple[str, dict]]:
        """(run of characters, node at its end) for each child, longest continuation first."""
        out = []
        for char, child in sorted(((c, n) for c, n in node.items() if c), key=lambda cn: -depth[id(cn[1])]):
            run = char
            while len(child) == 1 and "" not in child:
                (char, child), = child.items()
                run += char
            out.append((run, child))
        return out

    def render(node: dict, last: str) -> str:
        alternatives = [re.escape(run) + render(child, run[-1]) for run, child in branches(node)]
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")" \
            if alternatives else ""
        if "" not in node:
            return body
        end = _EDGE_AFTER if _LATIN.match(last) else ""
        if not body:
            return end
        return f"(?:{body}|{end})" if end else f"(?:{body})?"

    roots = [(_EDGE_BEFORE if _LATIN.match(run[0]) else "") + re.escape(run) + render(child, run[-1])
             for run, child in branches(trie)]
    return "|".join(roots)


def _flat_pattern(spellings: list[str]) -> str:
    """The plain longest-first alternation: the fallback for a glossary whose trie nests too deeply
    for the regex compiler (hundreds of spellings, each a prefix of the next)."""
    def one(spelling: str) -> str:
        return ((_EDGE_BEFORE if _LATIN.match(spelling[0]) else "") + re.escape(spelling) +
                (_EDGE_AFTER if _LATIN.match(spelling[-1]) else ""))
    return "|".join(one(spelling) for spelling in spellings)


def normalise(spelling: str) -> str:
    """The key under which spellings are compared (case-insensitive, as the matcher is)."""
    return spelling.casefold()


class TermMatcher:
    """All spellings of all terms as one compiled pattern; at each position the longest spelling
    that matches there wins."""

    def __init__(self, terms: Iterable[Term]):
        self._owner: dict[str, str] = {}
        for term in terms:
            for spelling in term.names:
                self._owner.setdefault(normalise(spelling), term.id)
        spellings = sorted(self._owner, key=lambda s: (-len(s), s))
        self._pattern = None
        if spellings:
            try:
                self._pattern = re.compile(_trie_pattern(spellings), re.IGNORECASE)
            except (RecursionError, re.error, OverflowError):
                self._pattern = re.compile(_flat_pattern(spellings), re.IGNORECASE)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, term_id), left to right."""
        if self._pattern is None:
            return []
        found = ((m.start(), m.end(), self._owner.get(normalise(m.group(0)))) for m in self._pattern.finditer(text))
        return [hit for hit in found if hit[2] is not None]
