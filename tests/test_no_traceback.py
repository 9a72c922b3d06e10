"""No traceback reaches a user: inputs that once crashed a command now give path:line problems
and the documented exit code (README: 0 ok, 1 problems, 2 usage, 3 build failure)."""
from __future__ import annotations

import contextlib
import io

import pytest
from talkbook.cli import EXIT_PROBLEMS, main

INTROS = {"empty": "", "no front matter": "导读\n\n正文。\n", "unclosed": "---\ntitle: 导读\n正文。\n",
          "a list": "---\n- title\n---\n正文。\n"}


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("command", ["validate", "build", "pdf"])
@pytest.mark.parametrize("intro", INTROS.values(), ids=INTROS.keys())
def test_an_unreadable_intro_is_a_problem_not_a_crash(mini, tmp_path, command, intro):
    (mini / "talks" / "demo" / "intro.md").write_text(intro, encoding="utf-8")
    note = mini / "talks" / "demo" / "notes" / "debt-paper.md"
    note.write_text(note.read_text(encoding="utf-8").replace("kind: reference", "knd: reference"), encoding="utf-8")
    extra = {"build": ["--site-dir", str(tmp_path / "site")], "pdf": ["--out", str(tmp_path / "pdf")]}
    code, output = run(["--root", str(mini), command, *extra.get(command, [])])
    assert code == EXIT_PROBLEMS, output
    assert "talks/demo/intro.md:" in output
    assert "talks/demo/notes/debt-paper.md:" in output  # every other problem still listed
    assert not (tmp_path / "site").exists() and not (tmp_path / "pdf").exists()
