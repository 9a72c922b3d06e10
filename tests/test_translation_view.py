"""A translation's view of the talk page in a real Chromium (issue #29), on the mini fixture with its
English translation (tests/fixtures/translated): one control beside 通读 and 逐字, kept in the URL
and across visits; the English paragraphs lang="en", one per reading paragraph, each note's marker
at the end of the unit that carries its quote; the notes speak English there; anchors and
permalinks work in it, on wide and narrow screens."""
from __future__ import annotations

import pytest
from conftest import ROOT, build_site, copy_mini, served
from talkbook.edition.build import load_edition
from test_reading import NARROW, WIDE, opened

VIEW = "() => document.documentElement.getAttribute('data-tb-view')"
SHOWN = """() => ({reading: [...document.querySelectorAll('.tb-rpara')].filter(e => e.offsetParent).length,
                  verbatim: [...document.querySelectorAll('.tb-para:not(.tb-rpara):not(.tb-tpara)')]
                    .filter(e => e.offsetParent).length,
                  translated: [...document.querySelectorAll('.tb-tpara')].filter(e => e.offsetParent)
                    .map(e => e.getAttribute('lang'))})"""
# What a reader sees of a note: its visible head's title and whether the body shown is the English one.
NOTE_SEEN = """id => { const note = document.getElementById(id);
  const heads = [...note.querySelectorAll('.tb-note-head')].filter(h => h.offsetParent);
  return {titles: heads.map(h => h.querySelector('.tb-note-title').textContent),
          langs: heads.map(h => h.closest('[lang]').getAttribute('lang')),
          text: note.innerText}; }"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_mini(tmp_path_factory.mktemp("translated") / "project", ROOT / "tests" / "fixtures" / "translated")


@pytest.fixture(scope="module")
def talk(project):
    return load_edition(project).talks[0]


@pytest.fixture(scope="module")
def talk_url(project, tmp_path_factory):
    site = build_site(project, tmp_path_factory.mktemp("translated-site") / "site")
    with served(site) as url:
        yield url + "talks/demo/"


def test_one_control_switches_to_english_and_back_kept_in_the_url_and_remembered(browser, talk_url, talk):
    with opened(browser, talk_url, WIDE) as page:
        buttons = page.locator(".tb-view-button")
        assert buttons.all_inner_texts() == ["通读", "逐字", "English", "对照"]
        assert page.get_attribute(".tb-view-button[data-view=en]", "lang") == "en"
        page.click(".tb-view-button[data-view=en]")
        assert page.evaluate(VIEW) == "en" and page.url.endswith("?view=en")
        assert page.evaluate(SHOWN) == {"reading": 0, "verbatim": 0,
                                        "translated": ["en"] * len(talk.reading.paragraphs)}
        assert page.get_attribute(".tb-view-button[data-view=en]", "aria-pressed") == "true"
        first = page.inner_text(".tb-tpara >> nth=0")
        assert first.startswith("Host") and "We use MLOps for deployment. When DALL·E first came out" in first
        colon = "() => getComputedStyle(document.querySelector('.tb-tpara .tb-speaker'), '::after').content"
        assert page.evaluate(colon) == '":"'  # English punctuation after the English label
        # Remembered: the same reader opening the page without ?view= gets English again.
        page.goto(talk_url)
        assert page.evaluate(VIEW) == "en" and page.url.endswith("?view=en")
        page.click(".tb-view-button[data-view=verbatim]")
        assert page.evaluate(SHOWN) == {"reading": 0, "verbatim": len(talk.sections[0].paragraphs)
                                        + len(talk.sections[1].paragraphs), "translated": []}
        page.click(".tb-view-button[data-view=reading]")
        assert page.evaluate(SHOWN) == {"reading": len(talk.reading.paragraphs), "verbatim": 0, "translated": []}
        assert page.url.endswith("?view=reading")


def test_every_note_has_its_marker_at_the_end_of_its_unit_and_opens_in_english(browser, talk_url, talk):
    with opened(browser, talk_url + "?view=en", WIDE) as page:
        markers = page.evaluate("() => [...document.querySelectorAll('.tb-tpara .tb-marker')]"
                                ".map(m => [m.textContent, m.getAttribute('aria-controls'), m.tagName])")
        assert markers == [["c1", "n-fix-dalle", "BUTTON"], ["c2", "n-fix-paas", "BUTTON"],
                           ["1", "n-debt-paper", "BUTTON"]]
        # 大一's marker ends the unit "When DALL·E first came out, it was very popular."
        assert page.evaluate("() => document.getElementById('t-en-fix-dalle').closest('sup')"
                             ".previousSibling.textContent.endsWith('it was very popular.')")
        # closed in the margin, the note's head is the English one only
        assert page.evaluate(NOTE_SEEN, "n-debt-paper")["titles"] == ["The hidden technical debt paper"]
        page.click("#t-en-debt-paper")
        seen = page.evaluate(NOTE_SEEN, "n-debt-paper")
        assert seen["titles"] == ["The hidden technical debt paper"] and seen["langs"] == ["en"]
        assert "See MLOps and the correction." in seen["text"] and "See also: correction 2" in seen["text"]
        assert "见" not in seen["text"] and "词条" not in seen["text"]
        assert "The paper that named hidden technical debt." in seen["text"]
        page.click(".tb-view-button[data-view=reading]")
        page.click("#rd-debt-paper")
        seen = page.evaluate(NOTE_SEEN, "n-debt-paper")
        assert seen["titles"] == ["隐性技术债论文"] and "See MLOps" not in seen["text"]


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_shared_links_to_notes_markers_and_paragraphs_work_in_english(browser, talk_url, width):
    with opened(browser, talk_url + "?view=en#n-fix-dalle", width) as page:  # a fresh reader: nothing stored
        assert page.evaluate(VIEW) == "en"
        assert page.locator("#n-fix-dalle").is_visible()
        assert page.evaluate(NOTE_SEEN, "n-fix-dalle")["titles"] == ["“大一” is DALL·E"]
        # a 逐字 marker's link, opened in English: its note's marker here
        page.goto(talk_url + "?view=en#r-fix-paas")
        assert page.evaluate(VIEW) == "en"
        assert page.locator("#t-en-fix-paas").is_visible()
        page.goto(talk_url + "?view=en#p24")
        assert page.locator("#p24 .tb-tpara").is_visible()
    # A translation's marker linked without ?view= (通读 for a fresh reader): as 逐字's markers do, it
    # lands on its twin in the view shown.
    with opened(browser, talk_url + "#t-en-debt-paper", width) as page:
        assert page.evaluate(VIEW) == "reading"
        assert page.locator("#rd-debt-paper").is_visible()


PAIRS = """() => [...document.querySelectorAll('.tb-block--reading')].flatMap(block => {
  const r = [...block.querySelectorAll(':scope > .tb-rpara')], t = [...block.querySelectorAll(':scope > .tb-tpara')];
  return r.map((p, i) => ({r: p.getBoundingClientRect().toJSON(), t: t[i].getBoundingClientRect().toJSON(),
                           next: r[i + 1] ? r[i + 1].getBoundingClientRect().top : null}));
})"""


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_parallel_shows_each_paragraph_beside_its_translation_or_after_it(browser, talk_url, talk, width):
    with opened(browser, talk_url, width) as page:
        assert page.locator(".tb-view-button").all_inner_texts()[-1] == "对照"
        page.click(".tb-view-button[data-view=parallel]")
        assert page.evaluate(VIEW) == "parallel" and page.url.endswith("?view=parallel")
        # on a phone the translation's units stand in the reading paragraphs (the test below)
        assert page.evaluate(SHOWN) == {"reading": len(talk.reading.paragraphs), "verbatim": 0,
                                        "translated": ["en"] * len(talk.reading.paragraphs) if width == WIDE else []}
        pairs = page.evaluate(PAIRS)
        assert len(pairs) == len(talk.reading.paragraphs)
        for pair in pairs:
            if width == WIDE:  # side by side, on one row
                assert pair["t"]["left"] >= pair["r"]["right"] and abs(pair["t"]["top"] - pair["r"]["top"]) < 2
            else:  # unit by unit inside the reading paragraph (the test below), its own paragraph hidden
                assert pair["t"]["height"] == 0
                assert pair["next"] is None or pair["next"] >= pair["r"]["bottom"] - 1
        page.click("#t-en-debt-paper")
        seen = page.evaluate(NOTE_SEEN, "n-debt-paper")
        assert seen["titles"] == ["隐性技术债论文", "The hidden technical debt paper"]  # both languages
        if width == WIDE:  # in the margin, beside the translation's column, not over it
            note = page.locator("#n-debt-paper").bounding_box()
            column = page.locator("#p46 .tb-tpara").bounding_box()
            assert note["x"] >= column["x"] + column["width"]
        page.goto(talk_url)  # remembered
        assert page.evaluate(VIEW) == "parallel"


# Each reading paragraph's units in 对照 on a phone: which kind in order, each unit's words (the text
# of its text nodes and word elements, as talkbook.js counts them: no speaker, marker, note or ¶), and
# where each unit starts on the screen.
UNITS = """() => [...document.querySelectorAll('.tb-block--reading > .tb-rpara')].map(p => {
  const units = [...p.children].filter(c => c.matches('.tb-unit'));
  const words = u => [...u.childNodes].map(n => n.nodeType === 3 ? n.data :
    n.matches('.tb-term, .tb-rfix, .tb-insert') ? n.textContent : '').join('').trim();
  return {kinds: units.map(u => u.matches('.tb-unit--tr') ? u.getAttribute('lang') : 'zh'),
          reading: units.filter(u => !u.matches('.tb-unit--tr')).map(words),
          translated: units.filter(u => u.matches('.tb-unit--tr')).map(words),
          tops: units.map(u => u.getBoundingClientRect().top),
          strays: [...p.childNodes].filter(n => !(n.nodeType === 1 && n.matches('.tb-unit, .tb-note'))).length};
})"""
# The paragraphs as markup, without the notes placed in them (a view shown once moves its words in).
PARAGRAPHS = """() => [...document.querySelectorAll('.tb-block--reading > .tb-para')].map(p => {
  const copy = p.cloneNode(true);
  copy.querySelectorAll('.tb-note').forEach(note => note.remove());
  return copy.outerHTML; })"""


def test_parallel_on_a_phone_pairs_each_unit_with_its_translation_and_undoes_it(browser, talk_url, talk):
    """Issue #29 §3: interleaved by unit on phones. Every unit (a line of reading.md) is followed by its
    translation, the words of both exactly the model's; the pairing is undone, to the byte, on a wide
    screen and in another view."""
    translation = talk.translations[0]
    grouped = {}
    for unit in translation.units:
        first = max(r.line for r in talk.reading.paragraphs if r.line <= unit.line)
        grouped.setdefault(first, []).append(unit.text)
    expected = []
    for reading in talk.reading.paragraphs:
        cuts = (0,) + reading.unit_starts + (len(reading.text),)
        expected.append({"reading": [reading.text[a:b].strip() for a, b in zip(cuts, cuts[1:])],
                         "translated": grouped[reading.line]})
    assert any(len(e["reading"]) > 1 for e in expected), "the fixture must have a paragraph of several units"
    with opened(browser, talk_url, NARROW) as page:
        page.click(".tb-view-button[data-view=reading]")
        before = page.evaluate(PARAGRAPHS)
        page.click(".tb-view-button[data-view=parallel]")
        seen = page.evaluate(UNITS)
        assert [{"reading": p["reading"], "translated": p["translated"]} for p in seen] == expected
        for paragraph in seen:
            assert paragraph["kinds"] == ["zh", "en"] * len(paragraph["reading"])
            assert paragraph["tops"] == sorted(paragraph["tops"]) and paragraph["strays"] == 0
        page.set_viewport_size({"width": WIDE, "height": 900})  # side by side again: the paragraphs as rendered
        assert page.evaluate("() => document.querySelectorAll('.tb-unit').length") == 0
        page.set_viewport_size({"width": NARROW, "height": 900})
        assert len(page.evaluate(UNITS)) == len(expected)
        page.click(".tb-view-button[data-view=reading]")
        assert page.evaluate(PARAGRAPHS) == before
        page.click(".tb-view-button[data-view=parallel]")
        page.click("#t-en-debt-paper")  # a note opens under the translated sentence that carries its marker
        assert page.evaluate("() => document.getElementById('n-debt-paper').parentElement.matches('.tb-unit--tr')")
    with opened(browser, talk_url, NARROW) as page:  # words not as many as rendered (converted): not paired
        page.click(".tb-view-button[data-view=reading]")
        page.evaluate("""() => { const p = document.querySelector('.tb-rpara[data-tb-units*=" "]');
            p.setAttribute('data-tb-units', p.getAttribute('data-tb-units').replace(/\\d+$/, n => +n + 1)); }""")
        page.click(".tb-view-button[data-view=parallel]")
        kept = page.evaluate("""() => { const p = document.querySelector('.tb-rpara[data-tb-units*=" "]');
            return [p.querySelectorAll('.tb-unit').length, p.nextElementSibling.matches('.tb-tpara:not([hidden])')]; }""")
        assert kept == [0, True]


@pytest.mark.parametrize("query, place", [("deployment", "first--en"), ("misrecognition", "n-fix-dalle--en")])
def test_search_finds_english_words_and_lands_on_the_english_view(browser, talk_url, query, place):
    from talkbook.bench import searchbox

    root = talk_url.rsplit("talks/", 1)[0]
    with opened(browser, root, WIDE) as page:
        results = searchbox.search(page, query, root)
        result = next(r for r in results if r.place == place)
        page.goto(result.href)
        assert page.evaluate(VIEW) == "en" and "view=en" in page.url
        target = page.locator("#" + place.rsplit("--", 1)[0])
        assert target.is_visible()
        if place.startswith("n-"):  # the note opens, in English
            assert page.evaluate(NOTE_SEEN, place.rsplit("--", 1)[0])["titles"] == ["“大一” is DALL·E"]


def test_a_note_is_named_in_the_language_of_the_view(browser, talk_url):
    """A screen reader hears a note's name (its aria-label) in the view's language, and in that language's
    voice (lang); back in 通读 the note's own name returns."""
    named = "() => [document.getElementById('n-fix-dalle').getAttribute('aria-label'), " \
            "document.getElementById('n-fix-dalle').getAttribute('lang')]"
    with opened(browser, talk_url + "?view=reading", WIDE) as page:
        own, own_lang = page.evaluate(named)
        assert own.startswith("更正") and own_lang is None
        page.click(".tb-view-button[data-view=en]")
        name, lang = page.evaluate(named)
        assert name == "Correction 1: “大一” is DALL·E" and lang == "en"
        page.click("#t-en-fix-dalle")  # opened (a closed correction stays out of the margin)
        assert page.get_by_role("note", name=name, exact=True).count() == 1
        page.click(".tb-view-button[data-view=parallel]")  # both languages shown: the note's own name
        assert page.evaluate(named) == [own, None]
        page.click(".tb-view-button[data-view=reading]")
        assert page.evaluate(named) == [own, None]


