"""markup.to_html skips Python-Markdown for plain one-line texts; the shortcut must give the very
bytes the converter gives, and must not be taken for text the converter would change."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from talkbook.edition import markup

# Chinese, Latin, digits, every ASCII punctuation mark, and the spaces and controls Markdown or
# the sanitiser treat specially.
ALPHABET = ("我们用来做部署。，：“”abcXYZ019 " + "".join(map(chr, range(0x21, 0x7f))) +
            "\n\t\r\x00\x02\x03\x85\xa0\u00ad\u200b\u2028\u3000\ufeff")


def slow(text: str) -> str:
    renderer = markup._Renderer()
    return renderer.convert(text, None)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "我", "a"]), st.text(alphabet=ALPHABET, max_size=30))
def test_the_plain_text_shortcut_gives_the_converters_bytes(start, rest):
    text = start + rest  # a start that allows the shortcut, so that most examples test it
    if markup._PLAIN.fullmatch(text):
        assert markup.to_html(text) == slow(text)


def test_the_shortcut_is_taken_for_plain_sentences_only():
    for text in ("前注说的是 fine-tune 与 open source（开源）。\n", "今年 2024 的 GPU: 8 张 | 每张 80 GB! (估计)"):
        assert markup._PLAIN.fullmatch(text) and markup.to_html(text) == slow(text), text
    for text in ("1. 第一", "- 项", "# 标题", "> 引", "a  \nb", "**强调**", "[链接](term:x)", "a & b", "a\n\nb",
                 "    代码", "a\xa0b", " 前导空格", "2024. 年"):
        assert not markup._PLAIN.fullmatch(text), text


def resolve(scheme: str, target: str) -> str:
    return f"../glossary/{target}.html" if scheme == "term" else f"#n-{target}"


LINK = st.builds(lambda label, scheme, target, bang: f"{bang}[{label}]({scheme}:{target})",
                 st.text(alphabet=ALPHABET, min_size=1, max_size=8), st.sampled_from(["term", "note"]),
                 st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)?", fullmatch=True), st.sampled_from(["", "", "!"]))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=ALPHABET, max_size=12), LINK), min_size=1, max_size=5),
       st.sampled_from(["", "\n", "\n\n"]))
def test_the_linked_line_shortcut_gives_the_converters_bytes(pieces, ending):
    text = "".join(pieces) + ending
    fast = markup._linked_html(text, resolve)
    if fast is not None:
        assert fast == markup._Renderer().convert(text, resolve)


def test_the_linked_line_shortcut_is_taken_for_sentences_with_links_only():
    for text in ("另见[隐性技术债](term:hidden-technical-debt)。\n", "[MLOps](term:mlops) 与[注 3](note:fix-paas)"):
        assert markup._linked_html(text, resolve) == markup._Renderer().convert(text, resolve), text
    for text in ("另见![图](term:x)", "[ 空格](term:x)", "[a](https://example.org)", "[a](term:x) **b**", "[a][b]",
                 "a\n\n[b](term:x)", "- [a](term:x)"):
        assert markup._linked_html(text, resolve) is None, text


PARAGRAPH = st.lists(st.one_of(st.text(alphabet=ALPHABET, max_size=12), LINK), min_size=1, max_size=4).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["plain 一行。", "另见[词](term:x)。"]), PARAGRAPH), min_size=2, max_size=4),
       st.sampled_from(["\n\n", "\n\n\n", "\n"]), st.sampled_from(["", "\n"]))
def test_the_paragraphs_shortcut_gives_the_converters_bytes(paragraphs, separator, ending):
    text = separator.join(paragraphs) + ending
    fast = markup._shortcut_html(text, resolve)
    if fast is not None:
        assert fast == markup._Renderer().convert(text, resolve)


def test_the_paragraphs_shortcut_is_taken_for_term_bodies():
    body = "合实天认目 team 正清。\n\nAdaptive Adapter 与[示品模型](term:incremental-monitor)有关。\n"
    assert markup._shortcut_html(body, resolve) == markup._Renderer().convert(body, resolve)
    for text in ("a\n\n- b", "a\nb\n\nc", "a\n\n\n\nb", "a\n\n    b", "a\n\n# b"):
        assert markup._shortcut_html(text, resolve) is None, text
