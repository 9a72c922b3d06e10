"""A talk page's parts that no reader sees on arrival, moved from the page into a script beside it.

A talk page carries words a reader sees only on asking: 逐字 and each translation wait in
<template>s (talk.html), each note's body (with its words in a translation) waits in its <noscript>
until the note opens, and the changes view's data in a JSON <script>. They were four fifths of the
included talk's gzipped page, and the page is what a phone downloads and parses before its first paint
(issue #28). `split` empties each such element, leaving it in place with data-tb-part="N", and puts
its content in `<page>.parts.js`. The page names that file on talkbook.js's own tag (data-tb-parts),
not in a tag of its own, so the browser does not fetch it before the page has painted: talkbook.js
loads it as it starts and fills an element the first time it is asked for. `join` is split's exact
inverse: the build checks the whole page (verify.py) before it is split, and the tests read pages
joined.

A reader without scripts sees the page's own view (no view can be switched to without talkbook.js)
and, in place of each note's body, a link to that note on `<page>.notes.html` (notes_page.py), which
page_files.py writes beside the page with the parts.

Where the page holds no talkbook.js script tag (a theme that names it otherwise), nothing is split."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path


PART = "data-tb-part"
PARTS_ATTRIBUTE = "data-tb-parts"  # on the parts script's tag: the version it must bring
# The elements split, by their start tag as the renderer writes them; an inner one of the same
# name is matched by depth (a translation's note part may hold a <div>).
_SPLIT = re.compile(r'<(template) class="tb-[^"]*"[^>]*>'
                    r'|<(noscript) class="tb-note-more"[^>]*>'
                    r'|<(script) type="application/json" id="tb-changes-data"[^>]*>')
_TALKBOOK_JS = re.compile(r'<script src="((?:[^"]*/)?talkbook\.js)"></script>')
_PARTS_TAG = re.compile(r'<script src="((?:[^"]*/)?talkbook\.js)" data-tb-parts="([^"?]*\.parts\.js)\?v=([0-9a-f]+)"></script>')
_HELD_PART = re.compile(rf' {PART}="\d+">')
# What a reader without scripts finds in a note's emptied <noscript>: the way to its whole body.
_AWAY = '<a class="tb-note-away" href="{href}">{label}</a>'
_AWAY_LABEL = re.compile(r' data-tb-away="([^"<>]*)"')
PLACEHOLDER = re.compile(rf'<(\w+)([^>]*?) {PART}="(\d+)">(?:<a class="tb-note-away" href="[^"<>]*">[^<>]*</a>)?</\1>')
_NOTE_ID = re.compile(r'<aside class="tb-note[^"]*" id="([^"]+)"')
_PREFIX, _SUFFIX = "window.talkbookPageParts = ", ";\n"


class PartsError(ValueError):
    pass


def end_of(html: str, tag: str, start: int) -> int:
    """Where the element whose start tag ends at `start` has its end tag (nested ones counted)."""
    depth, pattern = 1, re.compile(rf"<(/?){tag}[\s>]")
    for match in pattern.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start()
    raise PartsError(f"a <{tag}> at offset {start} is never closed")


def split(html: str, script_name: str, notes_name: str = "") -> tuple[str, str | None]:
    """(the page without its waiting parts, the parts script), or (html, None) when there is nothing to
    split or no talkbook.js to hand the parts to. `script_name` is the parts file's name beside the page;
    `notes_name`, if given, the notes page's (`notes_page`), which each emptied note body links to."""
    loader = _TALKBOOK_JS.search(html)
    if loader is None or not _SPLIT.search(html):
        return html, None
    # What join would take for split's own: an element's start tag ending in data-tb-part="N", or a parts
    # script's tag. Text that only mentions them (a note may; Markdown keeps its '"') is no obstacle: a '>'
    # in text is escaped, and split only ever writes ' data-tb-part="N">' right before an end tag or a
    # note's link away.
    held = _HELD_PART.search(html) or _PARTS_TAG.search(html)
    if held:
        raise PartsError(f"the page already holds {held.group(0).strip()!r} at offset {held.start()}: "
                         "split would not be undone exactly")
    parts: list[str] = []
    out: list[str] = []
    at = 0
    for match in _SPLIT.finditer(html):
        if match.start() < at:  # inside a part already taken
            continue
        tag = next(group for group in match.groups() if group)
        end = end_of(html, tag, match.end())
        out += [html[at:match.end() - 1], f' {PART}="{len(parts)}">', _away(html, match, notes_name)]
        parts.append(html[match.end():end])
        at = end
    out.append(html[at:])
    page = "".join(out)
    version = hashlib.sha1(_json(parts).encode("utf-8")).hexdigest()[:12]
    loader = _TALKBOOK_JS.search(page)
    tag = f'<script src="{loader.group(1)}" {PARTS_ATTRIBUTE}="{script_name}?v={version}"></script>'
    page = page[:loader.start()] + tag + page[loader.end():]
    return page, parts_script(version, parts)


