"""Drive Material's search box in a real browser as a reader does, and read back the ranked places
it offers. Shared by tests/test_search.py and the search benchmark; needs playwright (dev only)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlparse

# The first N distinct places count as "the top results" (what fits on a screen without scrolling).
TOP = 5

_RESULTS = """() => [...document.querySelectorAll('a.md-search-result__link')].map(a => ({
    href: a.href, score: parseFloat(a.querySelector('article').dataset.mdScore || '0'),
    title: (a.querySelector('h1, h2') || {textContent: ''}).textContent }))"""
# Results for the typed query have arrived: items are shown, or Material says it found none.
_SETTLED = """() => {
    const none = JSON.parse(document.getElementById('__config').textContent).translations['search.result.none'];
    const meta = document.querySelector('.md-search-result__meta');
    return document.querySelectorAll('.md-search-result__item').length > 0 || (meta && meta.textContent === none);
}"""
_EMPTY = "() => document.querySelectorAll('.md-search-result__item').length === 0"
_LATE_ANSWER_MS = 1500
_WHOLE_LIST_MS = 800  # no change for this long: the list's second part, if any, has come


@dataclass(frozen=True)
class Result:
    place: str  # a section id of a talk page, "glossary/<term-id>", or the page path for others
    href: str
    title: str  # \u200b (Material's word marks) removed
    score: float


def place_of(href: str, site_root: str) -> str:
    """Where a result leads: talk sections by id, glossary pages whole (any section of a term page
    answers a query about the term), other pages by path. Works for both URL styles."""
    url = urlparse(href)
    path = unquote(url.path)[len(unquote(urlparse(site_root).path)):]
    for suffix in ("index.html", ".html", "/"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    path = path.rstrip("/")
    if path.startswith("glossary/") and path != "glossary":
        return path
    if path.startswith("talks/") and path.count("/") == 1 and url.fragment:
        return url.fragment
    return path + (f"#{url.fragment}" if url.fragment else "")


def search(page, query: str, site_root: str, timeout_ms: float = 10_000) -> list[Result]:
    """Type `query` into the search box of the open page; the results Material shows, in order,
    without the page headers it adds with score 0 above each page's matching sections."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")  # Material searches on keyup, not on fill
    page.wait_for_function(_EMPTY, timeout=timeout_ms)
    box.fill(query)
    box.press("End")
    page.wait_for_function(_SETTLED, timeout=timeout_ms)
    if page.evaluate(_EMPTY):
        # "No results" may be the late answer to the empty query typed above (the first query on a
        # page waits for the search worker to load its index), shown beside the new query's text;
        # the new query's own answer follows it.
        page.wait_for_timeout(_LATE_ANSWER_MS)
        page.wait_for_function(_SETTLED, timeout=timeout_ms)
    shown = settled_results(page, timeout_ms)
    return [Result(place_of(r["href"], site_root), r["href"], r["title"].replace("\u200b", "").strip(), r["score"])
            for r in shown if r["score"] > 0]


def settled_results(page, timeout_ms: float) -> list[dict]:
    """The results once the list has stopped changing: our search answers a long list in two parts
    (web/search_engine.js: the best ten documents first, then the rest of the best fifty), and the
    order of a page's sections in the list depends on which part is shown."""
    return settled(page, lambda: page.evaluate(_RESULTS), _WHOLE_LIST_MS, timeout_ms)


def settled(page, read, quiet_ms: int, timeout_ms: float = 30_000):
    """`read()` once it has given the same value twice, `quiet_ms` apart (or at the timeout)."""
    value, waited = read(), 0.0
    while waited < timeout_ms:
        page.wait_for_timeout(quiet_ms)
        waited += quiet_ms
        again = read()
        if again == value:
            return value
        value = again
    return value


def top_places(results: list[Result], top: int = TOP, within: dict[str, str] | None = None) -> list[str]:
    """The first `top` distinct places. `within` (editorial_sections) counts a summary's or a note's own
    entry as the section it stands in: following it lands the reader in that section."""
    within = within or {}
    return list(dict.fromkeys(within.get(r.place, r.place) for r in results))[:top]


def editorial_sections(edition) -> dict[str, str]:
    """The search entries of talk pages that are not the speakers' own words (web/render.py: section
    summaries, notes, and each translation's section and notes, <id>--<lang>) -> the id of the
    section each stands in: following one lands the reader in that section, in its view."""
    from talkbook.web.render import summary_id

    out = {}
    for talk in edition.talks:
        languages = [translation.language for translation in talk.translations]
        for section in talk.sections:
            entries = [summary_id(section)] + [f"{section.id}--{language}" for language in languages]
            for paragraph in section.paragraphs:
                notes = [f"n-{note.id}" for note in talk.notes_after(paragraph)]
                entries += notes + [f"{note}--{language}" for note in notes for language in languages]
            out.update((entry, section.id) for entry in entries)
    return out


class SearchBytes:
    """The bytes a browser context receives from a site's search/ folder, as sent (gzipped), counted
    under whichever phase is current: `phase` is set by the caller as the reader moves on."""

    def __init__(self, context, *phases: str):
        self.sent = dict.fromkeys(phases, 0)
        self.phase = phases[0]
        context.on("requestfinished", self._count)

    def _count(self, request):
        if "/search/" in request.url:
            self.sent[self.phase] += request.sizes()["responseBodySize"]
