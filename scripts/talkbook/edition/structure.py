"""Structure: anchor every quote and lay the transcript out as sections, paragraphs, notes and term
mentions, building the frozen model. Layout rules (order, overlap, boundaries) are checked here,
where the offsets are known."""
from __future__ import annotations

import bisect
import datetime

from talkbook.problems import Problems
from talkbook.sources.load import MarkdownRecord
from talkbook.sources.schema import TALK_SCHEMA
from talkbook.sources.validate import ValidSources, ValidTalk

from .anchor import SPACED, Quote, quote_from, resolve, show
from .model import Edition, Mention, Note, Paragraph, Reading, Section, Source, Speaker, Talk, Term
from .reading_align import align
from .reading_rules import check_characters, check_marks
from .reading_text import parse
from .time_limit import TooSlow, time_limit
from .translation import translations
from .terms import INFLECTING, TermMatcher


def _sources(items) -> tuple[Source, ...]:
    return tuple(Source(str(s["title"]), str(s["author"]), int(s["year"]), str(s["url"])) for s in items or ())


def make_term(record: MarkdownRecord) -> Term:
    data = record.data
    return Term(id=record.id, name=data["term"], en=data.get("en", ""), aliases=tuple(data.get("aliases", ())),
                short=data["short"], body=record.body.strip(), related=tuple(data.get("related", ())),
                sources=_sources(data.get("sources")), path=record.path, short_en=data.get("short_en", ""),
                body_line=record.body_line, hant=data.get("hant", ""))


