"""Load: files on disk -> raw records that remember their path and line. Nothing is checked here
beyond what is needed to read a file at all (encoding, line ends, size, YAML syntax)."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from talkbook.problems import Problems, decode_utf8

from .docs_policy import check_docs
from .template_overrides import check_overrides
from .symlinks import find_symlinks, symlink_message
from .yamlsource import YamlMap, parse_yaml, split_front_matter

MAX_SOURCE_BYTES = 256 * 1024  # a note or a term far larger than this is a mistake, not an essay
MAX_TRANSCRIPT_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class MarkdownRecord:
    """A Markdown file with front matter: a note, a glossary term or a talk's intro page."""

    id: str
    path: str
    data: YamlMap | None
    body: str
    body_line: int  # the file line on which the body starts
    digest: str = ""  # the first 8 hex digits of the file's sha256: what a translation of it records


@dataclass(frozen=True)
class TextRecord:
    """A plain editorial text file: a talk's reading text (reading.md)."""

    path: str
    text: str


@dataclass(frozen=True)
class RawTranslation:
    """One folder translations/<lang>/ of a talk: its files as read, each optional."""

    language: str  # the folder's name, a BCP 47 code (checked by validate)
    folder: str
    reading: MarkdownRecord | None  # reading.md: front matter, then one block per unit
    notes: tuple[MarkdownRecord, ...]
    talk_path: str  # talk.yml (it may not exist)
    talk: YamlMap | None
    intro: MarkdownRecord | None


@dataclass(frozen=True)
class RawTalk:
    id: str
    folder: str
    path: str  # talk.yml
    data: YamlMap | None
    transcript_path: str
    transcript_bytes: bytes | None
    intro: MarkdownRecord | None
    notes: tuple[MarkdownRecord, ...]
    reading: TextRecord | None = None  # reading.md, the optional clean text over the verbatim
    translations: tuple[RawTranslation, ...] = ()  # translations/<lang>/, sorted by language


@dataclass(frozen=True)
class RawSources:
    root: Path
    talks: tuple[RawTalk, ...]
    terms: tuple[MarkdownRecord, ...]


def _rel(root: Path, path: Path) -> str:
    root_text, path_text = str(root), str(path)
    if path_text.startswith(root_text + os.sep):  # the usual case, without pathlib's slow relative_to
        return path_text[len(root_text) + 1:].replace(os.sep, "/")
    return path.relative_to(root).as_posix()


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# Characters that never belong in a text someone reviews: C0/C1 controls (tab and line feed
# excepted) are invisible, and bidirectional overrides make text display in another order than
# it is stored ("Trojan Source"). Python-Markdown also uses \x02/\x03 as internal placeholders.
# Zero-width characters, direction marks, word joiners, a BOM inside the text and the Unicode line
# and paragraph separators are invisible too: pasted into a quote, it no longer matches a
# transcript that looks exactly the same.
_INVISIBLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff]")
def _describe_char(char: str) -> str:
    if char == "\t":
        return "a tab (U+0009)"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        kind = "an invisible bidirectional control"
    elif char in "\u2028\u2029":
        kind = "an invisible Unicode line separator"
    elif "\u200b" <= char <= "\u200f" or "\u2060" <= char <= "\u2064" or char == "\ufeff":
        kind = "an invisible zero-width character"
    else:
        kind = "an invisible control character"
    name = unicodedata.name(char, "")
    return f"{kind} (U+{ord(char):04X}{' ' + name if name else ''})"


def _column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _invisible_problem(text: str, rel: str, problems: Problems, allowed: str = "\t",
                       advice: str = "remove it") -> bool:
    """Report the first invisible character (other than `allowed`); True if one was found."""
    for found in _INVISIBLE.finditer(text):
        char = found.group(0)
        if char in allowed:
            continue
        line, column = _column(text, found.start())
        problems.add(rel, line, f"{_describe_char(char)} at column {column}; {advice}")
        return True
    return False


def _is_symlink(root: Path, path: Path, problems: Problems) -> bool:
    """Sources are files in the repository; a symbolic link could pull in any file on the machine."""
    if path.is_symlink():
        problems.add(_rel(root, path), 0, symlink_message(path.is_dir()))
        return True
    return False


