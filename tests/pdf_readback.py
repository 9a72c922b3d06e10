"""Read a printed PDF back as lines with their positions (poppler's `pdftotext -bbox-layout`), to check
the page layout itself: how much of each page is left blank, which words share a line.

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


def read_pages(pdf: Path) -> list[Page]:
    """Every page of `pdf` as lines of words with their boxes (points, y growing downwards)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for number, (_, height, content) in enumerate(_PAGE.findall(xml), start=1):
        lines = []
        for *box, words in _LINE.findall(content):
            found = tuple(Word(unescape(t), *map(float, b)) for *b, t in _WORD.findall(words))
            lines.append(Line(found, float(box[1]), float(box[3])))
        pages.append(Page(number, float(height), tuple(lines)))
    return pages


def destination_pages(pdf: Path) -> dict[str, int]:
    """Named destination (an element id of the print HTML) -> 1-based page."""
    reader = PdfReader(pdf)
    return {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}


def body_pages(destinations: dict[str, int], talk_ids: list[str]) -> range:
    """The pages of the talks' text: from each talk's introduction or first section to the glossary."""
    first = min(page for name, page in destinations.items()
                if any(name.startswith(f"{t}--") for t in talk_ids))
    return range(first, destinations["glossary"])


def main(pdf: str) -> None:
    path = Path(pdf)
    pages = read_pages(path)
    destinations = destination_pages(path)
    talks = [name for name in destinations if "--" not in name and name != "glossary" and not name.startswith("g-")]
    body = body_pages(destinations, talks)
    shares = {n: pages[n - 1].blank_share() for n in body}
    for number, share in shares.items():
        flag = "  > 25%" if share > MOST_BLANK else ""
        print(f"page {number:3}: {share:5.1%} blank  {pages[number - 1].header}{flag}")
    worst = max(shares, key=shares.get)
    print(f"{len(pages)} pages; body pages {body.start}-{body.stop - 1}; worst blank {shares[worst]:.1%} "
          f"(page {worst}); pages over {MOST_BLANK:.0%} blank: {sum(s > MOST_BLANK for s in shares.values())} "
          f"(the last body page, before the glossary, included)")


if __name__ == "__main__":
    main(*sys.argv[1:])
