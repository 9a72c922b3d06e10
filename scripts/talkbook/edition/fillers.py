"""Fillers (fillers.yml) and where the verbatim has one as a whole word (CONTRIBUTING §12, rule 3).

A filler is dropped only as a word of its own. In a space-separated language that is a token
equal to a listed word ("um", never the "um" of "umbrella": tokens are whole words already). In
Chinese a listed character is a filler where the word segmenter the site's search already uses
(rjieba, jieba's dictionary, without guessing unknown words by HMM: 现在呃会 must not become 呃会)
cuts the run of Han characters around it so that the word holding it is made of filler
characters only: 额 alone, 呃呃, 嗯 are fillers; the 额 of 份额, 额外 and
名额 is part of a word and stays."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from talkbook.problems import Problems, decode_utf8

FILLERS_FILE = Path(__file__).with_name("fillers.yml")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


@functools.cache
def fillers(language: str) -> tuple[str, ...]:
    """The closed filler list of a language (fillers.yml), longest first."""
    table = filler_table(FILLERS_FILE)
    return tuple(sorted(table.get(language, ()), key=len, reverse=True))


def filler_table(path: Path) -> dict[str, list[str]]:
    """fillers.yml: a mapping of language -> list of fillers; BuildError (path:line) when it is not.
    It is the engine's own data, edited by pull request like the sources."""
    rel = path.relative_to(path.parents[3]).as_posix() if len(path.parents) > 3 else str(path)
    problems = Problems()
    text = decode_utf8(path.read_bytes(), rel, problems)
    table = None
    try:
        table = None if text is None else yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(rel, mark.line + 1 if mark else 1, f"YAML syntax error: {getattr(error, 'problem', error)}")
    if table is not None and not (isinstance(table, dict) and all(
            isinstance(words, list) and all(isinstance(word, str) and word for word in words)
            for words in table.values())):
        problems.add(rel, 1, "expected a mapping of language codes to lists of fillers, e.g. zh: [嗯, 呃]")
    problems.raise_if_any()
    return table


@functools.cache
def _segmenter():
    import rjieba  # a second of import time, paid only by talks with Chinese fillers
    return rjieba


def _word_is_filler(run: str, offset: int, listed: frozenset[str]) -> bool:
    at = 0
    for word in _segmenter().cut(run, False):
        if at <= offset < at + len(word):
            return all(c in listed for c in word)
        at += len(word)
    return False


def _is_han(char: str) -> bool:
    return _HAN_RUN.fullmatch(char) is not None


def _run_around(text: str, start: int) -> tuple[int, int]:
    """The maximal run of Han characters holding text[start]."""
    a = start
    while a > 0 and _is_han(text[a - 1]):
        a -= 1
    b = start + 1
    while b < len(text) and _is_han(text[b]):
        b += 1
    return a, b


def filler_flags(text: str, spans: list[tuple[int, int]], language: str) -> list[bool]:
    """For tokens text[start:end] of a verbatim: whether each is a filler standing as a word of its own."""
    listed = frozenset(fillers(language))
    if not listed:
        return [False] * len(spans)
    if language != "zh":
        return [text[s:e].lower() in listed for s, e in spans]
    flags, last = [], (-1, -1)
    for start, end in spans:
        if end - start != 1 or text[start] not in listed or not _is_han(text[start]):
            flags.append(False)
            continue
        if not last[0] <= start < last[1]:
            last = _run_around(text, start)
        flags.append(_word_is_filler(text[last[0]:last[1]], start - last[0], listed))
    return flags