def read_source_text(root: Path, path: Path, problems: Problems, limit: int = MAX_SOURCE_BYTES) -> str | None:
    """Read an editorial file: UTF-8 without BOM, LF line ends, NFC. Returns None if unreadable."""
    rel = _rel(root, path)
    if _is_symlink(root, path, problems):
        return None
    data = path.read_bytes()
    if len(data) > limit:
        problems.add(rel, 0, f"the file is {len(data)} bytes, over the limit of {limit}; split it or shorten it")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.add(rel, 1, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
        return None
    text = decode_utf8(data, rel, problems)
    if text is None:
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.add(rel, line, "Windows (CRLF) or old Mac (CR) line ends; save the file with LF line ends")
        return None
    if _invisible_problem(text, rel, problems):
        return None
    if not unicodedata.is_normalized("NFC", text):
        problems.add(rel, _first_non_nfc_line(text), "text is not in Unicode NFC form (decomposed characters); "
                     "normalise the file to NFC")
        return None
    return text


def _first_non_nfc_line(text: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1)
                if not unicodedata.is_normalized("NFC", line))


def decode_transcript(data: bytes, rel: str, problems: Problems) -> str | None:
    """The transcript as text, or None after reporting why the site could not reproduce it exactly.
    It is verbatim, so nothing is repaired here: each message says to fix the file and re-record
    its checksum."""
    again = "and record the new sha256 in talk.yml"
    if not data:
        problems.add(rel, 0, "the transcript is empty; add the transcript text")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.add(rel, 1, f"the transcript starts with a byte-order mark (BOM); save it as UTF-8 without BOM "
                     f"{again}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.add(rel, _line_of_offset(data, error.start),
                     f"the transcript is not valid UTF-8 (byte 0x{data[error.start]:02x}); convert it to UTF-8 {again}")
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.add(rel, line, f"Windows (CRLF) or old Mac (CR) line ends, which a web page cannot reproduce; "
                     f"convert them to LF {again}")
        return None
    # Markdown turns a tab into spaces, so a tab could not be recovered from the page either.
    if _invisible_problem(text, rel, problems, allowed="",
                          advice=f"a web page cannot reproduce it: replace it with a space {again}"):
        return None
    if not unicodedata.is_normalized("NFC", text):
        problems.add(rel, _first_non_nfc_line(text), f"the transcript is not in Unicode NFC form (decomposed "
                     f"characters), so no quote could match it; normalise it to NFC {again}")
        return None
    return text


def load_markdown(root: Path, path: Path, problems: Problems, limit: int = MAX_SOURCE_BYTES) -> MarkdownRecord | None:
    text = read_source_text(root, path, problems, limit)
    if text is None:
        return None
    rel = _rel(root, path)
    data, body, body_line = split_front_matter(text, rel, problems)
    # read_source_text accepts only exact UTF-8, so these are the file's bytes
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return MarkdownRecord(id=path.stem, path=rel, data=data, body=body, body_line=body_line, digest=digest)


# What a talk folder may hold besides its transcript (whose name talk.yml gives).
TALK_FOLDER_ENTRIES = ("talk.yml", "intro.md", "reading.md", "notes", "vocabulary.yml", "translations")
TRANSLATION_ENTRIES = ("reading.md", "notes", "talk.yml", "intro.md")
_FILE_NAME = re.compile(r"[^./\\][^/\\]*\Z")  # a plain file name: no folder part, not hidden


def _transcript_file(root: Path, folder: Path, rel: str, data, problems: Problems) -> Path | None:
    """The transcript's path, if talk.yml names a plain file inside the talk folder that exists.
    A missing or malformed key is left to validate; without talk.yml nothing can be checked."""
    block = data.get("transcript") if data else None
    if not isinstance(block, dict) or not isinstance(block.get("file"), str):
        return None
    name, line = block["file"], block.line_of("file")
    if not name.strip():
        return None  # the schema reports the empty name
    if not _FILE_NAME.match(name):
        # Never follow a path out of the talk folder (../../etc/passwd): the text would be published.
        problems.add(rel, line, f"transcript.file must be a plain file name inside {_rel(root, folder)}/, "
                     f"like 'transcript.txt', not the path '{name}'")
        return None
    path = folder / name
    if _is_symlink(root, path, problems):
        return None
    if not path.is_file():
        problems.add(rel, line, f"the transcript file '{name}' is not in {_rel(root, folder)}/; add it, "
                     f"or correct transcript.file")
        return None
    return path


