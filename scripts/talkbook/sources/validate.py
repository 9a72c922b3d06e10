"""Validate: schemas, ids, checksums and cross-references of the raw records. Every problem is
collected; records that pass go on to anchoring, so one run reports as much as it can."""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

from talkbook.problems import Problems

from . import correction_rules, recording_claims, same_quote, same_work, source_policy
from .fullwidth import fullwidth_hint
from .markdown_budget import check_markdown
from .print_limits import check_gloss_length, check_note_length
from .load import MarkdownRecord, RawSources, RawTalk, decode_transcript
from .schema import ID_PATTERN, INTRO_SCHEMA, NOTE_SCHEMA, TALK_SCHEMA, TERM_SCHEMA, check_mapping
from .spelling import normalise
from .translation_files import ValidTranslation, check_translations
from .yamlsource import YamlList

BODY_LINK = re.compile(r"\]\((term|note):([^)\s]*)\)")


@dataclass(frozen=True)
class ValidTalk:
    raw: RawTalk
    transcript: str
    notes: tuple[MarkdownRecord, ...]  # the notes whose front matter passed
    # False when talk.yml has problems (already reported): no layout is built, but the notes'
    # quotes are still anchored, so one run reports their problems too.
    layout_ok: bool = True
    # False when a correction note broke CONTRIBUTING §5 (reported): the reading is not aligned, since
    # every place the rejected correction changes would be reported again as a changed word.
    corrections_ok: bool = True
    translations: tuple[ValidTranslation, ...] = ()  # those whose files passed (translation_files.py)


@dataclass(frozen=True)
class ValidSources:
    talks: tuple[ValidTalk, ...]
    terms: tuple[MarkdownRecord, ...]


def _did_you_mean(value: str, known) -> str:
    guess = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.5)
    return f"; did you mean '{guess[0]}'?" if guess else ""


def _check_id(record_id: str, path: str, what: str, problems: Problems) -> bool:
    if ID_PATTERN.match(record_id):
        return True
    if what == "talk":
        lower = record_id.lower()
        hint = f"rename the folder to '{lower}'" if ID_PATTERN.match(lower) else \
            "rename the folder in lowercase kebab-case, like 'open-vs-closed-ai-2023'"
        problems.add(path, 0, f"the folder name '{record_id}' is not a valid talk id (the talk's id is its folder "
                     f"name, and ids are lowercase kebab-case); {hint}")
        return False
    if record_id == ".md" or not record_id:
        problems.add(path, 0, f"the file has no name before '.md'; name it after the {what}, like "
                     f"'hidden-technical-debt.md'")
        return False
    problems.add(path, 0, f"the file name '{record_id}' is not a valid {what} id; rename the file in "
                 f"lowercase kebab-case, like 'hidden-technical-debt.md'")
    return False


def _check_refs(values, known, data, key: str, path: str, what: str, problems: Problems, own_id: str = "") -> None:
    seen = set()
    for index, value in enumerate(values if isinstance(values, YamlList) else ()):  # else: schema reports
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            continue  # not an id at all: the schema said so
        line = data[key].line_of(index)
        if value == own_id:
            problems.add(path, line, f"{key} names this {what} itself ('{value}'); remove it")
        elif value in seen:
            problems.add(path, line, f"'{value}' is listed twice in {key}; keep one")
        elif value not in known:
            problems.add(path, line, f"unknown {what} '{value}' in {key}{_did_you_mean(value, known)}")
        seen.add(value)


def _check_body_links(record: MarkdownRecord, term_ids, note_ids, problems: Problems) -> None:
    for offset, line in enumerate(record.body.split("\n")):
        for scheme, target in BODY_LINK.findall(line):
            known = term_ids if scheme == "term" else note_ids
            if target not in known:
                problems.add(record.path, record.body_line + offset,
                             f"link to unknown {scheme} '{target}'{fullwidth_hint(target) or _did_you_mean(target, known)}")


