"""`python -m talkbook bench-engines`: how long each engine (engines.py) takes to build the export of
this repository's talks (project_export/project.py), as a ratio against MkDocs measured in the same run.

The export is written once; each engine then builds it N times, the engines taking turns so that
all see the same machine noise. A build is the engine's whole command (`build --strict --clean`,
started as a new process), as a person or CI would run it; setting up an engine's environment
happens before any timing. Beside the wall-clock time, the CPU time of the build's processes
(user + system), which a busy shared machine disturbs less."""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from . import engines
from talkbook.project_export.project import export

BASELINE = "mkdocs"


def bench_engines(root: Path, runs: int = 3, names: list[str] | None = None) -> dict[str, float]:
    """Print each engine's median build time and its ratio to MkDocs; return the medians."""
    names = list(names or engines.ENGINES)
    if BASELINE not in names:
        names.insert(0, BASELINE)
    for name in names:
        if engines.ENGINES[name].own_environment:
            engines.environment(name)
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as scratch:
        result = export(root, Path(scratch) / "export")
        print(f"export of {root}: {result.pages} pages, {result.files} files", flush=True)
        for run in range(runs):
            for name in names:
                started, children = time.perf_counter(), os.times()
                engines.build(name, result.target)
                times[name].append(time.perf_counter() - started)
                after = os.times()
                cpu[name].append(after.children_user - children.children_user
                                 + after.children_system - children.children_system)
            print(f"run {run + 1}/{runs}: " + ", ".join(f"{name} {times[name][-1]:.2f} s" for name in names),
                  flush=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    print(f"\nmedian of {runs} builds of the export (whole command, --strict --clean):")
    print(f"{'engine':<12}{'version':<10}{'wall s':>8}{'ratio':>7}{'cpu s':>8}{'ratio':>7}")
    for name in names:
        print(f"{name:<12}{engines.version(name):<10}{medians[name]:>8.2f}{medians[name] / medians[BASELINE]:>7.2f}"
              f"{cpu_medians[name]:>8.2f}{cpu_medians[name] / cpu_medians[BASELINE]:>7.2f}")
    print(f"(ratios: to {BASELINE}, the baseline)")
    return medians