def _stray_entries(root: Path, folder: Path, transcript: str, problems: Problems) -> None:
    """Report files a talk folder should not hold: a note saved beside notes/ or in a misnamed
    folder would otherwise be ignored without a word."""
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name in TALK_FOLDER_ENTRIES or entry.name == transcript:
            continue
        problems.add(_rel(root, entry), 0, "unexpected here: a talk folder holds talk.yml, its transcript, "
                     "intro.md, reading.md, vocabulary.yml, notes/ (one <note-id>.md per note) and translations/ "
                     "(one <lang>/ folder per language); move or remove it")


def _load_folder(root: Path, folder: Path, where: str, what: str, problems: Problems) -> tuple[MarkdownRecord, ...]:
    """Every <id>.md record in a notes/ or glossary/ folder, sorted by name; anything else is a problem."""
    records = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() and not path.is_symlink():
            problems.add(_rel(root, path), 0, f"is a folder; {where} holds <{what}-id>.md files only, no "
                         f"subfolders: move the files in it up into {where}")
            continue
        if path.name == ".md":
            problems.add(_rel(root, path), 0, f"the file has no name before '.md'; name it after the {what}, "
                         f"like <{what}-id>.md")
            continue
        if path.suffix != ".md":
            problems.add(_rel(root, path), 0, f"only .md files belong in {where}; rename it to <{what}-id>.md or move it")
            continue
        record = load_markdown(root, path, problems)
        if record is not None:
            records.append(record)
    return tuple(records)


def _read_yaml_file(root: Path, path: Path, what: str, problems: Problems) -> YamlMap | None:
    text = read_source_text(root, path, problems)
    if text is None:
        return None
    known = len(problems.items)
    data = parse_yaml(text, _rel(root, path), problems, what=what)
    if data is None and len(problems.items) == known:
        problems.add(_rel(root, path), 1, f"{what} is empty; write its keys or remove the file")
    return data


def _load_translation(root: Path, folder: Path, problems: Problems) -> RawTranslation:
    for entry in sorted(folder.iterdir()):
        if not entry.name.startswith(".") and entry.name not in TRANSLATION_ENTRIES:
            problems.add(_rel(root, entry), 0, "unexpected here: a translation folder holds reading.md, notes/ "
                         "(one <note-id>.md per translated note), talk.yml and intro.md; move or remove it")

    def markdown(name: str, limit: int = MAX_SOURCE_BYTES) -> MarkdownRecord | None:
        path = folder / name
        return load_markdown(root, path, problems, limit) if path.is_file() or path.is_symlink() else None

    notes_dir = folder / "notes"
    if notes_dir.exists() and not notes_dir.is_dir() and not notes_dir.is_symlink():
        problems.add(_rel(root, notes_dir), 0, "notes must be a folder holding one <note-id>.md per translated "
                     "note, not a file")
    notes = _load_folder(root, notes_dir, "notes/", "note", problems) \
        if notes_dir.is_dir() and not _is_symlink(root, notes_dir, problems) else ()
    talk_yml = folder / "talk.yml"
    talk = _read_yaml_file(root, talk_yml, "talk.yml", problems) \
        if talk_yml.is_file() or talk_yml.is_symlink() else None
    return RawTranslation(language=folder.name, folder=_rel(root, folder),
                          reading=markdown("reading.md", MAX_TRANSCRIPT_BYTES), notes=notes,
                          talk_path=_rel(root, talk_yml), talk=talk, intro=markdown("intro.md"))


def _load_translations(root: Path, folder: Path, problems: Problems) -> tuple[RawTranslation, ...]:
    """Every translations/<lang>/ folder of a talk; a talk without translations/ has none."""
    top = folder / "translations"
    if not top.exists() or _is_symlink(root, top, problems):
        return ()
    if not top.is_dir():
        problems.add(_rel(root, top), 0, "translations must be a folder holding one <lang>/ folder per language "
                     "(translations/en/reading.md ...), not a file")
        return ()
    found = []
    for entry in sorted(top.iterdir()):
        if entry.name.startswith(".") or _is_symlink(root, entry, problems):
            continue
        if not entry.is_dir():
            problems.add(_rel(root, entry), 0, "only language folders belong in translations/; move it into "
                         "translations/<lang>/ (a BCP 47 code like en or zh)")
            continue
        found.append(_load_translation(root, entry, problems))
    return tuple(found)


