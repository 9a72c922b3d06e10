"""Scaffold: new note and glossary files from templates, written only after the checks that would
otherwise fail the contributor's pull request (the quote anchors exactly once, the id is free, no
other term claims the spelling). An existing file is never overwritten.

The templates leave the sources commented out, so an unedited template fails validation with a
message saying what to add instead of publishing a placeholder."""
from __future__ import annotations

import argparse
import difflib
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

from talkbook.problems import BuildError, Problem, Problems
from talkbook.sources.load import load_sources
from talkbook.sources.schema import ID_PATTERN, NOTE_KINDS
from talkbook.sources.spelling import normalise

from .anchor import SPACED, Quote, resolve, show

_SOURCES_TO_FILL = [
    "# 除更正外至少引用一个来源：去掉下面各行行首的 # 再填写",
    "# sources:",
    "#   - title: 文章、论文或网页的标题",
    "#     author: 作者或机构",
    "#     year: 2023",
    "#     url: https://",
]


@dataclass(frozen=True)
class Created:
    """A file the scaffold wrote, and what to tell the contributor about it."""

    path: str  # repository-relative
    lines: tuple[str, ...]

    def report(self) -> str:
        return "\n".join((f"wrote {self.path}",) + self.lines)


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is valid YAML, and Chinese stays readable."""
    return json.dumps(text, ensure_ascii=False)


def kebab_id(value: str) -> str:
    """argparse type for ids: a wrong id is wrong usage (exit 2), reported before anything is read."""
    if not ID_PATTERN.match(value):
        raise argparse.ArgumentTypeError(f"'{value}' is not an id: use lowercase kebab-case like 'dalle-release-date'")
    return value


def default_note_id(start: int) -> str:
    """A free-looking id for a note whose quote starts at `start`; contributors should rename it."""
    return f"note-{start}"


def note_template(quote: str, kind: str = "context", prefix: str = "", suffix: str = "",
                  occurrences: int = 1) -> str:
    """The text of a new note file quoting `quote` (with optional prefix/suffix, and the number of
    places a correction applies to when more than one)."""
    lines = ["---", f"quote: {yaml_string(quote)}"]
    if occurrences > 1:
        lines.append(f"occurrences: {occurrences}")
    if prefix:
        lines.append(f"prefix: {yaml_string(prefix)}")
    if suffix:
        lines.append(f"suffix: {yaml_string(suffix)}")
    lines += [f"kind: {kind}  # {' | '.join(NOTE_KINDS)}", "# title: 短标题（可选）"]
    if kind == "correction":
        lines += ["# replace: 更正后的写法（去掉行首的 # 再填写）",
                  "confidence: probable  # certain | probable | uncertain",
                  "---", "说明更正的理由：读音、上下文或出处。"]
    else:
        lines += _SOURCES_TO_FILL + ["---", "注释正文（简体中文）。不确定的地方写明“可能”或“未经核实”。写法见 CONTRIBUTING.md。"]
    return "\n".join(lines) + "\n"


def term_template(term: str, en: str = "", english: bool = False) -> str:
    """The text of a new glossary term file; `english`: an English talk needs it, so it asks for the
    English definition too (short_en; without it the talk shows the Chinese one, marked)."""
    lines = ["---", f"term: {yaml_string(term or en)}"]
    if en:
        lines.append(f"en: {yaml_string(en)}")
    lines += ["# aliases: [其他写法, 转写稿里的误写]",
              "short: 一句话定义，显示为悬停提示，60 字以内。"]
    if english:
        lines.append("short_en: One-line definition in English, shown as the tooltip in English talks.")
    lines += [
              "# related: [其他词条的 id]"]
    lines += [line.replace("除更正外至少", "至少") for line in _SOURCES_TO_FILL]
    lines += ["---", "较完整的解释（Markdown，简体中文）。"]
    return "\n".join(lines) + "\n"


def _write_new(root: Path, rel: str, text: str) -> None:
    """Create the file; refuse (never overwrite) if it exists."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise BuildError([Problem(rel, 0, "already exists; refusing to overwrite it: edit that file, "
                                          "or choose another id")]) from None


