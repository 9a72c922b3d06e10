"""Suspected misrecognitions: spans of a transcript that sound like a domain word but are spelt
differently ("大一" ~ DALL·E, "丛林" ~ 从零, "sibility" ~ Stability), ranked, each with its passage
and the correction note that already covers it, if any. `talkbook suspects TALK` prints them.

Domain words are the glossary's names and aliases, the shared field-words.yml and the talk's own
vocabulary.yml. An alias that contains a correction's quote is a recorded misspelling (the glossary
lists them so that links work), never a target: a span is suspect for sounding like a correct word."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import rjieba

from talkbook.problems import Problems
from talkbook.sources.vocabulary import FIELD_WORDS_FILE, TALK_VOCABULARY_FILE, load_words

from .model import Edition, Talk
from .phonetic import distance, key_of_latin, key_of_pinyin, pinyin_syllables, _fold

THRESHOLD = 0.25  # at most this distance (0 same sound, 1 nothing alike) to be listed
MAX_SPAN_UNITS = 8  # a unit is one Han character or one Latin word
CONTEXT = 14  # characters of passage shown on each side

_UNIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]|[A-Za-z]+")
# A misheard word is a word: a Han span must start and end where the segmenter cuts, and not at a
# function character or be one common discourse word; without this "打个比【方】" sounds like FAANG.
_EDGE_STOP = frozenset("的了是就这那个我你他她它在有也都还和吗呢吧啊呃嗯们把被给说要会能去来对很更最又再才让从到跟比而或与")
_STOP_WORDS = frozenset("其实 就是 这个 那个 然后 可能 我们 他们 自己 这些 什么 因为 所以 但是 如果 已经 还是 或者 不是 "
                        "没有 第一 打个 觉得 之所以 这样 那样 一个 一些 时候 现在 以后 之前 以前 刚才 非常".split())


@dataclass(frozen=True)
class Target:
    """A correctly spelt domain word and where it is declared."""

    text: str
    source: str  # "glossary/dall-e.md", "field-words.yml:12"
    key: str
    syllables: tuple[str, ...]  # the key of each Han character, for a Chinese word
    han: int  # Han characters in it
    latin: int  # Latin words in it


@dataclass(frozen=True)
class Suspect:
    start: int  # transcript offsets of the span
    end: int
    text: str
    target: Target
    distance: float
    passage: str  # the span in its context, the span in 【】
    covered_by: str  # the id of the correction note overlapping the span, "" if none


def _plain(text: str) -> str:
    """Spelling compared for "the characters differ": case, DALL·E's dot and hyphens do not count;
    a space does between Latin letters ("in painting" is a misrecognition of "inpainting")."""
    text = re.sub(r"[·_.]", "", text).replace("-", " ").casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<![a-z0-9]) | (?![a-z0-9])", "", text)


def _units(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _UNIT.finditer(text)]



def _key(units: list[str], syllables: list[str]) -> str:
    """One key for a run of units: pinyin for a Han character, the Latin key for a word."""
    parts = [key_of_pinyin(s) if s else key_of_latin(u) for u, s in zip(units, syllables)]
    return _fold("".join(parts))


def _syllables(units: list[str]) -> list[str]:
    return [pinyin_syllables(u)[0] if len(u) == 1 and not u.isascii() else "" for u in units]


def target_of(text: str, source: str) -> Target | None:
    units = [u for _, _, u in _units(text)]
    if not units:
        return None
    key = _key(units, _syllables(units))
    syllables = _syllables(units)
    han = sum(1 for u in units if not u.isascii())
    if len(key) < 3:  # "AI", "CV": too short to tell from noise
        return None
    return Target(text, source, key, tuple(key_of_pinyin(s) for s in syllables if s), han, len(units) - han)


def _misspellings(edition: Edition) -> list[str]:
    return [_plain(q) for talk in edition.talks for note in talk.notes if note.kind == "correction"
            for q in {talk.transcript[s:e] for s, e in note.ranges} if len(_plain(q)) >= 2]


def domain_targets(root: Path, edition: Edition, talk: Talk, problems: Problems,
                   use_glossary: bool = True, use_lists: bool = True) -> list[Target]:
    """Every correctly spelt domain word for `talk`, one Target per distinct spelling."""
    misspelt = _misspellings(edition)
    found: dict[str, Target] = {}

    def add(text: str, source: str, alias: bool = False) -> None:
        plain = _plain(text)
        if not plain or plain in found or (alias and any(m in plain for m in misspelt)):
            return
        target = target_of(text, source)
        if target is not None:
            found[plain] = target

    if use_glossary:
        for term in edition.terms:
            for text in (term.name, term.en):
                add(text, term.path)
            for alias in term.aliases:
                add(alias, term.path, alias=True)
    if use_lists:
        folder = Path(root) / Path(talk.path).parent
        for path in (Path(root) / FIELD_WORDS_FILE, folder / TALK_VOCABULARY_FILE):
            for word in load_words(Path(root), path, problems):
                add(word.text, f"{word.path}:{word.line}")
    return list(found.values())


def _compatible(span_han: int, span_latin: int, target: Target) -> bool:
    if target.latin == 0:  # a Chinese word: misheard syllable by syllable
        return span_latin == 0 and span_han == target.han
    if target.han == 0:  # a Latin word: heard as Latin words, or as a few Chinese syllables
        if span_han == 0:
            return max(1, target.latin - 1) <= span_latin <= target.latin + 1
        return span_latin == 0 and span_han <= max(4, 2 * target.latin)
    return abs(span_han - target.han) <= 1 and abs(span_latin - target.latin) <= 1


def _passage(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return f"…{before}【{text[start:end]}】{after}…"


def _cuts(text: str) -> set[int]:
    """Offsets where the word segmenter puts a word boundary."""
    cuts, offset = {0}, 0
    for word in rjieba.cut(text):
        offset += len(word)
        cuts.add(offset)
    return cuts


def _correct_places(text: str, targets: list[Target]) -> list[tuple[int, int, Target]]:
    """Where a domain word stands spelt right ("stable" inside "stable diffusion" is no suspect)."""
    lowered = text.casefold()
    places = []
    for target in targets:
        needle = target.text.casefold()
        start = lowered.find(needle)
        while start >= 0:
            places.append((start, start + len(needle), target))
            start = lowered.find(needle, start + 1)
    return places


SYLLABLE_LIMIT = 0.2  # a near-homophone: lin ~ ling, bi ~ bi; not xiang ~ liang, da ~ shu


def _homophones(span_syllables: list[str], target_syllables: tuple[str, ...]) -> bool:
    """A Chinese word is misheard syllable by syllable: every syllable must sound nearly the same."""
    return all(distance(key_of_pinyin(a), b) <= SYLLABLE_LIMIT for a, b in zip(span_syllables, target_syllables))


def _word_like(span: str, start: int, end: int, cuts: set[int]) -> bool:
    if span.isascii():
        return True
    # One character must be a word of its own ("像/房/这样"); a longer span needs one edge on a cut,
    # as the segmenter may glue a misheard word to the next ("大一刚/出来").
    on_cuts = (start in cuts) + (end in cuts)
    if on_cuts < (2 if len(span) == 1 else 1) or span in _STOP_WORDS:
        return False
    return span[0] not in _EDGE_STOP and span[-1] not in _EDGE_STOP


def score(suspect_distance: float, target: Target, cross_script: bool) -> float:
    """Rank: closer sound first; a short target and a Chinese span heard for a Latin word match by
    chance more often, so they rank a little lower."""
    return suspect_distance + 0.3 / len(target.key) + (0.05 if cross_script else 0.0)


def find_suspects(talk: Talk, targets: list[Target], threshold: float = THRESHOLD) -> list[Suspect]:
    """Spans of the talk's transcript that sound like a target but are spelt otherwise, best first;
    of overlapping spans only the closest is kept."""
    text = talk.transcript
    units = _units(text)
    words = [u for _, _, u in units]
    syllables = _syllables(words)
    correct = {_plain(t.text) for t in targets}
    cuts = _cuts(text)
    places = _correct_places(text, targets)
    by_onset: dict[str, list[Target]] = {}
    for target in targets:
        by_onset.setdefault(_onset(target.key), []).append(target)
    candidates = []
    for i in range(len(units)):
        han = latin = 0
        for j in range(i, min(len(units), i + MAX_SPAN_UNITS)):
            gap = text[units[j - 1][1]:units[j][0]] if j > i else ""
            if gap.strip() or gap and not (words[j - 1].isascii() and words[j].isascii()):
                break  # punctuation, a digit, or a pause (space) after Chinese: not one span
            if words[j].isascii():
                latin += 1
            else:
                han += 1
            start, end = units[i][0], units[j][1]
            span = text[start:end]
            plain = _plain(span)
            if plain in correct or not _word_like(span, start, end, cuts) or \
                    any(s <= start and end <= e for s, e, _ in places):
                continue
            key = _key(words[i:j + 1], syllables[i:j + 1])
            for target in by_onset.get(_onset(key), ()):
                if not _compatible(han, latin, target) or abs(len(key) - len(target.key)) > max(2, len(target.key) * 0.45):
                    continue
                if target.latin == 0 and not _homophones(syllables[i:j + 1], target.syllables):
                    continue
                if han == 0 and abs(len(key) - len(target.key)) > max(2, len(target.key) * 0.3):
                    continue  # Latin for Latin: a misheard word keeps about its length ("model" !~ "model weights")
                if any(s < end and start < e and t is target for s, e, t in places):
                    continue  # "stable diffusion stable" overlaps the word spelt right
                cross = han > 0 and target.han == 0
                # One character, or Chinese heard for a short Latin word: only a near-exact sound.
                short = len(target.key) < 4 and (cross or han == 0)  # "pass" ~ PaaS, but "take" !~ "To C"
                limit = 0.05 if han + latin == 1 and han == 1 or short else threshold
                d = distance(key, target.key)
                if d <= limit:
                    candidates.append((score(d, target, cross), d, start, end, span, target))
    candidates.sort(key=lambda c: c[:4])
    fixes = [(s, e, note.id) for note in talk.notes if note.kind == "correction" for s, e in note.ranges]
    kept: list[Suspect] = []
    for _, d, start, end, span, target in candidates:
        if any(start < k.end and k.start < end for k in kept):
            continue
        covered = next((note_id for s, e, note_id in fixes if start < e and s < end), "")
        kept.append(Suspect(start, end, span, target, round(d, 3), _passage(text, start, end), covered))
    return kept


def _onset(key: str) -> str:
    """The sound a key starts with, as a bucket: recognisers rarely lose the first consonant."""
    first = key[0]
    if first in "aeiouwyh":
        return "vowel"
    if first in "zZJcCQsSX":
        return "s"
    return {"p": "b", "t": "d", "k": "g", "r": "l", "v": "f", "N": "n"}.get(first, first)


class UnknownTalk(Exception):
    """The talk id names no talk of the edition."""


def talk_suspects(root: Path, edition: Edition, talk_id: str, use_glossary: bool = True,
                  use_lists: bool = True) -> list[Suspect]:
    """The suspects of one talk; raises UnknownTalk, or BuildError for a malformed word list."""
    talk = next((t for t in edition.talks if t.id == talk_id), None)
    if talk is None:
        known = ", ".join(t.id for t in edition.talks) or "none"
        raise UnknownTalk(f"unknown talk {talk_id!r}; the talks are: {known}")
    problems = Problems()
    targets = domain_targets(root, edition, talk, problems, use_glossary, use_lists)
    problems.raise_if_any()
    return find_suspects(talk, targets)
