"""Reading YAML with line numbers (sources/yamlsource.py): PyYAML's libyaml parser under PyYAML's
composer, for every editorial file."""
from __future__ import annotations

from talkbook.problems import Problems
from talkbook.sources import yamldata, yamlsource


def test_reading_typed_values_keeps_nothing_alive():
    """Years and dates are typed without PyYAML's constructor remembering each node: a long
    `mkdocs serve` reads the same files again on every change."""
    for _ in range(3):
        for text in ("year: 2023\nok: yes", "date: 2023-02-01\nyear: !!int 5"):
            yamlsource.parse_yaml(text, "x.md", Problems())
    assert yamldata._constructor.constructed_objects == {}


def test_deep_nesting_is_reported_not_a_crash():
    """Within the size limit a file can nest hundreds of levels; reading it must not crash."""
    deep_maps = "\n".join(" " * level + f"k{level}:" for level in range(700))
    deep_items = "\n".join(" " * (2 * level) + ("- " if level % 2 else "") + f"k{level}:" for level in range(400))
    for text in (deep_maps, deep_items):
        problems = Problems()
        assert yamlsource.parse_yaml(text, "x.md", problems) is None
        assert [p.message for p in problems.items] == ["YAML nested too deeply to read; flatten the lists and mappings"]


def test_values_keep_their_lines():
    data = yamlsource.parse_yaml("title: x\nsources:\n  - url: u\n    year: 2020\n", "x.md", Problems(), 3)
    assert data == {"title": "x", "sources": [{"url": "u", "year": 2020}]}
    assert data.line_of("sources") == 5 and data["sources"].line_of(0) == 6
    assert data["sources"][0].line_of("year") == 7