def _check_terms(terms, problems: Problems) -> list[MarkdownRecord]:
    valid, owners = [], {}
    term_ids = {t.id for t in terms}
    for record in terms:
        if record.data is None or not _check_id(record.id, record.path, "term", problems):
            continue
        if record.id == "index":
            problems.add(record.path, 0, "the name 'index' is taken by the glossary's own index page; rename the "
                         "file after the term, like 'hidden-technical-debt.md'")
            continue
        if not check_mapping(record.data, TERM_SCHEMA, record.path, problems):
            continue
        data = record.data
        _check_refs(data.get("related"), term_ids, data, "related", record.path, "term", problems, record.id)
        if len(data["short"]) > MAX_SHORT:
            problems.add(record.path, data.line_of("short"), f"'short' is {len(data['short'])} characters; the "
                         f"tooltip takes at most {MAX_SHORT} (CONTRIBUTING.md): say more in the body")
        for index, alias in enumerate(data.get("aliases") or []):
            if isinstance(alias, str) and len(alias.strip()) < MIN_SPELLING:
                problems.add(record.path, data["aliases"].line_of(index), f"the alias '{alias}' is shorter than "
                             f"{MIN_SPELLING} characters and would link the term wherever it appears; remove it")
        if data.get("hant") and _declared_form_problem(data["term"], data["hant"]):
            problems.add(record.path, data.line_of("hant"), _declared_form_problem(data["term"], data["hant"]))
        spellings = [("term", data["term"]), ("en", data.get("en"))] + \
            [("aliases", a) for a in data.get("aliases", [])]
        for key, spelling in spellings:
            if not spelling:
                continue
            if fullwidth_hint(spelling):  # the transcript's MLOps would never match ＭＬＯｐｓ
                problems.add(record.path, data.line_of(key), f"the spelling '{spelling}' is matched in the "
                             f"transcript as written{fullwidth_hint(spelling)}")
            key_norm = normalise(spelling)
            owner = owners.setdefault(key_norm, (record.id, record.path, data.line_of(key)))
            if owner[0] != record.id:
                problems.add(record.path, data.line_of(key),
                             f"the spelling '{spelling}' is already claimed by term '{owner[0]}' "
                             f"({owner[1]}:{owner[2]}); a spelling may belong to one term only")
        if not record.body.strip():
            problems.add(record.path, record.body_line, "the term has no body; explain the term below the front matter")
        if not check_markdown(record.body, record.path, record.body_line, problems, "the term's body"):
            continue
        valid.append(record)
    return valid


def _check_note(record: MarkdownRecord, term_ids, note_ids, problems: Problems) -> bool:
    if record.data is None or not _check_id(record.id, record.path, "note", problems):
        return False
    data, path = record.data, record.path
    ok = check_mapping(data, NOTE_SCHEMA, path, problems)
    kind = data.get("kind")
    if kind == "correction":
        if "confidence" not in data:
            problems.add(path, data.line, "a correction needs 'confidence': certain | probable | uncertain")
            ok = False
        elif "replace" not in data and data.get("confidence") != "uncertain":
            problems.add(path, data.line, "a correction needs 'replace' (the corrected reading); only an uncertain "
                         "correction may go without one")
            ok = False
        if data.get("replace") == data.get("quote"):
            problems.add(path, data.line_of("replace"), "replace is the same as the quote; a correction must change the words")
            ok = False
    elif kind is not None:
        for key in ("replace", "confidence", "occurrences", "each", "emendation"):
            if key in data:
                problems.add(path, data.line_of(key), f"'{key}' belongs to corrections only; use kind: correction "
                             f"or remove '{key}'")
                ok = False
        if not data.get("sources"):
            problems.add(path, data.line_of("sources"), f"a {kind} note must cite at least one source "
                         f"(title, author, year, url)")
            ok = False
    _check_refs(data.get("terms"), term_ids, data, "terms", path, "term", problems)
    _check_refs(data.get("see_also"), note_ids, data, "see_also", path, "note", problems, record.id)
    _check_body_links(record, term_ids, note_ids, problems)
    if kind != "correction" and not record.body.strip():
        problems.add(path, record.body_line, "the note has no body; write the note below the front matter")
        ok = False
    ok &= check_markdown(record.body, path, record.body_line, problems, "the note's body")
    ok &= check_note_length(record.body, path, record.body_line, problems)
    if "gloss" in data:
        ok &= check_gloss_length(data["gloss"], path, data.line_of("gloss"), problems)
    return ok


