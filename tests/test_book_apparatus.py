"""The PDF's apparatus without laying out a page: punctuation compression (pdf/cjk_punct.py) and the
derived bibliography (edition/bibliography.py)."""
from __future__ import annotations

import re

import pytest
from conftest import MINI
from hypothesis import given, strategies as st
from talkbook.edition.build import load_edition
from talkbook.edition.bibliography import build_bibliography
from talkbook.edition.model import Edition, Source
from talkbook.pdf.cjk_punct import CLOSING, HALT, OPENING, compress
from talkbook.sources.same_work import work_key


def test_the_mark_giving_up_its_blank_half_is_wrapped():
    assert compress("同前文，“大一”。") == (f"同前文{HALT[0]}，{HALT[1]}“大一{HALT[0]}”{HALT[1]}。")
    assert compress("（“引”）") == f"（{HALT[0]}“{HALT[1]}引{HALT[0]}”{HALT[1]}）"
    # across tags that print nothing, never inside a tag or the head
    assert compress('<p>说，<a href="#x">“词”</a></p>') == f'<p>说{HALT[0]}，{HALT[1]}<a href="#x">“词”</a></p>'
    assert compress('<title>甲，“乙”</title><p data-t="，“">x</p>') == '<title>甲，“乙”</title><p data-t="，“">x</p>'


TEXT = st.text(alphabet="甲乙 a<>" + "".join(CLOSING | OPENING), max_size=40)


@given(TEXT)
def test_compressing_changes_no_character_and_halves_only_a_mark_beside_another(text):
    html = text.replace("<", "").replace(">", "")
    out = compress(html)
    assert out.replace(HALT[0], "").replace(HALT[1], "") == html
    for found in re.finditer(re.escape(HALT[0]) + "(.)" + re.escape(HALT[1]), out):
        index = len(out[:found.start()].replace(HALT[0], "").replace(HALT[1], ""))
        mark = html[index]
        neighbours = html[index - 1:index] + html[index + 1:index + 2]
        assert mark in CLOSING | OPENING and any(c in CLOSING | OPENING for c in neighbours)


@pytest.fixture(scope="module")
def mini_edition() -> Edition:
    return load_edition(MINI)


def test_a_work_cited_by_notes_and_a_term_is_one_entry_listing_them_all(mini_edition):
    edition: Edition = mini_edition
    bibliography = build_bibliography(edition)
    keys = [work_key(w.source.url) for w in bibliography.works]
    assert len(keys) == len(set(keys))
    assert [w.number for w in bibliography.works] == list(range(1, len(keys) + 1))
    debt = next(w for w in bibliography.works if "86df7dcfd896fcaf2674f757a2463eba" in w.source.url)
    assert {c.id for c in debt.cited_by} >= {"debt-paper", "hidden-technical-debt"}
    assert not debt.cited_by[0].is_term and debt.cited_by[-1].is_term  # notes first, then terms


def test_the_same_url_written_two_ways_is_one_work():
    a = Source("T", "A", 2020, "https://www.Example.org/paper/#abstract")
    b = Source("T", "A", 2020, "https://example.org/paper")
    assert work_key(a.url) == work_key(b.url)
    assert work_key("https://example.org/Paper") != work_key(b.url)  # a path keeps its case
