"""Align a talk's reading text to its verbatim and accept only what CONTRIBUTING §12 allows: the
reading's tokens (tokens.py), read in order, must be derivable from the verbatim's (certain and
probable corrections applied) by keeping each verbatim token or dropping it as

- a filler: a word of fillers.yml standing as a word of its own (fillers.py);
- a repeat: the dropped words, fillers aside, are copies of the words the reading keeps right
  after them ("我我", "其实其实其实", "我们能我们能感知", "这这这套");
- a false start: written inside {--…--} (reading_rules.py checks the marks themselves);

with punctuation and spaces between tokens added or removed, insertions in 〔…〕, paragraph
breaks anywhere (and at every paragraph of talk.yml), and a word's letter case changed only to a
spelling the glossary or talk.yml `names:` declares. derive.py decides it in linear time.

Anything else is a problem at its line in reading.md. Reading records every edit, so that verify
and the change view can show it (model.py says how)."""
from __future__ import annotations

from dataclasses import dataclass

from talkbook.problems import Problems

from .anchor import show
from .derive import MAX_STATES, Derivation, derive
from .fillers import filler_flags, fillers
from .model import Drop, Piece, Reading, ReadingParagraph
from .reading_text import MAX_MARKED, WrittenParagraph
from .tokens import has_letter, tokens

SENTENCE_ENDS = set(".?!。？！")
PUNCTUATION = {
    "zh": set("，。、；：？！…—“”‘’（）《》「」『』～"),
}
OTHER_PUNCTUATION = set(",.;:?!\"()—–-…‘’“”")
WINDOW = 80  # verbatim tokens searched for the reading's next words after a mismatch (messages only)
MAX_PROBLEMS = 50  # per reading: after this many, the rest would only repeat the first ones
ALLOWED = ("allowed (CONTRIBUTING §12): punctuation, fillers ({fillers}) as words of their own, repeats dropped "
           "before a kept copy, false starts marked {{--…--}}, corrections from the talk's correction notes, the "
           "letter case of declared names, insertions in 〔…〕 and paragraph breaks")


def punctuation(language: str) -> set[str]:
    return PUNCTUATION.get(language, OTHER_PUNCTUATION)


@dataclass(frozen=True)
class _Unit:
    """One verbatim token, corrections applied."""

    text: str
    start: int  # verbatim range it stands for: a corrected word's whole quote
    end: int
    note: str


@dataclass
class _Said:
    """One token of the reading that must be the speaker's: kept, or inside {--…--}."""

    text: str
    line: int
    marked: bool
    paragraph: int
    at: int = -1  # index of the verbatim unit it stands for
    opens_sentence: bool = False  # the first kept word of its paragraph, or after . ? ! 。？！


def _units(transcript: str, corrections) -> list[_Unit]:
    """corrections: (start, end, replacement, note id), applied and not overlapping."""
    units, at = [], 0
    for start, end, replacement, note in sorted(corrections) + [(len(transcript), len(transcript), "", "")]:
        units.extend(_Unit(t.text, at + t.start, at + t.end, "") for t in tokens(transcript[at:start]))
        units.extend(_Unit(t.text, start, end, note) for t in tokens(replacement))
        at = end
    return units


def _reading_items(paragraphs: list[WrittenParagraph], language: str) -> list[list[tuple]]:
    """Per paragraph, in order: ("said", _Said) | ("punct", text) | ("insert", text)."""
    marks_of = punctuation(language)
    out = []
    for index, paragraph in enumerate(paragraphs):
        items: list[tuple] = []
        opening = True
        for mark in paragraph.marks:
            if mark.kind == "insert":
                items.append(("insert", mark.text))
                continue
            at = 0
            for token in tokens(mark.text):
                if mark.kind == "text" and token.start > at:
                    items.append(("punct", mark.text[at:token.start]))
                at = token.end
                if mark.kind == "text" and token.text in marks_of:
                    items.append(("punct", token.text))
                    opening = opening or token.text in SENTENCE_ENDS
                elif mark.kind == "drop":
                    items.append(("said", _Said(token.text, mark.line, True, index)))
                else:
                    items.append(("said", _Said(token.text, mark.line, False, index, opens_sentence=opening)))
                    opening = False
            if mark.kind == "text" and at < len(mark.text):
                items.append(("punct", mark.text[at:]))
        out.append(items)
    return out


