"""Adding a talk is adding a folder: the example talk of CONTRIBUTING.md section 8 (transcript with
its sha256, two sections, a note, a correction, and a new glossary term), taken from the guide as
written, is put into a copy of this repository and built with strict MkDocs. Its page exists, the
home page lists both talks, and its text links into the shared glossary."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import DIRECTORY_URLS, ROOT, build_site, site_file, site_page
from talkbook.edition.build import load_edition
from talkbook.web import urls
from test_contributing import EXIT_OK, run

GUIDE = ROOT / "CONTRIBUTING.md"
EXAMPLE = re.compile(r"<!-- example: (?P<path>\S+) -->\n```[a-z]*\n(?P<text>.*?)\n```", re.S)
TALK = "example-talk"


def guide_examples() -> dict[str, str]:
    """Every file the guide shows as a complete example, by its repository path."""
    found = {m["path"]: m["text"] for m in EXAMPLE.finditer(GUIDE.read_text(encoding="utf-8"))}
    # Markdown files end with a line end; the example transcript is one line without one.
    return {path: text if path.endswith("transcript.txt") else text + "\n" for path, text in found.items()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("second-talk") / "repo"
    for name in ("talks", "glossary", "docs", "scripts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for path, text in guide_examples().items():
        assert not (target / path).exists(), f"the guide's example {path} would overwrite a real file"
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    return build_site(project, tmp_path_factory.mktemp("second-talk-site") / "site")


def test_the_guide_shows_a_whole_talk():
    examples = guide_examples()
    folder = f"talks/{TALK}"
    assert {f"{folder}/transcript.txt", f"{folder}/talk.yml"} <= set(examples)
    assert len([p for p in examples if p.startswith(f"{folder}/notes/")]) == 2
    recorded = re.search(r"sha256: ([0-9a-f]{64})", examples[f"{folder}/talk.yml"])[1]
    assert recorded == hashlib.sha256(examples[f"{folder}/transcript.txt"].encode("utf-8")).hexdigest()


def test_the_example_talk_is_valid_with_two_sections_a_note_and_a_correction(project):
    assert run(project, "validate")[0] == EXIT_OK
    talk = next(t for t in load_edition(project).talks if t.id == TALK)
    assert len(talk.sections) == 2
    assert sorted(n.kind for n in talk.notes) == ["correction", "reference"]
    assert {m.term_id for m in talk.mentions} >= {"mlops", "dall-e", "vector-database"}


def test_the_new_talk_has_its_page(site):
    html = site_page(site, urls.talk_page(TALK))
    assert "示例讲座：模型上线与向量数据库" in html
    assert 'id="n-model-small-part"' in html and 'id="n-fix-dalle"' in html


def test_the_home_page_lists_both_talks(site, project):
    home = site_page(site, urls.HOME)
    talks = load_edition(project).talks
    assert len(talks) >= 2 and TALK in {t.id for t in talks}
    for talk in talks:
        assert f'href="{urls.page_url(urls.talk_page(talk.id), DIRECTORY_URLS)}"' in home, talk.id


def test_the_new_talk_links_into_the_shared_glossary(site):
    html = site_page(site, urls.talk_page(TALK))
    for term, words in (("mlops", "MLOps"), ("vector-database", "向量数据库")):
        href = urls.href(urls.talk_page(TALK), urls.term_page(term), DIRECTORY_URLS)
        assert re.search(rf'<a class="tb-term" href="{re.escape(href)}"[^>]*>{words}</a>', html), term
    # ... and the shared term's page lists the new talk's passage beside the included talk's.
    mlops = site_page(site, urls.term_page("mlops"))
    assert "示例讲座：模型上线与向量数据库" in mlops
