"""web/page_parts.py: what a talk page holds for a reader who asks (逐字, translations, each note's
body, the changes data) is moved into a script beside the page, and put back exactly: by join (which
the tests read pages with) and by talkbook.js in the browser (checked here against Chromium's own
parser reading the page whole). A reader without scripts finds each note's body on the notes page."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from conftest import ROOT, site_file
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from talkbook.edition.build import load_edition
from talkbook.web import urls
from talkbook.web.page_parts import PartsError, join, notes_name, parts_name, read_joined, read_parts, split
from talkbook.web.verify import check_talk_page

EDITION = load_edition(ROOT)
LOADER = '<script src="../../assets/talkbook.js"></script>'
SPLIT_ELEMENTS = re.compile(r'<(template) class="tb-[^"]*"[^>]*>|<(noscript) class="tb-note-more"[^>]*>'
                            r'|<(script) type="application/json" id="tb-changes-data"[^>]*>')


def _talk_pages(site):
    for talk in EDITION.talks:
        for src in (urls.talk_page(talk.id), urls.talk_page_hant(talk.id)):
            if site_file(site, src).is_file():
                yield talk, src, site_file(site, src)


@pytest.mark.parametrize("talk", EDITION.talks, ids=lambda t: t.id)
def test_each_talk_page_is_split_and_joined_exactly(site, talk):
    pages = [(src, path) for t, src, path in _talk_pages(site) if t is talk]
    assert pages
    for src, path in pages:
        served = path.read_text(encoding="utf-8")
        whole = read_joined(path)
        if src == urls.talk_page(talk.id):
            assert check_talk_page(talk, whole) == []  # what the build checked is what join gives back
        again, script = split(whole, parts_name(path.name), notes_name(path.name))
        assert again == served, src
        parts_file = path.with_name(parts_name(path.name))
        if script is None:  # a talk with nothing waiting (no reading text, translation or changes)
            assert not parts_file.exists() and whole == served, src
            continue
        assert script == parts_file.read_text(encoding="utf-8"), src
        # Nothing waits in the served page: each such element is empty and says where its part is.
        # (a note's <noscript> holds its link to the notes page, for a reader without scripts)
        emptied = re.findall(r'<(template|noscript|script) ([^>]*data-tb-part="\d+")>'
                             r'(<a class="tb-note-away" href="[^"]+">[^<]+</a>)?(</\1>)?', served)
        assert emptied and all(end for _, _, _, end in emptied), src
        assert all(away for tag, _, away, _ in emptied if tag == "noscript"), src
        assert len(served) < len(whole), src


# ---- the property: join undoes split, over generated pages --------------------------------------------

_TEXT = st.text(st.characters(blacklist_characters="<>&", blacklist_categories=("Cs",)), max_size=12)


@st.composite
def _element(draw, depth=0):
    """One element split takes, with balanced insides (nested elements of the same name among them)."""
    kind = draw(st.sampled_from(["template", "note", "changes"]))
    if kind == "changes":
        return ('<script type="application/json" id="tb-changes-data">'
                + draw(st.text(st.characters(blacklist_characters="<", blacklist_categories=("Cs",)), max_size=20))
                + "</script>")
    inside = draw(st.lists(st.one_of(_TEXT, st.just("<p>x</p>"), st.just("<div>y<div>z</div></div>"),
                                     _element(depth + 1) if depth < 2 else _TEXT), max_size=4))
    if kind == "template":
        start = draw(st.sampled_from(['<template class="tb-alt">', '<template class="tb-tr" data-view="en">']))
        return start + "".join(inside) + "</template>"
    start = draw(st.sampled_from(['<noscript class="tb-note-more" data-tb-away="读此注全文">',
                                  '<noscript class="tb-note-more">']))
    note = start + "".join(inside) + "</noscript>"
    # in its note (whose id the link to the notes page names), or not
    return draw(st.sampled_from([note, f'<aside class="tb-note" id="n-a"><p>h</p>{note}</aside>']))


@st.composite
def _page(draw):
    pieces = draw(st.lists(st.one_of(_TEXT, _element(), st.just("<noscript>"), st.just("</noscript>"),
                                     st.just("<div><p>p</p></div>")), max_size=8))
    return "<html><body>" + "".join(pieces) + LOADER + "</body></html>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_page())
@example("<p>" + LOADER)  # nothing to split
@example('<template class="tb-alt"><template class="tb-alt">a</template>b</template>' + LOADER)
@example('<aside class="tb-note" id="n-a"><noscript class="tb-note-more" data-tb-away="x"><noscript>a</noscript>'
         '<a class="tb-note-away" href="y">z</a></noscript>c</noscript></aside>' + LOADER)
def test_join_undoes_split_and_leaves_nothing_waiting(html):
    served, script = split(html, "index.parts.js", "index.notes.html")
    if script is None:
        assert served == html
        return
    assert join(served, script) == html
    assert read_parts(script)[1] == _reference_parts(html)


class _Spans(HTMLParser):
    """The slow reference: where each element split takes has its content, found by Python's HTML
    tokenizer (its own reading of tags, attributes and a <script>'s raw text) and a stack."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.spans, self.open = [], None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text()
        if self.open is None and SPLIT_ELEMENTS.fullmatch(text):
            self.open = [tag, 1, self._offset() + len(text)]
        elif self.open is not None and tag == self.open[0]:
            self.open[1] += 1

    def handle_endtag(self, tag):
        if self.open is not None and tag == self.open[0]:
            self.open[1] -= 1
            if self.open[1] == 0:
                self.spans.append((self.open[2], self._offset()))
                self.open = None


def _reference_parts(html: str) -> list[str]:
    spans = _Spans(html)
    spans.feed(html)
    spans.close()
    return [html[start:end] for start, end in spans.spans]


def test_a_page_that_cannot_be_split_exactly_is_refused():
    with pytest.raises(PartsError, match="never closed"):
        split('<template class="tb-alt"><p>a</p>' + LOADER, "index.parts.js")
    with pytest.raises(PartsError, match="would not be undone"):
        split('<template class="tb-alt" data-tb-part="0"></template><p data-tb-part="1">' + LOADER, "x.parts.js")
    # without talkbook.js to put them back, the parts stay where they are
    assert split('<template class="tb-alt">a</template>', "x.parts.js") == ('<template class="tb-alt">a</template>', None)


def test_join_refuses_parts_of_another_version():
    served, script = split('<template class="tb-alt">a</template>' + LOADER, "index.parts.js")
    _, other = split('<template class="tb-alt">b</template>' + LOADER, "index.parts.js")
    with pytest.raises(PartsError, match="does not load parts version"):
        join(served, other)
    assert join(served, script).startswith('<template class="tb-alt">a</template>')


# ---- in Chromium: talkbook.js fills each element as Chromium's own parser reads the page whole -------------

FILLED = """([whole, noscripts]) => {
  const parsed = new DOMParser().parseFromString(whole, 'text/html');
  const templates = [...document.querySelectorAll('template[class^="tb-"]')];
  const theirs = [...parsed.querySelectorAll('template[class^="tb-"]')];
  const differ = [];
  if (templates.length !== theirs.length) differ.push('templates: ' + templates.length + ' vs ' + theirs.length);
  // (talkbook.js adds the changes buttons to what it fills, as it added them before the split: set aside)
  const markup = (content) => {
    const copy = content.cloneNode(true);
    copy.querySelectorAll('.tb-changes-button').forEach(button => button.remove());
    const holder = document.createElement('template');
    holder.content.append(copy);
    return holder.innerHTML;
  };
  templates.forEach((t, i) => {
    if (markup(talkbookPage.content(t)) !== markup(theirs[i].content)) differ.push('template ' + i);
  });
  // (notes move as they are laid out: each note's body is found by its note's id)
  const mores = [...document.querySelectorAll('aside.tb-note > noscript')];
  if (mores.length !== Object.keys(noscripts).length) differ.push('noscripts: ' + mores.length + ' vs ' + Object.keys(noscripts).length);
  mores.forEach(n => { if (talkbookPage.fill(n).textContent !== noscripts[n.parentElement.id]) differ.push('noscript of ' + n.parentElement.id); });
  const changes = document.getElementById('tb-changes-data');
  if (changes && talkbookPage.fill(changes).textContent !== parsed.getElementById('tb-changes-data').textContent)
    differ.push('changes data');
  return {differ, missing: talkbookPage.missing, templates: templates.length, noscripts: mores.length};
}"""


def _noscripts(html: str) -> dict[str, str]:
    """Each note's <noscript> markup as a browser with scripts on reads it (raw text, up to its end tag),
    by the note's id."""
    return dict(re.findall(r'<aside class="tb-note[^"]*" id="([^"]+)"[^>]*>\s*<p .*?</p>\s*<noscript[^>]*>(.*?)</noscript>',
                           html, re.S))


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_talkbook_js_fills_what_waits_as_the_page_whole_would_hold_it(browser, site, site_url, scheme):
    checked = 0
    for _, src, path in _talk_pages(site):
        if not path.with_name(parts_name(path.name)).exists():
            continue  # nothing waits on this talk's page
        checked += 1
        whole = read_joined(path)
        page = browser.new_page()
        errors = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        url = path.as_uri() if scheme == "file" else site_url + path.relative_to(site).as_posix()
        page.goto(url)
        result = page.evaluate(FILLED, [whole, _noscripts(whole)])
        page.close()
        assert result["differ"] == [] and not result["missing"], (src, result)
        assert result["templates"] + result["noscripts"] > 0, (src, result)
        assert errors == [], (src, errors)
    assert checked


def talk_with_parts(site):
    """A talk whose page has a reading text, notes and parts (with more talks added, the first may have none)."""
    return next(t for t in EDITION.talks if t.reading and t.notes and
                site_file(site, urls.talk_page(t.id)).with_name(parts_name(site_file(site, urls.talk_page(t.id)).name)).exists())


def test_a_page_whose_parts_do_not_load_shows_its_own_view_and_says_why(browser, site, tmp_path):
    talk = talk_with_parts(site)
    folder = tmp_path / "site"
    shutil.copytree(site, folder)
    page_file = site_file(folder, urls.talk_page(talk.id))
    page_file.with_name(parts_name(page_file.name)).unlink()
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(page_file.as_uri() + "?view=verbatim")
    state = page.evaluate("""() => ({
      view: document.documentElement.getAttribute('data-tb-view'),
      shown: document.querySelectorAll('.tb-block > .tb-rpara').length,
      enabled: [...document.querySelectorAll('.tb-view-button')].filter(b => !b.disabled).map(b => b.dataset.view)})""")
    page.close()
    assert state["view"] == "reading" and state["shown"] > 10 and state["enabled"] == ["reading"], state
    assert any("parts script" in error and "did not load" in error for error in errors), errors


# ---- without scripts: each note's body is on the notes page ------------------------------------------

def test_the_notes_page_holds_every_note_of_its_page_whole(site):
    checked = 0
    for _, src, path in _talk_pages(site):
        if not path.with_name(parts_name(path.name)).exists():
            continue
        whole, served = read_joined(path), path.read_text(encoding="utf-8")
        notes_page = path.with_name(notes_name(path.name)).read_text(encoding="utf-8")
        bodies = _noscripts(whole)
        assert bodies, src
        for note_id, body in bodies.items():
            checked += 1
            # the page links each note to its place there, and its body is there whole (links into the
            # talk page go to it; links between notes stay)
            assert f'<a class="tb-note-away" href="{notes_name(path.name)}#{note_id}">' in served, (src, note_id)
            moved = re.sub(r'href="#(?!n-)', f'href="{path.name}#', body)
            assert f'id="{note_id}"' in notes_page and f'<div class="tb-note-more">{moved}</div>' in notes_page, (src, note_id)
        assert "talkbook.js" not in notes_page and "parts.js" not in notes_page, src
    assert checked


def test_without_scripts_a_note_leads_to_its_whole_body(browser, site):
    _, src, path = next(page for page in _talk_pages(site) if page[2].with_name(parts_name(page[2].name)).exists())
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    note = page.locator("aside.tb-note:has(a.tb-note-away)").nth(1)
    note_id = note.get_attribute("id")
    head = note.locator(".tb-note-head").inner_text()
    assert note.locator("ol.tb-sources").count() == 0  # the page itself carries only its head
    note.locator("a.tb-note-away").click()
    page.wait_for_url(f"**/{notes_name(path.name)}#{note_id}")
    there = page.locator(f"#{note_id}")
    assert there.locator(".tb-note-more p").first.is_visible()
    assert there.locator(".tb-note-head").inner_text() == head
    back = there.locator("a.tb-note-num")
    assert back.get_attribute("href").startswith(path.name + "#")
    context.close()
