"""`talkbook pdf --lang <lang>` and `--parallel`: a talk printed in its translation, and beside it. Each
PDF is built once per module from the fixtures (tests/fixtures/translated over the mini talk, and the
English fixture talk with its Chinese translation) and read back: pypdf for the text, the named
destinations and the document's language, poppler's word boxes (pdf_readback.py) for where the two
columns of a parallel page sit. The note numbers are checked against the site's translation view
(web/translation_view.note_name), so a PDF and a page never name a note differently."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, copy_mini
from pdf_readback import LEFT, NOTE_HEIGHT, read_pages
from pypdf import PdfReader
from talkbook.cli import main
from talkbook.edition.build import load_edition
from talkbook.edition.labels import labels_for_tag
from talkbook.edition.model import Edition, Talk
from talkbook.edition.numbering import note_numbers
from talkbook.edition.translation import units_by_paragraph
from talkbook.pdf import make_pdf
from talkbook.pdf.print_text import Anchors
from talkbook.web.translation_view import note_name
from test_pdf import flat

TRANSLATED = ROOT / "tests" / "fixtures" / "translated"
ENGLISH = ROOT / "tests" / "fixtures" / "english-talk"
CJK = re.compile("[\u3400-\u9fff]")
# The fixture's reference note, translated here in its title and gloss only (CONTRIBUTING §13 allows
# it for kinds other than correction and fact-check): its endnote prints the Chinese body.
TITLE_AND_GLOSS_ONLY = "debt-paper"


@dataclass
class Printed:
    edition: Edition
    talk: Talk
    path: Path
    reader: PdfReader
    texts: list[str]  # per page
    seconds: float

    @property
    def pages(self) -> dict[str, int]:
        return {name: self.reader.get_destination_page_number(dest) + 1
                for name, dest in self.reader.named_destinations.items()}

    def body(self) -> range:
        """The pages from the first section to the page before the endnotes."""
        pages, anchors = self.pages, Anchors(self.talk.id)
        return range(pages[anchors.section(self.talk.sections[0].id)], pages["endnotes"])

    def text(self, pages: range) -> str:
        return "\n".join(self.texts[n - 1] for n in pages)


def _project(base: Path, *overlays: Path) -> Path:
    root = copy_mini(base / "project", *overlays)
    note = root / "talks" / "demo" / "translations" / "en" / "notes" / f"{TITLE_AND_GLOSS_ONLY}.md"
    if note.exists():  # keep its front matter (title, gloss), drop its body
        note.write_text(note.read_text(encoding="utf-8").rsplit("---", 1)[0] + "---\n", encoding="utf-8")
    return root


def _print(root: Path, out: Path, talk_id: str, language: str, parallel: bool = False) -> Printed:
    edition = load_edition(root)
    result = make_pdf.export(root, out, talk_id, edition, lambda line: None, language=language, parallel=parallel)[0]
    reader = PdfReader(result.path)
    return Printed(edition, next(t for t in edition.talks if t.id == talk_id), result.path, reader,
                   [page.extract_text() for page in reader.pages], result.seconds)


@pytest.fixture(scope="module")
def translated_root(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("pdf-tr"), TRANSLATED)


@pytest.fixture(scope="module")
def english_pdf(translated_root, tmp_path_factory) -> Printed:
    return _print(translated_root, tmp_path_factory.mktemp("pdf-tr-en"), "demo", "en")


@pytest.fixture(scope="module")
def parallel_pdf(translated_root, tmp_path_factory) -> Printed:
    return _print(translated_root, tmp_path_factory.mktemp("pdf-tr-parallel"), "demo", "en", parallel=True)


@pytest.fixture(scope="module")
def chinese_of_english_pdf(tmp_path_factory) -> Printed:
    """The other way round: the English fixture talk in its Chinese translation."""
    root = _project(tmp_path_factory.mktemp("pdf-tr-zh"), ENGLISH)
    return _print(root, tmp_path_factory.mktemp("pdf-tr-zh-out"), "kafka-to-postgres", "zh")


def _in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found after the one before them (all of them found in order: [])."""
    missing, at = [], 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            missing.append(needle)
        else:
            at = found + len(needle)
    return missing


def _site_marks(talk: Talk, language: str) -> dict[str, str]:
    """note id -> its mark in the site's view of the translation (web/translation_view.py)."""
    numbers, L = note_numbers(talk), labels_for_tag(language)
    return {note.id: note_name(numbers[note.id], note, L).mark for note in talk.notes}


