"""Verify: invariants checked on the output, the rendered HTML of a talk page.

- nothing lost: the verbatim transcript is recovered from the page's reading text alone (the text
  of each paragraph, with each correction's original words instead of its replacement);
- every note is rendered exactly once, and every marker points to a rendered note."""
from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from .model import Talk

# Editorial additions inside a paragraph whose text is not transcript text.
_SKIPPED_CLASSES = {"tb-speaker", "tb-ref", "tb-plink", "tb-suggest"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track", "param"}


class _ReadingText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in paragraph, skipping)
        self.paragraphs: list[str] = []
        self.notes: Counter = Counter()
        self.markers: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        in_paragraph, skipping = self.stack[-1][1:] if self.stack else (False, False)
        if tag == "p" and "tb-para" in classes:
            in_paragraph = True
            self.paragraphs.append("")
        if tag == "aside" and "tb-note" in classes:
            self.notes[attributes.get("id", "")] += 1
        if "tb-marker" in classes:
            self.markers.append((attributes.get("href") or "").lstrip("#"))
        # Inside a correction the replacement (<ins>) is editorial; the original (<del>) is the transcript.
        skipping = skipping or bool(classes & _SKIPPED_CLASSES) or (in_paragraph and tag == "ins")
        if tag not in _VOID:
            self.stack.append((tag, in_paragraph, skipping))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and not self.stack[-1][2]:
            self.paragraphs[-1] += data


def read_page(html: str) -> _ReadingText:
    parser = _ReadingText()
    parser.feed(html)
    parser.close()
    return parser


def recover_transcript(html: str) -> str:
    """The transcript as it can be read back from a rendered talk page."""
    return "".join(read_page(html).paragraphs)


def check_talk_page(talk: Talk, html: str) -> list[str]:
    """Problems with a rendered talk page (empty when every invariant holds)."""
    page = read_page(html)
    problems = []
    recovered = "".join(page.paragraphs)
    if recovered != talk.transcript:
        at = next((i for i, (x, y) in enumerate(zip(recovered, talk.transcript)) if x != y),
                  min(len(recovered), len(talk.transcript)))
        problems.append(f"{talk.path}: the page does not reproduce the transcript: they differ from character {at} "
                        f"(page “{recovered[at:at + 20]}” vs transcript “{talk.transcript[at:at + 20]}”)")
    for note in talk.notes:
        count = page.notes[f"n-{note.id}"]
        if count != 1:
            problems.append(f"{note.path}: the note is rendered {count} times on the page, it must be once")
        marks = page.markers.count(f"n-{note.id}")
        if marks != len(note.ranges):
            problems.append(f"{note.path}: {marks} marker(s) on the page for {len(note.ranges)} anchor(s)")
    return problems
