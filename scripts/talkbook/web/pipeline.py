"""The stages in order: load -> validate -> structure (anchor, lay out) -> render. Pure functions of
the files under `root`; the CLI and the MkDocs hook are adapters over these calls. With `reuse`,
talks whose inputs did not change since an earlier build come from the build cache (buildcache.py)."""
from __future__ import annotations

from pathlib import Path

from .buildcache import BuildCache, TalkEntry, folder_digest
from talkbook.sources.load import load_sources, talk_folders
from talkbook.edition.model import Edition
from talkbook.edition.time_limit import TooSlow
from talkbook.problems import BuildError, Problems
from talkbook.sources.locate import too_slow_problem
from .render import RenderedTalk, RenderOptions, render_site
from talkbook.edition.build import load_edition
from talkbook.edition.structure import build_edition
from talkbook.sources.source_policy import policy_fingerprint
from talkbook.sources.validate import validate


def generate(root: Path, options: RenderOptions = RenderOptions(), search_views: dict | None = None,
             reuse: bool = False) -> tuple[Edition, dict[str, str | bytes]]:
    """The edition and every generated file (render.render_site); `search_views` receives the pages'
    search views. With `reuse`, unchanged talks come from the build cache, which is then updated.
    A text that takes too long to convert is a problem of its file (edition/time_limit.py)."""
    try:
        return _generate(root, options, search_views, reuse)
    except TooSlow as slow:
        raise BuildError([too_slow_problem(Path(root), slow.subject, slow.seconds)]) from None


def _generate(root: Path, options: RenderOptions, search_views: dict | None, reuse: bool):
    if reuse:
        return _generate_reusing(Path(root), options, search_views)
    edition = load_edition(root)
    return edition, render_site(edition, options, search_views)


def _generate_reusing(root: Path, options: RenderOptions, search_views: dict | None):
    glossary = folder_digest(root / "glossary") if (root / "glossary").is_dir() else "no glossary"
    if glossary is None:  # a symlink in glossary/: read afresh, so that the loader reports it
        return _generate(root, options, search_views, reuse=False)
    # Cached talks were validated against the source policy of their time (sources/source_policy.py).
    glossary += " " + policy_fingerprint(root)
    # An override template changes pages as code does: its bytes are part of every talk's key.
    overrides = [folder_digest(Path(folder)) for folder in options.templates if Path(folder).is_dir()]
    cache = BuildCache(root, repr(options) + repr(overrides))
    problems = Problems()
    keys, cached = {}, {}
    folders = talk_folders(root, problems)
    for folder in folders:
        digest = folder_digest(folder)
        if digest is not None:
            keys[folder.name] = cache.key(folder.name, digest, glossary)
            entry = cache.get(keys[folder.name])
            if entry is not None:
                cached[folder.name] = entry
    terms = cache.glossary(glossary)
    raw = load_sources(root, problems, [folder for folder in folders if folder.name not in cached], terms)
    built = build_edition(validate(raw, problems), problems)
    problems.raise_if_any()
    if terms is None:
        cache.put_glossary(glossary, raw.terms)
    talks = {talk.id: talk for talk in built.talks} | {talk_id: entry.talk for talk_id, entry in cached.items()}
    edition = Edition(talks=tuple(talks[folder.name] for folder in folders), terms=built.terms)
    rendered = {talk_id: RenderedTalk(entry.files, entry.search_view) for talk_id, entry in cached.items()}
    markup = cache.markup()
    known = len(markup)
    files = render_site(edition, options, search_views, rendered, markup)
    for talk in built.talks:
        if talk.id in keys:
            cache.put(keys[talk.id], TalkEntry(talk, rendered[talk.id].files, rendered[talk.id].search_view))
    if built.talks or len(markup) != known:  # something was converted afresh
        cache.put_markup(markup)
    cache.prune()
    return edition, files
