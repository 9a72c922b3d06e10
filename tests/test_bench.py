"""The benchmark's synthetic corpus is a valid project of the promised size, the same for the same
seed, and `bench` runs end to end on the smallest size. Nothing here asserts a time."""
from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import ROOT
from talkbook.bench.corpus import NOTES_PER_TALK, TERMS_PER_TALK, write_corpus
from talkbook.bench.scale import (BUILDS, HEADER, MEMORY, PER_TALK, RATIOS, Row, bench, format_per_talk, growth,
                                  plain_pages, top_level_blocks)
from talkbook.edition.build import load_edition
from talkbook.web import urls
from talkbook.web.pipeline import generate


def digest(root: Path) -> str:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.relative_to(root).as_posix().encode() + p.read_bytes() for p in files)).hexdigest()


def test_corpus_validates_with_n_talks_50_notes_each_and_10n_terms(tmp_path):
    write_corpus(tmp_path, 3, seed="test")
    edition = load_edition(tmp_path)  # raises BuildError listing every problem if anything is invalid
    assert len(edition.talks) == 3
    assert [len(talk.notes) for talk in edition.talks] == [NOTES_PER_TALK] * 3 == [50] * 3
    assert len(edition.terms) == TERMS_PER_TALK * 3 == 30
    for talk in edition.talks:
        assert 11_000 <= len(talk.transcript.encode("utf-8")) <= 13_000
        assert any(not ch.isascii() for ch in talk.transcript) and any(ch.isascii() and ch.isalpha()
                                                                        for ch in talk.transcript)
        assert {note.kind for note in talk.notes} >= {"correction", "context", "fact-check", "reference", "hindsight"}
        assert talk.mentions, "the glossary's terms occur in the text, so term matching has work to do"


def test_corpus_is_the_same_for_the_same_seed(tmp_path):
    write_corpus(tmp_path / "a", 2, seed="same")
    write_corpus(tmp_path / "b", 2, seed="same")
    write_corpus(tmp_path / "c", 2, seed="other")
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


def test_plain_pages_mirror_our_pages_with_the_same_text(tmp_path):
    write_corpus(tmp_path, 1, seed="test")
    edition, ours = generate(tmp_path)
    plain = plain_pages(edition)
    assert set(plain) == {name for name in ours if name.endswith(".md")}
    talk = edition.talks[0]
    page = plain[urls.talk_page(talk.id)]
    assert all(talk.transcript[p.start:p.end] in page for s in talk.sections for p in s.paragraphs)
    assert all(note.body in page for note in talk.notes)


def test_top_level_blocks_split_mkdocs_yml_by_key_without_losing_a_line():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    blocks = top_level_blocks(text)
    assert "".join(block for _key, block in blocks) == text
    assert {"site_name", "theme", "plugins", "hooks"} <= {key for key, _block in blocks}


def test_bench_runs_end_to_end_on_the_smallest_size(capsys):
    rows = bench(ROOT, [1], runs=1, pdf=False, log=lambda line: None)
    assert len(rows) == 1
    row = rows[0]
    assert (row.talks, row.notes, row.terms) == (1, 50, 10)
    assert min(row.generator, row.generator_cached, row.build, row.build_cached, row.build_edited, row.plain,
               row.zensical, row.build_cold) > 0
    # Each build's own peak memory (os.wait4), not the largest of all children: a Python build
    # holds tens of MB, and Zensical's is a different process from Material's.
    assert set(row.peak_rss) == set(BUILDS) and min(row.peak_rss.values()) > 10 * 2**20
    assert row.peak_rss["zensical"] != row.peak_rss["plain"]
    assert row.site_bytes > row.index_bytes > row.index_gzip_bytes > 0
    printed = capsys.readouterr().out
    assert HEADER in printed and RATIOS in printed and MEMORY in printed and "\n    1     50     10" in printed
    assert PER_TALK in printed and "not built" not in printed


def test_a_size_past_baselines_max_is_built_without_plain_material_and_zensical(capsys):
    """The 1,000-talk size's option (issue #30 §3): our builds measured, the other engines left out and said so."""
    rows = bench(ROOT, [1], runs=1, pdf=False, reading=False, log=lambda line: None, baselines_max=0)
    row = rows[0]
    assert row.plain is None and row.zensical is None and row.peak_rss["plain"] == row.peak_rss["zensical"] == 0
    assert min(row.build, row.build_cached, row.build_edited, row.generator) > 0
    printed = capsys.readouterr().out
    assert "plain Material and Zensical: not built at 1 talks (--baselines-max 0)" in printed
    assert PER_TALK in printed


def _row(talks: int, build: float, plain: float | None) -> Row:
    return Row(talks=talks, notes=50 * talks, terms=10 * talks, pages=12 * talks, generator=talks / 10,
               generator_cached=talks / 20, build=build, build_cached=build / 2, build_edited=build / 2, build_cold=build,
               plain=plain,
               zensical=None if plain is None else plain / 2,
               peak_rss={kind: (0 if plain is None and kind in ("plain", "zensical") else talks * 2**20)
                         for kind in BUILDS},
               site_bytes=talks * 10**6, index_bytes=talks * 10**5, index_gzip_bytes=talks * 10**4, pdf_per_talk=None)


def test_per_talk_figures_are_equal_when_cost_is_linear_and_a_dash_where_not_built():
    small, large = _row(10, 2.0, 3.0), _row(1000, 200.0, None)
    assert format_per_talk(small).split() == ["10", "0.200", "0.100", "0.300", "0.150", "1.00", "1.00", "1.000",
                                              "100.0", "/", "10.0"]
    assert format_per_talk(large).split() == ["1000", "0.200", "0.100", "-", "-", "1.00", "-", "1.000",
                                              "100.0", "/", "10.0"]
    assert "plain not built, zensical not built" in growth([small, large])[0]


