"""The generated pages' HTML blocks reach the page verbatim through Markdown's HTML stash, and the
page is the same, delimiters aside, when read without the extension."""
from __future__ import annotations

from html import unescape

import markdown
from conftest import MINI, ROOT
from hypothesis import given, settings, strategies as st
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


# ---- Markdown given the page without its blocks (rawblocks.skeleton / restore) -------------------

def _through_skeleton(md: markdown.Markdown, content: str) -> str:
    from talkbook.web.rawblocks import restore, skeleton

    page = skeleton(content)
    return restore(md.reset().convert(page.markdown), page)


def test_every_generated_page_renders_the_same_through_its_skeleton():
    from talkbook.web.rawblocks import skeleton

    md = markdown.Markdown(extensions=EXTENSIONS + [RawBlocks()])
    for root in (MINI, ROOT):
        _edition, files = generate(root)
        pages = {name: get_data(text)[0] for name, text in files.items() if name.endswith(".md")}
        assert sum(bool(skeleton(content).blocks) for content in pages.values()) > len(pages) / 2
        for name, content in pages.items():
            assert _through_skeleton(md, content) == md.reset().convert(content), name


# Block contents that Markdown treats differently: block-level or inline first tags (wrapped in <p>
# or not), comments, text first, Markdown syntax and stash-like text inside, and the whitespace its
# normalising would change (those pages go through whole), and delimiters unpaired or nested.
_PIECES = st.sampled_from(["<div>", "<p>", "<span>", "<a href='x'>", "<!-- c -->", "<svg>", "文字", "*em*", "# h",
                           "\x02wzxhzdk:0\x03", "&amp;", "\t", "  ", "\r", "\n", "\n\n", " ", "</div>",
                           "talkbook-block-", "<div talkbook-block-0>", "```", OPEN, CLOSE, "\n" + OPEN + "\n",
                           "\n" + CLOSE + "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.lists(_PIECES, max_size=6).map("".join)), max_size=5))
def test_a_page_of_any_blocks_and_text_renders_the_same_through_its_skeleton(parts):
    md = markdown.Markdown(extensions=EXTENSIONS + [RawBlocks()])
    content = "".join(html_block(text) if is_block else text + "\n\n" for is_block, text in parts)
    raw = "".join(f"{OPEN}\n{text}\n{CLOSE}\n" if is_block else text + "\n\n" for is_block, text in parts)
    for page in (content, raw):  # as render.py writes blocks, and as written by hand (tabs, spaces kept)
        assert _through_skeleton(md, page) == md.reset().convert(page)


def test_a_stand_in_that_does_not_come_back_fails_the_page_with_a_message():
    import pytest
    from talkbook.web.rawblocks import BlockLost, restore, skeleton

    page = skeleton("# t\n\n" + html_block("<p>块</p>"))
    assert page.blocks
    with pytest.raises(BlockLost, match="1 pre-rendered blocks went to Markdown, 0 came back"):
        restore("<h1>t</h1>", page)


def test_a_site_built_through_skeletons_is_the_one_built_without(tmp_path, monkeypatch):
    """The hook's wiring: the blocks are back before any plugin reads a page (search indexes them,
    the page checks find every word), and every file of the site is the same byte for byte."""
    from conftest import build_site, copy_mini
    from talkbook.web import rawblocks

    project = copy_mini(tmp_path / "project")
    skeletons, real = [], rawblocks.skeleton
    monkeypatch.setattr(rawblocks, "skeleton", lambda text: skeletons.append(real(text)) or skeletons[-1])
    fast = build_site(project, tmp_path / "fast")
    assert sum(len(found.blocks) for found in skeletons) > 10, "the hook gives Markdown skeletons"
    monkeypatch.setattr(rawblocks, "skeleton", rawblocks.Skeleton)
    whole = build_site(project, tmp_path / "whole")
    files = sorted(p.relative_to(fast) for p in fast.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(whole) for p in whole.rglob("*") if p.is_file())
    for name in files:
        assert (fast / name).read_bytes() == (whole / name).read_bytes(), name
