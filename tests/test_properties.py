"""Properties over random talks: random transcripts (Chinese, Latin, spaces, line breaks and the
characters Markdown and HTML treat specially) with random valid overlays (sections, turns, breaks,
notes, corrections, glossary terms), written as files and run through the whole pipeline, then
through Python-Markdown configured as the mini project's mkdocs.yml configures MkDocs.

- nothing lost: the transcript is recovered from the rendered page, and every note is on it once;
- permalinks stay put: removing some notes moves no section, paragraph or other note."""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml
from conftest import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from talkbook.edition.anchor import Quote, matches
from talkbook.web import urls
from talkbook.web.pipeline import generate
from talkbook.web.rawblocks import RawBlocks
from talkbook.web.verify import check_talk_page, recover_transcript

ALPHABET = "我们用来做部署大一火但是的东西第二点很重要最后收尾abcXYZ019 \n*_<>&#[]`\\!()-+.|{}~'\""
# Whole constructs that Markdown or HTML would act on if the text reached them unescaped.
FRAGMENTS = ["<b>粗</b>", "</p>", "<!-- x -->", "&amp;", "&#x41;", "**强调**", "_a_", "[链接](x)", "\n\n", "\n    代码",
             "\n# 标题", "\n- 项", "\n1. 项", "\n> 引", "\n---\n", "<script>", "{: #id }", "`code`", "\\*", "MLOps"]
# Paragraph (p<offset>) and section (s<offset>) anchors, and notes' (n-<id>) and markers' (r-<id>[-k]).
ANCHOR = re.compile(r'id="(p\d+|s\d+|[nr]-(note-\d+)(?:-\d+)?)"')
SOURCE = {"title": "T", "author": "A", "year": 2020, "url": "https://example.org/"}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions (and their options) of the mini project's mkdocs.yml."""
    names, configs = [], {}
    for item in yaml.safe_load((MINI / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = options
    # The hook adds RawBlocks to every build (adapter/mkdocs_events.add_raw_blocks); so does this test.
    return markdown.Markdown(extensions=names + [RawBlocks()], extension_configs=configs)


MARKDOWN = _markdown()


def render_page(page_markdown: str) -> str:
    content, _meta = get_data(page_markdown)  # MkDocs strips the front matter first
    return MARKDOWN.reset().convert(content)


def selector(text: str, start: int, end: int) -> dict | None:
    """A quote/prefix/suffix that matches only [start, end), each part holding more than spaces
    (the schema's rule), or None if there is none."""
    exact = text[start:end]
    if not exact.strip():
        return None
    for grow in range(0, len(text) + 1):
        prefix, suffix = text[max(0, start - grow):start], text[end:end + grow]
        quote = {"quote": exact}
        if prefix.strip():
            quote["prefix"] = prefix
        if suffix.strip():
            quote["suffix"] = suffix
        found = matches(text, Quote(exact, quote.get("prefix", ""), quote.get("suffix", ""), "", 0))
        if found == [start]:
            return quote
        if start - grow <= 0 and end + grow >= len(text):
            return None
    return None


@dataclass
class Overlay:
    transcript: str
    talk: dict
    notes: dict  # note id -> front matter
    terms: dict  # term id -> front matter


@st.composite
def overlays(draw) -> Overlay:
    pieces = st.lists(st.one_of(st.text(ALPHABET, min_size=1, max_size=10), st.sampled_from(FRAGMENTS)),
                      min_size=1, max_size=16)
    text = draw(pieces.map("".join).filter(lambda t: t.strip()))
    n = len(text)
    cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=6)) if n > 1 else set())
    roles = {cut: draw(st.sampled_from(["section", "turn", "break"])) for cut in cuts}
    first = selector(text, 0, min(n, draw(st.integers(1, 8)))) or {"quote": text}
    sections, turns, breaks = [{"id": "s0", "title": "第 0 节", "start": first}], [], []
    speakers = [{"id": "host", "label": "主持人"}, {"id": "guest", "label": "嘉宾"}]
    for cut in cuts:
        quote = selector(text, cut, min(n, cut + draw(st.integers(1, 6))))
        if quote is None:
            continue
        if roles[cut] == "section":
            sections.append({"id": f"s{cut}", "title": f"第 {cut} 节", "start": quote})
        elif roles[cut] == "turn":
            turns.append({"speaker": draw(st.sampled_from(["host", "guest"])), "start": quote})
        else:
            breaks.append(quote)
    section_starts = [0] + [c for c in cuts if roles[c] == "section"]
    paragraph_starts = set(cuts)
    notes, fixes, context_spans = {}, [], set()
    for index in range(draw(st.integers(0, 5))):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a + 1, min(n, a + 8)))
        quote = selector(text, a, b)
        correction = draw(st.booleans())
        if quote is None or any(a < s < b for s in section_starts):
            continue
        if correction:
            if any(a < p < b for p in paragraph_starts) or any(a < fe and fs < b for fs, fe in fixes):
                continue
            # A random replacement sounds like nothing: it is an emendation (CONTRIBUTING §5), so it
            # changes at most a few characters and is never certain.
            replace = list(quote["quote"])
            for _ in range(draw(st.integers(1, 2))):
                replace[draw(st.integers(0, len(replace) - 1))] = draw(st.sampled_from(ALPHABET.replace("\n", "")))
            replace = "".join(replace)
            if not replace.strip() or "\n" in replace.strip() or replace == quote["quote"]:  # the schema's rules
                continue
            fixes.append((a, b))
            note = {**quote, "kind": "correction", "replace": replace, "emendation": True,
                    "confidence": draw(st.sampled_from(["probable", "uncertain"]))}
        else:
            if (a, b) in context_spans:  # validate: one note per kind on one quote
                continue
            context_spans.add((a, b))
            note = {**quote, "kind": "context", "sources": [SOURCE]}
        notes[f"note-{index}"] = note
    # A non-correction may not cut through a correction; drop those (fixes are final now).
    notes = {k: v for k, v in notes.items() if v["kind"] == "correction" or not _cuts(text, v, fixes)}
    terms = {}
    for index in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, n - 1))
        name = text[a:a + draw(st.integers(2, 4))].strip()
        if len(name) < 2 or "\n" in name or "<" in name or any(name.casefold() == t["term"].casefold()
                                                                for t in terms.values()):
            continue
        terms[f"term-{index}"] = {"term": name, "short": f"定义 {index}", "sources": [SOURCE]}
    talk = {"title": "随机演讲", "date": "2023", "event": "测试", "language": "zh",
            "transcript": {"file": "transcript.txt", "sha256": ""}, "speakers": speakers,
            "sections": sections}
    if turns:
        talk["turns"] = turns
    if breaks:
        talk["breaks"] = breaks
    return Overlay(text, talk, notes, terms)


