"""The talk page as light and quiet as issue #28 asks, held where it is deterministic, in a real Chromium
on the real talk: its elements within 1.5× those of plain Material showing the same words, no layout
shift after the first paint, markers tight against their word with a 24 px hit area, one term link
per term and section, notes in full without scripts. Lighthouse's scores are too noisy to assert:
`python -m talkbook bench-page` prints them beside the plain page's."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from talkbook.bench.scale import plain_project
from talkbook.bench.static_server import serve
from talkbook.edition.build import load_edition
from talkbook.web import urls
from test_reading import opened

DOM_RATIO = 1.5
TIGHT = 3.0  # px: at most this between a word's last glyph and its marker's number
TARGET = 24  # px: WCAG 2.5.8's minimum target size
# Layout shift allowed after the first paint: a control settling by a pixel on a loaded machine (the
# view switch, 0.00007 once in the any-talks run; Material's navigation list, 0.00038 once at 1440 px
# with a 1,000-talk bench beside the suite; causes not found). Every real shift found so far was 20
# times this or more (the header: 0.02 to 0.06; a view painted in 通读 then swapped: 0.028), and
# issue #28's bound is 0.02.
SETTLING = 0.001


@pytest.fixture(scope="module")
def talk():
    """The most annotated talk of the repository (the included one, unless a denser one is added):
    these targets are about a page dense with notes and terms, not about whichever talk sorts first."""
    return max(load_edition(ROOT).talks, key=lambda t: len(t.notes))


@pytest.fixture(scope="module")
def talk_url(site_url, talk):
    return f"{site_url}talks/{talk.id}/index.html"


@pytest.fixture(scope="module")
def plain_url(tmp_path_factory, talk):
    """Plain Material showing the same words (bench/scale.plain_project), built and served."""
    project = tmp_path_factory.mktemp("plain")
    plain_project(ROOT, ROOT, project, load_edition(ROOT))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")],
                   cwd=project, check=True, capture_output=True)
    server = serve(project / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/{urls.page_url(urls.talk_page(talk.id), False)}"
    server.shutdown()


ELEMENTS = "() => document.querySelectorAll('*').length"
# Every layout shift since navigation (buffered), read once the page has settled.
SHIFTS = """() => new Promise(resolve => {
  const shifts = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => shifts.push({value: e.value,
      sources: e.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : '')})))
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(shifts), 1000);
})"""


@pytest.mark.parametrize("width", [1440, 390])
def test_the_talk_page_has_at_most_one_and_a_half_times_the_plain_pages_elements(browser, talk_url, plain_url, width):
    with opened(browser, plain_url, width) as page:
        page.wait_for_load_state("load")
        plain = page.evaluate(ELEMENTS)
    with opened(browser, talk_url, width) as page:
        page.wait_for_load_state("load")
        ours = page.evaluate(ELEMENTS)
    assert plain > 500, "the plain page should hold the talk's words and notes"
    assert ours <= DOM_RATIO * plain, f"{ours} elements against the plain page's {plain} ({ours / plain:.2f}x)"


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("query", ["", "?view=reading"])
def test_nothing_moves_after_the_first_paint(browser, talk_url, width, query):
    with opened(browser, talk_url + query, width) as page:
        page.wait_for_load_state("load")
        shifts = page.evaluate(SHIFTS)
        assert sum(s["value"] for s in shifts) <= SETTLING, shifts
        # The layout was CSS's from the start: the margin (wide) or folded notes (narrow).
        assert page.evaluate("document.documentElement.classList.contains('tb-js')")


# For each marker shown that follows a word on its line: the gap from the word's last glyph to the
# marker's number, and whether the points 11 px around the marker's centre all hit it.
MARKERS = """() => [...document.querySelectorAll('.tb-para .tb-marker')].filter(m => m.getClientRects().length).map(m => {
  const sup = m.closest('.tb-ref');
  let node = sup.previousSibling, text = null;
  if (node && node.nodeType === 3) text = node;
  else if (node) { const walk = document.createTreeWalker(node, NodeFilter.SHOW_TEXT); let t; while ((t = walk.nextNode())) text = t; }
  const digits = document.createRange(); digits.selectNodeContents(m);
  const box = digits.getBoundingClientRect();
  let gap = null;
  if (text && text.data.length && !/\\s$/.test(text.data)) {
    const last = document.createRange(); last.setStart(text, text.data.length - 1); last.setEnd(text, text.data.length);
    const rects = last.getClientRects(), glyph = rects[rects.length - 1];
    if (glyph && Math.abs(glyph.bottom - box.bottom) < 12) gap = box.left - glyph.right;
  }
  m.scrollIntoView({block: 'center'});
  const b = m.getBoundingClientRect(), cx = (b.left + b.right) / 2, cy = (b.top + b.bottom) / 2;
  const hits = [[0, 0], [-11, 0], [11, 0], [0, -11], [0, 11]].map(([dx, dy]) => {
    const at = document.elementFromPoint(cx + dx, cy + dy); return !!at && (at === m || m.contains(at)); });
  return {id: m.id, gap, hits: hits.filter(Boolean).length};
})"""


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("view", ["reading", "verbatim"])
def test_markers_sit_tight_against_their_word_with_a_24px_hit_area(browser, talk_url, width, view):
    with opened(browser, f"{talk_url}?view={view}", width) as page:
        markers = page.evaluate(MARKERS)
    measured = [m for m in markers if m["gap"] is not None]
    assert len(measured) > 20
    loose = [m for m in measured if not -1 <= m["gap"] <= TIGHT]
    assert not loose, f"{len(loose)} of {len(measured)} markers stand apart from their word: {loose[:5]}"
    # The hit area may be cut by a neighbouring marker or link; most markers have it whole.
    small = [m for m in markers if m["hits"] < 5]
    assert len(small) <= len(markers) // 10, f"{len(small)} markers without a {TARGET} px hit area: {small[:5]}"


# Per section (the blocks after each h2), the term pages its paragraphs shown link to, in order.
TERM_LINKS = """() => { const out = {}; let section = null;
  for (const e of document.querySelector('.md-content__inner').children) {
    if (e.tagName === 'H2') { section = e.id; out[section] = []; continue; }
    if (!section) continue;
    for (const a of e.querySelectorAll(':scope > .tb-para a.tb-term, :scope .tb-block > .tb-para a.tb-term'))
      out[section].push(a.getAttribute('href'));
  }
  return out; }"""


@pytest.mark.parametrize("view", ["reading", "verbatim"])
def test_a_term_is_linked_once_per_section(browser, talk_url, view):
    with opened(browser, f"{talk_url}?view={view}", 1440) as page:
        sections = page.evaluate(TERM_LINKS)
    assert sum(len(links) for links in sections.values()) > 20
    repeated = {section: sorted({h for h in links if links.count(h) > 1}) for section, links in sections.items()}
    assert not any(repeated.values()), repeated


def test_without_scripts_every_note_shows_its_head_and_the_way_to_its_body_and_only_one_view(browser, talk_url, talk):
    # (the body itself is on the notes page: tests/test_page_parts.py follows the link)
    with opened(browser, talk_url, 1440, java_script_enabled=False) as page:
        notes = page.locator("aside.tb-note")
        assert notes.count() == len(talk.notes)
        with_link = page.evaluate("""() => [...document.querySelectorAll('aside.tb-note')].filter(n =>
            n.querySelector('.tb-note-head') && n.querySelector('noscript.tb-note-more > a.tb-note-away')).length""")
        assert with_link > len(talk.notes) // 2
        assert page.locator("a.tb-note-away").first.is_visible()
        assert page.locator(".tb-rpara").count() > 0
        assert page.locator(".tb-block > .tb-para:not(.tb-rpara)").count() == 0  # 逐字 waits in the parts


def test_a_note_opened_with_scripts_shows_its_body_and_a_switch_keeps_the_change_view(browser, talk_url):
    with opened(browser, talk_url, 1440) as page:
        note = page.locator("aside.tb-note:has(noscript.tb-note-more)").first
        note_id = note.get_attribute("id")
        assert page.locator(f"#{note_id} .tb-sources, #{note_id} .tb-note-edit").count() == 0  # not parsed yet
        page.locator(f'.tb-marker[aria-controls="{note_id}"]').first.click()
        assert page.locator(f"#{note_id} noscript").count() == 0
        assert page.locator(f"#{note_id} > p:not(.tb-note-head, .tb-fix-line)").first.is_visible()
        page.click('.tb-view-button[data-view="verbatim"]')
        assert page.locator(".tb-rpara").count() == 0
        assert page.locator(".tb-block > .tb-para").count() == page.locator(".tb-block--reading").count()
        assert "view=verbatim" in page.url
        # The 逐字 paragraph swapped in has its markers as buttons and its change-view button.
        assert page.locator(".tb-block > .tb-para a.tb-marker").count() == 0
        page.locator(".tb-block > .tb-para .tb-changes-button").first.click()
        assert page.locator(".tb-changes").first.is_visible()
        page.click('.tb-view-button[data-view="reading"]')
        assert page.locator(".tb-rpara").count() > 0 and page.locator(".tb-changes").first.is_visible()


# Each margin note shown, against its marker in the view shown: how far its top is from the marker's.
NOTE_DRIFT = """() => [...document.querySelectorAll('.tb-para > aside.tb-note')].filter(n => n.getClientRects().length)
  .map(note => { const marker = document.querySelector(`.tb-marker[aria-controls="${note.id}"]`);
    return marker ? Math.abs(note.getBoundingClientRect().top - marker.getBoundingClientRect().top) : null; })
  .filter(d => d !== null)"""


@pytest.mark.parametrize("view", ["reading", "verbatim"])
def test_margin_notes_sit_by_their_markers_in_both_views(browser, talk_url, view):
    """The reading edition's targets (median at most 16 px from the marker, none over 160) hold in 逐字
    too, where 45 more notes (the corrections) once pushed the rest a median 31 px down, and where lines
    with two markers stacked their second note a line down (median 23 px until such a stack was
    centred on its line)."""
    with opened(browser, f"{talk_url}?view={view}", 1440) as page:
        drift = sorted(page.evaluate(NOTE_DRIFT))
        # A closed note is one line; only a correction's words may wrap ("mid journey → Midjourney").
        heights = page.evaluate("""() => [...document.querySelectorAll('.tb-para > aside.tb-note:not(.tb-open)')]
          .filter(n => n.getClientRects().length && !n.querySelector('.tb-fix-line ins'))
          .map(n => [n.id, n.getBoundingClientRect().height])""")
    single = min(height for _, height in heights)
    assert [id_ for id_, height in heights if height > 1.5 * single] == []
    assert len(drift) > 50
    assert drift[len(drift) // 2] <= 16 and drift[-1] <= 160, (drift[len(drift) // 2], drift[-10:])


def test_nothing_moves_after_the_first_paint_in_a_translations_views(browser, talk_url, talk):
    """A translation's view and 对照 are laid out by talkbook.js (their words wait in <template>s): the
    article is not painted before they are, instead of being painted in 通读 and then moved."""
    views = [t.language for t in talk.translations][:1] + (["parallel"] if talk.translations else [])
    for view, width in [(view, width) for view in views for width in (1440, 390)]:
        with opened(browser, f"{talk_url}?view={view}", width) as page:
            page.wait_for_load_state("load")
            shifts = page.evaluate(SHIFTS)
            assert sum(s["value"] for s in shifts) <= SETTLING, (view, width, shifts)
            assert page.evaluate("getComputedStyle(document.querySelector('.md-content')).visibility") == "visible"


# ---- work done before it is asked for (blocking time, issue #28) ------------------------------------

def own_listener_types(page, selector: str, limit: int = 40) -> dict:
    """The listeners the first `limit` elements matching `selector` hold themselves, counted by event
    type (Chrome DevTools protocol; listeners on the document are not theirs)."""
    session = page.context.new_cdp_session(page)
    found = {}
    for index in range(min(limit, page.locator(selector).count())):
        handle = session.send("Runtime.evaluate", {"expression": f"document.querySelectorAll({selector!r})[{index}]"})
        listeners = session.send("DOMDebugger.getEventListeners", {"objectId": handle["result"]["objectId"]})
        for listener in listeners["listeners"]:
            found[listener["type"]] = found.get(listener["type"], 0) + 1
    return found


def test_no_tooltip_is_set_up_before_it_is_asked_for(browser, talk_url):
    """Material's content.tooltips set up a tooltip for each titled element of the article as the page
    loaded (some 170 here: about 0.8 s of a phone's main thread, half the page's blocking time): each
    got mouseenter and mouseleave listeners of its own. Tooltips are made on demand now (talkbook.js),
    in Material's look, by listeners on the document; the titles are where they were."""
    with opened(browser, talk_url, 1440) as page:
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        titled = page.locator(".md-content .tb-para [title]")
        assert titled.count() > 50
        assert own_listener_types(page, ".md-content .tb-para [title]") == {}
        # A handle, not a locator: the title it is found by goes while the tooltip shows.
        term = page.locator(".tb-para a.tb-term[title]").first.element_handle()
        definition = term.get_attribute("title")
        term.scroll_into_view_if_needed()
        term.hover()
        shown = page.locator(".md-tooltip2--active[role=tooltip]")
        shown.wait_for(state="visible")
        assert shown.count() == 1 and shown.inner_text().strip() == definition
        assert term.get_attribute("aria-describedby") == shown.get_attribute("id")
        assert term.get_attribute("title") is None  # the tooltip shows it, not the browser's own as well
        box, host = shown.locator(".md-tooltip2__inner").bounding_box(), term.bounding_box()
        assert box["y"] >= host["y"] + host["height"]  # under its line, as Material places it
        page.mouse.move(0, 0)
        page.wait_for_function("() => !document.querySelector('.md-tooltip2')")
        assert term.get_attribute("title") == definition and term.get_attribute("aria-describedby") is None


