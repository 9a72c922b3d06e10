"""简→繁 (issue #29 §4): a Chinese talk's page in traditional characters, converted at build time with
OpenCC. Nothing here edits a source: the 繁體 page is a rendering of the 简 one, and says so.

The configuration is OpenCC's s2tw: characters only (with OpenCC's phrase-level choice where one
simplified character stands for several traditional ones: 发→發/髮, 干→乾/幹), in the forms Taiwan
prints (為, 裡, 著 rather than OpenCC's older standard 爲, 裏, 着). Not s2twp: its phrase table
swaps words (软件→軟體, 信息→資訊, 线程→執行緒), which is translating, and 逐字 would then show words
nobody said. Not s2hk: Taiwan is the larger traditional-script readership; the choice is this one
constant.

OpenCC picks a character by the longest dictionary phrase around it, so a name can convert
wrongly on its own (the surname in 余凯 becomes 餘) or by a phrase that spans its edge. The phrase
table protects the glossary's names and aliases and the speakers' labels: each is converted as a
unit, on its own, or written as the term declares it (glossary front matter `hant:`). Latin-script
names (talk.yml `names:`, GPT-4, Stability) hold no Han character and OpenCC leaves them as they are."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import opencc

from .model import Talk, Term

CONFIG = "s2tw"
LANG = "zh-Hant"  # the lang attribute of converted content
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def has_hant_page(talk: Talk) -> bool:
    """A talk in Chinese gets its page in traditional characters beside the simplified one."""
    return talk.language == "zh"


@functools.lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC(CONFIG)


def plain(text: str) -> str:
    """OpenCC alone, with no protection: what the phrase table guards against."""
    return _converter().convert(text) if text else text


# Between the texts that OpenCC converts in one call: a private-use character, in no OpenCC
# dictionary, so no phrase spans it and each text converts as it would alone.
_APART = "\ue000"


def _convert_apart(texts: list[str]) -> list[str]:
    """Each of `texts` converted on its own, in one OpenCC call: a page has hundreds of protected
    names, and a call per gap between them cost four times OpenCC's work on the page."""
    if any(_APART in text for text in texts):
        return [plain(text) for text in texts]
    converted = plain(_APART.join(texts)).split(_APART)
    return converted if len(converted) == len(texts) else [plain(text) for text in texts]


@dataclass(frozen=True)
class PhraseTable:
    """Simplified spelling -> its traditional form, for every protected name."""

    forms: dict[str, str]

    @functools.cached_property
    def _pattern(self) -> re.Pattern | None:
        return re.compile(longest_first(self.forms)) if self.forms else None

    def convert(self, text: str) -> str:
        """`text` in traditional characters: each protected name in its form, the rest by OpenCC."""
        if self._pattern is None:
            return plain(text)
        gaps, names, last = [], [], 0
        for match in self._pattern.finditer(text):
            gaps.append(text[last:match.start()])
            names.append(self.forms[match.group()])
            last = match.end()
        gaps.append(text[last:])
        converted = _convert_apart(gaps)
        return "".join(part for pair in zip(converted, names + [""]) for part in pair)


def longest_first(names) -> str:
    """A pattern matching, at each place, the longest of `names` that starts there (模型检查点 is
    protected as itself, not as 模型 + 检查点): the names as a trie, each node trying to go on before
    it ends. An alternation of the names sorted longest first matches the same, but is tried name by
    name at every character, which cost more than OpenCC itself with a glossary of a thousand terms
    (tests/test_hant.py compares the two)."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def phrase_table(terms: tuple[Term, ...], talks: tuple[Talk, ...] = ()) -> PhraseTable:
    """The names to protect: every glossary name and alias holding a Han character (the term's own
    name in its declared form if it has one), and the speakers' labels."""
    forms: dict[str, str] = {}
    for term in terms:
        if term.hant and term.name:
            forms[term.name] = term.hant
        for name in (term.name, *term.aliases):
            if _HAN.search(name):
                forms.setdefault(name, plain(name))
    for talk in talks:
        for speaker in talk.speakers:
            if _HAN.search(speaker.label):
                forms.setdefault(speaker.label, plain(speaker.label))
    return PhraseTable(forms)

