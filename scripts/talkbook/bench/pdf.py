"""The PDF's cost against WeasyPrint alone, and several talks' PDFs built in parallel (never asserted).

`ours`  `python -m talkbook pdf --talk ID`: load and check the sources, build the print HTML, one
        WeasyPrint layout whose footnotes are checked on the laid-out document itself, write the PDF.
        The first run starts without the page breaks an earlier build found (export.PageBreaks), so
        it lays out once more per round of misplaced footnotes; it is reported on its own.
`bare`  `python -m weasyprint` on the same print HTML and print.css: the floor for this document.
Both are whole processes, taking turns; CPU seconds (user + system), median of the runs.
`parallel`: `export` of every talk and the book of all of them, in one process and then with one
worker process per core; wall-clock seconds, since spreading work over cores is the point.
`against a baseline` (bench-pdf): this checkout's code against another commit's (`git archive` of its
scripts/), both printing this checkout's sources, each in a copy of them with its own page-break
cache; CPU seconds of the first build and the median of the warm ones, and their ratios."""
from __future__ import annotations

import shutil
import statistics
import subprocess
import tarfile
import io
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from talkbook.edition.build import load_edition
from talkbook.pdf.make_pdf import CSS_PATH, PAGE_BREAKS_CACHE, edition_name, template_overrides
from talkbook.pdf.print_html import print_document

from .runs import cpu_seconds

# export() in a fresh interpreter: argv root, out, workers.
EXPORT_PROBE = """import sys
from pathlib import Path
from talkbook.edition.build import load_edition
from talkbook.pdf.make_pdf import export
export(Path(sys.argv[1]), Path(sys.argv[2]), None, load_edition(Path(sys.argv[1])), lambda line: None,
       workers=int(sys.argv[3]))
"""


@dataclass(frozen=True)
class PdfTimes:
    ours: float  # CPU seconds, median, the page breaks known
    bare: float  # CPU seconds, median
    first: float  # CPU seconds of the first run, without the page-break cache


def print_html_file(root: Path, talk_id: str, target: Path) -> Path:
    """The print HTML `python -m talkbook pdf --talk talk_id` lays out, as a file beside nothing else
    (print.css is given to WeasyPrint separately, as export.py does)."""
    edition = load_edition(root)
    talk = next(t for t in edition.talks if t.id == talk_id)
    html = print_document(edition, (talk,), edition_name(root), templates=template_overrides(root))
    target.write_text(html, encoding="utf-8")
    return target


def time_pdf_pair(root: Path, talk_id: str, scratch: Path, runs: int) -> PdfTimes:
    html = print_html_file(root, talk_id, scratch / "print.html")
    ours_command = [sys.executable, "-m", "talkbook", "--root", str(root), "pdf", "--talk", talk_id,
                    "--out", str(scratch / "ours")]
    bare_command = [sys.executable, "-m", "weasyprint", "--stylesheet", str(CSS_PATH), "--base-url",
                    str(CSS_PATH.parent), str(html), str(scratch / "bare.pdf")]
    shutil.rmtree(root / PAGE_BREAKS_CACHE, ignore_errors=True)
    first = cpu_seconds(ours_command)
    ours, bare = [], []
    for _run in range(runs):
        ours.append(cpu_seconds(ours_command))
        bare.append(cpu_seconds(bare_command))
    return PdfTimes(statistics.median(ours), statistics.median(bare), first)


def time_parallel(root: Path, scratch: Path, workers: int) -> float:
    """Wall-clock seconds of exporting every talk's PDF and the book with `workers` processes."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", EXPORT_PROBE, str(root), str(scratch / f"parallel-{workers}"),
                    str(workers)], check=True, capture_output=True, text=True)
    return time.perf_counter() - started


SOURCES = ("talks", "glossary", "mkdocs.yml", "source-policy.yml", "scripts/overrides")  # what `pdf` reads


@dataclass(frozen=True)
class Versus:
    before_first: float
    before: float  # CPU seconds, median of the warm runs
    after_first: float
    after: float
    before_pages: int
    after_pages: int


def _copy_sources(repo: Path, target: Path) -> Path:
    for name in SOURCES:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=True)
        elif source.exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _unpack(repo: Path, ref: str, paths: tuple[str, ...], target: Path) -> Path:
    """`paths` as they are at `ref`, unpacked under `target` (those missing at `ref` are skipped)."""
    present = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", ref, *paths],
                             capture_output=True, text=True, check=True).stdout.split()
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", ref, *present],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _baseline_code(repo: Path, ref: str, target: Path) -> Path:
    """`ref`'s scripts/ unpacked under `target`; its talkbook package goes first on PYTHONPATH."""
    return _unpack(repo, ref, ("scripts",), target) / "scripts"


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def time_against_baseline(repo: Path, talk_id: str, ref: str, scratch: Path, runs: int,
                          its_sources: bool = False) -> Versus:
    """Before (`ref`'s code) and after (this checkout's), taking turns, on copies of the same sources;
    with `its_sources`, `ref`'s code prints `ref`'s own sources (an edition older code cannot read)."""
    code = {"before": _baseline_code(repo, ref, scratch / "baseline"), "after": repo / "scripts"}
    timings: dict[str, list[float]] = {"before": [], "after": []}
    first, pages = {}, {}
    commands = {}
    for side in code:
        target = scratch / f"sources-{side}"
        root = (_unpack(repo, ref, SOURCES, target) if its_sources and side == "before"
                else _copy_sources(repo, target))
        commands[side] = [sys.executable, "-m", "talkbook", "--root", str(root), "pdf", "--talk", talk_id,
                          "--out", str(scratch / f"out-{side}")]
        first[side] = cpu_seconds(commands[side], env={"PYTHONPATH": str(code[side])})
        pages[side] = _pages(scratch / f"out-{side}" / f"{talk_id}.pdf")
    for _run in range(runs):
        for side in code:
            timings[side].append(cpu_seconds(commands[side], env={"PYTHONPATH": str(code[side])}))
    return Versus(first["before"], statistics.median(timings["before"]), first["after"],
                  statistics.median(timings["after"]), pages["before"], pages["after"])


def bench_pdf(repo: Path, ref: str, runs: int, its_sources: bool = False) -> None:
    import tempfile

    talk = load_edition(repo).talks[0].id
    with tempfile.TemporaryDirectory(prefix="talkbook-bench-pdf-") as scratch:
        times = time_against_baseline(repo, talk, ref, Path(scratch), runs, its_sources)
    print(f"PDF of {talk}, CPU seconds: {ref}{' (its own sources)' if its_sources else ''} {times.before:.2f} (first build {times.before_first:.2f}), this "
          f"checkout {times.after:.2f} (first build {times.after_first:.2f}); ratio {times.after / times.before:.2f} "
          f"(first builds {times.after_first / times.before_first:.2f}); median of {runs} after the first; "
          f"pages {times.before_pages} -> {times.after_pages}")
