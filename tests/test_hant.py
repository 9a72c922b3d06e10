"""简/繁 (issue #29 §4): a Chinese talk's page in traditional characters, converted at build time with
OpenCC (edition/hant.py), with the glossary's names protected by a phrase table. The phrase table on
its own; then in a real Chromium, on the mini fixture with a second talk (tests/fixtures/hant) whose
text puts 谷歌 after 年, where OpenCC alone writes 年穀歌 (穀: grain): the switch, the URL, the
reader's remembered choice, lang="zh-Hant", the converted words, the protected name, search, and the
committed transcript, which no switching changes."""
from __future__ import annotations

import hashlib
import re

import pytest
from conftest import ROOT, build_site, copy_mini, served
from hypothesis import given, settings, strategies as st
from talkbook.bench import searchbox
from talkbook.edition import hant
from talkbook.edition.model import Term
from talkbook.web.search import search_docs
from talkbook.sources.validate import _declared_form_problem
from test_reading import WIDE, opened

TALK = "scripts-demo"


def _term(name: str, aliases=(), declared: str = "") -> Term:
    return Term(id="t", name=name, en="", aliases=tuple(aliases), short="", body="", related=(), sources=(),
                path="glossary/t.md", hant=declared)


# ---- the phrase table ---------------------------------------------------------------------------

def test_a_protected_name_survives_where_plain_opencc_changes_it():
    table = hant.phrase_table((_term("谷歌", ["谷歌公司"]), _term("余明", declared="余明")))
    # At its edge: OpenCC reads 年谷 as one phrase (a harvest) and writes 穀.
    assert hant.plain("去年谷歌开源了") == "去年穀歌開源了"
    assert table.convert("去年谷歌开源了") == "去年谷歌開源了"
    # On its own: the surname 余 is no 餘 (surplus); the term declares its form (glossary `hant:`).
    assert hant.plain("余明说") == "餘明說"
    assert table.convert("余明说") == "余明說"
    # The longest name wins, and Latin names are OpenCC's to leave alone.
    assert table.convert("百谷歌公司和 GPT-4、Stability AI") == "百谷歌公司和 GPT-4、Stability AI"


def test_speaker_labels_are_protected_and_words_are_not_swapped():
    from talkbook.edition.build import load_edition
    edition = load_edition(copy_mini(_tmp() / "p", ROOT / "tests" / "fixtures" / "hant"))
    table = hant.phrase_table(edition.terms, edition.talks)
    assert table.forms["主持人"] == "主持人" and table.forms["谷歌"] == "谷歌"
    # s2tw changes characters, never words: 软件 stays 軟件 (s2twp would write 軟體), 信息 stays 資訊-free.
    assert table.convert("开源软件的信息") == "開源軟件的信息"


def _tmp():
    import tempfile
    from pathlib import Path
    return Path(tempfile.mkdtemp())


HAN_OR_NAME = st.text(alphabet=st.sampled_from(list("年谷歌开源余明后发干台里着为 <>=\"/#-_aZ09·“”，。")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(HAN_OR_NAME)
def test_conversion_changes_han_characters_only_and_protected_names_always(text):
    """Markup is converted with the page: ids, hrefs, classes and Latin names must come out as they went in."""
    table = hant.phrase_table((_term("谷歌"), _term("余明", declared="余明")))
    out = table.convert(text)
    assert re.sub(hant._HAN, "", out) == re.sub(hant._HAN, "", text)
    assert out.count("谷歌") >= text.count("谷歌") and out.count("余明") >= text.count("余明")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("年谷歌开源余明后发干净台里着为头 a\n\ue000")), max_size=60))
def test_the_gaps_between_names_convert_as_each_would_alone(text):
    """PhraseTable.convert hands OpenCC every gap between protected names in one call, set apart by a
    character no phrase spans: against converting each gap on its own (干|净 must stay 幹|淨, never the
    phrase 乾淨 across a name), and with that character in the text itself."""
    table = hant.phrase_table((_term("谷歌"), _term("余明", declared="余明"), _term("开源")))
    pattern = re.compile("|".join(sorted(map(re.escape, table.forms), key=len, reverse=True)))
    expected, last = [], 0
    for match in pattern.finditer(text):
        expected += [hant.plain(text[last:match.start()]), table.forms[match.group()]]
        last = match.end()
    assert table.convert(text) == "".join(expected) + hant.plain(text[last:])


# Names sharing beginnings (模, 模型, 模型检查点, 型检), so that the longest of several must win.
_NAME_CHARS = st.sampled_from("模型检查点ab.")


@settings(max_examples=300)
@given(st.lists(st.text(_NAME_CHARS, min_size=1, max_size=6), min_size=1, max_size=12),
       st.text(_NAME_CHARS, max_size=40))
