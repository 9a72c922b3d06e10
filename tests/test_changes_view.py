"""The change view (issue #24) and the verbatim guarantee as a reader meets them, in a real Chromium:
one button per paragraph shows exactly what 通读 changed from 逐字, from the aligned reading the build
checks; it is a keyboard- and screen-reader-usable disclosure kept in the URL; 逐字 shows the
transcript's own words and nothing else; an insertion stays the editor's when copied.

Runs on the mini project with tests/fixtures/changes dropped in: a talk whose first paragraph has
each kind of change (a repeat, a filler, a false start, a correction, an insertion, punctuation)."""
from __future__ import annotations

import re

import pytest
from change_ops import sides
from conftest import DIRECTORY_URLS, ROOT, build_site, copy_mini, served
from talkbook.edition.build import load_edition
from talkbook.web import changes, urls
from test_reading import NARROW, WIDE, opened, press_tab_until

CHANGES = ROOT / "tests" / "fixtures" / "changes"
TALK_ID = "changes-demo"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_mini(tmp_path_factory.mktemp("changes") / "project", CHANGES)


@pytest.fixture(scope="module")
def talk(project):
    return next(t for t in load_edition(project).talks if t.id == TALK_ID)


@pytest.fixture(scope="module")
def root_url(project, tmp_path_factory):
    site = build_site(project, tmp_path_factory.mktemp("changes-site") / "site")
    with served(site) as url:
        yield url


def page_url(root: str, talk_id: str) -> str:
    return root + urls.page_url(urls.talk_page(talk_id), DIRECTORY_URLS)


# ---- the data: the same records the build checks, read back both ways ---------------------------

def _every_talk_with_a_reading(project):
    return [t for t in load_edition(ROOT).talks + load_edition(project).talks if t.reading is not None]


def test_change_data_gives_back_both_texts_for_every_talk(project):
    """Nothing hidden, nothing made up: for every reading paragraph of every talk (the included ones
    and the fixture), the change data put together gives 通读's text exactly, and the verbatim's words
    exactly (spaces aside: the reading may re-space them, reading_align)."""
    talks = _every_talk_with_a_reading(project)
    assert {t.id for t in talks} >= {TALK_ID}
    for talk in talks:
        data = changes.talk_changes(talk)
        paragraphs = [r for ops in data.values() for r in ops]
        assert len(paragraphs) == len(talk.reading.paragraphs), talk.id
        for ops, reading in zip(paragraphs, talk.reading.paragraphs):
            shown, said = sides(ops)
            assert shown == reading.text, (talk.id, reading.line)
            verbatim = talk.transcript[reading.start:reading.end]
            assert "".join(said.split()) == "".join(verbatim.split()), (talk.id, reading.line)


def test_the_fixture_paragraph_has_every_kind_of_change(talk):
    ops = changes.talk_changes(talk)["p0"][0]
    assert {op[0] for op in ops} >= {"s", "r", "f", "m", "c", "p", "i"}
    assert ["c", "模形", "模型", "fix-moxing"] in ops and ["i", "当时"] in ops and ["m", "他们"] in ops


# ---- in Chromium ------------------------------------------------------------------------------------

# Each change in the open view: its kind (class), the words it shows and what a screen reader hears
# (its visually hidden labels), and how it looks.
CHANGES_SHOWN = """(block) => [...document.querySelectorAll(`#tb-changes-${block} .tb-chg`)].map(e => {
  const shown = [...e.childNodes].filter(n => !(n.nodeType === 1 && n.matches('.tb-sr'))).map(n => n.textContent).join('');
  const spoken = [...e.querySelectorAll('.tb-sr')].map(s => s.textContent);
  const hiddenLabels = [...e.querySelectorAll('.tb-sr')].every(s => {
    const box = s.getBoundingClientRect(); return box.width <= 1 && box.height <= 1 && getComputedStyle(s).display !== 'none'; });
  const struck = [...e.querySelectorAll('del'), ...(e.matches('del') ? [e] : [])].map(d => getComputedStyle(d).backgroundImage);
  return {kind: e.className.replace('tb-chg tb-chg--', ''), tag: e.tagName.toLowerCase(), shown, spoken, hiddenLabels,
          struck, font: getComputedStyle(e).fontFamily, color: getComputedStyle(e).color};
})"""


