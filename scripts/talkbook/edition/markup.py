"""Editorial Markdown (note bodies, term bodies, summaries, intro pages) -> safe HTML.

Bodies come from strangers' pull requests, so the HTML Python-Markdown produces passes an
allow-list sanitiser (nh3): raw HTML, scripts, event handlers, iframes, styles and javascript:
URLs never reach the site or the PDF. Links written `term:<id>` and `note:<id>` are resolved
to real URLs by a tree processor, before sanitising."""
from __future__ import annotations

import re
from html import escape
from typing import Callable

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from .time_limit import time_limit

# Seconds one text may take to convert. The budgets (sources/markdown_budget.py) keep every valid
# text under a second even on a loaded CI machine; past this, something the budgets did not foresee
# is slow, and the build stops with an error naming the text (sources/locate.py finds its file).
MARKUP_SECONDS = 10.0

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "sup", "sub",
                "del", "ins", "cite", "q", "abbr", "table", "thead", "tbody", "tr", "th", "td", "hr", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

Resolver = Callable[[str, str], str]  # (scheme, target) -> href


class _ResolveLinks(Treeprocessor):
    """Rewrite term:/note: hrefs with the resolver of the current conversion."""

    resolver: Resolver | None = None

    def run(self, root):
        for link in root.iter("a"):
            target = link.get("href", "")
            scheme, _, rest = target.partition(":")
            if scheme in ("term", "note") and self.resolver is not None:
                link.set("href", self.resolver(scheme, rest))


class _Renderer:
    def __init__(self):
        self.md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
        self.links = _ResolveLinks(self.md)
        # Priority below 'inline' (20) so links exist as elements when we rewrite them.
        self.md.treeprocessors.register(self.links, "talkbook-links", 5)

    def convert(self, text: str, resolver: Resolver | None) -> str:
        self.links.resolver = resolver
        try:
            with time_limit(MARKUP_SECONDS, text):
                html = self.md.reset().convert(text)
        finally:
            self.links.resolver = None
        return sanitize(html)


_renderer: _Renderer | None = None

# A one-line text that Python-Markdown would only wrap in <p>: no character it or the sanitiser would
# change (escapes, emphasis, code, links, HTML, entities, no-break spaces, controls) anywhere, and no
# block syntax at the start (lists, headings, quotes, numbers, indentation). For those the converter
# (a third of the generator's time) is skipped; tests/test_markup_fast.py checks both paths agree.
_BARE = r"\x00-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\\`*_{}\[\]<>&"
_PLAIN = re.compile(rf"[^{_BARE} !-@|~](?:[^{_BARE}]*[^{_BARE} ])?\n*")


# The same, with links to a term or a note ([词条](term:mlops)) among the plain characters: most
# note bodies are a sentence or two and a "另见" link. A link's text is plain with no space at its
# edges, and a link never follows a '!' (that would be an image).
_LINK = re.compile(rf"(?<!!)\[((?! )[^{_BARE}]+(?<! ))\]\((term|note):([a-z0-9-]+)\)")
_LINKED = re.compile(rf"(?:[^{_BARE} !-@|~]|{_LINK.pattern})(?:[^{_BARE}]|{_LINK.pattern})*(?<! )\n*")


def _linked_html(text: str, resolver: Resolver) -> str | None:
    """What the converter gives for a plain line with term:/note: links, or None if the line is not
    one. Python-Markdown + nh3 write such a link as <a href="..." rel="noopener noreferrer">."""
    if not _LINKED.fullmatch(text):
        return None
    linked = _LINK.sub(lambda link: f'<a href="{escape(resolver(link[2], link[3]))}" rel="noopener noreferrer">'
                                    f'{link[1]}</a>', text.rstrip("\n"))
    return f"<p>{linked}</p>"


def tooltip_text(text: str) -> str:
    """Text for a `title` attribute. Material's content.tooltips shows a title by assigning it to
    innerHTML, so its value must itself be escaped HTML (the attribute is then escaped again):
    otherwise "<img src=x onerror=...>" in a title runs when someone hovers over it."""
    return escape(text, quote=False)


def _filter_attribute(_tag: str, attribute: str, value: str) -> str:
    return tooltip_text(value) if attribute == "title" else value


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", attribute_filter=_filter_attribute)


def _paragraph_html(line: str, resolver: Resolver | None) -> str | None:
    if _PLAIN.fullmatch(line):
        return f"<p>{line}</p>"
    if resolver is not None and "](" in line:
        return _linked_html(line, resolver)
    return None


def _shortcut_html(text: str, resolver: Resolver | None) -> str | None:
    """What the converter gives for paragraphs of one plain or linked line each, separated by one
    blank line (most note and term bodies), or None for any other text."""
    html = []
    for line in text.rstrip("\n").split("\n\n"):
        paragraph = _paragraph_html(line, resolver) if "\n" not in line else None
        if paragraph is None:
            return None
        html.append(paragraph)
    return "\n".join(html)


def to_html(text: str, resolver: Resolver | None = None) -> str:
    """Render editorial Markdown to sanitised HTML (one shared converter: creating one is slow)."""
    global _renderer
    shortcut = _shortcut_html(text, resolver)
    if shortcut is not None:
        return shortcut
    if _renderer is None:
        _renderer = _Renderer()
    return _renderer.convert(text, resolver)


def inline_html(text: str, resolver: Resolver | None = None) -> str:
    """Like to_html, for a one-paragraph text, without the surrounding <p>."""
    html = to_html(text, resolver)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
