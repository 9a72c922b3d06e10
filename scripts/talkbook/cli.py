"""Command line: `python -m talkbook validate|generate|build|export|pdf|new-note|new-term|suspects|reading-stats`.

Exit codes: 0 success; 1 the sources have problems (each printed as path:line: message), or
new-note/new-term refused and wrote nothing; 2 the command was used wrongly (or export refused its
folder); 3 the build itself failed (MkDocs, WeasyPrint, or a file that could not be read or
written); 130 interrupted (Ctrl-C), the previous output kept."""
from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
from pathlib import Path

from talkbook.edition.build import load_edition
from talkbook.edition.scaffold import kebab_id
from talkbook.web.pipeline import generate
from talkbook.staging import Interrupted, exclusive, interruptible, lock_path, new_staging_folder, \
    remove_leftovers, replace_directory
from talkbook.sources.schema import NOTE_KINDS

from .problems import BuildError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUILD = 0, 1, 2, 3


# Problems printed per run: past this, the rest are counted. A broken file can produce thousands
# (one per line); the first hundred are enough to see the pattern, and CI logs stay readable.
MAX_PRINTED = 100
MAX_LINE = 1000  # characters of one problem line; a longer one is cut in the middle


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def _printable(text: str) -> str:
    """Control characters (a file name can hold a newline) escaped, so one problem stays one line."""
    return _CONTROLS.sub(lambda found: found.group(0).encode("unicode_escape").decode("ascii"), text)


def _shortened(text: str) -> str:
    if len(text) <= MAX_LINE:
        return text
    cut = len(text) - MAX_LINE
    return f"{text[:MAX_LINE - 200]} …[{cut} characters left out]… {text[-200:]}"


def _print_problems(error: BuildError, output_format: str) -> None:
    shown = error.problems[:MAX_PRINTED]
    for problem in shown:
        if output_format == "github":
            # GitHub Actions workflow commands: one annotation per problem, shown on the PR's diff.
            message = _escape_data(_shortened(problem.message))
            # Property values also end at ',' and ':', which a bad file name may contain.
            path = _escape_data(problem.path).replace(":", "%3A").replace(",", "%2C")
            line = f",line={problem.line}" if problem.line else ""
            print(f"::error file={path}{line}::{message}")
        else:
            print(_shortened(_printable(str(problem))), file=sys.stderr)
    if len(error.problems) > len(shown):
        print(f"… and {len(error.problems) - len(shown)} more problem(s) not shown.", file=sys.stderr)
    print(f"{len(error.problems)} problem(s) found.", file=sys.stderr)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def cmd_validate(args) -> int:
    try:
        edition = load_edition(args.root)
    except BuildError as error:
        _print_problems(error, args.format)
        return EXIT_PROBLEMS
    notes = sum(len(t.notes) for t in edition.talks)
    print(f"ok: {len(edition.talks)} talk(s), {notes} note(s), {len(edition.terms)} term(s)")
    return EXIT_OK


def cmd_generate(args) -> int:
    """Write the generated Markdown pages (normally kept in memory by the MkDocs hook) for inspection."""
    try:
        _edition, files = generate(args.root)
    except BuildError as error:
        _print_problems(error, "text")
        return EXIT_PROBLEMS
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = new_staging_folder(out)
    for name, content in files.items():
        path = staged / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    replace_directory(staged, out)
    print(f"wrote {len(files)} file(s) to {out}")
    return EXIT_OK


