"""`python -m talkbook bench-search`: our search against stock Material on the same pages.

The baseline is a plain Material project holding exactly the pages our build publishes (the
generated Markdown and docs/*.md) with Material's own Chinese search settings and nothing of ours:
no jieba user dictionary, no worker fix, no boosts, no offline plugin. Printed, never asserted:
recall of tests/search_queries.yml, search index size (raw and gzip), and in Chromium the median
time from navigation to a usable search box and to the first results of a query."""
from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

import yaml

from talkbook.edition.build import load_edition
from talkbook.web.pipeline import generate

from . import searchbox
from .site import PLAIN_CONFIG, index_sizes, time_build
from .static_server import serve as _serve

CHROMIUM = os.environ.get("TALKBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run", "--disable-default-apps"]
PROBE_QUERY = "训练成本"
# Material shows search.result.initializer in the result meta until its worker has built the index.
_READY = """() => {
    const t = JSON.parse(document.getElementById('__config').textContent).translations;
    const meta = document.querySelector('.md-search-result__meta');
    return meta && meta.textContent === t['search.result.placeholder'] ? performance.now() : false;
}"""


def same_text_project(root: Path, target: Path) -> None:
    """A plain Material project with our pages (generated and hand-written) and none of our code."""
    _edition, files = generate(root)
    docs = target / "docs"
    for name, content in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for page in (root / "docs").glob("*.md"):
        (docs / page.name).write_bytes(page.read_bytes())
    (target / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")


def recall(browser, root: str, queries: list[dict], within: dict[str, str] | None = None) -> float:
    page = browser.new_page()
    page.goto(root)
    hits = 0
    for query in queries:
        wanted = query["expect"] if isinstance(query["expect"], list) else [query["expect"]]
        places = searchbox.top_places(searchbox.search(page, query["query"], root), within=within)
        hits += any(place in places for place in wanted)
    page.close()
    return hits / len(queries)


def timings(browser, url: str) -> tuple[float, float, float, int, int]:
    """(load event, search box ready after it is clicked a second after the load, first results of
    PROBE_QUERY) in ms after navigation, cold cache, and the bytes of search data (the site's search/
    folder, as sent) for the page view and for that first search."""
    context = browser.new_context()
    page = context.new_page()
    sent = searchbox.SearchBytes(context, "view", "query")
    page.goto(url)
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.wait_for_timeout(1000)  # what a page view alone brings (Material sets search up after the load)
    sent.phase = "query"
    box = page.locator("input.md-search__input")
    box.click()  # search opens: ours sets its worker up only now (web/search.patch_bundle)
    ready = page.wait_for_function(_READY, timeout=60_000).json_value()
    box.fill(PROBE_QUERY)
    started = page.evaluate("performance.now()")
    box.press("End")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    answered = page.evaluate("performance.now()") - started
    context.close()
    return load, ready, answered, sent.sent["view"], sent.sent["query"]


def bench_search(root: Path, runs: int = 5) -> None:
    from playwright.sync_api import sync_playwright

    queries = yaml.safe_load((root / "tests" / "search_queries.yml").read_text(encoding="utf-8"))["queries"]
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        same_text_project(root, scratch / "plain")
        sites = {"talkbook": scratch / "site-ours", "plain Material": scratch / "site-plain"}
        time_build(root, sites["talkbook"])
        time_build(scratch / "plain", sites["plain Material"])
        servers = {name: _serve(site, gzip=True) for name, site in sites.items()}  # as a web server sends them
        roots = {name: f"http://127.0.0.1:{server.server_address[1]}/" for name, server in servers.items()}
        talk = next(iter(sorted(p for p in (root / "talks").iterdir() if p.is_dir()))).name
        talk_url = {"talkbook": f"talks/{talk}/index.html", "plain Material": f"talks/{talk}/"}
        results: dict[str, list[tuple[float, float, float, int, int]]] = {name: [] for name in sites}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # A summary's or note's own entry (ours only) counts as the section it stands in.
            within = searchbox.editorial_sections(load_edition(root))
            found = {name: recall(browser, roots[name], queries, within) for name in sites}  # also warms both up
            for run in range(runs):  # alternate who goes first, so both see the same machine noise
                for name in (list(sites) if run % 2 == 0 else list(reversed(sites))):
                    results[name].append(timings(browser, roots[name] + talk_url[name]))
                print(f"run {run + 1}/{runs}: " + ", ".join(
                    f"{name} ready {results[name][-1][1]:.0f} ms" for name in sites), flush=True)
            browser.close()
        for server in servers.values():
            server.shutdown()
        medians = {name: [statistics.median(column) for column in zip(*rows)] for name, rows in results.items()}
        ours, plain = medians["talkbook"], medians["plain Material"]
        print(f"queries: {len(queries)}; recall@{searchbox.TOP}: talkbook {found['talkbook']:.2f}, "
              f"plain Material {found['plain Material']:.2f}")
        for name, site in sites.items():
            raw, packed = index_sizes(site)
            print(f"search index ({name}): {raw / 1e3:.0f} kB raw, {packed / 1e3:.0f} kB gzip")
        for label, index in (("page load event", 0), ("search box ready", 1), (f"first results for {PROBE_QUERY}", 2)):
            print(f"median {label}: talkbook {ours[index]:.0f} ms, plain Material {plain[index]:.0f} ms, "
                  f"ratio {ours[index] / plain[index]:.2f}")
        for label, index in (("search data sent for a page view", 3), ("search data sent for the first query", 4)):
            print(f"{label}: talkbook {ours[index] / 1e3:.1f} kB, plain Material {plain[index] / 1e3:.1f} kB")
