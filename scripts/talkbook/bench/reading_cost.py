"""What the reading layer (talks/<id>/reading.md: 通读, its alignment, its check) adds to a whole build,
part of `python -m talkbook bench`. This repository's talks are copied twice, once as they are and
once without their reading.md files (both without translations, which need the reading text), and
both copies are built from nothing (build cache emptied) in alternation, so that both see the same
machine noise; the ratio of the medians is the cost. The
synthetic corpus (corpus.py) has no reading texts, so this runs on the real talks. Never asserted
in tests: the issue's goal (#14) is at most 5 %."""
from __future__ import annotations

import shutil
import statistics
from dataclasses import dataclass
from pathlib import Path

from talkbook.web.buildcache import CACHE_DIR

from .runs import repo_config, time_build, time_generator

# What a build of this repository reads besides mkdocs.yml (rewritten: scripts/ made absolute).
PROJECT_ENTRIES = ("docs", "talks", "glossary", "source-policy.yml")
GOAL = 0.05


@dataclass(frozen=True)
class ReadingCost:
    reading_talks: int  # talks with a reading.md
    build_with: float  # CPU seconds, median: `mkdocs build --strict`, cache emptied first
    build_without: float
    generator_with: float  # CPU seconds, median: pipeline.generate alone, from nothing
    generator_without: float

    @property
    def build_added(self) -> float:
        return self.build_with / self.build_without - 1

    @property
    def generator_added(self) -> float:
        return self.generator_with / self.generator_without - 1


def copy_project(repo: Path, target: Path, readings: bool) -> int:
    """This repository's sources in `target`, with or without the talks' reading.md; returns how many
    reading.md files the repository holds."""
    target.mkdir(parents=True)
    for name in PROJECT_ENTRIES:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns(CACHE_DIR))
        elif source.is_file():
            shutil.copy2(source, target / name)
    (target / "mkdocs.yml").write_text(repo_config(repo), encoding="utf-8")
    # A translation translates the reading text and cannot stand without it: both copies leave the
    # translations out, so the ratio is the reading layer's alone.
    for translations in (target / "talks").glob("*/translations"):
        shutil.rmtree(translations)
    found = sorted((target / "talks").glob("*/reading.md"))
    if not readings:
        for path in found:
            path.unlink()
    return len(found)


def reading_cost(repo: Path, scratch: Path, runs: int, log=print) -> ReadingCost | None:
    """None when no talk has a reading text (nothing to measure)."""
    with_reading, without = scratch / "with-reading", scratch / "without-reading"
    count = copy_project(repo, with_reading, readings=True)
    copy_project(repo, without, readings=False)
    if not count:
        return None
    times: dict[str, list[float]] = {"build_with": [], "build_without": [], "generator_with": [],
                                     "generator_without": []}
    for run in range(runs):
        for project, suffix in ((with_reading, "with"), (without, "without")):
            shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
            times[f"build_{suffix}"].append(time_build(project, scratch / f"site-{suffix}").cpu)
            times[f"generator_{suffix}"].append(time_generator(project, reuse=False))
        log(f"reading layer run {run + 1}/{runs}: " + ", ".join(f"{kind.replace('_', ' ')} {values[-1]:.2f} s"
                                                                 for kind, values in times.items()))
    for name in (with_reading, without, scratch / "site-with", scratch / "site-without"):
        shutil.rmtree(name, ignore_errors=True)
    return ReadingCost(count, **{kind: statistics.median(values) for kind, values in times.items()})


def format_cost(cost: ReadingCost | None, runs: int) -> list[str]:
    if cost is None:
        return ["reading layer: no talk has a reading.md, nothing to measure"]
    verdict = "within" if cost.build_added <= GOAL else "over"
    return [f"reading layer ({cost.reading_talks} talk(s) with reading.md, this repository's talks, median of {runs} "
            f"run(s), CPU s):",
            f"  whole build  with {cost.build_with:.2f} s, without {cost.build_without:.2f} s: ratio "
            f"{cost.build_with / cost.build_without:.3f}, adds {cost.build_added:+.1%} ({verdict} the {GOAL:.0%} goal)",
            f"  generator    with {cost.generator_with:.2f} s, without {cost.generator_without:.2f} s: ratio "
            f"{cost.generator_with / cost.generator_without:.3f}, adds {cost.generator_added:+.1%}"]
