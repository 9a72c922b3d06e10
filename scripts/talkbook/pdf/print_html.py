"""Print HTML: the model -> one self-contained HTML document that pdf.py lays out with WeasyPrint:
a cover, a table of contents, the reading text with its notes as footnotes, and a glossary appendix.

Footnotes, not sidenotes. Sidenotes need an outer margin about a third of the page wide; on A4, and
more so on a tablet that shows the page whole, that shrinks the Chinese text column or the type. Our
notes are long (a few sentences plus their sources) and dense (a real talk carries a note every few
hundred characters), so sidenotes would overrun their paragraph and collide, and WeasyPrint can only
place them by absolute positioning, which does not avoid collisions. Footnotes (`float: footnote`)
are native in WeasyPrint: with `footnote-policy: line` a note that does not fit pushes the line that
calls it to the next page, so a note sits on the page of its anchor; only where that would leave a page
more than a quarter blank may a note follow to the next page (page_fill.py). Page-foot notes (页下注)
are also what Chinese readers expect in an annotated edition.

Page numbers come from CSS `target-counter()`; WeasyPrint resolves them after pagination, so the
document holds no page numbers of its own and is a pure function of the model."""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from html import escape
from pathlib import Path

from markupsafe import Markup

from talkbook.edition.bibliography import Bibliography, Citer, bibliography
from talkbook.edition.labels import Labels, labels_for, labels_for_tag
from talkbook.edition.markup import to_html
from talkbook.edition.model import Edition, Note, Paragraph, Section, Talk, Term
from talkbook.edition.numbering import NoteNumber, note_numbers
from talkbook.edition.talkmap import talk_map
from talkbook.edition.templating import Link, macros, safe
from talkbook.edition.translated_talk import TranslatedTalk, in_translation
from talkbook.edition.translation import units_by_paragraph

from .cjk_punct import compress
from .print_reading import reading_html
from .print_translation import translated_html
from .talkmap_print import map_view
from .print_text import Anchors, paragraph_html, term_anchor, work_anchor
from .soft_breaks import join_soft_breaks

GLOSSARY_ID = "glossary"
ENDNOTES_ID = "endnotes"
BIBLIOGRAPHY_ID = "bibliography"
TEMPLATES = Path(__file__).with_name("templates")


def footnote_numbers(talk: Talk) -> dict[str, NoteNumber]:
    """Notes numbered in the order of their calls, so that the calls in the text and the notes at the
    foot of the page both count up: the site's numbers (edition/numbering.py)."""
    return note_numbers(talk)


@dataclass(frozen=True)
class _Half:
    """One column of a paragraph of a parallel book: the original's or the translation's."""
    lang: str
    speaker: str
    hedge: str
    text: Markup
    L: Labels
    number: int | None  # the paragraph's number, printed beside the first column only


@dataclass(frozen=True)
class _Shown:
    """A glossary entry as one language's reader sees it."""
    name: str
    other: str  # the name in the other language, "" if none
    short: str
    fallback: bool  # the definition is not in the book's language


