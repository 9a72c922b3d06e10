"""The build cache (talkbook/buildcache.py): a build that reuses earlier work publishes exactly what
a build from nothing publishes, after any change to a note, a term, the options or the cache itself."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from talkbook.problems import BuildError
from talkbook.web.buildcache import CACHE_DIR
from talkbook.web.pipeline import generate
from talkbook.web.render import RenderOptions

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


# ---- the theme's compiled templates (buildcache.template_cache) --------------------------------

def theme_env(folder, **settings):
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False, **settings)


def test_a_template_changed_since_it_was_cached_is_compiled_again(tmp_path):
    from talkbook.web.buildcache import template_cache

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("first {{ x }}", encoding="utf-8")
    env = theme_env(tmp_path / "t")
    env.bytecode_cache = template_cache(tmp_path, env)
    assert env.get_template("page.html").render(x=1) == "first 1"
    assert list((tmp_path / CACHE_DIR / "templates").glob("*/__jinja2_*.cache"))
    (tmp_path / "t" / "page.html").write_text("second {{ x }}", encoding="utf-8")
    env = theme_env(tmp_path / "t")  # a new build: a new environment, the same cache folder
    env.bytecode_cache = template_cache(tmp_path, env)
    assert env.get_template("page.html").render(x=2) == "second 2"


def test_another_jinja_material_or_environment_gets_its_own_folder_and_the_old_one_goes(tmp_path, monkeypatch):
    import importlib.metadata

    from talkbook.web import buildcache

    env = theme_env(tmp_path)
    key = buildcache.template_cache_key(env)
    assert buildcache.template_cache_key(theme_env(tmp_path)) == key
    assert buildcache.template_cache_key(theme_env(tmp_path, trim_blocks=True)) != key
    with_i18n = theme_env(tmp_path, extensions=["jinja2.ext.i18n"])
    assert buildcache.template_cache_key(with_i18n) != key
    buildcache.template_cache(tmp_path, env)
    for library in ("jinja2", "mkdocs-material"):
        real = importlib.metadata.version
        monkeypatch.setattr(buildcache.importlib.metadata, "version",
                            lambda name, real=real, library=library: "0.0.0" if name == library else real(name))
        assert buildcache.template_cache_key(env) != key, library
        buildcache.template_cache(tmp_path, env)
        monkeypatch.undo()
    folders = list((tmp_path / CACHE_DIR / "templates").iterdir())
    assert len(folders) == 1 and folders[0].name != key  # only the newest key's folder is kept


def test_a_build_with_the_theme_templates_cached_compiles_none_of_them_and_publishes_the_same(mini, tmp_path,
                                                                                             monkeypatch):
    import jinja2
    import material
    from conftest import build_site
    from talkbook.edition.template_cache import TEMPLATE_CACHE_ENV

    monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(tmp_path / "compiled"))  # this environment's: empty at first
    compiled = []
    real_compile = jinja2.Environment.compile

    def recording(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(filename or "")
        return real_compile(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", recording)
    theme = str(Path(material.__file__).parent)
    first = build_site(mini, tmp_path / "first")
    assert sum(name.startswith(theme) for name in compiled) > 20
    compiled.clear()
    second = build_site(mini, tmp_path / "second")
    # Only what Material's search plugin compiles in an environment of its own, in on_config (before
    # any hook runs), to look up its language's defaults.
    again = {Path(name).relative_to(theme).as_posix() for name in compiled if name.startswith(theme)}
    assert again <= {"templates/partials/language.html", "templates/partials/languages/zh.html",
                     "templates/partials/languages/en.html"}, again
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in files)


def test_talkbook_s_templates_are_compiled_once_per_environment_not_per_build(tmp_path, monkeypatch):
    """edition/template_cache.py: our own templates, like the theme's, are loaded compiled by a later
    build (a new process: a new Jinja environment), from TALKBOOK_TEMPLATE_CACHE; a changed template is
    compiled again."""
    from talkbook.edition import template_cache, templating

    monkeypatch.setenv(template_cache.TEMPLATE_CACHE_ENV, str(tmp_path / "compiled"))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{% macro say(x) %}first {{ x }}{% endmacro %}", encoding="utf-8")
    assert templating.macros(tmp_path / "t", "page.html").say("<a>") == "first &lt;a&gt;"
    compiled = list((tmp_path / "compiled").glob("*/__jinja2_*.cache"))
    assert compiled
    templating.environment.cache_clear()  # as a new build would start
    (tmp_path / "t" / "page.html").write_text("{% macro say(x) %}second {{ x }}{% endmacro %}", encoding="utf-8")
    assert templating.macros(tmp_path / "t", "page.html").say("b") == "second b"
    templating.environment.cache_clear()


def test_the_project_s_build_cache_holds_no_compiled_template(tmp_path, monkeypatch):
    """Emptying .cache/talkbook is a first build of the project; the compiled templates are the
    environment's (build cold in the bench empties those too)."""
    from conftest import build_site, copy_mini
    from talkbook.edition import template_cache

    monkeypatch.setenv(template_cache.TEMPLATE_CACHE_ENV, str(tmp_path / "compiled"))
    project = copy_mini(tmp_path / "project")
    build_site(project, tmp_path / "site")
    assert list((tmp_path / "compiled").glob("*/__jinja2_*.cache"))
    assert not (project / CACHE_DIR / "templates").exists()
