"""Nothing from outside the repository reaches the site: a symbolic link anywhere the build reads
(docs/, the theme overrides, talks/, glossary/, and those folders themselves) stops validate and
build with a path:line problem, before MkDocs copies anything."""
from __future__ import annotations

import contextlib
import io

from conftest import ROOT
from talkbook.cli import EXIT_PROBLEMS, main
from talkbook.problems import Problems
from talkbook.sources.symlinks import find_symlinks, input_trees


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_the_trees_checked_include_the_configured_docs_and_overrides():
    assert {"talks", "glossary", "docs", "scripts/overrides"} <= set(input_trees(ROOT))


def test_the_repository_itself_has_no_symlinks():
    problems = Problems()
    assert find_symlinks(ROOT, problems), problems.items


def test_build_refuses_a_symlink_in_docs_and_publishes_nothing(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("token=hunter2\n", encoding="utf-8")
    (mini / "docs" / "assets" / "leak.txt").symlink_to(secret)
    (mini / "docs" / "leak2.md").symlink_to(secret)
    site = tmp_path / "site"
    code, _out, err = run(["--root", str(mini), "build", "--site-dir", str(site)])
    assert code == EXIT_PROBLEMS, err
    assert "docs/assets/leak.txt:0: is a symbolic link" in err
    assert "docs/leak2.md:0: is a symbolic link" in err
    assert not site.exists()
    assert not list(tmp_path.glob(".site-*"))


def test_a_symlinked_overrides_folder_is_refused(mini, tmp_path):
    (mini / "mkdocs.yml").write_text((mini / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (mini / "overrides").symlink_to(elsewhere)
    code, _out, err = run(["--root", str(mini), "validate"])
    assert code == EXIT_PROBLEMS
    assert "overrides:0: is a symbolic link; replace it with the folder itself" in err


def test_mkdocs_itself_refuses_through_the_hook(mini, tmp_path, caplog):
    """`mkdocs build` and `mkdocs serve` load the sources through the hook, which runs the same guard."""
    import pytest
    from conftest import build_site
    from mkdocs.exceptions import MkDocsException

    (mini / "docs" / "passwd.txt").symlink_to("/etc/passwd")
    with pytest.raises(MkDocsException):
        build_site(mini, tmp_path / "site")
    assert "docs/passwd.txt:0: is a symbolic link" in caplog.text
    assert not (tmp_path / "site" / "passwd.txt").exists()


def test_build_refuses_active_content_in_docs(mini, tmp_path):
    """docs/*.md is published as written: a <script> there stops the build (CONTRIBUTING.md, docs/)."""
    (mini / "docs" / "about.md").write_text("# 关于\n\n<script>alert(1)</script>\n\n`<script>` 是代码。\n",
                                            encoding="utf-8")
    code, _out, err = run(["--root", str(mini), "build", "--site-dir", str(tmp_path / "site")])
    assert code == EXIT_PROBLEMS, err
    assert err.count("docs/about.md:") == 1 and "docs/about.md:3: the HTML tag <script>" in err
    assert not (tmp_path / "site").exists()
