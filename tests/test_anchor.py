"""anchor: quotes resolve to exactly the expected number of places, or say why not, with candidates."""
from talkbook.edition.anchor import Quote, resolve, unique_extension
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
        'or add a prefix/suffix']


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
