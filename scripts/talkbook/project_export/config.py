"""The mkdocs.yml of an exported edition (export.py): the repository's own configuration with what
only our hook could do taken out or written down, so that any engine that reads mkdocs.yml builds
it: no `hooks:` or `watch:`, the theme overrides and docs in the export's own folders, the glossary's
jieba words as Material's user dictionary, no page edit button (it would open generated Markdown
the repository does not hold), and the navigation spelled out, listing what the hook's build lists
(adapter/mkdocs_events.in_nav) under the talks' own titles."""
from __future__ import annotations

import copy
import posixpath

import yaml

from talkbook.web import urls
from talkbook.edition.model import Edition

DOCS = "docs"
OVERRIDES = "overrides"
JIEBA_USER_DICT = "jieba-user.txt"

HEADER = """\
# Written by `python -m talkbook export`: a plain MkDocs project, no hooks and no custom plugin.
# Build it from this folder (the search plugin reads {jieba} relative to the working directory):
#   mkdocs build    |    properdocs build    |    zensical build
# Edits here are lost at the next export: change the repository's mkdocs.yml and export again.
"""

# Keys that only make sense next to the repository's sources (the hook, the folders it watches,
# where the repository builds its site).
_DROPPED = ("hooks", "watch", "site_dir", "docs_dir")


def plugin_names(config: dict) -> list[str]:
    """The names in `plugins:`, which may hold plain names or one-key mappings."""
    names = []
    for entry in config.get("plugins") or ():
        names.append(next(iter(entry)) if isinstance(entry, dict) else str(entry))
    return names


def export_config(config: dict, navigation: list, has_overrides: bool, has_user_dict: bool) -> dict:
    """The export's configuration from the repository's (as read by MkDocs' YAML loader, !ENV
    values resolved: the generated pages' edit links were made with those same values)."""
    out = {}
    for key, value in config.items():
        if key == "docs_dir":
            out[key] = DOCS
        elif key not in _DROPPED:
            out[key] = copy.deepcopy(value)
    out["docs_dir"] = DOCS
    theme = out.get("theme")
    if isinstance(theme, dict):
        theme.pop("custom_dir", None)
        if has_overrides:
            theme["custom_dir"] = OVERRIDES
        if isinstance(theme.get("features"), list):
            # Engines point a page's edit button at its Markdown under docs/; a generated page's
            # Markdown exists only in the export, so the button would open a file the repository
            # does not have. The notes' own edit links (in the page) still open their sources.
            theme["features"] = [f for f in theme["features"] if f != "content.action.edit"]
        if theme.get("name") == "material":
            # Zensical's look of Material for MkDocs (its default is its own); MkDocs ignores the key.
            theme.setdefault("variant", "classic")
    if has_user_dict:
        out["plugins"] = [_with_user_dict(entry) for entry in out.get("plugins") or ()]
    out["nav"] = navigation
    # Term pages are reached from the glossary index and the text, never from the navigation (as in
    # the hook's build); saying so keeps MkDocs from listing each of them as missing from nav.
    out["not_in_nav"] = "/glossary/*.md"
    return out


def _with_user_dict(entry):
    """A `search` plugin entry with the glossary's words as jieba's user dictionary."""
    name = next(iter(entry)) if isinstance(entry, dict) else str(entry)
    if name not in ("search", "material/search"):
        return entry
    options = dict(entry[name] or {}) if isinstance(entry, dict) else {}
    options.setdefault("jieba_dict_user", JIEBA_USER_DICT)
    return {name: options}


def navigation(edition: Edition, hand_written: list[str], listed) -> list:
    """The nav: home, each talk (its page and introduction) while `listed` lists talks, the
    glossary index, then the hand-written pages in file order. Entries without a title take the
    page's own, as the automatic navigation does."""
    nav: list = [urls.HOME]
    for talk in edition.talks:
        page = urls.talk_page(talk.id)
        if not listed(page):
            continue
        pages = [page] + ([urls.intro_page(talk.id)] if talk.intro_title else [])
        nav.append({talk.title: pages})
    nav.append(urls.GLOSSARY_INDEX)
    nav.append(urls.BIBLIOGRAPHY)
    nav.extend(sorted(hand_written, key=lambda name: (posixpath.dirname(name), name)))
    return nav


def dump(config: dict) -> str:
    """mkdocs.yml text: keys in the repository's order, Chinese left readable."""
    body = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    return HEADER.format(jieba=JIEBA_USER_DICT) + body
