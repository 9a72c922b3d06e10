"""The site engines an export (project_export/project.py) is built with: MkDocs from the project's own
environment, and ProperDocs and Zensical each in a virtual environment of its own under
.cache/engines/<name>/ (git-ignored), installed on first use from the pinned
requirements-engines/<name>.txt. Separate environments because each brings its own copy or fork of
MkDocs' packages, which must not change the versions the project's own build runs with."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ENVIRONMENTS = ROOT / ".cache" / "engines"
REQUIREMENTS = ROOT / "requirements-engines"


class EngineError(Exception):
    pass


@dataclass(frozen=True)
class Engine:
    name: str
    program: str  # the command in the environment's bin/
    arguments: tuple[str, ...]  # `build` with the engine's spelling of strict (and a clean start)
    own_environment: bool  # False: the project's environment (requirements.txt)

    def command(self) -> list[str]:
        if not self.own_environment:
            return [sys.executable, "-m", self.program, *self.arguments]
        return [str(environment(self.name) / "bin" / self.program), *self.arguments]


ENGINES = {
    "mkdocs": Engine("mkdocs", "mkdocs", ("build", "--strict", "--clean"), own_environment=False),
    # ProperDocs looks for properdocs.yml first; the export names its mkdocs.yml, which both read.
    "properdocs": Engine("properdocs", "properdocs", ("build", "--strict", "--clean", "-f", "mkdocs.yml"),
                         own_environment=True),
    # --clean empties Zensical's own build cache (.cache/ in the project), so every build starts from nothing.
    "zensical": Engine("zensical", "zensical", ("build", "--strict", "--clean", "-f", "mkdocs.yml"),
                       own_environment=True),
}


def environment(name: str) -> Path:
    """The engine's virtual environment, created or brought up to date with its requirements file."""
    requirements = REQUIREMENTS / f"{name}.txt"
    venv = ENVIRONMENTS / name
    wanted = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = venv / ".requirements.sha256"
    if stamp.is_file() and stamp.read_text().strip() == wanted:
        return venv
    ENVIRONMENTS.mkdir(parents=True, exist_ok=True)
    steps = ([[sys.executable, "-m", "venv", "--clear", str(venv)]] if not (venv / "bin" / "python").exists() else []) + [
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(requirements)]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            raise EngineError(f"{name}: could not set up {venv} ({' '.join(step)}):\n{done.stderr[-2000:]}")
    stamp.write_text(wanted + "\n")
    return venv


def version(name: str) -> str:
    """The engine's installed version (from its environment's package metadata)."""
    engine = ENGINES[name]
    if not engine.own_environment:
        from importlib.metadata import version as installed

        return installed(engine.program)
    done = subprocess.run([str(environment(name) / "bin" / "python"), "-c",
                           f"from importlib.metadata import version; print(version({engine.program!r}))"],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def build(name: str, project: Path) -> subprocess.CompletedProcess:
    """Build the exported `project` with the engine, from the project's folder (into its site/)."""
    engine = ENGINES[name]
    done = subprocess.run(engine.command(), cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        raise EngineError(f"{name} build of {project} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return done
