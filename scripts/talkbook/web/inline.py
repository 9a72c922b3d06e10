"""Render one paragraph of transcript as HTML: corrections, term links, note highlights and note
markers woven into the verbatim text, which stays recoverable (see verify.recover_transcript)."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from talkbook.edition.labels import Labels
from talkbook.edition.markup import tooltip_text
from talkbook.edition.model import Mention, Note, Paragraph
from talkbook.edition.numbering import NoteNumber
from talkbook.edition.weave import Anchor, CloseLink, OpenLink, weave


@dataclass(frozen=True)
class TermLink:
    href: str
    tooltip: str  # the term's short definition


# U+2060 at the start of a marker: no line break between a word and its note number, which a
# line break between two Chinese characters would otherwise allow. Inside .tb-ref, so the
# recovered transcript (verify.py), the search view and a copied passage never hold it.
WORD_JOINER = "&#8288;"


def marker_id(note: Note, occurrence: int) -> str:
    return f"r-{note.id}" if occurrence == 0 else f"r-{note.id}-{occurrence + 1}"


def _marker(note: Note, number: NoteNumber, occurrence: int, original: str, L: Labels) -> str:
    """A note's marker. A correction's marker is the corrected word's one tab stop, so its name also
    says what the transcript has there."""
    kind = " tb-marker--fix" if note.kind == "correction" else ""
    name = L.fix_marker.format(name=number.name, original=original) if note.replaces_text else number.name
    if note.replaces_text and note.emendation:
        name += f"{L.list_sep}{L.emendation}"
    return (f'<sup class="tb-ref">{WORD_JOINER}<a class="tb-marker{kind}" id="{marker_id(note, occurrence)}" '
            f'href="#n-{note.id}" aria-label="{escape(name)}">{number.mark}</a></sup>')


def _fix(note: Note, original: str, in_link: bool, L: Labels) -> str:
    """A correction: the corrected words shown, the transcript's words kept (in a tooltip on hover,
    and in the name of the marker that follows, which is the keyboard's way in). Inside a term link
    the link carries the tooltip: a second one nested in a link would fight with it, and a tap must
    not fall through to the link."""
    kind = "tb-fix tb-fix--emendation" if note.emendation else "tb-fix"
    if in_link:
        return (f'<span class="{kind}" data-note="n-{note.id}">'
                f'<ins>{escape(note.replace)}</ins><del>{escape(original)}</del></span>')
    tip = L.fix_tip.format(original=original, confidence=L.how_sure(note))
    return (f'<span class="{kind}" data-note="n-{note.id}" title="{escape(tooltip_text(tip))}">'
            f'<ins>{escape(note.replace)}</ins><del>{escape(original)}</del></span>')


def _term_title(term: TermLink, originals: list[str], L: Labels) -> str:
    """The term's definition, plus the transcript's words of any correction inside the link."""
    if not originals:
        return term.tooltip
    return term.tooltip + L.term_originals.format(originals=L.list_sep.join(originals))


def render_paragraph_text(text: str, paragraph: Paragraph, notes: tuple[Note, ...], numbers: dict[str, NoteNumber],
                          mentions: list[Mention], term_links: dict[str, TermLink], L: Labels) -> str:
    """The inner HTML of the paragraph's <p>: transcript text [paragraph.start, paragraph.end), its
    names and tooltips in the words of `L` (the talk's language)."""
    a, b = paragraph.start, paragraph.end
    highlights = [(max(s, a), min(e, b), n) for n in notes if not n.replaces_text for s, e in n.ranges
                  if s < b and e > a]
    fixes = sorted((s, e) for n in notes if n.replaces_text for s, e in n.ranges if a <= s < b)
    cuts = {x for s, e, _ in highlights for x in (s, e)}
    out: list[str] = []
    in_link = False
    for event in weave(paragraph, notes, numbers, mentions, cuts):
        if isinstance(event, OpenLink):
            link = event.mention
            term = term_links[link.term_id]
            originals = [text[s:e] for s, e in fixes if link.start <= s < link.end]
            title = escape(tooltip_text(_term_title(term, originals, L)))
            out.append(f'<a class="tb-term" href="{escape(term.href)}" title="{title}">')
            in_link = True
        elif isinstance(event, CloseLink):
            out.append("</a>")
            in_link = False
        elif isinstance(event, Anchor):
            start, end = event.note.ranges[event.occurrence]
            out.append(_marker(event.note, numbers[event.note.id], event.occurrence, text[start:end], L))
        else:
            if event.fix is not None:
                piece = _fix(event.fix, text[event.start:event.end], in_link, L)
            else:
                piece = escape(text[event.start:event.end], quote=False)
            covering = sorted(n.id for s, e, n in highlights if s <= event.start and event.end <= e)
            if covering:
                piece = f'<span class="tb-quote" data-notes="{" ".join(covering)}">{piece}</span>'
            out.append(piece)
    return "".join(out)
