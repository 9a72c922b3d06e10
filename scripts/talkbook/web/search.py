"""Search tuning on top of Material's search plugin, decided here and applied by the MkDocs adapter:
how much each kind of page weighs in the ranking, a one-character fix to the way Material's
search worker splits a Chinese query into words, and a rewrite of each query (search_query.js) so
that one-letter pieces and stop words never outrank a whole name in a corpus of several languages."""
from __future__ import annotations

import json
import re
from pathlib import Path

from talkbook.staging import write_atomically

from . import search_shards, urls

# Document boosts (Material's page meta `search.boost`, a factor on every score of the page).
# A reader's query is answered by the passage first: without this the term pages, short and full
# of the same words, fill the first five results and push the talk's sections out. The glossary
# index repeats every term's one-line definition, so it matches almost anything; it stays findable
# by its title but no longer outranks the term pages themselves. 2 held while the glossary had fewer
# pages; at 59 terms pages such as "smart speaker" and "developer speed" took the first five for
# 智能音箱 and iOS 开发者 (recall 51/54); 3 gives 53/54 (tests/test_search.py recall, English set too).
TALK_BOOST = 3.0
GLOSSARY_INDEX_BOOST = 0.2

# Material's worker splits a Chinese query by looking up its substrings in the index, but its loop
# stops one character short (`j < query.length`), so the last word is never looked up whole:
# 开源 is searched as 开* (开发, 开始, ...), 商业模式 as 商业* 模*. Upstream source:
# src/templates/assets/javascripts/integrations/search/query/segment/index.ts. The minified loop
# in the worker is matched with any variable names; the build fails if it is not found exactly
# once, so a Material upgrade that changes it is looked at rather than silently unpatched.
WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js\Z")
_SEGMENT_LOOP = re.compile(r"for\(let (?P<j>\w+)=(?P<i>\w+)\+1;(?P=j)<(?P<q>\w+)\.length;(?P=j)\+\+\)"
                           r"(?P=q)\.slice\((?P=i),(?P=j)\)in ")

# It then joins the words it found with "* ", and its query transformation adds a second "*", so every
# word of a Chinese run but the last was taken as "训练成本**": found, yet reported missing from each
# result ("训练成本*" struck through) and ranked as if so. Joined with a space, each word gets one "*".
_SEGMENT_JOIN = re.compile(r'\]\.join\("\* "\)')

# The worker's search method, where the query arrives: our rewrite runs first.
_SEARCH_ENTRY = re.compile(r"search\((?P<q>\w+)\)\{if\((?P=q)=(?P=q)\.replace\(new RegExp\(\"\\\\p\{sc=Han\}\+\"")
QUERY_REWRITE = (Path(__file__).with_name("search_query.js")).read_text(encoding="utf-8")
ENGINE = (Path(__file__).with_name("search_engine.js")).read_text(encoding="utf-8")
# The index a query loads piece by piece (search_shards.py): scripts, as search/search_index.js is,
# so that the worker can load them from file:// too.
INDEX, INDEX_SCRIPT = "search/search_index.json", "search/search_index.js"
_SCRIPT_START = "var __index = "
# Name joiners the index splits on (mkdocs.yml's separator) and the dots people type for them.
_JOINER = re.compile(r"[-\u2010\u2011\u00b7\u2027\u30fb\u2022]")
_JOINED = re.compile(r"[A-Za-z0-9]+(?:" + _JOINER.pattern + r"[A-Za-z0-9]+)+")


class WorkerPatchError(Exception):
    pass


# Material's page sets its search worker up at load over http (from file:// only when search opens):
# the one place where it decides so is patched to wait for search to open everywhere, so that the
# worker's setup, where the index starts loading (search_engine.js), is the reader starting a search.
BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js\Z")
_EAGER_OVER_HTTP = re.compile(r'\(location\.protocol!=="file:"\),(?P<toggle>[\w$]+)\("search"\)')


def patch_bundle(source: str) -> str:
    """Material's page script with its search worker set up when search opens, over http as from disk."""
    patched, count = _EAGER_OVER_HTTP.subn(lambda m: f'(!1),{m["toggle"]}("search")', source)
    if count != 1:
        raise WorkerPatchError(f"expected the search setup's protocol test once in Material's page script, found it "
                               f"{count} times; Material changed: find where its search worker is set up and update "
                               f"talkbook/web/search.py's _EAGER_OVER_HTTP")
    return patched


def page_boost(src_uri: str, talk_pages: set[str]) -> float | None:
    """The search boost of a page, or None to leave Material's default (1)."""
    if src_uri in talk_pages:
        return TALK_BOOST
    if src_uri == urls.GLOSSARY_INDEX:
        return GLOSSARY_INDEX_BOOST
    return None


def joined_spellings(text: str) -> list[str]:
    """The names in `text` written with a hyphen or a middle dot, joined up (DALL·E: DALLE, GPT-4:
    GPT4): the index splits them into pieces, and a reader who types them joined must find them."""
    return list(dict.fromkeys(_JOINER.sub("", name) for name in _JOINED.findall(text)))


def patch_worker(source: str) -> str:
    """Material's search worker with the query segmenter looking up the whole query too and joining the
    words it finds so that each is searched as found (_SEGMENT_JOIN), and every
    query rewritten by search_query.js before Material reads it; in front of it, search_engine.js,
    which answers instead of Material's worker when the site has the index in pieces (split_index)."""
    patched, count = _SEGMENT_LOOP.subn(lambda m: m.group(0).replace(f";{m['j']}<", f";{m['j']}<=", 1), source)
    if count != 1:
        raise WorkerPatchError(f"expected the query segmenter's loop once in Material's search worker, found it "
                               f"{count} times; Material changed: check whether its segment() still stops one "
                               f"character short, then update or remove talkbook/web/search.py's patch")
    patched, count = _SEGMENT_JOIN.subn('].join(" ")', patched)
    if count != 1:
        raise WorkerPatchError(f"expected the query segmenter's join once in Material's search worker, found it "
                               f"{count} times; Material changed: check whether it still joins Chinese words with "
                               f"\"* \", then update or remove talkbook/web/search.py's _SEGMENT_JOIN")
    patched, count = _SEARCH_ENTRY.subn(lambda m: m.group(0).replace("{", "{" + m["q"] + "=talkbookQuery(" + m["q"]
                                                                     + ");", 1), patched)
    if count != 1:
        raise WorkerPatchError(f"expected the search method's start once in Material's search worker, found it "
                               f"{count} times; Material changed: find where the worker receives the query and "
                               f"update talkbook/web/search.py's _SEARCH_ENTRY")
    return ENGINE + QUERY_REWRITE + patched


def split_index(site: Path) -> None:
    """Material's index (written by its search plugin, and as a script by its offline plugin) replaced
    by the index in pieces (search_shards.py): search_index.json and .js, which every page's search
    component loads, keep the configuration alone, naming where the pieces are."""
    index = json.loads((site / INDEX).read_text(encoding="utf-8"))
    search_shards.write(site, index)
    config = dict(index["config"], talkbook_index=search_shards.INDEX_DIR + "/")
    stub = json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":"))
    write_atomically(stub.encode(), site / INDEX)
    write_atomically((_SCRIPT_START + stub).encode(), site / INDEX_SCRIPT)


def search_docs(site: Path) -> list[dict]:
    """The documents a built site's search answers from (split_index)."""
    return search_shards.read_docs(site)
