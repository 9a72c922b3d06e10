"""Real Chromium: the talk page shows a margin note and a glossary link whose definition appears."""
from __future__ import annotations

from conftest import DIRECTORY_URLS
from talkbook.web import urls
from test_site_build import EDITION


def test_margin_note_and_term_tooltip_in_a_real_browser(browser, site_url, artifacts):
    talk = next(t for t in EDITION.talks if t.notes and any(m.linked for m in t.mentions))
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(site_url + urls.page_url(urls.talk_page(talk.id), DIRECTORY_URLS))
    note = page.locator("aside.tb-note").first
    assert note.is_visible()
    assert note.inner_text().strip()
    term = page.locator("a.tb-term:visible").first  # 通读 or 逐字: the view shown
    definition = term.get_attribute("title")
    assert definition
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip() == definition
    page.screenshot(path=str(artifacts / "smoke-talk-1440.png"))
    page.close()
