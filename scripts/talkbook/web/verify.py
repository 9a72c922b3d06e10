"""Verify: invariants checked on the output, the rendered HTML of a talk page.

- nothing lost, nothing added: the verbatim transcript is the text of the page's 逐字 paragraphs,
  all of it but the skipped chrome (speaker labels, markers, ¶ and suggest links): a correction is
  the transcript's words, marked, and no element that hides or strikes text (ins, del, s, template,
  script, style, a hidden or style attribute) may stand in a paragraph, so what 逐字 shows a reader
  is what is read back here (tests/test_changes_view.py checks the same in Chromium, CSS applied);
- every note is rendered exactly once, and every marker points to a rendered note;
- 通读 (when the talk has a reading text): its paragraphs give the reading text exactly, with the
  notes' markers (corrections that change the words are shown in them instead);
- each translation's view (tb-tpara, by its lang): its paragraphs give the translation's units, one
  paragraph per reading paragraph, with one marker for every note.

It runs on every talk page of every build (~130 KB each, with the theme), so instead of a general
HTML parser (html.parser cost ~2 s of a 25 s build at 100 talks) it reads the page in order with a
few regular expressions, by html.parser's rules where they matter: a tag ends at the first '>' not
in a value quoted after '='; an end tag closes the latest open element of its name; each run of text,
and attribute values, are unescaped with html.unescape. Python only handles what the check needs:
- the page's <article>: the theme's header, navigation and table of contents around it repeat
  escaped titles, never our elements (if one of our class names shows up outside, the whole page is read);
- outside paragraphs, one regular expression steps over text, comments, end tags and start tags up
  to the next one that holds one of our class names (as the renderer writes them: literally, and
  before any '>' in a quoted value);
- inside a paragraph, every tag, to follow which elements are open and which text is skipped.
Markup the renderer never writes is reported rather than read the way html.parser would (which can
hide a lost word or a doubled note): a tag without its '>', a paragraph that its own </p> does not
close (an end tag of no element open in it), a raw '<' in a paragraph's text (a comment, text left
unescaped), a speaker label, marker or paragraph link outside the paragraphs."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape

from talkbook.edition.model import Talk
from .translation_view import joint, units_by_paragraph

# Editorial additions inside a paragraph whose text is not transcript text.
_SKIPPED_CLASSES = {"tb-speaker", "tb-ref", "tb-plink", "tb-suggest"}
_OUR_CLASSES = ("tb-para", "tb-note", "tb-marker", *_SKIPPED_CLASSES)
# Elements and attributes that hide, strike or replace words: none in a paragraph, where every
# character shown is read back (a hidden <del> once held the transcript's words behind new ones).
_HIDING_TAGS = {"ins", "del", "s", "strike", "template", "script", "style", "noscript"}
_HIDING_ATTRIBUTES = {"hidden", "style"}
_MAY_HIDE = re.compile(r"hidden|style", re.IGNORECASE)  # cheap test before parsing a tag's attributes
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "track", "param"}

_OURS = re.compile(f"(?:{'|'.join(_OUR_CLASSES)})(?![\\w-])")  # tb-note, not tb-note-head
# A tag's attributes, up to its '>': as in html.parser, a value quoted after '=' may hold a '>'.
# (++ and *+ are possessive, Python 3.11+: what they matched is never tried again, so no backtracking.)
_ATTRIBUTES = r"""(?:[^>=]++|=++\s*+(?:"[^"]*+"|'[^']*+'|(?!["'])))*+"""
_TAG = re.compile(rf"<(/?)([a-zA-Z][^\s/>]*+)({_ATTRIBUTES})>")
# All that can be stepped over outside paragraphs, up to a start tag that may be ours (or the end).
_SKIP = re.compile(rf"""(?:
    [^<]++
  | <!--.*?--\s*> | <[!?/][^>]*+>                       # comment, declaration, end tag
  | <(?![a-zA-Z])                                       # a '<' that starts no tag
  | <[a-zA-Z](?![^>]*{_OURS.pattern}){_ATTRIBUTES}>
)*+""", re.VERBOSE | re.DOTALL)
# html.parser's attribute syntax: name, optionally = and a quoted or bare value.
_ATTRIBUTE = re.compile(r"""([^\s/>][^\s/>=]*)(?:\s*=+\s*("[^"]*"|'[^']*'|[^\s>]*))?""")


def _attributes(text: str) -> dict[str, str]:
    attributes = {}
    for name, value in _ATTRIBUTE.findall(text):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attributes[name.lower()] = unescape(value)  # the last of a repeated name counts, as in dict(attrs)
    return attributes


@lru_cache(maxsize=4096)  # many tags are alike (the markers' <sup>, corrections' <ins>, a talk's speakers)
def _classes(attributes: str) -> frozenset[str]:
    """A start tag's classes if one of ours may be among them; else none (nothing to check)."""
    return frozenset(_attributes(attributes).get("class", "").split()) if _OURS.search(attributes) else frozenset()


@dataclass
class Page:
    paragraphs: list[str] = field(default_factory=list)  # each paragraph's reading text
    notes: Counter = field(default_factory=Counter)  # note aside id -> how many times it is rendered
    markers: Counter = field(default_factory=Counter)  # note id a marker links to -> how many markers
    readings: list[str] = field(default_factory=list)  # each 通读 paragraph's text (tb-rpara)
    reading_markers: Counter = field(default_factory=Counter)  # the same as markers, in 通读
    translations: dict = field(default_factory=dict)  # lang -> each of its paragraphs' text (tb-tpara)
    translation_markers: Counter = field(default_factory=Counter)  # (lang, note id) -> markers
    reading_lang: str = ""  # the lang of the translated paragraph being read, "" in any other
    foreign: int = 0  # places with markup the renderer never writes (see the module's docstring)

    def count(self, name: str, attributes: str, classes: frozenset[str]) -> None:
        if "tb-note" in classes and name == "aside":
            self.notes[_attributes(attributes).get("id", "")] += 1
        if "tb-marker" in classes:
            target = _attributes(attributes).get("href", "").lstrip("#")
            if "tb-tmarker" in classes:
                self.translation_markers[(self.reading_lang, target)] += 1
            else:
                (self.reading_markers if "tb-rmarker" in classes else self.markers)[target] += 1

    def paragraph(self, html: str, at: int, skipping: bool, reading: bool = False, lang: str = "") -> int:
        """Read the paragraph whose start tag ends at `at`; returns where it ends. `lang`: a translated
        paragraph's language (its text goes to translations[lang])."""
        self.reading_lang = lang
        names, skips = ["p"], [skipping]  # the open elements, and whether their text is skipped
        text = []  # runs of text, still escaped
        closed = False  # by its own </p>
        raw = False  # a '<' that starts no tag: the renderer escapes them all, so a comment or text left unescaped
        hiding = False  # an element that may hide or strike words (_HIDING_TAGS, _HIDING_ATTRIBUTES)
        for tag in _TAG.finditer(html, at):
            start, end = tag.span()
            run = html[at:start]
            raw = raw or "<" in run
            if not skips[-1]:
                text.append(run)
            at = end
            closing, name, rest = tag.groups()
            name = name.lower()
            if closing:
                if name not in names:
                    break  # it closes an element around the paragraph (or nothing), so the paragraph too
                depth = len(names) - 1 - names[::-1].index(name)  # the latest open element of that name
                del names[depth:], skips[depth:]
                if not names:
                    closed = True
                    break
            else:
                classes = _classes(rest)
                if classes:
                    self.count(name, rest, classes)
                hiding = hiding or name in _HIDING_TAGS or (
                    _MAY_HIDE.search(rest) is not None and not _HIDING_ATTRIBUTES.isdisjoint(_attributes(rest)))
                if name not in _VOID and not rest.endswith("/"):
                    names.append(name)
                    skips.append(skips[-1] or not _SKIPPED_CLASSES.isdisjoint(classes))
        else:
            if not skips[-1]:
                text.append(html[at:])
            at = len(html)
        self.foreign += raw or not closed or hiding
        # Each run unescaped on its own, as html.parser does (an entity cut by a tag stays cut).
        text = "".join(map(unescape, text))
        if lang:
            self.translations.setdefault(lang, []).append(text)
        else:
            (self.readings if reading else self.paragraphs).append(text)
        self.reading_lang = ""
        return at


def _content(html: str) -> str:
    """The page's <article>, unless one of our class names shows up outside it (a theme that puts content
    elsewhere) or there is no article (a page without theme, in tests): then the whole page."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start or _OURS.search(html, 0, start) or _OURS.search(html, end):
        return html
    return html[start:end]


def read_page(html: str) -> Page:
    html = _content(html)
    page = Page()
    at = 0
    while (at := _SKIP.match(html, at).end()) < len(html):
        tag = _TAG.match(html, at)
        if tag is None:  # a start tag without its '>' (a quote left open?): html.parser would read on in it
            page.foreign += 1
            at += 1
            continue
        at = tag.end()
        name, rest = tag[2].lower(), tag[3]
        classes = _classes(rest)
        if name == "p" and "tb-para" in classes and not rest.endswith("/"):
            lang = _attributes(rest).get("lang", "?") if "tb-tpara" in classes else ""
            at = page.paragraph(html, at, not _SKIPPED_CLASSES.isdisjoint(classes), "tb-rpara" in classes, lang)
        else:
            page.count(name, rest, classes)
            page.foreign += not _SKIPPED_CLASSES.isdisjoint(classes)  # only ever rendered in a paragraph
    return page


def recover_transcript(html: str) -> str:
    """The transcript as it can be read back from a rendered talk page."""
    return "".join(read_page(html).paragraphs)


def check_talk_page(talk: Talk, html: str) -> list[str]:
    """Problems with a rendered talk page (empty when every invariant holds)."""
    page = read_page(html)
    problems = []
    recovered = "".join(page.paragraphs)
    if recovered != talk.transcript:
        at = next((i for i, (x, y) in enumerate(zip(recovered, talk.transcript)) if x != y),
                  min(len(recovered), len(talk.transcript)))
        problems.append(f"{talk.path}: the page does not reproduce the transcript: they differ from character {at} "
                        f"(page “{recovered[at:at + 20]}” vs transcript “{talk.transcript[at:at + 20]}”)")
    if page.foreign:
        problems.append(f"{talk.path}: markup the renderer never writes, in {page.foreign} place(s) on the page: a tag "
                        "without its '>', a paragraph not closed by its </p>, a raw '<' in a paragraph's text, "
                        "an element that hides or strikes words in a paragraph (ins, del, s, hidden, style...), "
                        "or a speaker label, marker or paragraph link outside the paragraphs")
    problems.extend(_check_reading(talk, page))
    problems.extend(_check_translations(talk, page))
    for note in talk.notes:
        count = page.notes[f"n-{note.id}"]
        if count != 1:
            problems.append(f"{note.path}: the note is rendered {count} times on the page, it must be once")
        marks = page.markers[f"n-{note.id}"]
        if marks != len(note.ranges):
            problems.append(f"{note.path}: {marks} marker(s) on the page for {len(note.ranges)} anchor(s)")
    return problems


def _check_reading(talk: Talk, page: Page) -> list[str]:
    """通读: the page's reading paragraphs give the reading text exactly (reading.md, aligned), and
    every note but the corrections shown in the words has its markers there too."""
    if talk.reading is None:
        return [f"{talk.path}: the page has 通读 paragraphs, but the talk has no reading text"] if page.readings else []
    problems = []
    shown, expected = "".join(page.readings), "".join(p.text for p in talk.reading.paragraphs)
    if shown != expected or len(page.readings) != len(talk.reading.paragraphs):
        at = next((i for i, (x, y) in enumerate(zip(shown, expected)) if x != y), min(len(shown), len(expected)))
        problems.append(f"{talk.reading.path}: the page's 通读 ({len(page.readings)} paragraphs) is not the reading "
                        f"text ({len(talk.reading.paragraphs)} paragraphs): they differ from character {at} "
                        f"(page “{shown[at:at + 20]}” vs reading text “{expected[at:at + 20]}”)")
    for note in talk.notes:
        wanted = 0 if note.replaces_text else len(note.ranges)
        marks = page.reading_markers[f"n-{note.id}"]
        if marks != wanted:
            problems.append(f"{note.path}: {marks} marker(s) in 通读 for {wanted} expected")
    return problems


def _check_translations(talk: Talk, page: Page) -> list[str]:
    """Each translation's view: its paragraphs are the reading paragraphs' units in its words, and
    every note has one marker there (at the end of the unit carrying its quote)."""
    problems = []
    expected_langs = {t.language: t for t in talk.translations}
    for lang in sorted(set(page.translations) - set(expected_langs)):
        problems.append(f"{talk.path}: the page has paragraphs in '{lang}', but the talk has no such translation")
    for lang, translation in expected_langs.items():
        grouped = units_by_paragraph(talk, translation)
        expected = [joint(translation).join(unit.text for unit in units) for units in grouped.values()]
        shown = page.translations.get(lang, [])
        if shown != expected:
            at = next((i for i, (x, y) in enumerate(zip(shown, expected)) if x != y), min(len(shown), len(expected)))
            problems.append(f"{translation.path}: the page's {lang} view ({len(shown)} paragraphs) is not the "
                            f"translation ({len(expected)} paragraphs): paragraph {at + 1} differs")
        for note in talk.notes:
            marks = page.translation_markers[(lang, f"n-{note.id}")]
            if marks != 1:
                problems.append(f"{note.path}: {marks} marker(s) in the {lang} view for 1 expected")
    return problems
