"""Rule: one work, one citation. The bibliography (edition/bibliography.py) is derived: every source
of every note and term, one entry per work, a work being its URL (work_key). So that one entry can
stand for all of them, every citation of a URL must give the same title, author and year; where two
differ, each citation is reported with the other's place and words, since only an editor can tell
which one is right."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from talkbook.problems import Problems

from .load import MarkdownRecord
from .yamlsource import YamlList, YamlMap

CITED = ("title", "author", "year")  # what must agree; `note` and `accessed` may differ per citation


def work_key(url: str) -> str:
    """The work a URL names: scheme and host in lowercase, without "www.", without a fragment or a
    trailing slash. The path keeps its case: on most hosts /A and /a are different pages."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # not a URL the schema accepts: reported there, compared here as written
        return url.strip()
    host = (parts.hostname or "").lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), parts.query, ""))


def _citations(records: list[MarkdownRecord]):
    for record in records:
        sources = record.data.get("sources") if isinstance(record.data, YamlMap) else None
        for source in sources if isinstance(sources, YamlList) else ():
            # only citations the schema accepts: a bad value is reported there, once
            if (isinstance(source, YamlMap) and isinstance(source.get("url"), str)
                    and isinstance(source.get("title"), str) and isinstance(source.get("author"), str)
                    and isinstance(source.get("year"), int) and not isinstance(source.get("year"), bool)):
                yield record.path, source


def check_same_work(records: list[MarkdownRecord], problems: Problems) -> None:
    """Report every citation of a URL whose title, author or year differs from the first one's."""
    first: dict[str, tuple[str, YamlMap]] = {}
    for path, source in _citations(records):
        key = work_key(source["url"])
        if key not in first:
            first[key] = (path, source)
            continue
        other_path, other = first[key]
        differ = [name for name in CITED if str(source[name]).strip() != str(other[name]).strip()]
        if differ:
            said = "; ".join(f"{name} {str(other[name]).strip()!r}" for name in differ)
            problems.add(path, source.line_of(differ[0]), (
                f"{source['url']} is cited at {other_path}:{other.line_of(differ[0])} with {said}; one work, "
                f"one bibliography entry: write the same {', '.join(differ)} in every citation of this URL"))
