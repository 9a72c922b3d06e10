"""The build cache (talkbook/buildcache.py): a build that reuses earlier work publishes exactly what
a build from nothing publishes, after any change to a note, a term, the options or the cache itself."""
from __future__ import annotations

import shutil

import pytest
from talkbook.problems import BuildError
from talkbook.site.buildcache import CACHE_DIR
from talkbook.site.pipeline import generate
from talkbook.site.render import RenderOptions

OPTIONS = RenderOptions(use_directory_urls=False, edit_base="https://example.org/edit/main/")


def fresh(root, options=OPTIONS):
    """What a build from nothing publishes (pages and search views)."""
    views = {}
    _edition, files = generate(root, options, views)
    return files, views


def reusing(root, options=OPTIONS):
    views = {}
    _edition, files = generate(root, options, views, reuse=True)
    return files, views


def entries(root):
    return sorted(path.name for path in (root / CACHE_DIR).glob("*.pickle"))


def test_a_second_build_comes_from_the_cache_and_equals_a_fresh_one(mini):
    first = reusing(mini)
    stored = entries(mini)
    assert len(stored) == 3  # the talk, the glossary, the converted Markdown
    assert reusing(mini) == first == fresh(mini)
    assert entries(mini) == stored


def test_an_edited_note_shows_and_the_old_entry_goes(mini):
    reusing(mini)
    before = entries(mini)
    note = mini / "talks/demo/notes/debt-paper.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n补充一句新的话。\n", encoding="utf-8")
    files, views = reusing(mini)
    assert "补充一句新的话。" in files["talks/demo/index.md"]
    assert (files, views) == fresh(mini)
    assert len(entries(mini)) == len(before) and entries(mini) != before  # replaced, not added


def test_an_edited_term_reaches_the_talk_pages_tooltips(mini):
    reusing(mini)
    term = mini / "glossary/paas.md"
    term.write_text(term.read_text(encoding="utf-8").replace("以平台形式提供的云服务。", "新的一行定义。"),
                    encoding="utf-8")
    files, views = reusing(mini)
    assert "新的一行定义。" in files["talks/demo/index.md"]
    assert (files, views) == fresh(mini)


def test_other_options_are_other_entries(mini):
    reusing(mini)
    other = RenderOptions(use_directory_urls=True)
    assert reusing(mini, other) == fresh(mini, other)


def test_a_damaged_cache_is_ignored(mini):
    first = reusing(mini)
    for path in (mini / CACHE_DIR).glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    assert reusing(mini) == first


def test_problems_are_reported_whole_and_the_cache_is_kept(mini):
    reusing(mini)
    stored = entries(mini)
    shutil.copy(mini / "talks/demo/notes/debt-paper.md", mini / "talks/demo/notes/broken.md")
    (mini / "talks/demo/notes/broken.md").write_text("---\nquote: 不在转写里的话\nkind: context\n---\n正文\n",
                                                    encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        reusing(mini)
    with pytest.raises(BuildError) as afresh:
        fresh(mini)
    assert raised.value.problems == afresh.value.problems
    assert entries(mini) == stored


def test_a_changed_source_policy_checks_cached_talks_again(mini):
    """A cached talk's notes were checked against the old policy; blocking a domain one of them
    cites must fail the next reusing build just as it fails a fresh one."""
    reusing(mini)
    (mini / "source-policy.yml").write_text("blocked:\n  - domain: papers.nips.cc\n    reason: test\n"
                                            "    instead: the proceedings page\n", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        reusing(mini)
    with pytest.raises(BuildError) as afresh:
        fresh(mini)
    assert raised.value.problems == afresh.value.problems
    assert "talks/demo/notes/debt-paper.md:11" in {f"{p.path}:{p.line}" for p in raised.value.problems}
