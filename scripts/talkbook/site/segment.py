"""The jieba user dictionary: glossary spellings that must stay whole when Material's search plugin
segments Chinese text for the index (it calls jieba.cut on each run of Han characters).

Only the index is segmented by jieba; in the browser Material splits a Chinese query into the
longest words the index holds (search.py fixes how), so a term kept whole here is also found
whole when typed."""
from __future__ import annotations

import io
from typing import Callable, Iterable

import jieba
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


def load_into_jieba(terms: Iterable[Term]) -> Callable[[], None]:
    """Add the glossary's words to jieba's default tokenizer (the one Material calls); return a
    function that restores jieba as it was, so that builds in one process (mkdocs serve, tests)
    never see words of an earlier build's glossary."""
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    saved = dict(tokenizer.FREQ), tokenizer.total
    tokenizer.load_userdict(io.StringIO(user_dictionary(terms)))

    def restore() -> None:
        tokenizer.FREQ, tokenizer.total = dict(saved[0]), saved[1]

    return restore
