"""`talkbook suspects`: spans that sound like a domain word but are spelt otherwise, on the mini
fixture talk (transcript: "…来做部署 大一刚出来的时候很火 但是pass一样的东西 passage不算…")."""
from __future__ import annotations

import contextlib
import hashlib
import io
from pathlib import Path

from conftest import copy_mini
from talkbook.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main
from talkbook.edition.build import load_edition
from talkbook.edition.phonetic import distance, key_of_latin, key_of_pinyin, pinyin_syllables
from talkbook.edition.suspects import THRESHOLD, talk_suspects


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def plant(project: Path, extra: str) -> None:
    """Append `extra` to the demo transcript and record the new checksum in talk.yml."""
    transcript = project / "talks" / "demo" / "transcript.txt"
    old = transcript.read_bytes()
    new = old + extra.encode("utf-8")
    transcript.write_bytes(new)
    talk_yml = project / "talks" / "demo" / "talk.yml"
    talk_yml.write_text(talk_yml.read_text(encoding="utf-8").replace(
        hashlib.sha256(old).hexdigest(), hashlib.sha256(new).hexdigest()), encoding="utf-8")


def pinyin_key(text: str) -> str:
    return key_of_pinyin("".join(pinyin_syllables(text)))


def test_sounds_alike_across_scripts_and_not_for_unrelated_words():
    assert distance(pinyin_key("币源"), pinyin_key("闭源")) == 0  # same syllables, other characters
    assert distance(pinyin_key("丛林"), pinyin_key("从零")) <= THRESHOLD
    assert distance(pinyin_key("大一"), key_of_latin("DALL·E")) <= THRESHOLD
    assert distance(key_of_latin("sibility"), key_of_latin("Stability")) <= THRESHOLD
    assert distance(key_of_latin("chart gpt"), key_of_latin("ChatGPT")) == 0
    assert distance(pinyin_key("模型"), key_of_latin("Stability")) > THRESHOLD
    assert distance(key_of_latin("passage"), key_of_latin("PaaS")) > THRESHOLD


def test_the_fixture_talk_s_known_misrecognitions_are_found_and_shown_as_covered(tmp_path):
    project = copy_mini(tmp_path / "mini")
    suspects = talk_suspects(project, load_edition(project), "demo")
    found = {(s.text, s.target.text, s.covered_by) for s in suspects}
    assert ("大一", "DALL·E", "fix-dalle") in found
    assert ("pass", "PaaS", "fix-paas") in found
    assert not any(s.text in ("passage", "MLOps", "hidden technical debt") for s in suspects)
    dalle = next(s for s in suspects if s.text == "大一")
    assert dalle.passage.startswith("…") and "【大一】刚出来" in dalle.passage


def test_a_planted_misrecognition_is_found_and_the_correct_word_is_not_flagged(tmp_path):
    project = copy_mini(tmp_path / "mini")
    plant(project, " 一个币源的系统 比不上闭源的系统")
    (project / "talks" / "demo" / "vocabulary.yml").write_text("words:\n  - 闭源\n", encoding="utf-8")
    suspects = talk_suspects(project, load_edition(project), "demo")
    planted = [s for s in suspects if s.target.text == "闭源"]
    assert [(s.text, s.covered_by, s.target.source) for s in planted] == [
        ("币源", "", "talks/demo/vocabulary.yml:2")]
    assert planted[0].distance == 0


def test_without_the_word_in_any_list_the_planted_span_is_not_proposed(tmp_path):
    """The proposal comes from the vocabulary, not from anything about the characters alone."""
    project = copy_mini(tmp_path / "mini")
    plant(project, " 一个币源的系统 比不上闭源的系统")
    assert not [s for s in talk_suspects(project, load_edition(project), "demo") if s.text == "币源"]


def test_the_command_lists_suspects_and_counts_the_uncovered(tmp_path):
    project = copy_mini(tmp_path / "mini")
    code, out, err = run("--root", str(project), "suspects", "demo")
    assert code == EXIT_OK, err
    assert "大一 ~ DALL·E [glossary/dall-e.md]" in out and "covered by fix-dalle" in out
    assert out.strip().splitlines()[-1].endswith("not covered by a correction note")


def test_an_unknown_talk_is_a_usage_error_without_traceback(tmp_path):
    project = copy_mini(tmp_path / "mini")
    code, out, err = run("--root", str(project), "suspects", "no-such-talk")
    assert code == EXIT_USAGE
    assert err == "suspects: unknown talk 'no-such-talk'; the talks are: demo\n"
    assert "Traceback" not in err and out == ""
    code, _, err = run("--root", str(project), "bench-suspects", "no-such-talk")
    assert code == EXIT_USAGE and "unknown talk 'no-such-talk'" in err


def test_a_malformed_vocabulary_is_reported_with_path_and_line(tmp_path):
    project = copy_mini(tmp_path / "mini")
    (project / "talks" / "demo" / "vocabulary.yml").write_text(
        "words:\n  - 闭源\n  - 闭源\n  - x\n", encoding="utf-8")
    (project / "field-words.yml").write_text("terms: [a]\n", encoding="utf-8")
    code, out, err = run("--root", str(project), "suspects", "demo")
    assert code == EXIT_PROBLEMS and out == ""
    assert "field-words.yml:1: expected one key, words:, holding a list of spellings" in err
    assert "talks/demo/vocabulary.yml:3: '闭源' is listed twice (first on line 2); keep one" in err
    assert "talks/demo/vocabulary.yml:4: 'x' is not a word: each entry is a spelling of at least 2 characters" in err
    assert "Traceback" not in err


def test_the_vocabulary_file_is_allowed_in_a_talk_folder(tmp_path):
    project = copy_mini(tmp_path / "mini")
    (project / "talks" / "demo" / "vocabulary.yml").write_text("words:\n  - 闭源\n", encoding="utf-8")
    code, _, err = run("--root", str(project), "validate")
    assert code == EXIT_OK, err


from hypothesis import given, strategies as st  # noqa: E402

_KEYS = st.text(alphabet="abdefgiklmnosuwyzNSZCJQX", max_size=12)


@given(_KEYS, _KEYS)
def test_distance_is_a_symmetric_score_between_0_and_1_and_0_only_for_the_same_key(a, b):
    d = distance(a, b)
    assert 0 <= d <= 1 and d == distance(b, a)
    if a and a == b:
        assert d == 0
    if a != b:
        assert d > 0
