"""Command line: `python -m talkbook validate|generate|build`.

Exit codes: 0 success; 1 the sources have problems (each printed as path:line: message);
2 the command was used wrongly; 3 the site build itself failed (MkDocs error)."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .pipeline import generate, load_edition
from .problems import BuildError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUILD = 0, 1, 2, 3


def _print_problems(error: BuildError, output_format: str) -> None:
    for problem in error.problems:
        if output_format == "github":
            # GitHub Actions workflow commands: one annotation per problem, shown on the PR's diff.
            message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            line = f",line={problem.line}" if problem.line else ""
            print(f"::error file={problem.path}{line}::{message}")
        else:
            print(problem, file=sys.stderr)
    print(f"{len(error.problems)} problem(s) found.", file=sys.stderr)


def replace_directory(staged: Path, target: Path) -> None:
    """Swap a fully written directory into place, so a failed build never leaves half a site."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staged.rename(target)
    if old.exists():
        shutil.rmtree(old)


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
    staged = Path(tempfile.mkdtemp(prefix=".generate-", dir=out.parent if out.parent.exists() else None))
    for name, content in files.items():
        path = staged / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    replace_directory(staged, out)
    print(f"wrote {len(files)} file(s) to {out}")
    return EXIT_OK


def cmd_build(args) -> int:
    """Validate, then run a strict MkDocs build into a staging folder and swap it in."""
    try:
        load_edition(args.root)
    except BuildError as error:
        _print_problems(error, "text")
        return EXIT_PROBLEMS
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = Path(args.root).resolve()
    target = Path(args.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staged), strict=True)
        build(config)
    except (MkDocsException, BuildError, SystemExit) as error:
        shutil.rmtree(staged, ignore_errors=True)
        print(f"site build failed; {target} was left as it was: {error}", file=sys.stderr)
        return EXIT_BUILD
    replace_directory(staged, target)
    print(f"built the site into {target}")
    return EXIT_OK


def cmd_bench_site(args) -> int:
    from .bench import bench_site

    bench_site(Path(args.root).resolve(), runs=args.runs)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m talkbook", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--root", default=".", help="the repository folder (with talks/ and glossary/)")
    commands = main.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every source file; report every problem at once")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: print GitHub Actions annotations instead of path:line: message lines")
    check.set_defaults(run=cmd_validate)
    gen = commands.add_parser("generate", help="write the generated Markdown pages into a folder")
    gen.add_argument("--out", default="build/pages")
    gen.set_defaults(run=cmd_generate)
    site = commands.add_parser("build", help="validate and build the site (strict), replacing it only on success")
    site.add_argument("--site-dir", default="site")
    site.set_defaults(run=cmd_build)
    bench = commands.add_parser("bench-site", help="time site builds against a plain Material build (prints ratios)")
    bench.add_argument("--runs", type=int, default=5)
    bench.set_defaults(run=cmd_bench_site)
    return main


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    return args.run(args)
