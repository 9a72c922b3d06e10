"""Where each generated page lives, and relative links between pages, computed the way MkDocs
computes them so that raw-HTML links (which MkDocs does not rewrite) work with either URL style."""
from __future__ import annotations

import posixpath

HOME = "index.md"
GLOSSARY_INDEX = "glossary/index.md"


def talk_page(talk_id: str) -> str:
    return f"talks/{talk_id}/index.md"


def intro_page(talk_id: str) -> str:
    return f"talks/{talk_id}/intro.md"


def transcript_file(talk_id: str) -> str:
    return f"talks/{talk_id}/transcript.txt"


def term_page(term_id: str) -> str:
    return f"glossary/{term_id}.md"


def page_url(src: str, use_directory_urls: bool) -> str:
    """The URL path of a source file, relative to the site root (MkDocs' rule)."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if not use_directory_urls:
        return f"{stem}.html"
    if posixpath.basename(stem) == "index":
        directory = posixpath.dirname(stem)
        return f"{directory}/" if directory else ""
    return f"{stem}/"


def href(from_src: str, to_src: str, use_directory_urls: bool, fragment: str = "") -> str:
    """A relative href from the page of `from_src` to `to_src` (and #fragment)."""
    here = page_url(from_src, use_directory_urls)
    there = page_url(to_src, use_directory_urls)
    base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    relative = posixpath.relpath(there or ".", base or ".")
    if (there.endswith("/") or not there) and relative != ".":
        relative += "/"
    if there == here and fragment:
        relative = ""
    elif relative == ".":
        relative = "./"
    return relative + (f"#{fragment}" if fragment else "")