def test_the_trie_pattern_matches_what_the_names_sorted_longest_first_match(names, text):
    """hant.longest_first against the pattern it replaced: every name, longest first, tried in turn."""
    reference = re.compile("|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True)))
    fast = re.compile(hant.longest_first(names))
    assert [(m.start(), m.group()) for m in fast.finditer(text)] == \
        [(m.start(), m.group()) for m in reference.finditer(text)]


def test_a_declared_form_must_be_the_name_itself():
    assert _declared_form_problem("余明", "余明") == ""
    assert _declared_form_problem("发哥", "髮哥") == ""
    assert "not the name '余明' in traditional characters" in _declared_form_problem("余明", "余明先生")
    assert "not the name 'AI 软件' in traditional characters" in _declared_form_problem("AI 软件", "Al 軟件")


# ---- the site -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_mini(tmp_path_factory.mktemp("hant") / "project", ROOT / "tests" / "fixtures" / "hant")
    # The site's own <head> script (overrides/main.html), which opens the remembered script's page.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n", f"  name: material\n  custom_dir: {ROOT}/scripts/overrides\n", 1), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def transcript_before(project):
    return (project / "talks" / TALK / "transcript.txt").read_bytes()


@pytest.fixture(scope="module")
def site(project, transcript_before, tmp_path_factory):
    return build_site(project, tmp_path_factory.mktemp("hant-site") / "site")


@pytest.fixture(scope="module")
def root(site):
    with served(site) as url:
        yield url


WORDS = "() => [...document.querySelectorAll('.tb-para')].filter(p => p.offsetParent).map(p => p.innerText).join('')"
LANG_OF_TEXT = "() => document.querySelector('.tb-para').closest('[lang]').getAttribute('lang')"


def test_the_switch_opens_the_hant_page_in_the_same_view_kept_in_the_url_and_remembered(browser, root):
    talk = root + f"talks/{TALK}/"
    with opened(browser, talk + "?view=verbatim", WIDE) as page:
        assert page.locator(".tb-script-link").all_inner_texts() == ["简", "繁"]
        assert "开源" in page.evaluate(WORDS) and page.evaluate(LANG_OF_TEXT) == "zh"
        page.click(".tb-script-link[data-script=hant]")
        page.wait_for_url(talk + "hant/?view=verbatim")
        assert page.evaluate("document.documentElement.getAttribute('data-tb-view')") == "verbatim"
        words = page.evaluate(WORDS)
        assert "開源" in words and "开源" not in words and "年谷歌" in words and "穀" not in words
        assert page.evaluate(LANG_OF_TEXT) == "zh-Hant"
        assert page.evaluate("document.querySelector('h1').closest('[lang]').getAttribute('lang')") == "zh-Hant"
        # The page says it is a conversion, and the verbatim view's name says so too.
        assert "自動轉換" in page.inner_text(".tb-script-note")
        assert page.inner_text(".tb-view-button[data-view=verbatim]") == "逐字（繁體轉寫）"
        assert page.get_attribute(".tb-script-link[data-script=hant]", "aria-current") == "page"
        # The view still switches on the 繁 page, and the 通读 text is converted as well.
        page.click(".tb-view-button[data-view=reading]")
        assert "去年谷歌開源了很多模型，" in page.evaluate(WORDS)
        # Remembered: the same reader opening the 简 address gets the 繁 page, before it is painted.
        page.goto(talk + "#open")
        page.wait_for_url(talk + "hant/?view=reading#open")
        page.click(".tb-script-link[data-script=hans]")
        page.wait_for_url(re.compile(re.escape(talk) + r"\?script=hans&view=reading#open$"))
        assert "开源" in page.evaluate(WORDS)
        page.goto(talk)
        page.wait_for_url(talk + "?view=reading")  # the 简 choice is remembered too
    with opened(browser, talk + "?script=hant", WIDE) as page:  # the URL alone asks for it
        page.wait_for_url(talk + "hant/?view=reading")


def test_the_hant_page_is_not_a_search_entry_and_search_from_it_lands_on_it(browser, root, site):
    assert [d["location"] for d in search_docs(site) if "hant" in d["location"]] == []
    with opened(browser, root + f"talks/{TALK}/hant/", WIDE) as page:
        page.evaluate("localStorage.setItem('tb-script', 'hant')")
        results = [r for r in searchbox.search(page, "谷歌", root) if TALK in r.href]
        assert results, "the 简 index answers a 简 query on the 繁 page"
        page.goto(results[0].href)
        page.wait_for_load_state("load")
        assert f"talks/{TALK}/hant/" in page.url  # the reader's script, at the result's place


def test_switching_never_changes_the_committed_transcript(browser, root, site, project, transcript_before):
    with opened(browser, root + f"talks/{TALK}/", WIDE) as page:
        for script in ("hant", "hans", "hant"):
            page.click(f".tb-script-link[data-script={script}]")
            page.wait_for_load_state("load")
            page.click(".tb-view-button[data-view=verbatim]")
        assert "/hant/" in page.url
        download = page.get_attribute("a[download]", "href")
        downloaded = page.request.get(page.url.split("?")[0] + download).body()
    assert downloaded == transcript_before == (site / "talks" / TALK / "transcript.txt").read_bytes()
    assert (project / "talks" / TALK / "transcript.txt").read_bytes() == transcript_before
    declared = re.search(r"sha256: (\w+)", (project / "talks" / TALK / "talk.yml").read_text()).group(1)
    assert hashlib.sha256(downloaded).hexdigest() == declared
