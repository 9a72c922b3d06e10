"""MkDocs hooks (mkdocs.yml `hooks:`): a thin adapter; the work is in scripts/talkbook/."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from talkbook.mkdocs_adapter import add_generated_files, check_page  # noqa: E402

_edition = None


def on_files(files, config):
    global _edition
    _edition = add_generated_files(files, config)
    return files


def on_post_page(output, page, config):
    check_page(_edition, page.file.src_uri, output)
    return output
