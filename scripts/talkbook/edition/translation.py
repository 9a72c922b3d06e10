"""A talk's translations as the model holds them, after the words each unit must keep are checked
(translation_words.py); the files themselves were checked by sources/translation_files.py."""
from __future__ import annotations

from talkbook.problems import Problems
from talkbook.sources.translation_files import ValidTranslation
from talkbook.sources.validate import ValidTalk

from .model import TranslatedNote, TranslatedSection, Translation
from .translation_words import check_unit


def _translation(vt: ValidTalk, tr: ValidTranslation) -> Translation:
    talk = tr.talk
    sections = talk.get("sections") or {}
    return Translation(
        language=tr.language, path=tr.folder, units=tuple((line, unit.text) for line, unit in tr.units),
        title=talk["title"], subtitle=talk.get("subtitle", ""), event=talk.get("event", ""),
        date_note=str(talk.get("date_note", "")).strip(),
        speakers=tuple((str(i), label) for i, label in (talk.get("speakers") or {}).items()),
        sections=tuple(TranslatedSection(s["id"], sections[s["id"]]["title"], sections[s["id"]].get("summary", ""))
                       for s in vt.raw.data["sections"]),
        notes=tuple(TranslatedNote(n.id, n.data["title"], n.data["gloss"], n.body.strip(), n.path, n.body_line)
                    for n in tr.notes),
        intro_title=tr.intro.data["title"] if tr.intro else "", intro_body=tr.intro.body.strip() if tr.intro else "")


def translations(vt: ValidTalk, problems: Problems) -> tuple[Translation, ...]:
    """The talk's complete translations, once every current unit of each is checked for the numbers and
    names of its source line (so that one run reports those too)."""
    built = []
    language = vt.raw.data["language"]
    lines = vt.raw.reading.text.split("\n") if vt.raw.reading else []
    for tr in vt.translations:
        ok = True
        for line, unit in tr.units:
            ok &= check_unit(lines[line - 1].strip(), f"{vt.raw.reading.path}:{line}", unit, tr.reading_path,
                             language, problems)
        if ok and tr.complete:
            built.append(_translation(vt, tr))
    return tuple(built)
