"""Golden files: the pages generated for the mini fixture, byte for byte. After a deliberate change,
regenerate with TALKBOOK_UPDATE_GOLDEN=1 and review the diff under tests/golden/."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import MINI
from talkbook.web.pipeline import generate

GOLDEN = Path(__file__).parent / "golden" / "mini"
UPDATE = os.environ.get("TALKBOOK_UPDATE_GOLDEN") == "1"


def test_generated_pages_match_the_golden_files():
    _edition, files = generate(MINI)
    if UPDATE:
        for name, content in files.items():
            path = GOLDEN / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert on_disk == set(files)
    for name, content in files.items():
        expected = (GOLDEN / name).read_bytes()
        assert (content if isinstance(content, bytes) else content.encode("utf-8")) == expected, name


def test_generation_is_repeatable():
    assert generate(MINI)[1] == generate(MINI)[1]
