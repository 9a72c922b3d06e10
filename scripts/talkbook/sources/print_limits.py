"""Limits the PDF needs, checked by validate so that `pdf` never fails on a text validate accepted.
Each note is printed as a footnote on the page of its call; WeasyPrint cannot split a footnote
across pages, so a note longer than a page's footnote area cannot be placed (and it pushes the
footnotes of other notes off their pages too, so the error would blame them)."""
from __future__ import annotations

from talkbook.problems import Problems

# Measured on the mini project (A4, 8.5pt footnotes, print.css): a 2,500-character note still
# prints on the page of its call, a 3,500-character one does not. 2,000 leaves room for the call's
# paragraph and the page's other footnotes; the longest note in the repository has 440.
MAX_NOTE_CHARS = 2000


def check_note_length(body: str, path: str, line: int, problems: Problems) -> bool:
    length = len(body.strip())
    if length <= MAX_NOTE_CHARS:
        return True
    problems.add(path, line, f"the note's body is {length} characters, over the {MAX_NOTE_CHARS} a footnote can "
                 f"hold on one page of the PDF; shorten it, or move the background to a glossary term and link it")
    return False


# The gloss prints as the note's footnote (pdf/print_html.py), beside its title: two lines of a 7.5pt
# footnote on A4 hold about 120 characters, title and page reference included.
MAX_GLOSS_CHARS = 60


def check_gloss_length(gloss, path: str, line: int, problems: Problems) -> bool:
    if not isinstance(gloss, str) or len(gloss.strip()) <= MAX_GLOSS_CHARS:
        return True  # not text at all: the schema reports it
    problems.add(path, line, f"the gloss is {len(gloss.strip())} characters, over the {MAX_GLOSS_CHARS} that fit "
                 f"beside the title in two lines of a footnote; say the verdict in one short sentence, the "
                 f"rest belongs in the body")
    return False
