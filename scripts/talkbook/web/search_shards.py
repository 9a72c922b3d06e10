"""The search index in pieces, so that a query downloads only what it needs (issue #30).

Material's search worker builds a lunr index in the browser from every document of the site, so
each reader downloads the whole archive before the first result. Here the build does lunr's work
once: it weighs every term of every document exactly as Material's worker would (Material's
tokenizer: text outside tags split at the configured separator and lowercased; lunr's BM25 with
b = 0, as Material sets it, the field and document boosts, rounded to thousandths as lunr stores
them) and writes
  index/keys.js   the first term of each shard and the first document of each chunk (as gaps);
  index/t<n>.js   a shard: a run of terms in sorted order, each with the documents it weighs most
                  in and how much (SHARD_BYTES at most, unless one term alone takes more);
  index/d<n>.js   a chunk: a run of documents as search results show them (title, text, location).
search_engine.js answers a query from these: it loads the shards of the query's words, scores and
ranks as Material does, then loads the chunks of its best results. A query therefore costs the
shards of its words and the chunks of what it shows, whatever the size of the archive.

Two limits keep that so, and are the only ways results differ from Material's: a term keeps its
POSTINGS_KEPT heaviest documents (beyond that, the lightest matches of a word that common are not
found through it alone), and the result list holds the best SHOWN documents (search_engine.js).
A document whose text is longer than SHOWN_TEXT (a bibliography, a glossary index) is shown as the
plain words of its start; it is weighed by all of them."""
from __future__ import annotations

import json
import math
import os
import re
import shutil
from collections import Counter
from pathlib import Path

INDEX_DIR = "search/index"
KEYS, TERMS, DOCS = "keys.js", "t{}.js", "d{}.js"
POSTINGS_KEPT = 1000
SHARD_BYTES = 24_000
CHUNK_BYTES = 4_000
SHOWN_TEXT = 16_000
K1 = 1.2  # lunr's BM25 constants; Material sets b to 0 (no length normalisation)
B = 0.0
# JavaScript's \s, which the configured separator uses: Python's differs (\x1c-\x1f, \x85; no \ufeff).
_JS_SPACE = "\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ANGLES = re.compile("[<>]")


def separator(js_pattern: str) -> re.Pattern:
    """The search configuration's separator (a JavaScript pattern) as Python reads it: JavaScript's \\s
    spelt out. ValueError for \\S, whose meaning differs too and is not translated here."""
    out, in_class, at = [], False, 0
    while at < len(js_pattern):
        char = js_pattern[at]
        if char == "\\" and at + 1 < len(js_pattern):
            escaped = js_pattern[at + 1]
            if escaped == "S":
                raise ValueError(f"cannot read the search separator {js_pattern!r} as JavaScript does: \\S "
                                 f"means other characters in Python; name the characters to split at instead")
            out.append(_JS_SPACE if escaped == "s" and in_class else
                       f"[{_JS_SPACE}]" if escaped == "s" else char + escaped)
            at += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        at += 1
    return re.compile("".join(out))


def text_outside_tags(html: str) -> list[str]:
    """The text sections Material's tokenizer reads in `html` (its extract(): a section ends at '<'
    and the next one starts after '>'); what lies between them is markup and is not indexed."""
    sections, start = [], 0
    for mark in _ANGLES.finditer(html):
        end = mark.start()
        if mark.group() == "<":
            if end > start:
                sections.append(html[start:end])
                start = end
        else:
            start = end + 1
    if len(html) > start:
        sections.append(html[start:])
    return sections


def terms(value, split: re.Pattern) -> Counter:
    """How often each index term occurs in a field's value (a string, or a list such as tags). The
    sections are joined by a space, at which the separator splits, and lowercased at once: no
    separator character changes under lowercasing."""
    values = value if isinstance(value, list) else [value]
    found = Counter(split.split(" ".join(section for item in values for section in text_outside_tags(item)).lower()))
    found.pop("", None)
    return found


def weights(docs: list[dict], config: dict) -> dict[str, dict[int, int]]:
    """term -> {document number: its weight in thousandths}, as lunr's index would score a one-term
    query before Material's own boosts: the sum over fields of idf × (k1+1)·tf / (k1+tf) × field
    boost × document boost, each field's value rounded to thousandths (the operations in lunr's order,
    so that the floating-point results, and the roundings, are lunr's)."""
    split = separator(config["separator"])
    fields = [(name, (spec or {}).get("boost") or 1) for name, spec in config["fields"].items()]
    counted, frequency = [], Counter()  # lunr's idf counts (document, field) pairs
    for doc in docs:
        doc_fields = [(boost, terms(doc[name], split)) for name, boost in fields if doc.get(name) is not None]
        for _, found in doc_fields:
            frequency.update(found.keys())
        counted.append(doc_fields)
    total = len(docs)
    idf = {term: math.log(1 + abs((total - n + 0.5) / (n + 0.5))) for term, n in frequency.items()}
    norm, k1_plus_1, floor = K1 * (1 - B + B), K1 + 1, math.floor  # b = 0: the field's length drops out
    out: dict[str, dict[int, int]] = {term: {} for term in frequency}
    for number, (doc, doc_fields) in enumerate(zip(docs, counted)):
        doc_boost = doc.get("boost") or 1
        for field_boost, found in doc_fields:
            for term, tf in found.items():
                milli = floor(idf[term] * (k1_plus_1 * tf) / (norm + tf) * field_boost * doc_boost * 1000 + 0.5)
                postings = out[term]
                postings[number] = postings.get(number, 0) + milli
    return out


