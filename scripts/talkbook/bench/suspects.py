"""How well `talkbook suspects` finds what editors already found: recall against a talk's
correction notes (how many of them overlap a suspect), and in the top N suspects the share that
an existing correction covers (a floor for precision: the rest must be judged by reading them,
and are printed for that). Printed with the glossary alone as the baseline in the same run."""
from __future__ import annotations

from pathlib import Path

from talkbook.edition.model import Edition
from talkbook.edition.suspects import Suspect, talk_suspects


def _recall(suspects: list[Suspect], fixes) -> tuple[int, list[str]]:
    found = {s.covered_by for s in suspects if s.covered_by}
    missed = [note.id for note in fixes if note.id not in found]
    return len(fixes) - len(missed), missed


def bench_suspects(root: Path, edition: Edition, talk_id: str, top: int, say=print) -> None:
    talk = next(t for t in edition.talks if t.id == talk_id)
    fixes = [note for note in talk.notes if note.kind == "correction"]
    runs = {"glossary only (baseline)": talk_suspects(root, edition, talk_id, use_lists=False),
            "glossary + field-words.yml + vocabulary.yml": talk_suspects(root, edition, talk_id)}
    for name, suspects in runs.items():
        hits, missed = _recall(suspects, fixes)
        head = suspects[:top]
        covered = sum(1 for s in head if s.covered_by)
        say(f"{name}: {len(suspects)} suspect(s); recall {hits}/{len(fixes)} correction notes "
            f"({hits / max(1, len(fixes)):.0%}); top {len(head)}: {covered} covered by a correction "
            f"({covered / max(1, len(head)):.0%}, a floor for precision)")
        say(f"  missed: {', '.join(missed) or 'none'}")
    say(f"top {top} not covered by a correction (judge each by reading it):")
    for rank, s in enumerate(runs["glossary + field-words.yml + vocabulary.yml"][:top], start=1):
        if not s.covered_by:
            say(f"  {rank:3}. {s.text} ~ {s.target.text} ({s.distance:.2f}) {s.passage}")
