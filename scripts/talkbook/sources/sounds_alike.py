"""Whether a correction's replacement sounds like the words it replaces (CONTRIBUTING §5): a speech
recognizer mishears, it does not paraphrase. Chinese is compared by pinyin (pypinyin, tones
dropped, syllable by syllable, with as many syllables give or take one), words in the Latin script by a small Metaphone-like key; the score is 1 minus the edit
distance over the longer of the two, 1.0 for the same sound. The thresholds are the lowest scores
among the corrections that were in the repository when the rule came (45 notes, #24), so that
every legitimate one passes; the distribution is in tests/test_corrections.py."""
from __future__ import annotations

import functools
import re

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]+")
ZH_THRESHOLD = 0.65  # 采个 -> 打个 (cai/da, ge/ge) and 分辨数 -> 分辨率 score 0.667, the lowest Chinese ones
MAX_SYLLABLES_APART = 1  # a recognizer hears about as many syllables as were said; all 13 measured: 0
LATIN_THRESHOLD = 0.5  # LS -> iOS (LS / AS) scores 0.50, the lowest Latin one (data e -> DALL·E 0.67)


def script(text: str) -> str:
    """"han", "latin", "mixed" or "none" (digits and marks only)."""
    han, latin = bool(HAN.search(text)), bool(LATIN_WORD.search(text))
    return "mixed" if han and latin else "han" if han else "latin" if latin else "none"


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return 1 - distance(a, b) / max(len(a), len(b))


@functools.cache
def _pinyin():
    import pypinyin  # its dictionaries load in a few tenths of a second: only when a correction is checked
    return pypinyin


def syllables(text: str) -> list[str]:
    """The pinyin of the Han characters, one syllable each, tones dropped."""
    module = _pinyin()
    return module.lazy_pinyin("".join(HAN.findall(text)), style=module.Style.NORMAL)


def pinyin(text: str) -> str:
    return " ".join(syllables(text))


def syllable_similarity(a: list[str], b: list[str]) -> float:
    """1 minus an edit distance over syllables, over the longer count: a syllable added or dropped
    costs 1, one heard as another costs how unlike their spellings are (cai/da 0.67, bi/bi 0)."""
    if not a and not b:
        return 1.0
    previous = [float(j) for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        current = [float(i)]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + 1 - similarity(x, y)))
        previous = current
    return 1 - previous[-1] / max(len(a), len(b))


# Metaphone-like: spelling to a rough sound. Letter groups first, then single letters; vowels
# after the first letter carry little of what a recognizer confuses, so they are dropped.
_GROUPS = (("tch", "X"), ("sch", "SK"), ("ch", "X"), ("sh", "X"), ("ph", "F"), ("th", "0"), ("gh", ""),
           ("ck", "K"), ("qu", "KW"), ("wh", "W"), ("dg", "J"))
_SINGLE = {"b": "B", "c": "K", "d": "T", "f": "F", "g": "K", "h": "", "j": "J", "k": "K", "l": "L", "m": "M",
           "n": "N", "p": "P", "q": "K", "r": "R", "s": "S", "t": "T", "v": "F", "w": "W", "x": "KS", "y": "",
           "z": "S"}


def sound_key(text: str) -> str:
    """A rough phonetic key of the Latin words of `text`, run together ("chart gpt" -> XRTKPT)."""
    key = "".join(_word_key(word.lower()) for word in LATIN_WORD.findall(text))
    return "".join(c for k, c in enumerate(key) if k == 0 or c != key[k - 1])


def _word_key(word: str) -> str:
    if word.endswith("gh"):
        word = word[:-2] + "f"  # cough, laugh; inside a word (weight, night) gh is silent
    out, index = [], 0
    while index < len(word):
        for group, sound in _GROUPS:
            if word.startswith(group, index):
                out.append(sound)
                index += len(group)
                break
        else:
            char = word[index]
            if char in "aeiou":
                out.append("A" if index == 0 else "")
            elif char == "c" and word[index + 1:index + 2] in ("e", "i", "y"):
                out.append("S")
            else:
                out.append(_SINGLE.get(char, ""))
            index += 1
    return "".join(out)


def score(quote: str, replacement: str) -> float | None:
    """How alike the two sound, 0..1, less the threshold of their script (>= 0 passes); None when
    they are written in different scripts (not comparable). Mixed text (生成是AI) passes when its
    Han part and its Latin part both do."""
    a, b = script(quote), script(replacement)
    if a != b or a == "none":
        return None
    parts = []
    if a in ("han", "mixed"):
        heard, meant = syllables(quote), syllables(replacement)
        if abs(len(heard) - len(meant)) > MAX_SYLLABLES_APART:
            return -1.0
        parts.append(syllable_similarity(heard, meant) - ZH_THRESHOLD)
    if a in ("latin", "mixed"):
        parts.append(similarity(sound_key(quote), sound_key(replacement)) - LATIN_THRESHOLD)
    return min(parts)
