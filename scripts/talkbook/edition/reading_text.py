"""Reading text: parse a talk's reading.md, the editors' clean text of the verbatim.

The file holds one reading paragraph per block, blocks separated by blank lines. Lines of a block
are joined (without a space in Chinese, so a long paragraph may be written one sentence a line,
which keeps pull-request diffs small). Two marks: 〔…〕 holds an editorial insertion, shown as such;
{--…--} (CriticMarkup's deletion) marks verbatim words left out as a false start. Everything else
is the speaker's words plus added punctuation; align.py proves that."""
from __future__ import annotations

import re
from dataclasses import dataclass

from talkbook.problems import Problems

INSERT_OPEN, INSERT_CLOSE = "〔", "〕"
DROP_OPEN, DROP_CLOSE = "{--", "--}"
MAX_MARKED = 12  # characters: a false start is a few words; a longer cut is an edit, not a stumble
_MARK = re.compile(r"〔([^〔〕]*)〕|\{--(.*?)--\}")


@dataclass(frozen=True)
class Mark:
    """A run of one reading paragraph as written: `kind` is "text" (the speaker's words with added
    punctuation), "insert" (〔…〕, without the brackets) or "drop" ({--…--}, without the marks)."""

    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class WrittenParagraph:
    marks: tuple[Mark, ...]
    line: int  # its first line in reading.md


def _join(lines: list[tuple[int, str]], language: str) -> list[tuple[int, str]]:
    """A block's lines, with the separator a reader expects between them: none in Chinese."""
    joined = []
    for index, (number, text) in enumerate(lines):
        # Chinese lines join directly, except two Latin words meeting at the line end: they stay two.
        if index and (language != "zh" or (lines[index - 1][1][-1:].isascii() and lines[index - 1][1][-1:].isalnum()
                                           and text[:1].isascii() and text[:1].isalnum())):
            text = " " + text
        joined.append((number, text))
    return joined


def _marks(number: int, text: str, path: str, problems: Problems) -> list[Mark]:
    marks, at = [], 0
    for found in _MARK.finditer(text):
        if found.start() > at:
            marks.append(Mark("text", text[at:found.start()], number))
        inserted, dropped = found.group(1), found.group(2)
        if inserted is not None:
            if not inserted.strip():
                problems.add(path, number, "an empty insertion 〔〕; write the inserted words inside it or remove it")
            else:
                marks.append(Mark("insert", inserted, number))
        else:
            if not dropped.strip():
                problems.add(path, number, "an empty false-start mark {----}; put the dropped verbatim words "
                             "inside it or remove it")
            elif len(dropped) > MAX_MARKED or any(c in dropped for c in "〔〕{}"):
                problems.add(path, number, f"the false-start mark {{--{dropped}--}} is longer than {MAX_MARKED} "
                             f"characters or holds other marks; a false start is a few words: keep the rest")
            else:
                marks.append(Mark("drop", dropped, number))
        at = found.end()
    rest = text[at:]
    for stray in ("〔", "〕", "{--", "--}"):
        if stray in rest:
            column = at + rest.index(stray) + 1
            problems.add(path, number, f"an unmatched '{stray}' at column {column}; insertions are written "
                         f"〔…〕 and false starts {{--…--}}, each opened and closed on one line")
            return marks
    if rest:
        marks.append(Mark("text", rest, number))
    return marks


def parse(text: str, path: str, language: str, problems: Problems) -> list[WrittenParagraph]:
    """The reading paragraphs of reading.md; syntax problems (unclosed or empty marks) reported."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            blocks[-1].append((number, line.strip()))
        elif blocks[-1]:
            blocks.append([])
    paragraphs = []
    for block in (b for b in blocks if b):
        marks = []
        for number, line in _join(block, language):
            marks.extend(_marks(number, line, path, problems))
        paragraphs.append(WrittenParagraph(tuple(marks), block[0][0]))
    if not paragraphs:
        problems.add(path, 1, "reading.md is empty; write the reading text, or remove the file to publish the "
                     "verbatim only")
    return paragraphs
