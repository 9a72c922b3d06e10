"""A talk's translations (translations/<lang>/, CONTRIBUTING §13): the units of reading.md, and the
checks that need only the files. A folder translations/<lang>/ promises a complete translation:
every line of the talk's reading.md, every note, the talk's own words and its intro. What the
source language's words must keep (numbers, names) is checked in edition/translation_words.py,
which has the tokeniser."""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass

from talkbook.problems import Problems

from .load import MarkdownRecord, RawTalk, RawTranslation
from .markdown_budget import check_markdown
from .print_limits import MAX_GLOSS_CHARS
from .schema import INTRO_SCHEMA, Field, check_mapping
from .translation_align import align
from .yamlsource import YamlMap

# A BCP 47 tag as the site uses it: language, optional script, optional region (en, zh-Hant, pt-BR).
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?\Z")
HASH = re.compile(r"[0-9a-f]{8}\Z")
# <!-- 1f3a9b2c --> or <!-- 1f3a9b2c omits: "a", "b" — why -->
_COMMENT = re.compile(r"<!--(?P<inside>.*?)-->\Z")
_OMITS = re.compile(r'omits:\s*(?P<quoted>(?:"[^"\n]+"\s*,?\s*)+)(?:(?:—|--)\s*(?P<reason>.*\S))?\s*\Z')
_QUOTED = re.compile(r'"([^"\n]+)"')
# Languages written without spaces between words: a unit's lines join without one.
UNSPACED = ("zh", "ja")
# A gloss in a spaced script takes about twice the characters of a Chinese one in the same width.
MAX_GLOSS_CHARS_SPACED = 2 * MAX_GLOSS_CHARS

READING_FRONT_MATTER = {"language": Field("line", required=True)}
NOTE_SCHEMA = {"of": Field("line"), "title": Field("title", required=True),
               "gloss": Field("line", required=True)}
TALK_KEYS = {"title": "title", "subtitle": "line", "event": "line", "date_note": "text"}
SECTION_SCHEMA = {"title": Field("title", required=True), "summary": Field("text")}


def unit_hash(line: str) -> str:
    """What a translation unit records of its source line (TRANSLATION format, §1)."""
    return hashlib.sha256(line.strip().encode("utf-8")).hexdigest()[:8]


def source_lines(text: str) -> list[tuple[int, str]]:
    """The units of a talk's reading.md: its non-blank lines, (line number, stripped text)."""
    return [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]


@dataclass(frozen=True)
class Unit:
    """One block of a translation's reading.md."""

    hash: str
    line: int  # of its <!-- hash --> comment
    text: str  # its lines joined
    omits: tuple[str, ...] = ()  # the source's words it may leave out, each reviewed
    reason: str = ""


@dataclass(frozen=True)
class ValidTranslation:
    """A translation whose reading.md could be read: `units` pairs each source line number with its
    current unit (stale, missing and orphaned ones are reported); `complete` is True when nothing at
    all was wrong with its files, and only then is it published."""

    language: str
    folder: str
    reading_path: str
    units: tuple[tuple[int, Unit], ...]  # (line of the talk's reading.md, its translation), in order
    notes: tuple[MarkdownRecord, ...]
    talk: YamlMap
    talk_path: str
    intro: MarkdownRecord | None
    complete: bool


