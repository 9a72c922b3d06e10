"""Render one paragraph of transcript as HTML: corrections, term links, note highlights and note
markers woven into the verbatim text, which stays recoverable (see verify.recover_transcript)."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .labels import CONFIDENCE
from .markup import tooltip_text
from .model import Mention, Note, Paragraph


@dataclass(frozen=True)
class TermLink:
    href: str
    tooltip: str  # the term's short definition


def marker_id(note: Note, occurrence: int) -> str:
    return f"r-{note.id}" if occurrence == 0 else f"r-{note.id}-{occurrence + 1}"


def _marker(note: Note, number: int, occurrence: int) -> str:
    kind = " tb-marker--fix" if note.kind == "correction" else ""
    return (f'<sup class="tb-ref"><a class="tb-marker{kind}" id="{marker_id(note, occurrence)}" '
            f'href="#n-{note.id}" aria-label="注 {number}">{number}</a></sup>')


def _fix(note: Note, original: str, in_link: bool) -> str:
    """A correction: the corrected words shown, the transcript's words kept (shown on hover/focus).
    Inside a term link the link carries the tooltip and the focus: a second tooltip or tab stop
    nested in a link would fight with it, and a tap must not fall through to the link."""
    if in_link:
        return (f'<span class="tb-fix" data-note="n-{note.id}">'
                f'<ins>{escape(note.replace)}</ins><del>{escape(original)}</del></span>')
    tip = f"原文：{original}（{CONFIDENCE[note.confidence]}）"
    return (f'<span class="tb-fix" tabindex="0" data-note="n-{note.id}" title="{escape(tooltip_text(tip))}">'
            f'<ins>{escape(note.replace)}</ins><del>{escape(original)}</del></span>')


def _term_title(term: TermLink, originals: list[str]) -> str:
    """The term's definition, plus the transcript's words of any correction inside the link."""
    if not originals:
        return term.tooltip
    return term.tooltip + "（原文：" + "、".join(originals) + "）"


def render_paragraph_text(text: str, paragraph: Paragraph, notes: tuple[Note, ...], numbers: dict[str, int],
                          mentions: list[Mention], term_links: dict[str, TermLink]) -> str:
    """The inner HTML of the paragraph's <p>: transcript text [paragraph.start, paragraph.end)."""
    a, b = paragraph.start, paragraph.end
    fixes = {s: (e, n) for n in notes if n.replaces_text for s, e in n.ranges if a <= s < b}
    highlights = [(max(s, a), min(e, b), n) for n in notes if not n.replaces_text for s, e in n.ranges
                  if s < b and e > a]
    links = [m for m in mentions if m.linked and a <= m.start and m.end <= b]
    ends: dict[int, list[tuple[Note, int]]] = {}
    for note in notes:
        for occurrence, (s, e) in enumerate(note.ranges):
            if a < e <= b:
                ends.setdefault(e, []).append((note, occurrence))
    cuts = {a, b}
    for s, (e, _) in fixes.items():
        cuts |= {s, e}
    for s, e, _ in highlights:
        cuts |= {s, e}
    for m in links:
        cuts |= {m.start, m.end}
    cuts = sorted(cuts)

    out: list[str] = []
    open_link: Mention | None = None
    pending: list[str] = []  # markers waiting for an open term link to close (no button inside a link)
    index = 0
    while index < len(cuts) - 1:
        start = cuts[index]
        end = fixes[start][0] if start in fixes else cuts[index + 1]
        link = next((m for m in links if m.start <= start < m.end), None)
        if link is not open_link:
            if open_link is not None:
                out.append("</a>")
                out.extend(pending)
                pending = []
            if link is not None:
                term = term_links[link.term_id]
                originals = [text[s:e] for s, (e, _) in sorted(fixes.items()) if link.start <= s < link.end]
                title = escape(tooltip_text(_term_title(term, originals)))
                out.append(f'<a class="tb-term" href="{escape(term.href)}" title="{title}">')
            open_link = link
        if start in fixes:
            piece = _fix(fixes[start][1], text[start:end], in_link=open_link is not None)
        else:
            piece = escape(text[start:end], quote=False)
        covering = sorted(n.id for s, e, n in highlights if s <= start and end <= e)
        if covering:
            piece = f'<span class="tb-quote" data-notes="{" ".join(covering)}">{piece}</span>'
        out.append(piece)
        markers = [_marker(note, numbers[note.id], occurrence)
                   for note, occurrence in sorted(ends.get(end, []), key=lambda x: numbers[x[0].id])]
        if open_link is not None and open_link.end > end:
            pending.extend(markers)
        else:
            if open_link is not None:
                out.append("</a>")
                out.extend(pending)
                pending, open_link = [], None
            out.extend(markers)
        while index < len(cuts) - 1 and cuts[index] < end:
            index += 1
    if open_link is not None:
        out.append("</a>")
        out.extend(pending)
    return "".join(out)
