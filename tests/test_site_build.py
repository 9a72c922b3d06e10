"""The included talk(s), built with MkDocs exactly as `bash scripts/dev serve` builds them:
nothing lost, every note once, the verbatim file downloadable, glossary backlinks in place."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import DIRECTORY_URLS, ROOT, read_config, site_file, site_page
from talkbook.edition.build import load_edition
from talkbook.edition.labels import LABELS, labels_for, labels_for_tag
from talkbook.web import urls
from talkbook.web.verify import recover_transcript

EDITION = load_edition(ROOT)
REQUIRED_TERMS = {"mlops", "hidden-technical-debt", "paas"}


def page(site, src: str) -> str:
    return site_page(site, src)


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


@pytest.mark.parametrize("talk", EDITION.talks, ids=lambda t: t.id)
def test_a_talk_page_wears_its_own_language(site, talk):
    """Labels from the talk's language's table (edition/labels.py), none from another's; lang= on
    its content where it is not the site's language."""
    html = page(site, urls.talk_page(talk.id))
    # A translation's parts (translations/<lang>/) wear that language's labels instead: set apart here.
    translated = re.compile(r'<div class="tb-note-tr".*?</div>|<template class="tb-tr[^"]*".*?</template>', re.S)
    for translation in talk.translations:
        kinds = re.findall(r'class="tb-note-title" data-kind="([^"]*)"', "".join(
            m.group(0) for m in translated.finditer(html) if f'data-view="{translation.language}"' in m.group(0)))
        assert kinds and set(kinds) <= set(labels_for_tag(translation.language).note_kind.values())
    html = translated.sub("", html)
    own = labels_for(talk.language)
    assert own.download_transcript in html and f"{own.speakers}{own.colon}" in html and own.map_band in html
    for other in (labels for language, labels in LABELS.items() if language != talk.language):
        assert other.download_transcript not in html and f"{other.speakers}{other.colon}" not in html
        assert other.map_band not in html and other.map_nav not in html and other.view_reading_title not in html
        # (A map section's name is its number and title in every language: nothing to tell apart.)
        assert not set(other.note_kind.values()) & set(re.findall(r'class="tb-note-title" data-kind="([^"]*)"', html))
    site_language = read_config(ROOT)["theme"]["language"]
    blocks = re.findall(r'<div class="tb-block(?: tb-block--reading)?" id="[^"]*" data-paragraph="\d+"( lang="[^"]*")?>', html)
    assert blocks and set(blocks) == {"" if talk.language == site_language else f' lang="{talk.language}"'}


def test_the_navigation_is_in_the_site_s_language(site):
    """MkDocs names folders of the navigation after them (Talks, Glossary, open vs closed ai 2023)."""
    labels = labels_for(read_config(ROOT)["theme"]["language"])
    home = page(site, urls.HOME)
    names = set(re.findall(r'md-ellipsis">\s*([^<]+?)\s*<', home))
    assert {labels.talks, labels.glossary} | {t.title for t in EDITION.talks} <= names, names
    assert not {"Talks", "Glossary"} - {labels.talks, labels.glossary} & names


def test_the_skip_link_names_where_it_goes(site):
    """Material's Chinese skip link reads only "跳转至" (skip to); scripts/overrides/partials/language.html
    gives it a destination (WCAG 2.4.4)."""
    if read_config(ROOT)["theme"]["language"] != "zh":
        pytest.skip("the override words only the Chinese skip link")
    for talk in EDITION.talks:
        skip = re.search(r'class="md-skip">\s*([^<]*?)\s*</a>', page(site, urls.talk_page(talk.id)))
        assert skip and skip.group(1) == "跳到正文"
