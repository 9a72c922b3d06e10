"""Reading weave: the order in which one reading paragraph's words, corrections, insertions, term
links and note anchors appear, decided once for the site's 通读 (web/reading_view.py) and the PDF
(pdf/print_reading.py), which only format the events. The verbatim's counterpart is weave.py.

A said piece of the reading (reading_align) holds the speaker's words with the verbatim's
non-space characters in order, so a verbatim offset inside it maps to a place in its text. A term
link is kept when a linked mention lies inside one piece of plain words; an anchor inside a link
waits until the link closes, as in weave.py."""
from __future__ import annotations

from dataclasses import dataclass

from .model import Note, Piece, ReadingParagraph, Talk
from .numbering import NoteNumber
from .weave import Anchor, CloseLink, OpenLink


@dataclass(frozen=True)
class Words:
    """Text as the reading writes it: the speaker's words, or added punctuation and spacing."""

    text: str


@dataclass(frozen=True)
class Corrected:
    """A correction's replacement (or the part of it the reading keeps)."""

    note: Note
    text: str


@dataclass(frozen=True)
class Inserted:
    """An editorial insertion, without its brackets."""

    text: str


def block_paragraphs(talk: Talk, start: int, end: int) -> list[ReadingParagraph]:
    """The reading paragraphs inside a paragraph of talk.yml [start, end) (they tile it)."""
    if talk.reading is None:
        return []
    return [r for r in talk.reading.paragraphs if start <= r.start and r.end <= end]


def _split(talk: Talk, piece: Piece, at: int) -> int:
    """How many characters of a plain said piece's text come before verbatim offset `at`."""
    before = sum(1 for c in talk.transcript[piece.start:at] if not c.isspace())
    seen = 0
    for index, char in enumerate(piece.text):
        if seen == before:
            return index
        seen += not char.isspace()
    return len(piece.text)


def _plain(talk: Talk, piece: Piece, anchors: list, links: list) -> list:
    """anchors: (offset, Anchor); links: mentions inside the piece."""
    cuts = []
    for mention in links:
        cuts.append((mention.start, 2, OpenLink(mention)))
        cuts.append((mention.end, 0, CloseLink(mention)))
    for offset, anchor in anchors:
        inside = next((m.end for m in links if m.start < offset < m.end), None)
        cuts.append((inside if inside is not None else offset, 1, anchor))
    out, done = [], 0
    for offset, order, event in sorted(cuts, key=lambda c: (c[0], c[1])):
        cut = _split(talk, piece, offset)
        while order == 2 and cut < len(piece.text) and piece.text[cut].isspace():
            cut += 1  # a link opens on its first word, after the space before it
        if piece.text[done:cut]:
            out.append(Words(piece.text[done:cut]))
        out.append(event)
        done = max(done, cut)
    if piece.text[done:]:
        out.append(Words(piece.text[done:]))
    return out


def weave_reading(talk: Talk, reading: ReadingParagraph, notes: tuple[Note, ...], numbers: dict[str, NoteNumber],
                  mentions=(), anchor_corrections: bool = False) -> list:
    """Events of one reading paragraph. `notes`, `mentions`: those touching its paragraph of talk.yml.
    Corrections that change the words are shown in them; with anchor_corrections (print, where no
    pointer can open them) they also get an anchor after their words, like any note."""
    ends = sorted((e, numbers[n.id], occurrence, n) for n in notes
                  if anchor_corrections or not n.replaces_text
                  for occurrence, (_, e) in enumerate(n.ranges) if reading.start < e <= reading.end)
    waiting = [(e, Anchor(note, occurrence)) for e, _, occurrence, note in ends]
    linked = [m for m in mentions if m.linked]
    out: list = []
    for piece in reading.pieces:
        if piece.kind == "punct":
            out.append(Words(piece.text))
        elif piece.kind == "insert":
            out.append(Inserted(piece.text))
        else:
            while waiting and waiting[0][0] <= piece.start:
                out.append(waiting.pop(0)[1])
            if piece.note:
                out.append(Corrected(talk.note(piece.note), piece.text))
                continue
            mine = [w for w in waiting if w[0] <= piece.end]
            del waiting[:len(mine)]
            out.extend(_plain(talk, piece, mine, [m for m in linked if piece.start <= m.start and m.end <= piece.end]))
    out.extend(anchor for _, anchor in waiting)
    return out


# Where a quoted passage may end: after a sentence's or a clause's punctuation (whole words, never
# mid-word); a passage longer than QUOTE_REACH characters either side of its term is cut at a clause.
_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = "，、：,:" + _SENTENCE_END
QUOTE_REACH = 40


def reading_offset(talk: Talk, reading: ReadingParagraph, at: int) -> int:
    """Where verbatim offset `at` falls in reading.text: inside a plain said piece, between its words;
    in a correction or in words the reading leaves out, at the start of the next piece shown."""
    position = 0
    for piece in reading.pieces:
        shown = f"〔{piece.text}〕" if piece.kind == "insert" else piece.text
        if piece.kind == "said" and piece.start <= at < piece.end:
            return position + (_split(talk, piece, at) if not piece.note else 0)
        if piece.kind == "said" and piece.start >= at:
            return position
        position += len(shown)
    return position


def reading_quote(talk: Talk, start: int, end: int) -> str | None:
    """The reading text's words around the verbatim range [start, end) — the sentence holding it,
    cut at a clause if long, with … where cut — for a term page's passage; None without a reading."""
    reading = next((r for r in talk.reading.paragraphs if r.start <= start < r.end), None) if talk.reading else None
    if reading is None:
        return None
    text = reading.text
    a, b = reading_offset(talk, reading, start), max(reading_offset(talk, reading, end), reading_offset(talk, reading, start) + 1)
    left = max((text.rfind(c, 0, a) for c in _SENTENCE_END), default=-1) + 1
    if a - left > QUOTE_REACH:
        left = max(max((text.rfind(c, left, a - 1) for c in _CLAUSE_END), default=-1) + 1, left)
        left = left if a - left <= QUOTE_REACH * 2 else a - QUOTE_REACH  # no clause break: a plain cut
    right = min((i for i in (text.find(c, b) for c in _SENTENCE_END) if i >= 0), default=len(text) - 1) + 1
    if right - b > QUOTE_REACH:
        clause = min((i for i in (text.find(c, b) for c in _CLAUSE_END) if i >= 0), default=right - 1) + 1
        right = clause if clause - b <= QUOTE_REACH * 2 else b + QUOTE_REACH
    quote = text[left:right].strip()
    return ("…" if left > 0 and text[left - 1] not in _SENTENCE_END else "") + quote + \
        ("…" if right < len(text) and text[right - 1] not in _SENTENCE_END else "")
