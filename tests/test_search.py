"""Search finds what a reader types, in Chinese or English, over http:// and from disk (file://),
and no page ever asks another host for anything. End to end in real Chromium, typing into the box.

Recall threshold, measured on the 47 queries of tests/search_queries.yml (`python -m talkbook
bench-search` prints the first two): stock Material on the same pages finds 0.60 of them; this
build 0.98 (48/50 with the three queries for the transcript's misheard words, findable since search
indexes each page's search view, talkbook/search_view.py). Without the worker's query-segmenter fix it finds 0.89, without the page boosts 0.87,
without the jieba user dictionary or the middle-dot separator 0.96 each (see talkbook/search.py).
0.90 fails on losing either of the first two, and still lets the notes and glossary, which others
keep editing, push three more queries out of the top five. The smaller mechanisms are pinned by
the `must` queries (each must be found whatever the recall) and by the unit tests below.

With the query rewrite (talkbook/web/search_query.js: whole one-letter pieces, joined spellings,
no stop words beside other words) the set has 53 queries, 51 found, the same two missed as before
("chart gpt", "AI SaaS"); DALL-E, DALL·E, DALLE, GPT-4 and GPT4 put a right place first, and they
still do with the English fixture talk in the corpus (tests/test_any_talk.py)."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml
from conftest import DIRECTORY_URLS, ROOT, build_site
from talkbook.bench import searchbox
from talkbook.edition.build import load_edition
from talkbook.edition.model import Term
from talkbook.adapter import offline
from talkbook.web import segment, urls
from talkbook.web.search import (ENGINE, QUERY_REWRITE, WorkerPatchError, joined_spellings, patch_bundle,
                                 patch_worker, search_docs)

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
RECALL_THRESHOLD = 0.90
EDITION = load_edition(ROOT)
# The English fixture talk's queries (search_queries_en.yml) run where that talk is in the project:
# in the copy of the repository tests/test_any_talk.py makes, beside the Chinese talk's.
# A summary's or a note's own search entry (render.py keeps them apart from the speakers' words) lands
# the reader in the section it stands in: for recall, that is the section found.
WITHIN = searchbox.editorial_sections(load_edition(ROOT))
QUERY_SETS = [QUERIES] + [set_ for set_ in [yaml.safe_load((Path(__file__).parent / "search_queries_en.yml")
                                                        .read_text(encoding="utf-8"))]
                          if set_["talk"] in {t.id for t in EDITION.talks}]


def expected(entry) -> list[str]:
    return entry["expect"] if isinstance(entry["expect"], list) else [entry["expect"]]


def term(name: str, *aliases: str, en: str = "") -> Term:
    return dataclasses.replace(EDITION.terms[0], name=name, en=en, aliases=aliases)


# ---- the query set itself --------------------------------------------------------------------

def test_query_set_is_large_enough_and_every_expected_place_exists():
    talk = next(t for t in EDITION.talks if t.id == QUERIES["talk"])
    places = {s.id for s in talk.sections} | {f"glossary/{t.id}" for t in EDITION.terms}
    queries = [q["query"] for q in QUERIES["queries"]]
    assert len(queries) >= 25 and len(set(queries)) == len(queries)
    unknown = [(q["query"], e) for q in QUERIES["queries"] for e in expected(q) if e not in places]
    assert not unknown, f"tests/search_queries.yml names places that do not exist: {unknown}"


# ---- the jieba user dictionary ---------------------------------------------------------------

def test_user_words_are_the_han_runs_of_term_names_and_aliases():
    terms = [term("隐性技术债", "机器学习系统中的隐性技术债", en="Hidden technical debt"),
             term("生成式人工智能", "生成式AI"), term("PaaS", "pass"), term("杰夫·迪恩")]
    # 生成式人工智能 (7) and the 13-character alias are phrases, left to jieba; Latin names add nothing.
    assert segment.user_words(terms) == ["杰夫", "生成式", "迪恩", "隐性技术债"]
    assert segment.user_dictionary(terms[:1]) == "隐性技术债\n"


def han_runs_of(edition) -> list[str]:
    """Every run of Han characters the search plugin would hand to jieba for `edition`'s pages."""
    views: dict = {}
    generate_pages(edition, views)
    texts = [page for page in views.values()] + [t.transcript for t in edition.talks]
    texts += [f"{term.name} {term.short} {term.body}" for term in edition.terms]
    texts += [note.body for talk in edition.talks for note in talk.notes]
    return [run for text in texts for run in segment.HAN_RUN.findall(str(text))]


