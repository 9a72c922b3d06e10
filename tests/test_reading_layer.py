"""The reading layer's aligner, without a build: each allowed edit is accepted and recorded as what
it is; anything else is rejected with its line. The real talk's reading.md accounts for every
character of the verbatim."""
from __future__ import annotations

import pytest
from conftest import ROOT
from talkbook.edition.build import load_edition
from talkbook.edition.reading_align import align, fillers
from talkbook.edition.reading_text import parse
from talkbook.problems import Problems

PATH = "talks/t/reading.md"
VERBATIM = "我我其实其实觉得呃这个模型很火 但是大一出来以后 那个那个生态就起来了"
FIX = VERBATIM.index("大一")
CORRECTIONS = [(FIX, FIX + 2, "DALL·E", "fix-dalle")]
QUOTES = {"fix-dalle": ("大一", "talks/t/notes/fix-dalle.md", "DALL·E")}


def run(reading: str, verbatim: str = VERBATIM, starts=(0,), corrections=None):
    problems = Problems()
    written = parse(reading, PATH, "zh", problems)
    result = None
    if not problems:
        result = align(verbatim, written, CORRECTIONS if corrections is None else corrections, list(starts), PATH,
                       "zh", QUOTES, problems)
    return result, [str(p) for p in problems.items]


def dropped(result, verbatim: str = VERBATIM) -> list[tuple[str, str]]:
    return [(d.why, verbatim[d.start:d.end]) for d in result.drops]


def test_clean_verbatim_is_accepted_and_every_drop_has_a_reason():
    result, problems = run("我其实觉得，这个模型很火。\n但是 DALL·E 出来以后，那个生态就起来了。\n")
    assert problems == []
    assert dropped(result) == [("repeat", "我"), ("repeat", "其实"), ("filler", "呃"), ("repeat", "那个")]
    [paragraph] = result.paragraphs
    assert paragraph.text == "我其实觉得，这个模型很火。但是 DALL·E 出来以后，那个生态就起来了。"
    fix = next(p for p in paragraph.pieces if p.note)
    assert (fix.text, fix.start, fix.end, fix.note) == ("DALL·E", FIX, FIX + 2, "fix-dalle")
    assert (paragraph.start, paragraph.end) == (0, len(VERBATIM))


def test_insertions_marked_false_starts_and_paragraph_breaks():
    result, problems = run("我其实觉得〔当时〕这个模型很火。\n\n但是 DALL·E 出来以后，{--那个--}那个生态就起来了。")
    assert problems == []
    first, second = result.paragraphs
    assert [p.text for p in first.pieces if p.kind == "insert"] == ["当时"]
    assert first.text.endswith("〔当时〕这个模型很火。")
    assert first.end == second.start == VERBATIM.index("但是")
    assert ("marked", "那个") in dropped(result)


def test_a_dropped_word_that_is_not_a_filler_or_repeat_is_rejected():
    result, problems = run("我其实觉得这个模型火。但是 DALL·E 出来以后，那个生态就起来了。")
    assert result is None
    assert problems == [f"{PATH}:1: the verbatim's “很” (“…我其实其实觉得呃这个模型【很】火 但是大一出来以后 那…”) is left out, but it "
                        f"is neither a filler nor a repeat of the words the reading keeps right after it (rules 3 and 4 of "
                        f"CONTRIBUTING §12); if it is a false start, mark it {{--很--}}; allowed (CONTRIBUTING §12): "
                        f"punctuation, fillers (呃 额 嗯 啊) as words of their own, repeats dropped before a kept copy, "
                        f"false starts marked {{--…--}}, corrections from the talk's correction notes, the letter case of "
                        f"declared names, insertions in 〔…〕 and paragraph breaks"]


def test_added_and_changed_words_are_rejected_each_at_its_line():
    result, problems = run("我其实真的觉得这个模型很火。\n但是大一出来以后，那个生态就起来了。\n")
    assert result is None
    assert len(problems) == 2
    assert problems[0].startswith(f"{PATH}:1: “真的” is not in the verbatim at “…我我其实其实【】觉得呃")
    assert problems[1].startswith(f"{PATH}:2: “大一” stands where the verbatim has “DALL·E”")
    assert "the correction in talks/t/notes/fix-dalle.md replaces “大一” with “DALL·E” there" in problems[1]