# ---- the edition in English ----------------------------------------------------------------------

def test_the_body_is_the_translations_units_in_order_and_no_chinese_but_quoted(english_pdf):
    talk = english_pdf.talk
    translation = talk.translation("en")
    body = english_pdf.text(english_pdf.body())
    # Unit after unit, as the reading text orders them (a footnote call may follow a unit).
    assert _in_order(flat(body), [flat(u.text) for u in translation.units]) == []
    # Section titles and speakers in English too.
    assert _in_order(flat(body), [flat(translation.section(s.id).title) for s in talk.sections]) == []
    assert flat(translation.speaker("host") + ":") in flat(body)
    # Chinese on the body pages only inside quotation marks: a correction's original words.
    unquoted = re.sub(r"“[^”]*”", "", body)
    assert CJK.findall(unquoted) == [], unquoted
    assert not any(flat(p.text) in flat(body) for p in talk.reading.paragraphs)


def test_the_glosses_are_the_translations_at_the_foot_of_each_call_with_the_sites_numbers(english_pdf):
    talk = english_pdf.talk
    translation, L, marks = talk.translation("en"), labels_for_tag("en"), _site_marks(talk, "en")
    numbers, anchors, pages = note_numbers(talk), Anchors(talk.id), english_pdf.pages
    ordered = sorted(talk.notes, key=lambda n: numbers[n.id])
    feet = flat(english_pdf.text(english_pdf.body()))
    # Each footnote: the site's mark, the kind in English, the translated title and gloss; in the
    # order of their calls.
    expected = [flat(f"{marks[n.id]}.{L.note_kind[n.kind]}{translation.note(n.id).title}") for n in ordered]
    assert _in_order(feet, expected) == []
    assert _in_order(feet, [flat(translation.note(n.id).gloss) for n in ordered]) == []
    for note in talk.notes:  # on the page of its call
        assert pages[anchors.footnote(note.id)] == pages[anchors.call(note.id)], note.id
    # Read from the text as extracted: a gloss's mark follows the page reference of the one before it
    # ("→ p. 4 1. Reference"), which flattened would read "41.".
    kinds = "|".join(re.escape(kind) for kind in L.note_kind.values())
    found = re.findall(rf"(?<![\w.])(c\d+|\d+)\.\s*(?={kinds})", english_pdf.text(english_pdf.body()))
    assert sorted(found) == sorted(marks.values())
    # The marks differ from the Chinese PDF's ("更1"): the translation's own series names.
    assert "c1" in marks.values() and not any("更" in m for m in marks.values())