def generate_pages(edition, views: dict) -> None:
    from talkbook.web.render import RenderOptions, render_site

    render_site(edition, RenderOptions(), views)


def jieba_with_user_dictionary(text: str):
    """A jieba tokenizer with jieba's default dictionary and `text` loaded as Material loads its
    jieba_dict_user: what the export's builds segment with."""
    import io

    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(io.StringIO(text))
    return tokenizer


@pytest.mark.parametrize("corpus", ["included talk", "synthetic corpus"])
def test_rjieba_segments_every_han_run_exactly_as_jieba_with_the_same_user_words(corpus, tmp_path):
    """The index our build writes (rjieba, segment.py) is the one jieba would write, user words
    included: so the query side, which looks the typed words up in that index, behaves the same,
    and so does an export built by Material with jieba and jieba_dict_user."""
    from talkbook.bench.corpus import write_corpus

    if corpus == "included talk":
        edition = EDITION
    else:
        write_corpus(tmp_path, 3, seed="segmentation")
        edition = load_edition(tmp_path)
    runs = han_runs_of(edition)
    assert sum(map(len, runs)) > 20_000  # enough text for a difference to show
    jieba_tokenizer = jieba_with_user_dictionary(segment.user_dictionary(edition.terms))
    ours = segment.Segmenter(tuple((word, None, None) for word in segment.user_words(edition.terms)))
    differences = [(run, list(jieba_tokenizer.cut(run.encode("utf-8"))), ours.cut(run.encode("utf-8")))
                   for run in runs if list(jieba_tokenizer.cut(run)) != ours.cut(run)]
    assert not differences, differences[:5]
    kept_whole = {word for run in runs for word in ours.cut(run)} & set(segment.user_words(edition.terms))
    assert len(kept_whole) >= 5, "the glossary's words occur in the text, so user words have work to do"


def test_segmenter_swaps_into_materials_search_module_and_is_put_back():
    import types

    import jieba

    module = types.SimpleNamespace(__name__="material.plugins.search.plugin", jieba=jieba)
    sentence = "隐性技术债和基础模型"
    before = list(jieba.cut(sentence))
    assert "隐性技术债" not in before  # otherwise this test proves nothing
    undo = segment.segment_index(EDITION.terms, module, {"jieba_dict": None, "jieba_dict_user": None})
    try:
        assert module.jieba is not jieba
        assert {"隐性技术债", "基础模型"} <= set(module.jieba.cut(sentence.encode("utf-8")))  # Material passes bytes
    finally:
        undo()
    assert module.jieba is jieba
    assert list(jieba.cut(sentence)) == before  # jieba itself never changed


def test_a_new_word_list_gets_a_tokenizer_without_the_words_of_the_one_before():
    sentence = "隐性技术债和基础模型"
    first = segment.tokenizer((("隐性技术债", None, None),))
    assert "隐性技术债" in first.cut(sentence)
    second = segment.tokenizer((("基础模型", None, None),))
    assert second is not first and "隐性技术债" not in second.cut(sentence) and "基础模型" in second.cut(sentence)


def test_the_sites_own_jieba_user_dictionary_is_kept_and_a_whole_dictionary_refused(tmp_path, monkeypatch):
    import types

    module = types.SimpleNamespace(__name__="material.plugins.search.plugin", jieba=None)
    monkeypatch.chdir(tmp_path)  # Material reads the file relative to the working directory
    (tmp_path / "words.txt").write_text("和基础 100000 n\n", encoding="utf-8")
    assert segment.user_dictionary_entries("和基础 100000 n\n技术债\n\n") == [("和基础", 100000, "n"),
                                                                               ("技术债", None, None)]
    undo = segment.segment_index(EDITION.terms, module, {"jieba_dict": None, "jieba_dict_user": "words.txt"})
    try:
        assert "和基础" in module.jieba.cut("隐性技术债和基础模型")
    finally:
        undo()
    with pytest.raises(segment.UnsupportedSearchConfig, match="jieba_dict .*not supported"):
        segment.segment_index(EDITION.terms, module, {"jieba_dict": "dict.txt", "jieba_dict_user": None})
    with pytest.raises(segment.UnsupportedSearchConfig, match="Material changed"):
        segment.segment_index(EDITION.terms, types.SimpleNamespace(__name__="elsewhere"), {})


