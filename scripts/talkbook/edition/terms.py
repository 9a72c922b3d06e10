"""Find glossary terms in running text with compiled trie patterns, longest spelling first.

Python-Markdown's abbr extension uses \\b, which never matches a Latin term glued to Chinese
characters (我们用MLOps来做); here a Latin edge only requires that the neighbouring character is
not a Latin letter or digit, so `pass` never matches inside `passage` but MLOps matches above.
In an English talk a spelling also matches its plural (INFLECTING)."""
from __future__ import annotations

import heapq
import re
from typing import Iterable, Iterator

from talkbook.sources.spelling import normalise

from .model import Term

_LATIN = re.compile(r"[A-Za-z0-9]")
_LETTER = re.compile(r"[A-Za-z]")
_EDGE_BEFORE = r"(?<![A-Za-z0-9])"
_EDGE_AFTER = r"(?![A-Za-z0-9])"
# Languages written with spaces between words, whose nouns take a plural -s or -es: there a spelling
# ending in a letter also matches its plural (consumer: consumers; process: processes), still only
# as a whole word. Chinese text has no inflection, and its Latin words (pass, LS) are mishearings
# whose "plurals" would be other words.
INFLECTING = frozenset({"en"})
_PLURAL = "(?:e?s)?"


def _end(last: str, inflect: bool) -> str:
    """What may follow a spelling ending in `last`: for a Latin letter in an inflecting language, a
    plural ending; then, after any Latin character, the edge of the word."""
    if not _LATIN.match(last):
        return ""
    return (_PLURAL if inflect and _LETTER.match(last) else "") + _EDGE_AFTER


def _trie_pattern(spellings: list[str], inflect: bool = False) -> str:
    """One pattern for all spellings, shaped as a trie (common prefixes written once, chains of
    single children as one run), so a match attempt follows one path of the trie instead of trying
    every spelling: matching costs about the length of the text, not text × spellings (1000 terms
    made the flat alternation 100× slower). At each node the longer continuations are tried before
    stopping, so the longest spelling that matches at a position wins, as in a longest-first
    alternation. The spellings come longest first, so each node's children are created in the
    order of their longest continuation, the order in which they are tried."""
    trie: dict = {}
    for spelling in spellings:
        node = trie
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = {}  # a spelling ends here

    def branches(node: dict) -> list[tuple[str, dict]]:
        """(run of characters, node at its end) for each child, longest continuation first."""
        out = []
        for char, child in node.items():
            if not char:
                continue
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
        end = _end(last, inflect)
        if not body:
            return end
        return f"(?:{body}|{end})" if end else f"(?:{body})?"

    def root(run: str, child: dict) -> str:
        # The Latin edge check goes after the first character (same test: the character before it), so
        # every alternative starts with a literal: re then skips non-starting characters quickly.
        first = re.escape(run[0])
        edge = f"(?<![A-Za-z0-9]{first})" if _LATIN.match(run[0]) else ""
        return first + edge + re.escape(run[1:]) + render(child, run[-1])

    return "|".join(root(run, child) for run, child in branches(trie))


def _flat_pattern(spellings: list[str], inflect: bool = False) -> str:
    """The plain longest-first alternation: the fallback for a glossary whose trie nests too deeply
    for the regex compiler (hundreds of spellings, each a prefix of the next)."""
    def one(spelling: str) -> str:
        return ((_EDGE_BEFORE if _LATIN.match(spelling[0]) else "") + re.escape(spelling) +
                _end(spelling[-1], inflect))
    return "|".join(one(spelling) for spelling in spellings)


def _fold_table() -> dict[int, str] | None:
    """re.IGNORECASE takes a character as equal to a pattern character when their lower cases are
    equal or lie in one of a few groups of lower-case letters sharing an upper case (i ı, s ſ, µ μ,
    σ ς, ...: re's own table). Mapping each group onto one member (the one casefold() keeps, so the one
    keys hold; i rather than ı) makes that plain equality. None on a Python without that table."""
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:
        return None
    table = {}
    for lower, others in _EXTRA_CASES.items():
        group = [chr(c) for c in (lower, *others)]
        member = min((c for c in group if c.casefold() == c), default=min(group))
        if chr(lower) != member:
            table[lower] = member
    return table


_FOLD = _fold_table()
_UNFOLDED = re.compile("[" + re.escape("".join(map(chr, _FOLD))) + "]") if _FOLD else None


