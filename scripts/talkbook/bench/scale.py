"""`python -m talkbook bench`: how build cost grows with the corpus (never asserted in tests).

For each size N a synthetic corpus (corpus.py: N talks, 50 notes each, 10×N terms) is built in
each of these ways, alternating so that all see the same machine noise:
  generator        pipeline.generate in a fresh process, from nothing (imports excluded: MkDocs
                   loads them anyway)
  generator cached the same with the build cache of the build before (buildcache.py)
  build cold       `mkdocs build --strict` with this repository's mkdocs.yml and hook, the build
                   cache and the compiled templates (edition/template_cache.py) emptied first: the
                   first build in a new environment
  build            the same with only the build cache emptied: a first build of the project, or CI
                   without a cache (the theme's and talkbook's templates compiled by an earlier
                   build in the environment, as Python's modules are)
  build cached     the same again, nothing changed: a re-run, or a change outside the talks
  build edited     the same after one note of one talk was edited: the editing loop
  plain            `mkdocs build` of a plain Material site holding the same pages with the same text
                   (the transcript, the notes with their sources, the terms) and the same theme and
                   search settings, but none of our overlays: no hook, no extra CSS/JS, Markdown pages
                   instead of our reading HTML.
  zensical         Zensical (bench/engines.py, its own environment) building that same plain project,
                   in its `classic` variant: the fastest peer on the same words.
Then the reading layer's share of a whole build (reading_cost.py): this repository's talks built
with and without their reading.md, alternating in the same way.
The baseline keeps our navigation choice (the same pages in the navigation), so the ratio is the
price of the overlays; how the navigation itself scales shows in the growth lines. Times are CPU
seconds (user + system) of each process, the median of --runs: the machine is shared and has two
cores, so wall-clock time measures the neighbours as much as the build. Beside each build's time,
its peak resident memory (ru_maxrss of the build process, from os.wait4), the largest of the runs.
Every figure is also shown per talk, so that whether cost grows linearly in talks can be read off.

A large size (1,000 talks: `--sizes 1000 --runs 1`) is run on demand, never in CI or the tests: its
corpus alone takes minutes to write. `--baselines-max N` builds plain Material and Zensical only
for sizes up to N talks, where they would take longer than the build measured."""
from __future__ import annotations

import gzip
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from talkbook.edition import hant
from talkbook.edition.build import load_edition
from talkbook.edition.model import Edition
from talkbook.edition.template_cache import TEMPLATE_CACHE_ENV
from talkbook.web import urls
from talkbook.web.buildcache import CACHE_DIR
from talkbook.adapter.mkdocs_events import in_nav

from . import engines
from .corpus import write_corpus
from .reading_cost import format_cost, reading_cost
from .runs import (PROJECT_DIRS, Usage, cpu_seconds, measured_run, repo_config, time_build,
                   time_generator)
from .site import directory_size, index_sizes

BIBLIOGRAPHY_SECTION = 500  # works per section of the plain bibliography
# Top-level keys of mkdocs.yml that are our overlays; the plain baseline drops them.
OVERLAY_KEYS = ("hooks", "extra_css", "extra_javascript", "watch")
# The plain project's configuration for Zensical: mkdocs.yml with Material's look (project_export/config.py).
ZENSICAL_CONFIG = "zensical.yml"
# Builds whose time and memory are measured, in the order of each run (generator runs are separate).
BUILDS = ("build", "build_cached", "build_edited", "plain", "zensical", "build_cold")
BASELINES = ("plain", "zensical")  # the other engines' builds, which --baselines-max may leave out


@dataclass(frozen=True)
class Row:
    talks: int
    notes: int
    terms: int
    pages: int
    generator: float
    generator_cached: float
    build: float
    build_cached: float
    build_edited: float
    build_cold: float
    plain: float | None  # None: not built at this size (--baselines-max)
    zensical: float | None
    peak_rss: dict[str, int]  # build kind (BUILDS) -> bytes, the largest of the runs (0: not built)
    site_bytes: int
    index_bytes: int
    index_gzip_bytes: int
    pdf_per_talk: float | None  # None: not available or failed (logged)


