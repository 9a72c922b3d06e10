"""Bad input, case by case: each tests/bad_inputs/<case>.yml changes a copy of the mini project;
<case>.expected holds the exact report of `python -m talkbook validate` (every line, locations
included). Regenerate after a deliberate message change with TALKBOOK_UPDATE_GOLDEN=1, then
review the diff.

A case file says `why`, then applies, in this order: overlay (a folder under tests/fixtures/ copied over the
project, like the `translated` one with a reading text and its English translation), move (path: new path),
remove (paths), write (path: text),
write_bytes (path: Python-escaped bytes), replace (path: [[old, new], ...]), grow (path: size in
bytes, padded with a comment line), repeat (path: [text, times], appended), symlink (path: target).

Not every bad input is a source file: `fillers_bytes` replaces the engine's own fillers.yml (its
bytes, escaped); `run` gives the command instead of validate (argv after --root; {tmp} is a scratch
folder), `exit` its exit code (CONTRIBUTING §9), and `raise_in` ({function: module.name, error:
KeyboardInterrupt | FileNotFoundError, path: …}) makes that function fail as Ctrl-C or a file
vanishing mid-run would. The expected report is then stderr, with the scratch folder as <tmp>."""
from __future__ import annotations

import codecs
import contextlib
import io
import os
import shutil
from pathlib import Path

import pytest
import yaml
from talkbook.cli import EXIT_PROBLEMS, main

CASES = Path(__file__).parent / "bad_inputs"
UPDATE = os.environ.get("TALKBOOK_UPDATE_GOLDEN") == "1"


def apply_case(case: dict, project: Path) -> None:
    if "overlay" in case:
        shutil.copytree(Path(__file__).parent / "fixtures" / case["overlay"], project, dirs_exist_ok=True)
    for name, new_name in (case.get("move") or {}).items():
        (project / name).rename(project / new_name)
    for name in case.get("remove", []):
        (project / name).unlink()
    for name, text in (case.get("write") or {}).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    for name, escaped in (case.get("write_bytes") or {}).items():
        # Bytes written with Python escapes (\xef\xbb\xbf ...), for encodings that text cannot carry.
        (project / name).write_bytes(codecs.decode(escaped, "unicode_escape").encode("latin-1"))
    for name, pairs in (case.get("replace") or {}).items():
        path = project / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"{name} has no {old!r} to replace"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    for name, size in (case.get("grow") or {}).items():
        # Append comment lines until the file is `size` bytes: huge files without huge case files.
        path = project / name
        with path.open("a", encoding="utf-8") as file:
            file.write("\n" + "#" * max(0, size - path.stat().st_size - 1))
    for name, (text, times) in (case.get("repeat") or {}).items():
        # Long pathological runs (16,000 '[') without long case files.
        with (project / name).open("a", encoding="utf-8") as file:
            file.write(text * times)
    for name, target in (case.get("symlink") or {}).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).symlink_to(target)


def run_validate(project: Path, argv: tuple[str, ...] = ("validate",)) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(project), *argv])
    return code, stderr.getvalue()


def apply_engine_changes(case: dict, scratch: Path, monkeypatch) -> None:
    """The parts of a case that concern the engine rather than the project (see the docstring)."""
    if "fillers_bytes" in case:
        from talkbook.edition import fillers as filler_module

        fillers = scratch / "scripts" / "talkbook" / "edition" / "fillers.yml"
        fillers.parent.mkdir(parents=True)
        fillers.write_bytes(codecs.decode(case["fillers_bytes"], "unicode_escape").encode("latin-1"))
        monkeypatch.setattr(filler_module, "FILLERS_FILE", fillers)
        filler_module.fillers.cache_clear()
        monkeypatch.setattr(filler_module.fillers, "cache_clear", filler_module.fillers.cache_clear)
    if "raise_in" in case:
        import importlib

        spec = case["raise_in"]
        module_name, name = spec["function"].rsplit(".", 1)
        error = {"KeyboardInterrupt": KeyboardInterrupt,
                 "FileNotFoundError": lambda: FileNotFoundError(2, "No such file or directory", spec["path"])}
        make = error[spec["error"]]

        def failing(*_args, **_kwargs):
            raise make()

        monkeypatch.setattr(importlib.import_module(module_name), name, failing)


@pytest.mark.parametrize("case_file", sorted(CASES.glob("*.yml")), ids=lambda p: p.stem)
def test_bad_input_is_reported_exactly(case_file, mini, tmp_path, monkeypatch):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    apply_case(case, mini)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    apply_engine_changes(case, scratch, monkeypatch)
    argv = tuple(arg.replace("{tmp}", str(scratch)) for arg in case.get("run", ["validate"]))
    try:
        code, report = run_validate(mini, argv)
    finally:
        if "fillers_bytes" in case:
            from talkbook.edition import reading_align

            reading_align.fillers.cache_clear()
    report = report.replace(str(scratch), "<tmp>")
    expected_file = case_file.with_suffix(".expected")
    if UPDATE:
        expected_file.write_text(report, encoding="utf-8")
    assert "Traceback" not in report
    assert code == case.get("exit", EXIT_PROBLEMS), f"{case['why']}: {argv[0]} must exit {case.get('exit', 1)}"
    assert report == expected_file.read_text(encoding="utf-8"), case["why"]


def test_the_mini_project_itself_is_valid(mini):
    assert run_validate(mini) == (0, "")


def test_a_talk_without_notes_is_valid(mini):
    """Accepted, with no warning: a talk starts as its transcript and structure, and notes arrive
    later by pull request. A note saved in the wrong place is not silently lost: stray files and
    folders in a talk folder are errors (see stray-files.yml)."""
    shutil.rmtree(mini / "talks" / "demo" / "notes")
    assert run_validate(mini) == (0, "")
    (mini / "talks" / "demo" / "notes").mkdir()
    assert run_validate(mini) == (0, "")


def test_the_corpus_covers_enough_cases():
    cases = sorted(CASES.glob("*.yml"))
    assert len(cases) >= 40
    assert all(path.with_suffix(".expected").is_file() for path in cases)
