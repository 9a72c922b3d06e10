"""A term page's passage quotes the reading text (edition.reading_weave.reading_quote): a stretch of
the reading paragraph holding the mention, never beginning or ending inside a word, with … exactly
where it was cut. Checked on every mention of every talk with a reading text."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT
from talkbook.edition.build import load_edition
from talkbook.edition.reading_weave import reading_offset, reading_quote

LATIN = re.compile(r"[A-Za-z0-9]")
SENTENCE_END = "。！？；!?;"

EDITION = load_edition(ROOT)
TALKS = [t for t in EDITION.talks if t.reading]


@pytest.mark.parametrize("talk", TALKS, ids=[t.id for t in TALKS])
def test_every_passage_is_whole_words_of_the_reading_text_around_its_mention(talk):
    assert talk.mentions
    for mention in talk.mentions:
        quote = reading_quote(talk, mention.start, mention.end)
        reading = next(r for r in talk.reading.paragraphs if r.start <= mention.start < r.end)
        text = reading.text
        core = quote.removeprefix("…").removesuffix("…")
        at = text.find(core)
        assert at >= 0, (mention, quote)
        end = at + len(core)
        assert at <= reading_offset(talk, reading, mention.start) <= end, (mention, quote)
        # Cut only between words: never a Latin letter on both sides of a cut.
        assert not (at > 0 and LATIN.match(text[at - 1]) and LATIN.match(text[at])), quote
        assert not (end < len(text) and LATIN.match(text[end - 1]) and LATIN.match(text[end])), quote
        # … says where the quote was cut, and only there.
        assert quote.startswith("…") == (at > 0 and text[at - 1] not in SENTENCE_END and
                                         text[:at].strip() != ""), quote
        assert quote.endswith("…") == (end < len(text.rstrip()) and text[end - 1] not in SENTENCE_END), quote


def test_a_talk_without_reading_text_has_no_reading_quote():
    talk = next((t for t in EDITION.talks if not t.reading), None)
    if talk is None:
        talk = load_edition(ROOT / "tests" / "fixtures" / "mini").talks[0]
    mention = talk.mentions[0]
    assert reading_quote(talk, mention.start, mention.end) is None
