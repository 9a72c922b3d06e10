"""`python -m talkbook export DIR`: the whole site source as a plain MkDocs project any engine that
reads mkdocs.yml can build (MkDocs 1.6, ProperDocs, Zensical): the hand-written docs, the pages the
hook otherwise adds in memory, the assets, and a mkdocs.yml with no hook (config.py).

What the hook does at build time is carried over where a plain project can hold it: the search
boosts as page front matter, the glossary's words as jieba's user dictionary, the offline shim and
the fixed search worker as files (the worker in the theme overrides, under the name the installed
Material gives it). What cannot be carried (the search view, the rendered-page checks) is listed
in docs/maintainers/engines.md ("What degrades without the hook").

DIR is replaced whole and only once the export is complete; a non-empty DIR that is not an earlier
export is refused, and so is any DIR inside the repository."""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from talkbook.adapter import offline
from talkbook.adapter.mkdocs_events import in_nav
from talkbook.web import search, segment, urls
from talkbook.web.links import edit_base, new_file_base
from talkbook.web.pipeline import generate
from talkbook.web.render import RenderOptions

from . import config as export_config

# A file in every export's top folder: what makes a later export allowed to replace the folder.
MARKER = ".talkbook-export"
MARKER_TEXT = ("Written by `python -m talkbook export`. The next export into this folder replaces all "
               "of it; remove this file to keep the folder from being replaced.\n")


class ExportRefused(Exception):
    """DIR cannot be written (why, and what to do instead, in the message)."""


@dataclass(frozen=True)
class ExportResult:
    target: Path
    pages: int  # Markdown pages in docs/
    files: int  # every file written


def check_target(root: Path, target: Path) -> None:
    """Refuse a DIR that an export must not replace (`root` resolved, `target` absolute)."""
    if target.is_symlink():
        raise ExportRefused(f"{target}: is a symbolic link; name the folder itself")
    target = target.resolve()
    if target == root or root in target.parents:
        raise ExportRefused(f"{target}: is inside the repository {root}; export writes a separate project, "
                            f"so name a folder outside it (e.g. ../talkbook-export)")
    if target in root.parents:
        raise ExportRefused(f"{target}: holds the repository {root}; name a new or empty folder outside it")
    if target.exists() and not target.is_dir():
        raise ExportRefused(f"{target}: is not a folder; name a new or empty folder")
    above = next(folder for folder in target.parents if folder.exists())
    if not above.is_dir():
        raise ExportRefused(f"{target}: {above} is a file, so no folder can be made below it; name a new or "
                            f"empty folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise ExportRefused(f"{target}: is not empty and is not an earlier export (no {MARKER} in it); "
                            f"name a new or empty folder, or an earlier export to replace")


def read_config(root: Path) -> dict:
    """The repository's mkdocs.yml as plain data, !ENV values resolved (MkDocs' own YAML loader)."""
    from mkdocs.utils import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as stream:
        return yaml_load(stream) or {}


def render_options(config: dict) -> RenderOptions:
    config = {"docs_dir": "docs", **config}
    return RenderOptions(use_directory_urls=config.get("use_directory_urls", True), edit_base=edit_base(config),
                         new_file_base=new_file_base(config))


def with_search_boost(markdown: str, boost: float) -> str:
    """The page with `search: boost:` in its front matter (what adapter/mkdocs_events.set_search_meta sets
    at build time). Generated pages always open with front matter (render.front_matter)."""
    end = markdown.index("\n---\n", 4)
    return f"{markdown[:end]}\nsearch:\n  boost: {boost}{markdown[end:]}"


def material_worker() -> Path | None:
    """The installed Material's search worker, or None when Material is not installed."""
    try:
        import material
    except ImportError:
        return None
    workers = sorted((Path(material.__file__).parent / "templates").glob("assets/javascripts/workers/search.*.min.js"))
    found = [w for w in workers if search.WORKER.search(w.relative_to(Path(material.__file__).parent / "templates")
                                                         .as_posix())]
    return found[0] if len(found) == 1 else None


