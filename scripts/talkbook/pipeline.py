"""The stages in order: load -> validate -> structure (anchor, lay out) -> render. Pure functions of
the files under `root`; the CLI and the MkDocs hook are adapters over these two calls."""
from __future__ import annotations

from pathlib import Path

from .load import load_sources
from .model import Edition
from .problems import Problems
from .render import RenderOptions, render_site
from .structure import build_edition
from .validate import validate


def load_edition(root: Path) -> Edition:
    """Read and check every source; raise BuildError listing every problem, or return the model."""
    problems = Problems()
    raw = load_sources(Path(root), problems)
    valid = validate(raw, problems)
    edition = build_edition(valid, problems)
    problems.raise_if_any()
    return edition


def generate(root: Path, options: RenderOptions = RenderOptions(),
             search_views: dict | None = None) -> tuple[Edition, dict[str, str | bytes]]:
    edition = load_edition(root)
    return edition, render_site(edition, options, search_views)
