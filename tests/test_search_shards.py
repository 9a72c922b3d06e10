"""The index in pieces answers as Material's own search would (issue #30 §1).

The slow reference is Material's search worker, building its lunr index in the browser from every
document; the fast one is search_engine.js over the pieces search_shards.py writes. Both run in
Chromium in the same served worker (ours answers only when the configuration names the pieces), on
the same documents: the included site's, with its query set, and generated ones (property test).
One difference is ours by design: a result's text is cut to what the list can show around its first
match (search_engine.js teaser), so Material's text is compared cut by `teaser` below, a reference
checked against the worker's own over generated markup."""
from __future__ import annotations

import json
import shutil
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from talkbook.bench.static_server import serve
from talkbook.web import search, search_shards
from talkbook.web.search import search_docs
from tests.conftest import ROOT

import yaml

SHOWN = 50  # search_engine.js: documents returned to the list
_ANSWERS = """async ([url, setup, queries]) => {
    const worker = new Worker(url);
    const next = () => new Promise(done => worker.addEventListener('message', e => done(e.data), {once: true}));
    worker.postMessage({type: 0, data: setup});
    await next();
    const out = [];
    for (const query of queries) {
        worker.postMessage({type: 2, data: query});
        const shown = message => message.data.items.map(group => group.map(item => ({
            location: item.location, score: item.score, terms: item.terms, title: item.title, text: item.text})));
        let message = await next();
        const parts = [];
        while (message.data.talkbook_partial) {  // the list's first part, then the whole
            parts.push(shown(message));
            message = await next();
        }
        out.push({items: shown(message), first: parts});
    }
    worker.terminate();
    return out;
}"""


def material_file(pattern: str) -> Path:
    import material

    return next(Path(material.__file__).parent.glob(f"templates/assets/javascripts/{pattern}"))


@pytest.fixture(scope="module")
def workbench(tmp_path_factory):
    """A served folder with the served worker (Material's, patched, ours in front) and lunr's languages."""
    root = tmp_path_factory.mktemp("workbench")
    worker = material_file("workers/search.*.min.js")
    target = root / "assets" / "javascripts" / "workers" / worker.name
    target.parent.mkdir(parents=True)
    target.write_text(search.patch_worker(worker.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(material_file("lunr"), root / "assets" / "javascripts" / "lunr")
    (root / "index.html").write_text("<!doctype html><title>search</title>", encoding="utf-8")
    server = serve(root)
    yield root, f"http://127.0.0.1:{server.server_address[1]}/", f"assets/javascripts/workers/{worker.name}"
    server.shutdown()


def answers(browser, workbench, name: str, docs: list[dict], config: dict, queries: list[str]):
    """Material's answers, ours, and the first parts of ours (a long list comes in two), to each query."""
    root, url, worker = workbench
    search_shards.write(root / name, {"docs": docs, "config": config})
    page = browser.new_page()
    page.goto(url + "index.html")
    reference = page.evaluate(_ANSWERS, [url + worker, {"config": config, "docs": docs, "options": {}}, queries])
    ours = page.evaluate(_ANSWERS, [url + worker, {"config": dict(config, talkbook_index=f"{name}/search/index/"),
                                                   "docs": [], "options": {}}, queries])
    page.close()
    return [a["items"] for a in reference], [a["items"] for a in ours], [a["first"] for a in ours]


def differences(query: str, reference: list, ours: list) -> list[str]:
    """Where our answer is not Material's: the best SHOWN scored documents with Material's scores (ties
    in any order), Material's missing-word marks and highlighted title and text, grouped by page."""
    def scored(groups):
        return sorted((item for group in groups for item in group if item["score"] > 0), key=lambda i: -i["score"])

    theirs, mine = scored(reference), scored(ours)
    problems = []
    if len(mine) != min(len(theirs), SHOWN):
        problems.append(f"{query!r}: {len(mine)} scored documents, Material {len(theirs)}")
    by_place = {item["location"]: item for item in theirs}
    for rank, item in enumerate(mine):
        other = by_place.get(item["location"])
        if other is None:
            problems.append(f"{query!r}: {item['location']} is not among Material's results")
            continue
        if abs(other["score"] - item["score"]) > 1e-6 * max(1.0, other["score"]):
            problems.append(f"{query!r}: {item['location']} scores {item['score']}, Material {other['score']}")
        if rank < len(theirs) and abs(theirs[rank]["score"] - item["score"]) > 1e-6 * max(1.0, item["score"]):
            problems.append(f"{query!r}: rank {rank + 1} is {item['location']} ({item['score']}), Material has "
                            f"{theirs[rank]['location']} ({theirs[rank]['score']})")
        for field in ("terms", "title", "text"):
            expected = teaser(other[field]) if field == "text" else other[field]
            if expected != item[field]:
                problems.append(f"{query!r}: {item['location']} {field} {item[field]!r}, Material {other[field]!r}")
    for group in ours:  # each page once, its article present, as Material groups them
        pages = {item["location"].split("#")[0] for item in group}
        if len(pages) != 1 or not any("#" not in item["location"] for item in group):
            problems.append(f"{query!r}: a result group mixes pages or lacks its article: {[i['location'] for i in group]}")
    return problems


def test_the_included_sites_queries_are_answered_as_material_answers_them(browser, workbench, site):
    queries = [q["query"] for q in yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))["queries"]]
    queries += ["训练", "开源模型", "训练成本开源", "ai", "Stable Diffusion 2"]
    config = json.loads((site / search.INDEX).read_text(encoding="utf-8"))["config"]
    config = {k: v for k, v in config.items() if k != "talkbook_index"}
    reference, ours, firsts = answers(browser, workbench, "included", search_docs(site), config, queries)
    problems = [p for query, theirs, mine in zip(queries, reference, ours) for p in differences(query, theirs, mine)]
    assert problems == []
    # A long list comes in two answers: its best ten documents first, as the whole list ranks them.
    split = [(first, whole) for whole, parts in zip(ours, firsts) for first in parts]
    assert split
    def best(groups, count=None):
        return sorted(((-i["score"], i["location"]) for g in groups for i in g if i["score"] > 0))[:count]
    for first, whole in split:  # (ties at the tenth place in either order)
        assert [score for score, _ in best(first)] == [score for score, _ in best(whole, 10)]
        assert {place for _, place in best(first)} <= {place for _, place in best(whole)}
    assert sum(1 for groups in ours if groups) >= len(queries) - 2  # the comparison is not of empty lists


