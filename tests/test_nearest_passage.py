"""The nearest-passage hint puts the passage the editor meant first. Measured on misspelt quotes made
from the real transcript (one character replaced, as speech recognition or a typist does) and on
the bad-input corpus's quote case; the rate is printed (pytest -s) and must be perfect."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, ROOT
from talkbook.edition.anchor import nearest_passages

TRANSCRIPTS = {path.parent.name: path for path in sorted(ROOT.glob("talks/*/transcript.txt"))}
THE_PANEL = "open-vs-closed-ai-2023"  # the case is in its words


def misspelt_quotes(transcript: str, count: int = 40, size: int = 8):
    step = max(1, len(transcript) // count)
    for start in range(0, len(transcript) - size, step):
        exact = transcript[start:start + size]
        if "\n" in exact or transcript.count(exact) != 1:
            continue
        middle = size // 2
        wrong = exact[:middle] + ("原" if exact[middle] != "原" else "源") + exact[middle + 1:]
        yield start, wrong


def language(talk_id: str) -> str:
    found = re.search(r"^language:\s*(\w+)", (TRANSCRIPTS[talk_id].parent / "talk.yml").read_text(encoding="utf-8"),
                      re.M)
    return found.group(1) if found else "zh"


@pytest.mark.parametrize("talk_id", [talk_id for talk_id in TRANSCRIPTS if language(talk_id) == "zh"])
def test_the_meant_passage_comes_first(talk_id):
    """Every Chinese talk's transcript: a short one gives fewer cases, never a wrong first passage.
    (Measured for Chinese only: in the English fixture talk an 8-letter quote is two words, often
    found twice, and at 16 letters one case in 40 ranks a look-alike first: "on the c原nsumer ".)"""
    transcript = TRANSCRIPTS[talk_id].read_text(encoding="utf-8")
    cases = list(misspelt_quotes(transcript))
    firsts = [nearest_passages(transcript, wrong)[:1] == [(start, start + len(wrong))] for start, wrong in cases]
    print(f"{talk_id}: nearest passage first: {sum(firsts)}/{len(firsts)}")
    assert len(cases) >= min(30, len(transcript) // 40) and all(firsts)


@pytest.mark.skipif(THE_PANEL not in TRANSCRIPTS, reason="the issue's case is in the included talk's words")
def test_kaiyuan_for_kaiyuan():
    """The issue's case: 开原 for 开源 ranked third, after two unrelated passages."""
    TRANSCRIPT = TRANSCRIPTS[THE_PANEL].read_text(encoding="utf-8")
    start = TRANSCRIPT.index("开源的环境")
    assert nearest_passages(TRANSCRIPT, "开原的环境")[0] == (start, start + 5)


def test_the_corpus_case_shows_the_meant_passage_first():
    text = (Path(MINI) / "talks" / "demo" / "transcript.txt").read_text(encoding="utf-8")
    first = nearest_passages(text, "我们用MLOps去做")[0]
    assert text[first[0]:first[1]] == "我们用MLOps来做"
