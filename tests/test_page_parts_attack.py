"""Attacks on web/page_parts.py and talkbook.js's talkbookPage: editorial text a pull request could write
that looks like what split looks for (tests/fixtures/parts-hostile: a translation's note, gloss, titles,
summary and paragraphs), and a parts script that does not load or is of another version, reached by
every way into a view (?view=, a translation's anchor)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_mini, served
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_page_parts import FILLED, LOADER, _element, _noscripts, talk_with_parts

from talkbook.edition.build import load_edition
from talkbook.web.page_parts import PartsError, join, notes_name, parts_name, read_joined, read_parts, split
from talkbook.web.verify import check_talk_page

TRANSLATED = ROOT / "tests" / "fixtures" / "translated"
PARTS_HOSTILE = ROOT / "tests" / "fixtures" / "parts-hostile"


def test_text_that_only_mentions_what_split_looks_for_is_split_and_joined_exactly():
    # Markdown text keeps '"' as it is: a note may well explain the attribute or the variable.
    html = ('<p>write data-tb-part="3" or talkbookPageParts, data-tb-parts="1"</p>'
            '<template class="tb-alt"><p>a data-tb-part="0" b</p></template>' + LOADER)
    served_page, script = split(html, "index.parts.js")
    assert script is not None and join(served_page, script) == html
    assert read_parts(script)[1] == ['<p>a data-tb-part="0" b</p>']


def test_what_join_would_misread_is_still_refused():
    for html in ('<p data-tb-part="3"></p><template class="tb-alt">a</template>' + LOADER,
                 '<template class="tb-alt" data-tb-part="0">a</template>' + LOADER,
                 '<script src="../talkbook.js" data-tb-parts="x.parts.js?v=ab"></script>\n<template class="tb-alt">a</template>' + LOADER):
        with pytest.raises(PartsError):
            split(html, "x.parts.js")


def test_a_page_the_build_cannot_split_is_named_without_a_traceback(tmp_path):
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError
    from talkbook.adapter.mkdocs_events import split_parts

    page = SimpleNamespace(file=SimpleNamespace(src_uri="talks/x/index.md", dest_uri="talks/x/index.html"))
    with pytest.raises(PluginError, match="talks/x/index.md: .*cannot be split exactly.*never closed"):
        split_parts('<template class="tb-alt"><p>a</p>' + LOADER, page, SimpleNamespace(site_dir=str(tmp_path)))
    assert not any(tmp_path.rglob("*.parts.js"))


# Pieces that look like split's own markup, in text and around the elements split takes.
_LOOKALIKE = st.sampled_from([' data-tb-part="3"', ' data-tb-part="0">', '></p>', '"', '>', '<p', '</template>',
                              'talkbookPageParts', ' data-tb-parts="1"', '<script src="talkbook.js" data-tb-parts="x.parts.js?v=1"></script>',
                              '<a class="tb-note-away" href="x">y</a>', '<aside class="tb-note" id="n-b">'])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_LOOKALIKE, _element()), max_size=8))
def test_split_is_undone_exactly_or_refused_whatever_looks_like_its_markup(pieces):
    html = "<body>" + "".join(pieces) + LOADER
    try:
        served_page, script = split(html, "index.parts.js", "index.notes.html")
    except PartsError:
        return
    if script is None:
        assert served_page == html
        return
    assert join(served_page, script) == html


# ---- a project whose translation's words look like the split's own markup ------------------------------

@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    return copy_mini(tmp_path_factory.mktemp("parts-hostile") / "project", TRANSLATED, PARTS_HOSTILE)


@pytest.fixture(scope="module")
def hostile_site(hostile_project, tmp_path_factory) -> Path:
    return build_site(hostile_project, tmp_path_factory.mktemp("parts-hostile-site") / "site")


def _talk_pages(project: Path, site: Path):
    """(talk, is it the 简 page, its file) of each talk page built (the mini project has directory URLs)."""
    for talk in load_edition(project).talks:
        for hant, path in ((False, site / "talks" / talk.id / "index.html"), (True, site / "talks" / talk.id / "hant" / "index.html")):
            assert path.is_file(), path
            yield talk, hant, path


def test_hostile_editorial_text_builds_and_each_page_joins_to_what_was_verified(hostile_project, hostile_site):
    pages = list(_talk_pages(hostile_project, hostile_site))
    assert len(pages) == 2
    for talk, hant, path in pages:
        src = path.relative_to(hostile_site).as_posix()
        whole = read_joined(path)
        if not hant:
            assert check_talk_page(talk, whole) == []
        again, script = split(whole, parts_name(path.name), notes_name(path.name))
        assert again == path.read_text(encoding="utf-8"), src
        parts = "".join(read_parts(script)[1])
        # the attack reached the parts: a translation's note (its text, code, a link), its gloss, a paragraph
        for seen in ('A note that mentions data-tb-part="3" and talkbookPageParts, $&amp; $\'',
                     '<pre><code>&lt;/template&gt;&lt;/div&gt;&lt;/script&gt;&lt;/noscript&gt;',
                     'href="https://example.org/&lt;/template&gt;?a="', 'Gloss&lt;/div&gt;&lt;/template&gt;',
                     'We use MLOps for deployment. &lt;/template&gt;'):
            assert seen in parts, (src, seen)


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_talkbook_js_fills_hostile_parts_as_the_page_whole_would_hold_them(browser, hostile_project, hostile_site, scheme):
    with served(hostile_site) as root_url:
        for _, _, path in _talk_pages(hostile_project, hostile_site):
            src = path.relative_to(hostile_site).as_posix()
            whole = read_joined(path)
            page = browser.new_page()
            errors = []
            page.on("console", lambda message: message.type == "error" and errors.append(message.text))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(path.as_uri() if scheme == "file" else root_url + path.relative_to(hostile_site).as_posix())
            result = page.evaluate(FILLED, [whole, _noscripts(whole)])
            # and in the English view, the note's translated words are the ones written
            page.evaluate("() => document.querySelector('.tb-view-button[data-view=\"en\"]').click()")
            shown = page.evaluate("() => document.body.innerText")
            page.close()
            assert result["differ"] == [] and not result["missing"], (src, result)
            assert result["templates"] >= 4 and result["noscripts"] >= 1, (src, result)
            assert errors == [], (src, errors)
            assert 'We use MLOps for deployment. </template></div></script>' in shown, src


# ---- the parts script missing or of another version: the page's own view, whatever the URL asks ----------

@pytest.fixture(scope="module")
def translated_site(tmp_path_factory) -> Path:
    project = copy_mini(tmp_path_factory.mktemp("translated") / "project", TRANSLATED)
    return build_site(project, tmp_path_factory.mktemp("translated-site") / "site")


ASKS = ["", "?view=verbatim", "?view=en", "?view=parallel", "#first--en", "#n-debt-paper--en", "#second--en"]
STATE = """() => ({
  view: document.documentElement.getAttribute('data-tb-view'),
  shown: [...document.querySelectorAll('.tb-block .tb-para')].filter(p => p.offsetParent !== null).length,
  enabled: [...document.querySelectorAll('.tb-view-button')].filter(b => !b.disabled).map(b => b.dataset.view)})"""


@pytest.mark.parametrize("how", ["missing", "another version"])
def test_without_its_parts_a_page_shows_its_own_view_however_it_is_asked_for(browser, translated_site, tmp_path, how):
    folder = tmp_path / "site"
    shutil.copytree(translated_site, folder)
    page_file = folder / "talks" / "demo" / "index.html"
    parts_file = page_file.with_name(parts_name(page_file.name))
    if how == "missing":
        parts_file.unlink()
    else:  # a stale cached file: another page's (or build's) parts under this name
        shutil.copyfile(folder / "talks" / "demo" / "hant" / "index.parts.js", parts_file)
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    states = {}
    for ask in ASKS:
        page.goto("about:blank")
        page.goto(page_file.as_uri() + ask)
        states[ask] = page.evaluate(STATE)
    page.close()
    wrong = {ask: state for ask, state in states.items()
             if state["view"] != "reading" or state["shown"] < 3 or state["enabled"] != ["reading"]}
    assert wrong == {}, wrong
    assert sum("parts script" in error and "did not load" in error for error in errors) == len(ASKS), errors


# ---- what a reader does before the parts arrive ends as it would have with them there ----------------------

READER_STATE = """() => ({
  view: document.documentElement.getAttribute('data-tb-view'),
  open: [...document.querySelectorAll('aside.tb-note.tb-open')].map(n => n.id),
  expanded: [...document.querySelectorAll('.tb-marker[aria-expanded=true]')].map(m => m.id),
  pending: document.documentElement.classList.contains('tb-view-pending'),
  disabled: [...document.querySelectorAll('.tb-view-button')].filter(b => b.disabled).map(b => b.dataset.view)})"""
# What a reader does, by name: each a list of steps (a marker is the n-th marker shown in 通读).
DOINGS = {
    "marker": [("marker", 0)],
    "marker twice": [("marker", 0), ("marker", 0)],
    "marker, then Escape": [("marker", 0), ("key", "Escape")],
    "two markers": [("marker", 0), ("marker", 1)],
    "逐字 then English": [("view", "verbatim"), ("view", "en")],
    "marker, then English": [("marker", 0), ("view", "en")],
    "anchor to a 逐字 marker": [("hash", "r-grain-of-salt")],
    "anchor to a note, then its marker": [("hash", "n-grain-of-salt"), ("marker", 0)],
    "English, then an anchor in 通读": [("view", "en"), ("hash", "n-stability-open-release")],
    "marker, 逐字, 通读": [("marker", 1), ("view", "verbatim"), ("view", "reading")],
}


def _do(page, steps):
    for what, which in steps:
        if what == "marker":
            page.locator(".tb-block .tb-rpara button.tb-marker").nth(which).click()
        elif what == "hash":
            page.evaluate(f"location.hash = {which!r}")
        elif what == "view":
            page.locator(f'.tb-view-button[data-view="{which}"]').click()
        else:
            page.keyboard.press(which)


def _parts_route(page, hold):
    """Parts scripts held until released (the returned function), or failed (hold='abort')."""
    held = []

    def handle(route):
        if hold == "abort":
            route.abort()
        else:
            held.append(route)
    page.route("**/*.parts.js*", handle)

    def release():
        while not held:
            page.wait_for_timeout(20)
        for route in held:
            route.continue_()
        held.clear()
    return release


@pytest.mark.parametrize("doing", list(DOINGS))
def test_what_a_reader_does_before_the_parts_arrive_ends_as_with_them(browser, site, site_url, doing):
    from conftest import SETTLED, site_file
    from talkbook.web import urls

    talk = talk_with_parts(site)
    url = site_url + site_file(site, urls.talk_page(talk.id)).relative_to(site).as_posix()
    states = {}
    for delayed in (False, True):
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        release = _parts_route(page, "hold") if delayed else None
        page.evaluate(f"location.href = {url!r}")  # (no wait for the parts: Page.goto waits for them)
        page.wait_for_function("() => window.talkbookPage && document.readyState !== 'loading'")
        if delayed:
            page.wait_for_function("() => window.talkbookPage && !talkbookPage.settled")
        else:
            page.wait_for_function(SETTLED)
        _do(page, DOINGS[doing])
        if delayed:
            release()
            page.wait_for_function(SETTLED)
            page.wait_for_timeout(100)
        states[delayed] = page.evaluate(READER_STATE)
        page.close()
        assert errors == [], (delayed, errors)
    assert states[True] == states[False], states


# ---- the notes page: read without scripts, each of its links reaches something --------------------------

def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _notes_page_links_that_reach_nothing(site: Path) -> list[str]:
    """Each link of a notes page, to itself or to its talk page, whose target is not there for a reader
    without scripts (a talk page's <template>s stay inert: what they hold is not in its document)."""
    broken = []
    for notes_file in sorted(site.rglob("*.notes.html")):
        notes = notes_file.read_text(encoding="utf-8")
        page_file = notes_file.with_name(notes_file.name.replace(".notes.html", ".html"))
        talk = re.sub(r"<template\b.*?</template>", "", page_file.read_text(encoding="utf-8"), flags=re.S)
        here, there = _ids(notes), _ids(talk)
        assert len(here) == len(re.findall(r'\sid="', notes)), f"{notes_file}: an id twice"
        for target in re.findall(r'href="#([^"]+)"', notes):
            if target not in here:
                broken.append(f"{notes_file.name}: #{target}")
        for target in re.findall(rf'href="{re.escape(page_file.name)}#([^"]+)"', notes):
            if target not in there:
                broken.append(f"{notes_file.name}: {page_file.name}#{target}")
    return broken


def test_each_link_on_the_notes_page_reaches_its_target_without_scripts(site):
    assert any(site.rglob("*.notes.html"))
    broken = _notes_page_links_that_reach_nothing(site)
    assert broken == [], (len(broken), broken[:12])


def test_each_link_on_a_translated_talks_notes_page_reaches_its_target(translated_site, hostile_site):
    for built in (translated_site, hostile_site):
        broken = _notes_page_links_that_reach_nothing(built)
        assert broken == [], (built, len(broken), broken[:12])


def test_a_marker_pressed_while_the_parts_fail_opens_its_note_with_its_link_away(browser, site, site_url):
    from conftest import SETTLED, site_file
    from talkbook.web import urls

    talk = talk_with_parts(site)
    url = site_url + site_file(site, urls.talk_page(talk.id)).relative_to(site).as_posix()
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    _parts_route(page, "abort")
    page.evaluate(f"location.href = {url!r}")
    page.wait_for_function("() => window.talkbookPage && document.readyState !== 'loading'")
    page.locator(".tb-block .tb-rpara button.tb-marker").first.click()
    page.wait_for_function(SETTLED)
    state = page.evaluate(READER_STATE)
    away = page.evaluate("() => [...document.querySelectorAll('aside.tb-note.tb-open a.tb-note-away')].map(a => a.getAttribute('href'))")
    page.close()
    assert state["open"] == ["n-grain-of-salt"] and state["view"] == "reading", state
    assert away == ["index.notes.html#n-grain-of-salt"] and "en" in state["disabled"], (away, state)
    assert [e for e in errors if "did not load" not in e and "ERR_FAILED" not in e] == [] and any("did not load" in e for e in errors), errors


@pytest.fixture(scope="module")
def english_site(tmp_path_factory) -> Path:
    """The mini project with the English talk of tests/fixtures/english-talk beside its own."""
    project = copy_mini(tmp_path_factory.mktemp("english") / "project")
    english = ROOT / "tests" / "fixtures" / "english-talk"
    shutil.copytree(english / "talks" / "kafka-to-postgres", project / "talks" / "kafka-to-postgres")
    for term in (english / "glossary").glob("*.md"):
        shutil.copy(term, project / "glossary" / term.name)
    return build_site(project, tmp_path_factory.mktemp("english-site") / "site")


LANGS = """() => Object.fromEntries([...document.querySelectorAll('aside.tb-note')].map(
  note => [note.id, (note.closest('[lang]') || {}).lang]).concat([['heading', document.querySelector('article h1').closest('[lang]').lang]]))"""


def test_an_english_talks_notes_page_reads_each_note_in_english(browser, english_site):
    page_file = english_site / "talks" / "kafka-to-postgres" / "index.html"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(page_file.as_uri())
    on_talk = page.evaluate(LANGS)
    page.goto(page_file.with_name(notes_name(page_file.name)).as_uri())
    on_notes = page.evaluate(LANGS)
    context.close()
    assert len(on_talk) > 1 and set(on_talk.values()) == {"en"}, on_talk
    assert on_notes == on_talk, on_notes