def _date(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _anchor_starts(text: str, items, key: str, path: str, what: str,
                   problems: Problems, spaced: bool = False) -> list[tuple[int, object, int]]:
    """Resolve the start quote of each item; check they come in transcript order. Returns
    (start, item, line) for each item that anchors."""
    placed = []
    for index, item in enumerate(items):
        value = item[key] if key else item
        line = item.line_of(key) if key else items.line_of(index)
        found = resolve(text, quote_from(value, path, line), problems, spaced=spaced)
        if found is None:
            continue
        start = found[0][0]
        if placed and start <= placed[-1][0]:
            problems.add(path, line, f"{what} {index + 1} starts at {show(text, start, found[0][1])}, which is not after "
                         f"the previous {what}; list {what}s in transcript order")
            continue
        placed.append((start, item, line))
    return placed


def _layout(vt: ValidTalk, problems: Problems):
    """Sections and their paragraphs (without notes): returns (sections, paragraph_starts)."""
    raw, text, data = vt.raw, vt.transcript, vt.raw.data
    path = raw.path
    spaced = data["language"] in SPACED
    sections = _anchor_starts(text, data["sections"], "start", path, "section", problems, spaced)
    if sections and sections[0][0] != 0:
        problems.add(path, sections[0][1].line_of("start"),
                     "the first section must start at the first character of the transcript: "
                     f"quote its opening words, “{text[:12]}”")
    turns = _anchor_starts(text, data.get("turns") or [], "start", path, "turn", problems, spaced)
    breaks = _anchor_starts(text, data.get("breaks") or [], "", path, "break", problems, spaced)
    structural = {start: "section" for start, _, _ in sections}
    for start, _, _ in turns:
        structural.setdefault(start, "turn")
    for start, _, line in breaks:
        if start in structural:
            problems.add(path, line, f"this break is where a {structural[start]} already starts; remove it")
    labels = {s["id"]: s for s in data.get("speakers") or []}
    turn_at = {start: turn for start, turn, _ in turns}
    starts = sorted(set(structural) | {start for start, _, _ in breaks})
    built = []
    for number, (start, item, _) in enumerate(sections, start=1):
        end = sections[number][0] if number < len(sections) else len(text)
        paragraphs = []
        for p_start in [s for s in starts if start <= s < end]:
            p_end = next((s for s in starts if s > p_start), len(text))
            turn = turn_at.get(p_start)
            speaker = labels[turn["speaker"]]["label"] if turn is not None else ""
            paragraphs.append(Paragraph(id=f"p{p_start}", number=len(paragraphs) + 1, start=p_start,
                                        end=min(p_end, end), speaker=speaker,
                                        speaker_certainty=turn.get("certainty", "certain") if turn else ""))
        built.append(Section(id=item["id"], number=number, title=item["title"],
                             summary=str(item.get("summary", "")).strip(), start=start, end=end,
                             paragraphs=tuple(paragraphs)))
    return built, starts


def _notes(vt: ValidTalk, sections: list[Section], paragraph_starts: list[int], problems: Problems) -> list[Note]:
    text = vt.transcript
    notes = []
    for record in vt.notes:
        data = record.data
        quote = Quote(data["quote"], data.get("prefix", "") or "", data.get("suffix", "") or "",
                      record.path, data.line_of("quote"))
        ranges = resolve(text, quote, problems, expected=data.get("occurrences", 1),
                         spaced=vt.raw.data["language"] in SPACED)
        if ranges is None:
            continue
        if not _each_listed(text, data, ranges, record.path, problems):
            continue
        notes.append(Note(id=record.id, kind=data["kind"], title=str(data.get("title", "")),
                          body=record.body.strip(), ranges=tuple(ranges), replace=str(data.get("replace", "")),
                          confidence=str(data.get("confidence", "")), terms=tuple(data.get("terms", ())),
                          see_also=tuple(data.get("see_also", ())), sources=_sources(data.get("sources")),
                          path=record.path, line=quote.line, body_line=record.body_line,
                          gloss=str(data.get("gloss", "") or "").strip(),
                          emendation=data.get("emendation") is True))
    section_starts = [s.start for s in sections]
    for note in notes:
        for start, end in note.ranges:
            where = bisect.bisect_right(section_starts, start)
            if where < len(section_starts) and section_starts[where] < end:
                problems.add(note.path, note.line, f"the quote {show(text, start, end)} spans two sections; "
                             f"quote words within one section")
            if note.replaces_text and any(start < p < end for p in paragraph_starts):
                problems.add(note.path, note.line, f"the correction {show(text, start, end)} spans a paragraph "
                             f"break; correct each side separately")
    fixes = sorted(((s, e, n) for n in notes if n.replaces_text for s, e in n.ranges), key=lambda f: (f[0], f[2].id))
    for (s1, e1, n1), (s2, e2, n2) in zip(fixes, fixes[1:]):
        if s2 < e1:
            problems.add(n2.path, n2.line, f"this correction overlaps the correction in {n1.path}:{n1.line} at "
                         f"{show(text, s2, min(e1, e2))}; corrections must not overlap: merge them or shorten one")
    for note in (n for n in notes if not n.replaces_text):
        for start, end in note.ranges:
            for fs, fe, fix in fixes:
                if fs < start < fe or fs < end < fe:
                    problems.add(note.path, note.line,
                                 f"the quote cuts through the correction in {fix.path}:{fix.line} "
                                 f"({show(text, fs, fe)}); include all of “{text[fs:fe]}” in the quote or none of it")
    return sorted(notes, key=lambda n: (n.ranges[0][0], n.ranges[0][1], n.id))


def _each_listed(text: str, data, ranges, path: str, problems: Problems) -> bool:
    """A correction's `each:` (CONTRIBUTING §5): the k-th excerpt surrounds its k-th occurrence."""
    each = data.get("each")
    if not isinstance(each, list):
        return True
    ok = True
    for index, ((start, end), excerpt) in enumerate(zip(ranges, each)):
        places = [s for s in range(max(0, end - len(excerpt)), start + 1) if text.startswith(excerpt, s)]
        if not places:
            problems.add(path, data.line_of("each"), f"each: excerpt {index + 1} “{excerpt}” does not surround "
                         f"occurrence {index + 1} of the quote, {show(text, start, end)}; copy the transcript's "
                         f"words around it, the quote included")
            ok = False
    return ok


def reading_pieces(text: str, notes) -> list[tuple[int, int, str | None]]:
    """The transcript cut into (start, end, replacement) pieces; replacement is None for plain text."""
    pieces, at = [], 0
    for start, end, note in sorted((s, e, n) for n in notes if n.replaces_text for s, e in n.ranges):
        if start > at:
            pieces.append((at, start, None))
        pieces.append((start, end, note.replace))
        at = end
    if at < len(text):
        pieces.append((at, len(text), None))
    return pieces


def reading_text(text: str, paragraph: Paragraph, notes) -> str:
    """A paragraph's words as read: the transcript with its corrections applied (no markup).
    Corrections never cross a paragraph break, so clipping the plain pieces is enough."""
    a, b = paragraph.start, paragraph.end
    return "".join(text[max(s, a):min(e, b)] if replacement is None else replacement
                   for s, e, replacement in reading_pieces(text, notes) if s < b and e > a)


_WORD_CHAR = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _keep_word_edges(text: str, pieces: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str | None]]:
    """Where a correction's replacement would glue two Latin words that the transcript keeps apart
    (mid journey|大意 read as Midjourney|DALL·E), put an empty separator piece between them, so
    the matcher still sees the word edge the transcript has. It matches nothing and maps back to
    the junction's own offset."""
    out = []
    for piece in pieces:
        if out:
            before, (start, _, replacement) = out[-1], piece
            left = text[before[0]:before[1]] if before[2] is None else before[2]
            right = text[start:piece[1]] if replacement is None else replacement
            glued = left[-1:] in _WORD_CHAR and right[:1] in _WORD_CHAR
            apart = not (text[before[1] - 1:before[1]] in _WORD_CHAR and text[start:start + 1] in _WORD_CHAR)
            if glued and apart and (before[2] is not None or replacement is not None):
                out.append((start, start, "\x00"))
        out.append(piece)
    return out


