"""No traceback reaches a user: inputs that once crashed a command now give path:line problems
and the documented exit code (CONTRIBUTING §9 退出码: 0 ok, 1 problems, 2 usage, 3 build failure, 130 Ctrl-C)."""
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


NOTE = ('---\nquote: 很火\nkind: context\nsources:\n  - {title: T, author: A, year: 2020, '
        'url: "https://example.org/"}\n---\n')


def test_pdf_refuses_a_note_too_long_for_a_footnote_and_blames_only_it(mini, tmp_path):
    (mini / "talks" / "demo" / "notes" / "long.md").write_text(NOTE + "很长的一段注释。\n\n" * 600, encoding="utf-8")
    code, output = run(["--root", str(mini), "pdf", "--out", str(tmp_path / "pdf")])
    assert code == EXIT_PROBLEMS, output
    problems = [line for line in output.splitlines() if ".md:" in line]
    assert problems == ["talks/demo/notes/long.md:7: the note's body is 5998 characters, over the 2000 a footnote "
                        "can hold on one page of the PDF; shorten it, or move the background to a glossary term "
                        "and link it"]


def test_pdf_refuses_deeply_nested_quotes_before_weasyprint(mini, tmp_path):
    (mini / "talks" / "demo" / "notes" / "deep.md").write_text(NOTE + "正文。\n\n" + "> " * 150 + "深。\n",
                                                              encoding="utf-8")
    code, output = run(["--root", str(mini), "pdf", "--out", str(tmp_path / "pdf")])
    assert code == EXIT_PROBLEMS, output
    assert "talks/demo/notes/deep.md:9: the note's body nests quotes or lists 150 levels deep" in output
    assert "Traceback" not in output and "RecursionError" not in output


def test_pdf_turns_a_recursion_error_into_a_build_failure_naming_the_talk(mini, tmp_path, monkeypatch):
    """Were the nesting budget missed, WeasyPrint's RecursionError becomes exit 3 and one line per talk."""
    from talkbook.sources import markdown_budget

    monkeypatch.setattr(markdown_budget, "MAX_NESTING", 10**6)
    (mini / "talks" / "demo" / "notes" / "deep.md").write_text(NOTE + "正文。\n\n" + "> " * 400 + "深。\n",
                                                              encoding="utf-8")
    code, output = run(["--root", str(mini), "pdf", "--out", str(tmp_path / "pdf")])
    assert code == 3, output
    assert "talks/demo/talk.yml:1: the print document of this talk nests too deeply for WeasyPrint" in output
    assert not (tmp_path / "pdf").exists() or not list((tmp_path / "pdf").glob("*.pdf"))


def test_ctrl_c_during_pdf_is_one_line_exit_130_and_the_old_pdfs_kept(tmp_path):
    """Ctrl-C reaches the whole process group (parent and PDF workers): once a 221-line traceback
    from every process. Now one line, exit 130 (as documented), the earlier PDFs byte for byte, no
    half-written file."""
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from conftest import ROOT, copy_mini
    from talkbook.pdf.make_pdf import PAGE_BREAKS_CACHE

    project = copy_mini(tmp_path / "mini", ROOT / "tests" / "fixtures" / "english-talk")  # two talks: workers
    out = tmp_path / "pdf"
    command = [sys.executable, "-m", "talkbook", "--root", str(project), "pdf", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    started = time.monotonic()
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    cold = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    # The page-break cache would make the second run lay out once instead of several times and end
    # sooner than any fixed wait on a fast machine: without it the second run is as long as the first,
    # and half of that is past start-up and inside WeasyPrint's layout on any machine.
    shutil.rmtree(project / PAGE_BREAKS_CACHE)
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)  # its own process group, as a terminal's job
    time.sleep(cold / 2)
    assert second.poll() is None, f"the PDFs were done before Ctrl-C could be tried (a cold run took {cold:.1f} s)"
    os.killpg(second.pid, signal.SIGINT)
    stdout, stderr = second.communicate(timeout=120)
    assert second.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert stderr.strip().splitlines()[-1] == ("talkbook pdf: interrupted (Ctrl-C); nothing was replaced, what was "
                                               "there is kept")
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
