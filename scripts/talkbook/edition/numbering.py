"""Note numbers: one numbering for the site (通读 and 逐字) and the PDF, so that "注 9" names the same
note everywhere. Corrections have a series of their own (更正 1, 2 … beside 注 1, 2 …): 通读 shows
most corrections as the corrected words, not as markers, so one shared series would skip numbers
there. Each series counts up in the order markers appear in the text: where each note's first quote
ends (then where it starts, then its id, for notes on the same words)."""
from __future__ import annotations

from dataclasses import dataclass

from .labels import labels_for
from .model import Note, Talk


@dataclass(frozen=True, order=True)
class NoteNumber:
    """A note's number; compares by reading order across both series. str() is what its marker shows."""

    order: int  # place among all the talk's notes, in reading order
    n: int  # place in its own series
    mark: str  # the marker's text: "3" for a note, "更3" for a correction
    name: str  # how the text names it: "注 3", "更正 3"

    def __str__(self) -> str:
        return self.mark


# talk id -> (talk, numbers) of the talks asked about lately: renderers ask once per note with see_also,
# the bibliography once per citing note, in no talk order. Checked by identity, so an edited talk of
# the same id is numbered afresh; emptied when full, so `mkdocs serve` never holds old editions.
_recent: dict[str, tuple[Talk, dict]] = {}
_RECENT_MAX = 4096


def is_correction(note: Note) -> bool:
    return note.kind == "correction"


def mark_and_name(n: int, fix: bool, labels) -> tuple[str, str]:
    """Note n of its series in `labels`' language: what its marker shows ("3", "更3") and how the
    text names it ("注 3", "更正 3"). The one rule, for the talk's language and its translations'."""
    return (labels.fix_mark.format(n=n) if fix else str(n), (labels.fix_n if fix else labels.note_n).format(n=n))


def note_numbers(talk: Talk) -> dict[str, NoteNumber]:
    known = _recent.get(talk.id)
    if known is not None and known[0] is talk:
        return known[1]
    labels = labels_for(talk.language)
    ordered = sorted(talk.notes, key=lambda n: (n.ranges[0][1], n.ranges[0][0], n.id))
    counts = {False: 0, True: 0}
    numbers = {}
    for order, note in enumerate(ordered, start=1):
        fix = is_correction(note)
        counts[fix] += 1
        n = counts[fix]
        numbers[note.id] = NoteNumber(order, n, *mark_and_name(n, fix, labels))
    if len(_recent) >= _RECENT_MAX:
        _recent.clear()
    _recent[talk.id] = (talk, numbers)
    return numbers
