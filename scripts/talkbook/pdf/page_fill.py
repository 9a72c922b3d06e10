"""Page fill: find the pages a footnote left too blank, and the notes that may follow their call to the
next page so that the text fills them.

Every footnote prints whole on the page of its call (print.css, `footnote-policy: line`): when the
next line's footnotes do not fit, that line goes to the next page, and the text stops where it was.
In a densely annotated talk a line can call four notes, so a page could end a third of the way down.
For the notes called on the first line of the following page, export.build_pdf lays the document
out again with `footnote-policy: auto` (print.css `.fn--may-follow`): WeasyPrint then keeps the line,
sets the notes that still fit on its page and carries the others to the top of the next page's notes,
as a book continues a long note overleaf. check_footnotes accepts the next page for those notes only."""
from __future__ import annotations

# The share of the page area that may stay blank is 25% as tests/pdf_readback.py measures the PDF, by
# the glyphs' boxes; line boxes are taller than their glyphs by the leading, hence the margin here.
MOST_BLANK = 0.22
# Each body page's text block is at least 60% talk (tests/pdf_readback.py LEAST_TALK, by glyph boxes,
# to the foot of the last line); a line box reaches past its glyphs, hence the margin. A page under
# it with room for a line more lets the next page's first-line notes follow as well.
LEAST_TEXT = 0.62
ONE_LINE = 0.025  # a line of text (18.4pt) as a share of the page area's height, about


def _lines(box):
    """Every line box inside `box`."""
    from weasyprint.formatting_structure.boxes import LineBox

    return [child for child in box.descendants() if isinstance(child, LineBox)]


def _areas(page):
    """The page's text flow (the root box) and its footnote area (None when it holds no footnote)."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    page_box = page._page_box  # WeasyPrint 70 keeps the laid-out tree there; no public accessor
    root = page_box.children[0]
    notes = next((c for c in page_box.children if isinstance(c, FootnoteAreaBox) and c.children), None)
    return page_box, root, notes


def _shares(page) -> tuple[float, float]:
    """(blank, text): the height between the page's last line of text and its first footnote line (or
    the bottom of the page area), and the height from the page's top to the foot of its last line of
    text, each as a share of the page area's height."""
    page_box, root, notes = _areas(page)
    top, height = page_box.content_box_y(), page_box.height
    text_bottom = max((line.position_y + line.height for line in _lines(root)), default=top)
    notes_top = min((line.position_y for line in _lines(notes)), default=top + height) if notes else top + height
    return max(0.0, notes_top - text_bottom) / height, (text_bottom - top) / height


def short_of_text(page) -> bool:
    blank, text = _shares(page)
    return blank > MOST_BLANK or (blank > ONE_LINE and text < LEAST_TEXT)


def first_line_calls(page, call_prefixes: tuple[str, ...]) -> set[str]:
    """Anchor names of the footnote calls (element ids starting with one of `call_prefixes`) that sit
    on the first line of text of `page`."""
    _, root, _ = _areas(page)
    lines = _lines(root)
    if not lines:
        return set()
    first = min(lines, key=lambda line: line.position_y)
    low, high = first.position_y - 1, first.position_y + first.height
    return {name for name, (_, y, *_) in page.anchors.items()
            if name.startswith(call_prefixes) and low <= y <= high}


def calls_to_let_follow(document, call_prefixes: tuple[str, ...]) -> set[str]:
    """For each page more than MOST_BLANK blank, or under LEAST_TEXT text with room for a line, the
    calls on the first line of the page after it."""
    pages = document.pages
    return {name for page, following in zip(pages, pages[1:]) if short_of_text(page)
            for name in first_line_calls(following, call_prefixes)}
