"""Render: the model -> the site's generated pages (Markdown with raw-HTML blocks for the reading
text, which MkDocs passes through untouched), as a mapping from page path to content. Headings are
Markdown (TOC, permalinks); each run of HTML between them is one rawblocks.html_block."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from markupsafe import Markup

from talkbook.edition import hant
from talkbook.edition.bibliography import bibliography
from talkbook.edition.labels import labels_for, labels_for_tag
from talkbook.edition.markup import to_html
from talkbook.edition.model import Edition, Note, Paragraph, Talk, Term
from talkbook.edition.numbering import note_numbers
from talkbook.edition.reading_weave import reading_quote
from talkbook.edition.structure import reading_text
from talkbook.edition.talkmap import talk_map, term_strips
from talkbook.edition.templating import Fix, Link, macros, safe
from talkbook.edition.weave import by_paragraph
from talkbook.sources.validate import BODY_LINK

from . import changes, links, reading_view, translation_view, urls
from .inline import TermLink, marker_id, render_paragraph_text
from .rawblocks import html_block
from .search import joined_spellings
from .search_view import SearchView
from .talkmap_svg import home_map, talk_page_map, term_strips_html

TEMPLATES = Path(__file__).with_name("templates")
# Python-Markdown's backslash escapes; '<' is not one of them, so it becomes an entity instead.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


@dataclass(frozen=True)
class RenderOptions:
    use_directory_urls: bool = True
    edit_base: str = ""  # e.g. https://github.com/ORG/REPO/edit/main/ ; "" = no edit links
    new_file_base: str = ""  # e.g. https://github.com/ORG/REPO/new/main ; "" = no suggest links
    templates: tuple[str, ...] = ()  # folders whose templates override ours (edition/templating.py)
    language: str = "zh"  # the site's (mkdocs.yml theme.language): its chrome; a talk in another gets lang=


def _untitled_label(talk: Talk, note: Note) -> str:
    """What a note without a title is about, after its name: a correction's name already says its
    kind ("更正 3：更正" said nothing), so it shows what it corrects."""
    if note.kind == "correction" and note.replace:
        start, end = note.ranges[0]
        return f"{talk.transcript[start:end]} → {note.replace}"
    return labels_for(talk.language).note_kind[note.kind]


def summary_id(section) -> str:
    """The id of a section's summary on its page: "--" never occurs in a section id (schema.ID_PATTERN)."""
    return f"{section.id}--summary"


