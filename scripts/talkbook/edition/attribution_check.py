"""Rule: who said something is as certain in a note as in talk.yml, and no more. talk.yml gives each
turn a certainty; a note whose quote lies in a turn that is only probable (or uncertain) and names
that turn's speaker ("嘉宾甲") must hedge in the same sentence (推测, 可能 …), as talk.yml does.
One home for the attribution: the note follows talk.yml, never the other way round."""
from __future__ import annotations

import re

from talkbook.problems import Problems

from .model import Talk

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