def test_a_view_shown_after_the_load_has_its_tooltips(browser, talk_url):
    """逐字's words wait in <template>s until asked for: Material, which looked at the page once as it
    loaded, never gave their corrections a tooltip (only the browser's own title)."""
    with opened(browser, f"{talk_url}?view=reading", 1440) as page:
        page.wait_for_load_state("load")
        page.click('.tb-view-button[data-view="verbatim"]')
        fix = page.locator(".tb-para .tb-fix[title]").first.element_handle()
        words = fix.get_attribute("title")
        fix.scroll_into_view_if_needed()
        fix.hover()
        page.locator(".md-tooltip2--active[role=tooltip]", has_text=words).wait_for(state="visible")


def test_folded_notes_are_not_moved_until_one_is_opened(browser, talk_url):
    """On a phone a closed note is not shown: it stays in its block as the page loads (moving all of
    them after their sentences was a fifth of talkbook.js's work at load) and goes after its marker's
    sentence when opened."""
    with opened(browser, f"{talk_url}?view=reading", 390) as page:
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.dataset.tbLayout") == "fold"
        misplaced = page.evaluate("""() => [...document.querySelectorAll('aside.tb-note')]
            .filter(n => n.parentNode !== n.closest('.tb-block')).map(n => n.id)""")
        assert misplaced == []
        marker = page.locator(".tb-para button.tb-marker").nth(3)
        note_id = marker.get_attribute("aria-controls")
        marker.click()
        note = page.locator(f"#{note_id}")
        assert note.is_visible()
        assert note.evaluate("n => n.parentNode.classList.contains('tb-para')")
        assert marker.evaluate("(m, n) => !!(m.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING)",
                               note.element_handle())


