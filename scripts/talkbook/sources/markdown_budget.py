"""Budgets on editorial Markdown (note, term and intro bodies, section summaries) that keep the
converter linear. Python-Markdown scans forward from every '[' for its closing bracket and from
every '<' for the end of a tag, paragraph by paragraph, so a paragraph of thousands of brackets
takes minutes (16 KB of '[': about a minute); each nested list or quote level is a recursive call,
so a few hundred levels crash it. A text within these budgets converts in well under a second
(tests/test_markdown_budget.py times the worst case); nothing an editor writes comes near them."""
from __future__ import annotations

import re

from talkbook.problems import Problems

# A paragraph (text between blank lines) longer than this is a wall of text, not a note.
MAX_PARAGRAPH_CHARS = 10_000
# The converter's work on a paragraph grows with its '[' and '<' times its length. Summed over the
# text, this budget is about a fifth of a second of converting on a busy machine (measured: 100 '['
# in a 1,000-character paragraph), and 45 times what the costliest body in the repository needs
# (glossary/foundation-model.md: 2,220).
MAX_SCAN_COST = 100_000
# Lists inside quotes inside lists: more than 8 levels is no longer readable, on screen or on paper
# (the PDF lays each level out recursively too).
MAX_NESTING = 8

_OPENERS = re.compile(r"[\[<]")
# Markers that open a nested block at the start of a line: '>' quotes, '-', '*', '+' and '1.' items.
_BLOCK_MARKERS = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")


def nesting_depth(line: str) -> int:
    """How many quote/list levels `line` opens: its markers plus its indentation in steps of four."""
    indent = len(line) - len(line.lstrip(" "))
    depth, position = indent // 4, 0
    while True:
        found = _BLOCK_MARKERS.match(line, position)
        if not found or found.end() == position:
            return depth
        depth += 1
        position = found.end()


def check_markdown(text: str, path: str, first_line: int, problems: Problems, what: str = "the text") -> bool:
    """Report the first line of `text` (starting at file line `first_line`) over each budget; True if within."""
    ok = True
    paragraph_start, paragraph_chars, openers, reported = 0, 0, 0, set()
    cost_before = 0  # of the paragraphs before this one
    lines = text.split("\n")
    for offset, line in enumerate(lines):
        if not line.strip():
            cost_before += openers * paragraph_chars
            paragraph_start, paragraph_chars, openers = offset + 1, 0, 0
            continue
        paragraph_chars += len(line) + 1
        openers += len(_OPENERS.findall(line))
        if paragraph_chars > MAX_PARAGRAPH_CHARS and "length" not in reported:
            problems.add(path, first_line + paragraph_start,
                         f"{what} has a paragraph of more than {MAX_PARAGRAPH_CHARS} characters; split it with "
                         f"blank lines")
            reported.add("length")
            ok = False
        if cost_before + openers * paragraph_chars > MAX_SCAN_COST and "openers" not in reported:
            problems.add(path, first_line + offset,
                         f"{what} has too many '[' or '<' for its length by this line (the Markdown converter's work "
                         f"grows with brackets times paragraph length; the budget is {MAX_SCAN_COST:,}); write "
                         f"fewer links or brackets per paragraph, shorter paragraphs, or 【】 and 〈〉 in the text")
            reported.add("openers")
            ok = False
        depth = nesting_depth(line)
        if depth > MAX_NESTING and "nesting" not in reported:
            problems.add(path, first_line + offset,
                         f"{what} nests quotes or lists {depth} levels deep here, more than {MAX_NESTING}; "
                         f"flatten it")
            reported.add("nesting")
            ok = False
    return ok