def join_lines(lines: list[str], language: str) -> str:
    if language.split("-")[0] not in UNSPACED:
        return " ".join(lines)
    joined = lines[0]
    for line in lines[1:]:  # as reading.md joins Chinese lines: two Latin words meeting stay two
        spaced = joined[-1:].isascii() and joined[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum()
        joined += (" " if spaced else "") + line
    return joined


def _comment(inside: str, path: str, line: int, problems: Problems) -> tuple[str, tuple[str, ...], str] | None:
    head, _, rest = inside.strip().partition(" ")
    if not HASH.match(head):
        problems.add(path, line, f"'{head}' is not a unit hash; a unit starts with <!-- xxxxxxxx -->, the first 8 hex "
                     f"digits (lowercase) of the sha256 of its source line (CONTRIBUTING §13)")
        return None
    rest = rest.strip()
    if not rest:
        return head, (), ""
    found = _OMITS.match(rest)
    if not found:
        problems.add(path, line, f"cannot read '{rest}' after the hash; the only thing a unit's comment may add is "
                     f"omits: \"word\", \"other words\" — the reason")
        return None
    if not found.group("reason"):
        problems.add(path, line, "an omission needs its reason after '—' (what the translation writes instead, and "
                     "why), so that a reviewer can judge it")
        return None
    return head, tuple(_QUOTED.findall(found.group("quoted"))), found.group("reason")


def parse_units(record: MarkdownRecord, language: str, problems: Problems) -> list[Unit] | None:
    """The units of a translation's reading.md, or None after reporting why they cannot be read."""
    known = len(problems.items)
    units: list[Unit] = []
    pending: tuple[str, tuple[str, ...], str, int] | None = None
    text: list[str] = []

    def close() -> None:
        nonlocal pending
        if pending is not None and pending[0] is not None:  # None: a comment already reported
            if not text:
                problems.add(record.path, pending[3], "this unit has no text; write the translation on the lines "
                             "after its comment, or remove the unit")
            else:
                units.append(Unit(pending[0], pending[3], join_lines(text, language), pending[1], pending[2]))
        pending = None
        text.clear()

    for offset, raw in enumerate(record.body.split("\n")):
        number, line = record.body_line + offset, raw.strip()
        if not line:
            close()
            continue
        comment = _COMMENT.match(line)
        if line.startswith("<!--"):
            close()
            if not comment:
                problems.add(record.path, number, "a unit's comment opens and closes on its own line: "
                             "<!-- xxxxxxxx -->")
                pending = (None, (), "", number)
                continue
            read = _comment(comment.group("inside"), record.path, number, problems)
            # a comment that cannot be read still owns the lines after it: they are not stray text
            pending = (*read, number) if read is not None else (None, (), "", number)
            continue
        if pending is None:
            if not text:  # report once per stray block
                problems.add(record.path, number, "text outside a unit; every unit starts with its source line's "
                             "hash, <!-- xxxxxxxx -->, on the line before its text")
            text.append(line)
            continue
        if "{--" in line or "--}" in line:
            problems.add(record.path, number, "a translation has no {--…--} marks: words the source drops are not "
                         "translated; remove the mark and its words")
        text.append(line)
    if pending is not None:
        close()
    if not units and len(problems.items) == known:
        problems.add(record.path, record.body_line, "the translation has no unit; write one block per line of the "
                     "talk's reading.md")
    return units if len(problems.items) == known else None


def _excerpt(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _check_units(talk: RawTalk, tr: RawTranslation, units: list[Unit], problems: Problems) -> tuple[tuple, bool]:
    source = source_lines(talk.reading.text)
    reading, path = talk.reading.path, tr.reading.path
    pairs = align([unit_hash(text) for _, text in source], [u.hash for u in units])
    where = {unit_hash(text): number for number, text in source}
    # a unit out of order: its line is reported missing where it is, the unit orphaned where it stands
    astray = {units[p.unit].hash: units[p.unit].line for p in pairs if p.status == "orphaned"}
    kept, ok = [], True
    for index, pair in enumerate(pairs):
        if pair.status == "current":
            kept.append((source[pair.source][0], units[pair.unit]))
            continue
        ok = False
        if pair.status == "missing":
            number, text = source[pair.source]
            before = next((units[p.unit] for p in reversed(pairs[:index]) if p.unit is not None), None)
            place = f"after the unit at {path}:{before.line}" if before else f"first, at {path}:{tr.reading.body_line}"
            if unit_hash(text) in astray:
                problems.add(reading, number, f"this line's unit is out of order, at {path}:{astray[unit_hash(text)]}; "
                             f"move it {place}")
            else:
                problems.add(reading, number, f"this line (“{_excerpt(text)}”) has no {tr.language} translation; add "
                             f"a unit <!-- {unit_hash(text)} --> with its translation {place}")
        elif pair.status == "stale":
            number, text = source[pair.source]
            unit = units[pair.unit]
            problems.add(path, unit.line, f"stale: this unit translates a line with hash {unit.hash}, but "
                         f"{reading}:{number} now reads “{_excerpt(text)}” (hash {unit_hash(text)}); translate the "
                         f"line as it is now and write its hash {unit_hash(text)}")
        else:
            unit = units[pair.unit]
            moved = where.get(unit.hash)
            why = (f"it translates {reading}:{moved}, but stands among the units of other lines: move it where "
                   f"the report on {reading}:{moved} says") if moved else \
                f"no line of {reading} has this hash: the line it translated was removed; remove the unit"
            problems.add(path, unit.line, f"orphaned: {why}")
    return tuple(kept), ok


def _check_reading(talk: RawTalk, tr: RawTranslation, problems: Problems) -> tuple[tuple | None, bool]:
    """(the current units, if the file could be read; whether every line has its current unit)"""
    if talk.reading is None:
        problems.add(tr.folder, 0, f"a translation translates the talk's reading text, and {talk.folder}/ has no "
                     f"reading.md; write it first (CONTRIBUTING §12), or remove {tr.folder}/")
        return None, False
    if tr.reading is None:
        if any(p.path == f"{tr.folder}/reading.md" for p in problems.items):
            return None, False  # there, but unreadable (reported)
        problems.add(f"{tr.folder}/reading.md", 0, f"missing: a talk with {tr.folder}/ is translated whole; "
                     f"translate {talk.reading.path} into it, one unit per line (CONTRIBUTING §13)")
        return None, False
    if tr.reading.data is None:
        return None, False  # its front matter could not be read (reported by the loader)
    ok = check_mapping(tr.reading.data, READING_FRONT_MATTER, tr.reading.path, problems)
    if ok and tr.reading.data["language"] != tr.language:
        problems.add(tr.reading.path, tr.reading.data.line_of("language"), f"language is "
                     f"'{tr.reading.data['language']}' but the folder is {tr.language}/; write language: {tr.language}")
        ok = False
    units = parse_units(tr.reading, tr.language, problems)
    if units is None:
        return None, False
    kept, aligned = _check_units(talk, tr, units, problems)
    return kept, ok and aligned


def _did_you_mean(value: str, known) -> str:
    guess = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.5)
    return f"; did you mean '{guess[0]}'?" if guess else ""


def talk_words_digest(source: dict) -> str:
    """What a talk.yml translation records (of:): the hash of the texts it translates (TALK_KEYS, the
    speakers' labels, the sections' titles and summaries), not of the whole file, so that an edit a
    reader never sees in translation (a section's start quote, a paragraph break) leaves it current."""
    listed = lambda key: [e for e in source.get(key) or () if isinstance(e, dict) and isinstance(e.get("id"), str)]
    words = {key: source[key] for key in TALK_KEYS if key in source}
    words["speakers"] = {s["id"]: s.get("label") for s in listed("speakers")}
    words["sections"] = {s["id"]: [s.get("title"), s.get("summary")] for s in listed("sections")}
    text = json.dumps(words, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _check_of(data: YamlMap, path: str, digest: str, source: str, changed: str, problems: Problems) -> bool:
    """A translation file's `of:` against `digest`, the hash of what it translates now (`source`,
    which has `changed` when they differ). Another type of `of:` is the schema's to report."""
    if "of" not in data:
        problems.add(path, 1, f"missing of: write of: {digest}, the hash of {source} as you translate it (validate "
                     f"then names this file whenever that changes)")
        return False
    if isinstance(data.get("of"), int) and not isinstance(data["of"], bool):
        data["of"] = str(data["of"])  # YAML reads a hash of digits only (84859594) as a number
    of = data.get("of")
    if not isinstance(of, str):
        return True
    if not HASH.match(of):
        problems.add(path, data.line_of("of"), f"of: '{of}' is not a hash; write the first 8 hex digits of the "
                     f"sha256 of {source} as you translated it (now: {digest}), in quotes if it is all digits "
                     f"and starts with 0, which YAML reads as a number")
        return False
    if of != digest:
        problems.add(path, data.line_of("of"), f"stale: this translates {source} as it was (of: {of}), but "
                     f"{changed} since (its hash is now {digest}); bring the translation up to date and write "
                     f"of: {digest}")
        return False
    return True


def _check_notes(talk: RawTalk, tr: RawTranslation, problems: Problems, check_links) -> bool:
    sources = {note.id: note for note in talk.notes}
    translated = {note.id for note in tr.notes}
    ok = True
    unreadable = {p.path for p in problems.items}  # a file there that could not be read is not missing
    for note_id in sorted(set(sources) - translated):
        if f"{tr.folder}/notes/{note_id}.md" in unreadable:
            ok = False
            continue
        problems.add(f"{tr.folder}/notes/{note_id}.md", 0, f"missing: {sources[note_id].path} has no {tr.language} "
                     f"translation; write it with of: {sources[note_id].digest}, title and gloss (and the whole body "
                     f"for a correction or a fact-check)")
        ok = False
    limit = MAX_GLOSS_CHARS if tr.language.split("-")[0] in UNSPACED else MAX_GLOSS_CHARS_SPACED
    for record in tr.notes:
        source = sources.get(record.id)
        if source is None:
            problems.add(record.path, 0, f"translates a note that does not exist: there is no {talk.folder}/notes/"
                         f"{record.id}.md{_did_you_mean(record.id, sources)}; rename or remove it")
            ok = False
            continue
        if record.data is None:
            ok = False  # its front matter could not be read (reported by the loader)
            continue
        data = record.data
        ok &= _check_of(data, record.path, source.digest, source.path, f"{source.path}:1 has changed", problems)
        ok &= check_mapping(data, NOTE_SCHEMA, record.path, problems)
        if isinstance(data.get("gloss"), str) and len(data["gloss"].strip()) > limit:
            problems.add(record.path, data.line_of("gloss"), f"the gloss is {len(data['gloss'].strip())} characters, "
                         f"over the {limit} that fit beside the title in a footnote; say the verdict in one sentence")
            ok = False
        kind = source.data.get("kind") if source.data else None
        if kind in ("correction", "fact-check") and not record.body.strip():
            problems.add(record.path, record.body_line, f"the note is a {kind}, so it is translated whole: write the "
                         f"translation of {source.path}'s body below the front matter")
            ok = False
        ok &= check_markdown(record.body, record.path, record.body_line, problems, "the note's body")
        check_links(record)
    return ok


def _check_talk_words(talk: RawTalk, tr: RawTranslation, problems: Problems) -> bool:
    """talk.yml in <lang>: every text of the talk's own talk.yml that a reader sees, and nothing else."""
    source, data, path = talk.data, tr.talk, tr.talk_path
    if data is None:
        if not any(p.path == path for p in problems.items):  # an unreadable file is reported already
            problems.add(path, 0, f"missing: a talk with {tr.folder}/ is translated whole; write its title, speakers "
                         f"and sections in {tr.language} (CONTRIBUTING §13)")
        return False
    sections = {s["id"]: s for s in source.get("sections") or () if isinstance(s, dict) and isinstance(s.get("id"), str)}
    speakers = {s["id"]: s for s in source.get("speakers") or () if isinstance(s, dict) and isinstance(s.get("id"), str)}
    schema = {key: Field(kind, required=key in source) for key, kind in TALK_KEYS.items()}
    schema["speakers"] = Field("map", required=bool(speakers),
                               schema={i: Field("line", required=True) for i in speakers})
    schema["sections"] = Field("map", required=True, schema={
        i: Field("map", required=True, schema={**SECTION_SCHEMA, "summary": Field("text", required="summary" in s)})
        for i, s in sections.items()})
    schema["of"] = Field("line")
    current = _check_of(data, path, talk_words_digest(source), f"the part of {talk.path} a reader sees (titles, labels, summaries)",
                        f"{talk.path} has changed it", problems)
    # An id the talk does not have is an unknown key of its block, reported with the nearest id.
    return check_mapping(data, schema, path, problems) and current


def _check_intro(talk: RawTalk, tr: RawTranslation, problems: Problems, check_links) -> bool:
    if talk.intro is None:
        if tr.intro is not None:
            problems.add(tr.intro.path, 0, f"{talk.folder}/ has no intro.md to translate; remove this file")
            return False
        return True
    if tr.intro is None:
        if any(p.path == f"{tr.folder}/intro.md" for p in problems.items):
            return False  # there, but unreadable (reported)
        problems.add(f"{tr.folder}/intro.md", 0, f"missing: a talk with {tr.folder}/ is translated whole; translate "
                     f"{talk.intro.path} into it")
        return False
    if tr.intro.data is None:
        return False
    current = _check_of(tr.intro.data, tr.intro.path, talk.intro.digest, talk.intro.path,
                        f"{talk.intro.path}:1 has changed", problems)
    if not check_mapping(tr.intro.data, {"of": Field("line"), **INTRO_SCHEMA}, tr.intro.path,
                         problems) or not current:
        return False
    check_links(tr.intro)
    return check_markdown(tr.intro.body, tr.intro.path, tr.intro.body_line, problems, "the intro")


def check_translations(talk: RawTalk, problems: Problems, check_links) -> tuple[ValidTranslation, ...]:
    """Every translation of `talk` whose units could be read, each saying whether it is complete; every
    problem reported.
    check_links(record) reports a body's links to unknown terms and notes (validate's own check)."""
    valid = []
    if talk.data is None:
        return ()  # talk.yml could not be read (reported): nothing to compare a translation with
    language = talk.data.get("language")
    for tr in talk.translations:
        if not LANGUAGE_TAG.match(tr.language):
            problems.add(tr.folder, 0, f"'{tr.language}' is not a language tag; name the folder with a BCP 47 code "
                         f"like en, zh or zh-Hant")
            continue
        if tr.language == language:
            problems.add(tr.folder, 0, f"the talk is in {language} already; a translation folder is named after "
                         f"the language it translates into")
            continue
        units, ok = _check_reading(talk, tr, problems)
        ok &= _check_notes(talk, tr, problems, check_links)
        ok &= _check_talk_words(talk, tr, problems)
        ok &= _check_intro(talk, tr, problems, check_links)
        if units is not None:
            valid.append(ValidTranslation(language=tr.language, folder=tr.folder, reading_path=tr.reading.path,
                                          units=units, notes=tr.notes, talk=tr.talk, talk_path=tr.talk_path,
                                          intro=tr.intro, complete=ok))
    return tuple(valid)
