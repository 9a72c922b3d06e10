"""The talk page's two views in a real Chromium: 通读 (the reading text, reading.md) by default, 逐字
(the verbatim) one click away; the choice kept in the URL and across visits; anchors, notes and
corrections in both. Runs on the included talk, which has a reading text."""
from __future__ import annotations

import pytest
from conftest import ROOT
from talkbook.edition.build import load_edition
from test_reading import MEDIUM, NARROW, NOTES, WIDE, check_margin, opened, overlapping

TALK = next(t for t in load_edition(ROOT).talks if t.reading is not None)
VIEW = "() => document.documentElement.getAttribute('data-tb-view')"
SHOWN = """() => ({reading: [...document.querySelectorAll('.tb-rpara')].filter(e => e.offsetParent).length,
                  verbatim: [...document.querySelectorAll('.tb-para:not(.tb-rpara)')].filter(e => e.offsetParent).length})"""


@pytest.fixture(scope="module")
def talk_url(site_url):
    return f"{site_url}talks/{TALK.id}/index.html"


def test_the_page_opens_in_reading_view_and_switches_to_verbatim(browser, talk_url):
    paragraphs = sum(len(s.paragraphs) for s in TALK.sections)
    with opened(browser, talk_url, WIDE) as page:
        assert page.evaluate(VIEW) == "reading"
        assert page.evaluate(SHOWN) == {"reading": len(TALK.reading.paragraphs), "verbatim": 0}
        assert page.get_attribute(".tb-view-button[data-view=reading]", "aria-pressed") == "true"
        first = page.inner_text(".tb-rpara >> nth=0")
        assert "，" in first and "呃" not in first  # what a reader copies from 通读 is the reading text
        page.click(".tb-view-button[data-view=verbatim]")
        assert page.evaluate(VIEW) == "verbatim"
        assert page.evaluate(SHOWN) == {"reading": 0, "verbatim": paragraphs}
        assert page.get_attribute(".tb-view-button[data-view=verbatim]", "aria-pressed") == "true"
        assert page.url.endswith("?view=verbatim")
        assert "呃" in page.inner_text(".tb-para >> nth=0")
        # Remembered: the same reader opening the page without ?view= gets 逐字 again.
        page.goto(talk_url)
        assert page.evaluate(VIEW) == "verbatim" and page.url.endswith("?view=verbatim")
        page.click(".tb-view-button[data-view=reading]")
        assert page.evaluate(VIEW) == "reading" and page.url.endswith("?view=reading")


def test_a_shared_link_opens_its_view_for_another_reader(browser, talk_url):
    with opened(browser, talk_url + "?view=verbatim", WIDE) as page:  # a fresh context: nothing stored
        assert page.evaluate(VIEW) == "verbatim"
        assert page.evaluate(SHOWN)["reading"] == 0


@pytest.mark.parametrize("view", ["reading", "verbatim"])
def test_note_anchors_and_permalinks_work_in_both_views(browser, talk_url, view):
    note = next(n for n in TALK.notes if not n.replaces_text and len(n.ranges) == 1)
    paragraph = TALK.sections[1].paragraphs[0]
    with opened(browser, f"{talk_url}?view={view}#n-{note.id}", WIDE) as page:
        assert page.evaluate(VIEW) == view
        assert page.locator(f"#n-{note.id}").is_visible()
        marker = page.evaluate(f"() => document.getElementById('n-{note.id}').previousElementSibling"
                               f".querySelector('.tb-marker').id")
        assert marker == ("rd-" if view == "reading" else "r-") + note.id
        page.goto(f"{talk_url}?view={view}#{paragraph.id}")
        assert page.locator(f"#{paragraph.id}").is_visible()
        shown = ".tb-rpara" if view == "reading" else ".tb-para:not(.tb-rpara)"
        assert page.locator(f"#{paragraph.id} {shown}").first.is_visible()


def test_a_marker_link_of_the_other_view_lands_on_its_twin(browser, talk_url):
    note = next(n for n in TALK.notes if not n.replaces_text)
    with opened(browser, f"{talk_url}?view=reading#r-{note.id}", WIDE) as page:
        assert page.evaluate(VIEW) == "reading"  # the verbatim marker's twin rd-… is shown instead
        assert page.locator(f"#rd-{note.id}").is_visible()


