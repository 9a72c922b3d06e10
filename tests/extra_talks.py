"""The suite for any talks: run every test that reads the repository's talks (marker `repo_talks`)
in a throwaway copy of this repository with two more talks, whose ids sort first and last: a
Chinese one (`aaa-…`, the mini fixture's talk) and an English one (`zzz-…`, the English fixture's,
with its two glossary terms). A test that assumed which talk comes first, or that only the included
talk exists, fails there. The working tree is never touched.

    .venv/bin/python tests/extra_talks.py [PYTEST ARGS...]     (CI runs it after the suite: .ci/run)

Prints the copy's pytest output and how long the run took; exits with pytest's code."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIRST = "aaa-extra-zh"  # sorts before every kebab-case id but those starting aa…
LAST = "zzz-extra-en"
# What a clone holds, not what a working copy has made (environments, caches, built output).
NOT_COPIED_AT_TOP = {".git", ".venv", ".cache", ".pytest_cache", ".hypothesis", "site", "site.old", "build"}
NOT_COPIED_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.pdf", ".site.lock")


def not_copied(folder: str, names: list[str]) -> set[str]:
    ignored = set(NOT_COPIED_ANYWHERE(folder, names))
    if Path(folder) == ROOT:
        ignored |= NOT_COPIED_AT_TOP & set(names)
    if Path(folder) == ROOT / "tests":
        ignored |= {"artifacts"} & set(names)
    return ignored


def copy_repository(target: Path, *overlays: Path) -> Path:
    """This repository as a clone would have it, with each overlay folder copied over it."""
    shutil.copytree(ROOT, target, ignore=not_copied)
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    return target


def add_extra_talks(repository: Path) -> list[str]:
    """The two extra talks (and the English one's glossary terms); returns their ids."""
    shutil.copytree(FIXTURES / "mini" / "talks" / "demo", repository / "talks" / FIRST)
    shutil.copytree(FIXTURES / "english-talk" / "talks" / "kafka-to-postgres", repository / "talks" / LAST)
    for term in (FIXTURES / "english-talk" / "glossary").glob("*.md"):
        shutil.copy(term, repository / "glossary" / term.name)
    return [FIRST, LAST]


def main(pytest_args: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="talkbook-extra-talks-") as scratch:
        repository = add_extra_talks_copy(Path(scratch) / "repo")
        npm = ROOT / ".cache" / "npm"
        if npm.is_dir():  # axe-core for the accessibility tests, installed once by scripts/dev
            shutil.copytree(npm, repository / ".cache" / "npm", symlinks=True)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-m", "repo_talks",
                                *pytest_args], cwd=repository, env=env)
        seconds = time.monotonic() - started
    print(f"extra talks ({FIRST}, {LAST}): the repo_talks tests took {seconds:.0f} s, exit {code}")
    return code


def add_extra_talks_copy(target: Path) -> Path:
    repository = copy_repository(target)
    add_extra_talks(repository)
    return repository


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
