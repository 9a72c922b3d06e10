"""Print HTML: the model -> one self-contained HTML document that pdf.py lays out with WeasyPrint:
a cover, a table of contents, the reading text with its notes as footnotes, and a glossary appendix.

Footnotes, not sidenotes. Sidenotes need an outer margin about a third of the page wide; on A4, and
more so on a tablet that shows the page whole, that shrinks the Chinese text column or the type. Our
notes are long (a few sentences plus their sources) and dense (a real talk carries a note every few
hundred characters), so sidenotes would overrun their paragraph and collide, and WeasyPrint can only
place them by absolute positioning, which does not avoid collisions. Footnotes (`float: footnote`)
are native in WeasyPrint: with `footnote-policy: line` a note that does not fit pushes the line that
calls it to the next page, so a note always sits on the page of its anchor. Page-foot notes (页下注)
are also what Chinese readers expect in an annotated edition.

Page numbers come from CSS `target-counter()`; WeasyPrint resolves them after pagination, so the
document holds no page numbers of its own and is a pure function of the model."""
from __future__ import annotations

import bisect
from html import escape

from talkbook.edition.labels import CONFIDENCE, NOTE_KIND, TURN_CERTAINTY
from talkbook.edition.markup import citation_html, to_html
from talkbook.edition.model import Edition, Note, Paragraph, Section, Source, Talk, Term

from .print_text import Anchors, paragraph_html, term_anchor

CONTENTS, GLOSSARY, GLOSSARY_ID = "目录", "术语表", "glossary"


def footnote_numbers(talk: Talk) -> dict[str, int]:
    """Notes numbered in the order of their calls (where their first quote ends), so that the calls in
    the text and the notes at the foot of the page both count up; the site numbers by where quotes start."""
    ordered = sorted(talk.notes, key=lambda n: (n.ranges[0][1], n.ranges[0][0], n.id))
    return {note.id: number for number, note in enumerate(ordered, start=1)}


def _e(text: str) -> str:
    return escape(text, quote=True)


def _source(source: Source) -> str:
    return citation_html(source, 'class="url"')


def _sources(sources: tuple[Source, ...]) -> str:
    """A glossary entry's sources, one per line."""
    if not sources:
        return ""
    return '<ol class="sources">' + "".join(f"<li>{_source(s)}</li>" for s in sources) + "</ol>"


def _sources_run_in(sources: tuple[Source, ...]) -> str:
    """A footnote's sources as one run of text: a line each would make the foot of a page mostly URLs."""
    if not sources:
        return ""
    return '<span class="fn-sources">来源：' + "；".join(_source(s) for s in sources) + "</span>"


