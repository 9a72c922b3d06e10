"""The sentence-length profile of a reading text (reading.md), as a reader of the 通读 page meets it:
false starts {--…--} hidden, insertions 〔…〕 shown. An editor's measure, not a proof: it says how
long the sentences are, how often the text leans on "——", and which discourse tics are left.

A sentence ends at 。？！ (with any closing quote or bracket after it) or at the end of a paragraph.
Its length is counted in characters, spaces aside, punctuation included, in Chinese; in words in a
space-separated language. LIMITS holds what an edition promises per language (CONTRIBUTING §12,
tests/test_reading_profile.py holds every talk to it)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from talkbook.problems import Problems

from .reading_text import parse
from .tokens import is_word, tokens


@dataclass(frozen=True)
class Limits:
    unit: str  # "characters" or "words"
    long: int  # a sentence over this is long; at most `share` of them may be
    share: float
    most: int  # no sentence over this


# Chinese: a tech-media 整理稿 keeps most sentences under ~80 characters; 120 is a paragraph's worth.
# Other languages: the same reading effort in words (an English sentence of 40 words is already long).
LIMITS = {"zh": Limits("characters", 80, 0.10, 120)}
WORD_LIMITS = Limits("words", 40, 0.10, 60)
TICS = {"zh": ("这个", "那个", "就是", "然后", "其实", "对吧"),
        "en": ("like", "you know", "so", "i mean", "basically", "actually")}
DASH = "——"
_END = re.compile(r"[。？！?!]+[”’」』）)]*|(?<=[a-z0-9])\.(?=\s|$)[”’\")]*")


def limits_for(language: str) -> Limits:
    return LIMITS.get(language, WORD_LIMITS)


@dataclass(frozen=True)
class Sentence:
    line: int  # in reading.md, where the sentence starts
    text: str
    length: int


@dataclass(frozen=True)
class Profile:
    sentences: tuple[Sentence, ...]
    dashes: int
    tics: dict[str, int]
    limits: Limits

    def over(self, length: int) -> list[Sentence]:
        return [s for s in self.sentences if s.length > length]

    def lines(self, name: str) -> list[str]:
        lengths = [s.length for s in self.sentences]
        count = len(lengths)
        mean = sum(lengths) / count if count else 0.0
        limits = self.limits
        longest = max(self.sentences, key=lambda s: s.length, default=None)
        out = [f"{name}: {count} sentences, mean {mean:.1f} {limits.unit}, "
               f">80 {len(self.over(80))}, >100 {len(self.over(100))}, >120 {len(self.over(120))}, "
               f"max {longest.length if longest else 0}" + (f" (line {longest.line})" if longest else ""),
               f"  over {limits.long}: {len(self.over(limits.long))} = {self.share_long():.1%} "
               f"(limit {limits.share:.0%}); over {limits.most}: {len(self.over(limits.most))} (limit 0)",
               f"  {DASH}: {self.dashes}; tics: " + ", ".join(f"{t} {n}" for t, n in self.tics.items())]
        return out

    def share_long(self) -> float:
        return len(self.over(self.limits.long)) / len(self.sentences) if self.sentences else 0.0


def _shown_lines(text: str, language: str, path: str) -> list[list[tuple[int, str]]]:
    """Per reading paragraph, its pieces as shown (line, text): drops left out, insertions in their
    brackets (the page shows them)."""
    problems = Problems()
    paragraphs = parse(text, path, language, problems)
    if problems.items:
        raise ValueError("\n".join(str(p) for p in problems.items))
    return [[(m.line, f"〔{m.text}〕" if m.kind == "insert" else m.text) for m in p.marks if m.kind != "drop"]
            for p in paragraphs]


def _length(text: str, language: str) -> int:
    if language == "zh":
        return sum(1 for c in text if not c.isspace())
    return sum(1 for t in tokens(text) if is_word(t.text))


def profile(text: str, language: str, path: str = "reading.md") -> Profile:
    """text: a reading.md. Raises ValueError with the file's syntax problems if its marks are broken."""
    sentences: list[Sentence] = []
    shown_all = []
    joiner = "" if language == "zh" else " "
    for pieces in _shown_lines(text, language, path):
        # each character remembers its line, so a sentence says where it starts
        chars, lines = [], []
        for index, (line, piece) in enumerate(pieces):
            if index and pieces[index - 1][0] != line and joiner:
                chars.append(joiner)
                lines.append(line)
            chars.extend(piece)
            lines.extend([line] * len(piece))
        paragraph = "".join(chars)
        shown_all.append(paragraph)
        at = 0
        ends = [m.end() for m in _END.finditer(paragraph)] + [len(paragraph)]
        for end in ends:
            body = paragraph[at:end]
            if body.strip():
                start = at + (len(body) - len(body.lstrip()))
                sentences.append(Sentence(lines[start], body.strip(), _length(body, language)))
            at = end
    shown = "\n".join(shown_all)
    lowered = shown.lower()
    tics = {tic: (lowered.count(tic) if language == "zh" else len(re.findall(rf"\b{re.escape(tic)}\b", lowered)))
            for tic in TICS.get(language, TICS["en"])}
    return Profile(tuple(sentences), shown.count(DASH), tics, limits_for(language))
