"""weave.by_paragraph hands each paragraph the notes and mentions that touch it; weave, the notes
shown after the paragraph and its reading text then take what they use from that share. It must
never leave out one they would have used from the whole talk."""
from __future__ import annotations

import pytest
from conftest import MINI, ROOT
from talkbook.edition.build import load_edition
from talkbook.edition.structure import reading_text
from talkbook.edition.weave import by_paragraph, weave


@pytest.mark.parametrize("root", [ROOT, MINI], ids=["real", "mini"])
def test_each_paragraph_renders_the_same_from_its_share_as_from_the_whole_talk(root):
    for talk in load_edition(root).talks:
        numbers = {note.id: number for number, note in enumerate(talk.notes, start=1)}
        touching = by_paragraph(talk)
        for section in talk.sections:
            for paragraph in section.paragraphs:
                notes, mentions = touching[paragraph.id]
                assert list(notes) == [n for n in talk.notes if n in notes]  # the talk's order
                used = {n for n in talk.notes for s, e in n.ranges if s < paragraph.end and e > paragraph.start}
                assert used <= set(notes), paragraph.id
                assert weave(paragraph, notes, numbers, mentions) == weave(paragraph, talk.notes, numbers, talk.mentions)
                assert talk.notes_after(paragraph, notes) == talk.notes_after(paragraph)
                assert reading_text(talk.transcript, paragraph, notes) == reading_text(talk.transcript, paragraph,
                                                                                       talk.notes)