def test_search_index_holds_glossary_terms_as_single_words(site):
    words = {word for doc in search_docs(site) for word in doc["text"].split("\u200b")}
    assert {"隐性技术债", "基础模型", "训练成本"} <= words


# ---- the worker fix and the offline assets ---------------------------------------------------

def test_worker_patch_applies_once_to_the_installed_material_worker():
    import material

    worker = next(Path(material.__file__).parent.glob("templates/assets/javascripts/workers/search.*.min.js"))
    source = worker.read_text(encoding="utf-8")
    patched = patch_worker(source)
    assert patched.startswith(ENGINE + QUERY_REWRITE)
    patched = patched[len(ENGINE + QUERY_REWRITE):]
    at = next(i for i, (a, b) in enumerate(zip(source, patched)) if a != b)  # the first change: < becomes <=
    assert patched[at - 1:at + 1] == "<="
    call = "search(e){e=talkbookQuery(e);"  # the second: the query is rewritten first
    assert patched.count(call) == 1
    join = '].join(" ")'  # the third: the words found in a Chinese run get one wildcard each
    assert patched.count(join) == 1 and source.count('].join("* ")') == 1
    assert patched[:at] + patched[at + 1:].replace(call, "search(e){").replace(join, '].join("* ")') == source
    with pytest.raises(WorkerPatchError, match="found it 0 times"):
        patch_worker(source.replace(".slice(", ".substring("))
    with pytest.raises(WorkerPatchError, match="segmenter's join once .* found it 0 times"):
        patch_worker(source.replace('].join("* ")', '].join("*")'))
    with pytest.raises(WorkerPatchError, match="search method's start once .* found it 0 times"):
        patch_worker(source.replace("search(e){", "search(e) {"))


def test_bundle_patch_sets_the_search_worker_up_when_search_opens_and_refuses_an_unknown_material():
    import material

    bundle = next(Path(material.__file__).parent.glob("templates/assets/javascripts/bundle.*.min.js"))
    source = bundle.read_text(encoding="utf-8")
    patched = patch_bundle(source)
    assert 'location.protocol!=="file:"' in source and 'location.protocol!=="file:"' not in patched
    assert len(patched) == len(source) - len('location.protocol!=="file:"') + len("!1")
    with pytest.raises(WorkerPatchError, match="found it 0 times"):
        patch_bundle(source.replace('location.protocol!=="file:"', 'location.protocol!="file:"'))


def test_joined_spellings_of_names_written_with_a_hyphen_or_a_middle_dot():
    assert joined_spellings("DALL·E 与 GPT-4，还有 DALL-E 2 和 Stable Diffusion") == ["DALLE", "GPT4"]
    assert joined_spellings("开源 MLOps") == []


@pytest.mark.parametrize("query, rewritten", [
    ("DALL-E", "DALL E^1 DALLE"),  # no wildcard on the one letter: E* matched every word starting with e
    ("DALL·E", "DALL E^1 DALLE"),
    ("GPT-4 训练成本", "GPT 4^1 GPT4 训练成本"),
    ("the broker", "broker"),  # a stop word goes while the query has other words ...
    ("the", "the"),  # ... and stays when it is the whole query
    ("AI SaaS", "AI SaaS"),
    ('"exactly once" +kafka', '"exactly once" +kafka'),  # phrases and operators as Material reads them
])
def test_the_worker_rewrites_each_query_before_material_reads_it(browser, query, rewritten):
    page = browser.new_page()
    page.add_script_tag(content=QUERY_REWRITE)
    assert page.evaluate("q => talkbookQuery(q)", query) == rewritten
    page.close()


