"""What a correction note may do (CONTRIBUTING §5), checked on the notes themselves:

- its body gives the reason (sound, context, source);
- one that changes the reading (certain or probable, with replace) replaces at most MAX_QUOTE
  characters by at most MAX_REPLACE;
- its replacement sounds like the quote (sounds_alike.py) or, written in another script
  (大一 -> DALL·E), is a spelling the glossary or talk.yml `names:` declares;
- or it declares itself an emendation (`emendation: true`): an editor's guess at what was meant
  rather than a mishearing, never `confidence: certain`, changing at most MAX_EMENDED characters,
  shown and counted apart;
- `occurrences:` above MAX_UNLISTED needs `each:`, one transcript excerpt around each occurrence
  (structure.py checks they are the occurrences), so that a reviewer sees every place it changes."""
from __future__ import annotations

from talkbook.problems import Problems

from . import sounds_alike
from .load import MarkdownRecord

MAX_QUOTE = 24  # characters; the longest correction that changes the reading had 22 (mid journeymid journey)
MAX_REPLACE = 24  # characters; Midjourney Midjourney, 21
MAX_UNLISTED = 3
MAX_EMENDED = 4  # characters an emendation may change (edit distance): a lost or wrong word, not a new sentence


def declared_names(terms: list[MarkdownRecord], talk_data) -> set[str]:
    names = set()
    for term in terms:
        data = term.data or {}
        for key in ("term", "en"):
            if isinstance(data.get(key), str):
                names.add(data[key])
        names.update(a for a in data.get("aliases") or () if isinstance(a, str))
    names.update(str(n) for n in (talk_data or {}).get("names") or ())
    return names


def _is_declared(quote: str, replacement: str, names: set[str]) -> bool:
    """The replacement is declared spellings plus characters the quote already has: DALL·E for
    大一, DALL·E 2 for 大一2, DALL·E 刚 for 大一刚."""
    rest, found = replacement, False
    for name in sorted((n for n in names if n), key=len, reverse=True):
        if name in rest:
            rest, found = rest.replace(name, " "), True
    return found and all(c in quote for c in rest if not c.isspace())


def check_correction(record: MarkdownRecord, names: set[str], problems: Problems) -> bool:
    data, path = record.data, record.path
    ok = True
    if not record.body.strip():
        problems.add(path, record.body_line, "a correction needs a body giving its reason (how the words sound, "
                     "the context, a source); CONTRIBUTING §5")
        ok = False
    emendation = data.get("emendation") is True
    confidence = data.get("confidence")
    if emendation and confidence == "certain":
        problems.add(path, data.line_of("confidence"), "an emendation (emendation: true) is an editor's guess at "
                     "what was meant, so never certain; write confidence: probable or uncertain")
        ok = False
    occurrences = data.get("occurrences", 1)
    each = data.get("each")
    if isinstance(occurrences, int) and occurrences > MAX_UNLISTED and not isinstance(each, list):
        problems.add(path, data.line_of("occurrences"), f"occurrences: {occurrences} is more than {MAX_UNLISTED}; "
                     f"list every place under each: (one short transcript excerpt holding the quote per occurrence, "
                     f"in transcript order), so that a reviewer sees each change")
        ok = False
    if isinstance(each, list) and len(each) != occurrences:
        problems.add(path, data.line_of("each"), f"each: lists {len(each)} excerpts but occurrences: is {occurrences}; "
                     f"list one excerpt per occurrence")
        ok = False
    quote, replacement = data.get("quote"), data.get("replace")
    if not (isinstance(quote, str) and isinstance(replacement, str) and replacement and confidence != "uncertain"):
        return ok  # an uncertain correction only annotates: the reading keeps the verbatim's words
    if len(quote) > MAX_QUOTE or len(replacement) > MAX_REPLACE:
        problems.add(path, data.line_of("replace"), f"this correction replaces {len(quote)} characters with "
                     f"{len(replacement)}; one correction replaces at most {MAX_QUOTE} characters with at most "
                     f"{MAX_REPLACE} (a misheard word or name, CONTRIBUTING §5): split it, or keep the verbatim and "
                     f"explain in a context note")
        ok = False
    if emendation:
        changed = sounds_alike.distance(quote, replacement)
        if changed > MAX_EMENDED:
            problems.add(path, data.line_of("replace"), f"this emendation changes {changed} characters of "
                         f"“{quote}”; an emendation mends at most {MAX_EMENDED} (a lost or wrong word, CONTRIBUTING "
                         f"§5): keep the verbatim and say what was meant in a context note")
            ok = False
        return ok
    alike = sounds_alike.score(quote, replacement)
    if alike is None:
        if not _is_declared(quote, replacement, names):
            problems.add(path, data.line_of("replace"), f"“{replacement}” is written in another script than "
                         f"“{quote}”, and is no name, English name or alias the glossary (or talk.yml names:) "
                         f"declares; CONTRIBUTING §5: declare the name in its glossary entry, or mark the note "
                         f"emendation: true")
            ok = False
    elif alike < 0:
        how = (f"pinyin {sounds_alike.pinyin(quote)} / {sounds_alike.pinyin(replacement)}"
               if sounds_alike.script(quote) != "latin" else
               f"sound keys {sounds_alike.sound_key(quote)} / {sounds_alike.sound_key(replacement)}")
        problems.add(path, data.line_of("replace"), f"“{replacement}” does not sound like “{quote}” ({how}); a "
                     f"correction fixes what the recognizer misheard (CONTRIBUTING §5): if the speaker misspoke or "
                     f"the words are a guess at the meaning, mark the note emendation: true (never certain)")
        ok = False
    return ok
