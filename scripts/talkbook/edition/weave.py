"""Weave: the order in which one paragraph's transcript text, corrections, term links and note
anchors appear, decided once for both renderers (the site's inline.py and the PDF's print_text.py),
which only format the events.

Rules the order keeps: a correction is one piece (structure guarantees no quote ends inside it);
a term link never contains an anchor (a marker or a footnote inside a link would itself be a link),
so anchors that fall inside a link wait until it closes."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .model import Mention, Note, Paragraph, Talk
from .numbering import NoteNumber


@dataclass(frozen=True)
class OpenLink:
    mention: Mention


@dataclass(frozen=True)
class CloseLink:
    mention: Mention


@dataclass(frozen=True)
class Text:
    """Transcript text [start, end); `fix` is the correction shown instead of it, if any."""

    start: int
    end: int
    fix: Note | None


@dataclass(frozen=True)
class Anchor:
    """Where a note's quote (its `occurrence`-th range) ends."""

    note: Note
    occurrence: int


Event = OpenLink | CloseLink | Text | Anchor


def weave(paragraph: Paragraph, notes: tuple[Note, ...], numbers: dict[str, NoteNumber], mentions,
          extra_cuts: set[int] = frozenset()) -> list[Event]:
    """Events for the text [paragraph.start, paragraph.end). `extra_cuts` splits plain text further
    (the site cuts where note highlights start and end)."""
    a, b = paragraph.start, paragraph.end
    fixes = {s: (e, n) for n in notes if n.replaces_text for s, e in n.ranges if a <= s < b}
    links = [m for m in mentions if m.linked and a <= m.start and m.end <= b]
    ends: dict[int, list[tuple[Note, int]]] = {}
    for note in notes:
        for occurrence, (_, e) in enumerate(note.ranges):
            if a < e <= b:
                ends.setdefault(e, []).append((note, occurrence))
    cuts = sorted({a, b, *ends, *(c for c in extra_cuts if a <= c <= b)}
                  | {x for s, (e, _) in fixes.items() for x in (s, e)}
                  | {x for m in links for x in (m.start, m.end)})

    events: list[Event] = []
    open_link: Mention | None = None
    pending: list[Anchor] = []
    index = 0
    while index < len(cuts) - 1:
        start = cuts[index]
        end = fixes[start][0] if start in fixes else cuts[index + 1]
        link = next((m for m in links if m.start <= start < m.end), None)
        if link is not open_link:
            if open_link is not None:
                events.append(CloseLink(open_link))
                events.extend(pending)
                pending = []
            if link is not None:
                events.append(OpenLink(link))
            open_link = link
        events.append(Text(start, end, fixes[start][1] if start in fixes else None))
        anchors = [Anchor(note, occurrence)
                   for note, occurrence in sorted(ends.get(end, []), key=lambda x: numbers[x[0].id])]
        if open_link is not None and open_link.end > end:
            pending.extend(anchors)
        else:
            if open_link is not None:
                events.append(CloseLink(open_link))
                events.extend(pending)
                pending, open_link = [], None
            events.extend(anchors)
        while index < len(cuts) - 1 and cuts[index] < end:
            index += 1
    if open_link is not None:
        events.append(CloseLink(open_link))
        events.extend(pending)
    return events


def by_paragraph(talk: Talk) -> dict[str, tuple[tuple[Note, ...], tuple[Mention, ...]]]:
    """Per paragraph id, the notes and mentions that touch it, in the talk's order: what weave
    needs from the whole talk, found once per talk instead of by every paragraph scanning every note."""
    paragraphs = [paragraph for section in talk.sections for paragraph in section.paragraphs]
    starts = [paragraph.start for paragraph in paragraphs]
    found: list[tuple[list, list]] = [([], []) for _ in paragraphs]

    def touched(start: int, end: int):
        index = max(bisect_right(starts, start) - 1, 0)
        while index < len(paragraphs) and paragraphs[index].start <= end:
            if paragraphs[index].end >= start:
                yield index
            index += 1

    for note in talk.notes:
        for index in sorted({index for start, end in note.ranges for index in touched(start, end)}):
            found[index][0].append(note)
    for mention in talk.mentions:
        for index in touched(mention.start, mention.end):
            found[index][1].append(mention)
    return {paragraph.id: (tuple(notes), tuple(mentions)) for paragraph, (notes, mentions) in zip(paragraphs, found)}