def test_a_correction_may_not_be_applied_where_no_note_says_so():
    _, problems = run("我其实觉得这个模型很火，但是 DALL·E 出来以后，那个生态就起来了。", corrections=[])
    assert len(problems) == 1 and "“DALL·E” stands where the verbatim has “大一”" in problems[0]


def test_a_reading_that_stops_early_is_rejected():
    _, problems = run("我其实觉得这个模型很火。")
    assert len(problems) == 1
    assert problems[0].startswith(f"{PATH}:1: the reading text ends before the verbatim does: “…其实觉得呃这个模型很火 【但是大一出来以后")


def test_a_paragraph_of_talk_yml_must_start_a_reading_paragraph():
    start = VERBATIM.index("但是")
    _, problems = run("我其实觉得这个模型很火，但是 DALL·E 出来以后，那个生态就起来了。", starts=(0, start))
    assert problems == [f"{PATH}:1: this paragraph runs across a paragraph start of talk.yml at “…其实觉得呃这个模型很火 【但是大一出来以后】 那个那个生态就起来了…”; "
                        f"start a new reading paragraph at those words"]


@pytest.mark.parametrize("text, message", [
    ("我其实〔〕觉得", "an empty insertion 〔〕"),
    ("我其实〔觉得", "an unmatched '〔' at column 4"),
    ("{--我其实觉得这个模型很火但是出来--}", "longer than 12 characters"),
    ("\n\n", "reading.md is empty"),
])
def test_broken_marks_are_reported_before_any_alignment(text, message):
    result, problems = run(text)
    assert result is None and len(problems) == 1 and message in problems[0]


def test_a_repeat_is_dropped_only_before_a_kept_copy():
    # 这种这种那个这这这套: the 这这 before the kept 这套 are a stutter's starts; 这种这种 has no kept
    # copy after it (那个 between is itself left out), so it is a false start with 那个.
    verbatim = "为主的这种这种那个这这这套方案"
    result, problems = run("为主的{--这种这种那个--}这套方案", verbatim=verbatim, corrections=[])
    assert problems == []
    assert dropped(result, verbatim) == [("marked", "这种这种那个"), ("repeat", "这这")]
    _, problems = run("为主的{--那个--}这套方案", verbatim=verbatim, corrections=[])
    assert len(problems) == 1 and "it repeats “这种” with no copy of it kept right after (rule 4" in problems[0]


@pytest.mark.parametrize("verbatim, reading", [
    ("说句不不客气的", "说句客气的"),
    ("听没有没有听过", "{--听--}听过"),
    ("没没有人能挣钱", "有人能挣钱"),
    ("不能不能说开源不好", "说开源不好"),
])
def test_two_copies_never_justify_each_other(verbatim, reading):
    _, problems = run(reading, verbatim=verbatim, corrections=[])
    assert len(problems) == 1 and "rule 4 of CONTRIBUTING §12" in problems[0]


def test_the_filler_list_is_closed_and_holds_no_words():
    assert set(fillers("zh")) == {"呃", "额", "嗯", "啊"}
    assert fillers("xx") == ()


def test_the_first_talk_reads_in_full():
    talk = next(t for t in load_edition(ROOT).talks if t.id == "open-vs-closed-ai-2023")
    reading = talk.reading
    assert reading is not None
    kept = [(p.start, p.end) for paragraph in reading.paragraphs for p in paragraph.pieces if p.kind == "said"]
    covered = set()
    for start, end in kept + [(d.start, d.end) for d in reading.drops]:
        covered.update(range(start, end))
    assert [i for i, c in enumerate(talk.transcript) if not c.isspace() and i not in covered] == []
    text = "".join(p.text for p in reading.paragraphs)
    assert not any(filler in text for filler in fillers("zh"))
    assert "，" in text and "。" in text and "？" in text
    assert reading.paragraphs[0].start == 0 and reading.paragraphs[-1].end == len(talk.transcript)


