"""WCAG 2.1 AA on every page type, checked by axe-core in a real Chromium (tests/axe.py): home, talk
page in 通读 and 逐字 (with its talk map), introduction, glossary index, a term page, search with
results, editorial policy; at 1440 and 390 px, in the light and the dark palette; and the talk page
again with every note opened and a term's tooltip shown. Each case must have no violation of the
tags wcag2a, wcag2aa, wcag21aa nor of the rule target-size."""
from __future__ import annotations

import pytest
from axe import describe, violations
from conftest import DIRECTORY_URLS, ROOT
from talkbook.bench import searchbox
from talkbook.edition.build import load_edition
from talkbook.site import urls

EDITION = load_edition(ROOT)
TALK = max(EDITION.talks, key=lambda t: len(t.notes))
TERM = next(m.term_id for m in TALK.mentions if m.linked)
WIDTHS = [1440, 390]
SCHEMES = ["light", "dark"]


def url_of(src: str) -> str:
    return urls.page_url(src, DIRECTORY_URLS)


PAGES = {
    "home": url_of("index.md"),
    "talk-reading": url_of(urls.talk_page(TALK.id)) + "?view=reading",
    "talk-verbatim": url_of(urls.talk_page(TALK.id)) + "?view=verbatim",
    "intro": url_of(urls.intro_page(TALK.id)),
    "glossary": url_of(urls.GLOSSARY_INDEX),
    "term": url_of(urls.term_page(TERM)),
    "search": url_of("index.md"),  # the search dialog, opened there with results
    "policy": url_of("editorial-policy.md"),
}

# Every note opened as a reader opens it: a click on its marker in the view shown.
OPEN_ALL_NOTES = """() => {
    for (const note of document.querySelectorAll('aside.tb-note')) {
        if (note.classList.contains('tb-open')) continue;
        const marker = [...document.querySelectorAll(`.tb-marker[aria-controls="${note.id}"]`)].find(m => m.offsetParent);
        if (marker) marker.click();
    }
    return document.querySelectorAll('aside.tb-note.tb-open').length;
}"""


@pytest.fixture
def page_at(browser, site_url):
    contexts = []

    def open_page(path: str, width: int, scheme: str):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        # Material sets the palette from prefers-color-scheme: make sure the scheme asked for is the one shown.
        shown = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        assert shown == ("slate" if scheme == "dark" else "default"), shown
        return page, errors

    yield open_page
    for context in contexts:
        context.close()


def search_for(page, site_url: str, query: str, width: int) -> None:
    if width < 960:  # Material's 60em: narrower, the search box opens from a button in the header
        page.click("label.md-header__button[for='__search']")
        page.locator("input.md-search__input").wait_for(state="visible")
    results = searchbox.search(page, query, site_url)
    assert results, f"no search results for {query!r}"


def check(page, label: str, artifacts) -> None:
    found = violations(page)
    if found:
        page.screenshot(path=str(artifacts / f"a11y-{label}.png"))
        pytest.fail(f"axe-core found {len(found)} rule(s) violated on {label}:\n{describe(found)}", pytrace=False)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_type_has_no_axe_violation(page_at, site_url, artifacts, kind, width, scheme):
    page, errors = page_at(PAGES[kind], width, scheme)
    if kind == "search":
        search_for(page, site_url, "DALL·E", width)
    check(page, f"{kind}-{width}-{scheme}", artifacts)
    assert errors == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", ["reading", "verbatim"])
def test_talk_page_with_every_note_open_and_a_tooltip_has_no_axe_violation(page_at, artifacts, view, width, scheme):
    page, errors = page_at(PAGES[f"talk-{view}"], width, scheme)
    opened = page.evaluate(OPEN_ALL_NOTES)
    shown = page.evaluate("() => [...document.querySelectorAll('aside.tb-note')].filter(n => n.offsetParent).length")
    assert opened >= shown > 0, f"{opened} notes open of {shown} shown"
    term = page.locator("a.tb-term:visible").first
    term.hover()
    page.locator(".md-tooltip2--active").wait_for(state="visible", timeout=5000)
    check(page, f"talk-{view}-open-{width}-{scheme}", artifacts)
    assert errors == []
