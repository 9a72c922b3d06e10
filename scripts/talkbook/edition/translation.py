"""A talk's translations as the model holds them, after the words each unit must keep are checked
(translation_words.py); the files themselves were checked by sources/translation_files.py."""
from __future__ import annotations

import bisect

from talkbook.problems import Problems
from talkbook.sources.translation_files import UNSPACED, ValidTranslation
from talkbook.sources.validate import ValidTalk

from .labels import LABELS, labels_for_tag
from .model import Note, Reading, Talk, TranslatedNote, TranslatedSection, TranslatedUnit, Translation
from .translation_words import check_unit


def unit_markers(reading: Reading, notes) -> dict[int, tuple[str, ...]]:
    """reading.md line -> the notes whose marker ends it: a note's marker goes at the end of the first
    line whose words reach the end of its (first) quote, as it goes after the words it is about in
    通读; a quote ending among words no line keeps goes to the next line, or else the last."""
    lines = [line for line, _ in reading.line_ends]
    ends = [end for _, end in reading.line_ends]
    placed: dict[int, list[str]] = {}
    for note in sorted(notes, key=lambda n: (n.ranges[0][1], n.ranges[0][0])):
        index = min(bisect.bisect_left(ends, note.ranges[0][1]), len(lines) - 1)
        placed.setdefault(lines[index], []).append(note.id)
    return {line: tuple(ids) for line, ids in placed.items()}


def joint(translation: Translation) -> str:
    """What stands between two units of one paragraph: nothing in Chinese or Japanese, else a space."""
    return "" if translation.language.split("-")[0] in UNSPACED else " "


def units_by_paragraph(talk: Talk, translation: Translation) -> dict[int, list[TranslatedUnit]]:
    """first line of each reading paragraph -> the units (lines of reading.md) it holds: a translation's
    paragraphs are the reading text's, on the site (web/translation_view.py) and in the PDF alike."""
    firsts = [paragraph.line for paragraph in talk.reading.paragraphs]
    grouped: dict[int, list[TranslatedUnit]] = {line: [] for line in firsts}
    at = 0
    for unit in translation.units:
        while at + 1 < len(firsts) and firsts[at + 1] <= unit.line:
            at += 1
        grouped[firsts[at]].append(unit)
    return grouped


def _translation(vt: ValidTalk, tr: ValidTranslation, reading: Reading, notes: list[Note]) -> Translation:
    talk = tr.talk
    sections = talk.get("sections") or {}
    ends, markers = dict(reading.line_ends), unit_markers(reading, notes)
    return Translation(
        language=tr.language, path=tr.folder,
        units=tuple(TranslatedUnit(line, unit.text, ends[line], markers.get(line, ())) for line, unit in tr.units),
        title=talk["title"], subtitle=talk.get("subtitle", ""), event=talk.get("event", ""),
        date_note=str(talk.get("date_note", "")).strip(),
        speakers=tuple((str(i), label) for i, label in (talk.get("speakers") or {}).items()),
        sections=tuple(TranslatedSection(s["id"], sections[s["id"]]["title"], sections[s["id"]].get("summary", ""))
                       for s in vt.raw.data["sections"]),
        notes=tuple(TranslatedNote(n.id, n.data["title"], n.data["gloss"], n.body.strip(), n.path, n.body_line)
                    for n in tr.notes),
        intro_title=tr.intro.data["title"] if tr.intro else "", intro_body=tr.intro.body.strip() if tr.intro else "")


def translations(vt: ValidTalk, reading: Reading | None, notes: list[Note],
                 problems: Problems) -> tuple[Translation, ...]:
    """The talk's complete translations, once every current unit of each is checked for the numbers and
    names of its source line (so that one run reports those too)."""
    built = []
    language = vt.raw.data["language"]
    lines = vt.raw.reading.text.split("\n") if vt.raw.reading else []
    for tr in vt.translations:
        ok = True
        if labels_for_tag(tr.language) is None:  # its view and PDF would have no words for their labels
            problems.add(tr.folder, 0, f"talkbook has no labels in '{tr.language}' yet (it has: "
                         f"{', '.join(sorted(LABELS))}); add a table to scripts/talkbook/edition/labels.py")
            ok = False
        for line, unit in tr.units:
            ok &= check_unit(lines[line - 1].strip(), f"{vt.raw.reading.path}:{line}", unit, tr.reading_path,
                             language, problems)
        if ok and tr.complete and reading is not None:
            built.append(_translation(vt, tr, reading, notes))
    return tuple(built)
