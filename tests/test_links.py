"""Links from the site to the repository host: "编辑此注" opens the note's own file, "建议注释" opens
GitHub's new-file page with a note template whose quote anchors exactly once at the paragraph, and
Material's page edit button opens a generated page's source, never the generated Markdown."""
from __future__ import annotations

import shutil
from pathlib import Path
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import MINI, ROOT, site_file, site_page
from talkbook.edition.anchor import Quote, matches
from talkbook.edition.build import load_edition
from talkbook.edition.model import Note, Paragraph, Section, Talk
from talkbook.problems import Problems
from talkbook.web import links, urls
from talkbook.web.pipeline import generate
from talkbook.web.render import RenderOptions
from talkbook.web.verify import check_talk_page
from talkbook.sources.yamlsource import split_front_matter
from test_contributing import EXIT_OK, fill_in_sources, run

REPO = "https://github.com/OWNER/REPO"
OPTIONS = RenderOptions(edit_base=f"{REPO}/edit/main/", new_file_base=f"{REPO}/new/main")


class Anchors(HTMLParser):
    """Every <a> with its attributes, in page order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.found.append(dict(attrs))

    def of_class(self, name: str) -> list[dict]:
        return [a for a in self.found if name in (a.get("class") or "").split()]


def suggested(url: str) -> tuple[str, str, dict]:
    """(path of the host page, the new file's name, the template's front matter) of a suggest link."""
    parts = urlsplit(url)
    query = parse_qs(parts.query, strict_parsing=True)
    assert set(query) == {"filename", "value"}
    template = query["value"][0]
    problems = Problems()
    data, body, _ = split_front_matter(template, "template", problems)
    assert not problems and body.strip()
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query["filename"][0], {**data, "text": template}


# ---- configuration -> URL prefixes -----------------------------------------------------------

@pytest.mark.parametrize("config, edit, new", [
    ({"repo_url": REPO, "edit_uri": "edit/main/docs/", "docs_dir": "/x/docs"},
     f"{REPO}/edit/main/", f"{REPO}/new/main"),
    ({"repo_url": REPO + "/", "edit_uri": "edit/release/2024/docs", "docs_dir": "/x/docs/"},
     f"{REPO}/edit/release/2024/", f"{REPO}/new/release/2024"),
    # GitLab's edit URLs work the same way; its new-file page is not GitHub's, so no suggest links.
    ({"repo_url": "https://gitlab.com/o/r", "edit_uri": "-/edit/main/docs/", "docs_dir": "/x/docs"},
     "https://gitlab.com/o/r/-/edit/main/", ""),
    ({"repo_url": None, "edit_uri": "edit/main/docs/", "docs_dir": "/x/docs"}, "", ""),
    ({"repo_url": REPO, "edit_uri": "", "docs_dir": "/x/docs"}, "", ""),
])
def test_edit_and_new_file_prefixes_from_the_config(config, edit, new):
    assert (links.edit_base(config), links.new_file_base(config)) == (edit, new)


def test_the_repository_config_names_a_placeholder_that_the_environment_replaces(monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.delenv("TALKBOOK_REPO_URL", raising=False)
    monkeypatch.delenv("TALKBOOK_EDIT_URI", raising=False)
    default = load_config(str(ROOT / "mkdocs.yml"))
    assert (default["repo_url"], default["edit_uri"]) == ("https://github.com/OWNER/REPO", "edit/main/docs/")
    monkeypatch.setenv("TALKBOOK_REPO_URL", "https://github.com/someone/fork")
    monkeypatch.setenv("TALKBOOK_EDIT_URI", "edit/trunk/docs/")
    assert links.new_file_base(load_config(str(ROOT / "mkdocs.yml"))) == "https://github.com/someone/fork/new/trunk"


def test_generated_pages_map_to_their_source_files():
    edition = load_edition(MINI)
    assert links.page_source(edition, urls.talk_page("demo")) == "talks/demo/talk.yml"
    assert links.page_source(edition, urls.term_page("mlops")) == "glossary/mlops.md"
    assert links.page_source(edition, urls.HOME) is None
    assert links.page_source(edition, urls.GLOSSARY_INDEX) is None
    for talk in edition.talks:
        assert (MINI / links.page_source(edition, urls.talk_page(talk.id))).is_file()
    for term in edition.terms:
        assert (MINI / links.page_source(edition, urls.term_page(term.id))).is_file()


# ---- the links on the generated talk page ----------------------------------------------------

def mini_page() -> tuple[Talk, str]:
    edition, pages = generate(MINI, OPTIONS)
    return edition.talks[0], pages[urls.talk_page("demo")]


def test_every_note_links_to_its_own_source_file():
    talk, page = mini_page()
    hrefs = [a["href"] for a in Anchors(page).of_class("tb-edit")]
    assert hrefs == [f"{REPO}/edit/main/{note.path}" for note in talk.notes]
    assert all((MINI / note.path).is_file() for note in talk.notes)


def test_every_paragraph_suggests_a_new_note_quoting_its_opening_words():
    talk, page = mini_page()
    paragraphs = [p for s in talk.sections for p in s.paragraphs]
    suggestions = Anchors(page).of_class("tb-suggest")
    assert len(suggestions) == len(paragraphs)
    for paragraph, link in zip(paragraphs, suggestions):
        host_page, filename, data = suggested(link["href"])
        assert host_page == f"{REPO}/new/main"
        assert filename == f"talks/demo/notes/note-{paragraph.start}.md"
        assert not (MINI / filename).exists()
        assert data["kind"] == "context"
        quote = Quote(data["quote"], data.get("prefix", ""), "", filename, 2)
        assert matches(talk.transcript, quote) == [paragraph.start], data["quote"]
        assert link["rel"] == "nofollow" and link["aria-label"] == f"为第 {paragraph.number} 段建议注释"


def test_suggested_templates_become_valid_notes_once_sources_are_added(mini):
    """All at once: each template, written where the host would write it and completed by the
    contributor, passes validation: it anchors once, inside one section, cutting no correction."""
    _talk, page = mini_page()
    for link in Anchors(page).of_class("tb-suggest"):
        _host, filename, data = suggested(link["href"])
        (mini / filename).write_text(data["text"], encoding="utf-8")
        fill_in_sources(mini / filename)
    assert run(mini, "validate")[0] == EXIT_OK


def test_suggested_quotes_anchor_at_every_paragraph_of_the_included_talks(tmp_path):
    project = tmp_path / "repo"
    for folder in ("talks", "glossary"):
        shutil.copytree(ROOT / folder, project / folder)
    edition = load_edition(project)
    written, untranslated = 0, set()
    for talk in edition.talks:
        for paragraph in (p for s in talk.sections for p in s.paragraphs):
            _host, filename, data = suggested(links.suggest_note_url(f"{REPO}/new/main", talk, paragraph))
            quote = Quote(data["quote"], data.get("prefix", ""), "", filename, 2)
            assert matches(talk.transcript, quote) == [paragraph.start], (talk.id, paragraph.id)
            (project / filename).write_text(data["text"], encoding="utf-8")
            fill_in_sources(project / filename)
            written += 1
            note = Path(filename)
            untranslated |= {f"{note.parent.parent}/translations/{t.language}/notes/{note.name}:0: missing: "
                             for t in talk.translations}
    assert written > 0
    code, _out, err = run(project, "validate")
    # Only warnings (edition/term_check.py: terms a note lists that the talk never says) and, in a
    # translated talk, each new note's missing translation (a contributor writes it in the same pull
    # request, or a translator does before it can land): nothing about where the notes anchor.
    lines = err.splitlines()
    problems = [line for line in lines if ": warning: " not in line and not line.endswith("problem(s) found.")]
    assert {line.split("missing: ")[0] + "missing: " for line in problems} == untranslated, err
    assert len(problems) == len(untranslated) and (code == EXIT_OK) == (not untranslated), err


def test_the_links_leave_the_transcript_recoverable():
    talk, page = mini_page()
    assert check_talk_page(talk, page) == []


def test_no_links_without_a_configured_host():
    _edition, pages = generate(MINI)
    assert "tb-suggest" not in pages[urls.talk_page("demo")] and "tb-edit" not in pages[urls.talk_page("demo")]


# ---- the opening quote in the hard cases -----------------------------------------------------

def synthetic_talk(text: str, paragraphs: list[tuple[int, int]], fixes: list[tuple[int, int]] = ()) -> Talk:
    notes = tuple(Note(f"fix-{s}", "correction", "", "", ((s, e),), "X", "certain", (), (), (), "n.md", 2, 4)
                  for s, e in fixes)
    built = tuple(Paragraph(f"p{s}", i, s, e, "", "") for i, (s, e) in enumerate(paragraphs, start=1))
    section = Section("s", 1, "s", "", 0, len(text), built)
    return Talk("t", "t", "", "2024", "", "e", "zh", (), text, "talks/t/transcript.txt", (section,), notes, (),
                "", "", (), "talks/t/talk.yml")


def test_a_repeated_paragraph_is_quoted_whole_with_a_prefix():
    text = "好的 对对对 好的 对对对 就这样"
    talk = synthetic_talk(text, [(0, 3), (3, 7), (7, 10), (10, 14), (14, len(text))])
    # "好的 对对对 " occurs twice: the prefix reaches back to the space before the second "好的".
    assert links.opening_quote(talk, talk.sections[0].paragraphs[3]) == ("对对对 ", " 好的 ")
    assert matches(text, Quote("对对对 ", " 好的 ", "", "", 0)) == [10]
    assert links.opening_quote(talk, talk.sections[0].paragraphs[4]) == ("就这样", "")


def test_the_opening_quote_never_ends_inside_a_correction():
    text = "开头的八个字然后大一出来 别处也说开头的八个字然后"
    talk = synthetic_talk(text, [(0, 13), (13, len(text))], fixes=[(8, 10)])
    quote, prefix = links.opening_quote(talk, talk.sections[0].paragraphs[0])
    assert (quote, prefix) == ("开头的八个字然后大一", "")


# ---- the built site: Material's edit button and the repository link --------------------------

def edit_button(html: str) -> str | None:
    buttons = [a["href"] for a in Anchors(html).found if "md-content__button" in (a.get("class") or "")
               and a.get("rel") == "edit"]
    assert len(buttons) <= 1
    return buttons[0] if buttons else None


def test_page_edit_buttons_open_the_sources_of_generated_pages(site):
    from mkdocs.config import load_config

    base = links.edit_base(load_config(str(ROOT / "mkdocs.yml")))
    assert base
    edition = load_edition(ROOT)
    expected = {urls.HOME: None, urls.GLOSSARY_INDEX: None, "editorial-policy.md": base + "docs/editorial-policy.md"}
    for talk in edition.talks:
        expected[urls.talk_page(talk.id)] = base + talk.path
        if talk.intro_title:
            expected[urls.intro_page(talk.id)] = base + f"talks/{talk.id}/intro.md"
    for term in edition.terms[:3]:
        expected[urls.term_page(term.id)] = base + term.path
    for src, href in expected.items():
        assert edit_button(site_page(site, src)) == href, src
        if href:
            assert (ROOT / href[len(base):]).is_file(), href


def test_the_repository_link_makes_no_request_to_another_host(site):
    """Material's own partial marks the link data-md-component="source", and its script then asks
    api.github.com for star counts; ours (scripts/overrides/partials/source.html) does not."""
    html = site_page(site, urls.HOME)
    assert 'class="md-source"' in html
    assert 'data-md-component="source"' not in html


def test_the_included_talk_pages_carry_edit_and_suggest_links(site):
    edition = load_edition(ROOT)
    for talk in edition.talks:
        found = Anchors(site_page(site, urls.talk_page(talk.id)))
        # each note's edit link, and one per translation of it (its translated file, in that view)
        assert len(found.of_class("tb-edit")) == len(talk.notes) * (1 + len(talk.translations))
        # 通读, 逐字 and each translation's view end a paragraph with its links
        views = (2 if talk.reading else 1) + len(talk.translations)
        assert len(found.of_class("tb-suggest")) == views * sum(len(s.paragraphs) for s in talk.sections)


def test_suggested_quotes_in_an_english_talk_are_whole_words_that_anchor(tmp_path):
    """建议注释 prefills the paragraph's opening words: in an English talk they end at a word's end."""
    from conftest import copy_mini
    from talkbook.edition.anchor import Quote, inside_word, matches

    project = copy_mini(tmp_path / "mini", ROOT / "tests" / "fixtures" / "english-talk")
    talk = next(t for t in load_edition(project).talks if t.language == "en")
    for paragraph in (p for s in talk.sections for p in s.paragraphs):
        quote, prefix = links.opening_quote(talk, paragraph)
        assert not inside_word(talk.transcript, paragraph.start + len(quote)), quote
        assert matches(talk.transcript, Quote(quote, prefix, "", "", 0), spaced=True) == [paragraph.start]
