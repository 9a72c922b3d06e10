"""anchor: quotes resolve to exactly the expected number of places, or say why not, with candidates."""
import re

from talkbook.edition.anchor import Quote, matches, resolve, unique_extension
from talkbook.problems import Problems

TEXT = "大一刚出来的时候大一2刚出来的时候是非常火的 但是没有人讲大一了"


def _resolve(exact, prefix="", suffix="", expected=1):
    problems = Problems()
    found = resolve(TEXT, Quote(exact, prefix, suffix, "n.md", 2), problems, expected)
    return found, [str(p) for p in problems.items]


def test_unique_quote_resolves_to_its_offsets():
    assert _resolve("非常火") == ([(18, 21)], [])


def test_prefix_and_suffix_pick_one_of_several():
    assert _resolve("大一", suffix="2") == ([(8, 10)], [])
    assert _resolve("大一", prefix="没有人讲") == ([(29, 31)], [])


def test_occurrences_accepts_exactly_that_many():
    assert _resolve("大一", expected=3)[0] == [(0, 2), (8, 10), (29, 31)]


def test_ambiguous_quote_lists_places_and_suggests_unique_quotes():
    found, problems = _resolve("大一")
    assert found is None
    assert problems == [
        'n.md:2: quote "大一" occurs 3 times, it must occur once: '
        '“…【大一】刚出来的时候大一2刚出来…”; “…大一刚出来的时候【大一】2刚出来的时候是非常火的…”; '
        '“…是非常火的 但是没有人讲【大一】了…”; use a longer quote such as "大一刚", "大一2", "大一了", '
        'or add a prefix/suffix; or, for a correction that applies at every place, set occurrences: 3']


def test_missing_quote_shows_the_nearest_passages():
    found, problems = _resolve("没有人说大一了")
    assert found is None
    assert problems[0].startswith('n.md:2: quote "没有人说大一了" is not in the transcript; nearest passages: ')
    assert "【没有人讲大一了】" in problems[0]
    assert problems[0].endswith("copy the exact words (the transcript's misspellings included)")


def test_contradicting_prefix_is_named_as_such():
    found, problems = _resolve("非常火", prefix="不是")
    assert found is None
    assert problems == ['n.md:2: quote "非常火" (prefix "不是") is not in the transcript: the prefix/suffix '
                        'contradict the text; the quote alone occurs at “…时候大一2刚出来的时候是【非常火】的 但是没有人讲大一了…”; '
                        'copy prefix/suffix from there']


def test_wrong_occurrence_count_is_reported():
    assert _resolve("大一", expected=2)[1][0].startswith('n.md:2: quote "大一" occurs 3 times, but occurrences says 2')


def test_empty_quote():
    assert _resolve("")[1] == ["n.md:2: the quote is empty; copy a few words of the transcript here"]


def test_unique_extension_grows_until_unique():
    assert unique_extension(TEXT, 0, 2) == "大一刚"


# ---- space-separated text (an English talk): quotes are whole words ---------------------------

ENGLISH = ("we read about five hundred events at a time and each row stays under eight kilobytes the second "
           "thing is back pressure when post grass slows down the consumer stops and post grass catches up")


def _english(exact, expected=1):
    problems = Problems()
    found = resolve(ENGLISH, Quote(exact, "", "", "n.md", 2), problems, expected, spaced=True)
    return found, [str(p) for p in problems.items]


def test_a_quote_starting_or_ending_inside_a_word_is_refused_with_the_whole_words():
    assert _english("ight kilobytes ") == (None, [
        'n.md:2: quote "ight kilobytes " starts or ends inside a word: “…tays under e【ight kilobytes 】the second t…”; '
        'quote whole words, such as "eight kilobytes"'])
    assert _english("the second thin")[1][0].endswith('quote whole words, such as "the second thing"')
    assert _english("eight kilobytes") == ([(69, 84)], [])


def test_in_chinese_text_a_quote_may_start_anywhere():
    problems = Problems()
    assert resolve(ENGLISH, Quote("ight kilobytes", "", "", "n.md", 2), problems) == [(70, 84)]


def test_a_repeated_quote_suggests_whole_words_and_occurrences():
    found, problems = _english("post grass")
    assert found is None
    assert problems[0].endswith('use a longer quote such as "when post grass", "and post grass", or add a '
                                'prefix/suffix; or, for a correction that applies at every place, set occurrences: 2')
    assert _english("post grass", expected=2)[0] == [(124, 134), (169, 179)]


def test_did_you_mean_offers_whole_words_that_anchor_when_copied():
    found, problems = _english("the secnd thing")
    passages = re.findall("【([^】]*)】", problems[0])
    assert "the second thing" in passages  # was "the second thin": copied literally, it anchored mid-word
    assert all(matches(ENGLISH, Quote(passage, "", "", "n.md", 2), spaced=True) for passage in passages)
