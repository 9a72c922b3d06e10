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

_BLOCK = re.compile("^" + re.escape(OPEN) + r"\n(.*?)\n" + re.escape(CLOSE) + "$", re.M | re.S)
# Markdown's RawHtmlPostprocessor decides by a block's first tag whether to wrap it in <p>; the
# stand-in starts with the same tag, so it is wrapped, or not, as the block would have been.
_FIRST_TAG = re.compile(r"^\<\/?[^ >]+")
# What Markdown's whitespace normalising changes; a page holding any of them goes through whole.
_NORMALISED = re.compile(r"[\r\x02\x03\t]|(?<=\n) +\n")


@dataclass(frozen=True)
class Skeleton:
    """A page's Markdown with its blocks replaced by stand-ins, and what each stand-in stands for."""

    markdown: str
    blocks: dict[str, str]  # stand-in -> the block's HTML, as Markdown would have put it in the page


def skeleton(markdown: str) -> Skeleton:
    """`markdown` with each RawBlocks block's HTML replaced by a stand-in. None is, and the page goes
    through whole, if it holds text that Markdown's whitespace normalising would change, a stand-in's
    name, or HTML outside the blocks (an open tag there can take in what follows, blocks included:
    render.py escapes every '<' it writes as Markdown)."""
    if OPEN not in markdown or _NORMALISED.search(markdown) or "<" in _BLOCK.sub("", markdown):
        return Skeleton(markdown, {})
    tag = "talkbook-block-" + hashlib.blake2b(markdown.encode(), digest_size=6).hexdigest()
    if tag in markdown:
        return Skeleton(markdown, {})
    blocks: dict[str, str] = {}

    def stand_in(match: re.Match) -> str:
        html = match.group(1)
        first = _FIRST_TAG.match(html)
        name = f"{tag}-{len(blocks)}"
        key = f"{first.group(0)} {name}>" if first else name
        blocks[key] = html
        return f"{OPEN}\n{key}\n{CLOSE}"

    return Skeleton(_BLOCK.sub(stand_in, markdown), blocks)


class BlockLost(Exception):
    """A stand-in did not come back from Markdown exactly once."""


def restore(html: str, page: Skeleton) -> str:
    """The page's HTML with each stand-in replaced by its block."""
    if not page.blocks:
        return html
    pattern = re.compile("|".join(re.escape(key) for key in page.blocks))
    found: list[str] = []

    def block(match: re.Match) -> str:
        found.append(match.group(0))
        return page.blocks[match.group(0)]

    restored = pattern.sub(block, html)
    if sorted(found) != sorted(page.blocks):
        raise BlockLost(f"{len(page.blocks)} pre-rendered blocks went to Markdown, {len(set(found))} came back "
                        f"({len(found)} times)")
    # Markdown strips the whole page it returns; a block at either end had its edges kept in the stand-in's place.
    return restored.strip()
