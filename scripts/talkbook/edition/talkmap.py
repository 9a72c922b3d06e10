"""Talk map geometry: where sections, speaker turns, notes and term mentions fall along a talk, as
shares of its text (0 to 1). Pure data for the site's and the PDF's SVG builders, which only draw it.

Lengths are characters of the verbatim transcript: the only measure of time we have (the transcript
carries no timestamps), so the map says "字", never minutes."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from talkbook.sources.schema import CONFIDENCES
from .model import Talk

# Notes are drawn one lane per kind, in this order (the order labels.NOTE_KIND lists them).
NOTE_KINDS = ("correction", "context", "fact-check", "reference", "hindsight")


@dataclass(frozen=True)
class SectionSegment:
    """A section as a segment of the band: `left` and `share` are fractions of the talk's length."""

    id: str
    number: int
    title: str
    start: int  # transcript offset
    chars: int
    left: float
    share: float
    speakers: tuple[str, ...]  # labels of the speakers with a turn in it, in order of first word
    # how sure the editors are of each of those (the least sure of their turns here): the body's
    # hedges, （推测）/（存疑）, belong in the map's account of the section too
    certainties: tuple[str, ...] = ()


@dataclass(frozen=True)
class TurnRun:
    """A speaker's turn: from the paragraph that opens it to the next turn (or the end of the talk)."""

    paragraph_id: str  # where the turn starts: the link target
    speaker: str  # label
    speaker_index: int  # 0-based position in talk.speakers: picks the colour and pattern
    certainty: str  # certain | probable | uncertain
    section_number: int  # the section the turn starts in
    chars: int
    left: float
    share: float


@dataclass(frozen=True)
class NoteTick:
    note_id: str
    kind: str
    lane: int  # index into TalkMap.kinds
    at: float  # where the note's first quote starts


@dataclass(frozen=True)
class TalkMap:
    talk_id: str
    length: int  # characters of the transcript
    sections: tuple[SectionSegment, ...]
    runs: tuple[TurnRun, ...]
    kinds: tuple[str, ...]  # note kinds present, in NOTE_KINDS order: one lane each
    ticks: tuple[NoteTick, ...]
    speakers: tuple[tuple[int, str], ...]  # (speaker_index, label) of those who have a turn, in talk order


def _turns(talk: Talk) -> list[tuple[int, int, object, object]]:
    """(start, end, section, paragraph) of every turn; a turn ends where the next one starts."""
    opening = [(s, p) for s in talk.sections for p in s.paragraphs if p.speaker]
    ends = [p.start for _, p in opening[1:]] + [len(talk.transcript)]
    return [(p.start, end, s, p) for (s, p), end in zip(opening, ends)]


def talk_map(talk: Talk) -> TalkMap:
    length = len(talk.transcript) or 1
    index = {s.label: i for i, s in enumerate(talk.speakers)}
    runs = tuple(TurnRun(paragraph_id=p.id, speaker=p.speaker, speaker_index=index.get(p.speaker, -1),
                         certainty=p.speaker_certainty or "certain", section_number=s.number, chars=end - start,
                         left=start / length, share=(end - start) / length)
                 for start, end, s, p in _turns(talk))
    turn_spans = [(start, end, p.speaker, p.speaker_certainty or "certain") for start, end, _, p in _turns(talk)]
    sections = []
    for section in talk.sections:
        least_sure: dict[str, str] = {}
        for start, end, label, certainty in turn_spans:
            if start < section.end and end > section.start:
                known = least_sure.setdefault(label, certainty)
                least_sure[label] = max(known, certainty, key=CONFIDENCES.index)
        sections.append(SectionSegment(id=section.id, number=section.number, title=section.title,
                                       start=section.start, chars=section.end - section.start, left=section.start / length,
                                       share=(section.end - section.start) / length, speakers=tuple(least_sure),
                                       certainties=tuple(least_sure.values())))
    kinds = tuple(k for k in NOTE_KINDS if any(n.kind == k for n in talk.notes))
    ticks = tuple(NoteTick(note.id, note.kind, kinds.index(note.kind), note.ranges[0][0] / length)
                  for note in talk.notes if note.kind in kinds)
    speaking = {run.speaker_index for run in runs}
    speakers = tuple((i, s.label) for i, s in enumerate(talk.speakers) if i in speaking)
    return TalkMap(talk.id, len(talk.transcript), tuple(sections), runs, kinds, ticks, speakers)


@dataclass(frozen=True)
class MentionMark:
    paragraph_id: str  # the passage's link target
    section_title: str
    paragraph_number: int
    at: float  # fraction of the talk
    text: str  # the words as the transcript has them


@dataclass(frozen=True)
class TermStrip:
    """Where one term is mentioned in one talk."""

    talk_id: str
    talk_title: str
    marks: tuple[MentionMark, ...]
    sections: tuple[tuple[float, float], ...]  # (left, share) of each section: faint ticks for orientation


def term_strips(talks) -> dict[str, tuple[TermStrip, ...]]:
    """term id -> one strip per talk that mentions it (in the order of `talks`), a mark per mention.
    Built in one pass over the talks' mentions: asking each talk about each term costs talks x terms."""
    found: dict[str, list[TermStrip]] = {}
    for talk in talks:
        length = len(talk.transcript) or 1
        where = [(s, p) for s in talk.sections for p in s.paragraphs]
        starts = [p.start for _, p in where]
        marks: dict[str, list[MentionMark]] = {}
        for mention in talk.mentions:
            section, paragraph = where[bisect.bisect_right(starts, mention.start) - 1]
            marks.setdefault(mention.term_id, []).append(MentionMark(
                paragraph.id, section.title, paragraph.number, mention.start / length,
                talk.transcript[mention.start:mention.end]))
        sections = tuple((s.start / length, (s.end - s.start) / length) for s in talk.sections)
        for term_id, term_marks in marks.items():
            found.setdefault(term_id, []).append(TermStrip(talk.id, talk.title, tuple(term_marks), sections))
    return {term_id: tuple(strips) for term_id, strips in found.items()}
