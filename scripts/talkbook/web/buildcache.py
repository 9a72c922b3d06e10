"""Reuse each talk's model and pages from an earlier build when nothing they depend on changed.

Most builds change one note or nothing at all (the preview loop, a CSS edit, a CI re-run), yet the
generator read, checked and rendered every talk again: at 100 talks it was a fifth of the build. A
talk's model, its pages and its search view depend only on the bytes of the files in its folder,
the glossary's files, the render options and talkbook's own code (and the libraries that render
Markdown). The key is a hash of all of those, so a changed byte anywhere means a miss, never a
stale page. Entries are written only for talks that passed every check, and the pages reused are
still verified on every build (verify.py). A talk taken from the cache passed every check with
the same inputs, so a build with problems elsewhere still reports all of them.

The cache lives in <project>/.cache/talkbook/ (git-ignored), one file per talk, replaced
atomically; entries no build has used are pruned by the build after.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from talkbook.edition.template_cache import compiled_templates, template_cache_key  # noqa: F401 (tests)

CACHE_DIR = Path(".cache") / "talkbook"
# The libraries whose output ends up in the pages (Markdown rendering, sanitising, YAML reading).
_LIBRARIES = ("markdown", "nh3", "pyyaml")


@dataclass(frozen=True)
class TalkEntry:
    """What a build made for one talk: its model, its files (talk page, transcript, intro) and the
    search view of its talk page."""

    talk: object  # model.Talk
    files: dict
    search_view: tuple


@functools.cache  # once per process: the code that runs is the code imported, whatever the files say later
def _code_version() -> str:
    """A hash of talkbook's sources and the versions of the libraries that shape its output."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent  # the whole talkbook package
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".css", ".js", ".html", ".yml"):  # .yml: fillers.yml
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}={importlib.metadata.version(name)}".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def folder_digest(folder: Path) -> str | None:
    """A hash of every file name and byte under `folder`; None if anything there is not a plain file
    or folder (a symlink): the loader reports those, so such a folder is always read afresh."""
    digest = hashlib.blake2b(digest_size=16)
    return digest.hexdigest() if _digest_into(digest, str(folder), "") else None


def _digest_into(digest, directory: str, prefix: str) -> bool:
    with os.scandir(directory) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_symlink():
            return False
        name = prefix + entry.name
        if entry.is_dir():
            if not _digest_into(digest, entry.path, name + "/"):
                return False
            continue
        with open(entry.path, "rb") as stream:
            digest.update(name.encode() + b"\0" + stream.read() + b"\0")
    return True


class BuildCache:
    def __init__(self, root: Path, *context: str):
        """`context`: everything else the pages depend on (the render options, ...)."""
        self.directory = Path(root) / CACHE_DIR
        self._base = hashlib.blake2b("\0".join((_code_version(), *context)).encode(), digest_size=16).hexdigest()
        self.used: set[str] = set()

    def key(self, talk_id: str, folder: str, glossary: str) -> str:
        return hashlib.blake2b("\0".join((self._base, talk_id, folder, glossary)).encode(),
                               digest_size=20).hexdigest()

    def get(self, key: str) -> TalkEntry | None:
        entry = self._load(key)
        return entry if isinstance(entry, TalkEntry) else None

    def put(self, key: str, entry: TalkEntry) -> None:
        self._store(key, entry)

    def _load(self, name: str):
        try:
            with (self.directory / f"{name}.pickle").open("rb") as stream:
                entry = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None  # absent, or written by another version: build afresh
        self.used.add(name)
        return entry

    def _store(self, name: str, entry) -> None:
        """Store atomically; a cache that cannot be written only costs speed, never the build."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(entry, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.directory / f"{name}.pickle")
            self.used.add(name)
        except OSError:
            pass

    def glossary(self, digest: str) -> tuple | None:
        """The glossary's records (load.MarkdownRecord) as read when its files hashed to `digest`."""
        entry = self._load("glossary-" + self.key("", "", digest))
        return entry if isinstance(entry, tuple) else None

    def put_glossary(self, digest: str, records: tuple) -> None:
        self._store("glossary-" + self.key("", "", digest), records)

    def markup(self) -> dict:
        """The Markdown conversions of the last build with this code and these options (render._Pages.html)."""
        entry = self._load(self._markup_name())
        return entry if isinstance(entry, dict) else {}

    def put_markup(self, markup: dict) -> None:
        self._store(self._markup_name(), markup)

    def _markup_name(self) -> str:
        return "markup-" + self._base

    def prune(self) -> None:
        """Remove the entries this build did not use (older versions of talks, removed talks)."""
        if not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            if path.suffix == ".pickle" and path.stem not in self.used:
                try:
                    path.unlink()
                except OSError:
                    pass


def template_cache(root: Path, env) -> "jinja2.BytecodeCache | None":
    """A bytecode cache in <root>/.cache/talkbook/templates/<key>/, one project's own, older keys'
    folders removed (edition/template_cache.py). Builds use the environment's folder instead."""
    return compiled_templates(env, Path(root) / CACHE_DIR / "templates", prune=True)
