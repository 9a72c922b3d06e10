"""Render one paragraph of transcript as HTML (逐字): corrections, term links, note highlights and note
markers woven into the verbatim text, which is all the text it shows: markers aside, what a reader
sees and copies is the transcript (see verify.recover_transcript)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape

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


def _marker(note: Note, number: NoteNumber, occurrence: int, L: Labels) -> str:
    """A note's marker. A correction's marker is the corrected word's one tab stop, so its name also
    says what the editors read there (the word itself is the transcript's)."""
    kind = " tb-marker--fix" if note.kind == "correction" else ""
    name = L.fix_marker_read_as.format(name=number.name, replace=note.replace) if note.replaces_text else number.name
    if note.replaces_text and note.emendation:
        name += f"{L.list_sep}{L.emendation}"
    return (f'<sup class="tb-ref">{WORD_JOINER}<a class="tb-marker{kind}" id="{marker_id(note, occurrence)}" '
            f'href="#n-{note.id}" aria-label="{escape(name)}">{number.mark}</a></sup>')


def _fix(note: Note, original: str, in_link: bool, L: Labels) -> str:
    """A correction in 逐字: the transcript's own words, marked (talkbook.css) and never replaced; what
    the editors read there is in the tooltip and in the name of the marker that follows (the
    keyboard's way in), never in the text, so what 逐字 shows is the transcript (verify.py). Inside a
    term link the link carries the tooltip: a second one nested in a link would fight with it, and a
    tap must not fall through to the link. An emendation (CONTRIBUTING §5) has a class of its own."""
    kind = "tb-fix tb-fix--emendation" if note.emendation else "tb-fix"
    if in_link:
        return f'<span class="{kind}" data-note="n-{note.id}">{escape(original, quote=False)}</span>'
    tip = L.fix_read_as.format(replace=note.replace, confidence=L.how_sure(note))
    return (f'<span class="{kind}" data-note="n-{note.id}" title="{escape(tooltip_text(tip))}">'
            f'{escape(original, quote=False)}</span>')


def _term_title(term: TermLink, readings: list[str], L: Labels) -> str:
    """The term's definition, plus what the editors read for any correction inside the link."""
    if not readings:
        return term.tooltip
    return term.tooltip + L.term_read_as.format(readings=L.list_sep.join(readings))


def render_paragraph_text(text: str, paragraph: Paragraph, notes: tuple[Note, ...], numbers: dict[str, NoteNumber],
                          mentions: list[Mention], term_links: dict[str, TermLink], L: Labels) -> str:
    """The inner HTML of the paragraph's <p>: transcript text [paragraph.start, paragraph.end), its
    names and tooltips in the words of `L` (the talk's language)."""
    a, b = paragraph.start, paragraph.end
    highlights = [(max(s, a), min(e, b), n) for n in notes if not n.replaces_text for s, e in n.ranges
                  if s < b and e > a]
    fixes = sorted((s, n.replace) for n in notes if n.replaces_text for s, e in n.ranges if a <= s < b)
    cuts = {x for s, e, _ in highlights for x in (s, e)}
    out: list[str] = []
    in_link = False
    for event in weave(paragraph, notes, numbers, mentions, cuts):
        if isinstance(event, OpenLink):
            link = event.mention
            term = term_links[link.term_id]
            readings = [replace for s, replace in fixes if link.start <= s < link.end]
            title = escape(tooltip_text(_term_title(term, readings, L)))
            link_at = len(out)
            out.append(f'<a class="tb-term" href="{escape(term.href)}" title="{title}">')
            in_link = True
        elif isinstance(event, CloseLink):
            out.append("</a>")
            in_link = False
        elif isinstance(event, Anchor):
            out.append(_marker(event.note, numbers[event.note.id], event.occurrence, L))
        else:
            if event.fix is not None:
                piece = _fix(event.fix, text[event.start:event.end], in_link, L)
                if in_link:  # the link's underline takes the correction's colour (talkbook.css)
                    out[link_at] = out[link_at].replace('class="tb-term"', 'class="tb-term tb-term--fix"', 1)
            else:
                piece = escape(text[event.start:event.end], quote=False)
            covering = sorted(n.id for s, e, n in highlights if s <= event.start and event.end <= e)
            if covering:
                piece = f'<span class="tb-quote" data-notes="{" ".join(covering)}">{piece}</span>'
            out.append(piece)
    return keep_tail("".join(out))


# What may follow a paragraph's last words: its markers, the ends of the elements around them, and
# spaces (a transcript's paragraph may end on the recogniser's pause).
_TRAILING = re.compile(r'(?:<sup class="tb-ref">[^<]*<a [^>]*>[^<]*</a></sup>|</[a-z]+>|\s+)+$')


def keep_tail(html: str) -> str:
    """The paragraph's last two characters kept on one line (span.tb-tail, nowrap in talkbook.css),
    so no paragraph ends on a lone character (孤字). CSS's text-wrap: pretty does that too, but
    Chromium does not apply it to a paragraph holding floats, and on a wide screen the margin notes
    float inside their paragraph (talkbook.js). Only the wrapping changes: the text is the same."""
    trailing = _TRAILING.search(html)
    end = trailing.start() if trailing else len(html)
    start = html.rfind(">", 0, end) + 1
    words = unescape(html[start:end])
    if len(words) < 2 or any(c.isspace() for c in words[-2:]):
        return html  # the last text is a single character, or a break at a space is already there
    return (html[:start] + escape(words[:-2], quote=False) + '<span class="tb-tail">'
            + escape(words[-2:], quote=False) + "</span>" + html[end:])
