"""Soft line breaks of editorial Markdown, joined for print. A note written over several lines keeps
its line ends inside the HTML paragraph; in a footnote (float: footnote) WeasyPrint 70 set each as a
forced break, so a note printed as ragged short lines. The PDF gets each line end as a browser
would read it (CSS Text 3, segment break transformation): nothing between two Chinese (wide)
characters, a space otherwise. Preformatted blocks keep their lines."""
from __future__ import annotations

import re

_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
_BREAK = re.compile(r"[ \t]*\n[ \t]*")
# East Asian wide characters: CJK ideographs and punctuation, kana, full-width forms.
_WIDE = re.compile(r"[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def join_soft_breaks(html: str) -> str:
    """`html` with every line end outside <pre> replaced by "" or " " (see the module's docstring)."""
    parts = _PRE.split(html)
    for index in range(0, len(parts), 2):  # the odd parts are the <pre> blocks themselves
        text = parts[index]
        parts[index] = _BREAK.sub(lambda m: _joint(text, m.start(), m.end()), text)
    return "".join(parts)


def _joint(text: str, start: int, end: int) -> str:
    before, after = text[start - 1:start], text[end:end + 1]
    return "" if _WIDE.match(before) and _WIDE.match(after) else " "