def capitalised(word: str, verbatim: str) -> bool:
    """word is verbatim with its first letter made a capital, nothing else changed (rule 7)."""
    return verbatim[:1].islower() and word == verbatim[:1].upper() + verbatim[1:]


def declared_case(said: list[_Said], names: tuple[str, ...]) -> list[bool]:
    """For each reading token: whether it lies inside a run of reading tokens that is, exactly, a
    declared spelling (a glossary name, English name or alias, or a talk.yml name) — the only
    places where a word's letter case may differ from the verbatim's (rule 7)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        parts = tuple(t.text for t in tokens(name))
        if parts and any(has_letter(p) for p in parts):
            by_first.setdefault(parts[0], []).append(parts)
    ok = [False] * len(said)
    texts = [s.text for s in said]
    for i, text in enumerate(texts):
        for parts in by_first.get(text, ()):
            if tuple(texts[i:i + len(parts)]) == parts:
                for k in range(i, i + len(parts)):
                    ok[k] = True
    return ok


class _Aligner:
    def __init__(self, transcript: str, units: list[_Unit], said: list[_Said], path: str, language: str,
                 names: tuple[str, ...], correction_quotes: dict[str, tuple[str, str, str]], problems: Problems):
        self.transcript, self.units, self.said, self.path = transcript, units, said, path
        self.problems, self.correction_quotes = problems, correction_quotes
        self.verbatim = [u.text for u in units]
        plain = [k for k, u in enumerate(units) if not u.note]
        flags = filler_flags(transcript, [(units[k].start, units[k].end) for k in plain], language)
        self.filler = [False] * len(units)
        marks_of = punctuation(language)
        for k, flag in zip(plain, flags):
            # The verbatim's own punctuation (some recognizers write it) is the reading's to redo.
            self.filler[k] = flag or units[k].text in marks_of
        self.listed = fillers(language)
        self.reading = [s.text for s in said]
        self.marked = [s.marked for s in said]
        self.case_ok = declared_case(said, names)
        self.lower_r = [t.lower() for t in self.reading]
        self.lower_v = [t.lower() for t in self.verbatim]
        self.allowed = ALLOWED.format(fillers=" ".join(self.listed) or "none for this language")
        self.how: list[tuple] = [()] * len(units)
        self.reported = 0

    def same(self, i: int, j: int) -> bool:
        if self.reading[i] == self.verbatim[j]:
            return True
        if self.units[j].note:
            return False
        return (self.case_ok[i] and self.lower_r[i] == self.lower_v[j]) or \
            (self.said[i].opens_sentence and capitalised(self.reading[i], self.verbatim[j]))

    def run(self) -> bool:
        i = j = 0
        ok = True
        while True:
            found = derive(self.verbatim, self.filler, self.reading, self.marked, self.same, start=(i, j))
            if isinstance(found, Derivation):
                for offset, how in enumerate(found.how):
                    self.how[j + offset] = how
                break
            ok = False
            self.reported += 1
            if self.reported > MAX_PROBLEMS:
                break
            resumed = self._report(found.i, self._likeliest(found.i, found.js), found.crowded)
            if resumed is None:
                break
            i, j = resumed
        if ok:
            for j, how in enumerate(self.how):
                if how[0] in ("keep", "marked"):
                    self.said[how[1]].at = j
        return ok

    # -- messages -------------------------------------------------------------------------------------

    def _shown(self, a: int, b: int) -> str:
        units = self.units
        if a >= len(units):
            return show(self.transcript, len(self.transcript), len(self.transcript))
        if a >= b:
            return show(self.transcript, units[a].start, units[a].start)
        return show(self.transcript, units[a].start, units[b - 1].end)

    def _text(self, a: int, b: int) -> str:
        out = ""
        for unit in self.units[a:b]:
            if out and out[-1].isalnum() and unit.text[:1].isalnum() and (out[-1].isascii() or unit.text[0].isascii()):
                out += " "
            out += unit.text
        return out

    def _said_text(self, a: int, b: int) -> str:
        return self._join([s.text for s in self.said[a:b]])

    @staticmethod
    def _join(parts: list[str]) -> str:
        out = ""
        for part in parts:
            if out and out[-1].isascii() and out[-1].isalnum() and part[:1].isascii() and part[:1].isalnum():
                out += " "
            out += part
        return out

    def _likeliest(self, i: int, js: tuple[int, ...]) -> int:
        """Of the verbatim points the reading's first i tokens reach, the one after which its next
        words resume soonest (the cheapest explanation of what went wrong)."""
        costs = []
        for j in js:
            found = self._anchor(i, j)
            costs.append((found[2] if found else WINDOW * 2, j))
        return min(costs)[1]

    def _anchor(self, i: int, j: int) -> tuple[int, int, int] | None:
        """(reading tokens skipped, verbatim index, cost) where the reading's words resume: its next
        three tokens (fewer at its end) in a row, fillers between them aside. Fewest tokens skipped
        on both sides wins."""
        best = None
        for skip in range(0, 9):
            a = i + skip
            if a >= len(self.said):
                break
            want = [s.text for s in self.said[a:a + 3] if s.line == self.said[a].line]
            for k in range(j, min(len(self.units), j + WINDOW)):
                if self._resumes(want, k):
                    if best is None or skip + k - j < best[0]:
                        best = (skip + k - j, skip, k)
                    break
        return None if best is None else (best[1], best[2], best[0])

    def _resumes(self, want: list[str], k: int) -> bool:
        for word in want:
            while k < len(self.units) and self.filler[k] and self.verbatim[k] != word:
                k += 1
            if k >= len(self.units) or self.lower_v[k] != word.lower():
                return False
            k += 1
        return True

    def _report(self, i: int, j: int, crowded: bool) -> tuple[int, int] | None:
        """Say what is wrong where the derivation stopped; where to resume, or None."""
        said, n = self.said, len(self.units)
        if crowded:
            line = said[min(i, len(said) - 1)].line if said else 1
            self.problems.add(self.path, line, f"the verbatim around {self._shown(j, min(n, j + 4))} repeats so "
                              f"much that more than {MAX_STATES} alignments of the reading were open at once; "
                              f"mark what the reading leaves out there as false starts {{--…--}}")
            return None
        if i >= len(said):
            line = said[-1].line if said else 1
            self.problems.add(self.path, line, f"the reading text ends before the verbatim does: "
                              f"{self._shown(j, min(n, j + 20))} and what follows is missing, or is not a filler or "
                              f"a repeat of kept words; {self.allowed}")
            return None
        if j >= n:
            self.problems.add(self.path, said[i].line, f"“{self._said_text(i, len(said))}” is not in the verbatim: "
                              f"the verbatim has ended; {self.allowed}")
            return None
        while j < n - 1 and self.filler[j] and self.lower_v[j] != self.lower_r[i]:
            j += 1  # fillers before a word whose letter case changed
        if self.lower_r[i] == self.lower_v[j] and self.reading[i] != self.verbatim[j] \
                and not self.units[j].note:
            self.problems.add(self.path, said[i].line, f"“{self.reading[i]}” changes the letter case of the "
                              f"verbatim's “{self.verbatim[j]}” ({self._shown(j, j + 1)}), a spelling neither the "
                              f"glossary (a name, en or alias) nor talk.yml's names: declares; rule 7 of "
                              f"CONTRIBUTING §12: write “{self.verbatim[j]}”, or declare the name")
            return i + 1, j + 1
        resumed = self._word_edges(i, j)
        if resumed is not None:
            return resumed
        found = self._anchor(i, j)
        if found is None:
            self.problems.add(self.path, said[i].line, f"“{self._said_text(i, min(len(said), i + 8))}” is not in "
                              f"the verbatim at {self._shown(j, j)}{self._hint(j, j + 1)}; {self.allowed}")
            return None
        skip, k, _ = found
        if not skip and k == j:  # resumes where it stopped: the word itself is what differs
            skip = 1
        if skip and k > j:
            self.problems.add(self.path, said[i].line, f"“{self._said_text(i, i + skip)}” stands where the "
                              f"verbatim has “{self._text(j, k)}” ({self._shown(j, k)}){self._hint(j, k)}; "
                              f"{self.allowed}")
        elif skip:
            self.problems.add(self.path, said[i].line, f"“{self._said_text(i, i + skip)}” is not in the verbatim "
                              f"at {self._shown(j, j)}{self._hint(j, j + 1)}; {self.allowed}")
        else:
            self.problems.add(self.path, said[i].line, self._dropped(j, k))
        return i + skip, k

    def _word_edges(self, i: int, j: int) -> tuple[int, int] | None:
        """Words of a space-separated script split, joined or changed inside ("nowhere" written
        "now here", "together" "to get her", "reread" "read"): said as such; where to resume."""
        reading, verbatim, said = self.reading, self.verbatim, self.said
        if not (has_letter(reading[i]) and has_letter(verbatim[j])):
            return None
        for short, long_, split in ((reading, verbatim, True), (verbatim, reading, False)):
            a, b = (i, j) if split else (j, i)
            joined, t = short[a], 1
            while len(joined) < len(long_[b]) and a + t < len(short) and has_letter(short[a + t]):
                joined, t = joined + short[a + t], t + 1
            if t > 1 and joined.lower() == long_[b].lower():
                parts = " ".join(short[a:a + t])
                if split:
                    self.problems.add(self.path, said[i].line, f"“{parts}” splits the verbatim's word “{verbatim[j]}” "
                                      f"({self._shown(j, j + 1)}); rule 2 of CONTRIBUTING §12: spaces are added or "
                                      f"removed only between words, never inside one: write “{verbatim[j]}”")
                    return i + t, j + 1
                self.problems.add(self.path, said[i].line, f"“{reading[i]}” joins the verbatim's words “{parts}” "
                                  f"({self._shown(j, j + t)}); rule 2 of CONTRIBUTING §12: spaces between words are "
                                  f"kept: write “{parts}”")
                return i + 1, j + t
        if reading[i + 1:i + 2] == verbatim[j + 1:j + 2]:
            self.problems.add(self.path, said[i].line, f"“{reading[i]}” stands where the verbatim has the word "
                              f"“{verbatim[j]}” ({self._shown(j, j + 1)}){self._hint(j, j + 1)}; a word is kept whole "
                              f"or dropped whole: write “{verbatim[j]}”; {self.allowed}")
            return i + 1, j + 1
        return None

    def _dropped(self, j: int, k: int) -> str:
        missing = self._text(j, k)
        why = self._why_not(j, k)
        size = sum(1 for c in missing if not c.isspace())
        marked = f"; if it is a false start, mark it {{--{missing}--}}" if size <= MAX_MARKED else ""
        return (f"the verbatim's “{missing}” ({self._shown(j, k)}) is left out, but {why}{marked}; "
                f"{self.allowed}")

    def _why_not(self, j: int, k: int) -> str:
        words = [u for u in self.verbatim[j:k]]
        inside = [u for t, u in enumerate(words) if u in self.listed and not self.filler[j + t]]
        if inside:
            return (f"“{inside[0]}” there is part of a word, not a filler (rule 3 of CONTRIBUTING §12: a filler is "
                    f"dropped only as a word of its own)")
        core = [u for t, u in enumerate(words) if not self.filler[j + t]]
        for p in range(1, len(core)):
            if len(core) % p == 0 and core == core[:p] * (len(core) // p):
                return (f"it repeats “{self._join(core[:p])}” with no copy of it kept right after (rule 4 of "
                        f"CONTRIBUTING §12: a repeat is dropped only before an identical copy the reading keeps)")
        return ("it is neither a filler nor a repeat of the words the reading keeps right after it (rules 3 and 4 of "
                "CONTRIBUTING §12)")

    def _hint(self, a: int, b: int) -> str:
        """When verbatim units [a, b) hold a correction's words, say which note and what to write."""
        for unit in self.units[a:b]:
            if unit.note and unit.note in self.correction_quotes:
                quote, note_path, replacement = self.correction_quotes[unit.note]
                return (f" (the correction in {note_path} replaces “{quote}” with “{replacement}” there, and the "
                        f"reading text applies it: write “{replacement}”)")
        return ""