# ---- generated documents and queries -----------------------------------------------------------

WORDS = ["model", "models", "Modelling", "ai", "saas", "the", "a", "gpt", "4", "e", "dall", "dalle", "AT&amp;T",
         "训练", "训练成本", "成本", "开源", "模型", "开源模型", "大一", "的", "p95", "x"]
GAPS = [" ", "\u200b", "，", "-", "·", "\u00a0", "\ufeff", "\x1c", "\u2028", "。", ""]
CONFIG = {"lang": ["zh"], "separator": r"[\s\u200b\u3000\-·、。，．？！；：“”‘’（）《》〈〉「」【】〔〕]+",
          "pipeline": ["stemmer"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                              "tags": {"boost": 1000000.0}}}

words = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), min_size=1, max_size=8).map(
    lambda pairs: "".join(word + gap for word, gap in pairs).strip())
text = st.lists(st.tuples(words, st.sampled_from(["<p>{}</p>", "{}", "<ul><li>{}</li></ul>", "<p>{}<br/>x</p>"])),
                max_size=4).map(lambda blocks: "".join(form.format(body) for body, form in blocks))


@st.composite
def documents(draw):
    docs = []
    for page in range(draw(st.integers(1, 4))):
        for section in range(draw(st.integers(0, 3)) + 1):
            doc = {"location": f"p{page}.html" + (f"#s{section}" if section else ""), "title": draw(words),
                   "text": draw(text)}
            if draw(st.booleans()):
                doc["boost"] = draw(st.sampled_from([2.0, 0.2]))
            docs.append(doc)
    return docs


# What readers type: words, their beginnings, runs of Chinese, names joined by a hyphen or a dot.
# (Operators are left out here: Material's worker stems a +word or "quoted words" with the English
# stemmer and then finds nothing, and counts a typed "word*" as missing from every result; ours
# takes them as written, test_operators_are_taken_as_written.)
query = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS).map(lambda w: w[:2]),
                           st.sampled_from(["训练成本开源", "开源模型训练", "DALL-E", "DALL·E", "GPT-4", "大一模型"])),
                 min_size=1, max_size=3).map(" ".join)


_EXAMPLES = itertools.count()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=documents(), queries=st.lists(query, min_size=1, max_size=4))
def test_generated_documents_and_queries_are_answered_as_material_answers_them(browser, workbench, docs, queries):
    name = f"g{next(_EXAMPLES)}"
    reference, ours, _ = answers(browser, workbench, name, docs, CONFIG, queries)
    problems = [p for q, theirs, mine in zip(queries, reference, ours) for p in differences(q, theirs, mine)]
    assert problems == []


