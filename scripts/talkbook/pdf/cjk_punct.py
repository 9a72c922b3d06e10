"""Punctuation compression for the print document: where two full-width marks meet ("，“", "”。",
"）、"), Chinese typesetting takes out the blank half between them, or the pair shows an em of white.
WeasyPrint 70 has no `text-spacing-trim`, and Noto CJK's contextual `chws` is not applied by it, so
the HTML marks the one glyph to set half-width (`<span class="halt">`, print.css applies the font's
`halt` feature to it): the first mark when it is a closing one (its blank is on its right), else the
second when it is an opening one (its blank is on its left). Only text between tags changes; tags,
attributes and the characters themselves stay as they are, so the text extracts as written."""
from __future__ import annotations

import re

CLOSING = set("，。、；：！？”’）》」』】〕〉")
OPENING = set("“‘（《「『【〔〈")
HALT = ('<span class="halt">', "</span>")
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = ("<title", "<style", "<script", "<head")  # text no page shows


def compress(html: str) -> str:
    """`html` with the mark of each adjacent full-width pair that gives up its blank half wrapped in a
    halt span. Marks separated only by tags (a call, a link's end) count as adjacent."""
    parts = _TAG.split(html)
    text_at = []  # (part index, char index) of every visible character, in order
    skipping = False
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            lowered = part.lower()
            if lowered.startswith(_SKIP):
                skipping = True
            elif lowered.startswith(("</title", "</style", "</script", "</head")):
                skipping = False
            continue
        if not skipping:
            text_at.extend((index, i) for i in range(len(part)))
    halt: dict[int, set[int]] = {}
    for (pa, ia), (pb, ib) in zip(text_at, text_at[1:]):
        first, second = parts[pa][ia], parts[pb][ib]
        if first in CLOSING and (second in CLOSING or second in OPENING):
            halt.setdefault(pa, set()).add(ia)
        elif first in OPENING and second in OPENING:
            halt.setdefault(pb, set()).add(ib)
    for index, chars in halt.items():
        text = parts[index]
        parts[index] = "".join(f"{HALT[0]}{c}{HALT[1]}" if i in chars else c for i, c in enumerate(text))
    return "".join(parts)
