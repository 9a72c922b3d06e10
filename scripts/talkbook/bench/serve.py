"""`python -m talkbook bench-serve`: the preview loop's latency, measured as an author meets it.

A temporary copy of this repository's sources runs `mkdocs serve`; one note is edited (a marker
appended to its body) and the talk page is fetched until the marker is served. The time from the
save to the first response that shows it is one sample. Never asserted in tests: times depend on
the machine."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from talkbook.edition.build import load_edition
from talkbook.web import page_parts, urls

from .runs import PROJECT_DIRS, repo_config

POLL = 0.05  # seconds between fetches of the page
GIVE_UP = 120.0  # a server that shows nothing for this long is hung, not slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    """The page at `url` as a reader's browser gets it whole: with its parts (web/page_parts.py) put back,
    where it loads them; "" while it cannot be had whole (not served yet, or the parts of another build)."""
    page = _get(url)
    src = page_parts.parts_src(page)
    if src is None:
        return page
    try:
        return page_parts.join(page, _get(urllib.parse.urljoin(url, src)))
    except (page_parts.PartsError, ValueError):  # (a rebuild between the two requests)
        return ""


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=GIVE_UP) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str) -> float:
    """Poll `url` until its body contains `text`; the moment it did (time.monotonic())."""
    deadline = time.monotonic() + GIVE_UP
    while time.monotonic() < deadline:
        if text in fetch(url):
            return time.monotonic()
        time.sleep(POLL)
    raise TimeoutError(f"{url} did not show {text!r} within {GIVE_UP:.0f} s")


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used so far, from /proc (None elsewhere). The rebuild's
    CPU time shows its cost even when other work on the machine stretches the wall-clock latency."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def copy_project(repo: Path, target: Path) -> None:
    for name in ("talks", "glossary", *PROJECT_DIRS):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, target / name)
    (target / "mkdocs.yml").write_text(repo_config(repo), encoding="utf-8")


def preview_latency(repo: Path, edits: int = 5, dirty: bool = False, log=print) -> list[tuple[float, float | None]]:
    """(seconds from saving a note to the served talk page showing the change, CPU seconds the server
    spent meanwhile), once per edit."""
    with tempfile.TemporaryDirectory(prefix="talkbook-serve-") as scratch:
        project = Path(scratch) / "project"
        copy_project(repo, project)
        edition = load_edition(project)
        talk = edition.talks[0]
        note = project / talk.notes[0].path
        from mkdocs.config import load_config

        page = urls.page_url(urls.talk_page(talk.id), load_config(str(project / "mkdocs.yml"))["use_directory_urls"])
        port = free_port()
        url = f"http://127.0.0.1:{port}/{page}"
        # MkDocs warns on every --dirty build, which strict mode (mkdocs.yml) turns into a failure.
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"] + \
            (["--dirty", "--no-strict"] if dirty else [])
        server = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
        try:
            started = time.monotonic()
            wait_for(url, f'id="n-{talk.notes[0].id}"')
            log(f"serving {talk.id} ({len(talk.notes)} notes, {len(edition.terms)} terms) after "
                f"{time.monotonic() - started:.1f} s; editing {talk.notes[0].path}")
            original = note.read_text(encoding="utf-8")
            samples = []
            for number in range(1, edits + 1):
                marker = f"预览延迟测试{number}号"
                time.sleep(1.0)  # let the previous rebuild settle, as between two saves by a person
                cpu, saved = process_cpu(server.pid), time.monotonic()
                note.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
                latency = wait_for(url, marker) - saved
                after = process_cpu(server.pid)
                samples.append((latency, after - cpu if cpu is not None and after is not None else None))
                rebuild = f" (server CPU {samples[-1][1]:.2f} s)" if samples[-1][1] is not None else ""
                log(f"edit {number}/{edits}: the page showed the change {latency:.2f} s after the save{rebuild}")
            return samples
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # the server's own session: it and nothing else
            server.wait(timeout=30)


def bench_serve(repo: Path, edits: int = 5, dirty: bool = False) -> list[tuple[float, float | None]]:
    samples = preview_latency(repo, edits, dirty)
    latencies = [latency for latency, _cpu in samples]
    cpus = [cpu for _latency, cpu in samples if cpu is not None]
    line = (f"preview latency (mkdocs serve{' --dirty' if dirty else ''}): median {statistics.median(latencies):.2f} s, "
            f"max {max(latencies):.2f} s over {len(samples)} edits")
    if cpus:
        line += f"; server CPU per rebuild: median {statistics.median(cpus):.2f} s"
    print(line)
    return samples
