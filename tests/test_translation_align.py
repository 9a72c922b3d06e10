"""The translation alignment's promise (sources/translation_align.py), tested as an attacker would:
over generated hash sequences, full of repeats (where difflib.SequenceMatcher goes wrong), every
source line and every unit is placed exactly once, in the order of both; a unit is paired with a
line whose hash it does not carry only as stale; and it keeps as many current pairs as the slow
reference below, which tries every order-preserving pairing, so a unit whose line is still there,
in order, is never reported stale, missing or orphaned."""
from __future__ import annotations

import difflib
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st
from talkbook.sources.translation_align import Pair, align

HASHES = st.lists(st.sampled_from("abcd"), max_size=8)


def most_current_pairs(source: tuple[str, ...], units: tuple[str, ...]) -> int:
    """Brute force: the most hash-equal pairs any order-preserving pairing keeps, found by trying,
    for each unit in turn, every source line after the last one used (or none)."""

    @lru_cache(maxsize=None)
    def best(i: int, j: int) -> int:
        if j == len(units):
            return 0
        skip = best(i, j + 1)
        take = max((1 + best(k + 1, j + 1) for k in range(i, len(source)) if source[k] == units[j]), default=0)
        return max(skip, take)

    return best(0, 0)


def check_placement(source: list[str], units: list[str], pairs: list[Pair]) -> None:
    assert sorted(p.source for p in pairs if p.source is not None) == list(range(len(source)))
    assert sorted(p.unit for p in pairs if p.unit is not None) == list(range(len(units)))
    paired = [p for p in pairs if p.source is not None and p.unit is not None]
    assert [p.source for p in paired] == sorted(p.source for p in paired)
    assert [p.unit for p in paired] == sorted(p.unit for p in paired)
    for pair in pairs:
        if pair.source is None:
            assert pair.status == "orphaned"
        elif pair.unit is None:
            assert pair.status == "missing"
        else:  # the promise: paired with a line of another hash only when reported stale
            assert pair.status == ("current" if source[pair.source] == units[pair.unit] else "stale")


@settings(max_examples=2000, deadline=None)
@given(HASHES, HASHES)
def test_every_line_and_unit_placed_once_in_order_and_the_most_kept(source, units):
    pairs = align(source, units)
    check_placement(source, units, pairs)
    assert sum(p.status == "current" for p in pairs) == most_current_pairs(tuple(source), tuple(units))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from("abcdefghijklmnop"), max_size=12, unique=True), st.data())
def test_an_edited_line_is_stale_and_its_neighbours_current(source, data):
    """The everyday edit: one line of reading.md changed after translating; only its unit goes stale."""
    if not source:
        return
    edited = data.draw(st.integers(0, len(source) - 1))
    now = list(source)
    now[edited] = "z"
    pairs = align(now, source)
    assert [p.status for p in pairs] == ["stale" if i == edited else "current" for i in range(len(source))]


def test_sequence_matcher_would_miss_a_current_unit():
    """Why not difflib: on this input it keeps one pair where two are possible, so it would call a
    current unit stale. The reference is what the test above holds align() to."""
    source, units = list("aaca"), list("cba")
    blocks = difflib.SequenceMatcher(None, source, units, autojunk=False).get_matching_blocks()
    assert sum(b.size for b in blocks) == 1
    assert most_current_pairs(tuple(source), tuple(units)) == 2
    assert sum(p.status == "current" for p in align(source, units)) == 2


def test_a_broken_alignment_is_caught():
    """The checks above can fail: a pairing that calls a changed line current, or drops a unit."""
    source, units = list("ab"), list("ax")
    wrong = [Pair(0, 0, "current"), Pair(1, 1, "current")]
    try:
        check_placement(source, units, wrong)
    except AssertionError:
        pass
    else:
        raise AssertionError("a unit paired as current with a line of another hash passed")
    try:
        check_placement(source, units, [Pair(0, 0, "current"), Pair(1, None, "missing")])
    except AssertionError:
        pass
    else:
        raise AssertionError("a unit left out passed")