def test_recall_counts_a_translations_search_entries_as_the_section_they_stand_in(talk, project):
    """The query sets' recall (tests/test_search.py, the search bench) counts a place as found when an
    entry leading into it is: a translation's section and note entries lead into their section."""
    from talkbook.bench import searchbox

    within = searchbox.editorial_sections(load_edition(project))
    first = talk.sections[0]
    note = next(n for p in first.paragraphs for n in talk.notes_after(p))
    assert within[f"{first.id}--en"] == within[f"n-{note.id}--en"] == within[f"n-{note.id}"] == first.id
    assert {place for entry, place in within.items() if entry.endswith("--en")} == {s.id for s in talk.sections}


def test_the_english_view_titles_the_page_and_its_sections_in_english_and_cites_in_english(browser, talk_url):
    heads = """() => [document.querySelector('.md-content h1'), document.getElementById('first'),
                      document.getElementById('first--summary')].map(e => [e.innerText.trim(), e.getAttribute('lang')])"""
    with opened(browser, talk_url + "?view=en", WIDE) as page:
        (title, title_lang), (section, section_lang), (summary, summary_lang) = page.evaluate(heads)
        assert (title, title_lang, section_lang, summary_lang) == ("A demo talk", "en", "en", "en")
        assert section.startswith("Section one") and "The first section's summary." in summary
        assert page.locator("#first > .headerlink").count() == 1  # the section keeps its permalink
        page.click("#p0 .tb-tpara .tb-plink")
        assert page.inner_text(".tb-cite-text").startswith("“A demo talk”, “Section one,” paragraph 1. http")
        page.click(".tb-view-button[data-view=reading]")
        (title, title_lang), (section, _), (summary, _) = page.evaluate(heads)
        assert (title, title_lang) == ("演示演讲", None) and section.startswith("第一节") and "第一节的小结。" in summary
        page.click("#p0 .tb-rpara .tb-plink")
        assert page.inner_text(".tb-cite-text").startswith("《演示演讲》，“第一节”，第 1 段。")


@pytest.mark.parametrize("view", ["en", "parallel"])
@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_the_translation_views_meet_wcag_aa_with_every_note_open(browser, talk_url, view, width):
    from axe import describe, violations
    from test_a11y import OPEN_ALL_NOTES

    with opened(browser, f"{talk_url}?view={view}", width) as page:
        assert page.evaluate(OPEN_ALL_NOTES) == 3
        found = violations(page)
        assert not found, describe(found)