def _button(page, block="p0"):
    return page.locator(f"#{block} .tb-changes-button:visible")


def test_change_view_shows_each_change_with_its_spoken_label(browser, root_url, artifacts):
    with opened(browser, page_url(root_url, TALK_ID) + "?view=reading", WIDE) as page:
        button = _button(page)
        assert button.get_attribute("aria-expanded") == "false"
        assert button.get_attribute("aria-label") == "第 1 段通读相对逐字的改动"
        assert page.locator("#tb-changes-p0").count() == 0  # built on demand only
        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        assert button.get_attribute("aria-controls") == "tb-changes-p0"
        region = page.locator("#tb-changes-p0")
        assert region.is_visible() and region.get_attribute("role") == "region"
        found = page.evaluate(CHANGES_SHOWN, "p0")
        by_kind = {(c["kind"], c["shown"]): c for c in found}
        assert by_kind[("repeat", "我")]["spoken"] == ["删去重复：", "；"]
        assert by_kind[("filler", "呃")]["spoken"] == ["删去口头语：", "；"]
        assert by_kind[("marked", "他们")]["spoken"] == ["删去口误：", "；"]
        assert by_kind[("punct", "，")]["spoken"] == ["补标点：", "；"]
        assert by_kind[("insert", "〔当时〕")]["spoken"] == ["编者补字：", "；"]
        assert by_kind[("fix", "模形 → 模型")]["spoken"] == ["更正：原文", "，改作", "；"]
        assert all(c["hiddenLabels"] for c in found)
        for kind in ("repeat", "filler", "marked"):  # struck (the line is a background rule) and muted
            change = next(c for c in found if c["kind"] == kind)
            assert change["tag"] == "del" and "linear-gradient" in change["struck"][0]
        assert {c["tag"] for c in found if c["kind"] in ("punct", "insert")} == {"ins"}
        insert = by_kind[("insert", "〔当时〕")]
        assert insert["font"] != page.evaluate("() => getComputedStyle(document.querySelector('.tb-changes-para')).fontFamily")
        # The whole paragraph, as the screen reader's text: every change named in the reading order.
        spoken = page.evaluate("() => document.querySelector('#tb-changes-p0 .tb-changes-para').textContent")
        # (a repeat is the copy before the kept one, CONTRIBUTING §12: the first 我 of 我我觉得)
        assert spoken == ("删去重复：我；我觉得删去口头语：呃；补标点：，；这个更正：原文模形 → ，改作模型；很火删去口误：他们；"
                          "补标点：。；其实编者补字：〔当时〕；大家都在用补标点：。；")
        page.screenshot(path=str(artifacts / "changes-view-1440.png"))
        region.screenshot(path=str(artifacts / "changes-view-region.png"))


def test_change_view_is_kept_in_the_url_and_restored_on_reload(browser, root_url):
    url = page_url(root_url, TALK_ID)
    with opened(browser, url, WIDE) as page:
        _button(page).click()
        assert re.search(r"[?&]changes=p0\b", page.url)
        _button(page, "p22").click()
        assert "changes=p0%2Cp22" in page.url or "changes=p0,p22" in page.url
        page.reload()
        assert page.locator("#tb-changes-p0").is_visible() and page.locator("#tb-changes-p22").is_visible()
        assert _button(page).get_attribute("aria-expanded") == "true"
        _button(page).click()
        assert not page.locator("#tb-changes-p0").is_visible()
        assert re.search(r"[?&]changes=p22$", page.url)
        _button(page, "p22").click()
        assert not re.search(r"[?&]changes=", page.url)
    with opened(browser, url + "?view=verbatim&changes=p22", NARROW) as page:  # a shared link, the other view
        assert page.locator("#tb-changes-p22").is_visible()
        assert _button(page, "p22").get_attribute("aria-expanded") == "true"


