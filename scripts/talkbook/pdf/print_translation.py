"""Print translation: one paragraph of talk.yml in a translation's words (pdf --lang), each reading
paragraph a block of its own, as print_reading.py sets the reading text. A reading paragraph's units
are joined as the site's translation view joins them (edition/translation.py), and each unit is
followed by the footnote calls of the notes whose quote it carries (Translation units' `notes`), with
the site's numbers. An editor's insertion (〔…〕, kept in the translation) is set apart as in 通读."""
from __future__ import annotations

import re
from html import escape
from typing import Callable

from talkbook.edition.model import Note, Paragraph, Talk, Translation, TranslatedUnit
from talkbook.edition.numbering import NoteNumber
from talkbook.edition.reading_weave import block_paragraphs
from talkbook.edition.translation import joint

from .print_text import Anchors, call

INSERTION = re.compile(r"〔[^〔〕]*〕")


def _words(text: str) -> str:
    """A unit's text, its insertions (brackets included, so that they extract) marked as the editor's."""
    out, at = [], 0
    for found in INSERTION.finditer(text):
        out.append(escape(text[at:found.start()], quote=False))
        out.append(f'<span class="insert">{escape(found[0], quote=False)}</span>')
        at = found.end()
    out.append(escape(text[at:], quote=False))
    return "".join(out)


def translated_html(talk: Talk, translation: Translation, paragraph: Paragraph,
                    grouped: dict[int, list[TranslatedUnit]], numbers: dict[str, NoteNumber], anchors: Anchors,
                    footnote: Callable[[Note], str], refer_only: bool = False) -> str:
    """The inner HTML of one printed paragraph in the translation. `talk`: in the translation's words
    (edition/translated_talk.py), whose notes the calls carry. `grouped`: units_by_paragraph.
    `refer_only`: the calls link to footnotes printed elsewhere (the other column of a parallel book)."""
    blocks = []
    for reading in block_paragraphs(talk, paragraph.start, paragraph.end):
        units = []
        for unit in grouped[reading.line]:
            calls = [call(talk.note(note_id), numbers[note_id], 1 if refer_only else 0, anchors, footnote, i > 0)
                     for i, note_id in enumerate(unit.notes)]
            units.append(_words(unit.text) + "".join(calls))
        blocks.append(f'<span class="rpara">{joint(translation).join(units)}</span>')
    return "".join(blocks)