def test_site_serves_the_patched_worker_and_an_offline_index(site):
    import material

    installed = next(Path(material.__file__).parent.glob("templates/assets/javascripts/workers/search.*.min.js"))
    served = site / "assets" / "javascripts" / "workers" / installed.name
    assert served.read_text(encoding="utf-8") == patch_worker(installed.read_text(encoding="utf-8"))
    bundle = next(Path(material.__file__).parent.glob("templates/assets/javascripts/bundle.*.min.js"))
    served = site / "assets" / "javascripts" / bundle.name
    assert served.read_text(encoding="utf-8") == patch_bundle(bundle.read_text(encoding="utf-8"))
    assert (site / offline.SHIM).read_bytes() == offline.shim_bytes()
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ")
    # what every page loads is the configuration; the index in pieces waits for the first query
    stub = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["talkbook_index"] == "search/index/"
    assert json.loads(script[len("var __index = "):]) == stub and len(search_docs(site)) > 100


def test_remote_assets_are_reported_with_the_key_to_fix():
    config = {"extra": {"polyfills": ["https://unpkg.com/iframe-worker/shim"]}, "extra_css": ["assets/a.css"],
              "extra_javascript": ["//cdn.example.org/x.js"], "theme": {"font": {"text": "Roboto"}}}
    problems = offline.remote_assets(config)
    assert [p.split(":")[0] for p in problems] == ["mkdocs.yml extra_javascript", "mkdocs.yml extra.polyfills",
                                                   "mkdocs.yml theme.font"]
    assert offline.remote_assets({"extra": {"polyfills": [offline.SHIM]}, "theme": {"font": False}}) == []


def test_offline_plugin_without_the_local_shim_fails_the_build(mini, tmp_path, caplog):
    """The offline plugin links the shim from a CDN unless extra.polyfills names one; the hook's
    on_config runs after it and stops the build, naming the URL."""
    from mkdocs.exceptions import Abort

    config = mini / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nhooks:", "  - offline\n\nhooks:", 1), encoding="utf-8")
    with pytest.raises(Abort):
        build_site(mini, tmp_path / "site")
    assert "mkdocs.yml extra.polyfills: https://unpkg.com/iframe-worker/shim is fetched from another host" \
        in caplog.text


# ---- in the browser --------------------------------------------------------------------------

def run_queries(page, root: str, queries=QUERIES) -> list[tuple[dict, list[str]]]:
    """Each query's top places among the results outside other talks' pages: a query set is one
    talk's, and another talk that says the same words more often is no miss of this one's."""
    page.goto(root + "index.html")
    talk_path = "talks/" + queries["talk"] + "/"
    return [(q, searchbox.top_places([r for r in searchbox.search(page, q["query"], root)
                                      if "talks/" not in r.href or talk_path in r.href],
                                     within=WITHIN))
            for q in queries["queries"]]


def report(rows) -> tuple[float, list[str]]:
    """Print one line per query and the recall; return the recall and the `must` queries missed."""
    hits, must_misses = 0, []
    for query, places in rows:
        hit = any(e in places for e in expected(query))
        hits += hit
        if not hit and query.get("must") or query.get("first") and places[:1] and places[0] not in expected(query):
            must_misses.append(query["query"])
        print(f"{'ok  ' if hit else 'MISS'} {query['query']:<24} want {'|'.join(expected(query)):<40} got {places}")
    recall = hits / len(rows)
    print(f"recall@{searchbox.TOP}: {hits}/{len(rows)} = {recall:.2f} (threshold {RECALL_THRESHOLD:.2f})")
    return recall, must_misses


@pytest.mark.parametrize("queries", QUERY_SETS, ids=lambda q: q["talk"])
def test_recall_of_the_query_set_over_http(browser, site_url, queries):
    page = browser.new_page()
    recall, must_misses = report(run_queries(page, site_url, queries))
    page.close()
    assert not must_misses, f"queries marked must: true not in the top {searchbox.TOP} (first: not first): {must_misses}"
    assert recall >= RECALL_THRESHOLD


def test_search_works_from_disk_in_chinese_and_english(browser, site):
    """file:// has no server: the index comes from search_index.js, the worker runs in an iframe."""
    root = site.resolve().as_uri() + "/"
    page = browser.new_page()
    page.goto(root + "index.html")
    for query in ("隐性技术债", "训练成本", "开源", "Jeff Dean", "DALL-E", "GPT4"):
        entry = next(q for q in QUERIES["queries"] if q["query"] == query)
        places = searchbox.top_places(searchbox.search(page, query, root), within=WITHIN)
        assert any(e in places for e in expected(entry)), (query, places)
    page.close()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_result_opens_its_section_with_the_words_highlighted(browser, site, site_url, scheme):
    root = site_url if scheme == "http" else site.resolve().as_uri() + "/"
    page = browser.new_page()
    page.goto(root + "index.html")
    result = next(r for r in searchbox.search(page, "PaaS", root) if r.place == "training-cost-theory")
    page.goto(result.href)
    assert page.evaluate("location.hash") == "#training-cost-theory"
    heading = page.locator("#training-cost-theory")
    heading.wait_for()
    marks = page.locator("mark[data-md-highlight]")
    marks.first.wait_for()
    assert {text.lower() for text in marks.all_inner_texts()} >= {"paas"}
    page.close()


