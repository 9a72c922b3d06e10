"""Rule: who said something is as certain in a note as in talk.yml, and no more. talk.yml gives each
turn a certainty; a note whose quote lies in a turn that is only probable (or uncertain) and names
that turn's speaker ("嘉宾甲") must hedge in the same sentence (推测, 可能 …), as talk.yml does.
One home for the attribution: the note follows talk.yml, never the other way round."""
from __future__ import annotations

import re

from talkbook.problems import Problems

from .model import Edition, Talk

HEDGES = ("推测", "可能", "或许", "大概", "似乎", "应是", "也许", "未确定", "不确定")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def _turn_at(talk: Talk, offset: int) -> tuple[str, str]:
    """(label, certainty) of the turn holding `offset`: the last paragraph that starts a turn before it."""
    label, certainty = "", ""
    for section in talk.sections:
        for paragraph in section.paragraphs:
            if paragraph.start > offset:
                return label, certainty
            if paragraph.speaker:
                label, certainty = paragraph.speaker, paragraph.speaker_certainty
    return label, certainty


def check_talk(talk: Talk, problems: Problems) -> None:
    for note in talk.notes:
        label, certainty = _turn_at(talk, note.ranges[0][0])
        if not label or certainty == "certain":
            continue
        for offset, line in enumerate(note.body.split("\n")):
            for sentence in _SENTENCE.findall(line):
                if label in sentence and not any(hedge in sentence for hedge in HEDGES):
                    problems.add(note.path, note.body_line + offset, (
                        f"names “{label}” flatly, but {talk.path} gives this turn to {label} as {certainty}; "
                        f"hedge it in the same sentence as talk.yml does (e.g. “{label}（推测）”), or raise the "
                        f"turn's certainty in talk.yml if it is known"))


def _turns(talk: Talk) -> list[tuple[int, str, str]]:
    """(start, label, certainty) of each turn, in order."""
    return [(p.start, p.speaker, p.speaker_certainty) for s in talk.sections for p in s.paragraphs if p.speaker]


def check_terms(edition: Edition, problems: Problems) -> None:
    """A glossary entry is shared by every talk, so it cannot say which passage it means: if a term
    is said in any turn of speaker L that talk.yml gives only as probable or uncertain, the entry
    names L in a sentence only with a hedge."""
    doubtful: dict[str, set[tuple[str, str, str]]] = {}  # term id -> {(label, certainty, talk.yml)}
    for talk in edition.talks:
        turns = _turns(talk)
        for mention in talk.mentions:
            label, certainty = "", ""
            for start, turn_label, turn_certainty in turns:
                if start > mention.start:
                    break
                label, certainty = turn_label, turn_certainty
            if label and certainty != "certain":
                doubtful.setdefault(mention.term_id, set()).add((label, certainty, talk.path))
    for term in edition.terms:
        for label, certainty, talk_yml in sorted(doubtful.get(term.id, ())):
            for offset, line in enumerate(term.body.split("\n")):
                for sentence in _SENTENCE.findall(line):
                    if label in sentence and not any(hedge in sentence for hedge in HEDGES):
                        problems.add(term.path, term.body_line + offset, (
                            f"names “{label}” flatly, but the term is said in a turn {talk_yml} gives to {label} "
                            f"only as {certainty}; hedge it in the same sentence (e.g. “{label}（推测）”), or "
                            f"say “说话人” instead of naming the speaker"))
