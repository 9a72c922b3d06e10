"""A talk in one of its translations' words, as a Talk record: what print takes to set the edition in
that language (pdf --lang). Everything a reader reads is the translation's (title, event, speakers,
section titles and summaries, intro, note titles, glosses and bodies); the structure is the talk's
own (offsets, paragraphs, notes and their numbers), so ids, anchors and note numbers stay the same.

A note translated only in its title and gloss keeps its original body: `original_bodies` names those
notes, so that print can say so and set that body in the original's language."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .labels import labels_for_tag
from .model import Talk, Translation


@dataclass(frozen=True)
class TranslatedTalk:
    talk: Talk  # the talk in the translation's words; its `language` is the labels' (labels.py)
    source: Talk  # the talk as written
    translation: Translation
    original_bodies: frozenset[str]  # ids of notes whose body is the original's, untranslated


def in_translation(talk: Talk, language: str) -> TranslatedTalk:
    """The talk in its `language` translation (which must exist: Talk.translation)."""
    tr = talk.translation(language)
    if tr is None:
        raise ValueError(f"{talk.path}: no translation in {language!r}")
    spoken = {s.label: tr.speaker(s.id) for s in talk.speakers}
    sections = tuple(replace(section, title=tr.section(section.id).title, summary=tr.section(section.id).summary,
                             paragraphs=tuple(replace(p, speaker=spoken.get(p.speaker, p.speaker))
                                              for p in section.paragraphs))
                     for section in talk.sections)
    # A speaker's description has no translation (translations/<lang>/talk.yml names the speakers only).
    speakers = tuple(replace(s, label=spoken[s.label], description="") for s in talk.speakers)
    notes, untranslated = [], set()
    for note in talk.notes:
        own = tr.note(note.id)
        if not own.body and note.body:
            untranslated.add(note.id)
        notes.append(replace(note, title=own.title, gloss=own.gloss, body=own.body or note.body))
    shown = replace(talk, title=tr.title, subtitle=tr.subtitle, event=tr.event,
                    date_note=tr.date_note, language=labels_for_tag(language).lang, speakers=speakers,
                    sections=sections, notes=tuple(notes), intro_title=tr.intro_title, intro_body=tr.intro_body)
    return TranslatedTalk(shown, talk, tr, frozenset(untranslated))
