"""`python -m talkbook bench-search --sizes 100,1000`: search at archive scale (issue #30 §1, §3).

For each size N, a synthetic corpus of N talks (corpus.py) is built with our configuration and, as
the baseline, as plain Material on the same words (bench/scale.py's plain project). Both sites are
served gzipped. In Chromium with the page's CPU throttled 4× (CDP; the search worker runs in its own
thread, which DevTools' throttling may not slow), each probe query is typed into a fresh page's
search box (cold cache) and timed from the keystroke to the first result shown; the bytes the search
sent are counted for the page view, for that first query and for one more query after it. Printed,
never asserted. Material's baseline is built and timed only up to --plain-up-to talks: beyond that its
index alone is tens of megabytes (it grows with the archive: per talk, the table shows it)."""
from __future__ import annotations

import gzip
import statistics
import tempfile
from pathlib import Path

from talkbook.edition.build import load_edition
from talkbook.web import search_shards, urls

from .runs import time_build
from .scale import corpus_project, plain_project
from .search import CHROMIUM, CHROMIUM_ARGS
from .searchbox import SearchBytes
from .site import directory_size
from .static_server import serve

THROTTLE = 4
_SHOWN = """() => {
    const none = JSON.parse(document.getElementById('__config').textContent).translations['search.result.none'];
    const meta = document.querySelector('.md-search-result__meta');
    return document.querySelectorAll('.md-search-result__item').length > 0 || (meta && meta.textContent === none)
        ? performance.now() : false;
}"""

# Our worker says how long its first answer took (search_engine.js, talkbook_ms): the rest of the
# time to the first result is the page's (Material's list, the page's own style and layout).
_WORKER_TIME = """(() => {
    const Native = window.Worker;
    window.Worker = function (url, options) {
        const worker = new Native(url, options);
        worker.addEventListener('message', event => {
            const spent = event.data && event.data.data && event.data.data.talkbook_ms;
            if (spent && window.__talkbookWorkerMs === undefined && event.data.data.items.length)
                window.__talkbookWorkerMs = Object.values(spent).reduce((a, b) => a + b, 0);
        });
        return worker;
    };
    window.Worker.prototype = Native.prototype;
})()"""


def probe_queries(edition) -> list[str]:
    """Queries a reader of the synthetic archive might type: glossary names in Chinese and English, and
    a name's first word (a word of many passages)."""
    terms = edition.terms
    picks = [terms[0], terms[len(terms) // 3], terms[2 * len(terms) // 3]]
    return [t.name for t in picks] + [t.en for t in picks[:2]] + [picks[2].en.split()[0].lower()]


def first_query(browser, page_url: str, query: str, after: str) -> dict:
    """Time and bytes of `query` typed as a fresh reader's first search on `page_url`, then of `after`."""
    context = browser.new_context()
    page = context.new_page()
    sent = SearchBytes(context, "view", "first", "next")
    page.add_init_script(_WORKER_TIME)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    page.goto(page_url)
    page.wait_for_timeout(1500)  # what a page view alone brings
    sent.phase = "first"  # from opening search (the list of pieces) to the first query's answer
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_timeout(300)  # the reader starts typing
    box.fill(query)
    started = page.evaluate("performance.now()")
    box.press("End")  # Material searches on keyup
    shown = page.wait_for_function(_SHOWN, timeout=600_000).json_value()
    page.wait_for_timeout(500)  # requests still finishing count for this query
    worker_ms = page.evaluate("window.__talkbookWorkerMs")
    sent.phase = "next"
    box.fill("")
    box.press("End")
    box.fill(after)
    box.press("End")
    page.wait_for_timeout(1500)
    context.close()
    return dict(sent.sent, ms=shown - started, worker_ms=worker_ms)


def bench_search_scale(repo: Path, sizes: list[int], plain_up_to: int = 100, seed: str = "talkbook") -> None:
    from playwright.sync_api import sync_playwright

    rows = []
    for talks in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            scratch = Path(scratch)
            corpus, plain = scratch / "corpus", scratch / "plain"
            corpus_project(repo, corpus, talks, seed)
            edition = load_edition(corpus)
            plain_project(repo, corpus, plain, edition)
            sites = {"talkbook": scratch / "site-ours"}
            built = {"talkbook": time_build(corpus, sites["talkbook"])}
            if talks <= plain_up_to:  # beyond, Material's index is as large as the corpus: not built
                sites["plain Material"] = scratch / "site-plain"
                built["plain Material"] = time_build(plain, scratch / "site-plain")
                material_index = (scratch / "site-plain" / "search" / "search_index.json").read_bytes()
            else:
                material_index = b""
            queries = probe_queries(edition)
            talk = urls.talk_page(edition.talks[0].id)
            page = {"talkbook": urls.page_url(talk, False), "plain Material": urls.page_url(talk, True)}
            servers = {name: serve(site, gzip=True) for name, site in sites.items()}
            found: dict[str, list[dict]] = {name: [] for name in sites}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for number, query in enumerate(queries):
                    after = queries[(number + 1) % len(queries)]
                    for name, server in servers.items():
                        url = f"http://127.0.0.1:{server.server_address[1]}/{page[name]}"
                        found[name].append(first_query(browser, url, query, after))
                        print(f"N={talks} {name} {query!r}: {found[name][-1]['ms']:.0f} ms, "
                              f"{found[name][-1]['first'] / 1e3:.1f} kB", flush=True)
                browser.close()
            for server in servers.values():
                server.shutdown()
            index_dir = sites["talkbook"] / search_shards.INDEX_DIR
            rows.append((talks, built, found, len(material_index),
                         len(gzip.compress(material_index, 6)) if material_index else 0,
                         directory_size(index_dir), sum(1 for _ in index_dir.iterdir()),
                         directory_size(sites["talkbook"])))
    print(f"\nsearch at archive scale: queries typed into the search box of a talk page, Chromium, page CPU "
          f"throttled {THROTTLE}x, served gzipped, cold cache; median (max) over the probe queries")
    print("    N  engine          first result ms (max)                    kB page view   kB first query (max)"
          "   kB next query   index on disk   build s (peak MB)")
    for talks, built, found, material_raw, material_gzip, index_bytes, index_files, site_bytes in rows:
        for name, usage in built.items():
            results = found[name]
            ms = [r["ms"] for r in results]
            first = [r["first"] / 1e3 for r in results]
            worker = [r["worker_ms"] for r in results if r["worker_ms"] is not None]
            cells = (f"{statistics.median(ms):7.0f} ({max(ms):6.0f})"
                     f"{f' of which worker {statistics.median(worker):4.0f}' if worker else ' ' * 20}"
                     f"   {max(r['view'] for r in results) / 1e3:10.1f}"
                     f"   {statistics.median(first):7.1f} ({max(first):6.1f})"
                     f"   {max(r['next'] for r in results) / 1e3:13.1f}")
            disk = (f"{index_bytes / 1e6:6.1f} MB/{index_files}" if name == "talkbook"
                    else f"{material_raw / 1e6:6.1f} MB/1")
            print(f"{talks:5d}  {name:14s}  {cells}   {disk:>13}   {usage.cpu:6.1f} ({usage.peak_rss / 1e6:.0f})")
        material = f"; Material's index {material_gzip / talks / 1e3:.1f} kB gzipped" if material_gzip else ""
        print(f"{talks:5d}  per talk: talkbook site {site_bytes / talks / 1e6:.2f} MB, build "
              f"{built['talkbook'].cpu / talks:.3f} s, index {index_bytes / talks / 1e3:.0f} kB{material}")
