"""Rule: the edition speaks about a recording's sound only if an editor heard it. Most talks are
published from a transcript alone; a note saying a word is "unclear in the recording" then claims
something nobody checked. talk.yml's `recording_consulted: true` records that someone listened."""
from __future__ import annotations

import re

from talkbook.problems import Problems

from .load import MarkdownRecord, RawTalk
from .yamlsource import YamlList, YamlMap

# Chosen to catch statements about audio, not figurative speech: "听起来合理" (sounds reasonable),
# "录音的出处" (where the recording comes from) and the speech recogniser's "听错/听成" (misheard,
# a fact about the transcript) stay allowed; "录音里听不清", "听不出", "in the
# recording" and "inaudible" do not. Chinese first, then English (case-insensitive).
_CLAIMS = re.compile(
    r"听不(?:太|大|很)?(?:清|出|懂|到)"
    r"|听得(?:出|清|懂)"
    r"|(?:录音|音频|原声|声音)(?!转写|的转写|稿)[^。；;！？\n]{0,12}?"
    r"(?:听(?![错成])|含糊|模糊|不清|清楚|杂音|噪音|口音|语气|语调|停顿|笑声|掌声)"
    r"|口音|嗓音|杂音|噪音|笑声|掌声"
    r"|\b(?:in|on|from) the (?:audio|recording|tape)\b"
    r"|\b(?:inaudible|unintelligible|barely audible|hard to hear|can be heard|audibly|muffled|mumbl\w*)\b"
    r"|\b(?:speaker|voice|audio|recording) sounds\b",
    re.IGNORECASE,
)

_ADVICE_NOTE = ("say what the transcript shows instead (for example: 转写作“房”，所指不明), or, if an editor did "
                "listen to the recording, set recording_consulted: true in {talk_yml}")
_ADVICE_TERM = ("a glossary term is shared by every talk, so say what the transcript shows; what a recording "
                "sounds like belongs in a note of a talk whose talk.yml sets recording_consulted: true")


def _report(text: str, first_line: int, path: str, advice: str, problems: Problems) -> None:
    for offset, line in enumerate(text.split("\n")):
        found = _CLAIMS.search(line)
        if found:
            problems.add(path, first_line + offset, f"“{found.group(0)}” describes what the recording sounds like, "
                         f"but no editor has heard it (only the transcript was read); {advice}")


def _field(data, key: str, path: str, advice: str, problems: Problems) -> None:
    value = data.get(key) if isinstance(data, YamlMap) else None
    if isinstance(value, str):
        _report(value, data.line_of(key), path, advice, problems)


def _record(record: MarkdownRecord | None, keys: tuple[str, ...], advice: str, problems: Problems) -> None:
    if record is None or record.data is None:
        return
    for key in keys:
        _field(record.data, key, record.path, advice, problems)
    _report(record.body, record.body_line, record.path, advice, problems)


def check_talk(talk: RawTalk, problems: Problems) -> None:
    """Report every sentence about the audio in the talk's notes, intro and talk.yml texts, unless
    talk.yml says the recording was consulted."""
    data = talk.data
    if isinstance(data, YamlMap) and data.get("recording_consulted") is True:
        return
    advice = _ADVICE_NOTE.format(talk_yml=talk.path)
    for note in talk.notes:
        _record(note, ("title",), advice, problems)
    _record(talk.intro, ("title",), advice, problems)
    if not isinstance(data, YamlMap):
        return
    _field(data, "date_note", talk.path, advice, problems)
    for list_key, key in (("sections", "summary"), ("speakers", "description")):
        items = data.get(list_key)
        for item in items if isinstance(items, YamlList) else ():
            _field(item, key, talk.path, advice, problems)


def check_terms(terms: tuple[MarkdownRecord, ...], problems: Problems) -> None:
    for term in terms:
        _record(term, ("short",), _ADVICE_TERM, problems)