def export(root: Path, target: Path) -> ExportResult:
    """Write the export of the sources under `root` into `target` (see the module's docstring).
    Raises ExportRefused for a target it must not write, BuildError when the sources have problems."""
    root, target = Path(root).resolve(), Path(target).absolute()
    check_target(root, target)
    target = target.resolve()
    config = read_config(root)
    docs = root / str(config.get("docs_dir", "docs"))
    edition, generated = generate(root, render_options(config))
    hand_written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) if docs.is_dir() else []
    clashes = sorted(set(hand_written) & set(generated))
    if clashes:
        raise ExportRefused(f"{docs}: has hand-written files where generated pages go: {', '.join(clashes)}; "
                            f"rename or remove them")
    staged = _staging_folder(target)
    umask = os.umask(0)
    os.umask(umask)
    staged.chmod(0o777 & ~umask)  # mkdtemp makes it private; an export is an ordinary folder
    try:
        count = _write(root, config, docs, edition, generated, hand_written, staged)
        _swap_in(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    pages = sum(1 for name in [*generated, *hand_written] if name.endswith(".md"))
    return ExportResult(target, pages, count)


def _write(root, config, docs, edition, generated, hand_written, out: Path) -> int:
    files: dict[str, bytes] = {}
    for name in hand_written:
        files[f"{export_config.DOCS}/{name}"] = (docs / name).read_bytes()
    talk_pages = {urls.talk_page(t.id) for t in edition.talks}
    for name, content in generated.items():
        if isinstance(content, str):
            boost = search.page_boost(name, talk_pages) if name.endswith(".md") else None
            content = (with_search_boost(content, boost) if boost is not None else content).encode("utf-8")
        files[f"{export_config.DOCS}/{name}"] = content
    plugins = export_config.plugin_names(config)
    if "offline" in plugins and offline.SHIM not in hand_written:
        files[f"{export_config.DOCS}/{offline.SHIM}"] = offline.shim_bytes()
    theme = config.get("theme") or {}
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir:
        source = root / custom_dir
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            files[f"{export_config.OVERRIDES}/{path.relative_to(source).as_posix()}"] = path.read_bytes()
    worker = material_worker() if isinstance(theme, dict) and theme.get("name") == "material" else None
    if worker is not None and ("search" in plugins or "material/search" in plugins):
        # Theme files in custom_dir replace the theme's own: the worker with the query segmenter fixed.
        patched = search.patch_worker(worker.read_text(encoding="utf-8"))
        files[f"{export_config.OVERRIDES}/assets/javascripts/workers/{worker.name}"] = patched.encode("utf-8")
    user_dict = segment.user_dictionary(edition.terms)
    if user_dict and ("search" in plugins or "material/search" in plugins):
        files[export_config.JIEBA_USER_DICT] = user_dict.encode("utf-8")
    has_overrides = any(name.startswith(export_config.OVERRIDES + "/") for name in files)
    pages = [name for name in hand_written if name.endswith(".md")]
    nav = export_config.navigation(edition, pages, lambda page: in_nav(page, edition))
    conf = export_config.export_config(config, nav, has_overrides, export_config.JIEBA_USER_DICT in files)
    files["mkdocs.yml"] = export_config.dump(conf).encode("utf-8")
    files[MARKER] = MARKER_TEXT.encode("utf-8")
    for name, content in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return len(files)


def _staging_folder(target: Path) -> Path:
    """A new folder beside the target, or ExportRefused naming why the system would not make one
    (/proc, /sys: file systems of the kernel; a read-only mount; no permission)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    except OSError as error:
        raise ExportRefused(f"{target}: no folder can be written in {target.parent} ({_why(error)}); "
                            f"name a new or empty folder on a disk you may write to") from None


def _why(error: OSError) -> str:
    """The reason in words that do not depend on who runs it (root gets EPERM where others get EACCES)."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return "not permitted"
    if error.errno == errno.ENOENT:
        return "the system does not let a folder be made there"
    if error.errno == errno.EROFS:
        return "a read-only file system"
    return error.strerror or str(error)


def _swap_in(staged: Path, target: Path) -> None:
    """Put the finished export in place of `target` (an earlier export or nothing)."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    staged.rename(target)
    if old is not None:
        shutil.rmtree(old)
