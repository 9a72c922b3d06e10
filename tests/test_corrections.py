"""Correction notes (CONTRIBUTING §5, #24): the replacement sounds like the quote, or is a declared
name in another script, or the note is an emendation. The thresholds were measured on the included
talk's corrections; every talk's corrections must still pass them, and the test prints the
distribution (pytest -s) so that a change to the thresholds is a reviewed decision."""
from __future__ import annotations

import pytest
from conftest import ROOT
from talkbook.edition.build import load_edition
from talkbook.sources import sounds_alike
from talkbook.sources.correction_rules import MAX_QUOTE, MAX_REPLACE, _is_declared


@pytest.mark.parametrize("quote, replacement", [
    ("采个", "打个"), ("币源", "闭源"), ("分辨数", "分辨率"), ("丛林开始", "从零开始"), ("生成是AI", "生成式AI"),
    ("chart gpt", "ChatGPT"), ("cough car", "Kafka"), ("post grass", "Postgres"), ("LS", "iOS"), ("sibility", "Stability"),
])
def test_misheard_words_sound_alike(quote, replacement):
    assert sounds_alike.score(quote, replacement) >= 0


@pytest.mark.parametrize("quote, replacement", [
    ("没有", "都有"),  # the issue's: every 没有 made 都有
    ("没有人能在模型上挣钱", "每个人都能在模型上轻松挣大钱"),  # and a sentence rewritten
    ("不好", "很好"), ("database", "spreadsheet"), ("reliable", "flaky"),
])
def test_rewritten_words_do_not(quote, replacement):
    assert sounds_alike.score(quote, replacement) < 0


def test_another_script_is_not_compared_but_must_be_a_declared_name():
    names = {"DALL·E", "FAANG", "weights"}
    assert sounds_alike.score("大一", "DALL·E") is None
    assert _is_declared("大一", "DALL·E", names) and _is_declared("大一2", "DALL·E 2", names)
    assert _is_declared("大一刚", "DALL·E 刚", names)
    assert not _is_declared("还没有", "ChatGPT", names)
    assert not _is_declared("大一", "DALL·E 很好", names)  # words the quote does not have


def test_every_talks_text_changing_corrections_pass_and_their_distribution():
    rows = []
    for talk in load_edition(ROOT).talks:
        for note in talk.notes:
            if not note.replaces_text or note.emendation:
                continue
            quote = talk.transcript[note.ranges[0][0]:note.ranges[0][1]]
            assert len(quote) <= MAX_QUOTE and len(note.replace) <= MAX_REPLACE, note.path
            score = sounds_alike.score(quote, note.replace)
            rows.append((sounds_alike.script(quote), score, quote, note.replace))
            assert score is None or score >= 0, note.path
    for kind, threshold in (("han", sounds_alike.ZH_THRESHOLD), ("latin", sounds_alike.LATIN_THRESHOLD)):
        scores = sorted(round(s + threshold, 3) for k, s, _, _ in rows if k == kind and s is not None)
        print(f"{kind}: threshold {threshold}, {len(scores)} corrections, scores {scores}")
    print(f"other script (declared names): {sum(1 for r in rows if r[1] is None)}")
