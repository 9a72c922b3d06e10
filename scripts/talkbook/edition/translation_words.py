"""What a translation unit must keep of its source line (CONTRIBUTING §13): every Arabic number and
every name written in Latin script, spelt the same way, unless the unit lists it under omits: for
an editor to review; and the editor's 〔…〕 insertions, still marked as the editor's.

Definitions (the ones CONTRIBUTING §13 states):
- the visible text of a source line is the line of reading.md without its {--…--} marks and their
  words (never shown); 〔…〕 insertions are shown, so they count;
- a word is a token of edition/tokens.py that is a word of a space-separated script ("DALL·E",
  "GPT-3", "2023", "don't"; "5.7" is the words 5 and 7);
- a number is a word holding an Arabic digit ("2", "2023", "GPT-3");
- a name is, in a source written without spaces between words (Chinese, Japanese), every word
  holding a Latin letter; in a source written with spaces (English...), a Latin word with a capital
  letter after its first ("AI", "iOS", "PostgreSQL") or one with an initial capital that does not
  start a sentence ("Kafka" in "from Kafka into"), the pronoun "I" (and I'm, I've...) excepted;
- the translation keeps a word when one of its words is the same, or the same with a possessive
  ("AI's", "Kafka’s") or, for a word in capitals, a plural s ("GPUs")."""
from __future__ import annotations

import re
import unicodedata

from talkbook.problems import Problems
from talkbook.sources.translation_files import UNSPACED, Unit

from .reading_text import DROP_CLOSE, DROP_OPEN, INSERT_CLOSE, INSERT_OPEN
from .tokens import is_word, tokens

_DROPS = re.compile(r"\{--.*?--\}")
_SENTENCE_END = set(".?!…:;。？！")
_OPENING = set("\"'“‘(（「『《—–-")
_PRONOUN_I = re.compile(r"I(?:['’](?:m|ve|d|ll))?\Z")


def visible_text(line: str) -> str:
    return _DROPS.sub("", line)


def _latin(word: str) -> bool:
    return any(c.isalpha() and unicodedata.name(c, "").startswith("LATIN") for c in word)


def _name_in_spaced_text(word: str, starts_sentence: bool) -> bool:
    if not _latin(word) or _PRONOUN_I.match(word):
        return False
    if any(c.isupper() for c in word[1:]):
        return True
    return word[0].isupper() and not starts_sentence


def required_words(line: str, language: str) -> list[str]:
    """The numbers and names of a source line, in order, each once."""
    unspaced = language.split("-")[0] in UNSPACED
    found: list[str] = []
    starts_sentence = True
    for token in tokens(visible_text(line)):
        text = token.text
        if not is_word(text):
            if text in _SENTENCE_END:
                starts_sentence = True
            elif text not in _OPENING and text not in (INSERT_OPEN, INSERT_CLOSE):
                starts_sentence = False
            continue
        needed = any(c in "0123456789" for c in text) or \
            (_latin(text) if unspaced else _name_in_spaced_text(text, starts_sentence))
        if needed and text not in found:
            found.append(text)
        starts_sentence = False
    return found


def kept_words(text: str) -> set[str]:
    """The words of a translation, each also without a possessive and, in capitals, without a plural s."""
    kept = set()
    for token in tokens(text):
        word = token.text
        if not is_word(word):
            continue
        kept.add(word)
        for ending in ("'s", "’s", "'", "’"):
            if word.endswith(ending) and len(word) > len(ending):
                kept.add(word[:-len(ending)])
        if word.endswith("s") and len(word) > 2 and word[:-1].upper() == word[:-1] and _latin(word[:-1]):
            kept.add(word[:-1])
    return kept


def check_unit(source: str, source_at: str, unit: Unit, path: str, source_language: str,
               problems: Problems) -> bool:
    """Report what unit (at path:unit.line) loses of its source line (`source`, at `source_at`)."""
    ok = True
    needed = required_words(source, source_language)
    kept = kept_words(unit.text)
    omitted = {word for phrase in unit.omits for word in kept_words(phrase)}
    for word in needed:
        if word not in kept and word not in omitted:
            what = "number" if any(c.isdigit() for c in word) else "name"
            problems.add(path, unit.line, f"{source_at} has the {what} “{word}”, which this unit does not keep; write "
                         f"it as the source spells it (case included), or, where a faithful translation cannot, "
                         f"list it in the unit's comment: omits: \"{word}\" — the reason, for an editor to review")
            ok = False
    for phrase in unit.omits:
        words = [t.text for t in tokens(phrase) if is_word(t.text)]
        if not any(w in needed for w in words):
            problems.add(path, unit.line, f"omits “{phrase}”, but {source_at} has no such number or name; remove it "
                         f"from omits")
            ok = False
        elif all(w in kept for w in words if w in needed):
            problems.add(path, unit.line, f"omits “{phrase}”, but the unit keeps it; remove it from omits")
            ok = False
    inserted, written = visible_text(source).count(INSERT_OPEN), unit.text.count(INSERT_OPEN)
    if inserted != written or unit.text.count(INSERT_CLOSE) != written:
        problems.add(path, unit.line, f"{source_at} has {inserted} editor's insertion(s) 〔…〕 and this unit "
                     f"{written}; translate each inside 〔…〕, so it stays marked as the editor's, and add none")
        ok = False
    if DROP_OPEN in unit.text or DROP_CLOSE in unit.text:
        ok = False  # reported by the parser
    return ok
