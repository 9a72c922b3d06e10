"""A reader who selects a passage of a talk page and copies it gets the words, not the page's
furniture (marker numbers, ¶, 建议注释, margin notes, the hidden view), and a citation line, in
both views (docs/assets/talkbook-copy.js). Real Chromium, on the mini fixture with a reading text."""
from __future__ import annotations

import re

import pytest
from conftest import build_site, copy_mini, serve
from test_reading import opened

READING = ("我们用 MLOps 来做部署。DALL·E 刚出来的时候很火。\n\n但是 PaaS 一样的东西，\n\npassage 不算。\n\n"
           "第二点是 hidden technical debt 很重要。最后我们用 MLOps 收尾。\n")

# Select from the start of the first shown paragraph to the end of the last, then copy as Ctrl-C does.
COPY = """() => {
  const shown = [...document.querySelectorAll('.tb-block .tb-para')].filter(p => p.getClientRects().length);
  const range = document.createRange();
  range.setStart(shown[0], 0);
  range.setEnd(shown[shown.length - 1], shown[shown.length - 1].childNodes.length);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  let copied = null;
  const read = event => { copied = event.clipboardData.getData('text/plain'); };
  document.addEventListener('copy', read);
  document.execCommand('copy');
  document.removeEventListener('copy', read);
  return {copied, plain: selection.toString()};
}"""


@pytest.fixture(scope="module")
def talk_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("copy")
    project = copy_mini(root / "project")
    (project / "talks" / "demo" / "reading.md").write_text(READING, encoding="utf-8")
    server = serve(build_site(project, root / "site"))
    yield f"http://127.0.0.1:{server.server_address[1]}/talks/demo/index.html"
    server.shutdown()


@pytest.mark.parametrize("view", ["reading", "verbatim"])
def test_copying_a_passage_gives_its_words_and_a_citation(browser, talk_url, view):
    with opened(browser, f"{talk_url}?view={view}", 1440) as page:
        result = page.evaluate(COPY)
    copied, plain = result["copied"], result["plain"]
    # What the browser alone would copy: marker numbers and the page's links mixed into the words.
    assert re.search(r"[¹²³⁴⁵⁶⁷⁸⁹⁰0-9]|¶", plain), plain
    assert copied, "nothing was put on the clipboard"
    words, citation = copied.rsplit("\n\n", 1)
    # The words as the view shows them (corrections applied in 通读; 逐字 is the transcript's own words,
    # CONTRIBUTING §12), each speaker's label with its colon.
    if view == "reading":
        assert words == ("主持人：我们用 MLOps 来做部署。DALL·E 刚出来的时候很火。\n\n嘉宾甲（推测）：但是 PaaS 一样的东西，\n\n"
                         "passage 不算。\n\n第二节\n\n第二点是 hidden technical debt 很重要。最后我们用 MLOps 收尾。")
    else:
        assert words == ("主持人：我们用MLOps来做部署 大一刚出来的时候很火\n\n嘉宾甲（推测）：但是pass一样的东西\n\n"
                         "passage不算\n\n第二节\n\n第二点是hidden technical debt很重要 最后我们用MLOps收尾")
    assert "¶" not in copied and "建议注释" not in copied and "DALL·E 的误识别" not in copied
    assert not re.search(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]", copied)
    # The ¶ button's citation of the first paragraph; the selection runs into the next section.
    assert re.fullmatch(rf"《演示演讲》，“第一节”，第 1 段起。http://[^ ]+/talks/demo/index\.html\?view={view}#p0",
                        citation), citation


def test_a_span_within_one_section_is_cited_as_a_range_of_paragraphs(browser, talk_url):
    with opened(browser, talk_url, 1440) as page:
        copied = page.evaluate(COPY.replace("shown[shown.length - 1]", "shown[1]"))["copied"]
    assert copied.startswith("主持人：我们用 MLOps 来做部署。") and "passage" not in copied, copied
    assert re.search(r"\n\n《演示演讲》，“第一节”，第 1–2 段。http://\S+#p0$", copied), copied


def test_copying_inside_a_margin_note_is_left_to_the_browser(browser, talk_url):
    with opened(browser, talk_url, 1440) as page:
        copied = page.evaluate("""() => {
          const note = document.querySelector('aside');
          getSelection().selectAllChildren(note);
          let copied = 'untouched';
          const read = event => { copied = event.clipboardData.getData('text/plain') || 'untouched'; };
          document.addEventListener('copy', read);
          document.execCommand('copy');
          document.removeEventListener('copy', read);
          return copied;
        }""")
    assert copied == "untouched"
