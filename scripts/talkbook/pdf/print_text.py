"""Print text: one paragraph of transcript as print HTML. Certain and probable corrections show the
corrected words followed by the transcript's words in a small grey bracket; linked glossary terms are
marked and point into the glossary appendix; each note's footnote element sits right where its quote
ends, so WeasyPrint sets its call there and its body at the foot of that page.

The order of pieces is weave.weave's, shared with the site; only the formatting differs: the site
emits hover tooltips (<ins>/<del> with a title) and numbered link markers, print needs visible
originals and the footnote bodies inline."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Callable

from talkbook.edition.model import Mention, Note, Paragraph
from talkbook.edition.numbering import NoteNumber
from talkbook.edition.weave import Anchor, CloseLink, OpenLink, weave


@dataclass(frozen=True)
class Anchors:
    """Element ids of one talk in the print document, prefixed by the talk id so that several talks
    can share one document. They become the PDF's named destinations, which the tests read back."""

    talk_id: str

    def title_page(self) -> str:
        return self.talk_id

    def intro(self) -> str:
        return f"{self.talk_id}--intro"

    def section(self, section_id: str) -> str:
        return f"{self.talk_id}--{section_id}"

    def paragraph(self, paragraph_id: str) -> str:
        return f"{self.talk_id}--{paragraph_id}"

    def footnote(self, note_id: str) -> str:
        return f"{self.talk_id}--n-{note_id}"

    def call(self, note_id: str) -> str:
        """An empty element just before the footnote: it stays in the text where the call is."""
        return f"{self.talk_id}--r-{note_id}"


def term_anchor(term_id: str) -> str:
    return f"g-{term_id}"


KEEP_TOGETHER = 16  # corrections up to this many characters (both readings) are never broken across lines


def _fix(replacement: str, original: str, emendation: bool = False) -> str:
    """print.css brackets the original, so the element's text is the transcript's words exactly. A short
    correction stays on one line: a reader should not meet the bracket alone at the top of a page."""
    whole = " whole" if len(replacement) + len(original) <= KEEP_TOGETHER else ""
    kind = " emendation" if emendation else ""
    return (f'<span class="fix{whole}{kind}"><span class="fix-new">{escape(replacement, quote=False)}</span>'
            f'<span class="fix-old">{escape(original, quote=False)}</span></span>')


# Between two calls with no text between them: superscript digits side by side would read as one number.
CALL_SEPARATOR = '<span class="fn-sep">,</span>'


def call(note: Note, number: NoteNumber, occurrence: int, anchors: Anchors, footnote: Callable[[Note], str],
         after_call: bool = False) -> str:
    """The first anchor of a note carries its footnote; later anchors of the same note only refer to it.
    `after_call`: the previous piece of the paragraph was a call too (see CALL_SEPARATOR)."""
    separator = CALL_SEPARATOR if after_call else ""
    if occurrence == 0:
        return f'{separator}<span class="fn-at" id="{anchors.call(note.id)}"></span>{footnote(note)}'
    return f'{separator}<a class="fn-again" href="#{anchors.footnote(note.id)}">{number}</a>'


def repeats_call(previous, event: Anchor) -> bool:
    """A later anchor of the note whose call was just printed ("65,65" says nothing more than "65")."""
    return isinstance(previous, Anchor) and previous.note.id == event.note.id and event.occurrence > 0


def paragraph_html(text: str, paragraph: Paragraph, notes: tuple[Note, ...], numbers: dict[str, NoteNumber],
                   mentions: tuple[Mention, ...], anchors: Anchors, footnote: Callable[[Note], str]) -> str:
    """The inner HTML of one paragraph: transcript text [paragraph.start, paragraph.end)."""
    out: list[str] = []
    last_shown = None  # the last event that prints something (links print nothing of their own)
    for event in weave(paragraph, notes, numbers, mentions):
        if isinstance(event, OpenLink):
            out.append(f'<a class="term" href="#{term_anchor(event.mention.term_id)}">')
            continue
        if isinstance(event, CloseLink):
            out.append("</a>")
            continue
        if isinstance(event, Anchor):
            if repeats_call(last_shown, event):
                continue
            out.append(call(event.note, numbers[event.note.id], event.occurrence, anchors, footnote,
                            isinstance(last_shown, Anchor)))
        elif event.fix is not None:
            out.append(_fix(event.fix.replace, text[event.start:event.end], event.fix.emendation))
        else:
            out.append(escape(text[event.start:event.end], quote=False))
        last_shown = event
    return "".join(out)
