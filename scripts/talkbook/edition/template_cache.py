"""Compiled templates kept between builds, as Python keeps compiled modules: Material's theme and
talkbook's own templates are code, the same for every project, and compiling them was about half of
a one-talk build from nothing (Jinja parses and generates Python for some fifty templates).

They live in one folder per environment (TALKBOOK_TEMPLATE_CACHE, else the user's cache folder,
e.g. ~/.cache/talkbook/templates/), under a key naming everything that shapes the compiled code
(template_cache_key), so another Jinja, MkDocs, Material or Python never reads them; Jinja itself
compiles again a template whose source changed since (it checks the source's checksum). A
project's build cache (web/buildcache.py) holds no template: emptying it is still a first build
of the project, and `bench` times a build with this folder emptied too ("build cold")."""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import sys
from pathlib import Path

TEMPLATE_CACHE_ENV = "TALKBOOK_TEMPLATE_CACHE"

# Environment settings that change the code Jinja compiles a template into.
_COMPILE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                     "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                     "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
                     "autoescape")
# Packages whose versions shape the compiled templates: Jinja's compiler, the extensions MkDocs
# installs (i18n via babel) and the theme itself.
_TEMPLATE_LIBRARIES = ("jinja2", "mkdocs", "mkdocs-material", "babel")


def template_cache_key(env) -> str:
    """What Jinja's own check does not cover: Jinja checks a cached template's source and its
    bytecode format, not the compiler that produced it, nor the environment it was compiled for."""
    parts = [f"{name}={importlib.metadata.version(name)}" for name in _TEMPLATE_LIBRARIES]
    parts += [f"{name}={getattr(env, name)!r}" for name in _COMPILE_SETTINGS]
    parts += sorted(env.extensions)
    parts.append(sys.version)
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=12).hexdigest()


def cache_root() -> Path:
    """Where this environment keeps compiled templates."""
    chosen = os.environ.get(TEMPLATE_CACHE_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("talkbook")) / "templates"


def compiled_templates(env, parent: Path | None = None, prune: bool = False) -> "jinja2.BytecodeCache | None":
    """A bytecode cache for `env` in <parent or cache_root()>/<key>/; with `prune`, the other keys'
    folders are removed (a parent of one project's; the shared folder keeps every environment's).
    None when the folder cannot be made: the build then compiles as before."""
    import jinja2

    parent = Path(parent) if parent is not None else cache_root()
    key = template_cache_key(env)
    try:
        (parent / key).mkdir(parents=True, exist_ok=True)
        if prune:
            for old in parent.iterdir():
                if old.name != key and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(parent / key))
