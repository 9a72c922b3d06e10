"""Read a printed PDF back as lines with their positions (poppler's `pdftotext -bbox-layout`), to check
the page layout itself: how much of each page is left blank, which words share a line, how much of a
page the talk's text holds against the footnotes, widows and orphans, indents, justified lines.

Run on a PDF to print the figures the tests check, page by page:

    .venv/bin/python tests/pdf_readback.py build/pdf/open-vs-closed-ai-2023.pdf"""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from pypdf import PdfReader

MM = 72 / 25.4
# print.css's @page margin: 22mm top, 24mm bottom. The running header sits above the top margin and
# the page number below the bottom one, so neither counts as text of the page's area.
TOP, BOTTOM = 22 * MM, 24 * MM
MOST_BLANK = 0.25  # the share of a body page that may stay blank, except before a forced page break
LEAST_TALK = 0.60  # the share of a body page's text block the talk's text fills, but on a section's last page
# print.css: A4, 26mm left and 22mm right margin; 10.5pt text on 1.75, a 2em (21pt) paragraph indent.
LEFT, RIGHT_MARGIN = 26 * MM, 22 * MM
TEXT_SIZE, PITCH, INDENT = 10.5, 10.5 * 1.75, 21.0
# poppler boxes a word about 1.44 times its type size high: 10.5pt text 15.1, a 7.5pt footnote 10.9, a
# 9pt summary 12.9, a 14pt heading 20.3.
NOTE_HEIGHT = 11.5  # a line whose words are shorter is a footnote's, a call's or a paragraph number's
HEADING_HEIGHT = 18.0  # a line whose words are taller is a section heading
SUMMARY_HEIGHT = 14.0  # shorter than text, taller than a footnote: a section's summary under its heading

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    y0: float
    y1: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    height: float
    lines: tuple[Line, ...]  # in reading order, as poppler found it
    width: float = 595.28  # A4

    @property
    def header(self) -> str:
        """The running header: the text above the top margin."""
        return " ".join(line.text for line in self.lines if line.y1 <= TOP)

    @property
    def body(self) -> list[Line]:
        """The lines inside the page area (text and footnotes), top to bottom."""
        bottom = self.height - BOTTOM
        return sorted((line for line in self.lines if line.y0 >= TOP - 1 and line.y1 <= bottom + 1),
                      key=lambda line: line.y0)

    def blank_share(self) -> float:
        """The tallest band of the page area with no text in it (between two lines, or below the last
        one), as a share of the page area's height. Gaps between paragraphs and above the footnotes
        are a few millimetres; a page that could not take the next line shows up as a tall band."""
        area_top, area_bottom = TOP, self.height - BOTTOM
        edges, tallest = area_top, 0.0
        for line in self.body:
            tallest = max(tallest, line.y0 - edges)
            edges = max(edges, line.y1)
        tallest = max(tallest, area_bottom - edges)
        return tallest / (area_bottom - area_top)


def _height(line: Line) -> float:
    """The line's type size, as poppler boxes it: its tallest word."""
    return max((w.y1 - w.y0 for w in line.words), default=0.0)


@dataclass(frozen=True)
class TextLine:
    """A line of the talk's text on a body page (not a footnote, heading or page number)."""

    page: int
    x0: float  # where its text starts (a paragraph's number in the margin left out)
    x1: float
    y0: float
    text: str


def talk_lines(page: Page) -> tuple[list[TextLine], list[Line], list[Line]]:
    """(text lines, heads, footnote lines) of a page's area: heads are section titles and summaries. A footnote line is set small and sits
    below every text line; the paragraph numbers in the left margin are not text."""
    text, headings, notes = [], [], []
    for line in page.body:
        height = _height(line)
        if height >= HEADING_HEIGHT or NOTE_HEIGHT <= height < SUMMARY_HEIGHT:
            headings.append(line)  # a section's head: its title and its summary
        elif height < NOTE_HEIGHT:
            notes.append(line)
        else:
            words = [w for w in line.words if w.x0 >= LEFT - 2]
            if not words:
                continue
            # where the line's full-size words start: a raised call sits higher and would open the gap
            tall = [w for w in words if w.y1 - w.y0 >= NOTE_HEIGHT] or words
            found = TextLine(page.number, min(w.x0 for w in words), max(w.x1 for w in words),
                             min(w.y0 for w in tall), " ".join(w.text for w in words))
            if text and abs(text[-1].y0 - found.y0) < 2:  # poppler cut one printed line in two
                joined = sorted((text[-1], found), key=lambda t: t.x0)
                found = TextLine(page.number, joined[0].x0, max(t.x1 for t in joined), joined[0].y0,
                                 " ".join(t.text for t in joined))
                text[-1] = found
            else:
                text.append(found)
    # a small line inside the text (a lone raised call, a number) is text's, not a footnote's
    last_text = max((t.y0 for t in text), default=0.0)
    notes = [n for n in notes if n.y0 > last_text]
    return text, headings, notes


