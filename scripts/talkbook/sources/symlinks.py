"""Nothing outside the repository is read or published: every input tree (the talks, the glossary,
the hand-written docs and the theme overrides), and each of those folders itself, must hold no
symbolic link. A link in docs/ would be copied into the site as the file it points to (a runner's
.git/config, /etc/passwd), so links are refused wherever the build reads, not only for sources."""
from __future__ import annotations

import os
import re
from pathlib import Path

from talkbook.problems import Problems

SOURCE_TREES = ("talks", "glossary")
DEFAULT_PUBLISHED_TREES = ("docs", "scripts/overrides")


def symlink_message(is_folder: bool) -> str:
    what = "folder" if is_folder else "file"
    return (f"is a symbolic link; replace it with the {what} itself (everything the site publishes must be "
            f"a regular {what} inside the repository; a link could publish any file on the machine)")


def _configured_folders(root: Path) -> tuple[str, ...]:
    """mkdocs.yml's docs_dir and theme custom_dir, read line by line (the file holds !ENV tags a safe
    loader refuses); the defaults when it names none."""
    config = root / "mkdocs.yml"
    if not config.is_file() or config.is_symlink():
        return DEFAULT_PUBLISHED_TREES
    folders = []
    for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
        found = re.match(r"\s*(docs_dir|custom_dir):\s*['\"]?([^'\"#\s]+)", line)
        if found:
            folders.append(found.group(2))
    if not any(re.match(r"\s*docs_dir:", line) for line in config.read_text(encoding="utf-8",
                                                                             errors="replace").splitlines()):
        folders.append("docs")
    return tuple(dict.fromkeys(folders))


def docs_folder(root: Path) -> str:
    """mkdocs.yml's docs_dir (default docs)."""
    config = root / "mkdocs.yml"
    if config.is_file() and not config.is_symlink():
        for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
            found = re.match(r"docs_dir:\s*['\"]?([^'\"#\s]+)", line)
            if found:
                return found.group(1)
    return "docs"


def input_trees(root: Path) -> tuple[str, ...]:
    return SOURCE_TREES + tuple(f for f in _configured_folders(root) if f not in SOURCE_TREES)


def find_symlinks(root: Path, problems: Problems) -> bool:
    """Report every symbolic link in the input trees (and the trees themselves); True if none."""
    root = Path(root)
    known = len(problems.items)
    for tree in input_trees(root):
        top = root / tree
        if top.is_symlink():
            problems.add(tree, 0, symlink_message(True))
            continue
        if not top.is_dir():
            continue
        for folder, folders, files in os.walk(top, followlinks=False):
            for name in sorted(folders + files):
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    rel = os.path.relpath(path, root).replace(os.sep, "/")
                    problems.add(rel, 0, symlink_message(os.path.isdir(path)))
    return len(problems.items) == known
