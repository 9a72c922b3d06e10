"""Note numbers (edition/numbering.py) as every talk's page shows them, in 通读 and 逐字: corrections
count in a series of their own (更正 1, 2 …), the other notes in theirs (注 1, 2 …), each in reading
order; markers, the notes' own numbers and "另见" links all name a note the same way. test_pdf.py
reads the same numbers back from the PDF, in the reading text and the verbatim."""
from __future__ import annotations

import re
from html import unescape

import pytest
from conftest import MINI, ROOT, copy_mini
from talkbook.edition.build import load_edition
from talkbook.edition.labels import labels_for
from talkbook.edition.numbering import note_numbers
from talkbook.web import urls
from talkbook.web.render import render_site

MARKER = re.compile(r'<a class="tb-marker[^"]*" id="(rd?)-([a-z0-9-]+?)(?:-\d+)?" href="#n-\2" '
                    r'aria-label="([^"]+)">([^<]+)</a>')
NOTE_HEAD = re.compile(r'<aside class="tb-note[^"]*" id="n-([a-z0-9-]+)".*?<a class="tb-note-num" href="#r-\1" '
                       r'aria-label="([^"]+)">([^<]+)</a>(.*?)</aside>', re.S)
SEE_ALSO = re.compile(r'<p class="tb-note-see">(.*?)</p>', re.S)
LINK = re.compile(r'<a href="#n-([a-z0-9-]+)">([^<]+)</a>')


@pytest.fixture(scope="module", params=["real", "mini", "english"])
def project(request, tmp_path_factory):
    if request.param == "real":
        return ROOT
    if request.param == "mini":
        return MINI
    return copy_mini(tmp_path_factory.mktemp("numbers") / "project", ROOT / "tests" / "fixtures" / "english-talk")


def test_each_series_counts_from_one_in_reading_order(project):
    for talk in load_edition(project).talks:
        numbers = note_numbers(talk)
        labels = labels_for(talk.language)
        by_order = sorted(talk.notes, key=lambda n: numbers[n.id])
        for fix in (True, False):
            series = [numbers[n.id] for n in by_order if (n.kind == "correction") == fix]
            assert [x.n for x in series] == list(range(1, len(series) + 1))
            named = labels.fix_n if fix else labels.note_n
            assert [x.name for x in series] == [named.format(n=x.n) for x in series]
        marks = [numbers[n.id].mark for n in talk.notes]
        assert len(set(marks)) == len(marks), "two notes show the same marker"


def named(talk, note_id: str, name: str) -> set[str]:
    """A marker's accessible name: its number's name, and for a correction in 逐字 (where the marker is
    the marked word's one tab stop) also what the editors read there (web/inline.py)."""
    note = next(n for n in talk.notes if n.id == note_id)
    if not note.replaces_text:
        return {name}
    labels = labels_for(talk.language)
    read_as = labels.fix_marker_read_as.format(name=name, replace=note.replace)
    if note.emendation:  # an editor's emendation says so in its name (CONTRIBUTING §5)
        read_as += f"{labels.list_sep}{labels.emendation}"
    return {name, read_as}


def test_markers_notes_and_see_also_links_name_each_note_alike_in_both_views(project):
    edition = load_edition(project)
    files = render_site(edition)
    for talk in edition.talks:
        numbers = note_numbers(talk)
        correction = {n.id: n.kind == "correction" for n in talk.notes}
        # A translation's parts of a note name the notes in its own words (tests/test_translation_view.py).
        html = re.sub(r'<div class="tb-note-tr".*?</div>', "", files[urls.talk_page(talk.id)], flags=re.S)
        markers = MARKER.findall(html)
        views = {"r"} | ({"rd"} if talk.reading else set())
        assert {view for view, *_ in markers} == views, talk.id
        for view in views:
            shown = [(note, unescape(name), mark) for v, note, name, mark in markers if v == view]
            assert all(mark == numbers[note].mark and name in named(talk, note, numbers[note].name)
                       for note, name, mark in shown), view
            for fix in (True, False):  # first markers of each series count up, as the text is read
                firsts = list(dict.fromkeys(numbers[note].n for note, _, _ in shown if correction[note] == fix))
                assert firsts == sorted(firsts), f"{talk.id} {view}: markers do not count up"
        in_verbatim = {note for view, note, *_ in markers if view == "r"}
        assert in_verbatim == {n.id for n in talk.notes}, "every note has a marker in 逐字"
        heads = NOTE_HEAD.findall(html)
        assert len(heads) == len(talk.notes)
        for note, back, mark, rest in heads:
            assert mark == numbers[note].mark
            assert numbers[note].name in unescape(back)
            for see in SEE_ALSO.findall(rest):
                for target, name in LINK.findall(see):
                    assert unescape(name) == numbers[target].name, f"{note}: 另见 {target}"