def _mentions(text: str, notes, sections: list[Section], matcher: TermMatcher, policy: str) -> list[Mention]:
    """Match terms in the reading text (corrections applied), then map back to transcript offsets.
    A match whose edge falls strictly inside a correction's replacement is dropped."""
    reading, starts, pieces = [], [], _keep_word_edges(text, reading_pieces(text, notes))
    position = 0
    for start, end, replacement in pieces:
        starts.append(position)
        shown = text[start:end] if replacement is None else replacement
        reading.append(shown)
        position += len(shown)
    whole = "".join(reading)

    def to_transcript(offset: int, is_end: bool) -> int | None:
        index = bisect.bisect_right(starts, offset) - 1
        if is_end and index > 0 and starts[index] == offset:
            index -= 1  # an end offset belongs to the piece before the boundary
        start, end, replacement = pieces[index]
        local = offset - starts[index]
        if replacement is None:
            return start + local
        if local == 0:
            return start
        return end if local == len(replacement) else None

    section_starts = [s.start for s in sections]
    mentions, linked = [], set()
    for r_start, r_end, term_id in matcher.find(whole):
        start, end = to_transcript(r_start, False), to_transcript(r_end, True)
        if start is None or end is None:
            continue
        section = bisect.bisect_right(section_starts, start) - 1
        if section + 1 < len(section_starts) and end > section_starts[section + 1]:
            continue
        first = (section, term_id) not in linked
        linked.add((section, term_id))
        mentions.append(Mention(term_id, start, end, linked=first or policy == "every"))
    return mentions


# The reading check takes about 9 CPU seconds per MB of transcript (python -m talkbook bench-reading);
# a budget of several times that, wall clock, turns a pathological input into an error, never a hang.
ALIGN_SECONDS_BASE = 30
ALIGN_SECONDS_PER_MB = 45


def case_names(terms, talk_data: dict) -> tuple[str, ...]:
    """The spellings whose letter case a reading text may take (CONTRIBUTING §12, rule 7): every
    glossary name and alias, and the talk's own `names:` in talk.yml."""
    return tuple(name for term in terms for name in term.names) + tuple(str(n) for n in talk_data.get("names") or ())


