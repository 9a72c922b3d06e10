"""Rule: who said something is as certain in a note as in talk.yml, and no more. talk.yml gives each
turn a certainty; a note whose quote lies in a turn that is only probable (or uncertain) and names
that turn's speaker ("嘉宾甲") must hedge right at the name ("嘉宾甲（推测）", "可能是嘉宾甲"), as talk.yml
does: a hedge elsewhere in the sentence may be about something else, and 可能性 is no hedge at all.
One home for the attribution: the note follows talk.yml, never the other way round."""
from __future__ import annotations

import re

from talkbook.problems import Problems

from .model import Edition, Talk

HEDGES = ("推测", "可能", "或许", "大概", "似乎", "应是", "也许", "未确定", "不确定")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_HEDGE = "(?:" + "|".join(HEDGES) + ")(?!性)"
# After the name, a bracket that hedges: "嘉宾甲（推测）", "嘉宾甲（第二段推测也是他）"; before it,
# "可能是嘉宾甲", "推测仍是嘉宾甲", "推测出自嘉宾甲".
_HEDGE_AFTER = re.compile(r"\s*[（(][^（()）]*?" + _HEDGE)
_HEDGE_BEFORE = re.compile(_HEDGE + r"[也都仍]?(?:是|为|出自|由)?\s*$")


def _flat_mention(sentence: str, label: str) -> bool:
    """True if some mention of `label` in `sentence` has no hedge standing right next to it."""
    for match in re.finditer(re.escape(label), sentence):
        hedged_after = _HEDGE_AFTER.match(sentence, match.end())
        hedged_before = _HEDGE_BEFORE.search(sentence[max(0, match.start() - 8):match.start()])
        if not (hedged_after or hedged_before):
            return True
    return False


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
        for line in _flat_lines(note.body, note.body_line, label):
            problems.add(note.path, line, (
                f"names “{label}” flatly, but {talk.path} gives this turn to {label} as {certainty}; "
                f"hedge it right at the name as talk.yml does (e.g. “{label}（推测）”), or raise the "
                f"turn's certainty in talk.yml if it is known"))


def _flat_lines(body: str, first_line: int, label: str):
    """The line of each sentence of `body` that names `label` without a hedge at the name."""
    for offset, line in enumerate(body.split("\n")):
        for sentence in _SENTENCE.findall(line):
            if _flat_mention(sentence, label):
                yield first_line + offset


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
            for line in _flat_lines(term.body, term.body_line, label):
                problems.add(term.path, line, (
                    f"names “{label}” flatly, but the term is said in a turn {talk_yml} gives to {label} "
                    f"only as {certainty}; hedge it right at the name (e.g. “{label}（推测）”), or "
                    f"say “说话人” instead of naming the speaker"))
