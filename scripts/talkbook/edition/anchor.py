"""Anchor: resolve quotes (W3C TextQuoteSelector: exact + optional prefix/suffix) to transcript
offsets. A quote matches exactly the expected number of times or it is an error that shows the
candidates; there is no fuzzy re-anchoring."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from talkbook.problems import Problems
from talkbook.sources.fullwidth import fullwidth_hint

CONTEXT = 12  # characters of context shown around a candidate in messages
# Languages written with spaces between words: there a quote must start and end at word edges
# ("ight kilobytes" is not a quote of "eight kilobytes"), and suggested quotes grow by whole words.
SPACED = frozenset({"en"})


QUOTE_SHOWN = 60  # characters of a quote echoed in a message; a pasted page is not repeated whole


def _brief(text: str) -> str:
    if len(text) <= QUOTE_SHOWN:
        return text
    return f"{text[:QUOTE_SHOWN - 20]}…{text[-10:]} ({len(text)} characters)"


@dataclass(frozen=True)
class Quote:
    """A TextQuoteSelector plus where it was written."""

    exact: str
    prefix: str
    suffix: str
    path: str
    line: int

    def describe(self) -> str:
        parts = [f'quote "{_brief(self.exact)}"']
        if self.prefix:
            parts.append(f'prefix "{_brief(self.prefix)}"')
        if self.suffix:
            parts.append(f'suffix "{_brief(self.suffix)}"')
        return " with ".join(parts[:1]) + (" (" + ", ".join(parts[1:]) + ")" if parts[1:] else "")


def quote_from(value, path: str, line: int) -> Quote:
    """Build a Quote from the two written forms: a plain string, or a mapping quote/prefix/suffix."""
    if isinstance(value, str):
        return Quote(value, "", "", path, line)
    return Quote(value.get("quote", ""), value.get("prefix", "") or "", value.get("suffix", "") or "",
                 path, line)


def occurrences(text: str, exact: str) -> list[int]:
    found, start = [], text.find(exact)
    while start != -1 and exact:
        found.append(start)
        start = text.find(exact, start + 1)
    return found


def inside_word(text: str, at: int) -> bool:
    """Whether offset `at` falls between two characters of one word (letters or digits)."""
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The range widened to the edges of the words it starts and ends in, without outer spaces."""
    while inside_word(text, start):
        start -= 1
    while inside_word(text, end):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _at_word_edges(text: str, start: int, end: int) -> bool:
    return not inside_word(text, start) and not inside_word(text, end)


def matches(text: str, quote: Quote, spaced: bool = False) -> list[int]:
    """Start offsets where exact occurs and the given prefix/suffix agree (in spaced text, only where
    it starts and ends at word edges)."""
    return [start for start in occurrences(text, quote.exact)
            if text.startswith(quote.prefix, max(0, start - len(quote.prefix))) and
            start >= len(quote.prefix) and
            text.startswith(quote.suffix, start + len(quote.exact)) and
            (not spaced or _at_word_edges(text, start, start + len(quote.exact)))]


def show(text: str, start: int, end: int) -> str:
    """A candidate in context: “…before【match】after…”."""
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return f"“…{before}【{text[start:end]}】{after}…”"


SIMILAR = 0.25  # a window sharing less than this (difflib ratio) with the quote is no suggestion


def _same_places(window: str, exact: str) -> int:
    """Characters equal at the same position: among windows as similar overall, the one that differs
    by a substitution (开原 for 开源) beats one that merely shares a character somewhere."""
    return sum(a == b for a, b in zip(window, exact))


