"""web/changes.py, without a build: the change data of any aligned reading gives back both texts in
order, checked over generated readings (hypothesis) against the records themselves. The records are
generated directly (the aligner's own property test is tests/test_faithful_property.py's concern):
a transcript cut into runs, each kept, dropped (filler, repeat, false start) or corrected, with
punctuation and insertions between them; a correction may also be named by a drop over the same
words (the aligner records "Midjourney" for a doubled "mid journeymid journey" that way)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from talkbook.edition.model import Drop, Paragraph, Piece, Reading, ReadingParagraph, Section, Talk
from change_ops import sides
from talkbook.web import changes

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.text(alphabet="我们觉得呃嗯模型很火他DALLEabc", min_size=1, max_size=4)
RUN = st.tuples(st.sampled_from(["said", "filler", "repeat", "marked", "fix", "fix+drop"]), WORDS,
                st.lists(st.tuples(st.sampled_from(["punct", "insert"]), st.sampled_from(["，", "。", "当时", "——"])),
                         max_size=2))


def talk_of(transcript: str, pieces: list[Piece], drops: list[Drop]) -> Talk:
    reading = Reading("r.md", (ReadingParagraph(0, len(transcript), tuple(pieces), 1),), tuple(drops))
    section = Section("s", 1, "s", "", 0, len(transcript), (Paragraph("p0", 1, 0, len(transcript), "", "certain"),))
    return Talk("t", "t", "", "", "", "", "zh", (), transcript, "", (section,), (), (), "", "", (), "t.yml", reading)


def generated(runs):
    """A transcript, its reading's pieces and drops, and (by a slow, obvious walk) both expected texts."""
    transcript, pieces, drops, reading = "", [], [], ""
    for kind, words, between in runs:
        start = len(transcript)
        for what, text in between:  # punctuation and insertions sit before the run's first offset
            pieces.append(Piece(what, text, start, start))
            reading += text if what == "punct" else f"〔{text}〕"
        transcript += words
        end = len(transcript)
        if kind == "said":
            pieces.append(Piece("said", words, start, end))
            reading += words
        elif kind.startswith("fix"):
            pieces.append(Piece("said", words.upper() + "!", start, end, "n1"))
            reading += words.upper() + "!"
            if kind == "fix+drop":
                drops.append(Drop(start, end, "repeat"))
        else:
            drops.append(Drop(start, end, kind))
    return transcript, pieces, drops, reading


@SETTINGS
@given(st.lists(RUN, min_size=1, max_size=12))
def test_change_data_gives_back_the_reading_and_the_verbatim_in_order(runs):
    transcript, pieces, drops, reading = generated(runs)
    [ops] = changes.talk_changes(talk_of(transcript, pieces, drops))["p0"]
    shown, verbatim = sides(ops)
    assert shown == reading
    assert verbatim == transcript  # every word once, in the transcript's order: none hidden, none doubled
    fixes = [op for op in ops if op[0] == "c"]
    assert len(fixes) == sum(kind.startswith("fix") for kind, _, _ in runs)


def test_a_case_change_is_shown_as_one():
    transcript = "openai说"
    talk = talk_of(transcript, [Piece("said", "OpenAI", 0, 6), Piece("said", "说", 6, 7)], [])
    assert changes.talk_changes(talk)["p0"] == [[["k", "openai", "OpenAI"], ["s", "说"]]]


def test_respacing_alone_is_no_change():
    talk = talk_of("用MLOps来", [Piece("said", "用 MLOps 来", 0, 8)], [])
    assert changes.talk_changes(talk)["p0"] == [[["s", "用 MLOps 来"]]]


def test_change_data_cannot_close_its_script_element():
    from talkbook.edition.labels import labels_for

    text = "a</script><!--b"
    data = changes.changes_json(talk_of(text, [Piece("said", text, 0, len(text))], []), labels_for("zh"))
    assert "<" not in data and "a\\u003c/script>" in data