# ---- nothing leaves the site -----------------------------------------------------------------

class Recorder:
    """Every request of a browser context (pages, iframes, the search worker); the ones outside the
    site are kept for the assertion and aborted before they reach the network."""

    def __init__(self, context, root: str):
        self.root, self.seen, self.outside = root, [], []
        context.on("request", self.record)
        context.route(lambda url: not self.inside(url), lambda route: route.abort())

    def inside(self, url: str) -> bool:
        return url.startswith(self.root) or url.startswith(("data:", "blob:", "about:"))

    def record(self, request):
        self.seen.append(request.url)
        if not self.inside(request.url):
            self.outside.append(request.url)


def browse_and_search(context, root: str) -> None:
    talk = next(t for t in EDITION.talks if t.id == QUERIES["talk"])
    page = context.new_page()
    for src in (urls.HOME, urls.talk_page(talk.id), urls.term_page("hidden-technical-debt"), urls.GLOSSARY_INDEX):
        page.goto(root + urls.page_url(src, DIRECTORY_URLS))
        page.wait_for_load_state("load")
    assert searchbox.search(page, "训练成本", root)
    assert searchbox.search(page, "Jeff Dean", root)
    page.close()


def test_the_recorder_sees_a_request_to_another_host(browser, site_url):
    context = browser.new_context()
    recorder = Recorder(context, site_url)
    page = context.new_page()
    page.goto(site_url + "index.html")
    page.evaluate("() => { const i = new Image(); i.src = 'https://fonts.googleapis.com/x.png'; }")
    page.wait_for_timeout(200)  # the image request is issued asynchronously
    context.close()
    assert recorder.outside == ["https://fonts.googleapis.com/x.png"]


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_no_request_leaves_the_site(browser, site, site_url, scheme):
    root = site_url if scheme == "http" else site.resolve().as_uri() + "/"
    context = browser.new_context()
    recorder = Recorder(context, root)
    browse_and_search(context, root)
    context.close()
    # The recorder saw the page's own requests and the search worker's (the index's pieces).
    assert any("search_index" in url for url in recorder.seen) and any("/search/index/" in url for url in recorder.seen)
    assert recorder.outside == []


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_page_view_downloads_no_search_document_until_the_first_query(browser, site, site_url, scheme):
    """Issue #30 §1: every page loads the search configuration only (search/search_index.json, or .js
    from disk); a query loads the pieces of the index it needs, a piece is never loaded twice, and the
    same query again loads nothing."""
    root = site_url if scheme == "http" else site.resolve().as_uri() + "/"
    context = browser.new_context()
    recorder = Recorder(context, root)
    page = context.new_page()
    talk = next(t for t in EDITION.talks if t.id == QUERIES["talk"])
    for src in (urls.HOME, urls.talk_page(talk.id)):
        page.goto(root + urls.page_url(src, DIRECTORY_URLS))
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)  # Material sets its search worker up after the load
    pieces = lambda: [url for url in recorder.seen if "/search/index/" in url]  # noqa: E731
    assert pieces() == []
    stub = site / "search" / "search_index.json"
    assert stub.stat().st_size < 1000
    assert [p for p in searchbox.top_places(searchbox.search(page, "训练成本", root), within=WITHIN)
            if p == "training-cost-theory"]
    first = pieces()
    total = len(list((site / "search" / "index").iterdir()))
    assert 0 < len(first) < total / 3, (len(first), total)
    assert searchbox.search(page, "Jeff Dean", root)
    seen = searchbox.settled(page, pieces, 700)  # the list's rest loads after its first ten are shown
    assert len(seen) == len(set(seen))
    assert searchbox.search(page, "训练成本", root)
    assert searchbox.settled(page, pieces, 700) == seen
    context.close()