def nearest_passages(text: str, exact: str, count: int = 3, spaced: bool = False) -> list[tuple[int, int]]:
    """The transcript windows most like `exact`, best first (only computed when a quote is not
    found); none when nothing is even roughly similar. In spaced text each is widened to whole
    words, so that copying one literally gives a quote that anchors."""
    size = max(1, len(exact))
    step = max(1, size // 4)
    scored = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(exact)
    for start in range(0, max(1, len(text) - size + 1), step):
        window = text[start:start + size]
        matcher.set_seq1(window)
        scored.append((-matcher.ratio(), -_same_places(window, exact), start))
    scored.sort()
    chosen: list[tuple[int, int]] = []
    for score, _places, start in scored:
        if -score < SIMILAR:
            break
        if all(abs(start - other) >= size for other, _ in chosen):
            chosen.append(whole_words(text, start, start + size) if spaced else (start, start + size))
        if len(chosen) == count:
            break
    return chosen


def unique_extension(text: str, start: int, end: int, left: bool = True, spaced: bool = False) -> str:
    """The shortest longer quote (growing to the right, then left) that occurs only at `start`.
    left=False grows only to the right, so the quote still begins at `start` (a paragraph's opening
    words must not reach back into the paragraph before). In spaced text it grows by whole words."""
    def fits(a: int, b: int) -> bool:
        return not spaced or (_at_word_edges(text, a, b) and not text[a].isspace() and not text[b - 1].isspace())

    for grow in range(1, 40 if not spaced else 80):
        stop = min(len(text), end + grow)
        longer = text[start:stop]
        if fits(start, stop) and len(occurrences(text, longer)) == 1:
            return longer
        begin = max(0, start - grow)
        wider = text[begin:end]
        if left and fits(begin, end) and len(occurrences(text, wider)) == 1:
            return wider
    return text[start:end]


def resolve(text: str, quote: Quote, problems: Problems, expected: int = 1,
            spaced: bool = False) -> list[tuple[int, int]] | None:
    """Offsets (start, end) of every match, or None after recording why the quote does not anchor.
    `spaced`: the talk's language puts spaces between words (SPACED)."""
    if not quote.exact:
        problems.add(quote.path, quote.line, "the quote is empty; copy a few words of the transcript here")
        return None
    found = matches(text, quote, spaced)
    if len(found) == expected:
        return [(start, start + len(quote.exact)) for start in found]
    cut = [s for s in matches(text, quote) if s not in found] if spaced and not found else []
    if cut:
        places = "; ".join(show(text, s, s + len(quote.exact)) for s in cut[:3])
        words = ", ".join(dict.fromkeys(f'"{text[slice(*whole_words(text, s, s + len(quote.exact)))]}"'
                                        for s in cut[:3]))
        problems.add(quote.path, quote.line,
                     f"{quote.describe()} starts or ends inside a word: {places}; quote whole words, such as {words}")
        return None
    bare = occurrences(text, quote.exact)
    if not found and bare and (quote.prefix or quote.suffix):
        places = "; ".join(show(text, s, s + len(quote.exact)) for s in bare[:3])
        problems.add(quote.path, quote.line,
                     f"{quote.describe()} is not in the transcript: the prefix/suffix contradict the text; "
                     f"the quote alone occurs at {places}; copy prefix/suffix from there")
        return None
    if not found:
        near = "; ".join(show(text, s, e) for s, e in nearest_passages(text, quote.exact, spaced=spaced))
        near = f"nearest passages: {near}" if near else "nothing in it is close"
        problems.add(quote.path, quote.line,
                     f"{quote.describe()} is not in the transcript{fullwidth_hint(quote.exact)}; {near}; "
                     f"copy the exact words (the transcript's misspellings included)")
        return None
    places = "; ".join(show(text, s, s + len(quote.exact)) for s in found[:5])
    if expected == 1:
        suggestions = ", ".join(f'"{unique_extension(text, s, s + len(quote.exact), spaced=spaced)}"'
                                for s in found[:3])
        problems.add(quote.path, quote.line,
                     f"{quote.describe()} occurs {len(found)} times, it must occur once: {places}; "
                     f"use a longer quote such as {suggestions}, or add a prefix/suffix; or, for a correction "
                     f"that applies at every place, set occurrences: {len(found)}")
    else:
        problems.add(quote.path, quote.line,
                     f"{quote.describe()} occurs {len(found)} times, but occurrences says {expected}: {places}")
    return None
