"""MkDocs hooks (mkdocs.yml `hooks:`): a thin adapter; the work is in scripts/talkbook/."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from talkbook.mkdocs_adapter import (add_generated_files, add_raw_blocks, add_search_assets, check_config,  # noqa: E402
                                     check_page, prepare_search, set_edit_url, set_search_meta)

_edition = None
_undo_search = None


def on_config(config):
    check_config(config)
    add_raw_blocks(config)
    return config


def on_files(files, config):
    global _edition, _undo_search
    _restore_search()  # a build that stopped before on_post_build may have left its words in jieba
    _edition = add_generated_files(files, config)
    add_search_assets(files, config)
    _undo_search = prepare_search(_edition)
    return files


def on_pre_page(page, config, files):
    set_edit_url(_edition, page, config)
    return page


def on_page_markdown(markdown, page, config, files):
    set_search_meta(_edition, page)
    return markdown


def on_post_page(output, page, config):
    check_page(_edition, page.file.src_uri, output)
    return output


def on_post_build(config):
    _restore_search()


def on_build_error(error):
    _restore_search()


def _restore_search():
    global _undo_search
    if _undo_search is not None:
        _undo_search()
        _undo_search = None