def test_navigation_lists_neither_terms_nor_many_talks():
    from talkbook.edition.model import Edition
    from talkbook.adapter.mkdocs_events import NAV_TALKS_MAX, in_nav

    few, many = Edition(talks=(None,) * NAV_TALKS_MAX, terms=()), Edition(talks=(None,) * (NAV_TALKS_MAX + 1), terms=())
    for edition in (few, many):
        assert in_nav(urls.HOME, edition) and in_nav(urls.GLOSSARY_INDEX, edition)
        assert not in_nav(urls.term_page("mlops"), edition)
    assert in_nav(urls.talk_page("a"), few) and in_nav(urls.intro_page("a"), few)
    assert not in_nav(urls.talk_page("a"), many) and not in_nav(urls.intro_page("a"), many)


def test_reading_cost_builds_the_talks_with_and_without_their_reading_text(tmp_path):
    from talkbook.bench.reading_cost import copy_project, format_cost, reading_cost

    with_reading, without = tmp_path / "with", tmp_path / "without"
    count = copy_project(ROOT, with_reading, readings=True)
    copy_project(ROOT, without, readings=False)
    assert count == sum(1 for t in load_edition(ROOT).talks if t.reading is not None) > 0
    assert len(list(with_reading.glob("talks/*/reading.md"))) == count
    assert not list(without.glob("talks/*/reading.md"))
    assert all(t.reading is None for t in load_edition(without).talks)

    cost = reading_cost(ROOT, tmp_path / "scratch", runs=1, log=lambda line: None)
    assert cost.reading_talks == count
    assert min(cost.build_with, cost.build_without, cost.generator_with, cost.generator_without) > 0
    lines = format_cost(cost, 1)
    assert "whole build" in lines[1] and f"ratio {cost.build_with / cost.build_without:.3f}" in lines[1]


def test_bench_reading_runs_on_small_sizes_and_prints_ratios():
    """The reading check's benchmark (#24) end to end on small sizes: both kinds, a ratio of 1 at the first
    size, the broken readings rejected with problems and the intact ones accepted."""
    from talkbook.bench.reading_scale import bench_reading

    lines = []
    rows = bench_reading(ROOT, sizes=(20_000, 40_000), log=lines.append)
    assert lines[0].split() == ["verbatim", "reading", "kind", "CPU", "s", "ratio", "problems"]
    assert [row[2] for row in rows] == ["accepted", "rejected"] * 2
    assert rows[0][4] == rows[1][4] == 1.0
    assert all(row[5] == 0 for row in rows if row[2] == "accepted")
    assert all(row[5] > 0 for row in rows if row[2] == "rejected")


def test_citations_of_different_works_never_share_a_url():
    """Random numbers alone collided among a 100-talk corpus's 6,000 citations, which validation
    rightly refused (one URL, one title): the URL carries the work's label, so only a repeated label,
    which gives the same title, can repeat it."""
    import random

    from talkbook.bench.corpus import _source

    first, second = (_source(random.Random("same draw"), label) for label in ("甲乙", "丙丁"))
    url = [line for line in first.splitlines() if "url:" in line]
    assert url and url != [line for line in second.splitlines() if "url:" in line]
    assert _source(random.Random("same draw"), "甲乙") == first


def test_the_plain_bibliography_is_cut_into_sections_once_long(monkeypatch):
    """Zensical refuses a search entry over 256 KB; the plain baseline's bibliography at 100 talks was one."""
    from talkbook.bench import scale
    from talkbook.edition.model import Edition

    one = load_edition(ROOT)
    whole = plain_pages(one)[urls.BIBLIOGRAPHY]
    assert "\n## " not in whole
    monkeypatch.setattr(scale, "BIBLIOGRAPHY_SECTION", 2)
    cut = plain_pages(Edition(talks=one.talks, terms=one.terms))[urls.BIBLIOGRAPHY]
    assert "\n## 1\n" in cut and "\n## 2\n" in cut
    assert [line for line in cut.splitlines() if line.startswith("- ")] == \
        [line for line in whole.splitlines() if line.startswith("- ")]


def test_a_thousand_talks_get_ten_thousand_terms_of_unique_spellings():
    """The 1,000-talk size (issue #30 §3) needs 10,000 terms; the pairs of words gave 1,600. The
    smaller corpora keep their terms, so their figures stay comparable with earlier runs."""
    from talkbook.bench.corpus import make_terms

    many = make_terms(10_000, "talkbook")
    assert many[:1600] == make_terms(1600, "talkbook")
    for spelling in ("id", "name", "en", "alias"):
        assert len({getattr(term, spelling) for term in many}) == 10_000, spelling


def test_no_synthetic_correction_is_longer_than_a_correction_may_be():
    """The 1,000-talk corpus stopped at validation: its longer quotes made corrections of 25 to 34
    characters, which sources/correction_rules.py refuses; such a note is written as another kind."""
    from talkbook.bench.corpus import CORRECTION_MAX, _Text, _vocabulary, note_file
    import random

    text = _Text(random.Random("long"), _vocabulary("talkbook"))
    long_quote = "很长的一句话" * 5
    assert "kind: correction" not in note_file(0, long_quote, text, [], [])
    assert "kind: correction" in note_file(0, long_quote[:CORRECTION_MAX - 3], text, [], [])
