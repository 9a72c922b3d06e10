"""`mkdocs serve` keeps serving while a source is broken. MkDocs' own server holds every request
until a build succeeds, so an editor who saves a broken note would see the preview hang. Instead,
while serving, a build whose sources have problems reuses the generated pages of the last good
build, and every page carries a banner naming each problem (path:line); the next good build
clears it. `mkdocs build` and `python -m talkbook build` still fail on any problem."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html import escape

from talkbook.problems import BuildError

MAX_SHOWN = 20  # problems listed in the banner; the rest are counted


@dataclass
class ServeState:
    serving: bool = False
    last_good: tuple | None = None  # (edition, generated files, search views) of the last good build
    problems: list[str] = field(default_factory=list)  # the current build's, shown in the banner


STATE = ServeState()


def start(command: str) -> None:
    STATE.serving = command == "serve"


def generate_or_fall_back(generate_pages):
    """generate_pages() -> (edition, files, views). While serving, a BuildError (or a source that
    vanished mid-read) after one good build gives the last good pages and sets the banner; otherwise
    it is raised as before."""
    try:
        result = generate_pages()
    except BuildError as error:
        return _fall_back(error, [str(problem) for problem in error.problems], error.report())
    except OSError as error:
        # A file or talk folder renamed or deleted while the build read it (an editor's save, a `git
        # checkout`): the events of that change ask for the next build, which sees the new state.
        problem = (f"{vanished_path(error)}: {error.strerror or error} while the preview was building "
                   "(renamed or deleted during the build?); the next save rebuilds")
        return _fall_back(error, [problem], problem)
    STATE.last_good, STATE.problems = result, []
    return result


def vanished_path(error: OSError) -> str:
    return str(error.filename) if error.filename else "a source file"


def _fall_back(error: Exception, problems: list[str], report: str):
    if not STATE.serving or STATE.last_good is None:
        raise error
    STATE.problems = problems
    # INFO, not WARNING: under --strict a warning would abort the very build that keeps serving.
    logging.getLogger("mkdocs.plugins.talkbook").info(
        "talkbook: the sources have problems; serving the last good pages with a banner:\n%s", report)
    return STATE.last_good


def banner_html(problems: list[str]) -> str:
    shown = "".join(f"<li><code>{escape(line)}</code></li>" for line in problems[:MAX_SHOWN])
    more = f"<li>… and {len(problems) - MAX_SHOWN} more</li>" if len(problems) > MAX_SHOWN else ""
    return ('<div class="talkbook-serve-problems" role="alert" style="background:#fff3cd;color:#3d2c00;'
            'border-bottom:2px solid #c9a100;padding:.6em 1em;font-size:.8rem;position:relative;z-index:10">'
            f'<strong>The sources have {len(problems)} problem(s); this preview shows the last good build '
            f'until they are fixed:</strong><ul style="margin:.3em 0 0">{shown}{more}</ul></div>')


_BODY = re.compile(r"<body\b[^>]*>")


def add_banner(html: str) -> str:
    """The page with the banner right after <body>, while the current build has problems."""
    if not STATE.problems:
        return html
    found = _BODY.search(html)
    if found is None:
        return html
    return html[:found.end()] + banner_html(STATE.problems) + html[found.end():]