def _cuts(text: str, note: dict, fixes) -> bool:
    start = matches(text, Quote(note["quote"], note.get("prefix", ""), note.get("suffix", ""), "", 0))[0]
    end = start + len(note["quote"])
    return any(fs < start < fe or fs < end < fe for fs, fe in fixes)


def _dump(data) -> str:
    # Every string double-quoted: random text with ': ', '#', leading spaces or line breaks stays exact.
    return yaml.safe_dump(data, allow_unicode=True, default_style='"', sort_keys=False)


def write_project(root: Path, overlay: Overlay, note_ids) -> Path:
    """A project with one talk (the overlay's, keeping only `note_ids`) and the overlay's glossary."""
    import hashlib

    talk_dir = root / "talks" / "random"
    (talk_dir / "notes").mkdir(parents=True)
    (root / "glossary").mkdir()
    data = overlay.transcript.encode("utf-8")
    (talk_dir / "transcript.txt").write_bytes(data)
    talk = {**overlay.talk, "transcript": {"file": "transcript.txt", "sha256": hashlib.sha256(data).hexdigest()}}
    (talk_dir / "talk.yml").write_text(_dump(talk), encoding="utf-8")
    for note_id in note_ids:
        (talk_dir / "notes" / f"{note_id}.md").write_text(f"---\n{_dump(overlay.notes[note_id])}---\n注释 {note_id}。\n",
                                                        encoding="utf-8")
    for term_id, term in overlay.terms.items():
        (root / "glossary" / f"{term_id}.md").write_text(f"---\n{_dump(term)}---\n词条正文。\n", encoding="utf-8")
    return root


def run(overlay: Overlay, note_ids):
    root = Path(tempfile.mkdtemp(prefix="talkbook-prop-"))
    try:
        edition, files = generate(write_project(root, overlay, note_ids))
    finally:
        shutil.rmtree(root)
    talk = edition.talks[0]
    return talk, render_page(files[urls.talk_page(talk.id)])


@SETTINGS
@given(overlays())
def test_rendered_page_gives_back_the_transcript_and_each_note_once(overlay):
    talk, html = run(overlay, sorted(overlay.notes))
    assert recover_transcript(html) == overlay.transcript
    assert check_talk_page(talk, html) == []
    assert len(talk.notes) == len(overlay.notes)


@SETTINGS
@given(overlays(), st.data())
def test_removing_notes_moves_no_permalink_and_no_other_note(overlay, data):
    kept = sorted(data.draw(st.sets(st.sampled_from(sorted(overlay.notes))), label="kept")) if overlay.notes else []
    full, full_html = run(overlay, sorted(overlay.notes))
    fewer, fewer_html = run(overlay, kept)
    layout = [(s.id, s.start, [(p.id, p.start, p.end) for p in s.paragraphs]) for s in full.sections]
    assert [(s.id, s.start, [(p.id, p.start, p.end) for p in s.paragraphs]) for s in fewer.sections] == layout
    assert {n.id: n.ranges for n in fewer.notes} == {n.id: n.ranges for n in full.notes if n.id in kept}
    # On the page too: the same paragraph and section anchors, and each kept note's own anchors.
    before = ANCHOR.findall(full_html)
    assert set(ANCHOR.findall(fewer_html)) == {(anchor, note) for anchor, note in before if not note or note in kept}
    assert recover_transcript(fewer_html) == overlay.transcript


def test_the_generator_makes_varied_talks():
    """Guard against a generator that quietly stopped producing notes, corrections or terms."""
    seen = {"notes": 0, "corrections": 0, "terms": 0, "sections": 0}

    @settings(max_examples=60, deadline=None, database=None)
    @given(overlays())
    def count(overlay):
        seen["notes"] += len(overlay.notes)
        seen["corrections"] += sum(1 for n in overlay.notes.values() if n["kind"] == "correction")
        seen["terms"] += len(overlay.terms)
        seen["sections"] += len(overlay.talk["sections"]) > 1

    count()
    assert all(value > 5 for value in seen.values()), seen
