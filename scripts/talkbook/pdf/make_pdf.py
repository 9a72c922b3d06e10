"""PDF: lay out the print HTML (print_html.py) with WeasyPrint, offline, check that every note became a
footnote on the page of its anchor (or, for the few page_fill.py lets follow, the next page), and write
the file only when all is well.

Offline: the only URL fetcher WeasyPrint gets refuses every scheme but file: and data: and stops the
build, so no stylesheet, image or font is ever fetched from another host. Fonts come from fontconfig
(Debian's fonts-noto-cjk); WeasyPrint embeds them subset to the glyphs used, with ToUnicode maps, so
Chinese text copies and extracts as the characters it shows."""
from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import glob
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from talkbook.edition.model import Edition, Talk
from talkbook.problems import Problem
from talkbook.staging import write_atomically
from talkbook.sources.template_overrides import override_folder

from . import cjk_justify, page_fill, page_refs, target_pages
from .page_fill import calls_to_let_follow
from .print_html import print_document
from .print_text import Anchors

CSS_PATH = Path(__file__).with_name("print.css")
ALLOWED_SCHEMES = ("file", "data")
CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
MAX_LAYOUTS = 5  # first layout plus up to four with more paragraphs starting a new page or notes following
PAGE_ROUNDS = 3  # layouts with page numbers known in advance before leaving them to WeasyPrint (page_refs.py)
PDF_VARIANT = "pdf/ua-1"  # tagged: see build_pdf
BOOK_NAME = "all-talks"  # the file holding every talk, written when there are several
# Beside the site's build cache (web/buildcache.py), which the PDF may not import: removed with it.
PAGE_BREAKS_CACHE = Path(".cache") / "talkbook" / "pdf"

Say = Callable[[str], None]


class PdfError(Exception):
    """The PDF could not be made as promised; each line says where and why."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))

    def __reduce__(self):  # back from a worker process (export) with its lines, not one joined string
        return type(self), (self.lines,)


class UnknownTalk(PdfError):
    """--talk names no talk of the edition (a usage error)."""


class _Interrupted(PdfError):
    """A worker's job stopped by Ctrl-C (which reached the whole process group)."""


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    size: int  # bytes
    footnotes: int
    seconds: float
    page_breaks: frozenset[str] = frozenset()  # paragraphs started on a new page (paragraphs_to_break)
    following: frozenset[str] = frozenset()  # footnote anchors allowed on the page after their call (page_fill)


@functools.cache
def _fetcher_class():
    """Built once, lazily: importing WeasyPrint loads Pango, which commands other than `pdf` do not need."""
    try:
        from weasyprint.urls import FatalURLFetchingError, URLFetcher
    except OSError as error:  # WeasyPrint found no Pango library
        raise PdfError([f"WeasyPrint cannot start ({error}); install Pango and a CJK font: "
                        f"sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"]) from None

    class NetworkRefused(FatalURLFetchingError):
        """Fatal: WeasyPrint swallows ordinary fetch errors and would print a PDF with holes."""

    class OfflineFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme not in ALLOWED_SCHEMES:
                raise NetworkRefused(f"the print document asks for {url}: the PDF is built offline and may only "
                                     f"read {' and '.join(s + ':' for s in ALLOWED_SCHEMES)} URLs")
            return super().fetch(url, headers)

    return OfflineFetcher, NetworkRefused


def offline_fetcher():
    """A WeasyPrint URL fetcher that reads file: and data: URLs and raises for anything else."""
    fetcher_class, _ = _fetcher_class()
    return fetcher_class(allowed_protocols=ALLOWED_SCHEMES)


