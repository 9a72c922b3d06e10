"""MkDocs hooks (mkdocs.yml `hooks:`): a thin adapter; the work is in scripts/talkbook/."""
import sys
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))

from talkbook.preview import banner as serve_banner, watch as serve_watch  # noqa: E402
from talkbook.adapter.mkdocs_events import (  # noqa: E402
    add_generated_files,
    add_raw_blocks,
    add_search_assets,
    cache_templates,
    check_config,
    check_page,
    localise_nav,
    prepare_search,
    restore_blocks,
    set_edit_url,
    set_search_meta,
    show_search_view,
    skeleton_markdown,
    split_parts,
    split_search_index,
    valid_toggles,
)

_edition = None
_search_views = {}
_undo_search = None
_full_content = None
_skeletons = {}  # page -> its blocks while Markdown renders it without them (rawblocks.skeleton)


def on_startup(command, dirty):
    serve_banner.start(command)


def on_serve(server, config, builder):
    serve_watch.settle_watches(server)
    return server


def on_config(config):
    check_config(config)
    add_raw_blocks(config)
    return config


def on_files(files, config):
    global _edition, _search_views, _undo_search
    _restore_search()  # a build that stopped before on_post_build may have left its segmenter in place
    _skeletons.clear()
    _edition, _search_views = add_generated_files(files, config)
    add_search_assets(files, config)
    _undo_search = prepare_search(_edition, config)
    return files


def on_nav(nav, config, files):
    localise_nav(nav, _edition, config)
    return nav


def on_env(env, config, files):
    cache_templates(env, config)
    return env


def on_pre_page(page, config, files):
    set_edit_url(_edition, page, config)
    return page


@event_priority(-100)  # last: every other plugin sees the whole page
def on_page_markdown(markdown, page, config, files):
    set_search_meta(_edition, page)
    return skeleton_markdown(page, markdown, _skeletons)


@event_priority(100)  # first: every other plugin sees the whole page again
def on_page_content(html, page, config, files):
    return restore_blocks(page, html, _skeletons)


# Around Material's search plugin (priority 0): it indexes the page's search view, readers get the page.
@event_priority(50)
def _before_search(context, page, config, nav):
    global _full_content
    _full_content = show_search_view(_search_views, page)


@event_priority(-50)
def _after_search(context, page, config, nav):
    global _full_content
    if _full_content is not None:
        page.content, _full_content = _full_content, None


on_page_context = CombinedEvent(_before_search, _after_search)


def on_post_page(output, page, config):
    check_page(_edition, page.file.src_uri, output)
    return serve_banner.add_banner(split_parts(valid_toggles(output), page, config))


def on_post_template(output_content, template_name, config):
    return valid_toggles(output_content)  # the theme's own pages (404.html) too


def _restore_after_build(config):
    _restore_search()


@event_priority(-200)  # after Material's offline plugin (-100) wrote the index as a script too
def _search_on_demand(config):
    split_search_index(config)


on_post_build = CombinedEvent(_restore_after_build, _search_on_demand)


def on_build_error(error):
    _restore_search()


def _restore_search():
    global _undo_search
    if _undo_search is not None:
        _undo_search()
        _undo_search = None