def _items(data, key: str) -> YamlList:
    """The list under `key`, or an empty one when it is missing or of the wrong type (which the
    schema reports)."""
    value = data.get(key)
    return value if isinstance(value, YamlList) else YamlList()


def _unique_ids(path: str, what: str, items: YamlList, problems: Problems) -> bool:
    seen, ok = {}, True
    for item in items:
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in seen:
            problems.add(path, item.line_of("id"),
                         f"duplicate {what} id '{item_id}' (first at line {seen[item_id]}); ids must be unique")
            ok = False
        seen.setdefault(item_id, item.line_of("id"))
    return ok


MAX_SHORT = 60  # a term's tooltip (CONTRIBUTING.md)
MIN_SPELLING = 2  # an alias like '的' or 'a' would match everywhere
MAX_SECTION_TITLE = 80  # navigation, contents and PDF headings; the longest title in the repository has 34


def _section_titles(path: str, sections: YamlList, problems: Problems) -> bool:
    ok = True
    for item in sections:
        title = item.get("title") if isinstance(item, dict) else None
        if isinstance(title, str) and len(title) > MAX_SECTION_TITLE:
            problems.add(path, item.line_of("title"), f"the section title is {len(title)} characters, over "
                         f"{MAX_SECTION_TITLE}; shorten it and put the rest in the section's summary")
            ok = False
    return ok


# Ids the talk page gives its own elements: p<offset> paragraphs, n-/r- notes and their markers,
# t-<lang>- the markers of a translation's view.
RESERVED_SECTION_ID = re.compile(r"p\d+\Z|[nrt]-")


def _section_ids(path: str, sections: YamlList, problems: Problems) -> bool:
    ok = True
    for item in sections:
        section_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(section_id, str) and RESERVED_SECTION_ID.match(section_id):
            problems.add(path, item.line_of("id"), f"section id '{section_id}' would clash with the page's own "
                         f"anchors (p<number> for paragraphs, n-…, r-… and t-… for notes); choose another id")
            ok = False
    return ok


def _check_talk(talk: RawTalk, term_ids, problems: Problems) -> ValidTalk | None:
    ok = _check_id(talk.id, talk.folder, "talk", problems)
    data = talk.data
    if data is None:
        return None
    ok &= check_mapping(data, TALK_SCHEMA, talk.path, problems)
    transcript = None
    if talk.transcript_bytes is not None:
        digest = hashlib.sha256(talk.transcript_bytes).hexdigest()
        block = data.get("transcript")
        recorded = block.get("sha256") if isinstance(block, dict) else None
        if isinstance(recorded, str) and recorded != digest:
            problems.add(talk.path, data["transcript"].line_of("sha256"),
                         f"{talk.transcript_path} has sha256 {digest}, but talk.yml records {recorded}; the transcript "
                         f"must stay verbatim: restore it, or record the new checksum if it was replaced on purpose")
            ok = False
        transcript = decode_transcript(talk.transcript_bytes, talk.transcript_path, problems)
        ok &= transcript is not None
    speakers = _items(data, "speakers")
    speaker_ids = {s.get("id") for s in speakers if isinstance(s, dict)}
    ok &= _unique_ids(talk.path, "speaker", speakers, problems)
    ok &= _unique_ids(talk.path, "section", _items(data, "sections"), problems)
    ok &= _section_ids(talk.path, _items(data, "sections"), problems)
    ok &= _section_titles(talk.path, _items(data, "sections"), problems)
    if isinstance(data.get("sections"), YamlList) and not data["sections"]:
        problems.add(talk.path, data.line_of("sections"), "sections is empty; list at least one section, the first "
                     "starting with the transcript's opening words")
        ok = False
    # When speakers itself is malformed (reported by the schema), every turn would look unknown.
    speakers_readable = "speakers" not in data or isinstance(data["speakers"], YamlList)
    for index, turn in enumerate(_items(data, "turns")):
        speaker = turn.get("speaker") if isinstance(turn, dict) else None
        if speakers_readable and isinstance(speaker, str) and speaker not in speaker_ids:
            problems.add(talk.path, turn.line_of("speaker"),
                         f"turn {index + 1}: unknown speaker '{speaker}'{_did_you_mean(speaker, speaker_ids)}; "
                         f"declare it under speakers")
            ok = False
    note_ids = {n.id for n in talk.notes}
    notes = tuple(n for n in talk.notes if _check_note(n, term_ids, note_ids, problems))
    if talk.intro is not None and talk.intro.data is None:
        ok = False  # its front matter could not be read (reported by the loader): no page without a title
    if talk.intro is not None and talk.intro.data is not None:
        ok &= check_mapping(talk.intro.data, INTRO_SCHEMA, talk.intro.path, problems)
        _check_body_links(talk.intro, term_ids, note_ids, problems)
        ok &= check_markdown(talk.intro.body, talk.intro.path, talk.intro.body_line, problems, "the intro")
    for section in _items(data, "sections"):
        if isinstance(section, dict) and isinstance(section.get("summary"), str):
            ok &= check_markdown(section["summary"], talk.path, section.line_of("summary"), problems,
                                 "the section's summary")
    translations = check_translations(talk, problems, lambda record: _check_body_links(record, term_ids, note_ids,
                                                                                       problems))
    if transcript is None:
        return None
    return ValidTalk(raw=talk, transcript=transcript, notes=notes, layout_ok=ok, translations=translations)


