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

import hashlib
import re
from dataclasses import dataclass

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


# ---- Markdown without the blocks -------------------------------------------------------------
# Python-Markdown stashes each block untouched, yet still passes its bytes through every stage that
# reads the whole text (whitespace normalising, the fenced-code and raw-HTML scans, the placeholder
# substitution): at 100 talks 1.8 of its 2.9 seconds went on text it leaves as it is. So the page
# goes to Markdown with each block replaced by a short stand-in, and the block is put back in the
# HTML Markdown returns: the headings, table of contents, ids and links are still Markdown's own.

# Markdown's RawHtmlPostprocessor decides by a block's first tag whether to wrap it in <p>; the
# stand-in starts with the same tag, so it is wrapped, or not, as the block would have been.
_FIRST_TAG = re.compile(r"^\<\/?[^ >]+")
_SPACES_LINE = re.compile(r"(?<=\n) +\n")  # a line of spaces, which Markdown's normalising empties


@dataclass(frozen=True)
class Skeleton:
    """A page's Markdown with its blocks replaced by stand-ins, and what each stand-in stands for."""

    markdown: str
    tag: str = ""  # each stand-in's name is <tag>-<n>
    blocks: tuple[tuple[str, str], ...] = ()  # n -> (the first tag the stand-in starts with, or "", the block's HTML)


def _line(text: str, line: str, start: int) -> int:
    """Where the next line of `text` that is exactly `line` starts, from `start` on (-1: none)."""
    at = text.find(line, start)
    while at != -1:
        end = at + len(line)
        if (at == 0 or text[at - 1] == "\n") and (end == len(text) or text[end] == "\n"):
            return at
        at = text.find(line, at + 1)
    return -1


def skeleton(markdown: str) -> Skeleton:
    """`markdown` with each RawBlocks block's HTML replaced by a stand-in. None is, and the page goes
    through whole, if it holds text that Markdown's whitespace normalising would change, a stand-in's
    name, or HTML outside the blocks (an open tag there can take in what follows, blocks included:
    render.py escapes every '<' it writes as Markdown). Blocks are found as _StashBlocks finds them:
    an OPEN line, then the lines up to the next CLOSE line."""
    whole = Skeleton(markdown)
    if OPEN not in markdown or any(char in markdown for char in "\r\x02\x03\t"):
        return whole
    if "\n " in markdown and _SPACES_LINE.search(markdown):
        return whole
    tag = "talkbook-block-" + hashlib.blake2b(markdown.encode(), digest_size=6).hexdigest()
    if tag in markdown:
        return whole
    out, blocks, position = [], [], 0
    while (opening := _line(markdown, OPEN, position)) != -1:
        body = opening + len(OPEN) + 1
        closing = _line(markdown, CLOSE, body)
        if closing == -1:
            break  # never closed: left to Markdown as ordinary text, as _StashBlocks leaves it
        # The lines between (none when CLOSE follows at once: stored as "\n", the same as one empty line).
        html = markdown[body:closing - 1] if closing > body else ""
        out.append(markdown[position:opening])
        if "<" in out[-1]:
            return whole
        first = _FIRST_TAG.match(html)
        first = first.group(0) if first else ""
        name = f"{tag}-{len(blocks)}"
        blocks.append((first, html))
        out.append(f"{OPEN}\n{first} {name}>\n{CLOSE}" if first else f"{OPEN}\n{name}\n{CLOSE}")
        position = closing + len(CLOSE)
    rest = markdown[position:]
    if "<" in rest.replace(OPEN, "").replace(CLOSE, "") or not blocks:
        return whole
    return Skeleton("".join(out) + rest, tag, tuple(blocks))


class BlockLost(Exception):
    """A stand-in did not come back from Markdown exactly once."""


def restore(html: str, page: Skeleton) -> str:
    """The page's HTML with each stand-in replaced by its block."""
    if not page.blocks:
        return html
    out, position, seen = [], 0, [0] * len(page.blocks)
    for match in re.finditer(re.escape(page.tag) + r"-(\d+)", html):
        n = int(match.group(1))
        first, block = page.blocks[n] if n < len(page.blocks) else ("", None)
        start, end = (match.start() - len(first) - 1, match.end() + 1) if first else match.span()
        if block is None or html[start:end] != (f"{first} {match.group(0)}>" if first else match.group(0)):
            raise BlockLost(f"a stand-in for a pre-rendered block came back changed: {html[start:end]!r}")
        seen[n] += 1
        out += [html[position:start], block]
        position = end
    if seen != [1] * len(page.blocks):
        raise BlockLost(f"{len(page.blocks)} pre-rendered blocks went to Markdown, {sum(1 for n in seen if n)} "
                        f"came back ({sum(seen)} times)")
    out.append(html[position:])
    # Markdown strips the whole page it returns; a block at either end had its edges kept in the stand-in's place.
    return "".join(out).strip()
