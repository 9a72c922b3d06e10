"""The 通读 view of a talk page: the reading paragraphs (reading.md, aligned) of one paragraph block
as HTML, beside the verbatim <p class="tb-para"> that 逐字 shows. The order of words, links and
markers is edition/reading_weave.py's; this module only formats it.

Each reading paragraph is a <p class="tb-para tb-rpara"> so that it takes the reading page's notes,
layout and keyboard behaviour as it is; verify.py reads it back and checks it gives the reading
text exactly. Notes keep their numbers (the same marker, with an id of its own); a correction that
changes the words is no marker but the corrected words themselves, a link to its note whose title
shows the transcript's words."""
from __future__ import annotations

from html import escape

from talkbook.edition.labels import Labels
from talkbook.edition.markup import tooltip_text
from talkbook.edition.model import Note, Paragraph, ReadingParagraph, Talk
from talkbook.edition.numbering import NoteNumber
from talkbook.edition.reading_weave import Corrected, Inserted, Words, block_paragraphs as _within, weave_reading
from talkbook.edition.weave import Anchor, CloseLink, OpenLink

from .inline import WORD_JOINER, TermLink


def units_attribute(starts, length: int) -> str:
    """data-tb-units: where a paragraph's units after the first start, in characters of its words (the
    text outside its speaker, markers, ¶ and suggest links), then how many characters its words have:
    talkbook.js pairs the units in 对照 on a phone, and not where the words it counts are not as many
    (a page whose words were converted after rendering, such as the 繁 page, into a different length)."""
    return f' data-tb-units="{" ".join(map(str, (*starts, length)))}"'


def reading_marker_id(note: Note, occurrence: int) -> str:
    return f"rd-{note.id}" if occurrence == 0 else f"rd-{note.id}-{occurrence + 1}"


def block_paragraphs(talk: Talk, paragraph: Paragraph) -> list[ReadingParagraph]:
    """The reading paragraphs inside a paragraph of talk.yml (they tile it: reading_align checks)."""
    return _within(talk, paragraph.start, paragraph.end)


def block_text(talk: Talk, paragraph: Paragraph) -> str:
    """The words a paragraph block shows in 通读, for the search index."""
    return "".join(r.text for r in block_paragraphs(talk, paragraph))


def _marker(note: Note, number: NoteNumber, occurrence: int) -> str:
    return (f'<sup class="tb-ref">{WORD_JOINER}<a class="tb-marker tb-rmarker" id="{reading_marker_id(note, occurrence)}" '
            f'href="#n-{note.id}" aria-label="{number.name}">{number.mark}</a></sup>')


def _fix(talk: Talk, note: Note, text: str, L: Labels) -> str:
    start, end = note.ranges[0]
    tip = L.fix_tip.format(original=talk.transcript[start:end], confidence=L.how_sure(note))
    if note.title:
        tip = L.fix_tip_titled.format(tip=tip, title=note.title)
    kind = "tb-rfix tb-rfix--emendation" if note.emendation else "tb-rfix"
    return (f'<a class="{kind}" href="#n-{note.id}" data-note="n-{note.id}" '
            f'title="{escape(tooltip_text(tip))}">{escape(text, quote=False)}</a>')


def paragraph_html(talk: Talk, reading: ReadingParagraph, notes: tuple[Note, ...], numbers: dict[str, NoteNumber],
                   L: Labels, mentions=(), term_links: dict[str, TermLink] | None = None, lead: str = "",
                   tail: str = "", units: bool = False) -> str:
    """One reading paragraph in the words of `L` (the talk's language); `lead` (the speaker) and `tail`
    (¶ and suggest links) are the block's. With `units` (a translated talk) it says where its units start."""
    term_links = term_links or {}
    out = [lead]
    for event in weave_reading(talk, reading, notes, numbers, [m for m in mentions if m.term_id in term_links]):
        if isinstance(event, Words):
            out.append(escape(event.text, quote=False))
        elif isinstance(event, Inserted):
            out.append(f'<span class="tb-insert" title="{escape(L.inserted)}">〔{escape(event.text, quote=False)}〕</span>')
        elif isinstance(event, Corrected):
            out.append(_fix(talk, event.note, event.text, L))
        elif isinstance(event, Anchor):
            out.append(_marker(event.note, numbers[event.note.id], event.occurrence))
        elif isinstance(event, OpenLink):
            link = term_links[event.mention.term_id]
            out.append(f'<a class="tb-term" href="{escape(link.href)}" title="{escape(tooltip_text(link.tooltip))}">')
        elif isinstance(event, CloseLink):
            out.append("</a>")
    out.append(tail)
    starts = units_attribute(reading.unit_starts, len(reading.text)) if units and reading.unit_starts is not None else ""
    return f'<p class="tb-para tb-rpara"{starts}>{"".join(out)}</p>'