class _Log(logging.Handler):
    """Turns WeasyPrint's progress messages into one line per stage (with the page count once layout is
    done) and keeps its warnings: a warning means bad CSS or a broken internal link, which we treat
    as a failed build rather than a PDF that silently differs from what print.css says."""

    _STEP = re.compile(r"Step (\d) - ([^-]+?)(?: - (?:Page (\d+)|Repagination #(\d+)|.*))?(?: \(up-to-date\))?$")

    def __init__(self, say: Say):
        super().__init__(logging.INFO)
        self.say, self.stage, self.pages, self.problems = say, "", 0, []

    def emit(self, record):
        message = record.getMessage()
        if record.name != "weasyprint.progress":
            if record.levelno >= logging.WARNING:
                self.problems.append(message)
            return
        match = self._STEP.match(message)
        if not match:
            return
        stage, page, repagination = match[2].strip().lower(), match[3], match[4]
        if page:
            self.pages = max(self.pages, int(page))
        if repagination:
            self.say(f"layout: {self.pages} pages, pass {int(repagination) + 1} to settle page references")
            self.pages = 0  # the pass may end with another count (a moved reference can cost a page)
        if stage != self.stage:
            self.finish()
            self.stage = stage
            if not page:
                self.say(stage)

    def finish(self):
        """Report the page count once layout is over (called on the next stage, or by the caller)."""
        if self.stage == "creating layout":
            self.say(f"layout: {self.pages} pages")
            self.stage = "laid out"
            self.pages = 0  # build_pdf may lay out again (page_fill.py), to another count


@contextlib.contextmanager
def _weasyprint_log(say: Say):
    """Route WeasyPrint's logging to a _Log for the duration of one build; raise PdfError if it warned."""
    log = _Log(say)
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("weasyprint.progress")]
    levels = [logger.level for logger in loggers]
    loggers[0].addHandler(log)
    loggers[0].setLevel(logging.WARNING)
    loggers[1].setLevel(logging.INFO)
    try:
        yield log
    finally:
        loggers[0].removeHandler(log)
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
    if log.problems:
        raise PdfError([f"{CSS_PATH.name}: WeasyPrint: {message}" for message in log.problems])