def md_text(text: str) -> str:
    """Plain text made safe to put in a Markdown heading or link text."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


MARGIN_NOTES_KEY = "talkbook_margin_notes"  # read by overrides/main.html in <head>
SCRIPT_KEY = "talkbook_script"  # hans|hant, and the other page's href: overrides/main.html opens the remembered one
OTHER_SCRIPT_KEY = "talkbook_script_other"


def front_matter(title: str, hide: tuple[str, ...] = (), margin_notes: bool = False,
                 script: tuple[str, str] | None = None) -> str:
    """YAML front matter; `hide` lists Material's page elements to leave out (e.g. navigation);
    `margin_notes` tells the page's <head> that the text leaves room for notes beside it, before the
    parser has reached any of them (a rule keyed on the notes themselves applied only once the
    streamed HTML got there, after the first paint: the header moved, issue #28)."""
    hidden = "".join(f"\n  - {item}" for item in hide)
    extra = f"\n{MARGIN_NOTES_KEY}: true" if margin_notes else ""
    if script:  # (this page's script, the other's href); the 繁 page stays out of search (its words are the 简 page's)
        extra += f"\n{SCRIPT_KEY}: {script[0]}\n{OTHER_SCRIPT_KEY}: {_yaml_string(script[1])}"
        extra += "\nsearch:\n  exclude: true" if script[0] == "hant" else ""
    # MkDocs themes print page titles unescaped (navigation, header, <title>): escape them here.
    return ("---\ntitle: " + _yaml_string(escape(title, quote=False)) + (f"\nhide:{hidden}" if hide else "")
            + extra + "\n---\n\n")


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class _TranslatedNote:
    """A note's aside in one translation's words (talk.html note_aside)."""

    language: str  # the view's name: the translation's folder
    lang: str  # its lang attribute
    marker: str  # the id of its marker in that view
    mark: str
    back: str
    kind: str
    title: str
    gloss: str
    body: str  # HTML, "" when only title and gloss are translated
    name: str  # what the aside is called in that view ("Correction 14: …"), as the note's own aria-label
    terms: list  # Links, named in its language where the glossary can
    see_also: list  # Links to the other notes, named in its language
    edit_url: str  # its own file's edit page, "" without a host
    L: object  # its labels


@dataclass(frozen=True)
class _TranslatedSection:
    id: str
    title: str
    summary_id: str
    summary: str  # HTML, "" if the section has none


@dataclass(frozen=True)
class _TranslatedBlock:
    language: str
    paragraphs: list


@dataclass(frozen=True)
class _ViewButton:
    language: str
    L: object  # the translation's labels


@dataclass(frozen=True)
class _IndexRow:
    href: str
    term: Term
    en: str


@dataclass(frozen=True)
class _BibRow:
    anchor: str
    work: object  # edition.bibliography.Work
    citers: list


class _Pages:
    """Renders every page of one edition; holds the lookups the pages share."""

    def __init__(self, edition: Edition, options: RenderOptions, known_markup: dict | None = None,
                 script: str = "hans"):
        self.edition = edition
        self.script = script  # "hant": these pages are rendered to be converted to 繁體 (hant_page)
        self._hant: _Pages | None = None
        self._translated: dict[tuple[str, str, str], list[_TranslatedNote]] = {}  # translated_note's memo
        self._phrases: hant.PhraseTable | None = None
        self.options = options
        self.known_markup = known_markup or {}  # from an earlier build; see html()
        self.markup: dict[tuple[str, str, str], str] = {}  # (text, page, talk id) -> HTML, this build
        self.terms = {t.id: t for t in edition.terms}
        self._backlinks: dict[str, tuple[list, list]] | None = None
        self._strips: dict | None = None
        self.search_views: dict[str, SearchView] = {}  # page path -> what search indexes (search_view.py)
        self.talk_html = macros(TEMPLATES, "talk.html", options.templates)
        self.glossary_html = macros(TEMPLATES, "glossary.html", options.templates)
        self.search_html = macros(TEMPLATES, "search.html", options.templates)
        self.map_html = macros(TEMPLATES, "talkmap.html", options.templates)
        self.bibliography_html = macros(TEMPLATES, "bibliography.html", options.templates)
        self.site_labels = labels_for(options.language)

    def lang_attribute(self, talk: Talk) -> str:
        """The talk's language for a lang attribute on its content, "" when it is the site's (the page
        inherits that from <html lang>); zh-Hant on the 繁 page."""
        if self.script == "hant":
            return hant.LANG
        return "" if talk.language == self.site_labels.lang else labels_for(talk.language).lang

    def definition(self, term: Term, talk: Talk) -> str:
        """A term's tooltip on a talk's page: in the talk's language, or marked as in another."""
        short, fallback = term.short_in(talk.language)
        return labels_for(talk.language).fallback + short if fallback else short

    def href(self, here: str, there: str, fragment: str = "") -> str:
        return urls.href(here, there, self.options.use_directory_urls, fragment)

    def resolver(self, here: str, talk: Talk | None):
        def resolve(scheme: str, target: str) -> str:
            if scheme == "term":
                return self.href(here, urls.term_page(target))
            return self.href(here, self.talk_path(talk), f"n-{target}") if talk else "#"
        return resolve

    def suggest_link(self, talk: Talk, paragraph: Paragraph) -> str:
        """The paragraph's "suggest a note" link to the host's new-file page, if there is a host."""
        if not self.options.new_file_base:
            return ""
        return self.talk_html.suggest_link(links.suggest_note_url(self.options.new_file_base, talk, paragraph),
                                           paragraph.number, labels_for(talk.language))

    # ---- talk page -------------------------------------------------------------------------

    def note_aside(self, talk: Talk, note: Note, number: int, here: str) -> str:
        fix = None
        if note.kind == "correction":  # a correction without `replace` only voices a doubt
            start, end = note.ranges[0]
            fix = Fix(talk.transcript[start:end], labels_for(talk.language).how_sure(note))
        numbers = note_numbers(talk) if note.see_also else {}
        return self.talk_html.note_aside(
            note, number, labels_for(talk.language).note_kind[note.kind], marker_id(note, 0), fix,
            safe(self.html(note.body, here, talk)),
            [Link(self.href(here, urls.term_page(t)), self.terms[t].name_in(talk.language)) for t in note.terms],
            [Link(f"n-{n}", numbers[n].name) for n in note.see_also],
            self.options.edit_base + note.path if self.options.edit_base else "", labels_for(talk.language),
            **({"translated": self.translated_note(talk, note, number, here)} if talk.translations else {}))

    def translated_note(self, talk: Talk, note: Note, number, here: str) -> list[_TranslatedNote]:
        """The note in each translation's words, for its aside and the page's translated words
        (translation_view.py); made once per note and page (talk_page empties the memo)."""
        key = (talk.id, note.id, here)
        if key not in self._translated:
            self._translated[key] = self._translate_note(talk, note, number, here)
        return self._translated[key]

    def _translate_note(self, talk: Talk, note: Note, number, here: str) -> list[_TranslatedNote]:
        parts, numbers = [], note_numbers(talk)
        for translation in talk.translations:
            L, own = labels_for_tag(translation.language), translation.note(note.id)
            name = translation_view.note_name(number, note, L)
            parts.append(_TranslatedNote(
                translation.language, translation.language, translation_view.marker_id(translation.language, note.id),
                name.mark, L.back_to_marker.format(name=name.name), L.note_kind[note.kind], own.title, own.gloss,
                safe(self.html(own.body, here, talk)), f"{name.name[:1].upper()}{name.name[1:]}{L.colon}{own.title}",
                [Link(self.href(here, urls.term_page(t)), self.terms[t].name_in(L.lang)) for t in note.terms],
                [Link(f"n-{n}", translation_view.note_name(numbers[n], talk.note(n), L).name) for n in note.see_also],
                self.options.edit_base + own.path if self.options.edit_base else "", L))
        return parts

    def html(self, text: str, here: str, talk: Talk | None) -> str:
        """Editorial Markdown on page `here` as HTML. Converted once per text and page: the page and
        its search view share it, and a build cache (buildcache.py) keeps it for the next build."""
        if not text:
            return ""
        key = (text, here, talk.id if talk else "")
        if key not in self.markup:
            known = self.known_markup.get(key)
            self.markup[key] = known if known is not None else to_html(text, self.resolver(here, talk))
        return self.markup[key]

    # Search keeps the speakers' words apart from the editors' (#24): a section's entry holds only
    # what was said (通读, insertions in their 〔〕); each summary and note is an entry of its own,
    # titled as the editors' ("编者小结 · 第 2 节", "编者背景 · 注 3") and leading to it on the page. The
    # headings exist only in the search view (search_view.compose); their ids are the summary's and
    # the note's on the page.

    def note_search_html(self, talk: Talk, note: Note, number, here: str) -> str:
        """A note's own search entry: its title as the editors', the correction's original words, body, terms, sources."""
        L = labels_for(talk.language)
        original = None
        if note.kind == "correction":
            start, end = note.ranges[0]
            original = talk.transcript[start:end]
        heading = L.search_note.format(kind=L.note_kind[note.kind], name=number.name)
        indexed = self.search_html.note(f"n-{note.id}", heading, note, original, safe(self.html(note.body, here, talk)),
                                        [self.terms[t].name_in(talk.language) for t in note.terms], L)
        return indexed + _joined_search_html(note.replace) if note.replace else indexed

    def translation_search_html(self, talk: Talk, translation, section, grouped, numbers, here: str) -> list[str]:
        """A section in a translation's words as search entries of their own, in that language: what was
        said, then each note whose marker is in it. Their ids (<section>--<lang>, n-<note>--<lang>) are
        on no element: talkbook.js opens the translation's view at the section or note they name."""
        L = labels_for_tag(translation.language)
        joint = translation_view.joint(translation)
        said, notes = [], []
        for paragraph in section.paragraphs:
            speaker = ""
            if paragraph.speaker:
                speaker = translation.speaker(next(s.id for s in talk.speakers if s.label == paragraph.speaker)) + \
                    L.turn_certainty.get(paragraph.speaker_certainty, "")
            for reading in reading_view.block_paragraphs(talk, paragraph):
                units = grouped[reading.line]
                said.append(self.search_html.paragraph(speaker, joint.join(u.text for u in units)))
                notes.extend(n for u in units for n in u.notes)
                speaker = ""
        heading = L.search_translation.format(section=L.section_n.format(n=section.number))
        entries = [str(self.search_html.editorial(f"{section.id}--{translation.language}", heading, safe("".join(
            str(p) for p in said))))]
        for note_id in notes:
            note, own = talk.note(note_id), translation.note(note_id)
            name = translation_view.note_name(numbers[note_id], note, L)
            entries.append(str(self.search_html.translated_note(
                f"n-{note_id}--{translation.language}", L.search_note.format(kind=L.note_kind[note.kind], name=name.name),
                own, safe(self.html(own.body, here, talk)))))
        return entries

    def summary_search_html(self, talk: Talk, section, summary: str) -> str:
        """A section summary's own search entry, titled as the editors'."""
        L = labels_for(talk.language)
        return str(self.search_html.editorial(summary_id(section),
                                              L.search_summary.format(section=L.section_n.format(n=section.number)),
                                              safe(summary)))

    def paragraph_search_html(self, talk: Talk, paragraph: Paragraph, notes) -> str:
        """The words said in a paragraph; `notes`: those touching it (weave.by_paragraph)."""
        hedge = labels_for(talk.language).turn_certainty.get(paragraph.speaker_certainty, "")
        speaker = paragraph.speaker + hedge if paragraph.speaker else ""
        words = reading_view.block_text(talk, paragraph) if talk.reading else \
            reading_text(talk.transcript, paragraph, notes)
        return self.search_html.paragraph(speaker, words)

    def paragraph_block(self, talk: Talk, paragraph: Paragraph, notes, mentions, after, numbers, term_links,
                        here: str, grouped: dict | None = None) -> str:
        """`notes`, `mentions`: those touching the paragraph (weave.by_paragraph); `after`: the notes shown after it."""
        L = labels_for(talk.language)
        inner = render_paragraph_text(talk.transcript, paragraph, notes, numbers, mentions, term_links, L)
        hedge = L.turn_certainty.get(paragraph.speaker_certainty, "")
        suggest = safe(self.suggest_link(talk, paragraph))
        readings = reading_view.block_paragraphs(talk, paragraph)
        reading = [safe(reading_view.paragraph_html(
            talk, r, notes, numbers, L, mentions, term_links,
            str(self.talk_html.reading_lead(paragraph, hedge)) if i == 0 else "",
            str(self.talk_html.reading_tail(paragraph, suggest, L)) if i == len(readings) - 1 else "",
            units=bool(talk.translations)))
            for i, r in enumerate(readings)]
        translated = [_TranslatedBlock(tr.language, [safe(p) for p in self.translated_paragraphs(
            talk, tr, paragraph, numbers, grouped[tr.language])]) for tr in talk.translations]
        return self.talk_html.paragraph_block(
            paragraph, hedge, safe(inner), suggest, [self.note_aside(talk, n, numbers[n.id], here) for n in after],
            L, self.lang_attribute(talk), reading, **({"translated": translated} if translated else {}))

    def translated_paragraphs(self, talk: Talk, translation, paragraph: Paragraph, numbers, grouped) -> list[str]:
        """A paragraph block in a translation's words: its speaker, units and markers, ¶ and suggest links."""
        L = labels_for_tag(translation.language)
        lead = ""
        if paragraph.speaker:
            speaker = next(s.id for s in talk.speakers if s.label == paragraph.speaker)
            lead = str(self.talk_html.translated_lead(translation.speaker(speaker), paragraph.speaker_certainty,
                                                      L.turn_certainty.get(paragraph.speaker_certainty, "")))
        suggest = safe(self.talk_html.suggest_link(links.suggest_note_url(self.options.new_file_base, talk, paragraph),
                                                   paragraph.number, L) if self.options.new_file_base else "")
        tail = str(self.talk_html.reading_tail(paragraph, suggest, L))
        return translation_view.block_html(talk, translation, paragraph.start, paragraph.end, grouped, numbers,
                                           lead, tail)

    def talk_path(self, talk: Talk) -> str:
        return urls.talk_page_hant(talk.id) if self.script == "hant" else urls.talk_page(talk.id)

    def hant_page(self, talk: Talk) -> str:
        """The talk page in traditional characters: rendered as the 简 one is (with its own links and
        lang="zh-Hant" on the talk's words), then converted whole by edition/hant.py, which changes Han
        characters only (ids, hrefs and classes are ASCII). Only the page: transcript.txt stays the one
        file, and the 繁 page's download link is to it."""
        if self._hant is None:
            self._hant = _Pages(self.edition, self.options, script="hant")
            self._phrases = hant.phrase_table(self.edition.terms, self.edition.talks)
        return self._phrases.convert(self._hant.talk_page(talk))

    def talk_page(self, talk: Talk) -> str:
        self._translated = {}
        here = self.talk_path(talk)
        numbers = note_numbers(talk)  # as the PDF numbers them (edition/numbering.py)
        touching = by_paragraph(talk)
        # Only the terms this talk mentions: a link for every glossary term on every talk page
        # grew with talks × terms.
        term_links = {t: TermLink(self.href(here, urls.term_page(t)), self.definition(self.terms[t], talk))
                      for t in sorted({m.term_id for m in talk.mentions})}
        intro = Link(self.href(here, urls.intro_page(talk.id)), talk.intro_title) if talk.intro_title else None
        # The talk page keeps the site navigation, as every other page does, so the text column starts
        # at the same place on each (issue #28: it jumped 250 px); it leaves out the table of contents
        # instead, whose width goes to the margin notes: the talk map lists the sections.
        heading = f" {{lang=\"{self.lang_attribute(talk)}\"}}" if self.lang_attribute(talk) else ""
        hans_href = self.href(here, urls.talk_page(talk.id))
        hant_href = self.href(here, urls.talk_page_hant(talk.id))
        scripts = hant.has_hant_page(talk)
        script = ((self.script, hant_href if self.script == "hans" else hans_href) if scripts else None)
        out = [front_matter(talk.title, hide=("toc",), margin_notes=True, script=script),
               f"# {md_text(talk.title)}{heading}\n"]
        head = [self.talk_html.subtitle(talk.subtitle, self.lang_attribute(talk))] if talk.subtitle else []
        head.append(self.talk_html.facts(talk, [s.label for s in talk.speakers], labels_for(talk.language),
                                         self.lang_attribute(talk)))
        head.append(self.talk_html.talk_links(intro, self.href(here, urls.transcript_file(talk.id)),
                                              labels_for(talk.language), talk.title))
        view = [(None, "".join(head[:-1]))]  # subtitle and facts; the links are not words of the talk
        if talk.reading:
            switch = [_ViewButton(t.language, labels_for_tag(t.language)) for t in talk.translations]
            head.append(self.talk_html.view_switch(labels_for(talk.language), **({"translations": switch} if switch else {}),
                                                   hant=self.script == "hant"))
        if scripts:
            head.append(self.talk_html.script_switch(labels_for(talk.language), hans_href + "?script=hans",
                                                     hant_href, self.script))
        grouped = {t.language: translation_view.units_by_paragraph(talk, t) for t in talk.translations}
        for index, translation in enumerate(talk.translations):
            head.append(self.talk_html.translated_words(translation.language, translation.title, [
                _TranslatedSection(s.id, translation.section(s.id).title, summary_id(s),
                                   safe(self.html(translation.section(s.id).summary, here, talk)))
                for s in talk.sections], labels_for_tag(translation.language),
                [(n.id, self.translated_note(talk, n, numbers[n.id], here)[index]) for n in talk.notes]))
        out.append(_html_run(head))
        out.append(_html_run(talk_page_map(self.map_html, talk_map(talk), labels_for(talk.language))))
        for section in talk.sections:
            lang = f' lang="{self.lang_attribute(talk)}"' if self.lang_attribute(talk) else ""
            out.append(f"## {md_text(section.title)} {{#{section.id}{lang}}}\n")
            summary = self.html(section.summary, here, talk)
            blocks = [self.talk_html.summary(safe(summary), labels_for(talk.language), self.lang_attribute(talk),
                                             summary_id(section))] if summary else []
            indexed, editorial = [], []  # the speakers' words; the editors' (their own search entries)
            # The 繁 page stays out of search (front_matter): its view would be made and thrown away.
            searched = self.script != "hant"
            if summary and searched:
                editorial.append(self.summary_search_html(talk, section, summary))
            for paragraph in section.paragraphs:
                notes, mentions = touching[paragraph.id]
                after = talk.notes_after(paragraph, notes)
                blocks.append(self.paragraph_block(talk, paragraph, notes, mentions, after, numbers, term_links, here,
                                                   grouped))
                if searched:
                    indexed.append(self.paragraph_search_html(talk, paragraph, notes))
                    editorial.extend(self.note_search_html(talk, n, numbers[n.id], here) for n in after)
            if blocks:
                out.append(_html_run(blocks))
            for translation in talk.translations if searched else ():
                editorial.extend(self.translation_search_html(talk, translation, section, grouped[translation.language],
                                                              numbers, here))
            view.append((section.id, "".join(indexed) + "".join(editorial)))
        if talk.reading:  # what 通读 changed, as data for the change view (changes.py)
            out.append(_html_run([self.talk_html.changes_data(safe(changes.changes_json(talk, labels_for(talk.language))))]))
        self.search_views[here] = tuple(view)
        return "\n".join(out)

    def intro_page(self, talk: Talk) -> str:
        here = urls.intro_page(talk.id)
        back = self.href(here, urls.talk_page(talk.id))
        return (front_matter(talk.intro_title) + f"# {md_text(talk.intro_title)}\n\n" + _html_run([
            self.talk_html.intro(safe(self.html(talk.intro_body, here, talk)), self.lang_attribute(talk)),
            self.talk_html.intro_back(back, talk.title, labels_for(talk.language))]))

    # ---- glossary --------------------------------------------------------------------------

    def term_page(self, term: Term) -> str:
        here = urls.term_page(term.id)
        heading = term.name + (f"（{term.en}）" if term.en and term.en != term.name else "")
        body = safe(self.html(term.body, here, None))
        related = [Link(self.href(here, urls.term_page(r)), self.terms[r].name) for r in term.related]
        out = [front_matter(heading), f"# {md_text(heading)}\n",
               _html_run([self.glossary_html.term_about(term, body, related, self.site_labels)])]
        passages, notes = self.backlinks(term, here)
        L = self.site_labels
        out.append(f"## {md_text(L.mentions)} {{#mentions}}\n")
        # The lists repeat transcript snippets and titles that the talk pages already index; kept out of
        # the search index (Material's data-search-exclude) they neither crowd the results nor double
        # the text jieba segments (a third of the index at 100 talks).
        strips = self.strips().get(term.id)
        out.append(_html_run(([term_strips_html(self.map_html, strips, lambda talk_id, fragment: self.href(
            here, urls.talk_page(talk_id), fragment), L)] if strips else []) +
            [self.glossary_html.backlinks(passages) if passages else self.glossary_html.no_mentions(L)]))
        if notes:
            out.append(f"## {md_text(L.related_notes)} {{#notes}}\n")
            out.append(_html_run([self.glossary_html.backlinks(notes)]))
        out.append(f"## {md_text(L.sources)} {{#sources}}\n")
        if term.sources:
            out.append(_html_run([self.talk_html.sources(term.sources)]))
        # The passage and note lists repeat what the talk pages index: their headings stay out too.
        indexed = self.search_html.term(term, body, related, L) + _joined_search_html(" ".join(term.names))
        self.search_views[here] = ((None, str(indexed)), ("mentions", None)) + \
            ((("notes", None),) if notes else ()) + (("sources", str(self.search_html.sources(term.sources))),)
        return "\n".join(out)

    def strips(self) -> dict:
        """term id -> where each talk mentions it (edition.talkmap), worked out once for all term pages."""
        if self._strips is None:
            self._strips = term_strips(self.edition.talks)
        return self._strips

    def backlink_index(self) -> dict[str, tuple[list, list]]:
        """term id -> (mentioned passages, notes about it), in talk order, built in one pass over the
        talks: asking every talk about every term made the glossary cost talks × terms."""
        if self._backlinks is None:
            self._backlinks = {t.id: ([], []) for t in self.edition.terms}
            for talk in self.edition.talks:
                paragraphs = [(s, p) for s in talk.sections for p in s.paragraphs]
                starts = [p.start for _, p in paragraphs]
                seen = set()
                for mention in talk.mentions:
                    section, paragraph = paragraphs[bisect.bisect_right(starts, mention.start) - 1]
                    if (mention.term_id, paragraph.id) not in seen:
                        seen.add((mention.term_id, paragraph.id))
                        self._backlinks[mention.term_id][0].append((talk, section, paragraph, mention))
                numbers = note_numbers(talk)
                for note in talk.notes:
                    number = numbers[note.id]
                    linked = {target for scheme, target in BODY_LINK.findall(note.body) if scheme == "term"}
                    for term_id in sorted(set(note.terms) | linked):
                        if term_id in self._backlinks:
                            self._backlinks[term_id][1].append((talk, number, note))
        return self._backlinks

    def backlinks(self, term: Term, here: str) -> tuple[list[str], list[str]]:
        """The term's passages and notes, grouped under each talk's title (given once per talk)."""
        passages: dict[str, list] = {}
        notes: dict[str, list] = {}
        titles = {}
        mentioned, noted = self.backlink_index()[term.id]
        for talk, section, paragraph, mention in mentioned:
            # The reading text where the talk has one (punctuated, whole words), else the transcript.
            context = reading_quote(talk, mention.start, mention.end) or "…" + talk.transcript[
                max(paragraph.start, mention.start - 20):min(paragraph.end, mention.end + 20)] + "…"
            link = self.href(here, urls.talk_page(talk.id), paragraph.id)
            titles[talk.id] = talk.title
            passages.setdefault(talk.id, []).append(
                self.glossary_html.passage(link, section, paragraph, context, self.site_labels))
        for talk, number, note in noted:
            link = self.href(here, urls.talk_page(talk.id), f"n-{note.id}")
            label = note.title or _untitled_label(talk, note)
            titles[talk.id] = talk.title
            notes.setdefault(talk.id, []).append(self.glossary_html.note_item(link, number, label, self.site_labels))
        return ([self.glossary_html.talk_group(titles[t], items) for t, items in passages.items()],
                [self.glossary_html.talk_group(titles[t], items) for t, items in notes.items()])

    def glossary_index(self) -> str:
        here = urls.GLOSSARY_INDEX
        rows = [_IndexRow(self.href(here, urls.term_page(term.id)), term,
                          term.en if term.en and term.en != term.name else "")
                for term in sorted(self.edition.terms, key=lambda t: (t.en or t.name).casefold())]
        L = self.site_labels
        return (front_matter(L.glossary) + f"# {md_text(L.glossary)}\n\n" + _html_run([
            self.glossary_html.index_intro(len(rows), L), self.glossary_html.index(rows)]))

    def bibliography_page(self) -> str:
        """Every work cited in the edition, once, numbered as the PDF's notes cite it, with links to the
        notes (on their talk page) and glossary terms that cite it."""
        here, L = urls.BIBLIOGRAPHY, self.site_labels
        talks = {talk.id: talk for talk in self.edition.talks}
        entries = []
        for work in bibliography(self.edition).works:
            citers = []
            for citer in work.cited_by:
                if citer.is_term:
                    term = self.edition.term(citer.id)
                    citers.append(Link(self.href(here, urls.term_page(term.id)), term.name_in(L.lang)))
                else:
                    talk = talks[citer.talk_id]
                    name = note_numbers(talk)[citer.id].name
                    if len(talks) > 1:
                        name = L.in_talk.format(title=talk.title) + name
                    citers.append(Link(self.href(here, urls.talk_page(talk.id), f"n-{citer.id}"), name))
            entries.append(_BibRow(f"w-{work.number}", work, citers))
        return (front_matter(L.bibliography) + f"# {md_text(L.bibliography)}\n\n"
                + _html_run([self.bibliography_html.page(L.bibliography_intro, entries, L)]))

    # ---- home ------------------------------------------------------------------------------

    def home(self) -> str:
        L = self.site_labels
        out = [front_matter(L.home_title), f"# {md_text(L.home_title)}\n", md_text(L.home_blurb) + "\n"]
        for talk in self.edition.talks:
            link = urls.talk_page(talk.id)
            out.append(f"## [{md_text(talk.title)}]({link})\n")
            facts = [talk.date, talk.event, L.sections_n.format(n=len(talk.sections)), L.notes_n.format(n=len(talk.notes))]
            out.append(md_text(" · ".join(facts)) + "\n")
            if len(self.edition.talks) > 1:  # one talk's shape is on its own page, a click away
                out.append(_html_run([home_map(self.map_html, talk_map(talk), lambda fragment, t=talk: self.href(
                    urls.HOME, urls.talk_page(t.id), fragment), L)]))
            if talk.intro_title:
                out.append(f"[{md_text(talk.intro_title)}]({urls.intro_page(talk.id)})\n")
        out.append(f"[{md_text(L.glossary)}]({urls.GLOSSARY_INDEX}){md_text(L.colon + L.terms_n.format(n=len(self.edition.terms)) + L.full_stop)}\n")
        return "\n".join(out)


def _joined_search_html(names: str) -> Markup:
    """Names written with a hyphen or a middle dot, joined up for the index (DALLE, GPT4: search.py)."""
    joined = joined_spellings(names)
    return Markup("<p>{}</p>").format(" ".join(joined)) if joined else Markup()


def _html_run(blocks: list[str]) -> str:
    """Consecutive HTML blocks (no Markdown between them) as one raw block, a blank line apart."""
    return html_block("\n\n".join(blocks))


@dataclass(frozen=True)
class RenderedTalk:
    """A talk's own files (talk page, transcript, intro page) and its talk page's search view."""

    files: dict[str, str | bytes]
    search_view: SearchView


def render_talk(pages: _Pages, talk: Talk) -> RenderedTalk:
    files: dict[str, str | bytes] = {urls.talk_page(talk.id): pages.talk_page(talk),
                                     urls.transcript_file(talk.id): talk.transcript.encode("utf-8")}
    if hant.has_hant_page(talk):
        files[urls.talk_page_hant(talk.id)] = pages.hant_page(talk)
    if talk.intro_title:
        files[urls.intro_page(talk.id)] = pages.intro_page(talk)
    return RenderedTalk(files, pages.search_views[urls.talk_page(talk.id)])


def render_site(edition: Edition, options: RenderOptions = RenderOptions(),
                search_views: dict[str, SearchView] | None = None,
                talks: dict[str, RenderedTalk] | None = None, markup: dict | None = None) -> dict[str, str | bytes]:
    """Every generated page and file, keyed by its path under the site's docs (sorted, repeatable).
    `search_views`, if given, receives the search view of each talk and term page. `talks`, if
    given, holds talks already rendered (by id; buildcache.py) and receives the others; `markup`,
    if given, holds Markdown converted earlier (_Pages.html) and is left holding this build's."""
    pages = _Pages(edition, options, markup)
    files: dict[str, str | bytes] = {urls.HOME: pages.home(), urls.GLOSSARY_INDEX: pages.glossary_index(),
                                     urls.BIBLIOGRAPHY: pages.bibliography_page()}
    talks = {} if talks is None else talks
    for talk in edition.talks:
        if talk.id not in talks:
            talks[talk.id] = render_talk(pages, talk)
        files.update(talks[talk.id].files)
        pages.search_views[urls.talk_page(talk.id)] = talks[talk.id].search_view
    for term in edition.terms:
        files[urls.term_page(term.id)] = pages.term_page(term)
    if search_views is not None:
        search_views.update(pages.search_views)
    if markup is not None:
        markup.clear()
        markup.update(pages.markup)
    return dict(sorted(files.items()))