def new_note(root: Path, talk_id: str, quote: str, kind: str = "context", note_id: str | None = None,
             prefix: str = "", suffix: str = "", occurrences: int = 1) -> Created:
    """Write talks/<talk_id>/notes/<note_id>.md quoting `quote`, or raise BuildError saying why not.
    `occurrences`: a correction of a misrecognition repeated that many times, each place corrected."""
    root = Path(root)
    raw = load_sources(root, Problems())  # problems elsewhere in the sources are validate's business
    talk = next((t for t in raw.talks if t.id == talk_id), None)
    if talk is None:
        known = [t.id for t in raw.talks]
        guess = difflib.get_close_matches(talk_id, known, n=1, cutoff=0.5)
        hint = f"did you mean '{guess[0]}'?" if guess else f"the talks are: {', '.join(known) or 'none yet'}"
        raise BuildError([Problem(f"talks/{talk_id}", 0, f"no such talk; {hint}")])
    try:
        text = (talk.transcript_bytes or b"").decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if not text:
        raise BuildError([Problem(talk.transcript_path, 0, "the transcript is missing or unreadable; "
                                                           "run `bash scripts/dev validate` to see why")])
    if occurrences > 1 and kind != "correction":
        raise BuildError([Problem(f"{talk.folder}/notes", 0, f"--occurrences {occurrences} is for corrections "
                                  f"only (one misrecognition corrected at every place); add --kind correction, "
                                  f"or quote more words so that the quote occurs once")])
    language = talk.data.get("language") if talk.data is not None else None
    problems = Problems()
    found = resolve(text, Quote(quote, prefix, suffix, talk.transcript_path, 0), problems, expected=occurrences,
                    spaced=language in SPACED)
    problems.raise_if_any()
    start, end = found[0]
    note_id = note_id or default_note_id(start)
    rel = f"{talk.folder}/notes/{note_id}.md"
    _write_new(root, rel, note_template(quote, kind, prefix, suffix, occurrences))
    where = "once" if occurrences == 1 else f"{occurrences} times, first"
    return Created(rel, (f"the quote anchors {where}: {show(text, start, end)}",
                         "next: write the note below the front matter"
                         + ("" if kind == "correction" else " and add its sources")
                         + ", then check it with: bash scripts/dev validate"))


def new_term(root: Path, term_id: str, term: str, en: str = "", for_talk: str | None = None) -> Created:
    """Write glossary/<term_id>.md, or raise BuildError if the id or a spelling is taken. `for_talk`:
    the talk that needs it; an English one needs the English name and definition."""
    root = Path(root)
    english = False
    if for_talk:
        talks = {t.id: t for t in load_sources(root, Problems()).talks}
        if for_talk not in talks:
            guess = difflib.get_close_matches(for_talk, list(talks), n=1, cutoff=0.5)
            hint = f"did you mean '{guess[0]}'?" if guess else f"the talks are: {', '.join(talks) or 'none yet'}"
            raise BuildError([Problem(f"talks/{for_talk}", 0, f"no such talk; {hint}")])
        data = talks[for_talk].data
        english = data is not None and data.get("language") == "en"
        if english and not en:
            raise BuildError([Problem(talks[for_talk].path, data.line_of("language"), (
                f"talk '{for_talk}' is in English: its readers see the term's English name; give it with --en"))])
    rel = posixpath.join("glossary", f"{term_id}.md")
    if (root / rel).exists():
        raise BuildError([Problem(rel, 0, f"the term '{term_id}' already exists; edit that file, "
                                          f"or choose another id")])
    wanted = {normalise(s): s for s in (term, en) if s}
    problems = Problems()
    for record in load_sources(root, Problems()).terms:
        data = record.data
        if data is None:
            continue
        aliases = data.get("aliases") if isinstance(data.get("aliases"), list) else []
        claimed = [("term", data.get("term")), ("en", data.get("en"))] + [("aliases", a) for a in aliases]
        for key, spelling in claimed:
            if isinstance(spelling, str) and normalise(spelling) in wanted:
                problems.add(record.path, data.line_of(key),
                             f"the spelling '{wanted[normalise(spelling)]}' is already claimed by term "
                             f"'{record.id}'; a spelling may belong to one term only: extend that term "
                             f"(e.g. with an alias) instead, or choose another spelling")
    problems.raise_if_any()
    _write_new(root, rel, term_template(term, en, english))
    return Created(rel, ("next: write the definition (short) and the explanation, add aliases and sources, "
                         "then check it with: bash scripts/dev validate",))
