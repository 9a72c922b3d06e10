"""Print reading text: one paragraph of talk.yml as the reading text prints it (reading.md, aligned),
each reading paragraph a block of its own. The order of pieces is edition/reading_weave.py's, shared
with the site's 通读; here a correction prints its corrected words only and, as every note, a
footnote call after them (print has no pointer to open it from the words), with the same number."""
from __future__ import annotations

from html import escape
from typing import Callable

from talkbook.edition.model import Note, Paragraph, Talk
from talkbook.edition.numbering import NoteNumber
from talkbook.edition.reading_weave import Corrected, Inserted, Words, block_paragraphs, weave_reading
from talkbook.edition.weave import Anchor, CloseLink, OpenLink

from .print_text import Anchors, call, repeats_call, term_anchor


def reading_html(talk: Talk, paragraph: Paragraph, notes: tuple[Note, ...], numbers: dict[str, NoteNumber],
                 anchors: Anchors, footnote: Callable[[Note], str], refer_only: bool = False) -> str:
    """The inner HTML of one printed paragraph in the reading text. `refer_only`: every call links to
    its footnote, printed elsewhere (beside the translation of a parallel book, print_html.py)."""
    blocks = []
    for reading in block_paragraphs(talk, paragraph.start, paragraph.end):
        out = []
        last_shown = None  # the last event that prints something (links print nothing of their own)
        for event in weave_reading(talk, reading, notes, numbers, talk.mentions, anchor_corrections=True):
            if isinstance(event, Anchor) and repeats_call(last_shown, event):
                continue
            if not isinstance(event, (OpenLink, CloseLink)):
                after_call, last_shown = isinstance(last_shown, Anchor), event
            if isinstance(event, Words):
                out.append(escape(event.text, quote=False))
            elif isinstance(event, Corrected):
                kind = "fix-new emendation" if event.note.emendation else "fix-new"
                out.append(f'<span class="{kind}">{escape(event.text, quote=False)}</span>')
            elif isinstance(event, Inserted):
                out.append(f'<span class="insert">〔{escape(event.text, quote=False)}〕</span>')
            elif isinstance(event, Anchor):
                out.append(call(event.note, numbers[event.note.id], 1 if refer_only else event.occurrence, anchors,
                                footnote, after_call))
            elif isinstance(event, OpenLink):
                out.append(f'<a class="term" href="#{term_anchor(event.mention.term_id)}">')
            elif isinstance(event, CloseLink):
                out.append("</a>")
        blocks.append(f'<span class="rpara">{"".join(out)}</span>')
    return "".join(blocks)