def top_level_blocks(text: str) -> list[tuple[str, str]]:
    """mkdocs.yml cut into (key, block) at each top-level key; comments stay with the next key.
    Text-level, because the file may hold tags (!!python/name) that plain YAML loaders refuse."""
    blocks: list[tuple[str, list[str]]] = [("", [])]
    pending: list[str] = []
    for line in text.splitlines(keepends=True):
        if line[:1].isalpha() and ":" in line:
            blocks.append((line.split(":", 1)[0], pending + [line]))
            pending = []
        elif line.startswith("#") or not line.strip():
            pending.append(line)
        else:
            blocks[-1][1].extend(pending + [line])
            pending = []
    blocks[-1][1].extend(pending)
    return [(key, "".join(lines)) for key, lines in blocks]


def corpus_project(repo: Path, target: Path, talks: int, seed: str) -> None:
    """A project holding the synthetic corpus, built with this repository's config, hook and docs/."""
    write_corpus(target, talks, seed)
    for name in PROJECT_DIRS:
        if (repo / name).is_dir():
            shutil.copytree(repo / name, target / name)
    (target / "mkdocs.yml").write_text(repo_config(repo), encoding="utf-8")


def plain_pages(edition: Edition) -> dict[str, str]:
    """Our pages with the same words as plain Markdown: what Material alone would publish."""
    pages = {urls.HOME: "# 注释版演讲\n\n" + "".join(f"- [{t.title}]({urls.talk_page(t.id)})\n" for t in edition.talks),
             urls.GLOSSARY_INDEX: "# 术语表\n\n" + "".join(f"- [{t.name}]({t.id}.md) {t.en}：{t.short}\n"
                                                        for t in edition.terms)}
    for talk in edition.talks:
        out = [f"# {talk.title}\n"]
        for section in talk.sections:
            out.append(f"## {section.title}\n\n{section.summary}\n")
            for paragraph in section.paragraphs:
                out.append(talk.transcript[paragraph.start:paragraph.end] + "\n")
                out += [f"**{note.title}** {note.body}\n" + "".join(f"\n- {source_text(s)}\n" for s in note.sources)
                        for note in talk.notes_after(paragraph)]
        pages[urls.talk_page(talk.id)] = "\n".join(out)
        if hant.has_hant_page(talk):  # its 繁體 twin, as the edition publishes one (web/render.hant_page)
            pages[urls.talk_page_hant(talk.id)] = hant.phrase_table(edition.terms, (talk,)).convert("\n".join(out))
    for term in edition.terms:
        aliases = "、".join(term.aliases)
        sources = "".join(f"- {source_text(s)}\n" for s in term.sources)
        pages[urls.term_page(term.id)] = (f"# {term.name}（{term.en}）\n\n{term.short}\n\n{term.body}\n\n又作：{aliases}\n\n"
                                          f"## 来源\n\n{sources}")
    # The bibliography: each cited work once, as a plain list, in sections of BIBLIOGRAPHY_SECTION
    # works once it is longer (Zensical refuses a search entry over 256 KB: 3,800 works at 100 talks).
    cited = sorted({source_text(s) for talk in edition.talks for note in talk.notes for s in note.sources}
                   | {source_text(s) for term in edition.terms for s in term.sources})
    parts = [cited[start:start + BIBLIOGRAPHY_SECTION] for start in range(0, len(cited), BIBLIOGRAPHY_SECTION)]
    pages[urls.BIBLIOGRAPHY] = "# 参考文献\n\n" + "\n".join(
        (f"## {number}\n\n" if len(parts) > 1 else "") + "".join(f"- {text}\n" for text in part)
        for number, part in enumerate(parts, start=1))
    return pages


def source_text(source) -> str:
    return f"{source.cited_author}. {source.title}. {source.year}. <{source.url}>"


def plain_project(repo: Path, corpus: Path, target: Path, edition: Edition) -> int:
    """The baseline project for `corpus`; returns its number of pages."""
    docs = target / "docs"
    pages = plain_pages(edition)
    for path in (corpus / "docs").rglob("*.md"):
        pages.setdefault(path.relative_to(corpus / "docs").as_posix(), path.read_text(encoding="utf-8"))
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    for name in PROJECT_DIRS[1:]:  # theme overrides: the baseline wears the same theme
        if (corpus / name).is_dir():
            shutil.copytree(corpus / name, target / name)
    hidden = sorted(name for name in pages if not in_nav(name, edition))
    config = "".join(block for key, block in top_level_blocks(repo_config(repo)) if key not in OVERLAY_KEYS)
    config += "not_in_nav: |\n" + "".join(f"  /{name}\n" for name in hidden)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    (target / ZENSICAL_CONFIG).write_text(config.replace("\ntheme:\n", "\ntheme:\n  variant: classic\n", 1),
                                          encoding="utf-8")
    return len(pages)