def test_operators_are_taken_as_written(browser, workbench):
    docs = [{"location": "a.html", "title": "models", "text": "<p>stable diffusion</p>"},
            {"location": "a.html#x", "title": "x", "text": "<p>stable training</p>"},
            {"location": "b.html", "title": "b", "text": "<p>diffusion models 开源</p>"}]
    queries = ["+stable diffusion", '"stable diffusion"', "diffusion -stable", "model*", "+开源 models", "title:models"]
    _, ours, _ = answers(browser, workbench, "operators", docs, CONFIG, queries)
    places = [sorted(item["location"] for group in groups for item in group if item["score"] > 0) for groups in ours]
    assert places == [["a.html", "a.html#x"], ["a.html"], ["b.html"], ["a.html", "b.html"], ["b.html"],
                      ["a.html", "b.html"]]  # a field named is searched everywhere
    assert all(item["terms"] == {"model": True} for group in ours[3] for item in group if item["score"] > 0)


# ---- a result's text as the list shows it ---------------------------------------------------------

TEASER, LEAD = 200, 40


def teaser(html: str) -> str:
    """The reference for search_engine.js's teaser, written apart from it: the characters (a code point
    outside a tag, or an entity) numbered; if there are more than TEASER, those from LEAD before the
    first one inside a <mark> (at most TEASER before the end; from the start without one) are kept,
    with "…" where characters were left out; every tag is kept."""
    import re
    pieces = re.findall(r"<[^>]*>|&[#0-9A-Za-z]+;|.", html, re.S)
    numbered, count, marked = [], 0, None
    for piece in pieces:
        if piece.startswith("<") and len(piece) > 1:
            if piece == "<mark>" and marked is None:
                marked = count
            numbered.append((None, piece))
        else:
            numbered.append((count, piece))
            count += 1
    if count <= TEASER:
        return html
    start = 0 if marked is None else max(0, marked - LEAD)
    start = min(start, count - TEASER)
    stop = start + TEASER
    out = []
    for number, piece in numbered:
        if number is None:
            out.append(piece)
        elif start <= number < stop:
            out.append(("…" if number == start and start > 0 else "") + piece
                       + ("…" if number == stop - 1 and stop < count else ""))
    return "".join(out)


_MARKUP = st.lists(st.one_of(st.text(st.sampled_from(list("ab 训练开源\n😀")), max_size=60),
                             st.sampled_from(["<p>", "</p>", "<mark>", "</mark>", "<code>", "</code>", "&amp;",
                                              "&#39;", "& ", "<br/>", "<"])), max_size=40).map("".join)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_MARKUP, min_size=30, max_size=30), st.integers(0, 400))
def test_the_workers_teaser_is_the_references(browser, texts, padding):
    texts = [("开" * padding) + text + ("字" * (padding // 2)) for text in texts]
    page = browser.new_page()
    cut = page.evaluate("""([source, texts]) => {
        const worker = { addEventListener() {}, postMessage() {} };
        new Function('self', source)(worker);
        return texts.map(worker.talkbookTeaser);
    }""", [search.ENGINE, texts])
    page.close()
    assert cut == [teaser(text) for text in texts]


# ---- the build's pieces ------------------------------------------------------------------------

def material_extract(html: str) -> list[str]:
    """Material's extract(), character by character as its source reads (the slow reference)."""
    sections, start, end = [], 0, 0
    while end < len(html):
        if html[end] == "<" and end > start:
            sections.append(html[start:end])
            start = end
        elif html[end] == ">":
            start = end + 1
        end += 1
    if end > start:
        sections.append(html[start:end])
    return sections


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("<>/ab \u200b训")), max_size=40))
def test_text_outside_tags_is_materials_extract(html):
    assert search_shards.text_outside_tags(html) == material_extract(html)


def test_separator_reads_javascripts_whitespace():
    split = search_shards.separator(CONFIG["separator"])
    assert split.split("a\ufeffb\x1cc\u2028d") == ["a", "b\x1cc", "d"]  # JS: \ufeff is space, \x1c is not
    with pytest.raises(ValueError, match="cannot read"):
        search_shards.separator(r"[\S]+")


@given(st.lists(st.integers(1, 50), max_size=40), st.integers(1, 60))
def test_runs_cut_sizes_into_runs_no_longer_than_the_limit(sizes, limit):
    starts = search_shards.runs(sizes, limit)
    bounds = list(zip(starts, starts[1:] + [len(sizes)]))
    assert (starts[:1] == [0]) == bool(sizes)
    for start, end in bounds:
        assert end > start and (sum(sizes[start:end]) <= limit or end - start == 1)


def test_a_piece_is_read_back_or_refused(tmp_path):
    docs = [{"location": "a.html", "title": "A", "text": "<p>x</p>"}, {"location": "a.html#s", "title": "S", "text": ""}]
    search_shards.write(tmp_path, {"docs": docs, "config": CONFIG})
    assert search_shards.read_docs(tmp_path) == docs
    (tmp_path / search_shards.INDEX_DIR / "d0.js").write_text("var x = 1", encoding="utf-8")
    with pytest.raises(ValueError, match="not a search index file"):
        search_shards.read_docs(tmp_path)
