"""How alike two words sound, for finding speech-recognition errors: a rough phonetic key shared
by pinyin and English spelling, and a weighted edit distance between keys. A recogniser errs by
sound, so "大一" (da yi) must land near "DALL·E", "丛林" near "从零" and "sibility" near "Stability".

The key is deliberately coarse: consonants fold into classes of sounds a recogniser confuses
(b/p, d/t, g/k, l/r; the sibilants by manner: z/zh/j, c/ch/q, s/sh/x), doubled letters and "ng" fold into one
symbol, and vowels stay themselves but cost little to swap. It is a heuristic for ranking
suggestions an editor reads, not a pronunciation model."""
from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

VOWELS = frozenset("aeiou")
GLIDES = frozenset("wyh")
# Consonant classes whose members a recogniser swaps readily; a swap inside a class is cheap.
_CLASS = {"b": "b", "p": "b", "f": "f", "v": "f", "d": "d", "t": "d", "g": "g", "k": "g",
          "z": "z", "Z": "z", "J": "z", "c": "c", "C": "c", "Q": "c", "s": "s", "S": "s", "X": "s",
          "l": "l", "r": "l", "m": "m", "n": "n", "N": "n"}
_NEAR_CLASSES = {frozenset("bf"), frozenset("mn"), frozenset("ln"), frozenset("zc"), frozenset("zs"),
                 frozenset("cs"), frozenset("dz"), frozenset("bd")}


def pinyin_syllables(text: str) -> list[str]:
    """Toneless pinyin of each character of `text` ("" for a character that is not Han)."""
    return lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: [""] * len(s), v_to_u=True)


@lru_cache(maxsize=None)
def key_of_pinyin(syllables: str) -> str:
    """The phonetic key of pinyin letters (syllables joined without separators)."""
    text = syllables.replace("ü", "u")
    text = re.sub(r"zh|ch|sh", lambda m: m.group(0)[0].upper(), text)  # retroflex: Z C S
    text = text.replace("j", "J").replace("q", "Q").replace("x", "X")  # palatal
    return _fold(text)


@lru_cache(maxsize=None)
def key_of_latin(word: str) -> str:
    """The phonetic key of an English (or other Latin-script) spelling: "DALL·E" -> "dale"."""
    text = re.sub(r"[^a-z]", "", word.lower())
    text = re.sub(r"c(?=[eiy])", "s", text)  # soft c
    text = re.sub(r"ph", "f", text)
    text = re.sub(r"gh", "", text)  # "weights", "night": silent
    text = re.sub(r"th", "d", text)
    text = re.sub(r"tch|ch", "C", text)
    text = re.sub(r"sh", "S", text)
    text = re.sub(r"ck|c|q", "k", text)  # before "ts" becomes pinyin's c below
    text = re.sub(r"j", "Z", text)  # English j sounds like pinyin zh
    text = re.sub(r"ts", "c", text)  # like pinyin c
    text = re.sub(r"x", "gs", text)
    text = re.sub(r"y(?![aeiou])", "i", text)  # a vowel y ("Jeffy", "many")
    text = re.sub(r"(?<=[aeiou])r(?![aeiou])", "", text)  # non-rhotic r: "chart" sounds like "chat"
    return _fold(text)


def _fold(text: str) -> str:
    text = re.sub(r"ng", "N", text)
    out: list[str] = []
    for char in text:
        if out and out[-1] == char:  # "dalle" -> "dale", "faang" -> "faNg" -> "faN"
            continue
        out.append(char)
    return "".join(out)


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in VOWELS and b in VOWELS:
        return 0.35
    if (a in VOWELS or a in GLIDES) and (b in VOWELS or b in GLIDES):
        return 0.3  # "yi" ~ "i", "wei" ~ "ei"
    ca, cb = _CLASS.get(a), _CLASS.get(b)
    if ca and cb:
        if ca == cb:
            return 0.3
        if frozenset((ca, cb)) in _NEAR_CLASSES:
            return 0.6
    if {a, b} <= GLIDES | {"l"}:
        return 0.5
    return 1.0


def _indel(char: str) -> float:
    if char in GLIDES:
        return 0.3
    if char in VOWELS:
        return 0.45
    if char in "lnN":  # "dalle" ~ "da yi", "cong lin" ~ "cong ling"
        return 0.6
    return 1.0


def distance(a: str, b: str) -> float:
    """Weighted edit distance between two keys, divided by the longer key's length: 0 is the same
    sound, 1 nothing alike."""
    if not a or not b:
        return 1.0
    previous = [0.0]
    for char in b:
        previous.append(previous[-1] + _indel(char))
    for char_a in a:
        current = [previous[0] + _indel(char_a)]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + _indel(char_a), current[j - 1] + _indel(char_b),
                               previous[j - 1] + _substitution(char_a, char_b)))
        previous = current
    return min(1.0, previous[-1] / max(len(a), len(b)))
