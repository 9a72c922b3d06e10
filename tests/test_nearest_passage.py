"""The nearest-passage hint puts the passage the editor meant first. Measured on misspelt quotes made
from the real transcript (one character replaced, as speech recognition or a typist does) and on
the bad-input corpus's quote case; the rate is printed (pytest -s) and must be perfect."""
from __future__ import annotations

from pathlib import Path

from conftest import MINI, ROOT
from talkbook.edition.anchor import nearest_passages

TRANSCRIPT = next(ROOT.glob("talks/*/transcript.txt")).read_text(encoding="utf-8")


def misspelt_quotes(count: int = 40, size: int = 8):
    step = max(1, len(TRANSCRIPT) // count)
    for start in range(0, len(TRANSCRIPT) - size, step):
        exact = TRANSCRIPT[start:start + size]
        if "\n" in exact or TRANSCRIPT.count(exact) != 1:
            continue
        middle = size // 2
        wrong = exact[:middle] + ("原" if exact[middle] != "原" else "源") + exact[middle + 1:]
        yield start, wrong


def test_the_meant_passage_comes_first():
    cases = list(misspelt_quotes())
    firsts = [nearest_passages(TRANSCRIPT, wrong)[:1] == [(start, start + len(wrong))] for start, wrong in cases]
    print(f"nearest passage first: {sum(firsts)}/{len(firsts)}")
    assert len(cases) >= 30 and all(firsts)


def test_kaiyuan_for_kaiyuan():
    """The issue's case: 开原 for 开源 ranked third, after two unrelated passages."""
    start = TRANSCRIPT.index("开源的环境")
    assert nearest_passages(TRANSCRIPT, "开原的环境")[0] == (start, start + 5)


def test_the_corpus_case_shows_the_meant_passage_first():
    text = (Path(MINI) / "talks" / "demo" / "transcript.txt").read_text(encoding="utf-8")
    first = nearest_passages(text, "我们用MLOps去做")[0]
    assert text[first[0]:first[1]] == "我们用MLOps来做"
