"""Rule: one note per kind on one quote. Two fact-checks (or two context notes ...) anchored on the
same words say the same kind of thing twice in one place; the reader should find one note there,
merged, or two notes on their own words. Corrections are left out: overlapping corrections are an
error of their own when the quotes are anchored."""
from __future__ import annotations

from talkbook.problems import Problems

from .load import MarkdownRecord


def _span(record: MarkdownRecord, transcript: str) -> tuple[int, int] | None:
    """Where the note's quote (with its prefix and suffix) sits, if it sits in exactly one place;
    otherwise anchoring reports the quote and this rule has nothing to compare."""
    data = record.data
    quote, prefix, suffix = data.get("quote"), data.get("prefix") or "", data.get("suffix") or ""
    if not all(isinstance(part, str) for part in (quote, prefix, suffix)) or not quote:
        return None
    needle = prefix + quote + suffix
    first = transcript.find(needle)
    if first < 0 or transcript.find(needle, first + 1) >= 0:
        return None
    start = first + len(prefix)
    return start, start + len(quote)


def check_talk(notes: tuple[MarkdownRecord, ...], transcript: str, problems: Problems) -> None:
    first_by_place: dict[tuple[str, int, int], MarkdownRecord] = {}
    for note in sorted(notes, key=lambda record: record.path):
        kind = note.data.get("kind")
        if kind == "correction" or not isinstance(kind, str):
            continue
        span = _span(note, transcript)
        if span is None:
            continue
        first = first_by_place.setdefault((kind, *span), note)
        if first is not note:
            quote = transcript[span[0]:span[1]]
            problems.add(note.path, note.data.line_of("quote"),
                         f"this {kind} note is on the same quote as note '{first.id}' "
                         f"({first.path}:{first.data.line_of('quote')}): “{quote}”; merge the two into one note, "
                         f"or anchor each on its own words")
