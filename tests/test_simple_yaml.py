"""simple_yaml reads the plain YAML editorial files are written in without PyYAML. Whatever it
accepts must come out exactly as yamlsource's PyYAML path reads it: the same values and types, the
same line of every key and item, and no problem that path would have reported."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from talkbook.problems import Problems
from talkbook.sources import simple_yaml, yamlsource


def read_with_pyyaml(text: str, offset: int):
    problems = Problems()
    original, simple_yaml.read = simple_yaml.read, lambda *_: None
    try:
        return yamlsource.parse_yaml(text, "x.md", problems, offset), problems.items
    finally:
        simple_yaml.read = original


def shape(value):
    """The value with its line bookkeeping and exact types, for comparison."""
    if isinstance(value, dict):
        return ("map", value.line, dict(value.key_lines), {key: shape(item) for key, item in value.items()})
    if isinstance(value, list):
        return ("list", value.line, list(value.item_lines), [shape(item) for item in value])
    return (type(value).__name__, value)


def assert_same_as_pyyaml(text: str, offset: int = 0):
    fast = simple_yaml.read(text, offset)
    if fast is None:
        return False
    slow, problems = read_with_pyyaml(text, offset)
    assert problems == [], (text, problems)
    assert shape(fast) == shape(slow), text
    return True


# Scalars whose meaning in YAML 1.1 (PyYAML) is easy to get wrong: typed words, numbers in odd
# bases, dates, indicators, comments, quotes, and the characters YAML treats as breaks or spaces.
TRICKY = ["yes", "No", "on", "OFF", "y", "~", "null", "Null", "true", "0x1F", "0o17", "017", "1_000", "+1", "-1",
          "1:20", "1.5", ".inf", "1e3", "2023-02-01", "2023-02-30", "2023-02", "2023", "=", "<<", "-a", "- a",
          "?a", ":a", "a:", "a: b", "a :b", "a#b", "a #b", "#a", "&a x", "*a", "!!str x", "!x y", "%x", "@x", "`x",
          "|", ">", "|-", "a, b", "[a, b]", "[]", "[ ]", "[a,]", "[, a]", "[1, yes, ~, x]", "[a: b]", "[[a]]", "{a: 1}",
          "{}", '"q"', '""', '"a\\"b"', '"a\\nb"', '"a" b', "'s'", "''", "'a''b'", "'a'b'", "'open", '"open',
          "中文：值", "“引号”里的话", "一、二", "x  y", "\u3000全角", "a\u3000", "a\xa0", "a\u2028b", "a\x85b",
          "a\tb", "a\\b", "é", "ＡＢ", "https://example.org/a?b=c#d", "C#", "a]", "[a", "a,", "\ufeffx"]
# Ordinary values, so that most documents are in the subset and nested shapes get compared too.
ORDINARY = ["值", "two words", "2023", '"quoted 引号"', "'single'", "[a, b-c]", "[]", "https://example.org/x"]
SCALARS = st.sampled_from(TRICKY) | st.sampled_from(ORDINARY) | st.sampled_from(ORDINARY)
GOOD_KEYS = st.sampled_from(["title", "kind", "Key", "a-b", "_x", "x1", "term", "url", "year", "sources", "id"])
KEYS = GOOD_KEYS | GOOD_KEYS | GOOD_KEYS | st.sampled_from(["on", "yes", "null", "1a", "a b", "ключ", "title "])


@st.composite
def document(draw, depth=0, tricky=None):
    """Lines of a YAML mapping; an untricky one (half of them) uses ordinary values only, so that
    nested shapes are compared too, not just refused for a value inside them."""
    tricky = draw(st.booleans()) if tricky is None else tricky
    scalars = SCALARS if tricky else st.sampled_from(ORDINARY)
    keys = KEYS if tricky else GOOD_KEYS
    endings = st.sampled_from(["", "", " ", "  # c"] if tricky else ["", " "])
    lines = []
    for key in draw(st.lists(keys, min_size=1, max_size=4, unique=True)):
        shape = draw(st.sampled_from(["scalar", "scalar", "empty", "map", "list", "items", "indentless"]
                                     if depth < 2 else ["scalar", "empty"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(scalars)}{draw(endings)}")
        elif shape == "empty":
            lines.append(f"{key}:")
        elif shape == "map":
            indent = " " * draw(st.sampled_from([1, 2, 4]))
            lines.append(f"{key}:")
            lines += [indent + line for line in draw(document(depth + 1, tricky))]
        else:
            indent = "" if shape == "indentless" else " " * draw(st.sampled_from([1, 2]))
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(1, 3))):
                if shape == "items":
                    inner = draw(document(depth + 1, tricky))
                    lines.append(f"{indent}- {inner[0]}")
                    continued = draw(st.sampled_from(["  ", "  ", " ", "   "] if tricky else ["  "]))
                    lines += [indent + continued + line for line in inner[1:]]
                else:
                    lines.append(f"{indent}-{draw(st.sampled_from([' ', '  ', ''] if tricky else [' ', '  ']))}{draw(scalars)}")
    if not tricky:
        return lines
    noise = draw(st.sampled_from(["", "", "blank", "comment", "indented comment", "tab", "stray"]))
    at = draw(st.integers(0, len(lines)))
    lines.insert(at, {"": None, "blank": "", "comment": "# a comment", "indented comment": "   # c",
                      "tab": "\tx: 1", "stray": "  dangling"}[noise]) if noise else None
    return lines


@settings(max_examples=1500, deadline=None)
@given(document(), st.sampled_from([0, 1, 7]))
def test_what_the_simple_reader_accepts_pyyaml_reads_the_same(lines, offset):
    assert_same_as_pyyaml("\n".join(lines), offset)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=" -:#'\"[],{}ab1\n\t中", max_size=40))
def test_random_text_is_either_refused_or_read_the_same(text):
    assert_same_as_pyyaml(text)


NOTE = '''quote: "规Robust"
kind: correction
title: 金天各着别党
replace: '务外品确决老整'
confidence: certain
terms: [spectral-verifier, mlops]'''

TERM = '''term: "济济协议"
en: Adaptive Adapter
aliases: ["adaptiveadapter"]
related: []
sources:
  - title: "Adaptive Adapter (synthetic source)"
    author: Synthetic Author
    year: 2023
    url: https://example.org/2023/117702
  - title: Hidden Technical Debt in Machine Learning Systems
    author: D. Sculley et al.
    year: 2015
    url: https://papers.nips.cc/paper/2015/hash/86df7dcfd896fcaf2674f757a2463eba-Abstract.html'''

TALK = '''title: 开源还是闭源：AIGC 时代的模型、生态与商业模式
date: "2023-02"
transcript:
  file: transcript.txt
  sha256: ecc61db3b992bc9045cffaf7cf82dd73ff559fee113a9b714cc8d029c503a9ed
speakers:
- id: host
  label: 主持人
sections:
  - id: sd-vs-dalle
    title: 为什么开源的 Stable Diffusion 盖过了 DALL·E
    start: 我现在看来可能会比较偏激'''


def test_the_shapes_editorial_files_use_take_the_simple_path():
    for text in (NOTE, TERM, TALK):
        assert assert_same_as_pyyaml(text, 1), text


def test_anything_outside_the_subset_is_left_to_pyyaml():
    for text in ("a: 1\na: 2", "date: 2023-02-01", "a: |\n  block", "a: &x 1\nb: *x", "a: b # c", "a:\tb",
                 "a: b\n  continued", "- a", "  a: 1", "a: [b,\n  c]", "on: x", "a: \"\\u00e9\"", "a: 1.5", "",
                 "# only a comment", "a: b\r\nc: d", "a: " + "9" * 5000):
        assert simple_yaml.read(text) is None, text


def test_every_tricky_scalar_is_refused_or_read_the_same_wherever_it_stands():
    for value in TRICKY + ORDINARY:
        for text in (f"key: {value}", f"key: [{value}]", f"key: [x, {value}]", f"key:\n  - {value}", f"key:\n- {value}",
                     f"key: {value}  ", f"{value}: x", f"key:\n  - title: {value}\n    url: {value}"):
            assert_same_as_pyyaml(text)


def test_reading_typed_values_keeps_nothing_alive():
    """Both readers type years and dates without PyYAML's constructor remembering each node: a long
    `mkdocs serve` reads the same files again on every change."""
    from talkbook.sources import yamldata

    for _ in range(3):
        for text in ("year: 2023\nok: yes", "date: 2023-02-01\nyear: !!int 5"):
            yamlsource.parse_yaml(text, "x.md", Problems())
    assert yamldata._constructor.constructed_objects == {}


def test_deep_nesting_is_left_to_pyyaml_which_reports_it():
    """Within the size limit a file can nest hundreds of levels; reading it must not crash."""
    deep_maps = "\n".join(" " * level + f"k{level}:" for level in range(700))
    deep_items = "\n".join(" " * (2 * level) + ("- " if level % 2 else "") + f"k{level}:" for level in range(400))
    for text in (deep_maps, deep_items):
        assert simple_yaml.read(text) is None
        problems = Problems()
        assert yamlsource.parse_yaml(text, "x.md", problems) is None
        assert [p.message for p in problems.items] == ["YAML nested too deeply to read; flatten the lists and mappings"]
    shallow = "\n".join(" " * level + f"k{level}:" for level in range(30))
    assert assert_same_as_pyyaml(shallow)