# A paragraph's words rendered (not skipped by content-visibility: auto, as off-screen blocks are).
RENDERED = "e => e.checkVisibility({contentVisibilityAuto: true})"


def test_on_a_phone_blocks_off_screen_are_rendered_only_when_reached(browser, talk_url):
    """Folded (phones), the paragraph blocks below the screen are not styled or laid out as the page
    loads (issue #28: that was most of its blocking time); find in page and a link to a paragraph still
    reach them, and print lays out everything."""
    with opened(browser, f"{talk_url}?view=reading", 390) as page:
        page.wait_for_load_state("load")
        last = page.locator(".tb-block").last
        words = last.locator(".tb-para").first
        assert not words.evaluate(RENDERED)
        # Find in page (window.find is the browser's find, on the same text) selects and shows them.
        phrase = words.evaluate("""p => [...p.childNodes].filter(n => n.nodeType === 3)
            .map(n => n.data.trim()).filter(t => t.length >= 8).pop().slice(0, 8)""")
        handle = words.element_handle()
        assert page.evaluate("phrase => window.find(phrase)", phrase)
        assert page.evaluate("w => w.contains(window.getSelection().anchorNode)", handle)
        page.wait_for_function("w => w.checkVisibility({contentVisibilityAuto: true})", arg=handle)
        box = page.evaluate("() => window.getSelection().getRangeAt(0).getBoundingClientRect().toJSON()")
        assert 0 <= box["top"] < 900 and box["height"] > 0
        block_id = page.locator(".tb-block").nth(-3).get_attribute("id")
    with opened(browser, f"{talk_url}?view=reading#{block_id}", 390) as page:
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        top = page.evaluate(f"() => document.getElementById('{block_id}').getBoundingClientRect().top")
        assert 0 <= top < 120, top  # under the header, where the link points
        assert page.locator(f"#{block_id} .tb-para").first.evaluate(RENDERED)
    with opened(browser, f"{talk_url}?view=reading", 390) as page:
        page.emulate_media(media="print")
        assert page.evaluate("() => [...document.querySelectorAll('.tb-block')].every(b => getComputedStyle(b).contentVisibility === 'visible')")