def test_in_reading_view_corrections_are_in_the_words_not_in_the_margin(browser, talk_url):
    fix = next(n for n in TALK.notes if n.replaces_text and len(n.ranges) == 1)
    with opened(browser, talk_url, WIDE) as page:
        assert not page.locator(f"#n-{fix.id}").is_visible()
        word = page.locator(f".tb-rfix[data-note='n-{fix.id}']").first
        start, end = fix.ranges[0]
        assert word.inner_text() in fix.replace
        assert f"原文：{TALK.transcript[start:end]}" in (word.get_attribute("title") or "")
        word.click()
        assert page.locator(f"#n-{fix.id}").is_visible()  # opened from its words


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_reading_view_notes_sit_by_their_markers(browser, talk_url, artifacts, width):
    with opened(browser, talk_url, width) as page:
        notes = [n for n in page.evaluate(NOTES) if n["height"] > 0]
        shown = {n["id"] for n in notes}
        expected = {f"n-{n.id}" for n in TALK.notes if not n.replaces_text}
        if width == WIDE:
            assert shown == expected
            assert all(n["marker"] and n["marker"].startswith("rd-") for n in notes)
            check_margin(notes)
            assert overlapping(notes) == []
        else:
            assert shown == set()  # folded under their line until opened
        page.screenshot(path=str(artifacts / f"reading-view-{width}.png"))


def test_search_indexes_the_reading_text_and_keeps_the_misheard_words(site):
    from talkbook.web.search import search_docs

    text = "".join(d["text"] for d in search_docs(site) if d["location"].startswith(f"talks/{TALK.id}/"))
    text = text.replace("\u200b", "")
    assert TALK.reading.paragraphs[0].text.split("。")[0] in text  # punctuated, as 通读 shows it
    assert "原文：大一" in text  # the verbatim's words, with the correction's note


def test_note_numbers_are_the_same_in_both_views_and_the_pdf_and_count_up(site):
    import re

    from conftest import site_file, site_page
    from talkbook.pdf.print_html import footnote_numbers
    from talkbook.web import urls

    html = site_page(site, urls.talk_page(TALK.id))
    pdf = footnote_numbers(TALK)  # test_pdf.py reads these numbers back from the PDF
    for prefix in ("r", "rd"):
        found = re.findall(rf'id="{prefix}-([a-z0-9-]+?)(?:-\d+)?" href="#n-\1" aria-label="[^"]+">([^<]+)<', html)
        assert found, prefix
        assert all(mark == pdf[note].mark for note, mark in found), prefix
        firsts = list(dict.fromkeys(pdf[note] for note, _ in found))  # NoteNumber sorts in reading order
        assert firsts == sorted(firsts), f"{prefix}: markers do not count up in reading order"
    assert any(pdf[note].mark != str(pdf[note].n) for note, _ in found), "no correction marker in 通读"


def test_in_reading_view_notes_sit_level_with_their_markers_at_1440(browser, talk_url):
    """The issue's figures, in 通读 at 1440×1000 with every note closed: the median note at most 16 px
    from its marker, none more than 160 px. A closed note is shorter than a line of text
    (talkbook.css), so a run of notes on successive lines never pushes the next one a line down."""
    import statistics

    context = browser.new_context(viewport={"width": WIDE, "height": 1000})
    page = context.new_page()
    page.goto(f"{talk_url}?view=reading")
    notes = [n for n in page.evaluate(NOTES) if n["height"] > 0]
    offsets = [abs(n["top"] - n["markerTop"]) for n in notes]
    context.close()
    print(f"通读: median {statistics.median(offsets):.1f} px, max {max(offsets):.1f} px, "
          f"over 100 px: {sum(o > 100 for o in offsets)} of {len(offsets)}")
    assert len(notes) == sum(1 for n in TALK.notes if not n.replaces_text)  # the margin's notes, all shown
    assert statistics.median(offsets) <= 16
    assert max(offsets) <= 160


# Opens each margin note in turn from its marker and closes it again, measuring every note's top
# before and while it is open.
OPEN_EACH = """() => {
  const notes = [...document.querySelectorAll('aside.tb-note')].filter(n => n.getBoundingClientRect().height > 0);
  const tops = () => notes.map(n => n.getBoundingClientRect().top + scrollY);
  const problems = [];
  notes.forEach((note, i) => {
    const marker = note.previousElementSibling && note.previousElementSibling.querySelector('.tb-marker');
    if (!marker) { problems.push(note.id + ': no marker right before it'); return; }
    const before = tops();
    marker.click();
    const after = tops();
    const height = note.getBoundingClientRect().height;
    if (!note.classList.contains('tb-open')) problems.push(note.id + ': did not open');
    marker.click();
    notes.forEach((other, j) => {
      const moved = after[j] - before[j];
      if (j < i && Math.abs(moved) > 0.5) problems.push(`opening ${note.id} moved ${other.id} above it by ${moved}`);
      if (j > i && (moved < -0.5 || moved > height + 0.5))
        problems.push(`opening ${note.id} (${height} px high) moved ${other.id} below it by ${moved}`);
    });
  });
  return {count: notes.length, problems};
}"""


def test_in_reading_view_opening_a_note_moves_only_the_notes_below_it_by_at_most_its_height(browser, talk_url):
    context = browser.new_context(viewport={"width": WIDE, "height": 1000})
    page = context.new_page()
    page.goto(f"{talk_url}?view=reading")
    result = page.evaluate(OPEN_EACH)
    context.close()
    assert result["count"] == sum(1 for n in TALK.notes if not n.replaces_text)
    assert result["problems"] == []


