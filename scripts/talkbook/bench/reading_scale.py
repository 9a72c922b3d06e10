"""How the reading check (parse, the marks' rules, alignment: edition/reading_*.py, derive.py)
scales with the transcript, part of `python -m talkbook bench-reading` (#24: it was quadratic, 12.7 s
at 75 KB). The included talk's verbatim, corrections applied, and its reading.md are repeated
until the verbatim reaches each size; each size is checked as it is (accepted) and with one word
left out every 40 paragraphs (every problem found and reported, the slower path). Times are CPU
seconds, printed with their ratio to the 75 KB run of the same kind in the same process: linear
time reads as ratios near 1, 2, 4 and 13.3. Never asserted in tests."""
from __future__ import annotations

import time
from pathlib import Path

import yaml

from talkbook.edition.build import load_edition
from talkbook.edition.reading_align import align
from talkbook.edition.reading_rules import check_characters, check_marks
from talkbook.edition.reading_text import parse
from talkbook.edition.structure import case_names, reading_pieces
from talkbook.problems import Problems

SIZES = (75_000, 150_000, 300_000, 1_000_000)  # bytes of verbatim (UTF-8)


def _source(root: Path, talk_id: str) -> tuple[str, str, tuple[str, ...]]:
    """(verbatim with corrections applied, reading.md, the spellings whose letter case the reading may
    use: structure.case_names, as the real check gives them to align)."""
    edition = load_edition(root)
    talk = next(t for t in edition.talks if t.id == talk_id)
    talk_data = yaml.safe_load((root / "talks" / talk_id / "talk.yml").read_text(encoding="utf-8"))
    names = case_names(edition.terms, talk_data)
    # A replacement stands apart, as one unit of its own does in the real check (DALL·E must not
    # glue to the Midjourney before it).
    verbatim = "".join(talk.transcript[s:e] if r is None else f" {r} "
                       for s, e, r in reading_pieces(talk.transcript, talk.notes))
    reading = (root / "talks" / talk_id / "reading.md").read_text(encoding="utf-8")
    return verbatim, reading, names


def scaled(verbatim: str, reading: str, size: int, broken: bool) -> tuple[str, str]:
    copies = max(1, round(size / len(verbatim.encode("utf-8"))))
    text = " ".join([verbatim] * copies)
    blocks = [b for b in reading.strip().split("\n\n")] * copies
    if broken:  # leave out the second character of every 40th paragraph: a word the rules do not allow
        blocks = [b[:1] + b[2:] if n % 40 == 39 and len(b) > 2 and b[1] not in "{〔" else b for n, b in enumerate(blocks)]
    return text, "\n\n".join(blocks) + "\n"


def check(text: str, reading: str, names: tuple[str, ...] = ()) -> tuple[float, int]:
    """(CPU seconds, problems found) for the whole reading check of one reading."""
    problems = Problems()
    started = time.process_time()
    if check_characters(reading, "reading.md", problems):
        written = parse(reading, "reading.md", "zh", problems)
        if check_marks(written, "reading.md", "zh", problems):
            align(text, written, [], [0], "reading.md", "zh", {}, problems, names=names)
    return time.process_time() - started, len(problems.items)


def bench_reading(root: Path, talk_id: str = "open-vs-closed-ai-2023", sizes=SIZES, log=print) -> list[tuple]:
    verbatim, reading, names = _source(root, talk_id)
    rows, base = [], {}
    log(f"{'verbatim':>10} {'reading':>10} {'kind':>9} {'CPU s':>7} {'ratio':>6} {'problems':>8}")
    for size in sizes:
        for broken in (False, True):
            text, written = scaled(verbatim, reading, size, broken)
            seconds, found = check(text, written, names)
            kind = "rejected" if broken else "accepted"
            base.setdefault(kind, seconds)
            ratio = seconds / base[kind] if base[kind] else float("nan")
            rows.append((len(text.encode("utf-8")), len(written.encode("utf-8")), kind, seconds, ratio, found))
            log(f"{rows[-1][0]:>10} {rows[-1][1]:>10} {kind:>9} {seconds:>7.2f} {ratio:>6.2f} {found:>8}")
    return rows
