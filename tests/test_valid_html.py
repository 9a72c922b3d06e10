"""Every page of the built site is valid HTML to the Nu Html Checker (vnu-jar, pinned in scripts/dev,
run with Debian's Java): no error from our markup, and none from the two Material templates the
theme overrides mend (the toggles' autocomplete, the table of contents' label on pages outside the
navigation; adapter/mkdocs_events.valid_toggles, overrides/partials/toc.html)."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import ROOT

VNU = ROOT / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_built_page_is_valid_html(site):
    if not VNU.is_file() or not shutil.which("java"):
        pytest.fail("the Nu Html Checker needs .cache/npm's vnu-jar and Java: run `bash scripts/dev test`")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 20
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
                          capture_output=True, text=True, timeout=600)
    errors = [line.replace(str(site), "") for line in done.stderr.splitlines() if line.strip()]
    assert errors == [] and done.returncode == 0, "\n".join(errors[:30])


def test_the_search_dialog_is_named(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="' in page