# Opens each note from each of its markers in the view shown, in turn, and says where it broke the
# text: its words before and after the note (markers, other notes and speaker labels left out) must meet at a sentence end (in 逐字 a pause, a space, counts) that is
# also a word boundary for the browser's own segmenter, and the note must sit between them on screen.
SPLITS = r"""() => {
  const skip = e => e.nodeType === 1 && e.matches('.tb-note, .tb-ref, .tb-speaker, .tb-plink, .tb-suggest');
  // The paragraph's words before or after `note`, as text nodes in order (markers, notes, labels left out).
  function texts(note, forward) {
    const out = [];
    for (let e = forward ? note.nextSibling : note.previousSibling; e; e = forward ? e.nextSibling : e.previousSibling) {
      if (skip(e)) continue;
      const walker = document.createTreeWalker(e.nodeType === 3 ? e.parentNode : e, NodeFilter.SHOW_TEXT);
      const nodes = [];
      if (e.nodeType === 3) nodes.push(e);
      else for (let t = walker.nextNode(); t; t = walker.nextNode()) if (!t.parentNode.closest('.tb-ref, .tb-note')) nodes.push(t);
      forward ? out.push(...nodes) : out.unshift(...nodes);
    }
    return out;
  }
  function charRect(node, index) {
    const range = document.createRange();
    range.setStart(node, index); range.setEnd(node, index + 1);
    return range.getBoundingClientRect();
  }
  const seg = new Intl.Segmenter(document.documentElement.lang || 'zh', {granularity: 'word'});
  const reading = document.documentElement.getAttribute('data-tb-view') !== 'verbatim';
  const end = reading ? /[。！？；…!?;][”’」』）)"']*\s*$|\.[”’"')]*\s*$/ : /[。！？；…!?;.][”’」』）)"']*\s*$|\s$/;
  const markers = [...document.querySelectorAll('button.tb-marker')].filter(m => m.getClientRects().length);
  const problems = [];
  let opened = 0;
  for (const marker of markers) {
    const note = document.getElementById(marker.getAttribute('aria-controls'));
    marker.click();
    if (!note.classList.contains('tb-open')) { problems.push(marker.id + ': did not open'); continue; }
    opened++;
    const box = note.getBoundingClientRect();
    const before = texts(note, false), after = texts(note, true);
    const textBefore = before.map(t => t.data).join(''), textAfter = after.map(t => t.data).join('');
    const words = [...seg.segment(textBefore + textAfter)].map(s => s.index);
    if (textAfter.trim() && !end.test(textBefore)) problems.push(`${marker.id}: opens inside a sentence, after “${textBefore.slice(-12)}” before “${textAfter.slice(0, 12)}”`);
    if (textAfter.trim() && !words.includes(textBefore.length)) problems.push(`${marker.id}: splits a word: “${textBefore.slice(-6)}|${textAfter.slice(0, 6)}”`);
    const lastNode = [...before].reverse().find(t => t.data.trim());
    if (lastNode) {
      const i = lastNode.data.trimEnd().length - 1;
      if (charRect(lastNode, i).bottom > box.top + 1) problems.push(`${marker.id}: words before it sit beside or under it`);
    }
    const firstNode = after.find(t => t.data.trim());
    if (firstNode) {
      const i = firstNode.data.length - firstNode.data.trimStart().length;
      if (charRect(firstNode, i).top < box.bottom - 1) problems.push(`${marker.id}: words after it sit beside or above it`);
    }
    marker.click();
  }
  return {markers: markers.length, opened, problems};
}"""


@pytest.mark.parametrize("view", ["reading", "verbatim"])
@pytest.mark.parametrize("width", [MEDIUM, NARROW])
def test_an_opened_note_never_splits_a_word_it_opens_after_the_sentence(browser, talk_url, width, view):
    with opened(browser, f"{talk_url}?view={view}", width) as page:
        assert page.evaluate("() => document.documentElement.getAttribute('data-tb-layout')") == "fold"
        result = page.evaluate(SPLITS)
    noted = [n for n in TALK.notes if view == "verbatim" or not n.replaces_text]  # 通读: corrections are words
    assert result["opened"] == result["markers"] >= len(noted)
    assert result["problems"] == []


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_escape_closes_the_open_note_from_wherever_focus_is(browser, talk_url, width):
    note = next(n for n in TALK.notes if not n.replaces_text)
    with opened(browser, talk_url, width) as page:
        page.click(f"#rd-{note.id}")
        assert page.get_attribute(f"#rd-{note.id}", "aria-expanded") == "true"
        page.focus(".tb-view-button[data-view=reading]")  # focus far from the note and its marker
        page.keyboard.press("Escape")
        assert page.get_attribute(f"#rd-{note.id}", "aria-expanded") == "false"
        assert "tb-open" not in (page.get_attribute(f"#n-{note.id}", "class") or "")
