"""Tokens: the units in which the reading text is compared with the verbatim (CONTRIBUTING §12).

A token is a word of letters or digits written in a space-separated script (Latin, Greek,
Cyrillic...: "gpt", "don't", "DALL·E", "end-to-end", "2027") or any other single non-space
character (a Han character, a punctuation mark). Spaces only separate tokens: a reading may add or
remove them around a token, but never inside one or between two words that the verbatim writes
apart, so "nowhere" and "now here" differ, as do "reread" and "read"."""
from __future__ import annotations

import re
from typing import NamedTuple

# A word: letters and digits of the non-CJK scripts, joined inside by ' ’ · - (not at its edges).
_WORD_CHAR = r"[^\W_\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
WORD = re.compile(rf"{_WORD_CHAR}+(?:['’·\-]{_WORD_CHAR}+)*")
_TOKEN = re.compile(rf"{WORD.pattern}|\S")


class Token(NamedTuple):  # a tuple: a megabyte of transcript makes a million of them
    text: str
    start: int  # offsets in the text it was cut from
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text)]


def is_word(token: str) -> bool:
    """A space-separated script's word (as opposed to a Han character or a mark)."""
    return WORD.fullmatch(token) is not None


def has_letter(token: str) -> bool:
    return any(c.isalpha() for c in token) and is_word(token)
