"""What docs/*.md may contain (CONTRIBUTING.md, "docs/ 页面"): Markdown and plain HTML for layout,
but nothing that runs or loads code. MkDocs publishes these pages' raw HTML as written (it does not
sanitise), and docs/ changes arrive by pull request like notes do, so validate refuses, with
path:line: <script>, <iframe>, <object>, <embed>, <form>, <base>, <meta> and <link> tags, <style>
blocks, on...= event-handler attributes, and javascript:/vbscript:/data:text/html URLs. Code
blocks and inline code are exempt: there such text is shown, not run. Site behaviour belongs in
docs/assets/*.js, which the maintainers review as code."""
from __future__ import annotations

import re
from pathlib import Path

from talkbook.problems import Problems, decode_utf8

from .symlinks import docs_folder

_FORBIDDEN = [
    (re.compile(r"<\s*(script|iframe|object|embed|form|base|meta|link|style|frame|frameset|applet)\b", re.I),
     "the HTML tag <{0}> could run or load code on the published page"),
    (re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I), "the event-handler attribute {0}= would run code"),
    # Only where a URL goes (a Markdown link, an attribute, an autolink): prose may name JavaScript.
    (re.compile(r"(?:\]\(|=\s*[\"']?|<)\s*(javascript|vbscript)\s*:", re.I), "a {0}: URL would run code"),
    (re.compile(r"(?:\]\(|=\s*[\"']?|<)\s*(data\s*:\s*text/html)", re.I), "a {0} URL would load a page of its own"),
]
_FENCE = re.compile(r"\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")


def check_docs(root: Path, problems: Problems) -> bool:
    """Report every forbidden construct in the Markdown pages under docs/; True if none."""
    known = len(problems.items)
    folder = Path(root) / docs_folder(Path(root))
    if not folder.is_dir() or folder.is_symlink():
        return True
    for path in sorted(folder.rglob("*.md")):
        if path.is_symlink() or not path.is_file():
            continue  # symlinks are reported by find_symlinks
        rel = path.relative_to(root).as_posix()
        text = decode_utf8(path.read_bytes(), rel, problems)
        if text is None:  # MkDocs reads docs/ as UTF-8 and would stop the build with a traceback
            continue
        fenced = False
        for number, line in enumerate(text.split("\n"), start=1):
            if _FENCE.match(line):
                fenced = not fenced
                continue
            if fenced or line.startswith("    "):
                continue
            visible = _INLINE_CODE.sub("", line)
            for pattern, message in _FORBIDDEN:
                found = pattern.search(visible)
                if found:
                    problems.add(rel, number, f"{message.format(found.group(1).lower())}; docs/ pages may hold "
                                 f"Markdown and plain HTML only (CONTRIBUTING.md): remove it, or show it as code "
                                 f"in backticks")
    return len(problems.items) == known
