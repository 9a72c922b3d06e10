"""Which source file a piece of editorial text came from, for errors raised far from the loader
(a converter that was stopped for taking too long knows only the text it was given)."""
from __future__ import annotations

from pathlib import Path

from talkbook.problems import Problem


def _candidates(root: Path):
    for pattern in ("talks/*/notes/*.md", "talks/*/intro.md", "glossary/*.md", "talks/*/talk.yml"):
        yield from sorted(root.glob(pattern))


def where_written(root: Path, text: str) -> tuple[str, int] | None:
    """(repository-relative path, line) of the first source file holding `text`'s first non-blank
    line, or None when no file does (the text was made up by the build itself)."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")[:200]
    if not first:
        return None
    for path in _candidates(Path(root)):
        if path.is_symlink() or not path.is_file():
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        at = content.find(first)
        if at != -1:
            return path.relative_to(root).as_posix(), content.count("\n", 0, at) + 1
    return None


def too_slow_problem(root: Path, text: str, seconds: float) -> Problem:
    found = where_written(Path(root), text)
    advice = (f"converting this Markdown took more than {seconds:g} s and was stopped; simplify it "
              f"(fewer brackets, links, HTML tags or nesting levels)")
    if found is None:
        shown = text.strip()[:40]
        return Problem("(generated text)", 0, f"{advice}: the text beginning {shown!r}")
    return Problem(found[0], found[1], advice)
