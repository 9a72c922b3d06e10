"""The reading text's sentence lengths (edition/reading_profile.py): how they are measured, and the
promise every talk with a reading.md keeps (CONTRIBUTING §12): at most 10% of its sentences long
(over 80 characters in Chinese), none over the hard limit (120)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import ROOT
from talkbook.edition.reading_profile import LIMITS, WORD_LIMITS, limits_for, profile

READINGS = sorted((ROOT / "talks").glob("*/reading.md"))


def test_sentences_are_measured_as_the_reader_sees_them():
    text = "我{--我想说--}觉得〔当时〕很好。这是第一点！\n第二句没有句号\n\n“引号里。”然后——还有？"
    found = profile(text, "zh")
    assert [s.text for s in found.sentences] == ["我觉得〔当时〕很好。", "这是第一点！", "第二句没有句号",
                                                "“引号里。”", "然后——还有？"]
    assert [s.length for s in found.sentences] == [10, 6, 7, 6, 7]
    assert [s.line for s in found.sentences] == [1, 1, 2, 4, 4]
    assert found.dashes == 1 and found.tics["然后"] == 1


def test_spaces_do_not_count_and_a_paragraph_ends_a_sentence():
    found = profile("用 Stable Diffusion 的人\n\n很多", "zh")
    assert [s.length for s in found.sentences] == [len("用StableDiffusion的人"), 2]


def test_english_counts_words():
    found = profile("Well, this is one. And {--uh so--} two, three words here!\nNext line", "en")
    assert [s.length for s in found.sentences] == [4, 5, 2]
    assert found.limits == WORD_LIMITS


def test_broken_marks_are_refused():
    with pytest.raises(ValueError, match="unmatched"):
        profile("我{--觉得", "zh")


def test_the_command_prints_the_profile(tmp_path):
    reading = tmp_path / "reading.md"
    reading.write_text("一" * 130 + "。短句。\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "talkbook", "reading-stats", str(reading)], capture_output=True,
                         text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "2 sentences" in run.stdout and ">120 1" in run.stdout and "max 131" in run.stdout
    missing = subprocess.run([sys.executable, "-m", "talkbook", "reading-stats", str(tmp_path / "nope.md")],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 1 and "no such file" in missing.stderr


@pytest.mark.parametrize("reading", READINGS, ids=[p.parent.name for p in READINGS])
def test_every_reading_keeps_its_sentences_readable(reading):
    language = yaml.safe_load((reading.parent / "talk.yml").read_text(encoding="utf-8"))["language"]
    found = profile(reading.read_text(encoding="utf-8"), language, str(reading.relative_to(ROOT)))
    limits = limits_for(language)
    too_long = [f"{reading.name}:{s.line}: {s.length} {limits.unit}" for s in found.over(limits.most)]
    assert not too_long, f"sentences over {limits.most} {limits.unit}; split them with punctuation: {too_long}"
    long = found.over(limits.long)
    assert found.share_long() <= limits.share, (
        f"{len(long)} of {len(found.sentences)} sentences are over {limits.long} {limits.unit} (at most "
        f"{limits.share:.0%} may be): " + ", ".join(f"line {s.line} ({s.length})" for s in long))


def test_chinese_limits_are_the_promised_ones():
    assert LIMITS["zh"].long == 80 and LIMITS["zh"].most == 120 and LIMITS["zh"].share == 0.10


_PIECES = st.sampled_from(["我", "觉得", "Stable Diffusion", " ", "，", "。", "？", "！", "——", "”", "〔当时〕",
                           "{--这个--}", "\n", "\n\n", "……"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_every_shown_character_is_in_exactly_one_sentence(pieces):
    """Whatever the punctuation, the sentences partition what the page shows: no character lost or
    counted twice, and no sentence empty."""
    text = "".join(pieces)
    if not re.sub(r"\{--.*?--\}", "", text).strip():
        return  # an empty reading.md is refused by parse; nothing to measure
    found = profile(text, "zh")
    shown = re.sub(r"\{--.*?--\}", "", text)
    assert sum(s.length for s in found.sentences) == sum(1 for c in shown if not c.isspace())
    assert all(s.length > 0 for s in found.sentences)