class _Warnings(logging.Handler):
    """MkDocs' warnings and errors during a build: in strict mode MkDocs stops with only "Aborted
    with N warnings", so the build prints what they were."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def cmd_build(args) -> int:
    """Validate, then run a strict MkDocs build into a staging folder and swap it in. Validating
    goes through the build cache with the build's own options, so the build finds every talk there.
    Builds of the same folder take turns: a second one waits for the first (staging.exclusive)."""
    target = Path(args.site_dir).resolve()
    try:
        with interruptible(), exclusive(target, lambda: print(
                f"waiting for another build of {target} to finish (lock: {lock_path(target)})", file=sys.stderr)):
            return _build_site(args, target)
    except Interrupted as signal_name:
        print(f"site build interrupted ({signal_name}) while waiting for another build; {target} was left as it "
              "was", file=sys.stderr)
        return EXIT_BUILD


def _build_site(args, target: Path) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from talkbook.adapter.mkdocs_events import render_options

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = Path(args.root).resolve()
    remove_leftovers(target)
    staged = new_staging_folder(target)
    warnings = _Warnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        with interruptible():
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(staged), strict=True)
            try:
                generate(root, render_options(config), reuse=True)
            except BuildError as error:
                shutil.rmtree(staged, ignore_errors=True)
                _print_problems(error, "text")
                return EXIT_PROBLEMS
            build(config)
            replace_directory(staged, target)
    except Interrupted as signal_name:
        shutil.rmtree(staged, ignore_errors=True)
        print(f"site build interrupted ({signal_name}); {target} was left as it was", file=sys.stderr)
        return EXIT_BUILD
    except (MkDocsException, BuildError, SystemExit, OSError) as error:
        shutil.rmtree(staged, ignore_errors=True)
        for message in warnings.messages:
            print(message, file=sys.stderr)
        print(f"site build failed; {target} was left as it was: {error}", file=sys.stderr)
        return EXIT_BUILD
    except BaseException:  # a crash (in a hook, a plugin, the theme): no half-built folder left behind
        shutil.rmtree(staged, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    print(f"built the site into {target}")
    return EXIT_OK


def cmd_export(args) -> int:
    """Write the site source as a plain MkDocs project (project_export/project.py); refuse a DIR it must not replace."""
    from talkbook.project_export.project import ExportRefused, export

    try:
        result = export(Path(args.root), Path(args.dir))
    except BuildError as error:
        _print_problems(error, "text")
        return EXIT_PROBLEMS
    except ExportRefused as error:
        print(f"export refused, nothing written: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"exported {result.pages} page(s), {result.files} file(s) to {result.target}; build it there with "
          f"mkdocs build, properdocs build or zensical build")
    return EXIT_OK


def cmd_bench_site(args) -> int:
    from talkbook.bench.site import bench_site

    bench_site(Path(args.root).resolve(), runs=args.runs)
    return EXIT_OK


def cmd_bench_page(args) -> int:
    from talkbook.bench.page_weight import bench_page

    bench_page(Path(args.root).resolve(), runs=args.runs, talk_id=args.talk, profile=args.profile)
    return EXIT_OK


def cmd_bench_engines(args) -> int:
    from talkbook.bench.engine_times import bench_engines

    bench_engines(Path(args.root).resolve(), runs=args.runs, names=args.engines)
    return EXIT_OK


def engine_names(text: str) -> list[str]:
    from talkbook.bench.engines import ENGINES

    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in ENGINES]
    if not names or unknown:
        raise argparse.ArgumentTypeError(f"expected engines among {', '.join(sorted(ENGINES))}, not {text!r}")
    return names


def cmd_bench_search(args) -> int:
    if args.sizes:
        from talkbook.bench.search_scale import bench_search_scale

        bench_search_scale(Path(args.root).resolve(), args.sizes, plain_up_to=args.plain_up_to)
        return EXIT_OK
    from talkbook.bench.search import bench_search

    bench_search(Path(args.root).resolve(), runs=args.runs)
    return EXIT_OK


def cmd_bench_reading(args) -> int:
    from talkbook.bench.reading_scale import SIZES, bench_reading

    bench_reading(Path(args.root).resolve(), sizes=args.sizes or SIZES)
    return EXIT_OK


def cmd_pdf(args) -> int:
    """Print each talk (or --talk) to a PDF; the checks and WeasyPrint live in pdf.py."""
    from talkbook.pdf.make_pdf import PdfError, UnknownTalk, export

    try:
        results = export(args.root, args.out, args.talk, load_edition(args.root),
                         lambda line: print(line, file=sys.stderr), verbatim=args.verbatim,
                         language=args.lang, parallel=args.parallel)
    except BuildError as error:
        _print_problems(error, "text")
        return EXIT_PROBLEMS
    except PdfError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE if isinstance(error, UnknownTalk) else EXIT_BUILD
    for result in results:
        print(f"wrote {result.path}: {result.pages} pages, {result.size / 1e6:.2f} MB, "
              f"{result.footnotes} footnotes, {result.seconds:.1f} s")
    return EXIT_OK


def _suspects(args, run) -> int:
    """Load the edition and run `run(edition)` for suspects/bench-suspects; errors as one line each."""
    from talkbook.edition.suspects import UnknownTalk

    try:
        edition = load_edition(args.root)
        run(edition)
    except BuildError as error:
        _print_problems(error, "text")
        return EXIT_PROBLEMS
    except UnknownTalk as error:
        print(f"suspects: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_suspects(args) -> int:
    from talkbook.edition.suspects import talk_suspects

    def run(edition) -> None:
        suspects = talk_suspects(Path(args.root), edition, args.talk)
        shown = suspects[:args.top] if args.top else suspects
        for rank, s in enumerate(shown, start=1):
            covered = f"covered by {s.covered_by}" if s.covered_by else "no correction yet"
            print(f"{rank:3}. {s.text} ~ {s.target.text} [{s.target.source}] distance {s.distance:.2f}; "
                  f"{covered}; offset {s.start}: {s.passage}")
        uncovered = sum(1 for s in suspects if not s.covered_by)
        print(f"{len(suspects)} suspect(s), {uncovered} not covered by a correction note"
              + (f" (top {len(shown)} shown)" if len(shown) < len(suspects) else ""))
    return _suspects(args, run)


def cmd_bench_suspects(args) -> int:
    from talkbook.bench.suspects import bench_suspects
    from talkbook.edition.suspects import talk_suspects

    def run(edition) -> None:
        talk_suspects(Path(args.root), edition, args.talk)  # an unknown talk fails here, before any output
        bench_suspects(Path(args.root), edition, args.talk, args.top)
    return _suspects(args, run)


def _scaffold(create) -> int:
    """Run a new-note/new-term command: print what was written, or every reason nothing was."""
    try:
        created = create()
    except BuildError as error:
        _print_problems(error, "text")
        print("nothing was written.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(created.report())
    return EXIT_OK


def cmd_new_note(args) -> int:
    from talkbook.edition.scaffold import new_note

    return _scaffold(lambda: new_note(Path(args.root), args.talk, args.quote, args.kind, args.id,
                                      args.prefix, args.suffix, args.occurrences))


def cmd_new_term(args) -> int:
    from talkbook.edition.scaffold import new_term

    if not args.term and not args.en:
        print("new-term: give the term's name: --term (Chinese) and/or --en (English)", file=sys.stderr)
        return EXIT_USAGE
    return _scaffold(lambda: new_term(Path(args.root), args.id, args.term or "", args.en or "", args.for_talk))


def sizes(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",")]
    except ValueError:
        values = []
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected talk counts like 1,10,100, not {text!r}")
    return values


def cmd_bench(args) -> int:
    from talkbook.bench.scale import bench

    bench(Path(args.root).resolve(), args.sizes, runs=args.runs, seed=args.seed, pdf=not args.no_pdf,
          reading=not args.no_reading, baselines_max=args.baselines_max)
    return EXIT_OK


def cmd_bench_pdf(args) -> int:
    from talkbook.bench.pdf import bench_pdf

    bench_pdf(Path(args.root).resolve(), args.baseline, runs=args.runs, its_sources=args.its_sources)
    return EXIT_OK


def cmd_bench_serve(args) -> int:
    from talkbook.bench.serve import bench_serve

    bench_serve(Path(args.root).resolve(), edits=args.edits, dirty=args.dirty)
    return EXIT_OK


def cmd_reading_stats(args) -> int:
    """The sentence-length profile of each reading text: the files named, or every talk's reading.md."""
    from talkbook.edition.reading_profile import profile
    from talkbook.problems import Problems
    from talkbook.sources.load import load_talk, talk_folders

    problems = Problems()
    texts: list[tuple[str, str, str]] = []  # (name, language, reading.md text)
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            problems.add(name, 0, "no such file; name a reading.md (or a copy of one, e.g. from git show)")
            continue
        texts.append((name, args.language, path.read_text(encoding="utf-8")))
    if not args.files:
        root = Path(args.root)
        for folder in talk_folders(root, problems):
            raw = load_talk(root, folder, problems)
            if raw.reading is not None and raw.data:
                texts.append((raw.reading.path, str(raw.data.get("language", "zh")), raw.reading.text))
    for name, language, text in texts:
        try:
            found = profile(text, language, name)
        except ValueError as broken:
            print(broken, file=sys.stderr)
            problems.add(name, 0, "its marks are broken (above); fix them and measure again")
            continue
        print("\n".join(found.lines(name)))
        for sentence in found.over(found.limits.long):
            print(f"  {name}:{sentence.line}: {sentence.length}: {sentence.text[:40]}…")
    if problems:
        _print_problems(BuildError(problems.items), "text")
        return EXIT_PROBLEMS
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m talkbook", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--root", default=".", help="the repository folder (with talks/ and glossary/)")
    commands = main.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every source file; report every problem at once",
                                epilog="exit codes: 0 the sources are valid; 1 they have problems (each printed as "
                                       "path:line: message); 2 wrong usage. (build exits 3 when MkDocs itself fails.)")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: print GitHub Actions annotations instead of path:line: message lines")
    check.set_defaults(run=cmd_validate)
    gen = commands.add_parser("generate", help="write the generated Markdown pages into a folder")
    gen.add_argument("--out", default="build/pages")
    gen.set_defaults(run=cmd_generate)
    site = commands.add_parser("build", help="validate and build the site (strict), replacing it only on success")
    site.add_argument("--site-dir", default="site")
    site.set_defaults(run=cmd_build)
    export = commands.add_parser("export", help="write the site source as a plain MkDocs project into DIR (no hook: "
                                 "builds with MkDocs, ProperDocs or Zensical)",
                                 epilog="exit codes: 0 written; 1 the sources have problems; 2 wrong usage, or DIR "
                                        "refused (inside the repository, or not empty and not an earlier export)")
    export.add_argument("dir", help="the folder to write (replaced whole if it holds an earlier export)")
    export.set_defaults(run=cmd_export)
    pdf = commands.add_parser("pdf", help="print each talk to build/pdf/<talk-id>.pdf (offline, WeasyPrint)")
    pdf.add_argument("--talk", help="only this talk id (default: every talk, and all of them in one book)")
    pdf.add_argument("--out", default="build/pdf", help="the folder to write the PDF(s) into")
    pdf.add_argument("--verbatim", action="store_true",
                     help="print the verbatim transcript (逐字) instead of a talk's reading text (通读)")
    pdf.add_argument("--lang", metavar="LANG",
                     help="print the edition in the talk's translation into LANG (translations/LANG/), as "
                          "<talk-id>.LANG.pdf beside the original's PDF")
    pdf.add_argument("--parallel", action="store_true",
                     help="with --lang: the original and the translation side by side, paragraph by paragraph, "
                          "as <talk-id>.parallel.LANG.pdf")
    pdf.set_defaults(run=cmd_pdf)
    note = commands.add_parser("new-note", help="write talks/<talk>/notes/<id>.md from a template, after checking "
                               "that the quote occurs exactly once in the transcript; never overwrites",
                               epilog="exit codes: 0 written; 1 refused, nothing written (the reason is printed, "
                                      "with a longer quote to use when the quote is ambiguous); 2 wrong usage")
    note.add_argument("--talk", required=True, help="the talk id (its folder name under talks/)")
    note.add_argument("--quote", required=True, help="the transcript's exact words, misspellings included")
    note.add_argument("--prefix", default="", help="text right before the quote, if the quote alone is not unique")
    note.add_argument("--suffix", default="", help="text right after the quote, if the quote alone is not unique")
    note.add_argument("--kind", choices=NOTE_KINDS, default="context")
    note.add_argument("--occurrences", type=int, default=1, metavar="N",
                      help="a correction: the quote occurs N times and each place is corrected (with --kind correction)")
    note.add_argument("--id", type=kebab_id, help="the note id = file name (default: note-<offset>; better: a "
                      "short description like dalle-release-date)")
    note.set_defaults(run=cmd_new_note)
    term = commands.add_parser("new-term", help="write glossary/<id>.md from a template; refuses an existing id "
                               "or a spelling another term already has",
                               epilog="exit codes: 0 written; 1 refused, nothing written; 2 wrong usage")
    term.add_argument("id", type=kebab_id, help="the term id = file name, e.g. hidden-technical-debt")
    term.add_argument("--term", help="the Chinese name (or the name usual in Chinese writing); "
                      "without it, the English name is used")
    term.add_argument("--en", help="the English name (needed for a term of an English talk)")
    term.add_argument("--talk", dest="for_talk", metavar="TALK",
                      help="the talk that needs the term: the template asks for what its language needs "
                           "(an English talk: the English name and an English definition, short_en)")
    term.set_defaults(run=cmd_new_term)
    suspects = commands.add_parser("suspects", help="list spans of a talk's transcript that sound like a domain "
                                   "word (glossary, field-words.yml, the talk's vocabulary.yml) but are spelt "
                                   "otherwise, best first, with the correction note that covers each",
                                   epilog="exit codes: 0 listed; 1 the sources have problems; 2 wrong usage or "
                                          "unknown talk")
    suspects.add_argument("talk", help="the talk id (its folder name under talks/)")
    suspects.add_argument("--top", type=int, default=0, metavar="N", help="show only the N best (default: all)")
    suspects.set_defaults(run=cmd_suspects)
    bench_sus = commands.add_parser("bench-suspects", help="recall of `suspects` against the talk's correction "
                                    "notes and the covered share of its top N, against the glossary alone")
    bench_sus.add_argument("talk", help="the talk id")
    bench_sus.add_argument("--top", type=int, default=30, metavar="N")
    bench_sus.set_defaults(run=cmd_bench_suspects)
    bench = commands.add_parser("bench-site", help="time site builds against a plain Material build (prints ratios)")
    bench.add_argument("--runs", type=int, default=5)
    bench.set_defaults(run=cmd_bench_site)
    page = commands.add_parser("bench-page", help="Lighthouse on a talk page against plain Material showing the "
                               "same words, mobile and desktop, both gzipped from localhost (prints the table)")
    page.add_argument("--runs", type=int, default=3)
    page.add_argument("--talk", help="the talk's id (default: the first)")
    page.add_argument("--profile", action="store_true", help="instead of Lighthouse: where the main thread's "
                      "time goes as each page loads on a phone, CPU slowed 4x (Chromium trace)")
    page.set_defaults(run=cmd_bench_page)
    engines = commands.add_parser("bench-engines", help="time MkDocs, ProperDocs and Zensical building the export "
                                  "of this repository (prints ratios to MkDocs; sets up .cache/engines/ first)")
    engines.add_argument("--runs", type=int, default=3, help="builds per engine; the median is shown")
    engines.add_argument("--engines", type=engine_names, help="a comma-separated subset (MkDocs, the baseline, "
                         "is always timed)")
    engines.set_defaults(run=cmd_bench_engines)
    search = commands.add_parser("bench-search", help="recall, index size and search load time in Chromium against "
                                 "stock Material on the same pages (prints ratios; needs playwright)")
    search.add_argument("--runs", type=int, default=5)
    search.add_argument("--sizes", type=sizes, help="instead: synthetic archives of this many talks, e.g. 100,1000: "
                        "bytes and time of a first query against Material's (on demand; 1,000 talks take long)")
    search.add_argument("--plain-up-to", type=int, default=100, help="time Material's search only up to this "
                        "many talks (its whole index loads before the first result; beyond, its size is shown)")
    search.set_defaults(run=cmd_bench_search)
    scale = commands.add_parser("bench", help="time generator, build and plain Material on synthetic corpora of "
                                "N talks (50 notes each, 10×N terms); prints ratios and sizes")
    scale.add_argument("--sizes", type=sizes, default=[1, 10, 100], help="talk counts, e.g. 1,10 (default 1,10,100)")
    scale.add_argument("--runs", type=int, default=3, help="builds per size; the median is shown")
    scale.add_argument("--seed", default="talkbook", help="the corpus is the same for the same seed")
    scale.add_argument("--no-pdf", action="store_true", help="do not time the PDF export")
    scale.add_argument("--no-reading", action="store_true",
                       help="do not measure what the talks' reading.md adds to a build (built with and without)")
    scale.add_argument("--baselines-max", type=int, default=None, metavar="N",
                       help="build plain Material and Zensical only for sizes up to N talks (a 1000-talk run "
                       "without them: --sizes 1000 --runs 1 --baselines-max 100); default: at every size")
    scale.set_defaults(run=cmd_bench)
    versus = commands.add_parser("bench-pdf", help="time the PDF of the first talk with this checkout's code and "
                                 "with another commit's, on the same sources (prints the ratio and page counts)")
    versus.add_argument("--baseline", default="main", help="the commit to compare with (default: main)")
    versus.add_argument("--runs", type=int, default=3, help="builds per side after the first; the median is shown")
    versus.add_argument("--its-sources", action="store_true", help="the baseline prints its own commit's talks and "
                        "glossary (for a commit whose code cannot read today's sources)")
    versus.set_defaults(run=cmd_bench_pdf)
    stats = commands.add_parser("reading-stats", help="the sentence-length profile of reading texts: count, mean, "
                                "long sentences, dashes, discourse tics (CONTRIBUTING §12)")
    stats.add_argument("files", nargs="*", help="reading.md files to measure (default: every talk's)")
    stats.add_argument("--language", default="zh", help="the language of the files named (default zh)")
    stats.set_defaults(run=cmd_reading_stats)
    reading = commands.add_parser("bench-reading", help="time the reading check (通读 against the verbatim) at "
                                  "75 KB to 1 MB of transcript (prints ratios)")
    reading.add_argument("--sizes", type=int, nargs="*", help="verbatim sizes in bytes (default 75 KB, 150 KB, "
                         "300 KB, 1 MB)")
    reading.set_defaults(run=cmd_bench_reading)
    serve = commands.add_parser("bench-serve", help="seconds from saving a note to `mkdocs serve` showing it "
                                "(on a temporary copy of the sources)")
    serve.add_argument("--edits", type=int, default=5, help="how many saves to time")
    serve.add_argument("--dirty", action="store_true", help="run `mkdocs serve --dirty --no-strict` (MkDocs "
                       "warns on every dirty build)")
    serve.set_defaults(run=cmd_bench_serve)
    return main


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as the shell reports a command stopped by Ctrl-C


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    try:
        return args.run(args)
    except (KeyboardInterrupt, Interrupted):
        # Every command writes beside its target and swaps in only when complete: nothing to undo.
        print(f"talkbook {args.command}: interrupted (Ctrl-C); nothing was replaced, what was there is kept",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        # A file the command needed vanished or could not be read or written (a folder renamed
        # while it ran, a full disk, a path the system refuses): one line, never a traceback.
        where = f"{error.filename}: " if error.filename else ""
        print(f"talkbook {args.command} failed: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_BUILD