class _Book:
    """Renders one print document; remembers which glossary terms the rendered text refers to."""

    def __init__(self, edition: Edition, talks: tuple[Talk, ...], publisher: str, page_breaks: frozenset[str]):
        self.edition, self.talks, self.publisher = edition, talks, publisher
        self.page_breaks = page_breaks
        self.terms = {t.id: t for t in edition.terms}
        self.wanted: set[str] = set()  # terms the appendix must hold: every term: link resolves into it

    def resolver(self, talk: Talk | None):
        def resolve(scheme: str, target: str) -> str:
            if scheme == "term":
                self.wanted.add(target)
                return f"#{term_anchor(target)}"
            return f"#{Anchors(talk.id).footnote(target)}" if talk else "#"
        return resolve

    # ---- front matter ------------------------------------------------------------------------

    def title_page(self, talk: Talk) -> str:
        facts = [("活动", _e(talk.event)), ("日期", _e(talk.date))]
        if talk.speakers:
            people = "".join(f'<li><b>{_e(s.label)}</b>{"：" + _e(s.description) if s.description else ""}</li>'
                             for s in talk.speakers)
            facts.append(("说话人", f'<ul class="speakers">{people}</ul>'))
        rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
        fixes = sum(1 for n in talk.notes if n.kind == "correction")
        parts = [f'<section class="title-page" id="{Anchors(talk.id).title_page()}">',
                 f'<p class="publisher">{_e(self.publisher)}</p>',
                 f'<h1 class="talk-title">{_e(talk.title)}</h1>']
        if talk.subtitle:
            parts.append(f'<p class="subtitle">{_e(talk.subtitle)}</p>')
        parts.append(f'<dl class="facts">{rows}</dl>')
        if talk.date_note:
            parts.append(f'<p class="date-note">关于日期：{_e(talk.date_note)}</p>')
        parts.append(f'<p class="colophon">依逐字转写稿排印，转写原文一字未改。编辑注释 {len(talk.notes)} 条'
                     f'（其中更正 {fixes} 条），排在页下；更正处先列改后的文字，方括号内为转写原文。'
                     f'文中加点线的词见书末{GLOSSARY}。</p>')
        parts.append("</section>")
        return "\n".join(parts)

    def book_cover(self) -> str:
        titles = "".join(f"<li>{_e(t.title)}</li>" for t in self.talks)
        return (f'<section class="title-page book-cover"><h1 class="book-title">{_e(self.publisher)}</h1>'
                f'<ol class="book-talks">{titles}</ol></section>')

    def contents(self) -> str:
        def entry(href: str, label: str, number: str = "", cls: str = "") -> str:
            num = f'<span class="toc-num">{number}</span>' if number else ""
            return f'<li class="{cls}"><a href="#{_e(href)}">{num}{_e(label)}</a></li>'

        items = []
        for talk in self.talks:
            anchors = Anchors(talk.id)
            rows = [entry(anchors.intro(), talk.intro_title, cls="toc-intro")] if talk.intro_title else []
            rows += [entry(anchors.section(s.id), s.title, str(s.number)) for s in talk.sections]
            if len(self.talks) > 1:
                items.append(f'<li class="toc-talk"><a href="#{anchors.title_page()}">{_e(talk.title)}</a>'
                             f'<ol>{"".join(rows)}</ol></li>')
            else:
                items.extend(rows)
        items.append(entry(GLOSSARY_ID, GLOSSARY, cls="toc-appendix"))
        return (f'<nav class="toc"><h2 class="toc-title">{CONTENTS}</h2>'
                f'<ol>{"".join(items)}</ol></nav>')

    # ---- reading text --------------------------------------------------------------------------

    def footnote(self, talk: Talk, note: Note, number: int) -> str:
        """The footnote element: WeasyPrint lifts it to the foot of the page and leaves its call behind."""
        anchors = Anchors(talk.id)
        title = f' <span class="fn-title">{_e(note.title)}</span>' if note.title else ""
        parts = [f'<span class="fn fn--{note.kind}" id="{anchors.footnote(note.id)}" data-n="{number}">',
                 f'<span class="fn-head"><span class="fn-kind">{NOTE_KIND[note.kind]}</span>{title}</span>']
        if note.kind == "correction" and note.replace:
            start, end = note.ranges[0]
            original = _e(talk.transcript[start:end])
            if note.replaces_text:
                parts.append(f'<span class="fn-fix">原文“{original}”，改作“{_e(note.replace)}”'
                             f'（{CONFIDENCE[note.confidence]}）。</span>')
            else:
                parts.append(f'<span class="fn-fix">原文“{original}”，或应作“{_e(note.replace)}”'
                             f'（{CONFIDENCE[note.confidence]}，正文未改）。</span>')
        if note.body:
            parts.append(f'<span class="fn-body">{to_html(note.body, self.resolver(talk))}</span>')
        extra = []
        if note.terms:
            self.wanted.update(note.terms)
            extra.append("词条：" + "、".join(f'<a href="#{term_anchor(t)}">{_e(self.terms[t].name)}</a>'
                                            for t in note.terms))
        if note.see_also:
            numbers = footnote_numbers(talk)
            extra.append("另见" + "、".join(f'<a href="#{anchors.footnote(n)}">注 {numbers[n]}</a>'
                                          for n in note.see_also))
        if extra:
            parts.append(f'<span class="fn-links">{"；".join(extra)}。</span>')
        parts.append(_sources_run_in(note.sources))
        parts.append("</span>")
        return "".join(p for p in parts if p)

    def paragraph(self, talk: Talk, paragraph: Paragraph, numbers: dict[str, int]) -> str:
        anchors = Anchors(talk.id)
        speaker = ""
        if paragraph.speaker:
            hedge = TURN_CERTAINTY.get(paragraph.speaker_certainty, "")
            speaker = f'<span class="speaker">{_e(paragraph.speaker)}{hedge}：</span>'
        text = paragraph_html(talk.transcript, paragraph, talk.notes, numbers, talk.mentions, anchors,
                              lambda note: self.footnote(talk, note, numbers[note.id]))
        classes = "para" + (" turn" if paragraph.speaker else "")
        if anchors.paragraph(paragraph.id) in self.page_breaks and paragraph.number > 1:
            classes += " new-page"
        return (f'<div class="{classes}" id="{anchors.paragraph(paragraph.id)}" data-n="{paragraph.number}">'
                f'{speaker}{text}</div>')

    def section(self, talk: Talk, section: Section, numbers: dict[str, int]) -> str:
        anchors = Anchors(talk.id)
        # A section's first paragraph starts a page with its heading, never apart from it.
        new_page = " new-page" if anchors.paragraph(section.paragraphs[0].id) in self.page_breaks else ""
        parts = [f'<section class="section{new_page}" id="{anchors.section(section.id)}">',
                 f'<h2 class="section-title" data-title="{_e(section.title)}">'
                 f'<span class="section-num">{section.number}</span>{_e(section.title)}</h2>']
        if section.summary:
            parts.append(f'<div class="summary">{to_html(section.summary, self.resolver(talk))}</div>')
        parts.extend(self.paragraph(talk, p, numbers) for p in section.paragraphs)
        parts.append("</section>")
        return "\n".join(parts)

    def talk(self, talk: Talk) -> str:
        numbers = footnote_numbers(talk)
        parts = [f'<article class="talk" data-title="{_e(talk.title)}">', self.title_page(talk)]
        if len(self.talks) == 1:
            parts.append(self.contents())
        if talk.intro_title:
            parts.append(f'<section class="intro" id="{Anchors(talk.id).intro()}">'
                         f'<h2 class="section-title" data-title="{_e(talk.intro_title)}">{_e(talk.intro_title)}</h2>'
                         f'{to_html(talk.intro_body, self.resolver(talk))}</section>')
        parts.extend(self.section(talk, s, numbers) for s in talk.sections)
        parts.append("</article>")
        return "\n".join(parts)

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
            links = "；".join(f'<a class="pref" href="#{anchors.paragraph(p.id)}">（§{s.number}¶{p.number}）</a>'
                             for s, p in seen)
            numbers = footnote_numbers(talk)
            notes = "；".join(f'<a class="nref" href="#{anchors.footnote(n.id)}">注 {numbers[n.id]}</a>'
                             for n in sorted(talk.notes, key=lambda n: numbers[n.id]) if term.id in n.terms)
            where = f"《{_e(talk.title)}》" if len(self.talks) > 1 else ""
            if links:
                out.append(f'<p class="refs">{where}出现于：{links}。</p>')
            if notes:
                out.append(f'<p class="refs">{where}相关注释：{notes}。</p>')
        return out

    @staticmethod
    def term_head(term: Term, kind: str) -> list[str]:
        en = f'<span class="term-en">{_e(term.en)}</span>' if term.en and term.en != term.name else ""
        return [f'<section class="{kind}" id="{term_anchor(term.id)}">',
                f'<h3 class="term-name" data-title="{_e(term.name)}">{_e(term.name)}{en}</h3>',
                f'<p class="term-short">{_e(term.short)}</p>']

    def brief_entry(self, term: Term) -> str:
        """A term the text never refers to, only other entries: its definition and sources, no links."""
        return "\n".join(p for p in self.term_head(term, "term-entry term-brief") + [_sources(term.sources), "</section>"]
                         if p)

    def term_entry(self, term: Term) -> str:
        parts = self.term_head(term, "term-entry")
        if term.body:
            parts.append(f'<div class="term-body">{to_html(term.body, self.resolver(None))}</div>')
        if term.aliases:
            parts.append(f'<p class="term-aliases">又作：{"、".join(_e(a) for a in term.aliases)}</p>')
        if term.related:
            self.wanted.update(term.related)
            links = "、".join(f'<a href="#{term_anchor(r)}">{_e(self.terms[r].name)}</a>' for r in term.related)
            parts.append(f'<p class="term-related">相关词条：{links}</p>')
        parts.extend(self.passages(term))
        parts.append(_sources(term.sources))
        parts.append("</section>")
        return "\n".join(p for p in parts if p)

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
        body = "\n".join(entries[t] for t in order) or '<p class="none">正文未用到词条。</p>'
        return (f'<section class="glossary" id="{GLOSSARY_ID}"><h1 class="appendix-title">{GLOSSARY}</h1>'
                f'<p class="glossary-intro">按英文名（无英文名者按中文名）排序；每条后列出正文中出现的段落'
                f'（§节¶段）及其页码{"；正文未出现、只被其他词条提到的词条仅列释义和来源" if brief else ""}。</p>\n{body}</section>')

    def document(self) -> str:
        single = len(self.talks) == 1
        title = self.talks[0].title if single else self.publisher
        language = self.talks[0].language if single else "zh"
        front = "" if single else self.book_cover() + "\n" + self.contents()
        body = "\n".join(self.talk(t) for t in self.talks)
        keywords = ", ".join(dict.fromkeys(tag for t in self.talks for tag in t.tags))
        head = [f'<meta charset="utf-8"><title>{_e(title)}</title>',
                f'<meta name="author" content="{_e(self.publisher)}">',
                '<meta name="generator" content="talkbook">']
        if single and self.talks[0].subtitle:
            head.append(f'<meta name="description" content="{_e(self.talks[0].subtitle)}">')
        if keywords:
            head.append(f'<meta name="keywords" content="{_e(keywords)}">')
        # The glossary is rendered last: only then do we know every term the text refers to.
        return (f'<!DOCTYPE html>\n<html lang="{_e(language)}">\n<head>{"".join(head)}</head>\n<body>\n'
                f'{front}\n{body}\n{self.glossary()}\n</body>\n</html>\n')


def print_document(edition: Edition, talks: tuple[Talk, ...], publisher: str,
                   page_breaks: frozenset[str] = frozenset()) -> str:
    """The print HTML of `talks` (one talk, or several as one book), with the glossary they use.
    `page_breaks`: ids of paragraphs that must start a page (pdf.py's way around a WeasyPrint limit)."""
    if not talks:
        raise ValueError("print_document needs at least one talk")
    return _Book(edition, talks, publisher, page_breaks).document()
