"""Translations (issue #29, CONTRIBUTING §13), on the fixtures: the mini talk with a reading text and
its English translation (tests/fixtures/translated, copied over the mini project) and the English
fixture talk with its Chinese one (the mechanism is not one-directional). The golden bad inputs
(tests/bad_inputs/translation-*.yml) hold the exact messages; this file holds the definitions."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_mini
from test_bad_inputs import run_validate
from talkbook.edition.build import load_edition
from talkbook.edition.translation_words import kept_words, required_words, visible_text
from talkbook.problems import Problems
from talkbook.sources.load import MarkdownRecord
from talkbook.sources.translation_files import parse_units, source_lines, unit_hash

FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def translated(tmp_path) -> Path:
    return copy_mini(tmp_path / "mini", FIXTURES / "translated")


@pytest.fixture
def english(tmp_path) -> Path:
    return copy_mini(tmp_path / "mini", FIXTURES / "english-talk")


def test_the_mini_talk_reads_whole_in_english(translated):
    assert run_validate(translated) == (0, "")
    talk = load_edition(translated).talks[0]
    (english,) = talk.translations
    assert english.language == "en" and english.title == "A demo talk"
    lines = [number for number, _ in source_lines((translated / "talks/demo/reading.md").read_text("utf-8"))]
    assert [unit.line for unit in english.units] == lines  # every line of reading.md, in order
    assert english.units[1].text == "When DALL·E first came out, it was very popular."  # a unit's lines, joined
    # each note's marker ends the unit whose words reach the end of its quote
    assert [unit.notes for unit in english.units] == [(), ("fix-dalle",), ("fix-paas",), (), ("debt-paper",), ()]
    assert {n.id for n in english.notes} == {n.id for n in talk.notes}
    assert english.note("fix-dalle").body == "“大一” is a misrecognition of DALL·E."
    assert english.section("second").title == "Section two" and english.speaker("guest") == "Guest A"


def test_the_english_talk_reads_whole_in_chinese(english):
    assert run_validate(english) == (0, "")
    talk = next(t for t in load_edition(english).talks if t.id == "kafka-to-postgres")
    chinese = talk.translation("zh")
    assert chinese is not None and talk.translation("en") is None
    # Chinese lines of one unit join without a space (as reading.md's do)
    assert chinese.units[1].text == "今天我想讲讲，我们是怎样把订单事件从 Kafka 搬进 Postgres，而且一条都没有丢的。"
    assert chinese.note("fix-postgres").title == "“post grass”较可能是 Postgres"
    assert {unit.line: unit.notes for unit in chinese.units if unit.notes} == {
        2: ("fix-kafka", "fix-postgres"), 4: ("exactly-once",), 9: ("copy-statement",)}


@pytest.mark.parametrize("overlay", ["translated", "english-talk"])
def test_every_note_marker_ends_the_first_unit_reaching_its_quote(tmp_path, overlay):
    """Every note once; its unit's words reach the end of its quote, and the unit before does not."""
    project = copy_mini(tmp_path / "mini", FIXTURES / overlay)
    for talk in load_edition(project).talks:
        for translation in talk.translations:
            placed = [(index, note) for index, unit in enumerate(translation.units) for note in unit.notes]
            assert sorted(note for _, note in placed) == sorted(note.id for note in talk.notes)
            for index, note_id in placed:
                end = talk.note(note_id).ranges[0][1]
                assert translation.units[index].end >= end or index == len(translation.units) - 1
                assert index == 0 or translation.units[index - 1].end < end


def test_a_talk_without_translations_has_none_and_needs_none(mini):
    assert run_validate(mini) == (0, "")
    assert load_edition(mini).talks[0].translations == ()


def test_a_translation_folder_promises_the_whole_talk(translated):
    """Everything missing at once: the reading's units, a note, talk.yml, the intro of a talk that has one."""
    folder = translated / "talks/demo/translations/en"
    (folder / "notes/debt-paper.md").unlink()
    (folder / "talk.yml").unlink()
    (translated / "talks/demo/intro.md").write_text("---\ntitle: 导读\n---\n正文。\n", encoding="utf-8")
    text = (folder / "reading.md").read_text(encoding="utf-8")
    (folder / "reading.md").write_text(text.split("<!-- 374f5788 -->")[0], encoding="utf-8")
    code, report = run_validate(translated)
    assert code == 1
    digest = hashlib.sha256((translated / "talks/demo/notes/debt-paper.md").read_bytes()).hexdigest()[:8]
    assert "talks/demo/translations/en/notes/debt-paper.md:0: missing: talks/demo/notes/debt-paper.md has no en " \
           f"translation; write it with of: {digest}" in report
    assert "talks/demo/translations/en/talk.yml:0: missing: " in report
    assert "talks/demo/translations/en/intro.md:0: missing: " in report
    for line in (4, 6, 8, 9):
        assert f"talks/demo/reading.md:{line}: this line (" in report
    assert report.endswith("7 problem(s) found.\n")


def test_a_translation_needs_the_reading_text(translated):
    (translated / "talks/demo/reading.md").unlink()
    code, report = run_validate(translated)
    assert code == 1 and report.startswith("talks/demo/translations/en:0: a translation translates the talk's "
                                           "reading text, and talks/demo/ has no reading.md")


def test_the_unit_hash_is_the_stripped_lines_sha256():
    assert unit_hash("  我们用 MLOps 来做部署。\n") == unit_hash("我们用 MLOps 来做部署。") == "0e4568dd"


