"""The 通读 view of a talk page: the reading paragraphs (reading.md, aligned) of one paragraph block
as HTML, beside the verbatim <p class="tb-para"> that 逐字 shows.

Each reading paragraph is a <p class="tb-para tb-rpara"> so that it takes the reading page's notes,
layout and keyboard behaviour as it is; verify.py reads it back and checks it gives the reading
text exactly. Notes keep their numbers (the same marker, with an id of its own); a correction that
changes the words is no marker but the corrected words themselves, a link to its note whose title
shows the transcript's words."""
from __future__ import annotations

from html import escape

from talkbook.edition.labels import CONFIDENCE
from talkbook.edition.markup import tooltip_text
from talkbook.edition.model import Note, Paragraph, Piece, ReadingParagraph, Talk

from .inline import TermLink


def reading_marker_id(note: Note, occurrence: int) -> str:
    return f"rd-{note.id}" if occurrence == 0 else f"rd-{note.id}-{occurrence + 1}"


def block_paragraphs(talk: Talk, paragraph: Paragraph) -> list[ReadingParagraph]:
    """The reading paragraphs inside a paragraph of talk.yml (they tile it: reading_align checks)."""
    if talk.reading is None:
        return []
    return [r for r in talk.reading.paragraphs if paragraph.start <= r.start and r.end <= paragraph.end]


def block_text(talk: Talk, paragraph: Paragraph) -> str:
    """The words a paragraph block shows in 通读, for the search index."""
    return "".join(r.text for r in block_paragraphs(talk, paragraph))


def _marker(note: Note, number: int, occurrence: int) -> str:
    return (f'<sup class="tb-ref"><a class="tb-marker tb-rmarker" id="{reading_marker_id(note, occurrence)}" '
            f'href="#n-{note.id}" aria-label="注 {number}">{number}</a></sup>')


def _fix(talk: Talk, note: Note, text: str) -> str:
    start, end = note.ranges[0]
    tip = f"原文：{talk.transcript[start:end]}（{CONFIDENCE[note.confidence]}）" + (f"。{note.title}" if note.title else "")
    return (f'<a class="tb-rfix" href="#n-{note.id}" data-note="n-{note.id}" '
            f'title="{escape(tooltip_text(tip))}">{escape(text, quote=False)}</a>')


def _split(talk: Talk, piece: Piece, at: int) -> int:
    """How many characters of a plain said piece's text come before verbatim offset `at`: inside a
    piece, the reading's non-space characters are the verbatim's, in order (reading_align)."""
    before = sum(1 for c in talk.transcript[piece.start:at] if not c.isspace())
    seen = 0
    for index, char in enumerate(piece.text):
        if seen == before:
            return index
        seen += not char.isspace()
    return len(piece.text)


def _term_link(link: TermLink) -> str:
    return f'<a class="tb-term" href="{escape(link.href)}" title="{escape(tooltip_text(link.tooltip))}">'


def _plain(talk: Talk, piece: Piece, markers: list, links: list, term_links: dict[str, TermLink]) -> str:
    """A said piece of the speaker's own words, cut where a marker goes or a term link opens or closes.
    markers: (offset, html); links: (start, end, term id), each inside the piece. A marker that falls
    inside a term link waits until the link closes (a link holds no other link)."""
    cuts = []
    for start, end, term_id in links:
        cuts.append((start, 2, f"{_term_link(term_links[term_id])}"))
        cuts.append((end, 0, "</a>"))
    for offset, html in markers:
        inside = next((end for start, end, _ in links if start < offset < end), None)
        cuts.append((inside if inside is not None else offset, 1, html))
    out, done = [], 0
    for offset, order, html in sorted(cuts, key=lambda c: (c[0], c[1])):
        cut = _split(talk, piece, offset)
        while order == 2 and cut < len(piece.text) and piece.text[cut].isspace():
            cut += 1  # a link opens on its first word, after the space before it
        out.append(escape(piece.text[done:cut], quote=False) + html)
        done = max(done, cut)
    out.append(escape(piece.text[done:], quote=False))
    return "".join(out)


def paragraph_html(talk: Talk, reading: ReadingParagraph, notes: tuple[Note, ...], numbers: dict[str, int],
                   mentions=(), term_links: dict[str, TermLink] | None = None, lead: str = "", tail: str = "") -> str:
    """One reading paragraph; `lead` (the speaker) and `tail` (¶ and suggest links) are the block's.
    Term links are kept where a linked mention lies inside one run of the speaker's words."""
    ends = sorted((e, numbers[n.id], occurrence, n) for n in notes if not n.replaces_text
                  for occurrence, (_, e) in enumerate(n.ranges) if reading.start < e <= reading.end)
    waiting = [(e, _marker(note, number, occurrence)) for e, number, occurrence, note in ends]
    linked = [m for m in mentions if m.linked and term_links and m.term_id in term_links]
    out = [lead]
    for piece in reading.pieces:
        if piece.kind == "punct":
            out.append(escape(piece.text, quote=False))
        elif piece.kind == "insert":
            out.append(f'<span class="tb-insert" title="编者补字">〔{escape(piece.text, quote=False)}〕</span>')
        else:
            while waiting and waiting[0][0] <= piece.start:
                out.append(waiting.pop(0)[1])
            if piece.note:
                out.append(_fix(talk, talk.note(piece.note), piece.text))
                continue
            mine = [w for w in waiting if w[0] <= piece.end]
            del waiting[:len(mine)]
            links = [(m.start, m.end, m.term_id) for m in linked if piece.start <= m.start and m.end <= piece.end]
            out.append(_plain(talk, piece, mine, links, term_links or {}))
    out.extend(html for _, html in waiting)
    out.append(tail)
    return f'<p class="tb-para tb-rpara">{"".join(out)}</p>'
