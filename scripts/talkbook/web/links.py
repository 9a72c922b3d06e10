"""Links from the site to the repository host, so that a reader who sees an error can fix it:
"edit this note" opens the note's source file in the host's editor, and "suggest a note" opens the
host's new-file page filled with a note template that quotes the paragraph's opening words.

The host comes from mkdocs.yml's own repo_url and edit_uri (edit_uri points into docs/, MkDocs'
convention; our sources live beside docs/). Edit links work with any host whose edit_uri has that
form; suggest links need GitHub's new-file URL ({repo_url}/new/{branch}?filename=...&value=...),
so they are left out when edit_uri does not look like GitHub's edit/{branch}/docs/."""
from __future__ import annotations

import functools
import posixpath
from urllib.parse import quote as percent

from . import urls
from talkbook.edition.anchor import SPACED, Quote, matches, occurrences, unique_extension, whole_words
from talkbook.edition.model import Edition, Paragraph, Talk, per_edition
from talkbook.edition.scaffold import default_note_id, note_template

OPENING = 8  # characters a suggested quote starts with: usually unique, still readable


def _edit_path(config) -> tuple[str, str]:
    """(repo_url, edit_uri with the docs folder dropped), or ("", "") if either is unset."""
    repo_url, edit_uri = config.get("repo_url"), (config.get("edit_uri") or "").strip("/")
    if not repo_url or not edit_uri:
        return "", ""
    docs = posixpath.basename(str(config["docs_dir"]).rstrip("/"))
    if edit_uri == docs or edit_uri.endswith("/" + docs):
        edit_uri = edit_uri[: -len(docs)].strip("/")
    return repo_url.rstrip("/"), edit_uri


def edit_base(config) -> str:
    """The URL prefix that, followed by a repository path, edits that file (e.g. .../edit/main/)."""
    repo_url, edit_path = _edit_path(config)
    return f"{repo_url}/{edit_path}/" if repo_url else ""


def new_file_base(config) -> str:
    """GitHub's new-file page for the branch edit_uri names ({repo_url}/new/{branch}), or ""."""
    repo_url, edit_path = _edit_path(config)
    if not edit_path.startswith("edit/") or edit_path == "edit/":
        return ""
    return f"{repo_url}/new/{edit_path[len('edit/'):]}"


def page_sources(edition: Edition) -> dict[str, str]:
    """Each generated page that has a single source -> that source file (what its edit button opens)."""
    sources: dict[str, str] = {}
    for talk in edition.talks:
        sources.setdefault(urls.talk_page(talk.id), talk.path)
        if talk.intro_title:
            sources.setdefault(urls.intro_page(talk.id), posixpath.join(posixpath.dirname(talk.path), "intro.md"))
    for term in edition.terms:
        sources.setdefault(urls.term_page(term.id), term.path)
    return sources


_page_sources = per_edition(page_sources)  # MkDocs asks for every page: build the mapping once


def page_source(edition: Edition, src_uri: str) -> str | None:
    """The source file a generated page is made from, or None when the page has no single source (the
    home page, the glossary index)."""
    return _page_sources(edition).get(src_uri)


def opening_quote(talk: Talk, paragraph: Paragraph) -> tuple[str, str]:
    """(quote, prefix) anchoring a new note at the paragraph's opening words, exactly once.

    The quote grows to the right only (it must begin where the paragraph does) and never ends inside
    a correction (a note's quote holds all of a correction or none of it). A paragraph too short or
    too repeated to quote uniquely is quoted whole, with just enough text before it as prefix."""
    text, start, end = talk.transcript, paragraph.start, paragraph.end
    spaced = talk.language in SPACED  # then the quote ends at a word's end ("so thank you", not "so than")
    stop = min(end, start + OPENING)
    if spaced:
        stop = min(end, whole_words(text, start, stop)[1])
    if len(occurrences(text, text[start:stop])) != 1:
        stop = start + len(unique_extension(text, start, stop, left=False, spaced=spaced))
    for note in talk.notes:
        if note.replaces_text:
            for fix_start, fix_end in note.ranges:
                if fix_start < stop < fix_end:
                    stop = fix_end
    if stop <= end and len(occurrences(text, text[start:stop])) == 1:
        return text[start:stop], ""
    whole = text[start:end]
    for grow in range(1, start + 1):
        prefix = text[start - grow:start]
        if len(matches(text, Quote(whole, prefix, "", "", 0))) == 1:
            return whole, prefix
    return whole, ""


def suggest_note_url(base: str, talk: Talk, paragraph: Paragraph) -> str:
    """The host's new-file page for a note on `paragraph`, prefilled with the note template."""
    quote, prefix = opening_quote(talk, paragraph)
    path = posixpath.join(posixpath.dirname(talk.path), "notes", default_note_id(paragraph.start) + ".md")
    value = "%0A".join(_percent_line(line) for line in note_template(quote, prefix=prefix).split("\n"))
    return f"{base}?filename={percent(path, safe='')}&value={value}"


@functools.lru_cache(maxsize=256)  # the template's lines are the same for every paragraph but the quote's
def _percent_line(line: str) -> str:
    return percent(line, safe="")
