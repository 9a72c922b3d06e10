"""Note numbers: one numbering for the site (通读 and 逐字) and the PDF, so that "注 9" names the same
note everywhere. Notes count up in the order their markers appear in the text: where each note's
first quote ends (then where it starts, then its id, for notes on the same words)."""
from __future__ import annotations

from .model import Talk


_last: list = []  # (talk, numbers) of the latest talk: renderers ask once per note with see_also


def note_numbers(talk: Talk) -> dict[str, int]:
    if _last and _last[0] is talk:
        return _last[1]
    ordered = sorted(talk.notes, key=lambda n: (n.ranges[0][1], n.ranges[0][0], n.id))
    numbers = {note.id: number for number, note in enumerate(ordered, start=1)}
    _last[:] = [talk, numbers]
    return numbers
