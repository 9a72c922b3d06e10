"""A talk page's notes page, `<page>.notes.html` beside it: every note of the page whole, where a
reader without scripts follows a note's link to its body (the page split keeps the bodies in its
parts script: page_parts.py)."""
from __future__ import annotations

import re

from .page_parts import PLACEHOLDER, end_of

_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">).*?(</article>)', re.S)
_NOTES_LABELS = re.compile(r'<p class="tb-links" data-tb-notes-title="([^"<>]*)" data-tb-notes-back="([^"<>]*)"')
_OWN_SCRIPT = re.compile(r'<script src="(?:[^"]*/)?talkbook[^"/]*\.js"[^>]*></script>\n?'
                         r'|<script>[^<]*tb-js[^<]*</script>\n?')  # talkbook.js, -copy.js, the view script
_TITLE = re.compile(r"<title>")
_ELSEWHERE = re.compile(r'href="#(?!n-)([^"]*)"')
_LOCAL = re.compile(r'(<a\b[^>]*?)href="#([^"]+)"([^>]*>)')
_ID = re.compile(r'\sid="([^"]+)"')
# The talk's language where it is not the site's: on its heading and each paragraph block (a note
# inherits it from its block, which the notes page leaves behind).
_HEADING_LANG = re.compile(r'<h1\b[^>]*?\slang="([^"]+)"')
_BLOCK_LANG = re.compile(r'<div class="tb-block[^"]*"[^>]*?\slang="([^"]+)"')


def _on_page(target: str, there: set[str]) -> str:
    """`target` on the talk page as a reader without scripts has it: a 逐字 marker (r-…) waits in a
    <template> when the page shows 通读, whose twin (rd-…) is there, else (a correction's, whose words
    in 通读 have no id) the note itself, in its paragraph."""
    if target in there or not target.startswith("r-"):
        return target
    return next((twin for twin in ("rd-" + target[2:], "n-" + target[2:]) if twin in there), target)


def notes_page(shown: str, parts: list[str], page_name: str) -> str | None:
    """Every note of a split page whole, on a page of its own (the same site chrome, the page's article
    replaced by the notes, talkbook's scripts left out): where a reader without scripts reads a note's
    body. Links into the talk page (a marker, a paragraph) go to it; links between notes stay here.
    None when the page has no note bodies or the renderer gave no words for the page's heading."""
    labels = _NOTES_LABELS.search(shown)
    there = set(_ID.findall(shown))  # (its parts, the views waiting in templates among them, are not there)
    notes = []
    for start in (m.start() for m in re.finditer(r'<aside class="tb-note', shown)):
        end = end_of(shown, "aside", shown.index(">", start) + 1) + len("</aside>")
        note = PLACEHOLDER.sub(lambda m: (f'<div class="tb-note-more">{parts[int(m.group(3))]}</div>'
                                           if m.group(1) == "noscript" else m.group(0)), shown[start:end])
        note = _ELSEWHERE.sub(lambda m: f'href="{page_name}#{_on_page(m.group(1), there)}"', note)
        block = _BLOCK_LANG.match(shown, max(shown.rfind('<div class="tb-block', 0, start), 0))
        if block and " lang=" not in note[:note.index(">")]:
            note = f'<aside lang="{block.group(1)}"' + note[len("<aside"):]
        notes.append(note)
    article = _ARTICLE.search(shown)
    if not (labels and notes and article):
        return None
    title, back = labels.groups()
    heading = _HEADING_LANG.search(article.group(0))
    lang = f' lang="{heading.group(1)}"' if heading else ""
    inner = (f'<h1 id="tb-notes"{lang}>{title}</h1>\n<p class="tb-notes-back"{lang}><a href="{page_name}">{back}</a></p>\n'
             + "\n".join(notes) + "\n")
    page = shown[:article.start()] + article.group(1) + inner + article.group(2) + shown[article.end():]
    # The chrome's links into the talk (its contents, the skip link) name what is not here: the skip link
    # goes to the notes' heading, the others to the talk page.
    here = set(_ID.findall(page))

    def local(match: re.Match) -> str:
        start, target, end = match.groups()
        if target in here:
            return match.group(0)
        if 'class="md-skip"' in match.group(0):
            return f'{start}href="#tb-notes"{end}'
        return f'{start}href="{page_name}#{_on_page(target, there)}"{end}'

    page = _LOCAL.sub(local, page)
    return _TITLE.sub(f"<title>{title} · ", _OWN_SCRIPT.sub("", page), count=1)