def test_an_alignment_over_its_time_budget_is_an_error_naming_the_reading(mini, monkeypatch):
    """The per-stage budget (edition/time_limit.py): slower than allowed is a problem at the file."""
    import contextlib
    import io

    from talkbook.cli import EXIT_PROBLEMS, main
    from talkbook.edition import structure

    (mini / "talks/demo/reading.md").write_text(
        "我们用 MLOps 来做部署。DALL·E 刚出来的时候很火。\n\n但是 PaaS 一样的东西，\n\npassage 不算。\n\n"
        "第二点是，hidden technical debt 很重要。最后我们用 MLOps 收尾。\n", encoding="utf-8")
    slow = structure.align

    def crawl(*args, **kwargs):
        import time
        time.sleep(0.5)
        return slow(*args, **kwargs)

    monkeypatch.setattr(structure, "align", crawl)
    monkeypatch.setattr(structure, "ALIGN_SECONDS_BASE", 0.05)
    monkeypatch.setattr(structure, "ALIGN_SECONDS_PER_MB", 0)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(mini), "validate"])
    assert code == EXIT_PROBLEMS
    assert err.getvalue().startswith("talks/demo/reading.md:0: aligning the reading text with the verbatim took more "
                                     "than 0.05 s")


def test_every_edit_is_recoverable_from_the_reading():
    """What the change view shows is in Reading: a said piece is the verbatim's words (spaces aside)
    unless it carries its correction's note or, for a letter-case change, the verbatim's spelling in
    `was`; everything else of the verbatim is a drop with its reason."""
    problems = Problems()
    verbatim = "um so we use ios here. it is google stability ai"
    written = parse("So we use iOS here. It is google, Stability AI.", PATH, "en", problems)
    result = align(verbatim, written, [], [0], PATH, "en", {}, problems, names=("iOS", "Stability AI"))
    assert problems.items == [] and result is not None
    pieces = [p for paragraph in result.paragraphs for p in paragraph.pieces if p.kind == "said"]
    assert [(p.text, p.was) for p in pieces if p.was] == [("So", "so"), ("iOS", "ios"), ("It", "it"),
                                                           ("Stability AI", "stability ai")]
    for piece in pieces:
        original = verbatim[piece.start:piece.end]
        if piece.was:
            assert piece.was == original and piece.text.lower() == original.lower()
        else:
            assert piece.text.replace(" ", "") == original.replace(" ", "")
    assert [(d.why, verbatim[d.start:d.end]) for d in result.drops] == [("filler", "um"), ("punct", ".")]


def test_the_talks_reading_records_every_edit():
    talk = next(t for t in load_edition(ROOT).talks if t.id == "open-vs-closed-ai-2023")
    for paragraph in talk.reading.paragraphs:
        for piece in paragraph.pieces:
            if piece.kind == "said" and not piece.note:
                original = talk.transcript[piece.start:piece.end]
                if piece.was:
                    assert piece.was == original and piece.text.lower() == original.lower()
                else:
                    assert piece.text.replace(" ", "") == original.replace(" ", ""), piece


def test_talk_yml_names_declare_spellings_for_the_reading(mini):
    """`names:` in talk.yml (CONTRIBUTING §12, rule 7): the reading may write a verbatim word in a
    declared name's letter case; without the declaration it may not."""
    from talkbook.edition.build import load_edition
    from talkbook.problems import BuildError

    talk_yml = mini / "talks/demo/talk.yml"
    (mini / "talks/demo/reading.md").write_text(
        "我们用 MLOps 来做部署。DALL·E 刚出来的时候很火。\n\n但是 PaaS 一样的东西，\n\npassage 不算。\n\n"
        "第二点是，HIDDEN technical debt 很重要。最后我们用 MLOps 收尾。\n", encoding="utf-8")
    with pytest.raises(BuildError, match="rule 7 of CONTRIBUTING §12"):
        load_edition(mini)
    talk_yml.write_text(talk_yml.read_text(encoding="utf-8") + "names: [HIDDEN]\n", encoding="utf-8")
    talk = load_edition(mini).talks[0]
    assert any(p.was == "hidden" and p.text == "HIDDEN" for r in talk.reading.paragraphs for p in r.pieces)