def articles(docs: list[dict]) -> list[int | None]:
    """For each document, the number of the page (article) it is a section of; None for an article.
    As Material's worker reads them: a path's first document is its article."""
    first: dict[str, int] = {}
    out: list[int | None] = []
    for number, doc in enumerate(docs):
        path = doc["location"].split("#")[0]
        out.append(first[path] if path in first else None)
        first.setdefault(path, number)
    return out


def postings(found: dict[int, int], is_article: list[bool]) -> str:
    """A term's kept documents, as JSON [references as gaps, weights]: a reference is the document's
    number times two, plus one for an article (Material ranks articles up before it knows their text)."""
    kept = sorted(found.items())  # documents were added in order, but a term's fields may come apart
    if len(kept) > POSTINGS_KEPT:
        kept = sorted(sorted(kept, key=lambda item: (-item[1], item[0]))[:POSTINGS_KEPT])
    gaps = as_gaps([number * 2 + is_article[number] for number, _ in kept])
    return f"[[{','.join(map(str, gaps))}],[{','.join(str(weight) for _, weight in kept)}]]"


def as_gaps(ascending: list[int]) -> list[int]:
    """Each number less the one before it: small numbers, which compress to a byte or so each."""
    return [number - before for number, before in zip(ascending, [0] + ascending[:-1])]


def js_order(term: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units), which search_engine.js searches in."""
    return term.encode("utf-16-be")


def runs(sizes: list[int], limit: int) -> list[int]:
    """Where each run starts when items of these sizes are cut into runs of at most `limit` (an item
    larger than the limit is a run of its own)."""
    starts, total = [], limit
    for number, size in enumerate(sizes):
        if total + size > limit:
            starts.append(number)
            total = 0
        total += size
    return starts


def shown(doc: dict, parent: dict | None, split: re.Pattern) -> dict:
    """A document as the result list shows it: a section with its article's title (the list heads each
    page's sections with it, so a page's first document need not be loaded), and a text longer than
    SHOWN_TEXT reduced to the plain words of its start."""
    out = dict(doc)
    if parent is not None:
        out["article"] = parent["title"]
    if len(doc["text"]) > SHOWN_TEXT:
        words = " ".join(text_outside_tags(doc["text"]))[:SHOWN_TEXT]
        cut = max((m.start() for m in split.finditer(words)), default=len(words))
        out["text"] = words[:cut] + " …"
    return out


def build(index: dict) -> dict[str, bytes]:
    """The index files (name -> bytes, relative to INDEX_DIR) for Material's index (config and docs)."""
    docs, config = index["docs"], index["config"]
    parents = articles(docs)
    is_article = [parent is None for parent in parents]
    encoded = {term: postings(found, is_article) for term, found in weights(docs, config).items()}
    order = sorted(encoded, key=js_order)
    entries = [f"{json.dumps(term, ensure_ascii=False)}:{encoded[term]}" for term in order]
    shard_starts = runs([len(entry.encode()) for entry in entries], SHARD_BYTES)
    split = separator(config["separator"])
    cards = [json.dumps(shown(doc, None if parent is None else docs[parent], split), ensure_ascii=False,
                        separators=(",", ":")) for doc, parent in zip(docs, parents)]
    chunk_starts = runs([len(card.encode()) for card in cards], CHUNK_BYTES)
    files = {KEYS: _script("keys", {"terms": [order[start] for start in shard_starts],
                                    "docs": as_gaps(chunk_starts)})}
    for number, (start, end) in enumerate(zip(shard_starts, shard_starts[1:] + [len(order)])):
        files[TERMS.format(number)] = f"tbSearch.terms({number},{{{','.join(entries[start:end])}}})".encode()
    for number, (start, end) in enumerate(zip(chunk_starts, chunk_starts[1:] + [len(cards)])):
        files[DOCS.format(number)] = f"tbSearch.docs({number},[{','.join(cards[start:end])}])".encode()
    return files


def _script(call: str, data) -> bytes:
    return f"tbSearch.{call}({json.dumps(data, ensure_ascii=False, separators=(',', ':'))})".encode()


def write(site: Path, index: dict) -> None:
    """The index files in place of any earlier ones, swapped in whole (a failed build leaves the old)."""
    target = site / INDEX_DIR
    fresh, stale = target.with_name(target.name + ".new"), target.with_name(target.name + ".old")
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    fresh.mkdir(parents=True)
    for name, content in build(index).items():
        (fresh / name).write_bytes(content)
    if target.exists():
        os.replace(target, stale)
    os.replace(fresh, target)
    shutil.rmtree(stale, ignore_errors=True)


def read_docs(site: Path) -> list[dict]:
    """The documents of a built site's index, in order, as the result list shows them."""
    folder = site / INDEX_DIR
    keys = _read_script(folder / KEYS, "keys")
    docs: list[dict] = []
    for number in range(len(keys["docs"])):
        docs += [{k: v for k, v in doc.items() if k != "article"}
                 for doc in _read_script(folder / DOCS.format(number), "docs", number)]
    return docs


def _read_script(path: Path, call: str, *before):
    text = path.read_text(encoding="utf-8")
    start = f"tbSearch.{call}(" + "".join(f"{arg}," for arg in before)
    if not (text.startswith(start) and text.endswith(")")):
        raise ValueError(f"{path}: not a search index file")
    return json.loads(text[len(start):-1])