def _check_editorial_rules(raw: RawSources, talks, problems: Problems) -> None:
    """The editorial policy's checkable rules: no claim about the recording's sound, no source
    the source policy rejects, one note per kind on one quote, one citation per cited work."""
    policy = source_policy.load_policy(raw.root, problems)
    recording_claims.check_terms(raw.terms, problems)
    for term in raw.terms:
        source_policy.check_record(term, policy, problems)
    for talk in raw.talks:
        recording_claims.check_talk(talk, problems)
        for record in (*talk.notes, *((talk.intro,) if talk.intro else ())):
            source_policy.check_record(record, policy, problems)
    for talk in talks:
        same_quote.check_talk(talk.notes, talk.transcript, problems)
    same_work.check_same_work([*raw.terms, *(note for talk in raw.talks for note in talk.notes)], problems)


def _check_corrections(talk: ValidTalk, terms, problems: Problems) -> ValidTalk:
    """Correction notes that break CONTRIBUTING §5 go no further (their words never reach the reading)."""
    names = correction_rules.declared_names(terms, talk.raw.data)
    notes = tuple(n for n in talk.notes if n.data.get("kind") != "correction"
                  or correction_rules.check_correction(n, names, problems))
    return ValidTalk(raw=talk.raw, transcript=talk.transcript, notes=notes, layout_ok=talk.layout_ok,
                     corrections_ok=len(notes) == len(talk.notes), translations=talk.translations)


def validate(raw: RawSources, problems: Problems) -> ValidSources:
    term_ids = {t.id for t in raw.terms}
    terms = _check_terms(raw.terms, problems)
    talks = [t for t in (_check_talk(talk, term_ids, problems) for talk in raw.talks) if t is not None]
    talks = [_check_corrections(talk, raw.terms, problems) for talk in talks]  # names of broken terms count too
    _check_editorial_rules(raw, talks, problems)
    return ValidSources(talks=tuple(talks), terms=tuple(terms))


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def _declared_form_problem(name: str, hant: str) -> str:
    """Why a term's declared traditional form (edition/hant.py) cannot be its name's, "" if it can: it
    is the name character for character, only Han characters may differ."""
    if len(hant) != len(name) or any(a != b and not (_HAN.match(a) and _HAN.match(b)) for a, b in zip(name, hant)):
        return (f"'hant: {hant}' is not the name '{name}' in traditional characters: it must be the name "
                f"character for character, only Han characters written in another form")
    return ""
