"""The offline PDF (`python -m talkbook pdf`): each project is printed once per module and read back
with pypdf. Everything is checked in the PDF itself, against the sources.

How footnotes are counted: WeasyPrint turns every element id that was laid out into a PDF named
destination. Each footnote element has the id `<talk>--n-<note>` and an empty element just before
it, where its call stays in the text, has `<talk>--r-<note>`. A dropped footnote has no box, hence no
destination; so we count the `--n-` destinations, compare that with the number of note files in
talks/<talk>/notes/, check each one's page against its call's page, and check that the page's text
shows the footnote's marker ("12.背景").

The mini fixture keeps these tests independent of the real talk, whose notes and glossary others are
still writing; the real talk is printed too, and skipped (not failed) while its sources are invalid."""
from __future__ import annotations

import json
import re
from html import unescape as html_unescape
import shutil
import socket
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import MINI, ROOT, copy_mini
from pdf_readback import (LEAST_TALK, MOST_BLANK, NOTE_HEIGHT, Page, body_pages, last_pages_of_sections, paragraph_breaks,
                          ragged_lines, read_pages, talk_share, unindented)
from pypdf import PdfReader
from talkbook.cli import main
from talkbook.edition.build import load_edition
from talkbook.edition.labels import LABELS, labels_for
from talkbook.edition.model import Edition, Talk
from talkbook.edition.talkmap import talk_map
from talkbook.pdf import make_pdf as pdf_export
from talkbook.edition.templating import macros
from talkbook.pdf import print_html
from talkbook.pdf.print_html import footnote_numbers, print_document
from talkbook.pdf.print_text import KEEP_TOGETHER, Anchors
from talkbook.problems import BuildError, Problem

ENGLISH = ROOT / "tests" / "fixtures" / "english-talk"
# Characters a broken ToUnicode map produces for CJK: radicals, compatibility ideographs, private use.
ODD = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\ue000-\uf8ff\ufffd]")


def flat(text: str) -> str:
    """Text without whitespace: pypdf breaks lines where the PDF does, and puts spaces around runs."""
    return re.sub(r"\s+", "", text)


@dataclass
class Printed:
    name: str
    root: Path
    edition: Edition
    talk: Talk
    path: Path
    reader: PdfReader
    texts: list[str]  # per page
    progress: list[str]
    page_breaks: frozenset[str] = frozenset()  # paragraphs export.build_pdf started on a new page
    following: frozenset[str] = frozenset()  # footnotes it let follow their call to the next page (page_fill.py)

    def footnote_pages(self, anchors: Anchors, note_id: str) -> set[int]:
        """The pages a note's footnote may be on: its call's, and the next one if it may follow."""
        call = self.pages[anchors.call(note_id)]
        return {call, call + 1} if anchors.footnote(note_id) in self.following else {call}

    @property
    def pages(self) -> dict[str, int]:
        """Named destination -> 1-based page."""
        return {name: self.reader.get_destination_page_number(dest) + 1
                for name, dest in self.reader.named_destinations.items()}

    def page_text(self, number: int) -> str:
        return flat(self.texts[number - 1])


def chinese_talk(edition: Edition) -> Talk:
    """The project's Chinese talk with the most notes: the tests below read Chinese text back, and
    must not depend on which other talks the repository holds or how their ids sort."""
    return max((t for t in edition.talks if t.language == "zh"), key=lambda t: len(t.notes))


def untouched_sentence(talk: Talk) -> str:
    """The longest run of Chinese characters (up to 12) that the PDF prints as the transcript has it:
    no quoted words inside it (corrections change them), no footnote call or speaker label within."""
    busy = {i for n in talk.notes for s, e in n.ranges for i in range(s, e)}
    cuts = {e for n in talk.notes for _, e in n.ranges} | {p.start for s in talk.sections for p in s.paragraphs}
    chars = ("\n" if i in busy or not "\u4e00" <= c <= "\u9fff" else ("\n" if i in cuts else "") + c
             for i, c in enumerate(talk.transcript))
    return max("".join(chars).split("\n"), key=len)[:12]


def build(name: str, root: Path, out: Path, pick=chinese_talk, verbatim: bool = True) -> Printed:
    """verbatim: the transcript as 逐字 (what most checks here are about); else the default print,
    which is the reading text for a talk that has one."""
    edition = load_edition(root)
    talk = pick(edition)
    progress: list[str] = []
    results = pdf_export.export(root, out, talk.id, edition, progress.append, verbatim=verbatim)
    reader = PdfReader(results[0].path)
    return Printed(name, root, edition, talk, results[0].path, reader,
                   [page.extract_text() for page in reader.pages], progress, results[0].page_breaks,
                   results[0].following)


@pytest.fixture(scope="module")
def mini_pdf(tmp_path_factory) -> Printed:
    return build("mini", MINI, tmp_path_factory.mktemp("pdf-mini"))


@pytest.fixture(scope="module")
def real_pdf(tmp_path_factory) -> Printed:
    try:
        load_edition(ROOT)
    except BuildError as error:
        pytest.skip(f"the real talk's sources are invalid right now ({len(error.problems)} problem(s)); "
                    f"`python -m talkbook validate` lists them")
    return build("real", ROOT, tmp_path_factory.mktemp("pdf-real"))


@pytest.fixture(scope="module")
def reading_pdf(tmp_path_factory) -> Printed:
    """The real talk printed by default: its reading text (reading.md)."""
    return build("reading", ROOT, tmp_path_factory.mktemp("pdf-reading"), verbatim=False)




@pytest.fixture(scope="module")
def english_pdf(tmp_path_factory) -> Printed:
    """The English fixture talk (tests/fixtures/english-talk) beside the mini project's Chinese one."""
    root = copy_mini(tmp_path_factory.mktemp("pdf-english") / "project", ENGLISH)
    return build("english", root, tmp_path_factory.mktemp("pdf-english-out"),
                 lambda edition: next(t for t in edition.talks if t.language == "en"))


@pytest.fixture(params=["mini", "real", "english"])
def printed(request) -> Printed:
    return request.getfixturevalue(f"{request.param}_pdf")


@pytest.fixture(params=["mini", "real", "reading"])
def typeset(request) -> Printed:
    """The PDFs whose page layout is checked: the mini talk, the real one verbatim and as printed by
    default (its reading text)."""
    return request.getfixturevalue(f"{request.param}_pdf")


@pytest.fixture(params=["mini", "real"])
def printed_zh(request) -> Printed:
    """The Chinese talks' PDFs, for what only Chinese text has."""
    return request.getfixturevalue(f"{request.param}_pdf")


def words(printed: Printed):
    """The labels of the printed talk's language (edition/labels.py)."""
    return labels_for(printed.talk.language)


words_of = words  # for tests with a local variable called words


# ---- what a reader sees ------------------------------------------------------------------------

def test_cover_contents_text_and_glossary_pages_are_there(printed):
    talk = printed.talk
    assert len(printed.reader.pages) >= 4
    cover = printed.page_text(1)
    for fact in (talk.title, talk.event, talk.date, *(s.label for s in talk.speakers)):
        assert flat(fact) in cover
    assert printed.page_text(2).startswith(flat(words(printed).contents))
    assert any(text.startswith(flat(words(printed).glossary)) for text in map(flat, printed.texts[2:]))