def test_change_view_works_from_the_keyboard(browser, root_url):
    with opened(browser, page_url(root_url, TALK_ID), WIDE) as page:
        press_tab_until(page, "#p0 .tb-changes-button")
        page.keyboard.press("Enter")
        assert page.locator("#tb-changes-p0").is_visible()
        assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "true"
        page.keyboard.press("Space")
        assert not page.locator("#tb-changes-p0").is_visible()
        assert not re.search(r"[?&]changes=", page.url)


# What 逐字 shows, character by character as rendered (CSS applied): every text node of the
# verbatim paragraphs that is drawn, outside markers, speaker labels, ¶ and UI.
VISIBLE_VERBATIM = """() => {
  const skip = '.tb-ref, .tb-speaker, .tb-plink, .tb-suggest, .tb-changes-button, aside';
  let out = '';
  for (const p of document.querySelectorAll('.tb-block > .tb-para:not(.tb-rpara)')) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const parent = t.parentElement;
      if (parent.closest(skip)) continue;
      if (!parent.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      const box = parent.getBoundingClientRect();
      if (box.width < 2 && box.height < 2) continue;  // clipped away
      out += t.textContent;
    }
  }
  return out;
}"""


@pytest.mark.parametrize("talk_id", [TALK_ID, "demo"])
def test_verbatim_view_shows_the_transcript_and_nothing_else(browser, root_url, project, talk_id):
    talk = next(t for t in load_edition(project).talks if t.id == talk_id)
    assert any(n.replaces_text for n in talk.notes)  # a correction is where a replacement could creep in
    with opened(browser, page_url(root_url, talk_id) + "?view=verbatim", WIDE) as page:
        assert page.evaluate(VISIBLE_VERBATIM) == talk.transcript


def test_the_included_talks_verbatim_view_shows_its_transcript(browser, site_url):
    for talk in load_edition(ROOT).talks:
        with opened(browser, f"{site_url}{urls.page_url(urls.talk_page(talk.id), DIRECTORY_URLS)}?view=verbatim",
                    WIDE) as page:
            assert page.evaluate(VISIBLE_VERBATIM) == talk.transcript, talk.id


def test_an_insertion_is_the_editors_on_the_page_and_when_copied(browser, root_url):
    with opened(browser, page_url(root_url, TALK_ID) + "?view=reading", WIDE) as page:
        insert = page.locator(".tb-rpara .tb-insert").first
        assert insert.inner_text() == "〔当时〕"
        faces = page.evaluate("""() => [getComputedStyle(document.querySelector('.tb-rpara .tb-insert')).fontFamily,
                                        getComputedStyle(document.querySelector('.tb-rpara')).fontFamily,
                                        getComputedStyle(document.querySelector('.tb-rpara .tb-insert')).textDecorationStyle]""")
        assert faces[0] != faces[1] and faces[2] == "dotted"  # another face, and a rule: not colour alone
        copied = page.evaluate("""() => { const p = document.querySelector('#p0 .tb-rpara');
            getSelection().selectAllChildren(p); return getSelection().toString(); }""")
        # The brackets come along; the speaker label's colon and the button's label are generated content.
        assert copied.strip() == "嘉宾甲我觉得，这个模型很火。其实〔当时〕大家都在用。", copied


def test_change_view_open_has_no_axe_violations(browser, root_url):
    from axe import describe, violations

    for scheme in ("light", "dark"):
        with opened(browser, page_url(root_url, TALK_ID) + "?changes=p0,p22", WIDE, color_scheme=scheme) as page:
            assert page.locator("#tb-changes-p0").is_visible()
            found = violations(page)
            assert found == [], describe(found)


# ---- search: the speakers' words apart from the editors' -------------------------------------------

def _search(page, root, query):
    from talkbook.bench import searchbox

    return searchbox.search(page, query, root)


