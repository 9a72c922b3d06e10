"""Measured runs for the benchmarks: a Python program (a build, the generator) run as a child process,
its CPU time and peak memory read back; and this repository's mkdocs.yml made usable from another
folder. Shared by scale.py, reading_cost.py, pdf.py and serve.py, which import it and never each other."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Runs in a fresh interpreter, so first-call costs (compiling patterns, the Markdown converter) count.
# The options are the hook's (from mkdocs.yml), so that the cached run finds the build's entries.
GENERATOR_PROBE = """import sys, time
from pathlib import Path
from mkdocs.config import load_config
from talkbook.adapter.mkdocs_events import render_options
from talkbook.web.pipeline import generate
options = render_options(load_config(str(Path(sys.argv[1]) / "mkdocs.yml")))
started = time.process_time()
generate(Path(sys.argv[1]), options, reuse=sys.argv[2] == "reuse")
print(time.process_time() - started)
"""
# Folders beside mkdocs.yml that it refers to (docs_dir; theme.custom_dir if not under scripts/).
PROJECT_DIRS = ("docs", "overrides")


def repo_config(repo: Path) -> str:
    """This repository's mkdocs.yml, with the paths into scripts/ (hook, theme overrides) made absolute."""
    return (repo / "mkdocs.yml").read_text(encoding="utf-8").replace("scripts/", f"{repo / 'scripts'}/")


@dataclass(frozen=True)
class Usage:
    cpu: float  # seconds, user + system
    peak_rss: int  # bytes


# Runs a Python program (`-m module` or a script's path, then its arguments) and, as it exits, writes
# its own peak resident memory to stderr. ru_maxrss cannot tell it: Linux carries the peak of the
# process that forked the child into it across exec, so every build of a large parent (pytest)
# would weigh as much as the parent. VmHWM belongs to the program's own memory, made at exec.
PEAK_PROBE = """import atexit, runpy, sys
def report():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                sys.stderr.write("talkbook-bench-peak-kib " + line.split()[1] + "\\n")
atexit.register(report)
how, target = sys.argv[1:3]
sys.argv = [target] + sys.argv[3:]
if how == "-m":
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    runpy.run_path(target, run_name="__main__")
"""
_PEAK = re.compile(r"^talkbook-bench-peak-kib (\d+)$", re.M)


def python_program(command: list[str]) -> list[str]:
    """`command` (python -m module ..., or a Python script ...) run under PEAK_PROBE."""
    if len(command) > 2 and command[1] == "-m":
        return [command[0], "-c", PEAK_PROBE, "-m", *command[2:]]
    shebang = Path(command[0]).read_text(encoding="utf-8").splitlines()[0]
    return [shebang.removeprefix("#!").strip(), "-c", PEAK_PROBE, "path", *command]


def measured_run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Usage:
    """CPU time (user + system) and peak resident memory of a Python program run as a child process.
    The machine is shared and has two cores, so wall time swings with whatever else runs; the work a
    build does shows in its CPU time (os.wait4: this child's own, with its children's)."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(python_program(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{text[-3000:]}")
    peak = _PEAK.findall(text)
    return Usage(cpu=usage.ru_utime + usage.ru_stime, peak_rss=int(peak[-1]) * 1024 if peak else 0)


def cpu_seconds(command: list[str], cwd: Path | None = None, env: dict | None = None) -> float:
    return measured_run(command, cwd, env).cpu


def time_build(project: Path, site_dir: Path) -> Usage:
    shutil.rmtree(site_dir, ignore_errors=True)
    return measured_run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
                        cwd=project)


def time_generator(project: Path, reuse: bool) -> float:
    done = subprocess.run([sys.executable, "-c", GENERATOR_PROBE, str(project), "reuse" if reuse else "fresh"],
                          check=True, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return float(done.stdout.strip().splitlines()[-1])