def talk_share(page: Page) -> float:
    """The share of the page's text block from its top to the foot of its last line of talk (text and
    headings): what the talk holds, the rest being footnotes and white."""
    text, headings, _ = talk_lines(page)
    foot = max([t.y0 + TEXT_SIZE for t in text] + [h.y1 for h in headings], default=TOP)
    return (foot - TOP) / (page.height - BOTTOM - TOP)


def _starts_paragraph(line: TextLine, previous: TextLine | None) -> bool:
    """Indented by the paragraph rule, a list item (its bullet), or below a paragraph gap (the 导读's
    paragraphs are not indented)."""
    if line.x0 >= LEFT + INDENT * 0.7 or line.text.startswith("•"):
        return True
    if previous is None or previous.page != line.page:
        return False
    return line.y0 - previous.y0 > PITCH + 2  # a paragraph's gap above it


@dataclass(frozen=True)
class Break:
    """A paragraph left one line alone at a page's foot (orphan) or head (widow, or a lone line before a
    heading), or a line that should start a paragraph and is not indented."""

    page: int
    kind: str  # "orphan" | "widow" | "heading" (a heading with no line of its section under it)
    text: str


def paragraph_breaks(pages: list[Page], numbers: range) -> list[Break]:
    """Widows and orphans over the body pages `numbers`, reading the text lines in order. A paragraph's
    first line is an indented one; its last the line before the next first line or heading."""
    found = []
    per_page = {n: talk_lines(pages[n - 1]) for n in numbers}
    for n in numbers:
        text, headings, _ = per_page[n]
        if not text:
            continue
        nxt = per_page.get(n + 1, ([], [], []))[0]
        right = page_width(pages[n - 1]) - RIGHT_MARGIN - TEXT_SIZE
        if headings and headings[-1].y0 > text[-1].y0 and n + 1 in per_page:
            found.append(Break(n, "heading", headings[-1].text))
        # foot: the page's last line starts a paragraph that goes on at the head of the next page
        last = text[-1]
        before_last = text[-2] if len(text) > 1 else None
        if (_starts_paragraph(last, before_last) and last.x1 >= right and nxt and not _starts_paragraph(nxt[0], None)
                and not any(h.y0 > last.y0 for h in headings)):
            found.append(Break(n, "orphan", last.text))
        # head: the page's first line ends a paragraph begun on the page before (the next line starts
        # another, or a heading follows, or it is the page's only line)
        first = text[0]
        heading_first = any(h.y0 < first.y0 for h in headings)
        before = per_page[n - 1][0] if n - 1 in per_page else []
        # a continuation: not indented, and the page before ended on a line about full (a ragged line
        # ends up to three characters short; the 导读's unindented paragraphs need the test)
        if (not heading_first and not _starts_paragraph(first, None) and before
                and before[-1].x1 >= right - 2 * TEXT_SIZE):
            second = text[1] if len(text) > 1 else None
            heading_next = any(first.y0 < h.y0 and (second is None or h.y0 < second.y0) for h in headings)
            if second is None or heading_next or _starts_paragraph(second, first):
                found.append(Break(n, "widow", first.text))
    return found


def ragged_lines(pages: list[Page], numbers: range, tolerance: float = TEXT_SIZE) -> list[TextLine]:
    """Lines that end a character or more short of the right margin without ending their paragraph:
    justified text has none."""
    right = None
    short = []
    for n in numbers:
        page = pages[n - 1]
        right = page_width(page) - RIGHT_MARGIN
        text, headings, _ = talk_lines(page)
        for line, following in zip(text, text[1:]):
            if _starts_paragraph(following, line) or any(line.y0 < h.y0 < following.y0 for h in headings):
                continue
            if line.x1 < right - tolerance:
                short.append(line)
    return short