def time_zensical(plain: Path) -> Usage:
    """Zensical building the plain project from nothing (--clean empties its cache), into plain/site."""
    command = [arg if arg != "mkdocs.yml" else ZENSICAL_CONFIG for arg in engines.ENGINES["zensical"].command()]
    return measured_run(command, cwd=plain)


def edit_one_note(project: Path, run: int) -> None:
    """Add a sentence to one note of one talk (another talk each run), as an editor saving a change."""
    talks = sorted(path for path in (project / "talks").iterdir() if path.is_dir())
    note = sorted((talks[run % len(talks)] / "notes").glob("*.md"))[0]
    note.write_text(note.read_text(encoding="utf-8") + f"\n编辑第 {run + 1} 次。\n", encoding="utf-8")


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def pdf_available() -> bool:
    return importlib.util.find_spec("talkbook.pdf") is not None


def time_pdf(project: Path, talk_id: str, out: Path) -> float | str:
    """CPU seconds of `python -m talkbook pdf` for one talk, or why it failed."""
    try:
        return cpu_seconds([sys.executable, "-m", "talkbook", "--root", str(project), "pdf", "--talk", talk_id,
                            "--out", str(out)])
    except RuntimeError as error:
        return str(error).strip().splitlines()[-1]


def compiled_templates_folder() -> Path:
    """The compiled templates the bench's builds share (bench() points TALKBOOK_TEMPLATE_CACHE here)."""
    return Path(os.environ[TEMPLATE_CACHE_ENV])


def measure(repo: Path, talks: int, runs: int, seed: str, scratch: Path, pdf: bool, log,
            baselines: bool = True) -> Row:
    """One size. Without `baselines`, plain Material and Zensical are not built (their figures are None)."""
    corpus, plain = scratch / f"corpus-{talks}", scratch / f"plain-{talks}"
    started = time.perf_counter()
    corpus_project(repo, corpus, talks, seed)
    edition = load_edition(corpus)
    pages = plain_project(repo, corpus, plain, edition)
    log(f"N={talks}: corpus of {pages} pages written in {time.perf_counter() - started:.1f} s")
    if baselines:
        engines.environment("zensical")  # set up (first use only) before any timing
    kinds = BUILDS if baselines else tuple(kind for kind in BUILDS if kind not in BASELINES)
    times: dict[str, list[float]] = {kind: [] for kind in ("generator", "generator_cached") + kinds}
    peaks: dict[str, int] = dict.fromkeys(BUILDS, 0)

    def record(kind: str, usage: Usage) -> None:
        times[kind].append(usage.cpu)
        peaks[kind] = max(peaks[kind], usage.peak_rss)

    for run in range(runs):  # alternate, so every kind sees the same machine noise
        shutil.rmtree(corpus / CACHE_DIR, ignore_errors=True)
        shutil.rmtree(compiled_templates_folder(), ignore_errors=True)
        record("build_cold", time_build(corpus, scratch / "site-ours"))
        times["generator"].append(time_generator(corpus, reuse=False))
        shutil.rmtree(corpus / CACHE_DIR, ignore_errors=True)
        record("build", time_build(corpus, scratch / "site-ours"))
        times["generator_cached"].append(time_generator(corpus, reuse=True))
        record("build_cached", time_build(corpus, scratch / "site-ours"))
        edit_one_note(corpus, run)
        record("build_edited", time_build(corpus, scratch / "site-ours"))
        if baselines:
            record("plain", time_build(plain, scratch / "site-plain"))
            record("zensical", time_zensical(plain))
        log(f"N={talks} run {run + 1}/{runs}: " + ", ".join(f"{kind.replace('_', ' ')} {values[-1]:.2f} s"
                                                            for kind, values in times.items()))
    index_bytes, index_gzip_bytes = index_sizes(scratch / "site-ours")
    pdf_seconds = time_pdf(corpus, edition.talks[0].id, scratch / "pdf") if pdf and pdf_available() else None
    if isinstance(pdf_seconds, str):
        log(f"N={talks}: PDF export failed, {pdf_seconds}")
        pdf_seconds = None
    row = Row(talks=talks, notes=sum(len(t.notes) for t in edition.talks), terms=len(edition.terms), pages=pages,
              **{**dict.fromkeys(BASELINES), **{kind: statistics.median(values) for kind, values in times.items()}},
              peak_rss=peaks,
              site_bytes=directory_size(scratch / "site-ours"),
              index_bytes=index_bytes, index_gzip_bytes=index_gzip_bytes, pdf_per_talk=pdf_seconds)
    for name in (corpus, plain, scratch / "site-ours", scratch / "site-plain"):
        shutil.rmtree(name, ignore_errors=True)
    return row


