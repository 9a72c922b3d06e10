"""Word lists for `talkbook suspects`: the field's words shared by every talk (field-words.yml at
the repository root) and a talk's own names (talks/<id>/vocabulary.yml). Both hold one list,

    words:
      - 分辨率
      - serving

each entry a correct spelling a speech recogniser may have misheard. They add to the glossary's
names and aliases; a word that needs a definition belongs in the glossary instead."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from talkbook.problems import Problems

from .load import read_source_text
from .yamlsource import YamlList, YamlMap, parse_yaml

FIELD_WORDS_FILE = "field-words.yml"
TALK_VOCABULARY_FILE = "vocabulary.yml"


@dataclass(frozen=True)
class Word:
    text: str
    path: str
    line: int


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def load_words(root: Path, path: Path, problems: Problems) -> tuple[Word, ...]:
    """The words of one list file; a missing file is an empty list, a malformed one a problem."""
    if not path.is_file():
        return ()
    rel = _rel(root, path)
    text = read_source_text(root, path, problems)
    if text is None:
        return ()
    data = parse_yaml(text, rel, problems, what=path.name)
    if data is None:
        return ()
    if not isinstance(data, YamlMap) or set(data) != {"words"} or not isinstance(data["words"], YamlList):
        problems.add(rel, getattr(data, "line", 1) or 1, "expected one key, words:, holding a list of spellings "
                     "(- 分辨率)")
        return ()
    words = []
    seen: dict[str, int] = {}
    items = data["words"]
    for index, value in enumerate(items):
        line = items.line_of(index)
        if not isinstance(value, str) or len(value.strip()) < 2:
            problems.add(rel, line, f"{value!r} is not a word: each entry is a spelling of at least 2 characters")
            continue
        folded = value.strip().casefold()
        if folded in seen:
            problems.add(rel, line, f"'{value}' is listed twice (first on line {seen[folded]}); keep one")
            continue
        seen[folded] = line
        words.append(Word(value.strip(), rel, line))
    return tuple(words)
