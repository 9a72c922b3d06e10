"""Editorial Markdown cannot hang or crash the build: budgets refuse the converter's slow and deep
cases before it sees them (sources/markdown_budget.py), a time limit stops anything slow the budgets
missed with an error naming the file (edition/time_limit.py), and a fuzz test over Markdown bodies
checks that every body the budgets accept converts within a time limit."""
from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from talkbook.cli import EXIT_PROBLEMS, main
from talkbook.edition import markup
from talkbook.edition.time_limit import TooSlow, time_limit
from talkbook.problems import Problems
from talkbook.sources import markdown_budget, print_limits
from talkbook.sources.markdown_budget import check_markdown, nesting_depth

NOTE = ('---\nquote: 很火\nkind: context\nsources:\n  - {title: T, author: A, year: 2020, '
        'url: "https://example.org/"}\n---\n')


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("line, depth", [("正文", 0), ("- a", 1), ("> > - x", 3), ("        - x", 3),
                                         ("1. 2. 3. x", 3), ("* * *", 3), ("-----", 0), ("- " * 20, 20)])
def test_nesting_depth(line, depth):
    assert nesting_depth(line) == depth


def test_the_repository_texts_are_within_the_budgets():
    from conftest import ROOT

    problems = Problems()
    for path in [*ROOT.glob("talks/*/notes/*.md"), *ROOT.glob("glossary/*.md"), *ROOT.glob("talks/*/intro.md")]:
        check_markdown(path.read_text(encoding="utf-8"), str(path), 1, problems)
    assert not problems.items


def test_a_slow_conversion_is_stopped_and_names_the_file(mini, monkeypatch, tmp_path):
    """With the budgets switched off, 3,000 '[' would take many seconds: the time limit stops the
    build with the note's path and line, exit 1, and nothing written."""
    monkeypatch.setattr(markdown_budget, "MAX_SCAN_COST", 10**12)
    monkeypatch.setattr(markdown_budget, "MAX_PARAGRAPH_CHARS", 10**9)
    monkeypatch.setattr(markup, "MARKUP_SECONDS", 0.3)
    monkeypatch.setattr(print_limits, "MAX_NOTE_CHARS", 10**9)
    (mini / "talks" / "demo" / "notes" / "slow.md").write_text(NOTE + "慢：" + "[" * 3000 + "\n", encoding="utf-8")
    code, output = run(["--root", str(mini), "build", "--site-dir", str(tmp_path / "site")])
    assert code == EXIT_PROBLEMS, output
    assert "talks/demo/notes/slow.md:7: converting this Markdown took more than 0.3 s" in output
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site-*"))


MARKDOWN_PIECES = st.sampled_from(["[", "]", "(", ")", "<", ">", "*", "_", "`", "!", "-", "#", "|", "\\", "&",
                                   "> ", "- ", "1. ", "    ", "\n", "\n\n", "文", "a", " ", "[a](b)", "<a ",
                                   "[^", "](", "```", "~~~", "<!--", "http://", ":", "="])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(MARKDOWN_PIECES, st.integers(1, 400)), min_size=1, max_size=12))
def test_fuzz_every_body_within_the_budgets_converts_in_time(pieces):
    """Runs of Markdown's special characters, long and mixed: a body the budgets accept converts
    within a per-input limit (a hang detector, not a speed measurement: the limit is 50 times what
    the worst accepted body takes)."""
    body = "".join(piece * times for piece, times in pieces)
    if not check_markdown(body, "fuzz.md", 1, Problems()):
        return
    try:
        with time_limit(10.0, body):
            markup.to_html(body)
    except TooSlow:
        pytest.fail(f"a body within the budgets took more than 10 s to convert: {body[:200]!r}")


def test_contributing_documents_the_budgets_in_force():
    from conftest import ROOT
    from talkbook.sources import print_limits, validate

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for value in (f"{markdown_budget.MAX_SCAN_COST:,}", f"{markdown_budget.MAX_PARAGRAPH_CHARS:,} 字符",
                  f"{markdown_budget.MAX_NESTING} 层", f"{print_limits.MAX_NOTE_CHARS:,} 字符",
                  f"{validate.MAX_SHORT} 字符", f"{validate.MAX_SECTION_TITLE} 字符",
                  f"{markup.MARKUP_SECONDS:g} 秒"):
        assert value in text, value
