"""A translation's view of a talk page (translations/<lang>/, issue #29): for each reading paragraph
of a paragraph block, a <p class="tb-para tb-tpara" lang="…"> holding its units' translations, each
unit followed by the markers of the notes whose quote it carries (edition/translation.py placed
them). The block keeps these paragraphs in a <template class="tb-tr" data-view="<lang>"> until the
reader asks for the view (talkbook.js), as it keeps 逐字; verify.py reads them back and checks they
give the translation's units exactly, with one marker per note. A note's translated title, gloss and
body sit in its aside beside its own (note_parts), shown in the view of their language."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import accumulate

from talkbook.edition.labels import Labels, labels_for_tag
from talkbook.edition.model import Note, Talk, Translation, TranslatedUnit
from talkbook.edition.numbering import NoteNumber, is_correction, mark_and_name
from talkbook.edition.reading_weave import block_paragraphs
from talkbook.edition.translation import joint, units_by_paragraph  # noqa: F401  (their home; verify.py, render.py use them from here)

from .inline import WORD_JOINER
from .reading_view import units_attribute


def marker_id(language: str, note_id: str) -> str:
    """t-<lang>-<note>: no section id starts with t- (sources/validate.py reserves it)."""
    return f"t-{language}-{note_id}"


@dataclass(frozen=True)
class NoteName:
    """A note's number in a translation's words: the same number, its series named in that language."""

    mark: str
    name: str


def note_name(number: NoteNumber, note: Note, L: Labels) -> NoteName:
    return NoteName(*mark_and_name(number.n, is_correction(note), L))


def _marker(talk: Talk, language: str, note_id: str, numbers: dict[str, NoteNumber], L: Labels) -> str:
    note = talk.note(note_id)
    name = note_name(numbers[note_id], note, L)
    return (f'<sup class="tb-ref">{WORD_JOINER}<a class="tb-marker tb-tmarker" id="{marker_id(language, note_id)}" '
            f'href="#n-{note_id}" aria-label="{escape(name.name)}">{escape(name.mark)}</a></sup>')


def paragraph_html(talk: Talk, translation: Translation, units: list[TranslatedUnit],
                   numbers: dict[str, NoteNumber], lead: str = "", tail: str = "") -> str:
    """One reading paragraph's units in the translation's language; `lead` (the speaker) and `tail`
    (¶ and suggest links) are the block's."""
    L = labels_for_tag(translation.language)
    words = joint(translation).join(escape(unit.text, quote=False) + "".join(
        _marker(talk, translation.language, note_id, numbers, L) for note_id in unit.notes) for unit in units)
    gap = len(joint(translation))
    starts = list(accumulate(len(unit.text) + gap for unit in units[:-1]))
    length = sum(len(unit.text) for unit in units) + gap * max(len(units) - 1, 0)
    return (f'<p class="tb-para tb-tpara" lang="{escape(translation.language)}"{units_attribute(starts, length)}>'
            f'{lead}{words}{tail}</p>')


def block_html(talk: Talk, translation: Translation, start: int, end: int, grouped: dict[int, list[TranslatedUnit]],
               numbers: dict[str, NoteNumber], lead: str, tail: str) -> list[str]:
    """The translated paragraphs of the paragraph block [start, end), one per reading paragraph."""
    readings = block_paragraphs(talk, start, end)
    return [paragraph_html(talk, translation, grouped[r.line], numbers, lead if i == 0 else "",
                           tail if i == len(readings) - 1 else "") for i, r in enumerate(readings)]