def test_an_english_talk_prints_in_english_in_a_latin_face(english_pdf):
    """Cover, contents, footnotes, endnotes, glossary and bibliography in the talk's language; Latin
    text set in DejaVu, not in the CJK fonts (print.css :lang(en))."""
    # The edition's own name (mkdocs.yml's site_name, here a Chinese one) is a name, not a label.
    text = "".join(english_pdf.texts).replace(pdf_export.edition_name(english_pdf.root), "")
    for phrase in ("Event", "Date", "Speakers", "Contents", "Glossary", "Correction", "Notes", "Bibliography",
                   "Cited by: note", "Original “cough car”, read as “Kafka” (certain).", "Sources: [",
                   "Idempotent consumer幂等消费者A message consumer that processes a message only once",
                   "Back pressure背压(In Chinese; no English definition yet) 下游处理不过来"):
        assert flat(phrase) in flat(text), phrase
    chinese = LABELS["zh"]
    for label in (chinese.event, chinese.contents, chinese.glossary, chinese.sources, chinese.original,
                  chinese.endnotes, chinese.bibliography, *chinese.note_kind.values()):
        assert label not in text, label
    used = set()
    for page in english_pdf.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            used.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert {"DejaVu-Serif", "DejaVu-Sans-Bold"} <= used, used


def test_every_font_is_embedded_and_subset(printed):
    fonts = {}
    for page in printed.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert any("CJK" in name for name in fonts), fonts.keys()
    for name, descriptor in fonts.items():
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"
        assert re.match(r"/[A-Z]{6}\+", name), f"{name} is not a subset"


def test_chinese_text_extracts_as_written(printed_zh):
    printed = printed_zh
    text = "".join(printed.texts)
    assert untouched_sentence(printed.talk) in flat(text)
    assert flat(printed.talk.title) in flat(text)
    assert not ODD.findall(text), "characters that do not copy as they show: " + "".join(set(ODD.findall(text)))


def test_corrections_show_the_corrected_words_then_the_original_in_brackets(printed):
    text, talk = flat("".join(printed.texts)), printed.talk
    fixes = [(n.replace, talk.transcript[s:e]) for n in talk.notes if n.replaces_text for s, e in n.ranges]
    assert fixes
    opening, closing = ("[", "]") if printed.talk.language == "en" else ("〔", "〕")  # print.css
    for replacement, original in fixes:
        if len(replacement) + len(original) <= KEEP_TOGETHER:  # longer ones may wrap, even across a page
            assert flat(f"{replacement}{opening}{original}{closing}") in text
        assert flat(replacement) in text and flat(f"{opening}{original}{closing}") in text


def test_one_footnote_per_note_file_each_on_the_page_of_its_call(printed):
    talk, pages = printed.talk, printed.pages
    note_files = sorted((printed.root / "talks" / talk.id / "notes").glob("*.md"))
    anchors = Anchors(talk.id)
    footnotes = sorted(name for name in pages if name.startswith(anchors.footnote("")))
    assert len(footnotes) == len(note_files) == len(talk.notes)
    numbers = footnote_numbers(talk)
    for note in talk.notes:
        page = pages[anchors.footnote(note.id)]
        assert page in printed.footnote_pages(anchors, note.id), note.path
        assert flat(f"{numbers[note.id]}.{words(printed).note_kind[note.kind]}") in printed.page_text(page), note.path
    assert len(_moved(printed)) <= len(talk.notes) // 10  # the exception, not the rule


def _moved(printed: Printed) -> list[str]:
    """Footnotes that went to the page after their call's (page_fill.py)."""
    anchors, pages = Anchors(printed.talk.id), printed.pages
    return [n.id for n in printed.talk.notes if pages[anchors.footnote(n.id)] != pages[anchors.call(n.id)]]


def test_contents_give_the_pages_where_sections_start(printed):
    talk, pages = printed.talk, printed.pages
    contents = printed.texts[1]
    entries = [(s.title, Anchors(talk.id).section(s.id)) for s in talk.sections] + [(words(printed).glossary,
                                                                                      "glossary")]
    for title, element in entries:
        # Title, leader dots, page number: the line ends after the number, where the next entry starts.
        found = re.search(r"\s*".join(map(re.escape, flat(title))) + r"\s*\.{3,}\s*(\d+)", contents)
        assert found, f"{title} is not in the contents"
        assert int(found[1]) == pages[element], title
        assert flat(title) in printed.page_text(pages[element]), f"{title} is not on page {pages[element]}"


def _words(printed: Printed, page: int) -> list[tuple[str, float, float, float]]:
    """(word, left, right, top) of each word poppler finds on `page`, in points."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(printed.path), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(html_unescape(w), float(x0), float(x1), float(y0)) for x0, y0, x1, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)]


def test_the_contents_page_carries_the_talk_map_with_each_sections_number_and_first_page(printed):
    """Read back from the PDF: under the heading, a band as wide as the text column (A4, margins 26 and
    22 mm) with each section's number centred in its share of the text, and under each number the page
    the section starts on; then the speakers' legend. The contents list follows the map."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    talk, pages = printed.talk, printed.pages
    tmap = talk_map(talk)
    mm = 72 / 25.4
    left, width = 26 * mm, (210 - 26 - 22) * mm
    words = _words(printed, 2)
    heading = next(w for w in words if w[0] == words_of(printed).contents)
    first_entry = next(w for w in words if w[0] == flat(talk.sections[0].title)[:len(w[0])] and len(w[0]) > 1)
    numbers_row, pages_row = None, None
    for seg in tmap.sections:
        x0, x1 = left + seg.left * width, left + (seg.left + seg.share) * width
        inside = [w for w in words if x0 - 1 <= (w[1] + w[2]) / 2 <= x1 + 1 and heading[3] < w[3] < first_entry[3]]
        number = [w for w in inside if w[0] == str(seg.number)]
        assert number, f"section {seg.number} has no number in its segment ({x0:.0f}-{x1:.0f} pt)"
        assert abs((number[0][1] + number[0][2]) / 2 - (x0 + x1) / 2) < 2, "the number is not centred in its segment"
        page = [w for w in inside if w[3] > number[0][3] + 5 and w[0].isdigit()]
        assert page and int(page[0][0]) == pages[Anchors(talk.id).section(seg.id)], f"section {seg.number}'s page"
        numbers_row = numbers_row or number[0][3]
        pages_row = pages_row or page[0][3]
        assert number[0][3] == numbers_row  # one row of numbers, one (or two) of pages under it
    text = "".join(w[0] for w in words)
    for _, label in tmap.speakers:
        assert label in text
    caption = flat(words_of(printed).map_of_whole)
    assert caption in text
    assert text.index(caption) < text.index(flat(talk.sections[0].title)[:4])


def test_outline_has_the_talk_its_sections_and_the_glossary(printed):
    reader, talk, pages = printed.reader, printed.talk, printed.pages
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    contents = words(printed).contents
    L = words(printed)
    assert top == [talk.title, L.endnotes, L.glossary, L.bibliography]
    under_talk = outline[1]
    titles = [item.title for item in under_talk]
    assert titles[0] == contents
    assert [t for t in titles if t not in (contents, talk.intro_title)] == [s.title for s in talk.sections]
    for item, section in zip([i for i in under_talk if i.title not in (contents, talk.intro_title)], talk.sections):
        assert reader.get_destination_page_number(item) + 1 == pages[Anchors(talk.id).section(section.id)]
    terms = [item.title for item in outline[outline.index(next(i for i in outline if not isinstance(i, list)
                                                                and i.title == L.glossary)) + 1]]
    assert set(terms) <= {t.name_in(printed.talk.language) for t in printed.edition.terms} and terms


def test_metadata_title_author_language(printed):
    info = printed.reader.metadata
    assert info.title == printed.talk.title
    assert info.author == pdf_export.edition_name(printed.root)
    assert printed.reader.trailer["/Root"]["/Lang"] == printed.talk.language