def _render(html: str):
    """Lay out the document with the offline fetcher and print.css; return WeasyPrint's Document."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    cjk_justify.install()  # Chinese lines justified between their characters, not at spaces only
    target_pages.install()  # page references re-laid out when their target moves (WeasyPrint 70)
    fetcher = offline_fetcher()
    fonts = FontConfiguration()  # without it WeasyPrint ignores print.css's @font-face rules
    return HTML(string=html, base_url=str(CSS_PATH.parent), url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(CSS_PATH), url_fetcher=fetcher, font_config=fonts)], font_config=fonts)


def _render_numbered(html: str, pages: dict[str, int]):
    """The document laid out with its page references printed as `pages` says (page_refs.py), once the
    layout has given every link's target the page printed for it; `pages` is corrected as it goes.
    Numbers that will not settle (each correction moving another target) are left to WeasyPrint."""
    links_to = page_refs.targets(html)
    for _ in range(PAGE_ROUNDS):
        document = _render(page_refs.numbered(html, pages))
        wrong = page_refs.misnumbered(links_to, pages, _pages_of(document))
        if not wrong:
            return document
        pages.update(wrong)
    return _render(html)


@dataclass(frozen=True)
class Misplaced:
    """A note whose footnote is not on the page of its call."""

    problem: Problem
    call_page: int | None  # 1-based; None when the call itself is missing


def _pages_of(document) -> dict[str, int]:
    """Element id -> 1-based page number of its first box (WeasyPrint's anchors)."""
    page_of: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            page_of.setdefault(name, number)
    return page_of


def check_footnotes(document, talks: tuple[Talk, ...],
                    following: frozenset[str] = frozenset()) -> tuple[int, list[Misplaced]]:
    """Every note must come out as one footnote on the page of its call, or the next page for the
    footnotes in `following` (page_fill.py). WeasyPrint can drop a footnote without a word (padding-top
    on @footnote, see DESIGN.md; a line-overflow path, see paragraphs_to_break), so we count them:
    returns the number placed and the misplaced ones."""
    page_of = _pages_of(document)
    placed, misplaced = 0, []
    for talk in talks:
        anchors = Anchors(talk.id)
        for note in talk.notes:
            body, call = page_of.get(anchors.footnote(note.id)), page_of.get(anchors.call(note.id))
            if body is None or call is None:
                misplaced.append(Misplaced(Problem(note.path, note.line, (
                    "this note's footnote is missing from the PDF; WeasyPrint drops footnotes silently, "
                    "check print.css (no padding-top on @footnote) and the note's HTML")), call))
            elif body != call and not (body == call + 1 and anchors.footnote(note.id) in following):
                misplaced.append(Misplaced(Problem(note.path, note.line, (
                    f"this note's footnote is on page {body} but its call is on page {call}; "
                    f"shorten the note or split it")), call))
            else:
                placed += 1
    return placed, misplaced


def paragraphs_to_break(document, talks: tuple[Talk, ...], misplaced: list[Misplaced]) -> set[str]:
    """For each page with a misplaced footnote, the last paragraph that starts on it.

    WeasyPrint 70, when the first lines of a paragraph overflow a page that already holds footnotes,
    may move earlier footnotes to the next page to make room and then skip the footnotes of those
    lines (block.py, _linebox_layout). Starting that paragraph on a new page avoids the path and
    costs next to nothing: its first line did not fit on the page anyway."""
    page_of = _pages_of(document)
    last_on_page: dict[int, str] = {}
    for talk in talks:
        anchors = Anchors(talk.id)
        for section in talk.sections:
            for paragraph in section.paragraphs:
                element = anchors.paragraph(paragraph.id)
                if element in page_of:
                    last_on_page[page_of[element]] = element
    return {last_on_page[m.call_page] for m in misplaced if m.call_page in last_on_page}


def breaks_that_emptied_a_page(document, breaks: set[str]) -> set[str]:
    """The paragraphs started on a new page (page_breaks) whose previous page is short of text."""
    page_of = _pages_of(document)
    return {element for element in breaks
            if page_of.get(element, 1) > 1 and page_fill.short_of_text(document.pages[page_of[element] - 2])}


def footnotes_of_paragraph(talks: tuple[Talk, ...], element: str) -> set[str]:
    """The ids of the footnotes called in the paragraph whose element id is `element` (a note's
    footnote hangs from its first quote: Talk.notes_after)."""
    for talk in talks:
        anchors = Anchors(talk.id)
        for section in talk.sections:
            for paragraph in section.paragraphs:
                if anchors.paragraph(paragraph.id) == element:
                    return {anchors.footnote(note.id) for note in talk.notes_after(paragraph)}
    return set()


@functools.cache
def _fonts() -> str:
    """The fonts fontconfig offers (file, family, style): a new font can move every line."""
    if not shutil.which("fc-list"):
        return "no fc-list"
    return subprocess.run(["fc-list", ":", "file", "family", "style"], capture_output=True, text=True,
                          check=False).stdout


LAYOUT_RULES = ("page_fill.py", "cjk_justify.py", "cjk_punct.py", "target_pages.py", "page_refs.py")


class PageBreaks:
    """The paragraphs a build had to start on a new page (paragraphs_to_break) and the footnotes it let
    follow their call to the next page (calls_to_let_follow), kept in the build
    cache so that the next build of the same document lays it out once instead of once per round of
    misplaced footnotes (three layouts for the included talk). The key holds everything the layout
    depends on: the print HTML without breaks, print.css, the layout rules, WeasyPrint's version and the installed
    fonts; so a hit gives the breaks a build from nothing would arrive at, and the same bytes. The
    footnotes are checked on every layout all the same, and a wrong entry only costs another round."""

    def __init__(self, folder: Path | None, name: str, base_html: str):
        import weasyprint

        self.folder, self.name = folder, name
        digest = hashlib.blake2b(digest_size=16)
        # The code that decides breaks and spacing is part of the key too: a changed rule must not
        # inherit the breaks the old one found.
        rules = [(Path(__file__).parent / name).read_text(encoding="utf-8") for name in LAYOUT_RULES]
        for part in (base_html, CSS_PATH.read_text(encoding="utf-8"), weasyprint.__version__, _fonts(), *rules):
            digest.update(part.encode() + b"\0")
        self.path = folder / f"{name}-{digest.hexdigest()}.json" if folder else None

    def load(self) -> tuple[set[str], set[str]]:
        """(breaks, following); nothing known when the file is missing or not what store wrote."""
        try:
            known = json.loads(self.path.read_text(encoding="utf-8")) if self.path else {}
            return set(known.get("breaks", ())), set(known.get("following", ()))
        except (OSError, ValueError, TypeError, AttributeError):
            return set(), set()

    def pages(self) -> dict[str, int]:
        """The pages a build of this file name found for its links' targets, whatever its document was:
        after an edit most are still right, and each is checked (page_refs.py)."""
        try:
            known = json.loads(self._pages_path.read_text(encoding="utf-8")) if self.folder else {}
            return {str(k): int(v) for k, v in known.items()} if isinstance(known, dict) else {}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}

    def store_pages(self, pages: dict[str, int]) -> None:
        if self.folder:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                write_atomically(json.dumps(pages, sort_keys=True).encode(), self._pages_path)
            except OSError:
                pass  # the numbers only save time

    @property
    def _pages_path(self) -> Path:
        return self.folder / f"{self.name}.pages.json"

    def store(self, breaks: set[str], following: set[str]) -> None:
        """Keep this document's breaks, and only the newest entry for this file name."""
        if not self.path:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{glob.escape(self.name)}-*.json"):
                # (another talk's id may start with this one's: demo and demo-2)
                if old != self.path and re.fullmatch(re.escape(self.name) + r"-[0-9a-f]{32}\.json", old.name):
                    old.unlink(missing_ok=True)
            write_atomically(json.dumps({"breaks": sorted(breaks), "following": sorted(following)}).encode(),
                             self.path)
        except OSError:
            pass  # the cache only saves time