def _reading(vt: ValidTalk, notes: list[Note], paragraph_starts: list[int], names: tuple[str, ...],
             problems: Problems) -> Reading | None:
    """The talk's reading text aligned to its verbatim, when it has one (reading.md is optional)."""
    record = vt.raw.reading
    if record is None or not vt.corrections_ok:
        return None
    language = vt.raw.data["language"]
    known = len(problems.items)
    if not check_characters(record.text, record.path, problems):
        return None
    written = parse(record.text, record.path, language, problems)
    if len(problems.items) != known:
        return None  # a broken mark would make every word after it look changed
    if not check_marks(written, record.path, language, problems):
        return None
    corrections = [(s, e, n.replace, n.id) for n in notes if n.replaces_text for s, e in n.ranges]
    quotes = {n.id: (vt.transcript[n.ranges[0][0]:n.ranges[0][1]], n.path, n.replace) for n in notes if n.replaces_text}
    seconds = ALIGN_SECONDS_BASE + ALIGN_SECONDS_PER_MB * len(vt.transcript.encode("utf-8")) / 1_000_000
    with time_limit(seconds, record.path):
        return align(vt.transcript, written, corrections, paragraph_starts, record.path, language, quotes, problems,
                     names=names)


def build_talk(vt: ValidTalk, matcher: TermMatcher, problems: Problems, terms=()) -> Talk | None:
    if not vt.layout_ok:
        if vt.raw.data.get("language") in TALK_SCHEMA["language"].choices:  # quotes are read by it (reported if not)
            _notes(vt, [], [], problems)  # only to report the notes' own quote problems in this run
        return None
    known = len(problems.items)
    data = vt.raw.data
    sections, paragraph_starts = _layout(vt, problems)
    notes = _notes(vt, sections, paragraph_starts, problems)
    if len(problems.items) != known:
        return None
    try:
        reading = _reading(vt, notes, paragraph_starts, case_names(terms, vt.raw.data), problems)
    except TooSlow as slow:
        problems.add(slow.subject, 0, f"aligning the reading text with the verbatim {slow} (the limit for any "
                     f"reading within the size limits); report it as a bug with this file")
        return None
    translated = translations(vt, reading, notes, problems)
    if len(problems.items) != known:
        return None
    intro = vt.raw.intro
    return Talk(id=vt.raw.id, title=data["title"], subtitle=data.get("subtitle", ""), date=_date(data["date"]),
                date_note=str(data.get("date_note", "")).strip(), event=data["event"], language=data["language"],
                speakers=tuple(Speaker(s["id"], s["label"], s.get("description", ""))
                               for s in data.get("speakers") or []),
                transcript=vt.transcript, transcript_path=vt.raw.transcript_path, sections=tuple(sections),
                notes=tuple(notes),
                mentions=tuple(_mentions(vt.transcript, notes, sections, matcher,
                                         data.get("term_links", "first-per-section"))),
                intro_title=intro.data["title"] if intro else "", intro_body=intro.body.strip() if intro else "",
                tags=tuple(data.get("tags", ())), path=vt.raw.path, reading=reading, translations=translated)


def build_edition(valid: ValidSources, problems: Problems) -> Edition:
    terms = tuple(sorted((make_term(r) for r in valid.terms), key=lambda t: t.id))
    matchers: dict[bool, TermMatcher] = {}  # compiling one is not free: only those the talks need

    def matcher(vt: ValidTalk) -> TermMatcher:
        # .get: a talk.yml without its (required, reported) language still comes here, and is not built
        inflect = vt.raw.data.get("language") in INFLECTING
        if inflect not in matchers:
            matchers[inflect] = TermMatcher(terms, inflect=inflect)
        return matchers[inflect]

    talks = tuple(t for t in (build_talk(vt, matcher(vt), problems, terms) for vt in valid.talks) if t is not None)
    return Edition(talks=talks, terms=terms)
