"""verify.py reads pages with regular expressions, not html.parser: it must still reject a damaged talk
page (the mini project's, rendered) and accept the same page written differently but read alike."""
from __future__ import annotations

import re

import pytest
from conftest import MINI
from talkbook.web import urls
from talkbook.web.pipeline import generate
from talkbook.web.render import RenderOptions
from talkbook.web.verify import check_talk_page, recover_transcript

EDITION, PAGES = generate(MINI, RenderOptions(new_file_base="https://github.com/OWNER/REPO/new/main"))
TALK = EDITION.talks[0]
PAGE = PAGES[urls.talk_page(TALK.id)]
PARA = '<p class="tb-para">'
ASIDE = PAGE[PAGE.index("<aside"):PAGE.index("</aside>") + len("</aside>")]
FIX = re.search(r'<span class="tb-fix" data-note="n-fix-dalle"[^>]*>', PAGE).group(0)  # 逐字's 大一, marked


def test_the_rendered_page_passes():
    assert recover_transcript(PAGE) == TALK.transcript
    assert check_talk_page(TALK, PAGE) == []


def once(old: str, new: str) -> str:
    assert old in PAGE
    return PAGE.replace(old, new, 1)


@pytest.mark.parametrize("damaged", [
    once(FIX, FIX + "x"),  # a word of the transcript changed
    once(FIX + "大一", FIX + "<ins>DALL·E</ins><del>大一</del>"),  # the old 逐字: new words shown, the original hidden
    once(FIX + "大一", FIX + "<del>大一</del>"),  # the transcript's words struck
    once(FIX, FIX[:-1] + " hidden>"),  # the transcript's words hidden
    once(FIX, FIX[:-1] + ' style="display:none">'),
    once(PARA, '<p class="tb-paragraph">'),  # a paragraph lost
    once(PARA, PARA + "&amp;amp;"),  # text escaped twice
    once(PARA, PARA + "<!--x-->"),  # a comment, or text left unescaped
    once(PARA, PARA + "</b>"),  # an end tag closing nothing in the paragraph
    once('data-paragraph="1">', 'data-paragraph="1>'),  # a quote left open swallows the paragraph
    once('class="tb-speaker"', 'class="tb-speakers"'),  # a speaker label read as transcript
    once(ASIDE, ASIDE + ASIDE),  # a note twice
    once('<aside class="tb-note', '<aside class="tb-notes'),  # a note missing
    once('href="#n-', 'href="#n-x'),  # a marker pointing elsewhere
    once('<sup class="tb-ref">', '<sup>'),  # a marker's number read as transcript
], ids=["word", "replaced", "struck", "hidden", "styled", "paragraph", "escape", "comment", "end-tag", "quote", "speaker", "note-twice", "note-lost",
        "marker", "marker-number"])
def test_a_damaged_page_fails(damaged):
    assert check_talk_page(TALK, damaged)


@pytest.mark.parametrize("same", [
    once(PARA, "<P CLASS='x tb-para'>"),
    once(FIX, FIX + "<b></b>"),
    once(FIX, FIX[:-1] + ' data-x="hidden style">'),  # words like "hidden" in a value hide nothing
    once('aria-label="', 'title="a > b" aria-label="'),  # a '>' in a quoted value is still inside the tag
    once("但是", "&#20294;是"),  # a character written as a reference
    "<html><body><article>" + PAGE + "</article></body></html>",
])
def test_a_page_written_differently_passes(same):
    assert check_talk_page(TALK, same) == []


READING = """我们用 MLOps 来做部署。DALL·E 刚出来的时候很火。

但是 PaaS 一样的东西，

passage 不算。

第二点是，hidden technical debt 很重要。〔最后一句：〕最后我们用 MLOps 收尾。
"""


@pytest.fixture(scope="module")
def with_reading(tmp_path_factory):
    """The mini project with a reading text: its talk and rendered page."""
    from conftest import copy_mini

    project = copy_mini(tmp_path_factory.mktemp("verify-reading") / "mini")
    (project / "talks" / "demo" / "reading.md").write_text(READING, encoding="utf-8")
    edition, pages = generate(project, RenderOptions())
    talk = edition.talks[0]
    return talk, pages[urls.talk_page(talk.id)]


def test_a_page_with_reading_text_passes_and_gives_both_texts(with_reading):
    talk, page = with_reading
    assert check_talk_page(talk, page) == []
    assert recover_transcript(page) == talk.transcript  # 逐字 still gives the transcript byte for byte


@pytest.mark.parametrize("old, new, message", [
    ("很火。", "很火！", "the page's 通读 (4 paragraphs) is not the reading text"),  # a reading word changed
    ('<p class="tb-para tb-rpara">', '<p class="tb-para">', "is not the reading text"),  # a 通读 paragraph lost
    ('tb-marker tb-rmarker', 'tb-marker', "0 marker(s) in 通读 for 1 expected"),  # a 通读 marker missing
])
def test_a_damaged_reading_view_is_reported(with_reading, old, new, message):
    talk, page = with_reading
    assert old in page
    problems = check_talk_page(talk, page.replace(old, new, 1))
    assert any(message in p for p in problems), problems
