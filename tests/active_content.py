"""Find active content in HTML: anything a hostile note, title or glossary entry could use to run
script, restyle the page or make the reader's browser fetch from another host.

Two rule sets. Inside content (what the engine writes: the page's <article>, a search-index entry,
the print document) nothing active may appear at all. In the whole page, the theme's own chrome
(scripts, the search form) is allowed, so scripts are compared with a clean build's."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements that run code, load something, take input, or restyle the page.
ACTIVE_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
               "input", "button", "textarea", "select", "link", "meta", "img", "picture", "video", "audio",
               "source", "track", "template", "math", "svg", "portal"}
# The engine's own drawings (the talk map and term strips: web/talkmap_svg.py, pdf/talkmap_print.py), known
# by class; what they hold is still scanned tag by tag. No source can write an <svg>: sanitised Markdown
# drops it and every plain field is escaped. Their only inline style is the PDF map's page-number placing.
ENGINE_SVG_CLASSES = {"tb-map-svg", "tb-map-notes", "tb-strip-svg", "tb-map-swatch", "map-svg", "map-swatch"}
# The talk page's inactive view (逐字 behind 通读) waits in a <template> talkbook.js swaps in; what it
# holds is scanned tag by tag like the rest.
ENGINE_TEMPLATE_CLASSES = {"tb-alt"}
ENGINE_STYLE = re.compile(r"left: \d+(?:\.\d+)?%; width: \d+(?:\.\d+)?%")
ALWAYS_FORBIDDEN = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
_SCHEME_NOISE = re.compile(r"[\s\x00-\x1f]+")
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True, order=True)
class Finding:
    where: str
    what: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: {self.detail[:120]}"


class _Scanner(HTMLParser):
    def __init__(self, where: str, content: bool):
        super().__init__(convert_charrefs=True)
        self.where, self.content = where, content
        self.findings: list[Finding] = []
        self.scripts: list[str] = []  # each script's src, or its text
        self._script: list[str] | None = None
        self._ellipsis_depth = 0  # > 0 inside an .md-ellipsis element
        self._ellipsis_text: list[str] = []
        self.text: list[str] = []

    def _find(self, what: str, detail: str) -> None:
        self.findings.append(Finding(self.where, what, detail))

    def handle_starttag(self, tag, attrs):
        self._check_attributes(tag, attrs)
        engine_svg = tag == "svg" and (dict(attrs).get("class") or "") in ENGINE_SVG_CLASSES or \
            tag == "template" and (dict(attrs).get("class") or "") in ENGINE_TEMPLATE_CLASSES
        if tag in ALWAYS_FORBIDDEN or (self.content and tag in ACTIVE_TAGS and not engine_svg):
            self._find(f"<{tag}> element", self.get_starttag_text() or tag)
        if tag == "script":
            source = dict(attrs).get("src")
            if source is not None:
                self.scripts.append("src=" + source)
            else:
                self._script = []
        classes = (dict(attrs).get("class") or "").split()
        if self._ellipsis_depth:
            self._ellipsis_depth += tag not in _VOID
        elif "md-ellipsis" in classes:
            self._ellipsis_depth, self._ellipsis_text = 1, []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._ellipsis_depth and tag not in _VOID:
            self._ellipsis_depth -= 1

    def _check_attributes(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._find("event-handler attribute", f"<{tag} {name}={value!r}>")
            engine_style = tag == "a" and "map-page" in (dict(attrs).get("class") or "").split() \
                and ENGINE_STYLE.fullmatch(value)
            if self.content and name == "style" and not engine_style:
                self._find("style attribute", f"<{tag} style={value!r}>")
            if _SCHEME_NOISE.sub("", value).lower().startswith(_DANGEROUS_SCHEMES) and name != "content":
                self._find("script or data URL", f"<{tag} {name}={value!r}>")
            # Material's content.tooltips assigns a title to innerHTML: it must hold no markup.
            if self.content and name == "title" and "<" in value:
                self._find("markup in a tooltip title", f"<{tag} title={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if self._ellipsis_depth:
            self._ellipsis_depth -= 1
            if not self._ellipsis_depth and "<" in "".join(self._ellipsis_text):
                # Material copies a too-long .md-ellipsis text into a tooltip, as HTML.
                self._find("markup in navigation text", "".join(self._ellipsis_text))

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._ellipsis_depth:
            self._ellipsis_text.append(data)
        self.text.append(data)


def scan(html: str, where: str, content: bool) -> _Scanner:
    """Scan `html`; `content` applies the strict rules (no active element or style at all)."""
    scanner = _Scanner(where, content)
    scanner.feed(html)
    scanner.close()
    return scanner


def content_of(page: str) -> str:
    """The part of a Material page the engine wrote: its one <article class="md-content__inner">."""
    start = page.index('<article class="md-content__inner')
    return page[start:page.rindex("</article>") + len("</article>")]


def normalise_script(script: str) -> str:
    """A script with the page's relative paths (../../) taken out, to compare scripts across pages."""
    return re.sub(r"(?:\.\.?/)+|\.\.", "", script)
