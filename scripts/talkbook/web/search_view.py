"""What Material's search plugin indexes for a generated page: its words, without the reading page's
apparatus. A talk page carries about two tags per ten characters (term links with their tooltips,
note markers, highlights, asides with their head, kind, number, edit link, permalinks, "suggest a
note" links); parsing those was most of the extra cost of our build over plain Material, and
their words ("编辑此注", note numbers, kind labels) only added noise to the results.

render.py gives each such page a view: for each heading of the page, in order, the plain HTML of
what the index should hold under it (None: leave that heading out of the index). `compose` puts
those bodies under the page's own rendered headings, so every index entry keeps the location and
title Material would have given it. A body may hold headings of its own: render.py gives each
section summary and note an entry apart from the speakers' words, under a heading that names it as
the editors' and carries its id on the page. Corrections are indexed as read (the corrected words in the
text, the transcript's words in the note), so a reader finds both "ChatGPT" and "chart gpt"."""
from __future__ import annotations

import re

# One view: (heading id, body) per heading in page order; the first heading, the page title, has
# id None (Material files everything before the first sub-heading under the page itself).
SearchView = tuple[tuple[str | None, str | None], ...]

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>.*?</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')


class ViewMismatch(Exception):
    """The rendered page's headings are not the ones its view was made for."""


def compose(content: str, view: SearchView) -> str:
    """The page's headings, each followed by the body its view gives (headings with None dropped)."""
    headings = list(_HEADING.finditer(content))
    if not headings or content[:headings[0].start()].strip():
        raise ViewMismatch("the page does not start with its title heading")
    found = [None] + [_heading_id(h) for h in headings[1:]]
    expected = [heading_id for heading_id, _ in view]
    if found != expected:
        raise ViewMismatch(f"the page's headings {found} are not the view's {expected}")
    out = []
    for heading, (_, body) in zip(headings, view):
        if body is not None:
            out.append(heading.group(0))
            out.append(body)
    return "\n".join(out)


def _heading_id(heading: re.Match) -> str:
    found = _ID.search(heading.group(2))
    return found.group(1) if found else ""
