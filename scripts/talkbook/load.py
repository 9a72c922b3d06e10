"""Load: files on disk -> raw records that remember their path and line. Nothing is checked here
beyond what is needed to read a file at all (encoding, line ends, size, YAML syntax)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems
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


@dataclass(frozen=True)
class RawSources:
    root: Path
    talks: tuple[RawTalk, ...]
    terms: tuple[MarkdownRecord, ...]


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_source_text(root: Path, path: Path, problems: Problems, limit: int = MAX_SOURCE_BYTES) -> str | None:
    """Read an editorial file: UTF-8 without BOM, LF line ends, NFC. Returns None if unreadable."""
    rel = _rel(root, path)
    data = path.read_bytes()
    if len(data) > limit:
        problems.add(rel, 0, f"the file is {len(data)} bytes, over the limit of {limit}; split it or shorten it")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.add(rel, 1, "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_of_offset(data, error.start)
        problems.add(rel, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.add(rel, line, "Windows (CRLF) or old Mac (CR) line ends; save the file with LF line ends")
        return None
    if not unicodedata.is_normalized("NFC", text):
        for number, line_text in enumerate(text.split("\n"), start=1):
            if not unicodedata.is_normalized("NFC", line_text):
                problems.add(rel, number, "text is not in Unicode NFC form (decomposed characters); "
                             "normalise the file to NFC")
                break
        return None
    return text


def load_markdown(root: Path, path: Path, problems: Problems) -> MarkdownRecord | None:
    text = read_source_text(root, path, problems)
    if text is None:
        return None
    rel = _rel(root, path)
    data, body, body_line = split_front_matter(text, rel, problems)
    return MarkdownRecord(id=path.stem, path=rel, data=data, body=body, body_line=body_line)


def load_talk(root: Path, folder: Path, problems: Problems) -> RawTalk:
    talk_yml = folder / "talk.yml"
    rel = _rel(root, talk_yml)
    data = None
    if not talk_yml.is_file():
        problems.add(rel, 0, "missing talk.yml; every folder under talks/ is a talk and needs one")
    else:
        text = read_source_text(root, talk_yml, problems)
        if text is not None:
            data = parse_yaml(text, rel, problems)
            if data is not None and not isinstance(data, YamlMap):
                problems.add(rel, 1, "talk.yml must be a mapping of 'key: value' lines")
                data = None
    block = data.get("transcript") if data else None
    transcript_name = block.get("file") if isinstance(block, dict) else None
    # A missing or malformed file name is reported by validate; the default keeps loading going.
    transcript_name = transcript_name if isinstance(transcript_name, str) and "/" not in transcript_name \
        else "transcript.txt"
    transcript = folder / transcript_name
    transcript_bytes = None
    if not transcript.is_file():
        problems.add(_rel(root, folder) + "/" + transcript_name, 0, "missing transcript file")
    else:
        transcript_bytes = transcript.read_bytes()
        if len(transcript_bytes) > MAX_TRANSCRIPT_BYTES:
            problems.add(_rel(root, transcript), 0, f"transcript is {len(transcript_bytes)} bytes, "
                         f"over the limit of {MAX_TRANSCRIPT_BYTES}; split the talk")
            transcript_bytes = None
    intro_path = folder / "intro.md"
    intro = load_markdown(root, intro_path, problems) if intro_path.is_file() else None
    notes_dir = folder / "notes"
    notes = []
    if notes_dir.is_dir():
        for note_path in sorted(notes_dir.iterdir()):
            if note_path.suffix != ".md":
                problems.add(_rel(root, note_path), 0, "only .md files belong in notes/; rename it to <note-id>.md or move it")
                continue
            record = load_markdown(root, note_path, problems)
            if record is not None:
                notes.append(record)
    return RawTalk(id=folder.name, folder=_rel(root, folder), path=rel, data=data,
                   transcript_path=_rel(root, transcript), transcript_bytes=transcript_bytes,
                   intro=intro, notes=tuple(notes))


def load_sources(root: Path, problems: Problems) -> RawSources:
    """Read every talk under talks/ and every term under glossary/ (sorted, so builds are repeatable)."""
    root = Path(root)
    talks_dir, glossary_dir = root / "talks", root / "glossary"
    talks = tuple(load_talk(root, folder, problems)
                  for folder in sorted(talks_dir.iterdir()) if folder.is_dir()) if talks_dir.is_dir() else ()
    terms = []
    if glossary_dir.is_dir():
        for path in sorted(glossary_dir.iterdir()):
            if path.suffix != ".md":
                problems.add(_rel(root, path), 0, "only .md files belong in glossary/; rename it to <term-id>.md or move it")
                continue
            record = load_markdown(root, path, problems)
            if record is not None:
                terms.append(record)
    return RawSources(root=root, talks=talks, terms=tuple(terms))
