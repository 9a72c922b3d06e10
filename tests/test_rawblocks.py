"""The generated pages' HTML blocks reach the page verbatim through Markdown's HTML stash, and the
page is the same, delimiters aside, when read without the extension."""
from __future__ import annotations

from html import unescape

import markdown
from conftest import MINI
from mkdocs.utils.meta import get_data
from talkbook.web.pipeline import generate
from talkbook.web.rawblocks import CLOSE, OPEN, RawBlocks, html_block

EXTENSIONS = ["attr_list", "md_in_html", "toc"]


def test_every_generated_page_renders_as_without_the_extension():
    plain, stashed = markdown.Markdown(extensions=EXTENSIONS), markdown.Markdown(extensions=EXTENSIONS + [RawBlocks()])
    _edition, files = generate(MINI)
    pages = {name: text for name, text in files.items() if name.endswith(".md")}
    assert any(OPEN in text for text in pages.values())
    for name, text in pages.items():
        content, _meta = get_data(text)
        expected = plain.reset().convert(content).replace(OPEN + "\n", "").replace("\n" + CLOSE, "")
        assert stashed.reset().convert(content) == expected, name


def test_a_block_is_stashed_whole_and_headings_stay_markdown():
    md = markdown.Markdown(extensions=EXTENSIONS + [RawBlocks()])
    html = md.convert("## 一节 {#s1}\n\n" + html_block('<div markdown="1">\n*不解析*\n\n</div>'))
    assert html == '<h2 id="s1">一节</h2>\n<div markdown="1">\n*不解析*\n\n</div>'


def test_an_unclosed_block_is_left_to_markdown():
    md = markdown.Markdown(extensions=[RawBlocks()])
    assert md.convert(OPEN + "\n*强调*") == OPEN + "\n<p><em>强调</em></p>"


def test_tabs_and_lines_of_spaces_survive_markdowns_whitespace_pass():
    """normalize_whitespace runs before every extension (it expands tabs and empties lines of
    spaces); a transcript line of spaces once vanished from the page this way (hypothesis found
    '0\\n \\n'). The block writes them as character references, which decode to the same text."""
    text = "<p>a\n \n  \n\tb\tc</p>"
    for extensions in (EXTENSIONS + [RawBlocks()], EXTENSIONS):
        page = markdown.Markdown(extensions=extensions).convert(html_block(text))
        assert unescape(page.replace(OPEN + "\n", "").replace("\n" + CLOSE, "")) == text
