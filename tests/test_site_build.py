"""The included talk(s), built with MkDocs exactly as `bash scripts/dev serve` builds them:
nothing lost, every note once, the verbatim file downloadable, glossary backlinks in place."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import DIRECTORY_URLS, ROOT, site_file
from talkbook.edition.build import load_edition
from talkbook.site import urls
from talkbook.site.verify import recover_transcript

EDITION = load_edition(ROOT)
REQUIRED_TERMS = {"mlops", "hidden-technical-debt", "paas"}


def page(site, src: str) -> str:
    return site_file(site, src).read_text(encoding="utf-8")


@pytest.mark.parametrize("talk", EDITION.talks, ids=lambda t: t.id)
def test_transcript_is_recovered_byte_for_byte_from_the_reading_page(site, talk):
    recovered = recover_transcript(page(site, urls.talk_page(talk.id)))
    assert recovered.encode("utf-8") == (ROOT / talk.transcript_path).read_bytes()


@pytest.mark.parametrize("talk", EDITION.talks, ids=lambda t: t.id)
def test_every_note_is_rendered_exactly_once(site, talk):
    html = page(site, urls.talk_page(talk.id))
    asides = Counter(re.findall(r'<aside class="tb-note[^"]*" id="n-([^"]+)"', html))
    assert asides == Counter({note.id: 1 for note in talk.notes})


@pytest.mark.parametrize("talk", EDITION.talks, ids=lambda t: t.id)
def test_verbatim_transcript_is_downloadable_unchanged(site, talk):
    assert (site / urls.transcript_file(talk.id)).read_bytes() == (ROOT / talk.transcript_path).read_bytes()


@pytest.mark.parametrize("talk", EDITION.talks, ids=lambda t: t.id)
def test_sections_and_paragraphs_have_their_anchors(site, talk):
    html = page(site, urls.talk_page(talk.id))
    for section in talk.sections:
        assert f'id="{section.id}"' in html
        for paragraph in section.paragraphs:
            # tb-block--reading: a talk with a reading text also carries its 通读 paragraphs in the block
            assert re.search(f'<div class="tb-block(?: tb-block--reading)?" id="{paragraph.id}"', html)


def test_term_pages_link_back_to_every_paragraph_that_mentions_them(site):
    for talk in EDITION.talks:
        for mention in talk.mentions:
            paragraph = next(p for s in talk.sections for p in s.paragraphs if p.start <= mention.start < p.end)
            html = page(site, urls.term_page(mention.term_id))
            link = urls.href(urls.term_page(mention.term_id), urls.talk_page(talk.id), DIRECTORY_URLS, paragraph.id)
            assert f'href="{link}"' in html, (mention.term_id, paragraph.id)


def test_glossary_has_the_required_terms_and_an_index(site):
    assert REQUIRED_TERMS <= {t.id for t in EDITION.terms}
    index = page(site, urls.GLOSSARY_INDEX)
    for term in EDITION.terms:
        assert f'href="{urls.href(urls.GLOSSARY_INDEX, urls.term_page(term.id), DIRECTORY_URLS)}"' in index


def test_home_page_lists_every_talk(site):
    home = page(site, urls.HOME)
    for talk in EDITION.talks:
        assert f'href="{urls.href(urls.HOME, urls.talk_page(talk.id), DIRECTORY_URLS)}"' in home
