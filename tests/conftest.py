"""Shared fixtures: the repository, a copy of the mini fixture, built sites, a real Chromium."""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from talkbook.bench.static_server import serve  # noqa: F401  (tests import it from here)

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
CHROMIUM = os.environ.get("TALKBOOK_CHROMIUM", "/usr/bin/chromium")
# Keep Chromium from calling out: the tests (and the site) must work with no network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run", "--disable-default-apps"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def read_config(project: Path) -> dict:
    """mkdocs.yml as plain data, read with MkDocs' own YAML loader (it knows the !ENV tag)."""
    from mkdocs.utils import yaml_load

    return yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))


def _directory_urls(project: Path) -> bool:
    return read_config(project).get("use_directory_urls", True)


# The site's URL style (mkdocs.yml): pages are name.html when false (the offline-capable build).
DIRECTORY_URLS = _directory_urls(ROOT)


def site_file(site: Path, src: str) -> Path:
    """The built HTML file of the source page `src` in `site`."""
    from talkbook.web import urls

    path = urls.page_url(src, DIRECTORY_URLS)
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def site_page(site: Path, src: str) -> str:
    """The built HTML of the source page `src`, whole: with the parts it loads beside it put back
    (web/page_parts.py), as the build checked it."""
    from talkbook.web.page_parts import read_joined

    return read_joined(site_file(site, src))


def build_site(project: Path, site_dir: Path) -> Path:
    """A strict MkDocs build of `project` (its mkdocs.yml and hook) into `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir


def copy_mini(target: Path, *overlays: Path) -> Path:
    """Copy the mini project to `target` (its hook pointed at this repository's scripts), then copy
    each overlay folder over it, file by file."""
    shutil.copytree(MINI, target)
    # The site's own CSS and JS, copied rather than linked: the build refuses symbolic links.
    shutil.copytree(ROOT / "docs" / "assets", target / "docs" / "assets", dirs_exist_ok=True)
    hook = target / "mkdocs.yml"
    hook.write_text(hook.read_text(encoding="utf-8").replace("../../../scripts/", f"{ROOT}/scripts/"),
                    encoding="utf-8")
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    return target


@pytest.fixture
def mini(tmp_path) -> Path:
    """A writable copy of the small synthetic project under tests/fixtures/mini."""
    return copy_mini(tmp_path / "mini")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The included talk(s), built once per test session."""
    return build_site(ROOT, tmp_path_factory.mktemp("site") / "site")


@contextlib.contextmanager
def served(folder: Path):
    """A built site served over HTTP while the block runs: its root URL."""
    server = serve(folder)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(site):
    with served(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `bash scripts/dev test`, which installs Debian's chromium")
    _wait_for_parts(playwright_api.Page)
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


SETTLED = "() => !window.talkbookPage || window.talkbookPage.settled"


def _wait_for_parts(page_class) -> None:
    """A talk page opened in its own view asks for its parts after its first paint (talkbook.js,
    web/page_parts.py), which may come after the load event Playwright's navigations wait for: a test
    acts on the page once they have come (or failed to), as a reader's click waits for them. A page
    without talkbook.js, or without scripts, has nothing to wait for."""
    if getattr(page_class, "_talkbook_waits", False):
        return
    for name in ("goto", "reload", "go_back", "go_forward"):
        def waiting(self, *args, _navigate=getattr(page_class, name), **kwargs):
            response = _navigate(self, *args, **kwargs)
            self.wait_for_function(SETTLED, timeout=15000)
            return response
        setattr(page_class, name, waiting)
    page_class._talkbook_waits = True


@pytest.fixture
def artifacts() -> Path:
    """Screenshots and other things to look at after a run (git-ignored)."""
    path = ROOT / "tests" / "artifacts"
    path.mkdir(exist_ok=True)
    return path


# Tests that read the repository's own talks (talks/, the site and PDFs built from them): marked
# `repo_talks`, so that tests/extra_talks.py can run them again with two more talks added (CI does).
REPO_TALK_FIXTURES = {"site", "site_url", "real_url", "real_pdf", "reading_pdf"}
REPO_TALK_MODULES = {"test_edition_content", "test_nearest_passage", "test_search", "test_site_build",
                     "test_reading_view", "test_reading_layer", "test_a11y", "test_talkmap_browser",
                     "test_markdown_budget"}


def pytest_configure(config):
    config.addinivalue_line("markers", "repo_talks: reads the repository's talks (tests/extra_talks.py runs these "
                                       "with two more talks added)")


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__ if item.module else ""
        if REPO_TALK_FIXTURES & set(item.fixturenames) or module in REPO_TALK_MODULES or "[real" in item.nodeid:
            item.add_marker(pytest.mark.repo_talks)
