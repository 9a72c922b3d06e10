"""The one way every output turns data into markup: Jinja2 templates with autoescape on.

Python decides what to show; the templates under each output's `templates/` folder own the tags,
classes and attributes. A deployment overrides a template by putting a file of the same name in an
override folder (the site: `<theme.custom_dir>/talkbook/`), as Material's custom_dir overrides its
partials. Every `{{ value }}` is escaped exactly as the standard library's html.escape does (quotes
as &quot; and &#x27;), so the markup is byte for byte what the f-strings before it wrote."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import jinja2
from markupsafe import Markup

from .template_cache import compiled_templates

COMMON = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class Link:
    """A link as templates show it: where to, and what it says (a name or a note number)."""

    href: str
    name: object


@dataclass(frozen=True)
class Fix:
    """A correction's original words and how sure the editors are of the reading."""

    original: str
    confidence: str


_SPECIAL = frozenset("&<>\"'")


def _finalize(value):
    """Escape as html.escape(quote=True) does; Markup (already safe HTML) passes through. Called for
    every value a template prints (most of a page's words): a text with nothing to escape, the most
    common, is wrapped without html.escape's five passes."""
    if isinstance(value, Markup) or value is None:
        return value
    text = value if type(value) is str else str(value)
    return Markup(escape(text)) if not _SPECIAL.isdisjoint(text) else Markup(text)


def text(value) -> Markup:
    """The `text` filter: element content escaped as html.escape(quote=False) (quotes kept as typed)."""
    return value if isinstance(value, Markup) else Markup(escape(str(value), quote=False))


_URL_HEAD = re.compile(r"[a-z][a-z0-9+.-]*://[^/]*/?", re.I)  # scheme and host: never broken
_AFTER_SLASH_OR_DOT = re.compile(r"(?<=[/.])")
LONG_URL_PART = 40  # characters; a longer part of a path (a slug) may also break after its hyphens


def breakable_url(url: str) -> Markup:
    """The `breakable_url` filter, for print: `url` as unbreakable parts with a <wbr> between them, so
    a line breaks only after the scheme and host, after a "/" or a "." (and inside a long slug after a
    "-"), never inside "https://" or between a letter and the next."""
    head = _URL_HEAD.match(url)
    start = head.end() if head else 0
    parts = [url[:start]]
    for part in _AFTER_SLASH_OR_DOT.split(url[start:]):
        parts.extend(re.split(r"(?<=-)", part) if len(part) > LONG_URL_PART else [part])
    return Markup("<wbr>".join(f'<span class="url-part">{escape(part)}</span>' for part in parts if part))


@functools.cache
def environment(package: Path, overrides: tuple[str, ...] = ()) -> jinja2.Environment:
    """Templates from `overrides` first (folders that exist), then `package`, then the shared ones."""
    folders = [folder for folder in overrides if Path(folder).is_dir()] + [str(package), str(COMMON)]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True, finalize=_finalize,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                             undefined=jinja2.StrictUndefined)
    env.filters["text"] = text
    env.filters["breakable_url"] = breakable_url
    env.bytecode_cache = compiled_templates(env)  # compiled once per environment, as the theme's are
    return env


def macros(package: Path, name: str, overrides: tuple[str, ...] = ()):
    """The macros of template `name` as callables (each returns Markup)."""
    return environment(package, overrides).get_template(name).module


def safe(html: str) -> Markup:
    """HTML that talkbook made safe already (sanitised Markdown, woven paragraph text)."""
    return Markup(html)