def test_glossary_page_references_point_at_the_paragraphs(printed):
    talk, pages = printed.talk, printed.pages
    start = next(i for i, text in enumerate(printed.texts) if flat(text).startswith(flat(words(printed).glossary)))
    glossary = flat("".join(printed.texts[start:]))
    page_of = r"p\.(\d+)" if printed.talk.language == "en" else r"第(\d+)页"  # print.css
    references = re.findall(page_of + r"（§(\d+)¶(\d+)）", glossary)
    assert references
    for page, section, paragraph in references:
        element = Anchors(talk.id).paragraph(talk.sections[int(section) - 1].paragraphs[int(paragraph) - 1].id)
        assert int(page) == pages[element]


def test_progress_names_the_stages_and_the_page_count(printed):
    pages = len(printed.reader.pages)
    assert any(line.endswith(f"layout: {pages} pages") for line in printed.progress), printed.progress
    assert any("creating pdf" in line for line in printed.progress)


def test_pages_render_to_png(printed, artifacts):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed")
    last = len(printed.reader.pages)
    for page in (1, 2, min(last, 3 if printed.name != "real" else 6)):
        prefix = artifacts / f"pdf-{printed.name}-page-{page}"
        subprocess.run(["pdftoppm", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", "-png",
                        str(printed.path), str(prefix)], check=True)
        assert prefix.with_suffix(".png").read_bytes().startswith(b"\x89PNG")
    assert last >= 4


# ---- the print HTML keeps the transcript -------------------------------------------------------

VOID = {"wbr", "br", "img"}  # elements with no end tag (a URL's <wbr>: templating.breakable_url)