def test_visible_text_drops_false_starts_and_keeps_insertions():
    assert visible_text("{--有一些我--}我有一些 OpenAI 的朋友〔说〕") == "我有一些 OpenAI 的朋友〔说〕"


@pytest.mark.parametrize("line, language, words", [
    # Chinese: every number and every Latin-script word, once, in order; not the words of a false start
    ("{--GPT--}我有 OpenAI 的朋友，DALL·E 2 刚出来的时候，2023 年 take a grain of salt。", "zh",
     ["OpenAI", "DALL·E", "2", "2023", "take", "a", "grain", "of", "salt"]),
    ("估值 5.7 亿，GPT-3 和 GPT-3。", "zh", ["5", "7", "GPT-3"]),
    ("两三百家，第二点。", "zh", []),  # Chinese numerals are not Arabic numbers
    # English: names are capitals after the first letter, or an initial capital inside a sentence
    ("So today I want to move events from Kafka into Postgres.", "en", ["Kafka", "Postgres"]),
    ("Kafka keeps them. I'm sure iOS and COPY do too; Ten times.", "en", ["iOS", "COPY"]),
    ("“Hello,” said Anna — (Bob) agreed.", "en", ["Anna", "Bob"]),
    ("We read 500 events in 2 seconds.", "en", ["500", "2"]),
])
def test_required_words(line, language, words):
    assert required_words(line, language) == words


def test_kept_words_accept_a_possessive_and_a_plural_of_capitals_only():
    kept = kept_words("Stability AI's decision, Kafka’s offsets, two GPUs and some modes")
    assert {"AI", "Kafka", "GPU", "GPUs", "AI's"} <= kept
    assert "mode" not in kept and "Stability" in kept


def test_units_may_run_over_lines_and_carry_a_reviewed_omission():
    record = MarkdownRecord(id="reading", path="r.md", data=None, body_line=4, body=(
        '<!-- 0e4568dd omits: "problem space", "2" — unidiomatic as it stands -->\nThe space\nof problems.\n\n'
        '<!-- 2abd722e -->\n第一行\n第二行 and\nmore\n'))
    problems = Problems()
    first, second = parse_units(record, "en", problems)
    assert not problems
    assert (first.hash, first.line, first.text, first.omits) == ("0e4568dd", 4, "The space of problems.",
                                                                  ("problem space", "2"))
    assert first.reason == "unidiomatic as it stands"
    assert parse_units(record, "zh", problems)[1].text == "第一行第二行 and more"


def test_changing_one_sentence_of_the_reading_names_its_translation_stale(translated):
    """The issue's 'done when', on the fixture: one sentence changed, one unit named, with both places."""
    reading = translated / "talks/demo/reading.md"
    reading.write_text(reading.read_text(encoding="utf-8").replace("很重要。", "很重要！"), encoding="utf-8")
    code, report = run_validate(translated)
    assert code == 1
    assert report == ("talks/demo/translations/en/reading.md:17: stale: this unit translates a line with hash "
                      "ca256c96, but talks/demo/reading.md:8 now reads “第二点是，hidden technical debt 很重要！” "
                      f"(hash {unit_hash('第二点是，hidden technical debt 很重要！')}); translate the line as it is now "
                      f"and write its hash {unit_hash('第二点是，hidden technical debt 很重要！')}\n1 problem(s) found.\n")


def test_talk_yml_is_stale_only_when_a_text_it_translates_changes(translated):
    """talk.yml's translation records the hash of what it translates (titles, labels, summaries): a
    speaker's description, a turn or a break, which it does not translate, leave it current; a
    section's title does not."""
    talk_yml = translated / "talks/demo/talk.yml"
    text = talk_yml.read_text(encoding="utf-8")
    talk_yml.write_text(text.replace("    label: 主持人\n", "    label: 主持人\n    description: 提问的人\n")
                        .replace("breaks:\n  - passage不算\n", ""), encoding="utf-8")
    assert run_validate(translated) == (0, "")
    talk_yml.write_text(text.replace("title: 第二节", "title: 第二节（改）"), encoding="utf-8")
    code, report = run_validate(translated)
    assert code == 1 and report.startswith("talks/demo/translations/en/talk.yml:1: stale: ") and \
        report.endswith("\n1 problem(s) found.\n"), report


def test_a_broken_translation_is_not_published_but_the_talk_is_checked_whole(translated):
    """validate fails; nothing in the model pretends the translation is complete."""
    shutil.rmtree(translated / "talks/demo/translations/en/notes")
    code, report = run_validate(translated)
    assert code == 1 and report.count("missing: ") == 3


def test_a_note_hash_of_digits_only_is_read_as_written(translated):
    """YAML reads `of: 84859594` as a number; a hash is one whatever its digits (1 in 43 is all digits)."""
    note = translated / "talks/demo/translations/en/notes/fix-paas.md"
    source = translated / "talks/demo/notes/fix-paas.md"

    text = source.read_text(encoding="utf-8").rstrip("\n")
    for tail in range(10_000):  # a line added to the source note until its hash is all digits
        candidate = f"{text}\n\n{tail}\n"
        digest = hashlib.sha256(candidate.encode("utf-8")).hexdigest()[:8]
        if digest.isdigit() and not digest.startswith("0"):
            break
    source.write_text(candidate, encoding="utf-8")
    note.write_text(note.read_text(encoding="utf-8").replace("of: 9253d4a7", f"of: {digest}"), encoding="utf-8")
    assert run_validate(translated) == (0, "")
