"""The search view: what Material indexes for a generated page (talkbook/search_view.py)."""
from __future__ import annotations


import pytest
from talkbook.web.search import search_docs
from talkbook.web.search_view import ViewMismatch, compose

PAGE = ('<h1 id="_1">Title<a class="headerlink" href="#_1">&para;</a></h1>\n<p class="x">apparatus '
        '<a class="tb-edit">编辑此注</a></p>\n<h2 id="s1">One</h2>\n<div>…</div>\n'
        '<h2 id="mentions">出现在演讲中</h2>\n<ul data-search-exclude><li>…</li></ul>')


def test_bodies_go_under_the_pages_own_headings_and_dropped_headings_leave():
    view = ((None, "<p>head words</p>"), ("s1", "<p>section words</p>"), ("mentions", None))
    assert compose(PAGE, view) == ('<h1 id="_1">Title<a class="headerlink" href="#_1">&para;</a></h1>\n'
                                   '<p>head words</p>\n<h2 id="s1">One</h2>\n<p>section words</p>')


@pytest.mark.parametrize("view", [
    ((None, ""), ("s1", "")),  # a heading of the page is missing from the view
    ((None, ""), ("s2", ""), ("mentions", None)),  # another id
    ((None, ""), ("mentions", None), ("s1", "")),  # another order
])
def test_a_view_made_for_other_headings_is_refused(view):
    with pytest.raises(ViewMismatch):
        compose(PAGE, view)


def test_text_before_the_title_is_refused():
    with pytest.raises(ViewMismatch):
        compose("<p>preface</p>" + PAGE, ((None, ""), ("s1", ""), ("mentions", None)))


def test_the_built_index_holds_the_words_and_not_the_apparatus(site):
    docs = search_docs(site)
    talk = [d for d in docs if d["location"].startswith("talks/open-vs-closed-ai-2023/index.html")]
    text = "".join(d["text"] for d in talk).replace("\u200b", "")
    assert "编辑此注" not in text and "¶" not in text  # edit links and permalinks
    assert "chart gpt" in text and "ChatGPT" in text  # the transcript's words and the correction
    assert "ChatGPTchart gpt" not in text  # no longer glued into one token
    terms = [d["location"] for d in docs if d["location"].startswith("glossary/chatgpt.html")]
    assert not [location for location in terms if location.endswith(("#mentions", "#notes"))]


def test_the_index_cites_an_author_as_the_page_does():
    """An author ending in '.' ("OpenAI Inc.") is cited with one period on the page and in the index."""
    from talkbook.edition.model import Source
    from talkbook.edition.templating import macros
    from talkbook.web.render import TEMPLATES

    source = Source("GPT-4 Technical Report", "OpenAI Inc.", 2023, "https://arxiv.org/abs/2303.08774")
    assert "OpenAI Inc. <cite>" in macros(TEMPLATES, "talk.html").sources((source,))
    assert "<li>OpenAI Inc. GPT-4 Technical Report. 2023</li>" in macros(TEMPLATES, "search.html").sources((source,))
