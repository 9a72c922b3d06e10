"""Where each generated page lives, and relative links between pages, computed the way MkDocs
computes them so that raw-HTML links (which MkDocs does not rewrite) work with either URL style."""
from __future__ import annotations

import functools
import posixpath

HOME = "index.md"
GLOSSARY_INDEX = "glossary/index.md"
BIBLIOGRAPHY = "bibliography.md"  # every work the notes and terms cite, once (edition/bibliography.py)


def talk_page(talk_id: str) -> str:
    return f"talks/{talk_id}/index.md"


def talk_page_hant(talk_id: str) -> str:
    """The talk page in traditional characters (edition/hant.py), beside the page it converts."""
    return f"talks/{talk_id}/hant.md"


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


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site-relative paths above (no '.' or '..' segments), without its
    os.getcwd() calls: the generator computes thousands of links per build."""
    target = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < min(len(target), len(base)) and target[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def href(from_src: str, to_src: str, use_directory_urls: bool, fragment: str = "") -> str:
    """A relative href from the page of `from_src` to `to_src` (and #fragment)."""
    relative, same_page = _page_href(from_src, to_src, use_directory_urls)
    if same_page and fragment:
        relative = ""
    return relative + (f"#{fragment}" if fragment else "")


@functools.lru_cache(maxsize=1 << 16)  # a glossary of 1000 terms asks for the same few thousand links
def _page_href(from_src: str, to_src: str, use_directory_urls: bool) -> tuple[str, bool]:
    here = page_url(from_src, use_directory_urls)
    there = page_url(to_src, use_directory_urls)
    base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    relative = _relpath(there, base)
    if (there.endswith("/") or not there) and relative != ".":
        relative += "/"
    return ("./" if relative == "." else relative), there == here