def _fold(text: str) -> str | None:
    """The text as re.IGNORECASE sees it, one character for one, so offsets carry over; None when
    lower() changes the length (İ), which only the IGNORECASE pattern handles."""
    lower = text.lower()
    if _FOLD is None or len(lower) != len(text):
        return None
    return lower.translate(_FOLD) if _UNFOLDED and _UNFOLDED.search(lower) else lower


def _folded_patterns(spellings: list[str], inflect: bool = False) -> list[re.Pattern] | None:
    """Case-sensitive trie patterns over folded text, splitting the spellings by first character into
    about √n groups. At each position re tries a pattern's top-level alternatives one after another,
    so hundreds of first characters (Chinese terms) made every position cost hundreds of steps; √n
    groups cost √n quick scans of the text and √n steps at a position. None: use the IGNORECASE
    pattern (a key that folding changes, as ı or Cherokee, or a trie too deep to compile)."""
    if _FOLD is None or any(_fold(spelling) != spelling for spelling in spellings):
        return None
    firsts = sorted({spelling[0] for spelling in spellings})
    count = max(1, round(0.6 * len(firsts) ** 0.5))  # 0.6: fastest on the synthetic corpus
    group_of = {char: n * count // len(firsts) for n, char in enumerate(firsts)}
    groups: list[list[str]] = [[] for _ in range(count)]
    for spelling in spellings:  # each group keeps the longest-first order _trie_pattern needs
        groups[group_of[spelling[0]]].append(spelling)
    try:
        return [re.compile(_trie_pattern(group, inflect)) for group in groups]
    except (RecursionError, re.error, OverflowError):
        return None


def _leftmost(patterns: list[re.Pattern], text: str) -> Iterator[tuple[int, int]]:
    """The spans finditer gives for the alternation of the patterns, whose matches never start at
    the same position: the leftmost next match among them (a heap of each one's next match) is
    taken, and a pattern whose next match starts inside the one taken searches again after it."""
    heads = [(m.start(), n, m) for n, pattern in enumerate(patterns) if (m := pattern.search(text))]
    heapq.heapify(heads)
    end = 0
    while heads:
        start, n, m = heads[0]
        if start >= end:
            yield m.span()
            end = m.end()
        m = patterns[n].search(text, end)
        if m:
            heapq.heapreplace(heads, (m.start(), n, m))
        else:
            heapq.heappop(heads)


class TermMatcher:
    """All spellings of all terms as trie patterns; at each position the longest spelling that
    matches there wins. Text is matched folded (lower-cased, see _fold) by case-sensitive patterns,
    which compile and search several times faster than one re.IGNORECASE pattern; that pattern,
    compiled on first need, matches text that folding cannot handle and is the reference."""

    def __init__(self, terms: Iterable[Term], inflect: bool = False):
        self._inflect = inflect  # plurals of Latin spellings match too (INFLECTING languages)
        self._owner: dict[str, str] = {}
        for term in terms:
            for spelling in term.names:
                self._owner.setdefault(normalise(spelling), term.id)
        self._spellings = sorted(self._owner, key=lambda s: (-len(s), s))
        self._folded = _folded_patterns(self._spellings, inflect) if self._spellings else None
        self._pattern: re.Pattern | None = None

    def _exact(self) -> re.Pattern:
        """The single re.IGNORECASE pattern (slow to compile)."""
        if self._pattern is None:
            try:
                self._pattern = re.compile(_trie_pattern(self._spellings, self._inflect), re.IGNORECASE)
            except (RecursionError, re.error, OverflowError):
                self._pattern = re.compile(_flat_pattern(self._spellings, self._inflect), re.IGNORECASE)
        return self._pattern

    def find(self, text: str, *, exact: bool = False) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, term_id), left to right. exact=True always uses the
        re.IGNORECASE pattern (the reference the tests compare with)."""
        if not self._spellings:
            return []
        folded = None if exact or self._folded is None else _fold(text)
        if folded is None:
            spans = (m.span() for m in self._exact().finditer(text))
        else:
            spans = _leftmost(self._folded, folded)
        found = ((start, end, self._term_of(text[start:end])) for start, end in spans)
        return [hit for hit in found if hit[2] is not None]

    def _term_of(self, matched: str) -> str | None:
        """The term a matched spelling belongs to; a plural is looked up without its ending."""
        key = normalise(matched)
        if key in self._owner or not self._inflect:
            return self._owner.get(key)
        return self._owner.get(key[:-1]) or self._owner.get(key[:-2]) if key.endswith("s") else None