def load_talk(root: Path, folder: Path, problems: Problems) -> RawTalk:
    talk_yml = folder / "talk.yml"
    rel = _rel(root, talk_yml)
    data = None
    if not talk_yml.is_file():
        problems.add(rel, 0, "missing talk.yml; every folder under talks/ is a talk and needs one")
    else:
        text = read_source_text(root, talk_yml, problems)
        if text is not None:
            known = len(problems.items)
            data = parse_yaml(text, rel, problems, what="talk.yml")
            if data is None and len(problems.items) == known:
                problems.add(rel, 1, "talk.yml is empty; it needs title, date, event, language, transcript "
                             "and sections")
    transcript = _transcript_file(root, folder, rel, data, problems)
    transcript_bytes = None
    if transcript is not None:
        transcript_bytes = transcript.read_bytes()
        if len(transcript_bytes) > MAX_TRANSCRIPT_BYTES:
            problems.add(_rel(root, transcript), 0, f"transcript is {len(transcript_bytes)} bytes, "
                         f"over the limit of {MAX_TRANSCRIPT_BYTES}; split the talk")
            transcript_bytes = None
    if transcript is not None:  # otherwise which file is the transcript is itself the problem
        _stray_entries(root, folder, transcript.name, problems)
    intro_path = folder / "intro.md"
    intro = load_markdown(root, intro_path, problems) if intro_path.is_file() or intro_path.is_symlink() else None
    notes_dir = folder / "notes"
    if notes_dir.exists() and not notes_dir.is_dir() and not notes_dir.is_symlink():
        problems.add(_rel(root, notes_dir), 0, "notes must be a folder holding one <note-id>.md per note, not a "
                     "file; move its text into notes/<note-id>.md files")
    notes = _load_folder(root, notes_dir, "notes/", "note", problems) \
        if notes_dir.is_dir() and not _is_symlink(root, notes_dir, problems) else ()
    transcript_path = _rel(root, folder) + "/" + (transcript.name if transcript else "transcript.txt")
    reading_path = folder / "reading.md"
    reading = None
    if reading_path.is_file() or reading_path.is_symlink():
        reading_text = read_source_text(root, reading_path, problems, limit=MAX_TRANSCRIPT_BYTES)
        reading = TextRecord(_rel(root, reading_path), reading_text) if reading_text is not None else None
    return RawTalk(id=folder.name, folder=_rel(root, folder), path=rel, data=data,
                   transcript_path=transcript_path, transcript_bytes=transcript_bytes,
                   intro=intro, notes=notes, reading=reading,
                   translations=_load_translations(root, folder, problems))


def talk_folders(root: Path, problems: Problems) -> list[Path]:
    """Every talk folder under talks/, sorted, so builds are repeatable."""
    talks_dir = Path(root) / "talks"
    if talks_dir.is_symlink():  # reported by find_symlinks
        return []
    if not talks_dir.is_dir():
        problems.add("talks", 0, "there is no talks/ folder; each talk is a folder talks/<talk-id>/ with talk.yml "
                     "and its transcript")
        return []
    folders = []
    for entry in sorted(talks_dir.iterdir()):
        if _is_symlink(Path(root), entry, problems):
            continue
        if entry.is_dir():
            folders.append(entry)
        elif not entry.name.startswith("."):
            problems.add(_rel(Path(root), entry), 0, "only talk folders belong in talks/; move it into a talk's "
                         "folder (talks/<talk-id>/) or out of talks/")
    if not folders and not problems:
        problems.add("talks", 0, "talks/ holds no talk; add a folder talks/<talk-id>/ with talk.yml and its "
                     "transcript")
    return folders


def load_glossary(root: Path, problems: Problems) -> tuple[MarkdownRecord, ...]:
    glossary_dir = Path(root) / "glossary"
    if not glossary_dir.is_dir() or glossary_dir.is_symlink():  # a linked glossary/: see find_symlinks
        return ()
    return _load_folder(Path(root), glossary_dir, "glossary/", "term", problems)


def load_sources(root: Path, problems: Problems, folders: list[Path] | None = None,
                 terms: tuple[MarkdownRecord, ...] | None = None) -> RawSources:
    """Read the talks in `folders` (default: every talk folder) and the glossary (unless `terms`
    gives it already read)."""
    root = Path(root)
    find_symlinks(root, problems)
    check_docs(root, problems)
    check_overrides(root, problems)
    talks = tuple(load_talk(root, folder, problems)
                  for folder in (talk_folders(root, problems) if folders is None else folders))
    return RawSources(root=root, talks=talks, terms=load_glossary(root, problems) if terms is None else terms)