def test_talkbook_css_has_no_has_selector_and_the_classes_standing_in_say_the_same(browser, talk_url):
    """With a :has() rule the browser checks each change to the DOM (talkbook.js moves notes and swaps
    views as the page loads) for whether it changes what the rule matches: each is a build's class now. Chromium's own :has()
    checks that each class marks exactly the elements the rule it replaced did, in both views."""
    assert ":has(" not in (ROOT / "docs" / "assets" / "talkbook.css").read_text(encoding="utf-8")
    pairs = [(".tb-term:has(.tb-fix)", ".tb-term--fix"),
             (".tb-note--correction:has(.tb-fix-kept)", ".tb-note--correction.tb-note--kept"),
             (".tb-note--correction:not(:has(.tb-fix-line ins))", ".tb-note--correction.tb-note--unread")]
    for view in ("reading", "verbatim"):
        with opened(browser, f"{talk_url}?view={view}", 1440) as page:
            for old, new in pairs:
                same = page.evaluate("""([a, b]) => { const x = [...document.querySelectorAll(a)], y = [...document.querySelectorAll(b)];
                    return [x.length, x.length === y.length && x.every(e => y.includes(e))]; }""", [old, new])
                assert same[1], (view, old, new, same)
                if view == "verbatim" or "tb-term" not in old:
                    assert same[0] > 0, (view, old)


