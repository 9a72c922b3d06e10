"""Align a talk's reading text to its verbatim and accept only the edits clean verbatim allows:

- punctuation added (full-width in Chinese) and spaces added or removed;
- fillers dropped, from the closed list in fillers.yml;
- immediate repetitions dropped: the dropped words repeat the words right before them, or begin
  the words right after them ("我我", "其实其实其实", "我们能我们能感知");
- false starts dropped where they are marked {--…--};
- corrections applied: where a certain or probable correction note changes the words, the
  reading text has its replacement (whose repeats may be dropped like any words);
- insertions inside 〔…〕; paragraph breaks anywhere, and at least at every paragraph of talk.yml.

Anything else is a problem at its line in reading.md. The verbatim's words (spaces aside) are each
kept or dropped for one of these reasons; Reading records which, so verify can prove it."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from talkbook.problems import Problems

from .anchor import show
from .model import Drop, Piece, Reading, ReadingParagraph
from .reading_text import WrittenParagraph

FILLERS_FILE = Path(__file__).with_name("fillers.yml")
PUNCTUATION = {
    "zh": set("，。、；：？！…—“”‘’（）《》「」『』～"),
}
WINDOW = 80  # verbatim characters searched ahead for the reading's next words after a mismatch
BACKTRACK = 8  # reading characters that may move right when the words before a gap repeat
ALLOWED = ("allowed: punctuation, fillers ({fillers}), immediate repeats, false starts marked {{--…--}}, "
           "corrections from the talk's correction notes, insertions in 〔…〕 and paragraph breaks")


@functools.cache
def fillers(language: str) -> tuple[str, ...]:
    """The closed filler list of a language (fillers.yml), longest first."""
    table = filler_table(FILLERS_FILE)
    return tuple(sorted(table.get(language, ()), key=len, reverse=True))


def filler_table(path: Path) -> dict[str, list[str]]:
    """fillers.yml: a mapping of language -> list of fillers; BuildError (path:line) when it is not.
    It is the engine's own data, edited by pull request like the sources."""
    rel = path.relative_to(path.parents[3]).as_posix() if len(path.parents) > 3 else str(path)
    problems = Problems()
    data = path.read_bytes()
    table = None
    try:
        table = yaml.safe_load(data.decode("utf-8")) or {}
    except UnicodeDecodeError as error:
        problems.add(rel, data[:error.start].count(b"\n") + 1,
                     f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(rel, mark.line + 1 if mark else 1, f"YAML syntax error: {getattr(error, 'problem', error)}")
    if table is not None and not (isinstance(table, dict) and all(
            isinstance(words, list) and all(isinstance(word, str) and word for word in words)
            for words in table.values())):
        problems.add(rel, 1, "expected a mapping of language codes to lists of fillers, e.g. zh: [嗯, 呃]")
    problems.raise_if_any()
    return table


@dataclass(frozen=True)
class _Unit:
    """One non-space character of the verbatim with corrections applied."""

    char: str
    start: int  # verbatim range it stands for: a corrected word's whole quote
    end: int
    note: str


@dataclass
class _Said:
    """One non-space character of the reading that must be the speaker's."""

    char: str
    line: int
    dropped: bool  # inside {--…--}
    paragraph: int
    at: int = -1  # index of the verbatim unit it is aligned to


def _units(transcript: str, corrections) -> list[_Unit]:
    """corrections: (start, end, replacement, note id), applied and not overlapping."""
    units, at = [], 0
    for start, end, replacement, note in sorted(corrections) + [(len(transcript), len(transcript), "", "")]:
        units.extend(_Unit(c, i, i + 1, "") for i, c in enumerate(transcript[at:start], start=at) if not c.isspace())
        units.extend(_Unit(c, start, end, note) for c in replacement if not c.isspace())
        at = end
    return units


def _strip_leading(text: str, words: tuple[str, ...]) -> str:
    stripped = True
    while stripped:
        stripped = False
        for word in words:
            if word and text.startswith(word):
                text, stripped = text[len(word):], True
    return text


def _strip_trailing(text: str, words: tuple[str, ...]) -> str:
    stripped = True
    while stripped:
        stripped = False
        for word in words:
            if word and text.endswith(word):
                text, stripped = text[:-len(word)], True
    return text


class _Gaps:
    """Whether verbatim units [a, b) may be dropped, and as what (memoised: the search asks often)."""

    def __init__(self, chars: str, words: tuple[str, ...]):
        self.chars, self.words = chars, words
        self.memo: dict[tuple[int, int], list[tuple[int, int, str]] | None] = {}

    def explain(self, a: int, b: int) -> list[tuple[int, int, str]] | None:
        """[(from, to, why)] covering units [a, b), or None if some of it may not be dropped."""
        if (a, b) in self.memo:
            return self.memo[a, b]
        chars, words = self.chars, self.words
        # best[p]: an explanation of [p, b); built right to left so every choice sees what follows.
        best: dict[int, list[tuple[int, int, str]] | None] = {b: []}
        after = _strip_leading(chars[b:b + WINDOW], words)
        for p in range(b - 1, a - 1, -1):
            best[p] = None
            for word in words:
                if chars.startswith(word, p) and p + len(word) <= b and best[p + len(word)] is not None:
                    best[p] = [(p, p + len(word), "filler")] + best[p + len(word)]
                    break
            if best[p] is not None:
                continue
            before = _strip_trailing(chars[max(0, p - WINDOW):p], words)
            for q in range(p + 1, b + 1):
                if best[q] is None:
                    continue
                piece = chars[p:q]
                if before.endswith(piece) or _strip_leading(chars[q:b], words).startswith(piece) \
                        or (q == b and after.startswith(piece)) \
                        or _strip_leading(chars[q:b] + after, words).startswith(piece):
                    best[p] = [(p, q, "repeat")] + best[q]
                    break
        self.memo[a, b] = best[a]
        return best[a]


def _reading_units(paragraphs: list[WrittenParagraph], language: str) -> list[_Said]:
    punctuation = PUNCTUATION.get(language, set(",.;:?!\"()"))
    said = []
    for index, paragraph in enumerate(paragraphs):
        for mark in paragraph.marks:
            if mark.kind == "insert":
                continue
            said.extend(_Said(c, mark.line, mark.kind == "drop", index) for c in mark.text
                        if not c.isspace() and (c not in punctuation or mark.kind == "drop"))
    return said


class _Aligner:
    def __init__(self, units: list[_Unit], said: list[_Said], transcript: str, path: str, language: str,
                 correction_quotes: dict[str, tuple[str, str, str]], problems: Problems):
        self.units, self.said, self.transcript, self.path = units, said, transcript, path
        self.chars = "".join(u.char for u in units)
        self.words = fillers(language)
        self.gaps = _Gaps(self.chars, self.words)
        self.correction_quotes = correction_quotes  # note id -> (quote, note path, replacement)
        self.problems = problems
        self.allowed = ALLOWED.format(fillers=" ".join(self.words) or "none for this language")
        self.drops: list[tuple[int, int, str]] = []  # unit ranges

    def _shown(self, a: int, b: int) -> str:
        """Units [a, b) shown in the verbatim, with context."""
        if a >= b:
            return show(self.transcript, self.units[a].start if a < len(self.units) else len(self.transcript),
                        self.units[a].start if a < len(self.units) else len(self.transcript))
        return show(self.transcript, self.units[a].start, self.units[b - 1].end)

    def _resync(self, i: int, j: int) -> tuple[int, int, list] | None:
        """After a mismatch at reading i / verbatim j: (i0, k, drops) such that units [j0, k) may be
        dropped and reading i0..i sits at k.. — moving up to BACKTRACK already-kept characters right
        when the words before the gap repeat (这种这种那个这这这套: keep the last 这)."""
        chars, said = self.chars, self.said
        for back in range(0, BACKTRACK + 1):
            i0 = i - back
            if i0 < 0 or (back and (said[i0].at < 0 or said[i0].paragraph != said[i].paragraph)):
                break
            if back and said[i0 + 1].at != said[i0].at + 1 and i0 + 1 < i:
                break  # only a run kept contiguously may move as one
            j0 = said[i0].at if back else j
            want = "".join(s.char for s in said[i0:i + 1])
            for k in range(j0, min(len(chars), j0 + WINDOW)):
                if chars.startswith(want, k):
                    explained = self.gaps.explain(j0, k)
                    if explained is not None:
                        return i0, k, explained
        return None

    def _anchor(self, i: int, j: int) -> int | None:
        """Where the reading's next words resume within reach: the first place from which its next
        3 characters follow, fillers and repeats between them allowed (for reports only)."""
        chars, said = self.chars, self.said
        for k in range(j, min(len(chars), j + WINDOW)):
            if chars[k] == said[i].char and self._follows(i + 1, k + 1, min(len(said), i + 3)):
                return k
        return None

    def _follows(self, i: int, k: int, stop: int) -> bool:
        while i < stop:
            nxt = next((k2 for k2 in range(k, min(len(self.chars), k + 8)) if self.chars[k2] == self.said[i].char
                        and self.gaps.explain(k, k2) is not None), None)
            if nxt is None:
                return False
            i, k = i + 1, nxt + 1
        return True

    def _cheapest(self, i: int, j: int) -> tuple[int, int | None]:
        """The likelier explanation of a mismatch, as (reading characters added, verbatim index the
        reading resumes at): fewest characters added to the reading plus left out of the verbatim."""
        best = (None, 0, None)
        for skip in range(0, 9):
            if i + skip >= len(self.said):
                break
            anchor = self._anchor(i + skip, j)
            if anchor is not None and (best[0] is None or skip + anchor - j < best[0]):
                best = (skip + anchor - j, skip, anchor)
        return best[1], best[2]

    def run(self) -> None:
        said, units, chars = self.said, self.units, self.chars
        i = j = 0
        added: list[int] = []
        while i < len(said):
            if j < len(chars) and said[i].char == chars[j]:
                self._flush_added(added, j)
                said[i].at = j
                i, j = i + 1, j + 1
                continue
            found = self._resync(i, j)
            if found is not None:
                self._flush_added(added, j)
                i0, k, explained = found
                if i0 < i:
                    self._unkeep(i0, i)
                self.drops.extend(explained)
                for offset, index in enumerate(range(i0, i + 1)):
                    said[index].at = k + offset
                i, j = i + 1, k + (i - i0) + 1
                continue
            skip, anchor = self._cheapest(i, j)
            if skip:
                added.extend(range(i, i + skip))
                i += skip
                continue
            if anchor is not None:
                if added:
                    self._report_changed(added, j, anchor)
                else:
                    self._report_dropped(i, j, anchor)
                j = anchor
                continue
            added.append(i)
            i += 1
        self._flush_added(added, j)
        rest = self.gaps.explain(j, len(chars)) if j < len(chars) else []
        if rest is None:
            line = said[-1].line if said else 1
            self.problems.add(self.path, line, f"the reading text ends before the verbatim does: "
                              f"{self._shown(j, min(len(units), j + 20))} and what follows is missing; "
                              f"{self.allowed}")
        else:
            self.drops.extend(rest)
        for s in said:
            if s.dropped and s.at >= 0:
                self.drops.append((s.at, s.at + 1, "marked"))

    def _unkeep(self, i0: int, i: int) -> None:
        """Reading i0..i-1 move right: the units they held are now part of the dropped gap (the gap
        explanation from _resync already covers them)."""
        for index in range(i0, i):
            self.said[index].at = -1

    def _flush_added(self, added: list[int], j: int) -> None:
        if not added:
            return
        text = "".join(self.said[i].char for i in added)
        first = self.said[added[0]]
        hint = self._correction_hint(j, j + 1)
        self.problems.add(self.path, first.line,
                          f"“{text}” is not in the verbatim at {self._shown(j, j)}{hint}; {self.allowed}")
        added.clear()

    def _correction_hint(self, a: int, b: int) -> str:
        """When verbatim units [a, b) hold a correction's words, say which note and what to write."""
        for unit in self.units[a:b]:
            if unit.note and unit.note in self.correction_quotes:
                quote, note_path, replacement = self.correction_quotes[unit.note]
                return (f" (the correction in {note_path} replaces “{quote}” with “{replacement}” there, and the "
                        f"reading text applies it: write “{replacement}”)")
        return ""

    def _report_changed(self, added: list[int], j: int, anchor: int) -> None:
        text = "".join(self.said[i].char for i in added)
        was = self.chars[j:anchor]
        self.problems.add(self.path, self.said[added[0]].line,
                          f"“{text}” stands where the verbatim has “{was}” ({self._shown(j, anchor)})"
                          f"{self._correction_hint(j, anchor)}; {self.allowed}")
        added.clear()

    def _report_dropped(self, i: int, j: int, anchor: int) -> None:
        missing = self.chars[j:anchor]
        marked = f"; if it is a false start, mark it {{--{missing}--}}" if len(missing) <= 12 else ""
        self.problems.add(self.path, self.said[i].line,
                          f"the verbatim's “{missing}” ({self._shown(j, anchor)}) is left out, but it is not a "
                          f"filler or an immediate repeat{marked}; {self.allowed}")


def _pieces(paragraph: WrittenParagraph, said: list[_Said], units: list[_Unit], punctuation: set[str],
            transcript: str) -> list[Piece]:
    """The paragraph's runs as shown, each said run tied to the verbatim range it stands for."""
    pieces: list[Piece] = []
    index = 0
    for mark in paragraph.marks:
        if mark.kind == "insert":
            pieces.append(Piece("insert", mark.text, -1, -1))
            continue
        for char in mark.text:
            if mark.kind == "drop" and char.isspace():
                continue
            if char.isspace() or (char in punctuation and mark.kind != "drop"):
                pieces.append(Piece("punct", char, -1, -1))
                continue
            s = said[index]
            index += 1
            if mark.kind == "drop" or s.at < 0:
                continue
            unit = units[s.at]
            # Spaces between two characters of one run stay inside it ("take a grain", "DALL·E 2").
            k = len(pieces)
            while k and pieces[k - 1].kind == "punct" and pieces[k - 1].text.isspace():
                k -= 1
            last = pieces[k - 1] if k else None
            if last is not None and last.kind == "said" and last.note == unit.note and \
                    ((last.end <= unit.start and not transcript[last.end:unit.start].strip())
                     or (unit.note and last.start == unit.start)):
                spaces = "".join(p.text for p in pieces[k:])
                pieces[k - 1:] = [Piece("said", last.text + spaces + char, last.start, unit.end, unit.note)]
            else:
                pieces.append(Piece("said", char, unit.start, unit.end, unit.note))
    return _place_unsaid(pieces)


def _place_unsaid(pieces: list[Piece]) -> list[Piece]:
    """Punctuation and insertions sit before the next said piece (or after the last one)."""
    placed, at = [], None
    following = [None] * len(pieces)
    for index in range(len(pieces) - 1, -1, -1):
        following[index] = at
        if pieces[index].kind == "said":
            at = pieces[index].start
    last_end = 0
    for index, piece in enumerate(pieces):
        if piece.kind == "said":
            placed.append(piece)
            last_end = piece.end
        else:
            point = following[index] if following[index] is not None else last_end
            placed.append(Piece(piece.kind, piece.text, point, point))
    return placed


def align(transcript: str, written: list[WrittenParagraph], corrections, paragraph_starts, path: str,
          language: str, correction_quotes: dict[str, tuple[str, str, str]], problems: Problems) -> Reading | None:
    """The reading paragraphs tied to the verbatim, or None after reporting every edit that is not
    allowed. corrections: (start, end, replacement, note id) of the corrections that change words;
    paragraph_starts: verbatim offsets where talk.yml starts a paragraph (a reading paragraph must
    start there too); correction_quotes: note id -> (quote, note path, replacement) for messages."""
    known = len(problems.items)
    units = _units(transcript, corrections)
    said = _reading_units(written, language)
    aligner = _Aligner(units, said, transcript, path, language, correction_quotes, problems)
    aligner.run()
    if len(problems.items) != known:
        return None
    punctuation = PUNCTUATION.get(language, set(",.;:?!\"()"))
    by_paragraph: list[list[_Said]] = [[] for _ in written]
    for s in said:
        by_paragraph[s.paragraph].append(s)
    per_paragraph = [_pieces(p, by_paragraph[n], units, punctuation, transcript) for n, p in enumerate(written)]
    paragraphs = _tile(transcript, written, per_paragraph, paragraph_starts, path, problems)
    if paragraphs is None:
        return None
    drops = _merge_drops([(units[a].start, units[b - 1].end, why) for a, b, why in aligner.drops if a < b])
    return Reading(path=path, paragraphs=tuple(paragraphs), drops=tuple(drops))


def _merge_drops(drops: list[tuple[int, int, str]]) -> list[Drop]:
    merged: list[Drop] = []
    for start, end, why in sorted(drops):
        if merged and merged[-1].why == why and merged[-1].end >= start:
            merged[-1] = Drop(merged[-1].start, max(end, merged[-1].end), why)
        else:
            merged.append(Drop(start, end, why))
    return merged


def _tile(transcript: str, written, per_paragraph, paragraph_starts, path: str,
          problems: Problems) -> list[ReadingParagraph] | None:
    """Verbatim ranges for the reading paragraphs, tiling the transcript: each boundary falls
    between the last words of one and the first of the next, on talk.yml's paragraph start when
    one lies there. A talk.yml paragraph start inside a reading paragraph is a problem."""
    spans = []
    for pieces in per_paragraph:
        said = [p for p in pieces if p.kind == "said"]
        spans.append((said[0].start, said[-1].end) if said else None)
    starts = sorted(set(paragraph_starts))
    bounds = [0]
    for index in range(1, len(written)):
        before = next((s[1] for s in reversed(spans[:index]) if s), 0)
        after = next((s[0] for s in spans[index:] if s), len(transcript))
        inside = [s for s in starts if before <= s <= after]
        bounds.append(inside[0] if inside else after)
    bounds.append(len(transcript))
    ok = True
    for index, (span, paragraph) in enumerate(zip(spans, written)):
        if span is None:
            problems.add(path, paragraph.line, "this paragraph has none of the speaker's words (only punctuation, "
                         "insertions or false starts); join it to the paragraph before or after")
            ok = False
            continue
        for start in starts:
            if span[0] < start < span[1]:
                problems.add(path, paragraph.line, f"this paragraph runs across a paragraph start of talk.yml at "
                             f"{show(transcript, start, min(len(transcript), start + 8))}; start a new reading "
                             f"paragraph at those words")
                ok = False
    if not ok:
        return None
    return [ReadingParagraph(bounds[n], bounds[n + 1], tuple(pieces), written[n].line)
            for n, pieces in enumerate(per_paragraph)]
