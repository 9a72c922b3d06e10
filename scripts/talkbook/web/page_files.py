"""What the build writes for a talk page once verify.py has checked it whole: the page split
(page_parts.py), its parts script and its notes page (notes_page.py) beside it."""
from __future__ import annotations

from pathlib import Path

from talkbook.staging import write_atomically

from .notes_page import notes_page
from .page_parts import PartsError, notes_name, parts_name, read_parts, split


def split_beside(html: str, page_file: Path) -> str:
    """`html` split, for the page MkDocs writes to `page_file`, its parts script and notes page (if any)
    written beside it."""
    notes_file = page_file.with_name(notes_name(page_file.name))
    shown, script = split(html, parts_name(page_file.name), notes_file.name)
    if script is None:
        return shown
    notes = notes_page(shown, read_parts(script)[1], page_file.name)
    if notes is None and notes_file.name in shown:
        raise PartsError(f"its notes link to {notes_file.name}, which could not be made (no article, or no "
                         "data-tb-notes-title on the talk's links)")
    write_atomically(script.encode("utf-8"), page_file.with_name(parts_name(page_file.name)))
    if notes is not None:
        write_atomically(notes.encode("utf-8"), notes_file)
    return shown
