"""Print text: one paragraph of transcript as print HTML. Certain and probable corrections show the
corrected words followed by the transcript's words in a small grey bracket; linked glossary terms are
marked and point into the glossary appendix; each note's footnote element sits right where its quote
ends, so WeasyPrint sets its call there and its body at the foot of that page.

The site's inline.render_paragraph_text does not fit: it emits hover tooltips (<ins>/<del> with a
title) and numbered link markers, where print needs visible originals and the footnote bodies inline."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Callable

from .model import Mention, Note, Paragraph


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


def _fix(replacement: str, original: str) -> str:
    """print.css brackets the original, so the element's text is the transcript's words exactly. A short
    correction stays on one line: a reader should not meet the bracket alone at the top of a page."""
    whole = " whole" if len(replacement) + len(original) <= KEEP_TOGETHER else ""
    return (f'<span class="fix{whole}"><span class="fix-new">{escape(replacement, quote=False)}</span>'
            f'<span class="fix-old">{escape(original, quote=False)}</span></span>')


def _call(note: Note, number: int, occurrence: int, anchors: Anchors, footnote: Callable[[Note], str]) -> str:
    """The first anchor of a note carries its footnote; later anchors of the same note only refer to it."""
    if occurrence == 0:
        return f'<span class="fn-at" id="{anchors.call(note.id)}"></span>{footnote(note)}'
    return f'<a class="fn-again" href="#{anchors.footnote(note.id)}">{number}</a>'


def paragraph_html(text: str, paragraph: Paragraph, notes: tuple[Note, ...], numbers: dict[str, int],
                   mentions: tuple[Mention, ...], anchors: Anchors, footnote: Callable[[Note], str]) -> str:
    """The inner HTML of one paragraph: transcript text [paragraph.start, paragraph.end)."""
    a, b = paragraph.start, paragraph.end
    fixes = {s: (e, n) for n in notes if n.replaces_text for s, e in n.ranges if a <= s < b}
    links = [m for m in mentions if m.linked and a <= m.start and m.end <= b]
    ends: dict[int, list[tuple[Note, int]]] = {}
    for note in notes:
        for occurrence, (_, e) in enumerate(note.ranges):
            if a < e <= b:
                ends.setdefault(e, []).append((note, occurrence))
    cuts = sorted({a, b, *ends} | {x for s, (e, _) in fixes.items() for x in (s, e)}
                  | {x for m in links for x in (m.start, m.end)})

    out: list[str] = []
    open_link: Mention | None = None
    pending: list[str] = []  # footnotes wait until an open term link closes: a footnote inside a link is a link
    index = 0
    while index < len(cuts) - 1:
        start = cuts[index]
        # A correction is one piece: structure guarantees no other quote ends strictly inside it.
        end = fixes[start][0] if start in fixes else cuts[index + 1]
        link = next((m for m in links if m.start <= start < m.end), None)
        if link is not open_link:
            if open_link is not None:
                out.append("</a>")
                out.extend(pending)
                pending = []
            if link is not None:
                out.append(f'<a class="term" href="#{term_anchor(link.term_id)}">')
            open_link = link
        out.append(_fix(fixes[start][1].replace, text[start:end]) if start in fixes
                   else escape(text[start:end], quote=False))
        calls = [_call(note, numbers[note.id], occurrence, anchors, footnote)
                 for note, occurrence in sorted(ends.get(end, []), key=lambda x: numbers[x[0].id])]
        if open_link is not None and open_link.end > end:
            pending.extend(calls)
        else:
            if open_link is not None:
                out.append("</a>")
                out.extend(pending)
                pending, open_link = [], None
            out.extend(calls)
        while index < len(cuts) - 1 and cuts[index] < end:
            index += 1
    if open_link is not None:
        out.append("</a>")
        out.extend(pending)
    return "".join(out)