def build_pdf(edition: Edition, talks: tuple[Talk, ...], target: Path, publisher: str,
              say: Say = lambda line: None, templates: tuple[str, ...] = (), verbatim: bool = False,
              cache: Path | None = None, language: str | None = None, parallel: bool = False) -> PdfResult:
    """Print `talks` (one talk, or several as one book) to `target`. When WeasyPrint misplaces a
    footnote, start the paragraph at fault on a new page and lay out again (see paragraphs_to_break).
    `cache`: a folder where the breaks found are kept for the next build (PageBreaks). `language`,
    `parallel`: print a translation, alone or beside the original (print_html.print_document)."""
    _, network_refused = _fetcher_class()
    started = time.perf_counter()
    say("building the print HTML")
    base_html = print_document(edition, talks, publisher, frozenset(), templates, verbatim, frozenset(), language,
                               parallel)
    known = PageBreaks(cache, target.stem, base_html)
    breaks, following = known.load()
    remembered = set(breaks)  # breaks a build before this one kept: not tried again (see below)
    pages = known.pages()  # the pages of the links' targets: checked on every layout, corrected
    calls = tuple(Anchors(talk.id).call("") for talk in talks)
    footnote_of = {anchors.call(note.id): anchors.footnote(note.id)  # a call's id -> its footnote's id
                   for talk in talks for anchors in (Anchors(talk.id),) for note in talk.notes}
    try:
        with _weasyprint_log(say) as log:
            def lay_out(breaks: set[str], following: set[str]):
                """The document with these breaks and these notes allowed the next page, checked."""
                html = print_document(edition, talks, publisher, frozenset(breaks), templates, verbatim,
                                      frozenset(following), language, parallel) if breaks or following else base_html
                document = _render_numbered(html, pages)
                log.finish()
                # A parallel book's paragraph is a row of two cells, which WeasyPrint does not break before
                # a call the way it breaks a paragraph: a footnote may follow its row to the next page.
                allowed = frozenset(footnote_of.values()) if parallel else frozenset(following)
                return (document, *check_footnotes(document, talks, allowed))

            for attempt in range(1, MAX_LAYOUTS + 1):
                document, placed, misplaced = lay_out(breaks, following)
                more = paragraphs_to_break(document, talks, misplaced) - breaks
                # (a section or paragraph id may share a call's prefix: only real calls count)
                follow = {footnote_of[call] for call in calls_to_let_follow(document, calls)
                          if call in footnote_of} - following
                if (not misplaced or not more) and not follow or attempt == MAX_LAYOUTS:
                    break
                if misplaced and more:
                    say(f"{len(misplaced)} footnote(s) not on the page of their call; starting {len(more)} "
                        f"paragraph(s) on a new page and laying out again")
                if follow:
                    say(f"{len(follow)} footnote(s) left a page more than a quarter blank; letting them follow "
                        f"their call to the next page and laying out again")
                breaks |= more
                following |= follow
            if misplaced:
                raise PdfError([str(m.problem) for m in sorted(misplaced, key=lambda m: m.problem)])
            for element in sorted(breaks_that_emptied_a_page(document, breaks - remembered) if not parallel else ()):
                # Breaking a paragraph to a new page dodged a misplaced footnote but left the page before it
                # short of text (a page of two lines): instead keep the paragraph where it was and let its
                # notes follow their calls to the next page; kept only if every footnote is then in place.
                trial_breaks = breaks - {element}
                trial_following = following | footnotes_of_paragraph(talks, element)
                say("a paragraph started on a new page left the page before it short of text; trying it "
                    "without the break, its notes allowed the next page")
                trial, trial_placed, trial_misplaced = lay_out(trial_breaks, trial_following)
                if not trial_misplaced:
                    document, placed, breaks, following = trial, trial_placed, trial_breaks, trial_following
            known.store(breaks, following)
            known.store_pages({target: pages[target] for target in page_refs.targets(base_html) if target in pages})
            moved = (" (or the next, in a parallel book)" if parallel else
                     f" ({len(following)} allowed the next page)" if following else "")
            say(f"{placed} footnote(s) checked, each on the page of its call{moved}")
            # PDF/UA-1: a structure tree (headings, paragraphs, links, reading order) for assistive
            # technology, the document's language and title, every font embedded.
            data = document.write_pdf(pdf_variant=PDF_VARIANT)
    except network_refused as error:
        raise PdfError([str(error)]) from None
    except RecursionError:
        # validate caps nesting (sources/markdown_budget.py); this names the talk if something else nests.
        raise PdfError([f"{talk.path}:1: the print document of this talk nests too deeply for WeasyPrint "
                        f"(RecursionError); flatten nested lists or quotes in its notes, intro or terms"
                        for talk in talks]) from None
    write_atomically(data, target)
    return PdfResult(target, len(document.pages), len(data), placed, time.perf_counter() - started,
                     frozenset(breaks), frozenset(following))


