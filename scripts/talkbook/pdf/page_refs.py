"""Page references printed as numbers already known, checked against the layout (issue #27's cost).

print.css prints a reference's page with `target-counter(attr(href url), page)` (the contents, the
map, a gloss's "→ 第 N 页", endnotes and the bibliography pointing back). Each such reference to a
page not laid out yet makes WeasyPrint lay the pages out again once it is known: the included talk's
60 pages were laid out 174 times, about two thirds of the PDF's time.

So each internal link carries the page of its target as found by the layout before
(`data-page`, read by print.css in place of target-counter), and the layout is checked: every link
must carry exactly the page its target came out on. If one does not, the numbers are corrected and
the document laid out again; a build that starts with no numbers known lays out once with
target-counter and once more with the numbers it found, so every build prints the same HTML for the
same document and gives the same bytes. The numbers found are kept with the page breaks
(make_pdf.PageBreaks), so a warm build lays out once."""
from __future__ import annotations

import re

# An internal link's start tag up to its href (print_html writes href="#id" and no data-page).
_LINK = re.compile(r'<a\b[^>]*?\bhref="#(?P<target>[^"]+)"')


def numbered(html: str, pages: dict[str, int]) -> str:
    """`html` with each internal link whose target's page is known carrying it as data-page."""
    if not pages:
        return html

    def number(link: re.Match) -> str:
        page = pages.get(link["target"])
        return link.group(0) if page is None else f'<a data-page="{page}"{link.group(0)[2:]}'

    return _LINK.sub(number, html)


def targets(html: str) -> set[str]:
    """The ids the internal links of `html` point to."""
    return {link["target"] for link in _LINK.finditer(html)}


def misnumbered(links_to: set[str], pages: dict[str, int], laid_out: dict[str, int]) -> dict[str, int]:
    """Target id -> the page it came out on, for each target whose known page (`pages`) is missing or
    not the one the layout gave it (`laid_out`: id -> page). Empty: every number printed is right."""
    return {target: laid_out[target] for target in links_to
            if target in laid_out and pages.get(target) != laid_out[target]}