def _pieces(items: list[tuple], units: list[_Unit], transcript: str) -> list[Piece]:
    """A paragraph's runs as shown, each said run tied to the verbatim range it stands for."""
    pieces: list[Piece] = []
    for kind, value in items:
        if kind == "insert":
            pieces.append(Piece("insert", value, -1, -1))
            continue
        if kind == "punct":
            pieces.append(Piece("punct", value, -1, -1))
            continue
        if value.marked:
            continue
        unit = units[value.at]
        was = unit.text if value.text != unit.text else ""
        # Spaces between two tokens of one run stay inside it ("take a grain", "DALL·E 2").
        k = len(pieces)
        while k and pieces[k - 1].kind == "punct" and pieces[k - 1].text.isspace():
            k -= 1
        last = pieces[k - 1] if k else None
        if was and last is not None and last.kind == "said" and last.was and last.end <= unit.start and \
                not transcript[last.end:unit.start].strip():
            # Case changes side by side are one piece (Stability AI), so that a term link can hold it.
            spaces = "".join(p.text for p in pieces[k:])
            pieces[k - 1:] = [Piece("said", last.text + spaces + value.text, last.start, unit.end,
                                    was=transcript[last.start:unit.end])]
        elif not was and last is not None and last.kind == "said" and not last.was and last.note == unit.note and \
                ((last.end <= unit.start and not transcript[last.end:unit.start].strip())
                 or (unit.note and last.start == unit.start)):
            spaces = "".join(p.text for p in pieces[k:])
            pieces[k - 1:] = [Piece("said", last.text + spaces + value.text, last.start, unit.end, unit.note)]
        else:
            pieces.append(Piece("said", value.text, unit.start, unit.end, unit.note, was=was))
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
          language: str, correction_quotes: dict[str, tuple[str, str, str]], problems: Problems,
          names: tuple[str, ...] = ()) -> Reading | None:
    """The reading paragraphs tied to the verbatim, or None after reporting every edit that is not
    allowed. corrections: (start, end, replacement, note id) of the corrections that change words;
    paragraph_starts: verbatim offsets where talk.yml starts a paragraph (a reading paragraph must
    start there too); correction_quotes: note id -> (quote, note path, replacement) for messages;
    names: the declared spellings whose letter case the reading may use (rule 7)."""
    units = _units(transcript, corrections)
    items = _reading_items(written, language)
    said = [value for paragraph in items for kind, value in paragraph if kind == "said"]
    aligner = _Aligner(transcript, units, said, path, language, names, correction_quotes, problems)
    if not aligner.run():
        return None
    per_paragraph = [_pieces(paragraph, units, transcript) for paragraph in items]
    paragraphs = _tile(transcript, written, per_paragraph, paragraph_starts, path, problems)
    if paragraphs is None:
        return None
    marks_of = punctuation(language)
    drops = _merge_drops([(units[j].start, units[j].end,
                           "punct" if how[0] == "filler" and units[j].text in marks_of else how[0])
                          for j, how in enumerate(aligner.how) if how[0] in ("filler", "repeat", "marked")])
    return Reading(path=path, paragraphs=tuple(paragraphs), drops=tuple(drops),
                   line_ends=_line_ends(written, said, units))