def _config_line(root: Path, pattern: str) -> str | None:
    """One plain `key: value` line of mkdocs.yml, read alone: the file may hold tags a safe YAML
    loader refuses (!ENV, !!python/name)."""
    config = Path(root) / "mkdocs.yml"
    if config.exists():
        for line in config.read_text(encoding="utf-8").splitlines():
            found = re.match(pattern, line)
            if found:
                return str(yaml.safe_load(found[1]))
    return None


def edition_name(root: Path) -> str:
    """The edition's name, which the PDF gives as its author: mkdocs.yml's site_name, so site and PDF agree."""
    return _config_line(root, r"site_name:(.*)$") or "talkbook"


def template_overrides(root: Path) -> tuple[str, ...]:
    """The deployment's own print templates: `<theme.custom_dir>/talkbook/pdf/` (the site's are in
    talkbook/web/: the two stages' templates share names, not macros)."""
    folder = override_folder(root, "pdf")
    return (str(folder),) if folder else ()


def missing_fonts() -> list[str]:
    """The preferred CJK families fontconfig does not know (fallbacks then apply); [] if we cannot tell."""
    if not shutil.which("fc-list"):
        return []
    known = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return [family for family in CJK_FAMILIES if family not in known]


def _build_in_worker(edition: Edition, talks: tuple[Talk, ...], target: Path, publisher: str,
                     templates: tuple[str, ...], verbatim: bool, cache: Path | None, language: str | None = None,
                     parallel: bool = False) -> tuple[PdfResult | PdfError, list[str]]:
    """build_pdf in a worker process: its result or its PdfError, and the progress lines it said."""
    lines: list[str] = []
    global _IN_JOB
    _IN_JOB = True
    try:
        return build_pdf(edition, talks, target, publisher, lines.append, templates, verbatim, cache, language,
                         parallel), lines
    except PdfError as error:
        return error, lines
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; the parent reports it once
        return _Interrupted(["interrupted"]), lines
    finally:
        _IN_JOB = False


