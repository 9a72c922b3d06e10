"""The slow reference for CONTRIBUTING §12: does a reading.md say only what the verbatim says?

It states the rules as plainly as possible and searches every way of applying them, with no
windows, caps, precomputed tables or shortcuts: exponential in the worst case, meant for the
small inputs of tests/test_faithful_property.py, which checks that the fast check (edition/derive.py,
reading_align.py, reading_rules.py) gives the same verdict on every input. It shares only the
primitives the rules are stated in: how text is cut into tokens (tokens.py), which verbatim
tokens are fillers (fillers.py), the syntax of the marks (reading_text.parse) and the word lists of
reading_rules (negations, numbers, hidden characters, look-alike brackets)."""
from __future__ import annotations

import functools

from talkbook.edition import reading_rules as lists
from talkbook.edition.derive import MAX_REPEAT
from talkbook.edition.fillers import filler_flags
from talkbook.edition.reading_align import punctuation
from talkbook.edition.reading_text import MAX_MARKED, parse
from talkbook.edition.tokens import has_letter, tokens
from talkbook.problems import Problems


def accepts(transcript: str, reading: str, corrections: list[tuple[int, int, str]], names: tuple[str, ...],
            language: str) -> bool:
    """corrections: (start, end, replacement), not overlapping. The reading must parse (the caller
    makes sure): the syntax of the marks is not what this checks."""
    problems = Problems()
    paragraphs = parse(reading, "r", language, problems)
    assert not problems.items
    # Rule 8 and the characters of any reading.
    if any(lists.hidden_char(c) or c in lists.LOOKALIKE_BRACKETS for c in reading):
        return False
    for paragraph in paragraphs:
        for mark in paragraph.marks:
            if mark.kind == "insert" and not _short_insert(mark.text, language):
                return False
        if not _false_starts_ok(paragraph.marks, language):
            return False
    # The verbatim's tokens, corrections applied; a correction's words are never fillers.
    verbatim, filler, corrected, at = [], [], [], 0
    for start, end, replacement in sorted(corrections) + [(len(transcript), len(transcript), "")]:
        plain = [(at + t.start, at + t.end) for t in tokens(transcript[at:start])]
        verbatim += [transcript[a:b] for a, b in plain]
        filler += [f or transcript[a:b] in punctuation(language)  # the verbatim's punctuation goes like a filler
                   for f, (a, b) in zip(filler_flags(transcript, plain, language), plain)]
        corrected += [False] * len(plain)
        verbatim += [t.text for t in tokens(replacement)]
        filler += [False] * len(tokens(replacement))
        corrected += [True] * len(tokens(replacement))
        at = end
    # The reading's tokens: punctuation aside, outside insertions; marked inside {--…--}.
    reading_tokens, marked, paragraph_of, opens = [], [], [], []
    for number, paragraph in enumerate(paragraphs):
        opening = True  # rule 7: a sentence's first word may be capitalised
        for mark in paragraph.marks:
            for token in tokens(mark.text) if mark.kind != "insert" else []:
                if mark.kind == "text" and token.text in punctuation(language):
                    opening = opening or token.text in ".?!。？！"
                    continue
                reading_tokens.append(token.text)
                marked.append(mark.kind == "drop")
                paragraph_of.append(number)
                opens.append(opening and mark.kind == "text")
                if mark.kind == "text":
                    opening = False
    # Every paragraph has words of the speaker's.
    if any(not any(p == n and not marked[k] for k, p in enumerate(paragraph_of)) for n in range(len(paragraphs))):
        return False
    declared = _declared(reading_tokens, names)

    def same(i: int, j: int) -> bool:  # rule 7: letter case only inside a declared name, or a sentence's capital
        word, said = reading_tokens[i], verbatim[j]
        if word == said:
            return True
        if corrected[j]:
            return False
        return (declared[i] and word.lower() == said.lower()) or \
            (opens[i] and said[0].islower() and word == said[0].upper() + said[1:])

    n, m = len(verbatim), len(reading_tokens)

    @functools.cache
    def derivable(i: int, j: int) -> bool:
        """Can the reading's tokens from i on come from the verbatim's from j on?"""
        if i == m and j == n:
            return True
        if j < n and filler[j] and derivable(i, j + 1):  # rule 3: drop a filler
            return True
        if i < m and j < n and same(i, j) and derivable(i + 1, j + 1):  # keep, or drop as marked (rule 5)
            return True
        # Rule 4: drop verbatim[j:q] (a non-filler first, at most MAX_REPEAT tokens) when, fillers aside,
        # it is beginnings of verbatim[q:q+p], which the reading keeps as its next p tokens.
        if j < n and not filler[j]:
            for q in range(j + 1, min(n, j + MAX_REPEAT) + 1):
                dropped = [verbatim[t] for t in range(j, q) if not filler[t]]
                for p in range(1, n - q + 1):
                    kept = all(i + t < m and not marked[i + t] and same(i + t, q + t) for t in range(p))
                    if kept and _beginnings(dropped, verbatim[q:q + p]) and derivable(i + p, q + p):
                        return True
        return False

    return derivable(0, 0)


def _beginnings(dropped: list[str], copy: list[str]) -> bool:
    """Whether `dropped` is one or more non-empty beginnings of `copy`, one after another."""
    if not dropped:
        return False
    return any(dropped[:size] == copy[:size] and (size == len(dropped) or _beginnings(dropped[size:], copy))
               for size in range(1, min(len(dropped), len(copy)) + 1))


def _declared(words: list[str], names: tuple[str, ...]) -> list[bool]:
    """Which reading tokens lie in a run of them that is exactly a declared spelling with letters."""
    out = [False] * len(words)
    for name in names:
        parts = [t.text for t in tokens(name)]
        if not parts or not any(has_letter(p) for p in parts):
            continue
        for i in range(len(words) - len(parts) + 1):
            if words[i:i + len(parts)] == parts:
                out[i:i + len(parts)] = [True] * len(parts)
    return out


def _short_insert(text: str, language: str) -> bool:
    if language == "zh":
        return len(text.replace(" ", "")) <= lists.MAX_INSERT_CHARS
    return len(text.split()) <= lists.MAX_INSERT_WORDS and len(text) <= lists.MAX_INSERT_LETTERS


def _false_starts_ok(marks, language: str) -> bool:
    """Rule 5: marks with only spaces between them count as one, at most MAX_MARKED characters; a
    negation or number they drop is said again in the next MAX_MARKED characters kept after them."""
    index = 0
    while index < len(marks):
        if marks[index].kind != "drop":
            index += 1
            continue
        dropped = ""
        while index < len(marks) and (marks[index].kind == "drop" or (
                marks[index].kind == "text" and marks[index].text.strip() == ""
                and index + 1 < len(marks) and marks[index + 1].kind == "drop")):
            dropped += marks[index].text if marks[index].kind == "drop" else ""
            index += 1
        if len(dropped.replace(" ", "")) > MAX_MARKED:
            return False
        after = "".join(m.text for m in marks[index:] if m.kind == "text").replace(" ", "")[:MAX_MARKED]
        for word in lists._negations(dropped, language) + lists._numbers(dropped, language):
            if not lists._contains(after, word, language):
                return False
    return True
