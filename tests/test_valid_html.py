"""Every page of the built site is valid HTML to the Nu Html Checker (vnu-jar, pinned in scripts/dev,
run with Debian's Java): no error from our markup, and none from the two Material templates the
theme overrides mend (the toggles' autocomplete, the table of contents' label on pages outside the
navigation; adapter/mkdocs_events.valid_toggles, overrides/partials/toc.html)."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import ROOT
from talkbook.web.page_parts import read_joined

VNU = ROOT / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_built_page_is_valid_html(site, tmp_path):
    """As served, and whole: a page that loads its parts (web/page_parts.py) is checked again with
    them put back, so the markup waiting in them is checked too."""
    if not VNU.is_file() or not shutil.which("java"):
        pytest.fail("the Nu Html Checker needs .cache/npm's vnu-jar and Java: run `bash scripts/dev test`")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 20
    for number, split in enumerate(sorted(site.rglob("*.parts.js"))):
        whole = tmp_path / f"whole-{number}-{split.name.replace('.parts.js', '.html')}"
        whole.write_text(read_joined(split.with_name(split.name.replace(".parts.js", ".html"))), encoding="utf-8")
        pages.append(str(whole))
    assert any("whole-" in page for page in pages)
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
                          capture_output=True, text=True, timeout=600)
    errors = [line.replace(str(site), "").replace(str(tmp_path), "") for line in done.stderr.splitlines() if line.strip()]
    assert errors == [] and done.returncode == 0, "\n".join(errors[:30])


def test_the_search_dialog_is_named(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="' in page