HEADER = ("    N  notes  terms  pages  generator s (cached)  build s (cached, edited)  plain s  zensical s"
          "  site MB  index KB raw/gzip  PDF s/talk  build cold s")
RATIOS = ("    N  gen/build (cached)  build/plain (cached, edited)  zensical/plain  build/zensical"
          "  cold/plain  cold/zensical")
MEMORY = "    N  peak RSS MB: build  cached  edited   plain  zensical  cold"


def _seconds(value: float | None, width: int) -> str:
    return f"{value:{width}.2f}" if value is not None else f"{'-':>{width}}"


def _ratio(top: float | None, bottom: float | None, width: int, spec: str = ".2f") -> str:
    return f"{top / bottom:{width}{spec}}" if top is not None and bottom else f"{'-':>{width}}"


def format_row(row: Row) -> str:
    pdf = f"{row.pdf_per_talk:10.2f}" if row.pdf_per_talk is not None else "       n/a"
    return (f"{row.talks:5d}  {row.notes:5d}  {row.terms:5d}  {row.pages:5d}  {row.generator:11.2f} ({row.generator_cached:5.2f})"
            f"  {row.build:7.2f} ({row.build_cached:5.2f}, {row.build_edited:5.2f})  {_seconds(row.plain, 7)}"
            f"  {_seconds(row.zensical, 10)}"
            f"  {row.site_bytes / 1e6:7.2f}  {row.index_bytes / 1e3:8.0f} / {row.index_gzip_bytes / 1e3:6.0f}  {pdf}"
            f"  {row.build_cold:12.2f}")


def format_ratios(row: Row) -> str:
    return (f"{row.talks:5d}  {row.generator / row.build:9.1%} ({row.generator_cached / row.build_cached:5.1%})"
            f"  {_ratio(row.build, row.plain, 11)} ({_ratio(row.build_cached, row.plain, 4)}, "
            f"{_ratio(row.build_edited, row.plain, 4)})  {_ratio(row.zensical, row.plain, 13)}"
            f"  {_ratio(row.build, row.zensical, 14)}  {_ratio(row.build_cold, row.plain, 10)}"
            f"  {_ratio(row.build_cold, row.zensical, 13)}")


def format_memory(row: Row) -> str:
    return f"{row.talks:5d}  {'':11}" + "".join(f"{row.peak_rss[kind] / 2**20:8.0f}" if row.peak_rss[kind] else
                                                f"{'-':>8}" for kind in BUILDS)


# Per talk: each size's figures divided by its talks, so linear growth shows as equal rows. Search
# bytes per query, which do not grow with the archive, come from `bench-search --sizes N`
# (bench/search_scale.py): a browser is needed to count what a query loads.
PER_TALK = ("    N  per talk: build s  cached s  plain s  zensical s  peak RSS MB build  plain"
            "  site MB  index KB raw/gzip")


def format_per_talk(row: Row) -> str:
    n = row.talks

    def each(value: float | None, width: int, scale: float = 1.0, spec: str = ".3f") -> str:
        return f"{value / scale / n:{width}{spec}}" if value is not None and value > 0 else f"{'-':>{width}}"

    return (f"{n:5d}  {'':10}{each(row.build, 7)}  {each(row.build_cached, 8)}  {each(row.plain, 7)}"
            f"  {each(row.zensical, 10)}  {each(row.peak_rss['build'], 17, 2**20, '.2f')}"
            f"  {each(row.peak_rss['plain'], 5, 2**20, '.2f')}  {each(row.site_bytes, 7, 1e6)}"
            f"  {each(row.index_bytes, 8, 1e3, '.1f')} / {each(row.index_gzip_bytes, 6, 1e3, '.1f')}")