def unindented(pages: list[Page], numbers: range) -> list[TextLine]:
    """Lines that follow a paragraph gap on the same page but start at the margin: a paragraph of a turn
    printed without the indent the others have."""
    out = []
    for n in numbers:
        text, headings, _ = talk_lines(pages[n - 1])
        for previous, line in zip(text, text[1:]):
            if any(previous.y0 < h.y0 < line.y0 for h in headings):
                continue
            if line.y0 - previous.y0 > PITCH + 2 and line.x0 < LEFT + INDENT * 0.7:
                out.append(line)
    return out


def page_width(page: Page) -> float:
    return page.width


def read_pages(pdf: Path) -> list[Page]:
    """Every page of `pdf` as lines of words with their boxes (points, y growing downwards)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for number, (width, height, content) in enumerate(_PAGE.findall(xml), start=1):
        lines = []
        for *box, words in _LINE.findall(content):
            found = tuple(Word(unescape(t), *map(float, b)) for *b, t in _WORD.findall(words))
            lines.append(Line(found, float(box[1]), float(box[3])))
        pages.append(Page(number, float(height), tuple(lines), float(width)))
    return pages


def destination_pages(pdf: Path) -> dict[str, int]:
    """Named destination (an element id of the print HTML) -> 1-based page."""
    reader = PdfReader(pdf)
    return {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}


def body_pages(destinations: dict[str, int], talk_ids: list[str]) -> range:
    """The pages of the talks' text: from each talk's introduction or first section to the endnotes
    (the glossary in a PDF without them)."""
    first = min(page for name, page in destinations.items()
                if any(name.startswith(f"{t}--") and "--e-" not in name for t in talk_ids))
    return range(first, destinations.get("endnotes", destinations["glossary"]))


def last_pages_of_sections(pages: list[Page], numbers: range) -> set[int]:
    """Body pages after which a section starts a page with its heading, and the last body page."""
    out = {numbers.stop - 1}
    for n in numbers:
        if n + 1 in numbers:
            text, headings, _ = talk_lines(pages[n])
            if headings and (not text or headings[0].y0 < text[0].y0):
                out.add(n)
    return out


def main(pdf: str) -> None:
    path = Path(pdf)
    pages = read_pages(path)
    destinations = destination_pages(path)
    talks = [name for name in destinations if "--" not in name and name != "glossary" and not name.startswith("g-")]
    body = body_pages(destinations, talks)
    shares = {n: pages[n - 1].blank_share() for n in body}
    breaks = {}
    for found in paragraph_breaks(pages, body):
        breaks.setdefault(found.page, []).append(f"{found.kind} {found.text[:12]!r}")
    exempt = last_pages_of_sections(pages, body)
    for number, share in shares.items():
        flag = "  > 25%" if share > MOST_BLANK else ""
        talk = talk_share(pages[number - 1])
        low = "" if talk >= LEAST_TALK else ("  (section's last page)" if number in exempt else "  < 60% talk")
        print(f"page {number:3}: talk {talk:5.1%}{low}  {share:5.1%} blank  {pages[number - 1].header}{flag}"
              f"{'  ' + '; '.join(breaks[number]) if number in breaks else ''}")
    worst = max(shares, key=shares.get)
    print(f"{len(pages)} pages; body pages {body.start}-{body.stop - 1}; worst blank {shares[worst]:.1%} "
          f"(page {worst}); pages over {MOST_BLANK:.0%} blank: {sum(s > MOST_BLANK for s in shares.values())} "
          f"(the last body page, before the glossary, included)")
    sections = range(min(n for name, n in destinations.items() if re.search(r"--p\d+$", name)), body.stop)
    print(f"widows/orphans: {sum(len(v) for v in breaks.values())}; lines short of the measure inside a "
          f"paragraph: {len(ragged_lines(pages, body))}; paragraphs of the talk without the indent (from page "
          f"{sections.start}): {len(unindented(pages, sections))}")


if __name__ == "__main__":
    main(*sys.argv[1:])
