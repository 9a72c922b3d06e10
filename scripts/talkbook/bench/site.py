"""Benchmarks that print ratios against a baseline measured in the same run (never asserted in tests).

`python -m talkbook bench-site`: median of N strict MkDocs builds of this repository (each with its
build cache emptied first, buildcache.py) beside the median of N builds of a plain Material site
holding the same transcripts, split into as many pages as our build publishes, with the same
search configuration (so jieba runs in both)."""
from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from talkbook.web import search, search_shards
from talkbook.web.buildcache import CACHE_DIR
from talkbook.web.pipeline import generate

PLAIN_CONFIG = """site_name: plain baseline
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
      separator: '[\\s\\u200b\\u3000\\-、。，．？！；]+'
"""


def plain_project(root: Path, target: Path) -> int:
    """A Material project with the raw transcripts cut into as many pages as our build makes."""
    _edition, files = generate(root)
    hand_written = list((root / "docs").rglob("*.md"))
    pages = sum(1 for name in files if name.endswith(".md")) + len(hand_written)
    text = "".join(talk.transcript for talk in _edition.talks)
    size = -(-len(text) // pages)
    docs = target / "docs"
    docs.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    for index in range(pages):
        name = "index.md" if index == 0 else f"page-{index:04d}.md"
        (docs / name).write_text(f"# 第 {index + 1} 页\n\n{text[index * size:(index + 1) * size]}\n", encoding="utf-8")
    return pages


def time_build(project: Path, site_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
                   cwd=project, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_site(root: Path, runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        pages = plain_project(root, scratch / "plain")
        ours, plain = [], []
        for run in range(runs):  # alternate, so both see the same machine noise
            shutil.rmtree(root / CACHE_DIR, ignore_errors=True)  # every build from nothing, as the first one
            ours.append(time_build(root, scratch / "site-ours"))
            plain.append(time_build(scratch / "plain", scratch / "site-plain"))
            print(f"run {run + 1}/{runs}: talkbook {ours[-1]:.2f} s, plain Material {plain[-1]:.2f} s", flush=True)
        ours_median, plain_median = statistics.median(ours), statistics.median(plain)
        print(f"pages: {pages}")
        print(f"median build: talkbook {ours_median:.2f} s, plain Material {plain_median:.2f} s, "
              f"ratio {ours_median / plain_median:.2f}")
        print(f"site size: talkbook {directory_size(scratch / 'site-ours') / 1e6:.2f} MB, "
              f"plain {directory_size(scratch / 'site-plain') / 1e6:.2f} MB")
        shutil.rmtree(scratch / "site-ours", ignore_errors=True)


def index_sizes(site: Path) -> tuple[int, int]:
    """The search index's bytes, plain and gzipped file by file: Material's whole index, or all our pieces
    (of which a query loads a few)."""
    pieces = site / search_shards.INDEX_DIR
    files = sorted(pieces.iterdir()) if pieces.is_dir() else [site / search.INDEX]
    data = [path.read_bytes() for path in files]
    return sum(map(len, data)), sum(len(gzip.compress(d, compresslevel=6)) for d in data)  # 6: the usual setting