def test_endnotes_hold_the_translated_bodies_and_say_which_body_is_still_the_originals(english_pdf):
    talk = english_pdf.talk
    translation, L = talk.translation("en"), labels_for_tag("en")
    pages = english_pdf.pages
    endnotes = flat(english_pdf.text(range(pages["endnotes"], pages["glossary"])))
    for own in translation.notes:
        if own.id != TITLE_AND_GLOSS_ONLY:
            assert flat(re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", own.body)) in endnotes, own.id
    original = talk.note(TITLE_AND_GLOSS_ONLY)
    body = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", original.body)  # its links print as their words
    assert flat(L.body_in_original + body) in endnotes
    assert flat(translation.note(TITLE_AND_GLOSS_ONLY).title) in endnotes


def test_the_document_is_in_english_with_english_labels(english_pdf):
    reader, translation, L = english_pdf.reader, english_pdf.talk.translation("en"), labels_for_tag("en")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == translation.title
    assert english_pdf.path.name == "demo.en.pdf"
    front = flat(english_pdf.texts[0] + english_pdf.texts[1])
    assert flat(translation.title) in front and flat(L.contents) in front and flat(translation.event) in front
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {L.endnotes, L.glossary, L.bibliography} <= set(outline), outline
    # The running header of a body page is the section's English title.
    header = read_pages(english_pdf.path)[english_pdf.body().start - 1].header
    assert header == translation.section(english_pdf.talk.sections[0].id).title
    # Glossary entries under their English names (term `en:`).
    glossary = flat(english_pdf.text(range(english_pdf.pages["glossary"], len(english_pdf.texts) + 1)))
    used = {m.term_id for m in english_pdf.talk.mentions}
    for term in english_pdf.edition.terms:
        if term.id in used and term.en:
            assert flat(term.en) in glossary


def test_a_chinese_translation_of_an_english_talk_prints_in_chinese(chinese_of_english_pdf):
    printed = chinese_of_english_pdf
    translation = printed.talk.translation("zh")
    assert printed.reader.trailer["/Root"]["/Lang"] == "zh"
    body = flat(printed.text(printed.body()))
    assert _in_order(body, [flat(u.text) for u in translation.units]) == []
    marks = _site_marks(printed.talk, "zh")
    assert _in_order(body, [flat(marks[n.id] + "." + labels_for_tag("zh").note_kind[n.kind])
                            for n in sorted(printed.talk.notes, key=lambda n: note_numbers(printed.talk)[n.id])]) == []


# ---- parallel ------------------------------------------------------------------------------------

def _rows(path: Path) -> list[tuple[int, float, float, str]]:
    """(page, y, x, flat text) of every line of text (not of footnotes), in page and top-to-bottom order."""
    out = []
    for page in read_pages(path):
        for line in sorted(page.lines, key=lambda line: line.y0):
            words = [w for w in line.words if w.x0 >= LEFT - 2]  # the paragraph number sits in the margin
            if words and max(w.y1 - w.y0 for w in words) >= NOTE_HEIGHT:
                out.append((page.number, line.y0, min(w.x0 for w in words), flat(" ".join(w.text for w in words))))
    return out


def _find(rows, needle: str, after: tuple[int, float], left: bool, middle: float):
    for page, y, x, text in rows:
        if (page, y) > after and (x < middle) == left and needle in text:
            return page, y
    return None


def test_the_parallel_book_sets_each_paragraph_beside_its_translation_in_step(parallel_pdf):
    talk = parallel_pdf.talk  # the talk as written (Chinese)
    translation = talk.translation("en")
    grouped = units_by_paragraph(talk, translation)
    rows, middle = _rows(parallel_pdf.path), parallel_pdf.reader.pages[0].mediabox.width / 2
    assert parallel_pdf.path.name == "demo.parallel.en.pdf"
    after = (0, 0.0)
    for section in talk.sections:
        for paragraph in section.paragraphs:
            first = next(r for r in talk.reading.paragraphs if paragraph.start <= r.start < paragraph.end)
            chinese = _find(rows, flat(first.text)[:6], after, True, middle)
            english = _find(rows, flat(grouped[first.line][0].text)[:8], after, False, middle)
            assert chinese and english, (paragraph.id, chinese, english)
            # The same row: the same page, the first lines level with each other.
            assert chinese[0] == english[0] and abs(chinese[1] - english[1]) < 4, (paragraph.id, chinese, english)
            after = max(chinese, english)  # the next paragraph comes below both
    # Each note printed once, as a footnote in English with the site's mark; the Chinese column
    # carries the same marks as links to it.
    pages, anchors, marks = parallel_pdf.pages, Anchors(talk.id), _site_marks(talk, "en")
    assert sum(1 for name in pages if name.startswith(f"{talk.id}--n-")) == len(talk.notes)
    text = flat("".join(parallel_pdf.texts))
    for note in talk.notes:
        own = translation.note(note.id)
        assert text.count(flat(f"{marks[note.id]}.{labels_for_tag('en').note_kind[note.kind]}{own.title}")) == 1
    assert parallel_pdf.reader.trailer["/Root"]["/Lang"] == "en"


# ---- bad input -----------------------------------------------------------------------------------

def test_a_language_the_talks_lack_names_every_talk_and_folder_and_writes_nothing(tmp_path, capsys):
    root = copy_mini(tmp_path / "project", ENGLISH)  # two talks: neither has a French translation
    out = tmp_path / "out"
    assert main(["--root", str(root), "pdf", "--lang", "fr", "--out", str(out)]) != 0
    err = capsys.readouterr().err
    for talk in ("demo", "kafka-to-postgres"):
        assert re.search(rf"^talks/{talk}/talk\.yml:1: .*talks/{talk}/translations/fr/ does not exist", err, re.M), err
    assert "Traceback" not in err and not out.exists()
    # --parallel needs a translation to set beside the talk, --lang a language the talk has.
    assert main(["--root", str(root), "pdf", "--talk", "demo", "--parallel", "--out", str(out)]) == 2
    assert "--parallel needs --lang" in capsys.readouterr().err
    assert main(["--root", str(root), "pdf", "--talk", "kafka-to-postgres", "--lang", "en", "--parallel",
                 "--out", str(out)]) != 0
    assert re.search(r"^talks/kafka-to-postgres/talk\.yml:1: the talk is in 'en' itself", capsys.readouterr().err, re.M)
    assert not out.exists()
