"""The faithful-text guarantee (#24), tested as an attacker would: over generated transcripts and
readings, some derived by the rules of CONTRIBUTING §12, some mutated the ways issue #24 found
holes in (both copies of a doubled word dropped, fillers inside words, chained marks, negations,
words split or joined, letter case, long or hidden insertions), the fast check (reading_align +
reading_rules) accepts exactly what the slow reference (reference_reading.py) accepts. A fast
check broken on purpose is caught."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_reading import accepts
from talkbook.edition import derive as derive_module
from talkbook.edition import reading_align
from talkbook.edition.reading_align import align
from talkbook.edition.reading_rules import check_characters, check_marks
from talkbook.edition.reading_text import parse
from talkbook.problems import Problems

NAMES = ("iOS", "Stability AI", "Google")
ZH = ["我", "们", "不", "没", "有", "呃", "额", "份", "啊", "说", "好", "二", "一"]
EN = ["now", "here", "nowhere", "um", "not", "ios", "the", "stability", "google", "ai", ",", "."]
ACTIONS = ["keep", "keep", "keep", "drop", "mark", "case", "comma", "stop", "insert", "break", "extra", "split"]


def fast_accepts(transcript: str, reading: str, corrections, language: str) -> bool | None:
    """None when the reading does not parse (the syntax of marks is checked elsewhere)."""
    problems = Problems()
    written = parse(reading, "r.md", language, problems)
    if problems.items:
        return None
    ok = check_characters(reading, "r.md", problems) and check_marks(written, "r.md", language, problems)
    if not ok:
        return False
    fixes = [(s, e, r, f"fix-{k}") for k, (s, e, r) in enumerate(corrections)]
    quotes = {f"fix-{k}": (transcript[s:e], "n.md", r) for k, (s, e, r) in enumerate(corrections)}
    return align(transcript, written, fixes, [0], "r.md", language, quotes, problems, names=NAMES) is not None


@st.composite
def cases(draw):
    language = draw(st.sampled_from(["zh", "zh", "en"]))
    words = draw(st.lists(st.sampled_from(ZH + EN if language == "zh" else EN), min_size=1, max_size=10))
    transcript, spans = "", []
    for word in words:
        if transcript and (draw(st.booleans()) or (transcript[-1].isascii() and word.isascii())
                           or language == "en"):
            transcript += " "
        spans.append((len(transcript), len(transcript) + len(word)))
        transcript += word
    corrections = []
    if draw(st.integers(0, 4)) == 0:
        k = draw(st.integers(0, len(words) - 1))
        replacement = draw(st.sampled_from(["好", "iOS", "不", "说说"]))
        if replacement != words[k]:
            corrections.append((spans[k][0], spans[k][1], replacement))
    shown = list(words)
    for s, e, r in corrections:
        shown[spans.index((s, e))] = r
    sep = "" if language == "zh" else " "
    parts, open_mark = [], False
    for k, word in enumerate(shown):
        action = draw(st.sampled_from(ACTIONS))
        if action == "mark":
            parts.append("{--" + word + "--}")
        elif action == "drop":
            pass
        elif action == "case":
            parts.append(draw(st.sampled_from([word.upper(), word[:1].upper() + word[1:],
                                               {"ios": "iOS", "google": "Google", "stability": "Stability"}.get(word, word)])))
        elif action == "split" and len(word) > 2:
            cut = draw(st.integers(1, len(word) - 1))
            parts.append(word[:cut] + " " + word[cut:])
        else:
            parts.append(word)
            if action == "comma":
                parts.append("，" if language == "zh" else ",")
            elif action == "stop":
                parts.append("。" if language == "zh" else ".")
            elif action == "insert":
                parts.append(draw(st.sampled_from(["〔当时〕", "〔补〕", "〔很长很长很长很长的补字〕", "〔注﹞x﹝〕",
                                                   "〔a\u3164〕", "〔x\u00ad〕"])))
            elif action == "break":
                parts.append("\n\n")
            elif action == "extra":
                parts.append(draw(st.sampled_from(ZH + EN)))
    glue = draw(st.sampled_from([sep, " "]))
    reading = glue.join(parts).replace(" \n\n ", "\n\n").strip() or "x"
    return transcript, reading, corrections, language


def _agree(case) -> None:
    transcript, reading, corrections, language = case
    fast = fast_accepts(transcript, reading, corrections, language)
    if fast is None:
        return
    assert fast == accepts(transcript, reading, corrections, NAMES, language), (transcript, reading, corrections)


# The issue's holes and the rules' edges, always tried first.
ISSUE_CASES = [
    ("说句不不客气的", "说句客气的", [], "zh"),
    ("说句不不客气的", "说句不客气的", [], "zh"),
    ("听没有没有听过", "{--听--}听过", [], "zh"),
    ("没没有人能挣钱", "有人能挣钱", [], "zh"),
    ("没没有人能挣钱", "没有人能挣钱", [], "zh"),
    ("不能不能说开源不好", "说开源不好", [], "zh"),
    ("我我", "{--我--}", [], "zh"),
    ("我我好", "{--我--}好", [], "zh"),
    ("我我好", "{--我我--}好", [], "zh"),
    ("我们我们能我们能感知", "我们能感知", [], "zh"),
    ("这种这种那个这这这套", "{--这种这种那个--}这套", [], "zh"),
    ("市场份额很小", "市场份很小", [], "zh"),
    ("没有额外的预算 额 好", "没有外的预算好", [], "zh"),
    ("没有额外的预算 额 好", "没有额外的预算，好", [], "zh"),
    ("这不可能的 没有人会卖的", "这{--不--}可能的，{--没有--}人会卖的", [], "zh"),
    ("但不一定以我自己有限的见识来说我们也不一定都是对的好",
     "{--但不一定以我自己--}{--有限的见识来说--}{--我们也不一定都是对的--}好", [], "zh"),
    ("it is nowhere", "it is now here", [], "en"),
    ("reread it", "read it", [], "en"),
    ("do not not think", "do think", [], "en"),
    ("do not not think", "do not think", [], "en"),
    ("together", "to get her", [], "en"),
    ("um the stability ai", "the Stability AI", [], "en"),
    ("um the stability", "the Stability", [], "en"),
    ("the ios the google", "The ios. The google", [], "en"),
    ("the ios the google", "The ios, The google", [], "en"),
    ("the ios. the google", "The ios, the google.", [], "en"),
    ("用 ios 的", "用 iOS 的", [], "zh"),
    ("好的", "好〔注﹞x﹝〕的", [], "zh"),
    ("好的", "好〔a\u3164〕的", [], "zh"),
    ("好的", "好〔" + "长" * 20 + "〕的", [], "zh"),
    ("用 大一 的", "用 DALL·E 的", [(2, 4, "DALL·E")], "zh"),
    ("用 大一 的", "用 dall·e 的", [(2, 4, "DALL·E")], "zh"),
]


@pytest.mark.parametrize("case", ISSUE_CASES)
def test_the_issues_cases_get_the_same_verdict(case):
    _agree(case)


def test_the_issues_holes_are_closed():
    accepted = {(t, r) for t, r, c, lang in ISSUE_CASES if fast_accepts(t, r, c, lang)}
    assert accepted == {("说句不不客气的", "说句不客气的"), ("没没有人能挣钱", "没有人能挣钱"),
                        ("我们我们能我们能感知", "我们能感知"), ("这种这种那个这这这套", "{--这种这种那个--}这套"),
                        ("没有额外的预算 额 好", "没有额外的预算，好"), ("do not not think", "do not think"),
                        ("我我好", "{--我我--}好"),
                        ("um the stability ai", "the Stability AI"), ("用 ios 的", "用 iOS 的"),
                        ("the ios the google", "The ios. The google"), ("the ios. the google", "The ios, the google."),
                        ("用 大一 的", "用 DALL·E 的")}


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_fast_and_reference_agree(case):
    _agree(case)


def _broken_repeats(verbatim, filler, marked, same, next_same, parent, waiting, i, j, m, n):
    """A repeat justified by any copy after it, kept or marked: the issue's first hole."""
    q = next_same.get(j, n)
    while q < n and q - j <= derive_module.MAX_REPEAT:
        dropped = [verbatim[t] for t in range(j, q) if not filler[t]]
        p = derive_module.shortest_cover(dropped, verbatim, q, n)
        if p and i + p <= m and all(same(i + t, q + t) for t in range(p)):
            derive_module._reach(parent, waiting, (i + p, q + p), (i, j, "repeat", q))
        q = next_same.get(q, n)


def _every_filler_character(text, spans, language):
    return [text[s:e] in "呃额嗯啊" for s, e in spans]


@pytest.mark.parametrize("target, broken", [
    (derive_module, {"_repeats": _broken_repeats}),
    (reading_align, {"filler_flags": _every_filler_character}),
    (derive_module, {"MAX_REPEAT": 1}),
])
def test_a_broken_fast_check_is_caught(monkeypatch, target, broken):
    for name, value in broken.items():
        monkeypatch.setattr(target, name, value)
    with pytest.raises(AssertionError):
        for case in ISSUE_CASES + [("我们能我们能", "我们能", [], "zh")]:
            _agree(case)
        test_fast_and_reference_agree()
