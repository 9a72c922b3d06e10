"""The change view's data: what 通读 changed from 逐字, paragraph block by paragraph block, read
straight from the aligned reading (edition.model's Reading: its pieces and drops, the records
reading_align builds and the build checks), never from a second diff of the two texts.

The page does not carry a third copy of the talk as HTML: it carries this as compact JSON in one
<script type="application/json">, and talkbook.js builds the view of one paragraph when a reader
asks for it. Per block id, one list per reading paragraph of operations in reading order:

    ["s", text]                   the speaker's words, as the reading writes them (spacing included)
    ["k", verbatim, text]         the same words with their letter case changed
    ["c", verbatim, text, note]   a correction: the transcript's words, what the reading has, its note's id
    ["p", text]                   punctuation the reading adds
    ["i", text]                   an editor's insertion, without its brackets
    ["f" | "r" | "m", verbatim]   words left out: a filler, a repeat, a marked false start

A drop inside a correction's range is that correction's (its old → new says it). A drop sits
before the first piece that starts after it; punctuation and insertions sit before the
verbatim offset they record, so a drop starting at that offset follows them."""
from __future__ import annotations

import bisect
import json

from talkbook.edition.labels import Labels
from talkbook.edition.model import Drop, Piece, ReadingParagraph, Talk
from talkbook.edition.reading_weave import block_paragraphs

_WHY = {"filler": "f", "repeat": "r", "marked": "m"}


def _said(talk: Talk, piece: Piece) -> list:
    verbatim = talk.transcript[piece.start:piece.end]
    if piece.note:
        return ["c", verbatim, piece.text, piece.note]
    # A said piece holds the verbatim's non-space characters in order (reading_align), so only
    # spacing or letter case can differ; a case change is a change the reader is shown. (The proof's
    # rewrite records it as Piece.was; comparing the letters finds it with or without that field.)
    was = getattr(piece, "was", "")
    if was or "".join(piece.text.split()) != "".join(verbatim.split()):
        return ["k", was or verbatim, piece.text]
    return ["s", piece.text]


def paragraph_changes(talk: Talk, reading: ReadingParagraph, drops: list[Drop]) -> list[list]:
    """The operations of one reading paragraph; `drops`: the talk's drops inside it, in order."""
    out: list[list] = []
    # A correction's piece may cover words a drop also names (the reading keeps part of the
    # replacement, as one "Midjourney" for "Midjourney Midjourney"): its old → new already says it.
    fixed = [(p.start, p.end) for p in reading.pieces if p.kind == "said" and p.note]
    waiting = [d for d in drops if not any(s <= d.start and d.end <= e for s, e in fixed)]
    for piece in reading.pieces:
        while waiting and waiting[0].start < piece.start:
            drop = waiting.pop(0)
            out.append([_WHY[drop.why], talk.transcript[drop.start:drop.end]])
        if piece.kind == "said":
            out.append(_said(talk, piece))
        elif piece.kind == "insert":
            out.append(["i", piece.text])
        elif piece.text.strip():
            out.append(["p", piece.text])
        else:  # spacing alone is layout, not a change to the words
            out.append(["s", piece.text])
    out.extend([_WHY[d.why], talk.transcript[d.start:d.end]] for d in waiting)
    return out


def talk_changes(talk: Talk) -> dict[str, list[list[list]]]:
    """Block id -> its reading paragraphs' operations, for every paragraph block of the talk."""
    if talk.reading is None:
        return {}
    drops = sorted(talk.reading.drops, key=lambda d: d.start)
    starts = [d.start for d in drops]
    out = {}
    for section in talk.sections:
        for paragraph in section.paragraphs:
            readings = block_paragraphs(talk, paragraph.start, paragraph.end)
            out[paragraph.id] = [paragraph_changes(talk, r, drops[bisect.bisect_left(starts, r.start):
                                                                   bisect.bisect_left(starts, r.end)])
                                 for r in readings]
    return out


def labels_json(L: Labels) -> dict[str, str]:
    """The words talkbook.js needs to name what it builds, in the talk's language."""
    return {name: getattr(L, name) for name in (
        "changes_button", "changes_button_n", "changes_region", "changes_key", "change_filler", "change_repeat",
        "change_marked", "change_punct", "change_insert", "change_fix", "change_fix_to", "change_case", "change_end")}


def changes_json(talk: Talk, L: Labels) -> str:
    """The page's change data as JSON safe inside <script>: '<' is written \\u003c, so no '</script>'
    or comment can close it early, whatever the transcript holds."""
    data = {"labels": labels_json(L), "blocks": talk_changes(talk)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
