"""`python -m talkbook bench-page`: the talk page against plain Material rendering the same words, side
by side in one run (issue #28). Both sites are built here: ours with this repository's mkdocs.yml,
the plain one from scale.plain_project (the same transcript, notes and sources as ordinary Markdown,
the same theme and search settings, none of our overlays). Both are served with gzip from localhost
(static_server.py) and measured by Lighthouse 12.2.3 (npm, into .cache/npm; Debian's Chromium) in
its mobile and desktop presets, alternating pages so both see the same machine noise; each figure is
the median of --runs. Lighthouse is too noisy to assert in tests: this prints, tests/test_page_weight.py
holds what is deterministic (DOM count, layout shift, marker tightness, links per section)."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from talkbook.edition.build import load_edition
from talkbook.web import urls

from .runs import repo_config
from .scale import plain_project
from .static_server import serve

LIGHTHOUSE_VERSION = "12.2.3"
CHROMIUM = os.environ.get("TALKBOOK_CHROMIUM", "/usr/bin/chromium")
PRESETS = ("mobile", "desktop")
# Lighthouse's figures, in the table's order: (label, how to read it from a report, format).
FIGURES = (
    ("Performance score", lambda r: r["categories"]["performance"]["score"] * 100, "{:.0f}"),
    ("Total blocking time", lambda r: r["audits"]["total-blocking-time"]["numericValue"], "{:,.0f} ms"),
    ("Cumulative layout shift", lambda r: r["audits"]["cumulative-layout-shift"]["numericValue"], "{:.3f}"),
    ("Largest contentful paint", lambda r: r["audits"]["largest-contentful-paint"]["numericValue"], "{:,.0f} ms"),
    ("DOM elements", lambda r: r["audits"]["dom-size"]["numericValue"], "{:,.0f}"),
    ("Transfer", lambda r: r["audits"]["total-byte-weight"]["numericValue"] / 1024, "{:,.0f} KiB"),
    ("Accessibility score", lambda r: r["categories"]["accessibility"]["score"] * 100, "{:.0f}"),
)


def lighthouse_cli(repo: Path) -> Path:
    """Lighthouse's command-line entry, installed into .cache/npm-bench on first use (it needs Node 18+): a
    prefix of its own, since a --no-save npm install removes what it did not name (the tests' tools)."""
    cli = repo / ".cache" / "npm-bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
    package = cli.parent.parent / "package.json"
    if not package.is_file() or json.loads(package.read_text())["version"] != LIGHTHOUSE_VERSION:
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--no-save", "--prefix",
                        str(repo / ".cache" / "npm-bench"), f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return cli


def build_sites(repo: Path, scratch: Path) -> tuple[Path, Path]:
    """Our site (a strict build) and the plain one, as MkDocs publishes each."""
    ours = scratch / "ours"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner on every build
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(ours)],
                   cwd=repo, check=True)
    plain = scratch / "plain"
    plain_project(repo, repo, plain, load_edition(repo))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(plain / "site")],
                   cwd=plain, check=True)
    return ours, plain / "site"


def talk_page_path(repo: Path, talk_id: str) -> str:
    directory_urls = "use_directory_urls: false" not in repo_config(repo)
    return urls.page_url(urls.talk_page(talk_id), directory_urls)


def run_lighthouse(cli: Path, url: str, preset: str) -> dict:
    command = ["node", str(cli), url, "--output=json", "--quiet", "--only-categories=performance,accessibility",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
    if preset == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url}: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


@dataclass(frozen=True)
class Column:
    name: str
    reports: dict  # preset -> list of Lighthouse reports

    def median(self, preset: str, read) -> float:
        return statistics.median(read(r) for r in self.reports[preset])


def table(ours: Column, plain: Column) -> str:
    lines = []
    for preset in PRESETS:
        lines += [f"| {preset} (median of {len(ours.reports[preset])}) | {ours.name} | {plain.name} | ratio |",
                  "|---|---|---|---|"]
        for label, read, fmt in FIGURES:
            a, b = ours.median(preset, read), plain.median(preset, read)
            ratio = f"{a / b:.2f}×" if b >= 0.01 else "–"  # no ratio to a zero (or near-zero) shift
            lines.append(f"| {label} | {fmt.format(a)} | {fmt.format(b)} | {ratio} |")
        lines.append("")
    return "\n".join(lines)


def bench_page(repo: Path, runs: int = 3, talk_id: str | None = None, log=print, profile: bool = False) -> str:
    """Lighthouse's table; with `profile`, instead, where each page's main-thread time goes as it loads on
    a phone with the CPU slowed 4× (page_profile.py), which is less noisy than blocking time."""
    cli = None if profile else lighthouse_cli(repo)
    edition = load_edition(repo)
    talk = next((t for t in edition.talks if t.id == talk_id), None) if talk_id else edition.talks[0]
    if talk is None:
        raise SystemExit(f"no talk {talk_id!r}; talks: {', '.join(t.id for t in edition.talks)}")
    with tempfile.TemporaryDirectory(prefix="talkbook-page-") as scratch:
        ours_site, plain_site = build_sites(repo, Path(scratch))
        path = talk_page_path(repo, talk.id)
        servers = {"ours": serve(ours_site, gzip=True), "plain": serve(plain_site, gzip=True)}
        if profile:
            try:
                return _profile(servers, path, talk.id, runs, log)
            finally:
                for server in servers.values():
                    server.shutdown()
        try:
            columns = {name: Column(label, {p: [] for p in PRESETS})
                       for name, label in (("ours", "talkbook talk page"), ("plain", "plain Material, same words"))}
            for run in range(runs):
                for preset in PRESETS:
                    for name, server in servers.items():  # alternating, so both see the same noise
                        url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
                        columns[name].reports[preset].append(run_lighthouse(cli, url, preset))
                log(f"run {run + 1} of {runs} done")
        finally:
            for server in servers.values():
                server.shutdown()
    out = (f"Lighthouse {LIGHTHOUSE_VERSION}, {talk.id}, both served with gzip from localhost\n\n"
           + table(columns["ours"], columns["plain"]))
    log(out)
    return out


def _profile(servers: dict, path: str, talk_id: str, runs: int, log) -> str:
    from .page_profile import CPU_SLOWDOWN, PHONE, long_tasks, median_table, profile_pages
    urls = {"talkbook talk page": f"http://127.0.0.1:{servers['ours'].server_address[1]}/{path}",
            "plain Material, same words": f"http://127.0.0.1:{servers['plain'].server_address[1]}/{path}"}
    profiles = profile_pages(urls, runs, PHONE, CHROMIUM, log)
    out = (f"Main thread while the page loads, {talk_id}: Chromium, phone screen, CPU slowed {CPU_SLOWDOWN}x, "
           f"median of {runs}\n\n" + median_table(profiles) + "\n\nLong tasks of the last run (start: task, "
           "its largest parts in ms):\n" + "\n".join(f"{name}:\n{long_tasks(runs_[-1])}"
                                                    for name, runs_ in profiles.items()))
    log(out)
    return out
