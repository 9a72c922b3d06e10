"""Chinese word segmentation for the search index: glossary spellings stay whole, and the index is
cut by rjieba (jieba-rs) instead of jieba.

Material's search plugin calls `jieba.cut` on each run of Han characters. jieba loads its 350,000-
word dictionary on every build (a marshal load of about 0.8 s, a third of a plain build's CPU time);
jieba-rs builds the same dictionary in about 0.1 s and cuts ten times faster, with the same words:
the same dictionary, the same HMM for unknown words and the same frequency for a user word given
without one (tests/test_search.py compares them over the included talk and a synthetic corpus). So
the index, and therefore what the browser finds, is the one jieba would give. The one difference
seen: an exact tie between two cuts of a repeated character (上速速速: jieba 上/速速/速, jieba-rs
上速/速速), which floating point breaks differently; it occurred once in random text, never in the
included talk nor in the 1.3 million characters of the 100-talk benchmark corpus.

Only the index is segmented here; in the browser Material splits a Chinese query into the longest
words the index holds (search.py fixes how), so a term kept whole here is also found whole when
typed. An export (export.py) built without our hook gets the glossary's words through Material's
own `jieba_dict_user` and segments with jieba itself, the same way."""
from __future__ import annotations

import functools
import re
from types import ModuleType
from typing import Callable, Iterable

import rjieba
from backrefs import bre

from talkbook.edition.model import Term

# The pattern Material's search plugin segments (plugin.py, _segment_chinese): words must fit in it.
HAN_RUN = bre.compile(r"\p{script: Han}+", bre.UNICODE)
# Longer Han runs in glossary spellings are phrases or titles (机器学习系统中的隐性技术债); one
# token for a whole phrase would hide its words from search, so they are left to jieba.
MAX_WORD = 6


def user_words(terms: Iterable[Term]) -> list[str]:
    """Every run of 2..MAX_WORD Han characters in a term's names and aliases, sorted and unique
    (生成式AI gives 生成式: Material hands jieba only the Han run)."""
    words = {run for term in terms for spelling in term.names for run in HAN_RUN.findall(spelling)}
    return sorted(word for word in words if 2 <= len(word) <= MAX_WORD)


def user_dictionary(terms: Iterable[Term]) -> str:
    """The words in jieba's user-dictionary format, one a line; no frequency, so jieba computes
    one just high enough to keep each word whole (Tokenizer.suggest_freq)."""
    return "".join(word + "\n" for word in user_words(terms))


class UnsupportedSearchConfig(Exception):
    pass


# A jieba user-dictionary line: word, and optionally its frequency and part-of-speech tag.
Entry = tuple[str, "int | None", "str | None"]


# rjieba builds a default tokenizer when imported (0.1 s, a tenth of a build); the first word list
# of a process takes that one instead of building a second. talkbook never calls rjieba's
# module-level functions, the only other users of it.
_SPARE = [getattr(rjieba.cut, "__self__", None)]


@functools.lru_cache(maxsize=1)  # `mkdocs serve` rebuilds with the same glossary: build the tokenizer once
def tokenizer(entries: tuple[Entry, ...]) -> rjieba.Jieba:
    """jieba-rs with jieba's default dictionary and `entries` added in order; a word without a
    frequency gets one just high enough to keep it whole, as jieba.load_userdict gives it. A new
    tokenizer per word list, never one changed afterwards: jieba-rs cannot forget a word."""
    spare = _SPARE.pop() if _SPARE else None
    segmenter = spare if isinstance(spare, rjieba.Jieba) else rjieba.Jieba()
    for word, frequency, tag in entries:
        segmenter.add_word(word, frequency, tag)
    return segmenter


# jieba's own pattern for a user-dictionary line (jieba/__init__.py, re_userdict).
_USER_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$", re.U)


def user_dictionary_entries(text: str) -> list[Entry]:
    """The lines of a jieba user dictionary (`word [frequency] [tag]`), read as jieba reads them."""
    entries = []
    for line in text.splitlines():
        match = _USER_LINE.match(line.strip().lstrip("\ufeff"))
        if match:
            word, frequency, tag = match.groups()
            entries.append((word, int(frequency) if frequency else None, tag.strip() if tag else None))
    return entries


class Segmenter:
    """What Material's search plugin finds in place of the jieba module: `cut` of UTF-8 bytes (as
    Material passes them) or text."""

    def __init__(self, entries: tuple[Entry, ...]):
        self._tokenizer = tokenizer(entries)

    def cut(self, text: bytes | str) -> list[str]:
        return self._tokenizer.cut(text.decode("utf-8") if isinstance(text, bytes) else text)


def segment_index(terms: Iterable[Term], search_module: ModuleType, options) -> Callable[[], None]:
    """Have Material's search plugin (`search_module`, which calls its `jieba` global) segment with
    rjieba, the site's own jieba user dictionary (search option `jieba_dict_user`, which Material
    loaded into jieba before) and the glossary's words; return the function that puts its jieba
    back, so that builds in one process (mkdocs serve, tests) never see an earlier glossary."""
    if options.get("jieba_dict"):
        raise UnsupportedSearchConfig("mkdocs.yml: the search plugin's jieba_dict (a whole dictionary in place of "
                                      "jieba's) is not supported by talkbook's build, which segments with jieba's "
                                      "default dictionary; use jieba_dict_user for added words, or glossary aliases")
    if not hasattr(search_module, "jieba"):
        raise UnsupportedSearchConfig(f"{search_module.__name__} no longer calls jieba through a module global: "
                                      f"Material changed; update talkbook/web/segment.py")
    entries = []
    if options.get("jieba_dict_user"):  # relative to the working directory, as Material reads it
        with open(options["jieba_dict_user"], encoding="utf-8") as stream:
            entries += user_dictionary_entries(stream.read())
    entries += [(word, None, None) for word in user_words(terms)]
    saved = search_module.jieba
    search_module.jieba = Segmenter(tuple(entries))

    def restore() -> None:
        search_module.jieba = saved

    return restore
