"""Pre-rendered HTML in the generated Markdown, handed to Python-Markdown without being parsed again.

render.py writes each run of finished HTML between two delimiter lines (html_block). The RawBlocks
extension stores every such run in Markdown's HTML stash, the mechanism Python-Markdown's own
raw-HTML and fenced-code handling use, and leaves only the placeholder line: the HTML comes back
verbatim at the end and is never tokenised, which was a fifth of a build's cost at 100 talks.
Headings stay Markdown, so the TOC and permalinks work as before.

The delimiters are HTML comments, so a page read without the extension is still correct Markdown
(the comments pass through). They cannot occur inside a block: everything a block holds that comes
from a source file is escaped or sanitised (nh3 drops comments)."""
from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

OPEN = "<!-- talkbook:html -->"
CLOSE = "<!-- /talkbook:html -->"


_BLANK_LINE = re.compile(r"^[ ]+$", re.M)


def html_block(html: str) -> str:
    """`html` (finished HTML, one or more top-level elements) marked for RawBlocks.

    Every text passes Python-Markdown's normalize_whitespace before any extension sees it, which
    expands tabs and empties lines of spaces; a transcript may hold both. Written as character
    references they reach the page unchanged (the parser decodes them to the same characters), and
    the blocks hold no tabs or blank lines anywhere else (no tag spans lines; JSON escapes tabs)."""
    html = _BLANK_LINE.sub(lambda m: "&#32;" * len(m.group()), html).replace("\t", "&#9;")
    return f"{OPEN}\n{html}\n{CLOSE}\n"


class _StashBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if OPEN not in lines:
            return lines
        out: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            if line == OPEN:
                try:
                    end = lines.index(CLOSE, index + 1)
                except ValueError:  # never closed: left to Markdown as ordinary text
                    out.extend(lines[index:])
                    break
                # Stored with its line end and set apart by blank lines, as Markdown's html_block
                # preprocessor stores a raw block, so the page's HTML is the same byte for byte.
                out += ["", self.md.htmlStash.store("\n".join(lines[index + 1:end]) + "\n"), ""]
                index = end + 1
            else:
                out.append(line)
                index += 1
        return out


class RawBlocks(Extension):
    def extendMarkdown(self, md):
        # After normalize_whitespace (30), which every text gets; before html_block (20), which
        # would otherwise parse the HTML tag by tag.
        md.preprocessors.register(_StashBlocks(md), "talkbook-raw-blocks", 25)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name), so `talkbook.rawblocks` works in mkdocs.yml
    return RawBlocks(**kwargs)