_IN_JOB = False  # in a worker: whether a job is running (Ctrl-C then stops it, with its cleanup)


@contextlib.contextmanager
def _workers_start_deaf_to_ctrl_c():
    """Workers are started (spawned) while the parent ignores SIGINT, which they inherit until
    _quiet_worker installs their own handler: a Ctrl-C during their start-up would otherwise print
    the traceback of an interpreter half imported. The parent's handler comes back at once."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _quiet_worker() -> None:
    """A worker's Ctrl-C: inside a job, a KeyboardInterrupt that removes the half-written PDF and
    ends the job; between jobs, an exit without the traceback every worker would print."""
    def stop(signum, frame):
        if _IN_JOB:
            raise KeyboardInterrupt
        os._exit(130)

    signal.signal(signal.SIGINT, stop)


def _build_all(jobs, edition: Edition, out: Path, publisher: str, say: Say, templates: tuple[str, ...],
               verbatim: bool, workers: int, cache: Path | None, language: str | None = None,
               parallel: bool = False) -> list[PdfResult]:
    """The jobs' PDFs, in `workers` processes at once (WeasyPrint lays out on one core). Each job's
    progress is said when it ends; every job's problems are reported together, in job order."""
    workers = min(workers, len(jobs))
    suffix = pdf_suffix(language, parallel)
    if workers <= 1:
        return [build_pdf(edition, talks, Path(out) / f"{name}{suffix}", publisher,
                          lambda line, name=name: say(f"pdf {name}: {line}"), templates, verbatim, cache,
                          language, parallel)
                for name, talks in jobs]
    # spawn: a fresh interpreter per worker, nothing inherited from a parent that may hold threads.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker) as pool:
        # The longest first (the book of all talks), so that it does not start last.
        order = sorted(range(len(jobs)), key=lambda i: -sum(len(t.transcript) for t in jobs[i][1]))
        with _workers_start_deaf_to_ctrl_c():
            futures = {pool.submit(_build_in_worker, edition, jobs[i][1], Path(out) / f"{jobs[i][0]}{suffix}",
                                   publisher, templates, verbatim, cache, language, parallel): i for i in order}
        outcomes: dict[int, PdfResult | PdfError] = {}
        try:
            for future in concurrent.futures.as_completed(futures):
                index = futures[future]
                outcomes[index], lines = future.result()
                for line in lines:
                    say(f"pdf {jobs[index][0]}: {line}")
        except BaseException:
            # Ctrl-C: the running jobs stop on their own (each worker had it too); the queued ones must
            # not start, or leaving the pool waits for each of them to be laid out in full.
            for future in futures:
                future.cancel()
            raise
    # A job stopped by Ctrl-C is the reader's Ctrl-C, reported once as such (exit 130), also when it came
    # as the parent was past waiting for the jobs and only a worker took it.
    if any(isinstance(outcome, _Interrupted) for outcome in outcomes.values()):
        raise KeyboardInterrupt
    failed = [outcomes[i] for i in range(len(jobs)) if isinstance(outcomes[i], PdfError)]
    if failed:
        raise PdfError([line for error in failed for line in error.lines])
    return [outcomes[i] for i in range(len(jobs))]


