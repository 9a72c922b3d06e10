"""The MkDocs side: add the generated pages to the build (in memory, nothing written into docs/)
and check the invariants on each rendered talk page. Called by scripts/mkdocs_hooks.py."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from . import urls
from .model import Edition
from .pipeline import generate
from .problems import BuildError
from .render import RenderOptions
from .verify import check_talk_page


def edit_base(config) -> str:
    """The repository host's edit URL prefix for source files, from repo_url and edit_uri.
    edit_uri points into docs/ (e.g. edit/main/docs/); our sources live beside docs/, so drop it."""
    repo_url, edit_uri = config.get("repo_url"), (config.get("edit_uri") or "").strip("/")
    if not repo_url or not edit_uri:
        return ""
    docs = Path(config["docs_dir"]).name
    if edit_uri == docs or edit_uri.endswith("/" + docs):
        edit_uri = edit_uri[: -len(docs)].strip("/")
    return f"{repo_url.rstrip('/')}/{edit_uri}/"


def add_generated_files(files: Files, config) -> Edition:
    root = Path(config["config_file_path"]).parent
    options = RenderOptions(use_directory_urls=config["use_directory_urls"], edit_base=edit_base(config))
    try:
        edition, generated = generate(root, options)
    except BuildError as error:
        raise PluginError("talkbook: the sources have problems:\n" + error.report()) from None
    clashes = sorted(name for name in generated if files.get_file_from_path(name) is not None)
    if clashes:
        raise PluginError(f"talkbook: docs/ has hand-written files where generated pages go: {', '.join(clashes)}; "
                          f"rename or remove them")
    for name, content in generated.items():
        # Term pages stay out of the navigation: one entry per term on every page would grow the
        # site quadratically with the glossary.
        inclusion = InclusionLevel.NOT_IN_NAV if name.startswith("glossary/") and name != urls.GLOSSARY_INDEX \
            else InclusionLevel.UNDEFINED
        files.append(File.generated(config, name, content=content, inclusion=inclusion))
    return edition


def check_page(edition: Edition, src_uri: str, html: str) -> None:
    talk = next((t for t in edition.talks if urls.talk_page(t.id) == src_uri), None)
    if talk is None:
        return
    problems = check_talk_page(talk, html)
    if problems:
        raise PluginError("talkbook: invariant broken on the rendered page:\n" + "\n".join(problems))