def _away(html: str, match: re.Match, notes_name: str) -> str:
    """A note body's link to the notes page, for a reader without scripts: in its emptied <noscript>,
    worded as the renderer's data-tb-away says (the talk's language)."""
    label = _AWAY_LABEL.search(match.group(0))
    aside = html.rfind('<aside class="tb-note', 0, match.start())
    note = _NOTE_ID.match(html, aside) if aside >= 0 else None
    if not (notes_name and match.group(2) and label and note):
        return ""
    return _AWAY.format(href=f"{notes_name}#{note.group(1)}", label=label.group(1))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def parts_script(version: str, parts: list[str]) -> str:
    """The parts script: one assignment of JSON data (JSON is JavaScript), so no text in a part can
    become code (tests/test_hostile.py reads every parts file back to exactly this)."""
    return f'{_PREFIX}{_json({"v": version, "parts": parts})}{_SUFFIX}'


def read_parts(script: str) -> tuple[str, list[str]]:
    """(version, parts) of a parts script as split writes it."""
    if not (script.startswith(_PREFIX) and script.endswith(_SUFFIX)):
        raise PartsError("not a parts script (window.talkbookPageParts = {...};)")
    data = json.loads(script[len(_PREFIX):-len(_SUFFIX)])
    return data["v"], data["parts"]


def join(page: str, script: str) -> str:
    """The page as it was before `split` (exactly)."""
    version, parts = read_parts(script)
    tag = _PARTS_TAG.search(page)
    if tag is None or tag.group(3) != version:
        raise PartsError(f"the page does not load parts version {version}")
    page = page[:tag.start()] + f'<script src="{tag.group(1)}"></script>' + page[tag.end():]
    used = []

    def put_back(match: re.Match) -> str:
        index = int(match.group(3))
        used.append(index)
        return f"<{match.group(1)}{match.group(2)}>{parts[index]}</{match.group(1)}>"

    page = PLACEHOLDER.sub(put_back, page)
    if sorted(used) != list(range(len(parts))):
        raise PartsError(f"the page places parts {sorted(used)}, the script holds {len(parts)}")
    return page


def _stem(page_file_name: str) -> str:
    return page_file_name.rsplit(".", 1)[0]


def parts_name(page_file_name: str) -> str:
    """index.html -> index.parts.js: beside its page, so a relative src finds it from file:// too."""
    return f"{_stem(page_file_name)}.parts.js"


def notes_name(page_file_name: str) -> str:
    """index.html -> index.notes.html, beside its page."""
    return f"{_stem(page_file_name)}.notes.html"


def parts_src(page: str) -> str | None:
    """Where a split page's parts script is, relative to the page (as its talkbook.js tag names it)."""
    tag = _PARTS_TAG.search(page)
    return tag.group(2) if tag else None


def read_joined(page_file: Path) -> str:
    """A built page as it was before it was split (as is when it loads no parts)."""
    page = page_file.read_text(encoding="utf-8")
    src = parts_src(page)
    if src is None:
        return page
    return join(page, (page_file.parent / src.split("?")[0]).read_text(encoding="utf-8"))