def pdf_suffix(language: str | None, parallel: bool) -> str:
    """The end of a PDF's file name: `<name>.pdf`, a translation `<name>.<lang>.pdf`, the original beside
    its translation `<name>.parallel.<lang>.pdf`, all in the same folder."""
    if parallel:
        return f".parallel.{language}.pdf"
    return f".{language}.pdf" if language else ".pdf"


def untranslated(talks, language: str, parallel: bool) -> list[str]:
    """A problem line for each talk that cannot be printed in `language`: it has no translation into it
    (a talk already in that language prints as itself, but has nothing to set beside it)."""
    problems = []
    for talk in talks:
        folder = Path(talk.path).parent / "translations" / language
        if talk.language == language:
            if parallel:
                problems.append(f"{talk.path}:1: the talk is in '{language}' itself, so --parallel has no "
                                f"translation to set beside it; give --lang one of its translations "
                                f"({', '.join(t.language for t in talk.translations) or 'it has none'})")
        elif talk.translation(language) is None:
            have = ", ".join(t.language for t in talk.translations) or "none"
            problems.append(f"{talk.path}:1: the talk has no translation into '{language}': {folder}/ does not "
                            f"exist; write it (CONTRIBUTING §13) or choose a language it has (translations: {have})")
    return problems


def export(root: Path, out: Path, talk_id: str | None, edition: Edition, say: Say,
           verbatim: bool = False, workers: int | None = None, language: str | None = None,
           parallel: bool = False) -> list[PdfResult]:
    """One PDF per talk (or only `talk_id`), plus the whole edition as one book when it has several.
    Talks with a reading text print it, unless `verbatim` (then the transcript, as the site's 逐字).
    `language`: each talk in its translation into that language, `<name>.<lang>.pdf`; with `parallel`,
    the original beside it, `<name>.parallel.<lang>.pdf`. Every talk without that translation is
    reported at once and nothing is written.
    Several PDFs are built in parallel, one process per core (or `workers`)."""
    if parallel and not language:
        raise UnknownTalk(["--parallel needs --lang: the language of the translation to set beside the original"])
    if language and verbatim:
        raise UnknownTalk(["--verbatim prints the transcript; a translation is of the reading text, so --lang "
                           "and --verbatim do not go together"])
    publisher = edition_name(root)
    templates = template_overrides(root)
    for family in missing_fonts():
        say(f"warning: font {family!r} is not installed (Debian: fonts-noto-cjk); using a fallback font")
    if talk_id is not None:
        chosen = [t for t in edition.talks if t.id == talk_id]
        if not chosen:
            known = ", ".join(t.id for t in edition.talks) or "none"
            raise UnknownTalk([f"unknown talk {talk_id!r}; the talks are: {known}"])
        jobs = [(chosen[0].id, (chosen[0],))]
    else:
        jobs = [(t.id, (t,)) for t in edition.talks]
        if len(edition.talks) > 1:
            clash = [t for t in edition.talks if t.id == BOOK_NAME]
            if clash:
                raise PdfError([f"{clash[0].path}:1: the talk id {BOOK_NAME!r} is the file name of the book "
                                f"of all talks; rename the talk's folder"])
            jobs.append((BOOK_NAME, edition.talks))
    if language:  # every talk that cannot be printed so, at once, before anything is written
        missing = untranslated(jobs[0][1] if talk_id is not None else edition.talks, language, parallel)
        if missing:
            raise PdfError(missing)
    return _build_all(jobs, edition, out, publisher, say, templates, verbatim,
                      workers if workers is not None else _cores(), Path(root) / PAGE_BREAKS_CACHE, language, parallel)


def _cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