# ---- the benchmark's plumbing (bench/page_weight.py, bench/static_server.py) -------------------------

def test_the_static_server_gzips_text_when_asked_as_a_host_would(tmp_path):
    import gzip
    import urllib.request

    (tmp_path / "page.html").write_text("<p>" + "字" * 2000 + "</p>", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG" + bytes(500))
    server = serve(tmp_path, gzip=True)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        def get(name, encoding):
            request = urllib.request.Request(base + name, headers={"Accept-Encoding": encoding} if encoding else {})
            with urllib.request.urlopen(request) as response:
                return response.headers.get("Content-Encoding"), response.read()
        coding, body = get("page.html", "gzip, deflate")
        assert coding == "gzip" and gzip.decompress(body) == (tmp_path / "page.html").read_bytes()
        assert len(body) < (tmp_path / "page.html").stat().st_size / 10
        assert get("page.html", "") == (None, (tmp_path / "page.html").read_bytes())
        assert get("image.png", "gzip")[0] is None  # already compressed formats go as they are
    finally:
        server.shutdown()


def test_the_bench_table_sets_each_figure_beside_the_plain_pages_with_its_ratio():
    from talkbook.bench.page_weight import PRESETS, Column, table

    def report(score, tbt, cls, dom):
        return {"categories": {"performance": {"score": score}, "accessibility": {"score": 1}},
                "audits": {"total-blocking-time": {"numericValue": tbt}, "cumulative-layout-shift": {"numericValue": cls},
                           "largest-contentful-paint": {"numericValue": 900}, "dom-size": {"numericValue": dom},
                           "total-byte-weight": {"numericValue": 2048 * 100}}}
    ours = Column("ours", {p: [report(.9, 100, 0, 1500), report(.95, 300, 0, 1500), report(.99, 200, 0, 1500)]
                           for p in PRESETS})
    plain = Column("plain", {p: [report(.97, 150, 0, 1000)] * 3 for p in PRESETS})
    text = table(ours, plain)
    assert "| mobile (median of 3) | ours | plain | ratio |" in text and "| desktop (median of 3)" in text
    assert "| Performance score | 95 | 97 | 0.98× |" in text
    assert "| Total blocking time | 200 ms | 150 ms | 1.33× |" in text
    assert "| Cumulative layout shift | 0.000 | 0.000 | – |" in text  # no ratio to a zero
    assert "| DOM elements | 1,500 | 1,000 | 1.50× |" in text


def test_the_profile_splits_each_tasks_time_into_its_own_work_and_counts_blocking_after_the_first_paint():
    from talkbook.bench.page_profile import analyse

    main = {"pid": 1, "tid": 2}

    def span(name, start, duration, **data):
        return {**main, "ph": "X", "name": name, "ts": start * 1000, "dur": duration * 1000, "cat": "devtools.timeline",
                "args": {"data": data} if data else {}}
    events = [{**main, "ph": "M", "name": "thread_name", "args": {"name": "CrRendererMain"}},
              {**main, "ph": "R", "name": "navigationStart", "ts": 0},
              span("RunTask", 0, 40), span("ParseHTML", 1, 38),
              {**main, "ph": "R", "name": "firstContentfulPaint", "ts": 50 * 1000},
              span("RunTask", 100, 120), span("FunctionCall", 101, 100, url="http://x/assets/talkbook.js"),
              span("Layout", 150, 30), span("UpdateLayoutTree", 190, 10),
              span("RunTask", 300, 60), span("UpdateLayoutTree", 300, 60)]
    profile = analyse(events)
    assert profile.busy == 220 and profile.longest == 120
    assert profile.blocking == (120 - 50) + (60 - 50)  # the first task came before the first paint
    assert profile.scripts == {"talkbook.js": 60}  # 100 less the 40 of style and layout it forced
    assert profile.forced == {"talkbook.js": 40}
    assert profile.kinds["style"] == 70 and profile.kinds["layout"] == 30 and profile.kinds["parse HTML"] == 38
    assert [round(at) for at, _, _ in profile.long_tasks] == [100, 300]
    assert profile.long_tasks[0][2].startswith("script talkbook.js 60")
