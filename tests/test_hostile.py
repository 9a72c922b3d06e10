"""Hostile input: raw HTML, scripts, event handlers, javascript: URLs, iframes and styles written
into note bodies and titles, glossary bodies and short definitions, talk titles, summaries, speaker
labels and the intro page (tests/fixtures/hostile, laid over the mini project) must reach neither
the built site nor the print document as active content."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from active_content import content_of, normalise_script, scan
from conftest import ROOT, build_site, copy_mini, serve
from talkbook.edition.build import load_edition
from talkbook.web.page_parts import parts_script, read_joined, read_parts
from talkbook.web.search import search_docs

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def built(site: Path, src: str) -> Path:
    """The HTML file MkDocs made of page `src`, with either URL style."""
    stem = src[: -len(".md")]
    for candidate in (site / f"{stem}.html", site / stem / "index.html"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(src)


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    return copy_mini(base / "clean"), copy_mini(base / "hostile", HOSTILE)


@pytest.fixture(scope="module")
def sites(projects, tmp_path_factory):
    clean, hostile = projects
    base = tmp_path_factory.mktemp("sites")
    return build_site(clean, base / "clean"), build_site(hostile, base / "hostile")


def scan_site(site: Path):
    """Findings over every page (theme rules), every page's content and every search-index entry
    (strict rules: Material shows search results with innerHTML), and the set of scripts."""
    findings, scripts = [], set()
    for path in sorted(site.rglob("*.parts.js")):  # data and nothing else: a string may not end early
        version, parts = read_parts(path.read_text(encoding="utf-8"))
        assert path.read_text(encoding="utf-8") == parts_script(version, parts), path
    for path in sorted(site.rglob("*.html")):
        html, where = read_joined(path), str(path.relative_to(site))  # with the parts the page loads
        page = scan(html, where, content=False)
        findings += page.findings
        scripts |= {normalise_script(script) for script in page.scripts}
        findings += scan(content_of(html), where + " (content)", content=True).findings
    for entry in search_docs(site):
        findings += scan(entry["title"] + "\n" + entry["text"], "search: " + entry["location"], content=True).findings
    return findings, scripts


def test_the_scanner_finds_each_kind_of_active_content():
    """The scanner itself can fail: each vector in a hand-made page is found."""
    html = ('<article class="md-content__inner"><p>x<script>alert(1)</script><img src=x onerror="alert(1)">'
            '<a href=" JaVa&#x09;script:alert(1)">a</a><iframe src="https://evil.example/"></iframe>'
            '<p style="position:fixed">s</p><a title="&lt;img src=x onerror=alert(1)&gt;">t</a></p></article>'
            '<span class="md-ellipsis">&lt;img src=x&gt;</span>')
    found = {finding.what for finding in scan(content_of(html), "t", content=True).findings}
    found |= {finding.what for finding in scan(html, "t", content=False).findings}
    assert found == {"<script> element", "<img> element", "event-handler attribute", "script or data URL",
                     "<iframe> element", "style attribute", "markup in a tooltip title",
                     "markup in navigation text"}


def test_hostile_sources_are_accepted_and_published(sites):
    """The payloads are valid sources, so they really are in the site: the scan below is not empty-handed."""
    _clean, hostile = sites
    talk = built(hostile, "talks/demo/index.md").read_text(encoding="utf-8")
    assert 'id="n-hostile-note"' in talk
    assert "恶意词条" in built(hostile, "glossary/hostile-term.md").read_text(encoding="utf-8")
    assert "导读正文" in built(hostile, "talks/demo/intro.md").read_text(encoding="utf-8")


def test_built_site_has_no_active_content_from_the_sources(sites):
    clean, hostile = sites
    clean_findings, clean_scripts = scan_site(clean)
    findings, scripts = scan_site(hostile)
    assert clean_findings == []
    assert [str(f) for f in findings] == []
    # Every script is one of the theme's (or ours), as a clean build of the same project has them.
    assert sorted(scripts - clean_scripts) == []


def test_plain_fields_are_shown_as_text_not_dropped(sites):
    """Escaping, not deletion: a label written as HTML is shown to the reader as those characters."""
    _clean, hostile = sites
    page = scan(built(hostile, "talks/demo/index.md").read_text(encoding="utf-8"), "talk", content=False)
    text = "".join(page.text)
    assert '嘉宾甲</title><script>alert("label")</script>' in text
    assert '事件<a href="javascript:alert(1)" onclick="alert(2)" style="color:red">点我</a>' in text
    assert '演示&lt;script&gt;alert("talk-title")' in text  # an entity typed in a title stays as typed


def test_print_document_has_no_active_content(projects):
    from talkbook.pdf.print_html import print_document

    edition = load_edition(projects[1])
    html = print_document(edition, edition.talks, "talkbook")
    body = html[html.index("<body>"):html.rindex("</body>")]
    assert "hostile-note" in body and "恶意词条" in body
    assert [str(f) for f in scan(body, "print", content=True).findings] == []


def test_pdf_links_go_only_to_the_document_or_the_web(projects):
    """WeasyPrint runs no script; what a PDF could still carry is a link action. Every link in the
    laid-out document is internal or http(s)."""
    pytest.importorskip("weasyprint")
    from talkbook.pdf.make_pdf import _render
    from talkbook.pdf.print_html import print_document

    edition = load_edition(projects[1])
    document = _render(print_document(edition, edition.talks, "talkbook"))
    links = [(kind, target) for page in document.pages for kind, target, *_ in page.links]
    assert links
    assert [link for link in links if not (link[0] == "internal" or re.match(r"https?://", link[1]))] == []


def test_hovering_every_tooltip_runs_nothing_in_a_real_browser(sites, browser):
    """Material's content.tooltips renders a title as HTML. Hover each titled element on the hostile
    pages in Chromium (a real pointer: synthetic events do not open the tooltip) and watch for
    dialogs and for requests to anything but the local server. Before tooltip_text existed, the
    term link's title ran its <img onerror> here."""
    _clean, hostile = sites
    server = serve(hostile)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs, foreign, hovered = [], [], 0
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith(base) else foreign.append(request.url))
    try:
        for src in ("talks/demo/index.md", "talks/demo/intro.md", "glossary/hostile-term.md"):
            page.goto(base + str(built(hostile, src).relative_to(hostile)))
            page.wait_for_load_state("networkidle")
            # Open every folded note (talkbook.js folds them below 1220px) so their titles count too;
            # element handles, not nth locators: a shown tooltip removes its title, shifting nth.
            page.evaluate("document.querySelectorAll('button.tb-marker[aria-expanded=false]').forEach(b => b.click())")
            for element in page.query_selector_all("article [title]"):
                if element.is_visible():
                    element.scroll_into_view_if_needed()
                    element.hover(force=True)
                    hovered += 1
            page.wait_for_timeout(200)
    finally:
        page.close()
        server.shutdown()
    assert hovered >= 5
    assert dialogs == []
    assert foreign == []