class _ReadingText(HTMLParser):
    """The text of the reading paragraphs, leaving out what the edition adds: footnotes, the corrected
    words, speaker labels and repeated calls. What is left must be the transcript."""

    ADDED = {"fn", "fix-new", "speaker", "fn-again", "fn-sep"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: inside reading text and not skipped
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        inside = self.stack[-1] if self.stack else False
        if "para" in classes:
            inside = True
        if classes & self.ADDED:
            inside = False
        self.stack.append(inside)

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            self.text.append(data)


def test_print_html_keeps_the_transcript_byte_for_byte(printed):
    parser = _ReadingText()
    parser.feed(print_document(printed.edition, (printed.talk,), "talkbook", verbatim=True))
    assert "".join(parser.text) == printed.talk.transcript


# ---- the reading text: printed by default --------------------------------------------------------

class _Rparas(_ReadingText):
    """The text of the reading paragraphs (class rpara), without footnotes, speakers and repeated calls."""

    ADDED = {"fn", "speaker", "fn-again", "fn-sep"}

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        inside = (self.stack[-1] if self.stack else False) or "rpara" in classes
        self.stack.append(inside and not classes & self.ADDED)


def test_the_print_html_of_a_talk_with_a_reading_text_is_that_text():
    edition = load_edition(ROOT)
    talk = next(t for t in edition.talks if t.reading is not None)
    parser = _Rparas()
    parser.feed(print_document(edition, (talk,), "talkbook"))
    assert "".join(parser.text) == "".join(p.text for p in talk.reading.paragraphs)


def test_the_pdf_prints_the_reading_text_with_the_site_numbers(reading_pdf):
    talk, pages = reading_pdf.talk, reading_pdf.pages
    text = flat("".join(reading_pdf.texts))
    # Punctuated, fillers and repeats gone (a footnote call may sit between any two characters: "朋友3跟我").
    sentence = flat(talk.reading.paragraphs[1].text.split("。")[0])
    assert re.search(r"(?:更?\d+,?)*".join(map(re.escape, sentence)), text), sentence
    assert "其实其实其实" not in text and "其实其实其实" in talk.transcript
    anchors = Anchors(talk.id)
    numbers = footnote_numbers(talk)  # the site's numbers too (test_reading_view.py)
    for note in talk.notes:  # every note, corrections included, once, on the page of its call (or the next)
        page = pages[anchors.footnote(note.id)]
        assert page in reading_pdf.footnote_pages(anchors, note.id), note.path
        assert f"{numbers[note.id]}.{words(reading_pdf).note_kind[note.kind]}" in reading_pdf.page_text(page), note.path
    assert len(_moved(reading_pdf)) <= len(talk.notes) // 10


@pytest.fixture(params=["mini", "real", "english", "reading"])
def printed_any(request) -> Printed:
    """Every printed talk, the real one both as its verbatim and as its reading text."""
    return request.getfixturevalue(f"{request.param}_pdf")


def test_the_footnote_marks_read_back_are_the_sites_numbers_in_two_series(printed_any):
    """Every footnote's mark and kind as the PDF's text has them ("3.背景", "更3.更正"), all at once:
    no note printed twice, none missing, corrections in their own series, as the site numbers them
    (edition/numbering.py; test_reading_numbers.py checks the site's pages); a "另见" names the series
    of the note it links to."""
    talk, L = printed_any.talk, words(printed_any)
    numbers = footnote_numbers(talk)
    # A run-in gloss's kind may be broken across two lines ("1. 参\n考"), which pypdf extracts with a
    # line break inside it.
    kinds = "|".join(r"\s*".join(re.escape(c) for c in flat(k)) for k in L.note_kind.values())
    mark = re.escape(L.fix_mark.format(n="@")).replace("@", r"\d+")
    # Glosses run in at the foot of a page (print.css footnote-display: inline), each after the page
    # reference of the one before ("→ 第 12 页 13. 背景"): a mark is never inside a longer number or mark.
    prefix = L.fix_mark.format(n="@").split("@")[0]
    found = re.findall(rf"(?<![\d{re.escape(prefix[-1])}])((?:{mark})|\d+)\.\s*({kinds})", "\n".join(printed_any.texts))
    found = [(number, flat(kind)) for number, kind in found]
    assert sorted(found) == sorted((numbers[n.id].mark, flat(L.note_kind[n.kind])) for n in talk.notes)
    pages = printed_any.pages
    for note in talk.notes:
        for target in note.see_also:
            page = pages[Anchors(talk.id).endnote(note.id)]  # the note in full, where 另见 is
            # an endnote starting at a page's foot ends, with its 另见, on the next page
            where = printed_any.page_text(page) + printed_any.page_text(min(page + 1, len(printed_any.texts)))
            assert flat(numbers[target].name) in where, f"{note.path}: 另见 {target}"


# ---- offline, repeatable, atomic ---------------------------------------------------------------

def test_build_succeeds_with_the_network_disabled(mini, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    edition = load_edition(mini)
    [result] = pdf_export.export(mini, tmp_path, None, edition, lambda line: None)
    assert result.path == tmp_path / "demo.pdf" and len(PdfReader(result.path).pages) == result.pages >= 4


def test_fetcher_reads_data_urls_and_refuses_the_network():
    from weasyprint.urls import FatalURLFetchingError

    fetcher = pdf_export.offline_fetcher()
    assert fetcher.fetch("data:text/css,p%7Bcolor:red%7D").read() == b"p{color:red}"
    for url in ("https://example.com/a.css", "http://127.0.0.1/x.png", "ftp://example.com/f"):
        with pytest.raises(FatalURLFetchingError, match="the PDF is built offline"):
            fetcher.fetch(url)


def test_a_remote_resource_fails_the_build_and_writes_nothing(mini, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_export, "print_document",
                        lambda *args: '<html lang="zh"><p>图<img src="https://example.com/x.png"></p></html>')
    edition = load_edition(mini)
    out = tmp_path / "out"
    with pytest.raises(pdf_export.PdfError, match=r"asks for https://example\.com/x\.png: the PDF is built offline"):
        pdf_export.build_pdf(edition, edition.talks, out / "demo.pdf", "talkbook")
    assert not out.exists() or list(out.iterdir()) == []


def test_same_sources_give_the_same_bytes(mini_pdf, tmp_path):
    again = build("mini", MINI, tmp_path)
    assert again.path.read_bytes() == mini_pdf.path.read_bytes()


# ---- several talks, the command line -----------------------------------------------------------

def test_several_talks_give_one_file_each_and_a_book(mini, tmp_path):
    shutil.copytree(mini / "talks" / "demo", mini / "talks" / "demo2")
    talk_yml = mini / "talks" / "demo2" / "talk.yml"
    talk_yml.write_text(talk_yml.read_text(encoding="utf-8").replace("title: 演示演讲", "title: 第二场演讲"),
                        encoding="utf-8")
    edition = load_edition(mini)
    progress = []
    results = pdf_export.export(mini, tmp_path, None, edition, progress.append, workers=2)  # in 2 processes
    assert [r.path.name for r in results] == ["demo.pdf", "demo2.pdf", "all-talks.pdf"]
    for name in ("demo", "demo2", "all-talks"):  # each worker's progress comes back, named
        assert any(line.startswith(f"pdf {name}: layout: ") for line in progress), (name, progress)
    [alone] = pdf_export.export(mini, tmp_path / "alone", "demo2", edition, lambda line: None, workers=1)
    assert alone.path.read_bytes() == results[1].path.read_bytes()  # the same bytes as in this process
    book = PdfReader(results[-1].path)
    top = [item.title for item in book.outline if not isinstance(item, list)]
    chinese = LABELS["zh"]  # the endnotes of both talks, then the glossary and the bibliography, at the back
    assert top == [pdf_export.edition_name(mini), "演示演讲", "第二场演讲", chinese.endnotes, chinese.glossary,
                   chinese.bibliography]
    names = set(book.named_destinations)
    assert results[-1].footnotes == sum(len(t.notes) for t in edition.talks)
    assert all(Anchors(t.id).footnote(n.id) in names for t in edition.talks for n in t.notes)


def test_a_pdf_error_comes_back_from_a_worker_process_with_its_lines():
    import pickle

    error = pickle.loads(pickle.dumps(pdf_export.PdfError(["a.md:1: first", "b.md:2: second"])))
    assert type(error) is pdf_export.PdfError and error.lines == ["a.md:1: first", "b.md:2: second"]
    assert str(error) == "a.md:1: first\nb.md:2: second"


def test_cli_writes_the_pdf_and_rejects_an_unknown_talk(mini, tmp_path, capsys):
    assert main(["--root", str(mini), "pdf", "--talk", "nope", "--out", str(tmp_path)]) == 2
    assert "unknown talk 'nope'; the talks are: demo" in capsys.readouterr().err
    assert main(["--root", str(mini), "pdf", "--talk", "demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert f"wrote {tmp_path / 'demo.pdf'}: " in out.out and "pdf demo: layout: " in out.err


# ---- the footnote check itself -----------------------------------------------------------------

def _document(*pages: set[str]):
    return SimpleNamespace(pages=[SimpleNamespace(anchors={name: (0, 0, 0, 0) for name in page}) for page in pages])


def test_check_footnotes_reports_lost_and_moved_footnotes_with_their_note_file(mini_pdf):
    talk = mini_pdf.talk
    a = Anchors(talk.id)
    first, second, third = talk.notes
    document = _document({a.call(first.id), a.footnote(first.id), a.call(second.id), a.call(third.id)},
                         {a.footnote(third.id)})
    placed, misplaced = pdf_export.check_footnotes(document, (talk,))
    assert placed == 1
    assert [str(m.problem) for m in misplaced] == [
        f"{second.path}:{second.line}: this note's footnote is missing from the PDF; WeasyPrint drops footnotes "
        f"silently, check print.css (no padding-top on @footnote) and the note's HTML",
        f"{third.path}:{third.line}: this note's footnote is on page 2 but its call is on page 1; "
        f"shorten the note or split it"]
    assert [m.call_page for m in misplaced] == [1, 1]


def test_a_footnote_may_be_on_the_next_page_only_when_it_may_follow_its_call(mini_pdf):
    """page_fill.py lets a few footnotes follow their call to the next page; no others, and no further."""
    talk = mini_pdf.talk
    a = Anchors(talk.id)
    first, second, third = talk.notes
    document = _document({a.call(first.id), a.call(second.id), a.call(third.id)},
                         {a.footnote(first.id), a.footnote(second.id)}, {a.footnote(third.id)})
    following = frozenset({a.footnote(first.id), a.footnote(third.id)})
    placed, misplaced = pdf_export.check_footnotes(document, (talk,), following)
    assert placed == 1
    assert [m.problem.path for m in misplaced] == [second.path, third.path]


def test_the_paragraph_to_start_on_a_new_page_is_the_last_one_starting_on_that_page(mini_pdf):
    talk = mini_pdf.talk
    a = Anchors(talk.id)
    first, second, third = talk.sections[0].paragraphs
    document = _document({a.paragraph(first.id), a.paragraph(second.id)}, {a.paragraph(third.id)})
    misplaced = [pdf_export.Misplaced(problem=None, call_page=1), pdf_export.Misplaced(problem=None, call_page=None)]
    assert pdf_export.paragraphs_to_break(document, (talk,), misplaced) == {a.paragraph(second.id)}


def _lost_while_on_page_3(talk, real_check, calls, element):
    """A check_footnotes that also reports the first note's footnote lost whenever `element` (a
    paragraph) starts on page 3, as WeasyPrint's path does while the paragraph stays there."""
    def check(document, talks, following=frozenset()):
        calls.append(document)
        placed, misplaced = real_check(document, talks, following)
        if pdf_export._pages_of(document).get(element) == 3:
            return placed - 1, [pdf_export.Misplaced(Problem(talk.notes[0].path, talk.notes[0].line, "lost"), 3)]
        return placed, misplaced
    return check


def _losing_on_page_3(mini, monkeypatch):
    """The mini edition, its talk, its second section's first paragraph and the list of layouts checked,
    with check_footnotes losing a footnote while that paragraph starts on page 3."""
    edition = load_edition(mini)
    talk = edition.talks[0]
    element = Anchors(talk.id).paragraph(talk.sections[1].paragraphs[0].id)
    calls: list = []
    monkeypatch.setattr(pdf_export, "check_footnotes",
                        _lost_while_on_page_3(talk, pdf_export.check_footnotes, calls, element))
    return edition, talk, element, calls


def test_a_misplaced_footnote_starts_its_paragraph_on_a_new_page_and_lays_out_again(mini, tmp_path, monkeypatch):
    """WeasyPrint 70 can move or drop a footnote when a paragraph's first lines overflow a page (see
    pdf_export.paragraphs_to_break); simulate that and check the retry. The break leaves page 3 short, so
    the build tries the paragraph back in place once: the footnote is lost again there, so the break stays."""
    edition, talk, element, calls = _losing_on_page_3(mini, monkeypatch)
    progress: list[str] = []
    result = pdf_export.build_pdf(edition, edition.talks, tmp_path / "demo.pdf", "talkbook", progress.append)
    assert len(calls) == 3 and result.footnotes == len(talk.notes) and result.page_breaks == {element}
    assert "1 footnote(s) not on the page of their call; starting 1 paragraph(s) on a new page and laying out again" \
        in progress
    assert any(line.startswith("a paragraph started on a new page left the page before it short") for line in progress)
    # The last paragraph starting on page 3 (section 2's first) now starts a page, with its heading.
    pages = {name: PdfReader(result.path).get_destination_page_number(dest) + 1
             for name, dest in PdfReader(result.path).named_destinations.items()}
    anchors = Anchors(talk.id)
    assert pages[anchors.paragraph(talk.sections[1].paragraphs[0].id)] == 4
    assert pages[anchors.section(talk.sections[1].id)] == 4


def test_a_break_that_left_its_page_short_is_undone_when_the_footnotes_then_fit(mini, tmp_path, monkeypatch):
    """The footnote lost on the first layout only (a path the break dodged that does not come back): the
    paragraph goes back in place, its notes allowed the next page, and nothing is left broken."""
    edition = load_edition(mini)
    talk = edition.talks[0]
    real_check, calls = pdf_export.check_footnotes, []

    def lost_once(document, talks, following=frozenset()):
        calls.append(document)
        placed, misplaced = real_check(document, talks, following)
        if len(calls) == 1:
            return placed - 1, [pdf_export.Misplaced(Problem(talk.notes[0].path, talk.notes[0].line, "lost"), 3)]
        return placed, misplaced

    monkeypatch.setattr(pdf_export, "check_footnotes", lost_once)
    result = pdf_export.build_pdf(edition, edition.talks, tmp_path / "demo.pdf", "talkbook")
    assert len(calls) == 3 and result.page_breaks == frozenset() and result.footnotes == len(talk.notes)
    paragraph = talk.sections[1].paragraphs[0]
    assert result.following == {Anchors(talk.id).footnote(n.id) for n in talk.notes_after(paragraph)}


def test_the_breaks_found_are_kept_so_the_next_build_lays_out_once_with_the_same_bytes(mini, tmp_path,
                                                                                      monkeypatch):
    edition, talk, element, calls = _losing_on_page_3(mini, monkeypatch)
    cache = tmp_path / "cache"
    first = pdf_export.build_pdf(edition, edition.talks, tmp_path / "a" / "demo.pdf", "talkbook", cache=cache)
    assert len(calls) == 3  # the first layout, the one with the break, the one trying without it
    [entry] = cache.glob("demo-*.json")
    assert json.loads(entry.read_text()) == {"breaks": [element], "following": []}
    progress: list[str] = []
    second = pdf_export.build_pdf(edition, edition.talks, tmp_path / "b" / "demo.pdf", "talkbook", progress.append,
                                  cache=cache)
    assert len(calls) == 4 and not any("laying out again" in line or "trying it" in line for line in progress)
    assert second.path.read_bytes() == first.path.read_bytes()


def test_the_page_breaks_key_covers_the_document_the_css_weasyprint_and_the_fonts(tmp_path, monkeypatch):
    import weasyprint

    def key(html="<p>x</p>"):
        return pdf_export.PageBreaks(tmp_path, "demo", html).path.name

    base = key()
    assert key() == base and key("<p>y</p>") != base
    monkeypatch.setattr(weasyprint, "__version__", "0.0")
    assert key() != base
    monkeypatch.undo()
    monkeypatch.setattr(pdf_export, "_fonts", lambda: "another font")
    assert key() != base
    monkeypatch.undo()
    css = tmp_path / "print.css"
    css.write_text(pdf_export.CSS_PATH.read_text(encoding="utf-8") + "\np { orphans: 3 }\n", encoding="utf-8")
    monkeypatch.setattr(pdf_export, "CSS_PATH", css)
    assert key() != base
    monkeypatch.undo()
    old, new = pdf_export.PageBreaks(tmp_path, "demo", "<p>old</p>"), pdf_export.PageBreaks(tmp_path, "demo", "<p>x</p>")
    other = pdf_export.PageBreaks(tmp_path, "demo2", "<p>x</p>")
    old.store({"a"}, set())
    other.store({"c"}, set())
    new.store({"b"}, {"fn-x"})
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted([new.path.name, other.path.name])
    assert new.load() == ({"b"}, {"fn-x"}) and old.load() == (set(), set())
    for damaged in ("not json", "[1, 2]"):
        new.path.write_text(damaged, encoding="utf-8")
        assert new.load() == (set(), set())  # a damaged entry only costs time


def test_footnotes_still_misplaced_after_the_retries_fail_the_build(mini, tmp_path, monkeypatch):
    edition = load_edition(mini)
    note = edition.talks[0].notes[0]
    monkeypatch.setattr(pdf_export, "check_footnotes", lambda document, talks, following=frozenset(): (
        0, [pdf_export.Misplaced(Problem(note.path, note.line, "this note's footnote is missing from the PDF"), 3)]))
    with pytest.raises(pdf_export.PdfError) as raised:
        pdf_export.build_pdf(edition, edition.talks, tmp_path / "out" / "demo.pdf", "talkbook")
    assert raised.value.lines == [f"{note.path}:{note.line}: this note's footnote is missing from the PDF"]
    assert not (tmp_path / "out").exists()


def _term_file(term_id: str, related: tuple[str, ...] = (), body: str = "正文。") -> str:
    return (f"---\nterm: 词{term_id}\nen: Term {term_id}\nshort: {term_id} 的释义。\nrelated: [{', '.join(related)}]\n"
            f"sources:\n  - title: Source of {term_id}\n    author: Someone\n    year: 2020\n"
            f"    url: https://example.org/{term_id}\n---\n{body}\n")


def test_the_glossary_holds_what_the_text_uses_in_full_and_what_entries_link_to_briefly(mini):
    """A chain mlops -> near -> far: entries link one step out, briefly; nothing beyond, and no dead link."""
    glossary = mini / "glossary"
    mlops = (glossary / "mlops.md").read_text(encoding="utf-8")
    (glossary / "mlops.md").write_text(mlops.replace("related: [hidden-technical-debt]",
                                                     "related: [hidden-technical-debt, near-a]")
                                       .replace("正文。", "正文，另见[近词](term:near-b)。"), encoding="utf-8")
    for term_id, related in (("near-a", ("far-a",)), ("near-b", ("far-b",)), ("far-a", ()), ("far-b", ())):
        (glossary / f"{term_id}.md").write_text(_term_file(term_id, related), encoding="utf-8")
    edition = load_edition(mini)
    talk = edition.talks[0]
    assert "mlops" in {m.term_id for m in talk.mentions}
    html = print_document(edition, (talk,), "talkbook")
    entries = {term_id: kind for kind, term_id in re.findall(r'<section class="(term-entry[^"]*)" id="g-([^"]+)"', html)}
    assert entries["mlops"] == "term-entry"
    assert entries["near-a"] == entries["near-b"] == "term-entry term-brief"
    assert "far-a" not in entries and "far-b" not in entries
    assert "near-a 的释义。" in html and "Source of near-a" in html
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert {target for target in re.findall(r'href="#([^"]+)"', html)} <= ids
    assert "只被其他词条提到的词条仅列释义和来源" in html


def test_a_note_written_over_several_lines_prints_as_one_paragraph(english_pdf):
    """fix-kafka.md breaks its paragraph after "keep events"; the footnote must not."""
    assert "keep events until the consumer" in " ".join("".join(english_pdf.texts).split(" "))


def test_soft_line_breaks_join_as_a_browser_joins_them():
    from talkbook.pdf.soft_breaks import join_soft_breaks

    assert join_soft_breaks("<p>第一行\n第二行，\nMLOps\n和 DALL·E</p>") == "<p>第一行第二行， MLOps 和 DALL·E</p>"
    assert join_soft_breaks("<p>keep events  \nuntil</p>\n<pre>a\nb</pre>") == "<p>keep events until</p> <pre>a\nb</pre>"


def test_a_citation_ends_its_title_with_one_period():
    """"2nd ed." ends the title and the sentence: no "2nd ed.." in the PDF, on the page or in the index."""
    from talkbook.edition.model import Source
    from talkbook.web.render import TEMPLATES as SITE

    book = Source("Designing Data-Intensive Applications, 2nd ed.", "M. Kleppmann", 2025, "https://example.org/b")
    plain = Source("Hidden Technical Debt", "D. Sculley et al.", 2015, "https://example.org/a")
    # The bibliography's entry (book.html bib_entry) prints each work through citation.html's macro.
    cite = macros(print_html.TEMPLATES, "citation.html").citation
    printed = " ".join(str(cite(source, 'class="url"', breaks=True)) for source in (book, plain))
    assert "2nd ed.</cite> 2025." in printed and ".." not in printed
    assert "D. Sculley et al. <cite>Hidden Technical Debt</cite>. 2015." in printed
    assert ".." not in str(macros(SITE, "talk.html").sources((book,)))
    assert "<li>M. Kleppmann. Designing Data-Intensive Applications, 2nd ed. 2025</li>" in \
        macros(SITE, "search.html").sources((book,))


# ---- typesetting, read back from the PDF (issue 17) ----------------------------------------------

def _layout(printed: Printed) -> list[Page]:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    return read_pages(printed.path)


def _body(printed: Printed) -> range:
    return body_pages(printed.pages, [printed.talk.id])


def test_the_pdf_is_tagged_with_headings_in_its_structure_tree(typeset):
    """PDF/UA-1 (export.PDF_VARIANT): a structure tree, marked content, the talk's title an H1 and
    every section an H2, so assistive technology gets headings and the reading order."""
    root = typeset.reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    kinds: list[str] = []
    pending = [root["/StructTreeRoot"].get_object()]
    while pending:
        node = pending.pop()
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "keys") and "/S" in kid:
                kinds.append(str(kid["/S"]))
                pending.append(kid)
    assert kinds.count("/H1") >= 2  # the title and the glossary's heading
    assert kinds.count("/H2") >= len(typeset.talk.sections) + 1  # the sections and the contents
    assert {"/P", "/Link"} <= set(kinds)


def test_no_body_page_is_more_than_a_quarter_blank(typeset):
    """The tallest band without text (between the text and the footnotes, or below them) stays under
    a quarter of the page area, except on a page before a forced break: the end of the introduction,
    the end of the talk, a paragraph export.build_pdf had to start on a new page."""
    pages, destinations, talk = _layout(typeset), typeset.pages, typeset.talk
    body = _body(typeset)
    anchors = Anchors(talk.id)
    forced = {body.stop - 1} | {destinations[p] - 1 for p in typeset.page_breaks}
    if talk.intro_title:
        forced.add(destinations[anchors.section(talk.sections[0].id)] - 1)
    blank = {n: pages[n - 1].blank_share() for n in body if n not in forced}
    too_blank = {n: f"{share:.0%}" for n, share in blank.items() if share > MOST_BLANK}
    assert not too_blank, f"pages more than {MOST_BLANK:.0%} blank: {too_blank}"


def test_the_running_header_names_the_section_the_page_opens_in(typeset):
    """The header of a page is the section its first line belongs to: the one starting there if the
    page opens with its heading, else the last one started before (print.css string(section, start))."""
    pages, destinations, talk = _layout(typeset), typeset.pages, typeset.talk
    anchors = Anchors(talk.id)
    starts = [(destinations[anchors.intro()], talk.intro_title, talk.intro_title)] if talk.intro_title else []
    starts += [(destinations[anchors.section(s.id)], f"{s.number}{s.title}", s.title) for s in talk.sections]
    for number in _body(typeset):
        page = pages[number - 1]
        top = flat(page.body[0].text)
        opening = [title for at, heading, title in starts
                   if at < number or (at == number and top.startswith(flat(heading)))]
        assert flat(page.header) == flat(opening[-1]), f"page {number}: header {page.header!r}, top line {top[:20]!r}"


@pytest.mark.parametrize("verbatim", [True, False], ids=["verbatim", "reading"])
def test_two_calls_side_by_side_are_printed_apart(tmp_path, verbatim):
    """Two notes ending on the same words: their calls stand side by side, with the separator (print_text.
    CALL_SEPARATOR) between them, in both texts. The read-back test below measures the separated
    calls of the real talk, which may have none of them."""
    project = copy_mini(tmp_path / "mini", ROOT / "tests" / "fixtures" / "translated")  # with a reading text
    notes = project / "talks" / "demo" / "notes"
    (notes / "debt-paper-again.md").write_text((notes / "debt-paper.md").read_text(encoding="utf-8")
                                              .replace("title: 隐性技术债论文", "title: 同一篇论文")
                                              .replace("quote: hidden technical debt很重要", "quote: 很重要"),
                                              encoding="utf-8")
    shutil.rmtree(project / "talks" / "demo" / "translations")  # the new note has no English: not this test's matter
    edition = load_edition(project)
    talk = edition.talks[0]
    html = print_document(edition, (talk,), "t", verbatim=verbatim)
    assert html.count('class="fn-sep"') == 1, html.count('class="fn-sep"')
    assert re.search(r'debt-paper(?:-again)?"></span>.{0,600}?<span class="fn-sep">,</span><span class="fn-at" id="[^"]*debt-paper', html, re.S)


def test_footnote_calls_side_by_side_stay_apart_and_legible(typeset):
    """Every raised number in the text is one call: no two calls' digits run together ("3334"), and
    each page has at least as many raised calls as footnote calls start on it. Calls are two thirds
    of the text's size (not the footnote's) and bold."""
    pages, destinations, talk = _layout(typeset), typeset.pages, typeset.talk
    anchors = Anchors(talk.id)
    numbers = footnote_numbers(talk)
    separated = 0
    fix = re.escape(labels_for(talk.language).fix_mark.format(n=""))  # a correction's call: 更3
    call = re.compile(rf"(?:(?:{fix})?\d+,?)+")
    for number in _body(typeset):
        raised = []
        # poppler may cut one printed line into several (a smaller bracket, a raised call alone): a
        # call is measured against the text-size words its height overlaps, wherever poppler put them.
        words = [w for line in pages[number - 1].body for w in line.words]
        text = [w for w in words if w.y1 - w.y0 >= NOTE_HEIGHT]
        for word in words:
            beside = [w for w in text if w.y0 < word.y1 and word.y0 < w.y1]
            if not beside or not call.fullmatch(word.text):
                continue
            line_bottom, text_height = max(w.y1 for w in beside), max(w.y1 - w.y0 for w in beside)
            if word.y1 < line_bottom - 2.5:  # above the baseline
                assert word.y1 - word.y0 >= 0.6 * text_height, f"page {number}: call {word.text} is too small"
                raised += word.text.strip(",").split(",")
                separated += "," in word.text
        calls = {str(numbers[n.id]) for n in talk.notes if destinations[anchors.call(n.id)] == number}
        assert calls <= set(raised), f"page {number}: calls {sorted(calls - set(raised))} do not stand alone: {raised}"
        assert set(raised) <= {str(n) for n in numbers.values()}, f"page {number}: merged calls in {raised}"
    html = print_document(typeset.edition, (talk,), "t", typeset.page_breaks, verbatim=typeset.name != "reading")
    assert separated == html.count('class="fn-sep"')
    sans = set()  # the calls' face (print.css): which weights set 7pt digits in it
    for page in typeset.reader.pages[_body(typeset).start - 1:_body(typeset).stop - 1]:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sans.add(str(font["/BaseFont"])) if (
            font and "Sans" in str(font["/BaseFont"]) and text.strip().isdigit() and abs(size * cm[0] - 7) < 0.05)
            else None)
    assert sans and all(name.endswith("-Bold") for name in sans), sans


def test_the_middle_dot_is_never_the_full_width_one_of_the_cjk_sans_face(typeset):
    """Noto Sans CJK SC's U+00B7 is a full-width dot ("DALL・E"): print.css takes it from a Latin face."""
    found, wide = 0, []
    for number, page in enumerate(typeset.reader.pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            nonlocal found
            if "·" in text and font is not None:
                found += 1
                if "Sans-CJK" in str(font["/BaseFont"]):
                    wide.append((number, text))
        page.extract_text(visitor_text=visit)
    assert not wide, f"middle dots set in the CJK sans face: {wide[:5]}"
    assert found or typeset.name == "mini"


def _sources(printed: Printed) -> set[str]:
    return {s.url for n in printed.talk.notes for s in n.sources} | {s.url for t in printed.edition.terms
                                                                     for s in t.sources}


def test_urls_break_only_after_a_slash_or_a_dot_and_labels_stay_whole(typeset):
    """Over the whole PDF, line by line: a URL that goes on to the next line breaks after its host, a
    "/" or a "." (or, inside a slug longer than templating.LONG_URL_PART, after a "-"), never inside
    "https://"; "注 50" never leaves its number to the next line."""
    pages = _layout(typeset)
    label = words(typeset).note_n.split("{")[0].strip()
    urls = sorted(_sources(typeset), key=len, reverse=True)
    checked = 0
    for page in pages:
        lines = ["".join(w.text for w in line.words) for line in page.lines]
        text = "\n".join(lines)
        for url in urls:
            for found in re.finditer("\n?".join(map(re.escape, url)), text):
                where = found[0]
                for cut in [i for i, c in enumerate(where) if c == "\n"]:
                    before = where[:cut].replace("\n", "")
                    assert not re.fullmatch(r"[a-z]+:?/{0,2}[^/]*", before), f"page {page.number}: {url} breaks in its head"
                    assert before[-1] in "/.-", f"page {page.number}: {url} breaks after {before!r}"
                    checked += 1
        for line, following in zip(page.lines, page.lines[1:]):
            if line.words and following.words:
                assert not (line.words[-1].text.endswith(label) and following.words[0].text[:1].isdigit()), (
                    f"page {page.number}: {line.words[-1].text!r} / {following.words[0].text!r}")
    assert checked or typeset.name == "mini"


def test_the_cover_describes_the_brackets_the_body_uses(typeset):
    """The verbatim print shows a correction's original in 〔〕; the reading text uses 〔〕 for the
    editor's insertions. The cover says which, and never 方括号 (square brackets)."""
    cover = typeset.page_text(1)
    assert "方括号" not in cover
    if typeset.name == "reading":
        assert "依通读文本排印" in cover and flat("〔〕内为编者补出的字") in cover
    else:
        assert flat("〔〕内为转写原文") in cover


def test_both_label_tables_describe_the_brackets_print_css_draws():
    css = print_html.TEMPLATES.parent.joinpath("print.css").read_text(encoding="utf-8")
    assert 'content: "〔"' in css and ':lang(en) .fix-old::before { content: "["; }' in css
    assert "〔〕内为转写原文" in LABELS["zh"].colophon and "方括号" not in LABELS["zh"].colophon
    assert "in brackets" in LABELS["en"].colophon
    for table in LABELS.values():
        assert "〔〕" in table.colophon_reading  # print_reading.py writes insertions in 〔〕 in every language


# ---- the book: glosses, endnotes, bibliography, page targets (issue 27) ------------------------------

def _links(printed: Printed) -> dict[int, set[str]]:
    """1-based page -> the named destinations its link annotations go to."""
    out = {}
    for number, page in enumerate(printed.reader.pages, start=1):
        out[number] = {str(a.get_object().get("/Dest")) for a in page.get("/Annots", []) if "/Dest" in a.get_object()}
    return out


def test_each_gloss_links_to_its_endnote_and_each_endnote_back_to_its_call(typeset):
    """A footnote is the gloss; its arrow is a PDF link to the note in full and prints that page's number;
    the endnote's number is a link back to the call and prints the call's page."""
    talk, pages, links = typeset.talk, typeset.pages, _links(typeset)
    anchors, numbers = Anchors(talk.id), footnote_numbers(talk)
    page_of = r"p\.(\d+)" if talk.language == "en" else r"第(\d+)页"
    for note in talk.notes:
        gloss, endnote, call = (pages[anchors.footnote(note.id)], pages[anchors.endnote(note.id)],
                                pages[anchors.call(note.id)])
        assert endnote > gloss, note.path
        assert anchors.endnote(note.id) in links[gloss], f"{note.path}: no link from page {gloss} to its endnote"
        assert anchors.call(note.id) in links[endnote], f"{note.path}: no link back from page {endnote}"
        assert str(endnote) in re.findall(page_of, typeset.page_text(gloss)), note.path
        name = flat(numbers[note.id].name)
        back = re.findall(re.escape(name) + r"[（(](?:第|p\.)(\d+)", typeset.page_text(endnote))
        # the call's page, also where a later layout pass moved the call (pdf/target_pages.py)
        assert str(call) in back, f"{note.path}: endnote on page {endnote} gives {back}, not {call}"


def test_footnotes_are_glosses_and_urls_print_only_in_the_bibliography(typeset):
    """No URL and no note body at the foot of a text page; every source URL once in the whole PDF, on
    the bibliography's pages: one entry per work however many notes and terms cite it."""
    body, pages = _body(typeset), typeset.pages
    bibliography = range(pages["bibliography"], len(typeset.texts) + 1)
    for number in body:
        assert "http" not in typeset.page_text(number), f"page {number} prints a URL"
    everything = flat("".join(typeset.texts))
    urls = {s.url for n in typeset.talk.notes for s in n.sources}
    assert urls
    for url in urls:
        # once: a longer URL that starts with this one is another work
        assert len(re.findall(re.escape(flat(url)) + r"(?![A-Za-z0-9_/.#?=&%-])", everything)) == 1, url
        assert any(flat(url) in typeset.page_text(n) or flat(url)[:30] in typeset.page_text(n) for n in bibliography)


def _section_pages(printed: Printed) -> range:
    """The body pages from the first section's on (the 导读 before it has paragraphs of its own kind)."""
    body = _body(printed)
    return range(printed.pages[Anchors(printed.talk.id).section(printed.talk.sections[0].id)], body.stop)


def test_every_body_page_is_mostly_the_talk(typeset):
    """At least LEAST_TALK of a body page's text block is the talk (text and headings), the rest its
    glosses and white; only the last page of a section may hold less. Prints the share per page."""
    pages = _layout(typeset)
    body = _body(typeset)
    exempt = last_pages_of_sections(pages, body)
    shares = {n: talk_share(pages[n - 1]) for n in body}
    print("\n".join(f"{typeset.name} page {n}: talk {share:.0%}{' (last of a section)' if n in exempt else ''}"
                    for n, share in shares.items()))
    low = {n: f"{share:.0%}" for n, share in shares.items() if share < LEAST_TALK and n not in exempt}
    assert not low, f"body pages under {LEAST_TALK:.0%} talk: {low}"


def test_no_widow_or_orphan_on_a_body_page(typeset):
    """A paragraph never leaves one line alone at a page's foot or head, nor one line before a heading."""
    pages = _layout(typeset)
    found = paragraph_breaks(pages, _body(typeset))
    print("\n".join(f"{typeset.name} page {b.page}: {b.kind} {b.text[:20]!r}" for b in found) or "none")
    assert not found


def test_every_paragraph_of_a_turn_is_indented_alike(typeset):
    """A paragraph after a paragraph gap starts 2em in, the first of a turn (after its number) or not."""
    pages = _layout(typeset)
    found = unindented(pages, _section_pages(typeset))
    assert not found, [(line.page, line.text[:20]) for line in found]


def test_the_intro_and_the_body_are_justified(typeset):
    """Inside a paragraph, no line that has a space to widen ends short of the measure: text-align:
    justify on the 导读 as on the body (WeasyPrint justifies at spaces; a line of CJK alone fills the
    measure but for at most a character or two, which this does not count)."""
    pages = _layout(typeset)
    short = [line for line in ragged_lines(pages, _body(typeset), tolerance=10.5) if " " in line.text.strip()]
    assert not short, [(line.page, line.text[-20:]) for line in short]


def test_latin_words_in_justified_chinese_lines_keep_their_letters_together(typeset):
    """Justifying a Chinese line spreads its extra width between the Chinese characters (cjk_justify);
    a Latin word in it stays whole: never "r e p l i c a t e", which poppler reads back as one-letter
    words side by side."""
    spaced = []
    for number, page in enumerate(_layout(typeset), 1):
        for line in page.body:
            run = 0
            for word in line.words:
                run = run + 1 if re.fullmatch(r"[A-Za-z]", word.text) else 0
                if run == 3:
                    spaced.append((number, line.text[:60]))
    assert spaced == []


def test_adjacent_full_width_marks_are_compressed(tmp_path):
    """Where two full-width marks meet, the one cjk_punct.py marks is set half-width by print.css: laid out
    by WeasyPrint with print.css and read back, "甲，“乙”" is four and a half ems wide, not five (the
    marks of the book's text are chosen by compress, test_book_apparatus.py)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    from talkbook.pdf.cjk_punct import compress
    from talkbook.pdf.make_pdf import _render

    html = ('<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>t</title></head><body>'
            '<p class="para">{}</p><p class="para">{}</p></body></html>')
    path = tmp_path / "pair.pdf"
    path.write_bytes(_render(html.format(compress("甲，“乙”"), "甲，“乙”")).write_pdf())
    widths = {}
    for page in read_pages(path):
        for line in page.lines:
            for word in line.words:
                if "甲" in word.text:
                    widths.setdefault(word.text, []).append(word.x1 - word.x0)
    compressed, plain = widths["甲，“乙”"]
    assert plain - compressed >= 0.4 * 10.5, (compressed, plain)  # print.css: 10.5pt text
    assert compressed <= 4.6 * 10.5


def test_insertions_extract_in_their_brackets(reading_pdf):
    """An editor's insertion in the reading text reads back from the PDF inside its 〔〕 (print.css sets
    it in the sans face too, so that colour is not all that marks it)."""
    talk = reading_pdf.talk
    inserts = [p.text for r in talk.reading.paragraphs for p in r.pieces if p.kind == "insert"]
    if not inserts:
        pytest.skip("the reading text has no insertion")
    text = flat("".join(reading_pdf.texts))
    for insert in inserts:
        assert flat(f"〔{insert}〕") in text, insert


def test_a_page_reference_follows_its_target_when_a_later_pass_moves_it():
    """A forward reference that resolves wider ("0" to "14") pushes #mover from page 1 to page 2 in the
    second layout pass; the reference back to it on the last page must print 2, not the 1 of the first
    pass (WeasyPrint 70 alone prints 1: pdf/target_pages.py)."""
    import io

    from talkbook.pdf import target_pages
    from weasyprint import CSS, HTML

    target_pages.install()
    lines = lambda prefix, n: "".join(f"<p>{prefix}{i}</p>" for i in range(n))
    html = (f'<div class="fwd"><a href="#end"></a></div>{lines("a", 8)}<p id="mover">m</p>{lines("x", 120)}'
            f'<p id="end"><a class="back" href="#mover"></a></p>')
    css = ("@page { size: 100pt 100pt; margin: 0 } body { margin: 0; font: 10pt/10pt serif } p { margin: 0 }"
           ".fwd { width: 8pt; word-break: break-all }"  # one digit fits its line, two take two lines
           ".fwd a::after, a.back::after { content: target-counter(attr(href url), page) }")
    document = HTML(string=html).render(stylesheets=[CSS(string=css)])
    page_of = {name: n for n, page in enumerate(document.pages, start=1) for name in page.anchors}
    assert page_of["mover"] == 2  # else the document no longer moves it and proves nothing
    reader = PdfReader(io.BytesIO(document.write_pdf()))
    assert reader.pages[page_of["end"] - 1].extract_text().split()[-1] == "2"


# ---- page numbers known in advance (pdf/page_refs.py) -------------------------------------------

def test_internal_links_carry_the_known_page_of_their_target_and_nothing_else():
    from talkbook.pdf import page_refs

    html = ('<p><a class="fn-more" href="#en-a">x</a> <a href="#toc-b">y</a> <a href="https://e.org/#en-a">z</a>'
            '<a class="bref" href="#gone">w</a></p>')
    assert page_refs.numbered(html, {"en-a": 12, "toc-b": 3}) == (
        '<p><a data-page="12" class="fn-more" href="#en-a">x</a> <a data-page="3" href="#toc-b">y</a> '
        '<a href="https://e.org/#en-a">z</a><a class="bref" href="#gone">w</a></p>')
    assert page_refs.numbered(html, {}) == html
    assert page_refs.targets(html) == {"en-a", "toc-b", "gone"}
    # a target known at another page, or not known at all, is misnumbered; one not laid out is not checked
    assert page_refs.misnumbered({"en-a", "toc-b", "gone"}, {"en-a": 12, "toc-b": 3}, {"en-a": 12, "toc-b": 4}) == \
        {"toc-b": 4}
    assert page_refs.misnumbered({"en-a"}, {}, {"en-a": 12}) == {"en-a": 12}


def test_page_numbers_kept_from_the_build_before_are_checked_and_a_wrong_one_never_printed(mini, tmp_path,
                                                                                           monkeypatch):
    """A warm build prints the pages the build before found for its references and lays out once; numbers
    that are wrong (a stale or tampered cache) are corrected by one more layout: the same bytes as a
    build from nothing, whose references WeasyPrint counted itself."""
    edition = load_edition(mini)
    cache = tmp_path / "cache"
    renders: list[str] = []
    real = pdf_export._render
    monkeypatch.setattr(pdf_export, "_render", lambda html: renders.append(html) or real(html))
    first = pdf_export.build_pdf(edition, edition.talks, tmp_path / "a" / "demo.pdf", "talkbook", cache=cache)
    assert len(renders) == 2 and "data-page" not in renders[0] and 'data-page="' in renders[1]
    [numbers] = cache.glob("*.pages.json")
    pages = json.loads(numbers.read_text(encoding="utf-8"))
    assert len(pages) > 10 and len(set(pages.values())) > 2
    renders.clear()
    warm = pdf_export.build_pdf(edition, edition.talks, tmp_path / "b" / "demo.pdf", "talkbook", cache=cache)
    assert len(renders) == 1 and warm.path.read_bytes() == first.path.read_bytes()
    numbers.write_text(json.dumps({target: page + 1 for target, page in pages.items()}), encoding="utf-8")
    renders.clear()
    fixed = pdf_export.build_pdf(edition, edition.talks, tmp_path / "c" / "demo.pdf", "talkbook", cache=cache)
    assert len(renders) == 2 and fixed.path.read_bytes() == first.path.read_bytes()
    assert json.loads(numbers.read_text(encoding="utf-8")) == pages


def test_a_talks_page_breaks_are_not_removed_by_a_talk_whose_id_starts_with_its_id(tmp_path):
    cache = tmp_path / "cache"
    demo, demo2 = pdf_export.PageBreaks(cache, "demo", "<p>a</p>"), pdf_export.PageBreaks(cache, "demo-2", "<p>b</p>")
    demo2.store({"x"}, set())
    demo2.store_pages({"x": 3})
    demo.store({"y"}, set())
    assert demo2.load() == ({"x"}, set()) and demo2.pages() == {"x": 3}