RESULT_TEXTS = """() => [...document.querySelectorAll('a.md-search-result__link')].map(a => ({
    href: a.href, title: (a.querySelector('h1, h2') || {textContent: ''}).textContent.replace(/\\u200b/g, ''),
    text: [...a.querySelectorAll('p')].map(p => p.textContent).join(' ').replace(/\\u200b/g, '')}))"""


def test_search_labels_a_summary_and_a_note_as_the_editors_and_brackets_an_insertion(browser, root_url):
    with opened(browser, root_url, WIDE) as page:
        found = _search(page, root_url, "流行")  # a word of the first section's summary only
        assert found, "the summary's word finds nothing"
        assert all(r.place == "heat--summary" for r in found), found
        assert all(r.title.startswith("编者小结 · 第 1 节") for r in found), found
        found = _search(page, root_url, "同音")  # a word of the correction's body
        assert found and all(r.place == "n-fix-moxing" and r.title.startswith("编者更正 · 更正 1") for r in found), found
        _search(page, root_url, "大家都在用")  # the speaker's words: the section's entry, the insertion in its 〔〕
        speech = [r for r in page.evaluate(RESULT_TEXTS) if r["href"].endswith("#heat")]
        assert speech and "〔当时〕" in speech[0]["text"], page.evaluate(RESULT_TEXTS)
        assert "流行" not in speech[0]["text"] and "同音" not in speech[0]["text"]  # no editor's sentence in it
    # Following the summary's result lands on the summary on the page.
    with opened(browser, page_url(root_url, TALK_ID) + "#heat--summary", WIDE) as page:
        assert page.locator("#heat--summary").is_visible()


# Every open change view read back both ways in the page: its reading side (all but what it strikes
# and its spoken labels) must be the 通读 paragraphs' text, its verbatim side (all but what it adds)
# the 逐字 paragraph's words, spaces aside.
BOTH_SIDES = """() => {
  const text = (root, skip) => {
    let out = '';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) if (!t.parentElement.closest(skip)) out += t.textContent;
    return out;
  };
  const chrome = '.tb-ref, .tb-speaker, .tb-plink, .tb-suggest, .tb-changes-button, aside';
  // A block's paragraphs in both views: the one shown, and the other waiting in its <template>
  // (filled from the page's parts as talkbook.js fills it when asked for).
  const both = (block, selector) => {
    const waiting = block.querySelector(':scope > template.tb-alt');
    const content = waiting && talkbookPage.content(waiting);
    return [...block.querySelectorAll(selector), ...(content ? content.querySelectorAll(selector) : [])];
  };
  return [...document.querySelectorAll('.tb-changes')].map(region => {
    const block = region.closest('.tb-block');
    const paras = [...region.querySelectorAll('.tb-changes-para')];
    return {id: block.id,
      reading: paras.map(p => text(p, 'del, .tb-sr, .tb-chg-arrow')),
      verbatim: paras.map(p => text(p, 'ins, .tb-sr, .tb-chg-arrow')).join('').replace(/\\s/g, ''),
      shownReading: both(block, '.tb-rpara').map(p => text(p, chrome)),
      shownVerbatim: both(block, '.tb-para:not(.tb-rpara)').map(p => text(p, chrome)).join('').replace(/\\s/g, ''),
      verbatimParagraphs: both(block, '.tb-para:not(.tb-rpara)').length};
  });
}"""


def test_every_change_view_of_the_included_talks_reads_back_as_both_views(browser, site_url):
    for talk in load_edition(ROOT).talks:
        if talk.reading is None:
            continue
        ids = ",".join(p.id for s in talk.sections for p in s.paragraphs)
        url = f"{site_url}{urls.page_url(urls.talk_page(talk.id), DIRECTORY_URLS)}?changes={ids}"
        with opened(browser, url, WIDE) as page:
            found = page.evaluate(BOTH_SIDES)
            assert len(found) == sum(len(s.paragraphs) for s in talk.sections)
            for block in found:
                assert block["reading"] == block["shownReading"], block["id"]
                assert block["verbatimParagraphs"] == 1, block["id"]
                assert block["verbatim"] == block["shownVerbatim"], block["id"]