def _line_ends(written: list[WrittenParagraph], said: list[_Said], units: list[_Unit]) -> tuple[tuple[int, int], ...]:
    ends: dict[int, int] = {}
    for value in said:
        ends[value.line] = max(ends.get(value.line, 0), units[value.at].end)
    lines = sorted({mark.line for paragraph in written for mark in paragraph.marks} | set(ends))
    out, last = [], 0
    for line in lines:
        last = max(last, ends.get(line, last))
        out.append((line, last))
    return tuple(out)


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
    return [ReadingParagraph(bounds[n], bounds[n + 1], tuple(pieces), written[n].line,
                             _unit_starts(written[n], pieces))
            for n, pieces in enumerate(per_paragraph)]


def _unit_starts(paragraph, pieces: list[Piece]) -> tuple[int, ...] | None:
    """Where each line of a written paragraph after its first starts in the text its pieces show, or
    None if the lines' words, read in order, are not that text (the pieces are the proven reading)."""
    shown, starts, line = [], [], paragraph.line
    for mark in paragraph.marks:
        if mark.line != line:
            starts.append(sum(map(len, shown)))
            line = mark.line
        if mark.kind == "text":
            shown.append(mark.text)
        elif mark.kind == "insert":
            shown.append(f"〔{mark.text}〕")
    text = "".join(p.text if p.kind != "insert" else f"〔{p.text}〕" for p in pieces)
    return tuple(starts) if "".join(shown) == text else None