class _Book:
    """Renders one print document; remembers which glossary terms the rendered text refers to."""

    def __init__(self, edition: Edition, talks: tuple[Talk, ...], publisher: str, page_breaks: frozenset[str],
                 templates: tuple[str, ...] = (), verbatim: bool = False, following: frozenset[str] = frozenset(),
                 language: str | None = None, parallel: bool = False):
        # language: print the talks in their translation into it (a talk already in it as itself);
        # everything below then reads the talk in the translation's words (edition/translated_talk.py).
        self.language, self.parallel = language, parallel
        self.versions: dict[str, TranslatedTalk] = {
            t.id: in_translation(t, language) for t in talks if language and t.language != language}
        self.grouped = {talk_id: units_by_paragraph(v.source, v.translation) for talk_id, v in self.versions.items()}
        talks = tuple(self.versions[t.id].talk if t.id in self.versions else t for t in talks)
        self.edition, self.talks, self.publisher = edition, talks, publisher
        self.verbatim = verbatim  # print the transcript even where a talk has a reading text
        self.page_breaks = page_breaks
        self.following = following  # footnote ids that may go to the page after their call (page_fill.py)
        self.terms = {t.id: t for t in edition.terms}
        self.bibliography: Bibliography = bibliography(edition)
        self.cited: set[int] = set()  # works the printed notes and terms cite: the bibliography prints these
        self.wanted: set[str] = set()  # terms the appendix must hold: every term: link resolves into it
        self.t = macros(TEMPLATES, "book.html", templates)
        # The book's own words (contents, glossary) in its talk's language; a book of several talks in
        # the first one's. Each talk's pages and notes use their own talk's.
        self.L: Labels = labels_for_tag(language) if language else labels_for(talks[0].language)
        self.maps = macros(TEMPLATES, "talkmap.html", templates)

    def resolver(self, talk: Talk | None):
        def resolve(scheme: str, target: str) -> str:
            if scheme == "term":
                self.wanted.add(target)
                return f"#{term_anchor(target)}"
            return f"#{Anchors(talk.id).endnote(target)}" if talk else "#"
        return resolve

    def markdown(self, text: str, talk: Talk | None):
        return safe(join_soft_breaks(to_html(text, self.resolver(talk))))

    # ---- front matter ------------------------------------------------------------------------

    def title_page(self, talk: Talk) -> str:
        fixes = sum(1 for n in talk.notes if n.kind == "correction" and not n.emendation)  # emendations apart
        translated = {"translated": True} if talk.id in self.versions else {}  # (an override may not know it)
        return self.t.title_page(talk, Anchors(talk.id).title_page(), self.publisher, fixes, self.L.glossary,
                                 labels_for(talk.language), self.prints_reading(talk), **translated)

    def prints_reading(self, talk: Talk) -> bool:
        """The talk's body is its reading text (print_reading.py), not the transcript (print_text.py)."""
        return talk.reading is not None and not self.verbatim

    def contents(self) -> str:
        items = []
        for talk in self.talks:
            anchors = Anchors(talk.id)
            rows = [self.t.toc_entry(anchors.intro(), talk.intro_title, cls="toc-intro")] if talk.intro_title else []
            rows += [self.t.toc_entry(anchors.section(s.id), s.title, str(s.number)) for s in talk.sections]
            if len(self.talks) > 1:
                items.append(self.t.toc_talk(anchors.title_page(), talk.title, rows))
            else:
                items.extend(rows)
        items.append(self.t.toc_entry(ENDNOTES_ID, self.L.endnotes, cls="toc-appendix"))
        items.append(self.t.toc_entry(GLOSSARY_ID, self.L.glossary, cls="toc-appendix toc-appendix-next"))
        items.append(self.t.toc_entry(BIBLIOGRAPHY_ID, self.L.bibliography, cls="toc-appendix toc-appendix-next"))
        several = len(self.talks) > 1
        maps = [self.maps.contents_map(map_view(talk_map(t), t.title if several else "", labels_for(t.language)),
                                       labels_for(t.language)) for t in self.talks]
        return self.t.contents(self.L.contents, items, maps)

    # ---- reading text --------------------------------------------------------------------------

    def fix(self, talk: Talk, note: Note) -> Markup | str:
        """A correction's verdict: the transcript's words struck through, then the reading (labels.py)."""
        if note.kind != "correction" or not note.replace:
            return ""
        start, end = note.ranges[0]
        labels = labels_for(talk.language)
        words = labels.fix_applied if note.replaces_text else labels.fix_suggested
        struck = f'<s class="struck">{escape(talk.transcript[start:end], quote=False)}</s>'
        return Markup(escape(words, quote=False).format(original=struck, replace=escape(note.replace, quote=False),
                                                        confidence=escape(labels.how_sure(note))))

    def footnote(self, talk: Talk, note: Note, number: NoteNumber) -> str:
        """The note's gloss at the foot of the page: kind, title, a correction's fix, its `gloss:`, and
        a link to the note in full (endnote) with that page's number."""
        anchors = Anchors(talk.id)
        return self.t.footnote(note, anchors.footnote(note.id), anchors.endnote(note.id), number,
                               labels_for(talk.language).note_kind[note.kind], self.fix(talk, note), note.gloss,
                               anchors.footnote(note.id) in self.following)

    def works(self, sources) -> list[Link]:
        found = self.bibliography.keys(sources)
        self.cited.update(w.number for w in found)
        return [Link(work_anchor(w.number), w.key) for w in found]

    def endnote(self, talk: Talk, note: Note, number: NoteNumber, numbers: dict[str, NoteNumber]) -> str:
        anchors = Anchors(talk.id)
        self.wanted.update(note.terms)
        labels = labels_for(talk.language)
        return self.t.endnote(
            note, anchors.endnote(note.id), anchors.call(note.id), number, labels.note_kind[note.kind],
            self.fix(talk, note), self.endnote_body(talk, note),
            [Link(term_anchor(t), self.terms[t].name_in(talk.language)) for t in note.terms],
            [Link(anchors.endnote(n), numbers[n].name) for n in note.see_also],
            self.works(note.sources), labels)

    def endnote_body(self, talk: Talk, note: Note):
        """The note's body as HTML; in a translation whose note has only its title and gloss, the
        original body, said to be so and tagged with the original's language."""
        if not note.body:
            return ""
        body = self.markdown(note.body, talk)
        version = self.versions.get(talk.id)
        if version is None or note.id not in version.original_bodies:
            return body
        said = escape(labels_for(talk.language).body_in_original, quote=False)
        return safe(f'<span class="en-untranslated">{said}</span>'
                    f'<div class="en-original" lang="{escape(version.source.language)}">{body}</div>')

    def endnotes(self) -> str:
        """Every note in full, section by section (talk by talk in a book of several), in number order."""
        groups = []
        for talk in self.talks:
            numbers = footnote_numbers(talk)
            ordered = sorted(talk.notes, key=lambda n: numbers[n.id])
            for section in talk.sections:
                notes = [n for n in ordered if section.start <= n.ranges[0][0] < section.end]
                if not notes:
                    continue
                heading = f"§{section.number} {section.title}"
                if len(self.talks) > 1:
                    heading = self.L.in_talk.format(title=talk.title) + heading
                groups.append((heading, [self.endnote(talk, n, numbers[n.id], numbers) for n in notes]))
        return self.t.endnotes(ENDNOTES_ID, self.L, groups)

    def citers(self, citer: Citer) -> Link:
        if citer.is_term:
            return Link(term_anchor(citer.id), self.terms[citer.id].name_in(self.L.lang))
        talk = next(t for t in self.talks if t.id == citer.talk_id)
        name = footnote_numbers(talk)[citer.id].name
        if len(self.talks) > 1:
            name = self.L.in_talk.format(title=talk.title) + name
        return Link(Anchors(talk.id).endnote(citer.id), name)

    def bibliography_html(self, printed_terms: set[str]) -> str:
        """The works the printed notes and glossary entries cite, each once, with who cites it here."""
        talk_ids = {t.id for t in self.talks}
        entries = []
        for work in self.bibliography.works:
            if work.number not in self.cited:
                continue
            citers = [c for c in work.cited_by if (c.talk_id in talk_ids if not c.is_term else c.id in printed_terms)]
            entries.append(self.t.bib_entry(work_anchor(work.number), work, [self.citers(c) for c in citers], self.L))
        return self.t.bibliography(BIBLIOGRAPHY_ID, self.L, entries)

    def paragraph(self, talk: Talk, paragraph: Paragraph, numbers: dict[str, NoteNumber]) -> str:
        anchors = Anchors(talk.id)
        footnote = lambda note: self.footnote(talk, note, numbers[note.id])  # noqa: E731
        if self.parallel and talk.id in self.versions:
            return self.parallel_paragraph(talk, paragraph, numbers, footnote)
        if talk.id in self.versions:
            version = self.versions[talk.id]
            text = translated_html(talk, version.translation, paragraph, self.grouped[talk.id], numbers, anchors,
                                   footnote)
        elif self.prints_reading(talk):
            text = reading_html(talk, paragraph, talk.notes, numbers, anchors, footnote)
        else:
            text = paragraph_html(talk.transcript, paragraph, talk.notes, numbers, talk.mentions, anchors, footnote)
        classes = "para" + (" turn" if paragraph.speaker else "")
        if anchors.paragraph(paragraph.id) in self.page_breaks and paragraph.number > 1:
            classes += " new-page"
        labels = labels_for(talk.language)
        return self.t.paragraph(classes, anchors.paragraph(paragraph.id), paragraph.number, paragraph.speaker,
                                labels.turn_certainty.get(paragraph.speaker_certainty, ""), safe(text), labels)

    def parallel_paragraph(self, talk: Talk, paragraph: Paragraph, numbers: dict[str, NoteNumber], footnote) -> str:
        """The original and its translation side by side, one row of two columns per paragraph of
        talk.yml; the footnotes hang from the translation's calls (the book's language), the original's
        calls link to them with the same numbers, so each note is printed once.

        Why two columns and not facing pages: WeasyPrint lays out one flow, so a verso of original and a
        recto of translation could be kept in step only by measuring each paragraph of both and padding
        the shorter page by hand, which footnotes (whose room on a page depends on the calls on it) undo
        on every layout. A row per paragraph keeps the two texts in step by construction, and WeasyPrint
        breaks a row across pages with both columns going on together."""
        version, anchors = self.versions[talk.id], Anchors(talk.id)
        original = next(p for s in version.source.sections for p in s.paragraphs if p.id == paragraph.id)
        left_labels, right_labels = labels_for(version.source.language), labels_for(talk.language)
        halves = [
            _Half(version.source.language, original.speaker,
                  left_labels.turn_certainty.get(original.speaker_certainty, "") if original.speaker else "",
                  safe(reading_html(version.source, original, version.source.notes, numbers, anchors, footnote,
                                    refer_only=True)), left_labels, paragraph.number),
            _Half(self.language, paragraph.speaker,
                  right_labels.turn_certainty.get(paragraph.speaker_certainty, "") if paragraph.speaker else "",
                  safe(translated_html(talk, version.translation, paragraph, self.grouped[talk.id], numbers, anchors,
                                       footnote)), right_labels, None)]
        classes = "pair" + (" turn" if paragraph.speaker else "")
        if anchors.paragraph(paragraph.id) in self.page_breaks and paragraph.number > 1:
            classes += " new-page"
        return self.t.parallel_paragraph(classes, anchors.paragraph(paragraph.id), halves)

    def section(self, talk: Talk, section: Section, numbers: dict[str, NoteNumber]) -> str:
        anchors = Anchors(talk.id)
        # A section's first paragraph starts a page with its heading, never apart from it.
        new_page = anchors.paragraph(section.paragraphs[0].id) in self.page_breaks
        summary = self.markdown(section.summary, talk) if section.summary else ""
        return self.t.section(section, anchors.section(section.id), new_page, summary,
                              [self.paragraph(talk, p, numbers) for p in section.paragraphs])

    def talk(self, talk: Talk) -> str:
        numbers = footnote_numbers(talk)
        parts = [self.title_page(talk)]
        if len(self.talks) == 1:
            parts.append(self.contents())
        if talk.intro_title:
            parts.append(self.t.intro(Anchors(talk.id).intro(), talk.intro_title,
                                      self.markdown(talk.intro_body, talk)))
        parts.extend(self.section(talk, s, numbers) for s in talk.sections)
        return self.t.talk(talk, parts)

    # ---- glossary appendix ---------------------------------------------------------------------

    def passages(self, term: Term) -> list[str]:
        """Links to each paragraph that mentions the term; print.css adds the page via target-counter."""
        out = []
        for talk in self.talks:
            anchors = Anchors(talk.id)
            paragraphs = [(s, p) for s in talk.sections for p in s.paragraphs]
            starts = [p.start for _, p in paragraphs]
            seen: list[tuple[Section, Paragraph]] = []
            for mention in talk.mentions:
                if mention.term_id == term.id:
                    found = paragraphs[bisect.bisect_right(starts, mention.start) - 1]
                    if found not in seen:
                        seen.append(found)
            links = [self.t.paragraph_ref(anchors.paragraph(p.id), s, p) for s, p in seen]
            numbers = footnote_numbers(talk)
            notes = [self.t.note_ref(anchors.endnote(n.id), numbers[n.id], self.L)
                     for n in sorted(talk.notes, key=lambda n: numbers[n.id]) if term.id in n.terms]
            where = self.L.in_talk.format(title=talk.title) if len(self.talks) > 1 else ""
            if links:
                out.append(self.t.refs(where, self.L.appears_in, links, self.L))
            if notes:
                out.append(self.t.refs(where, self.L.related_notes, notes, self.L))
        return out

    def brief_entry(self, term: Term) -> str:
        """A term the text never refers to, only other entries: its definition and sources, no links."""
        return self.t.term_entry(term, self.shown(term), term_anchor(term.id), "term-entry term-brief", "", (), (), (),
                                 self.L, self.works(term.sources))

    def term_entry(self, term: Term) -> str:
        self.wanted.update(term.related)
        return self.t.term_entry(term, self.shown(term), term_anchor(term.id), "term-entry",
                                 self.markdown(term.body, None) if term.body else "", term.aliases,
                                 [Link(term_anchor(r), self.terms[r].name_in(self.L.lang)) for r in term.related],
                                 self.passages(term), self.L, self.works(term.sources))

    def shown(self, term: Term) -> _Shown:
        """The entry's heading and definition in the book's language; the other name beside it."""
        name = term.name_in(self.L.lang)
        other = next((n for n in (term.name, term.en) if n and n != name), "")
        short, fallback = term.short_in(self.L.lang)
        return _Shown(name, other, short, fallback)

    def glossary(self) -> str:
        """In full, every term the text mentions or links to; briefly, the terms only those entries link
        to (related terms, links in their bodies), so that every link lands in the PDF. Following links
        further put most of a large glossary into a one-talk PDF (44.7 s a talk at 1,000 terms)."""
        for talk in self.talks:
            self.wanted.update(m.term_id for m in talk.mentions)
        entries = {term_id: self.term_entry(self.terms[term_id]) for term_id in sorted(self.wanted)}
        brief = sorted(self.wanted - entries.keys())
        for term_id in brief:
            entries[term_id] = self.brief_entry(self.terms[term_id])
        order = sorted(entries, key=lambda t: ((self.terms[t].en or self.terms[t].name).casefold(), t))
        self.printed_terms = set(entries)
        return self.t.glossary(GLOSSARY_ID, self.L.glossary, [entries[t] for t in order], bool(brief), self.L)

    def document(self) -> str:
        single = len(self.talks) == 1
        front = "" if single else self.t.book_cover(self.publisher, self.talks) + "\n" + self.contents()
        body = "\n".join(self.talk(t) for t in self.talks)
        endnotes = self.endnotes()
        keywords = ", ".join(dict.fromkeys(tag for t in self.talks for tag in t.tags))
        # The glossary is rendered after the text and the endnotes: only then do we know every term they
        # refer to; the bibliography last, once every printed note and entry has cited its works.
        glossary = self.glossary()
        return compress(self.t.document(self.language or self.L.lang,
                               self.talks[0].title if single else self.publisher, self.publisher,
                               self.talks[0].subtitle if single else "", keywords, safe(front), safe(body),
                               glossary, safe(endnotes), safe(self.bibliography_html(self.printed_terms)))) + "\n"


def print_document(edition: Edition, talks: tuple[Talk, ...], publisher: str,
                   page_breaks: frozenset[str] = frozenset(), templates: tuple[str, ...] = (),
                   verbatim: bool = False, following: frozenset[str] = frozenset(), language: str | None = None,
                   parallel: bool = False) -> str:
    """The print HTML of `talks` (one talk, or several as one book), with the glossary they use.
    `page_breaks`: ids of paragraphs that must start a page (pdf.py's way around a WeasyPrint limit);
    `following`: ids of footnotes that may go to the page after their call (page_fill.py).
    A talk with a reading text prints it (print_reading.py) unless `verbatim`. `language`: print each
    talk in its translation into that language (print_translation.py), a talk in that language as
    itself; `parallel`: the original and the translation side by side, paragraph by paragraph."""
    if not talks:
        raise ValueError("print_document needs at least one talk")
    return _Book(edition, talks, publisher, page_breaks, templates, verbatim, following, language,
                 parallel).document()