def growth(rows: list[Row]) -> list[str]:
    """Cost per added talk between successive sizes: constant when growth is linear."""
    lines = []
    for small, large in zip(rows, rows[1:]):
        added = large.talks - small.talks

        def per(kind: str) -> str:
            a, b = getattr(small, kind), getattr(large, kind)
            return f"{(b - a) / added:.3f} s" if a is not None and b is not None else "not built"

        def memory(kind: str) -> str:
            a, b = small.peak_rss[kind], large.peak_rss[kind]
            return f"{(b - a) / added / 2**20:.1f} MB" if a and b else "not built"

        lines.append(f"N {small.talks} -> {large.talks}: per added talk build {per('build')}, "
                     f"plain {per('plain')}, zensical {per('zensical')}, peak RSS build {memory('build')}, plain "
                     f"{memory('plain')}, generator {(large.generator - small.generator) / added:.4f} s, site "
                     f"{(large.site_bytes - small.site_bytes) / added / 1e6:.3f} MB, index "
                     f"{(large.index_bytes - small.index_bytes) / added / 1e3:.0f} KB")
    return lines


def bench(repo: Path, sizes: list[int], runs: int = 3, seed: str = "talkbook", pdf: bool = True,
          log=print, reading: bool = True, baselines_max: int | None = None) -> list[Row]:
    """`baselines_max`: build plain Material and Zensical only for sizes up to this many talks (None: all)."""
    rows = []
    saved = os.environ.get(TEMPLATE_CACHE_ENV)
    with tempfile.TemporaryDirectory(prefix="talkbook-bench-") as scratch:
        # Every build of the bench (children inherit it) compiles templates into the scratch folder,
        # never into the user's: "build cold" empties it, so nothing from outside the run is timed.
        os.environ[TEMPLATE_CACHE_ENV] = str(Path(scratch) / "compiled-templates")
        try:
            for talks in sizes:
                rows.append(measure(repo, talks, runs, seed, Path(scratch), pdf, log,
                                    baselines=baselines_max is None or talks <= baselines_max))
        finally:
            if saved is None:
                os.environ.pop(TEMPLATE_CACHE_ENV, None)
            else:
                os.environ[TEMPLATE_CACHE_ENV] = saved
        cost = reading_cost(repo, Path(scratch) / "reading", runs, log) if reading else None
    print()
    print(f"CPU seconds (user + system) of each process, median of {runs} run(s); sizes of the built site")
    print(HEADER)
    for row in rows:
        print(format_row(row))
    print(RATIOS)
    for row in rows:
        print(format_ratios(row))
    print(MEMORY)
    for row in rows:
        print(format_memory(row))
    print(PER_TALK)
    for row in rows:
        print(format_per_talk(row))
    skipped = [str(row.talks) for row in rows if row.plain is None]
    if skipped:
        print(f"plain Material and Zensical: not built at {', '.join(skipped)} talks (--baselines-max {baselines_max})")
    for line in growth(rows):
        print(line)
    if not pdf:
        print("PDF export: not timed (--no-pdf)")
    elif not pdf_available():
        print("PDF export: not available (no talkbook.pdf module, so `python -m talkbook pdf` is not there yet)")
    else:
        print("PDF s/talk: CPU seconds of `python -m talkbook pdf --talk` for the first talk")
        pdf_section(repo, runs, seed, log)
    for line in format_cost(cost, runs) if reading else ["reading layer: not measured (--no-reading)"]:
        print(line)
    return rows


PARALLEL_TALKS = 4  # the parallel export: this many synthetic talks and the book of all of them


def pdf_section(repo: Path, runs: int, seed: str, log) -> None:
    """This repository's first talk against WeasyPrint alone, and several PDFs built in parallel (pdf.py)."""
    from . import pdf as pdf_bench

    with tempfile.TemporaryDirectory(prefix="talkbook-bench-pdf-") as scratch:
        scratch = Path(scratch)
        talk = load_edition(repo).talks[0].id
        times = pdf_bench.time_pdf_pair(repo, talk, scratch, runs)
        print(f"PDF of {talk}: talkbook {times.ours:.2f} s, WeasyPrint alone on the same print HTML "
              f"{times.bare:.2f} s, ratio {times.ours / times.bare:.2f} (CPU, median of {runs}); the first "
              f"build, without the page breaks of an earlier one, {times.first:.2f} s ({times.first / times.bare:.2f})")
        corpus = scratch / "corpus"
        write_corpus(corpus, PARALLEL_TALKS, seed)
        cores = len(os.sched_getaffinity(0))
        one = pdf_bench.time_parallel(corpus, scratch, 1)
        many = pdf_bench.time_parallel(corpus, scratch, cores)
        log(f"parallel PDF export: 1 process {one:.1f} s, {cores} processes {many:.1f} s")
        print(f"PDFs of {PARALLEL_TALKS} talks and their book: {one:.1f} s in one process, {many:.1f} s in "
              f"{cores} (wall clock, one run each), ratio {many / one:.2f}")
