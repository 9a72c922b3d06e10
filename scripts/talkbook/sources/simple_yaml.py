"""A reader for the plain YAML that editorial files almost always are, about twice as fast as
yamlsource's PyYAML path with libyaml (reading YAML was the largest single part of generating a
hundred talks).

It reads only a strict subset: block mappings with word keys, block sequences, one-line scalars
(plain, "double" without escapes, 'single'), and one-line flow lists of such scalars. Whatever
else it meets (a comment after a value, a tab, a block scalar, an anchor, a duplicate key, a
scalar spanning lines, a date, deep nesting) makes it answer None, and yamlsource reads the text with PyYAML,
which also words every problem. So the two readers never disagree: what this one accepts, it
returns exactly as yamlsource's PyYAML path would, down to the line numbers (tests/test_simple_yaml.py
compares them on generated documents). Plain scalars are typed by PyYAML's own resolver, so
`yes`, `~`, `0x1F` or `1:20` mean here what they mean there.
"""
from __future__ import annotations

import functools
import re

import yaml

from .yamldata import YamlList, YamlMap, construct_scalar, plain_tag

# What PyYAML's reader refuses, plus the characters it treats as line breaks or that change
# indentation rules (tab, CR, NEL, LS, PS) and the BOM: any of them sends the text to PyYAML.
_UNSUPPORTED = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +(.*))?\Z")
# A plain scalar may not start with an indicator, and in a block it ends at ': ' or ' #' (we refuse
# ':' at the end and any '#', which keeps the rule simple).
_BLOCK_PLAIN = re.compile(r"""[^\s\-?:,\[\]{}#&*!|>'"%@`](?:(?!: )[^#])*(?<![\s:])\Z""")
# In a flow list a plain scalar also ends at any of ,[]{} and ':'.
_FLOW_PLAIN = re.compile(r"""[^\s\-?:,\[\]{}#&*!|>'"%@`][^,\[\]{}:#]*\Z""")
_DOUBLE = re.compile(r'"([^"\\]*)"\Z')
_SINGLE = re.compile(r"'((?:[^']|'')*)'\Z")

# Editorial files nest three levels at most; far deeper text is left to PyYAML, which reports it.
_MAX_DEPTH = 40

_STR, _INT, _BOOL, _NULL = map(plain_tag, ("str", "int", "bool", "null"))
_resolver = yaml.resolver.Resolver()


class _Refused(Exception):
    """The text uses YAML outside the subset: PyYAML must read it."""


def read(text: str, line_offset: int = 0) -> YamlMap | None:
    """The mapping the text holds, with lines (1-based, plus `line_offset`), or None when the text
    is not in the subset (then nothing about it is known: it may well be valid YAML)."""
    if _UNSUPPORTED.search(text):
        return None
    lines = []
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        content = line.lstrip(" ")
        if content and not content.startswith("#"):
            lines.append((number, len(line) - len(content), content.rstrip(" ")))
    if not lines or lines[0][1] != 0:
        return None
    try:
        result, end = _mapping(lines, 0, 0, 0)
    except _Refused:
        return None
    return result if end == len(lines) else None


def _block(lines, start: int, indent: int, depth: int):
    if depth > _MAX_DEPTH:
        raise _Refused  # PyYAML's path reports nesting too deep to read; recursing here would crash
    if lines[start][2] == "-" or lines[start][2].startswith("- "):
        return _sequence(lines, start, indent, depth)
    return _mapping(lines, start, indent, depth)


def _mapping(lines, start: int, indent: int, depth: int):
    result = YamlMap()
    result.line, result.key_lines = lines[start][0], {}
    index = start
    while index < len(lines) and lines[index][1] == indent:
        number, _, content = lines[index]
        found = _KEY_LINE.match(content)
        if not found or _plain_value(found[1]) != found[1] or found[1] in result:
            raise _Refused
        key, rest = found[1], found[2]
        index += 1
        if rest:
            result[key] = _scalar_or_list(rest, number)
        elif index < len(lines) and lines[index][1] > indent:
            result[key], index = _block(lines, index, lines[index][1], depth + 1)
        elif index < len(lines) and lines[index][1] == indent and _is_item(lines[index][2]):
            result[key], index = _block(lines, index, indent, depth + 1)  # "key:\n- item": a sequence may sit at its key's indent
        else:
            result[key] = None
        result.key_lines[key] = number
        if index < len(lines) and lines[index][1] > indent:  # a scalar continued on the next line
            raise _Refused
    return result, index


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


def _sequence(lines, start: int, indent: int, depth: int):
    result = YamlList()
    result.line, result.item_lines = lines[start][0], []
    index = start
    while index < len(lines) and lines[index][1] == indent and _is_item(lines[index][2]):
        number, _, content = lines[index]
        rest = content[1:].lstrip(" ")
        if not rest or _is_item(rest):
            raise _Refused  # an empty item or a list inside an item: PyYAML places their marks itself
        if _KEY_LINE.match(rest):  # "- title: ...": a mapping that starts on the item's own line
            # The line becomes its first key, at the column the key stands in (read() made `lines`,
            # and reading never goes back to a line, so it is changed in place).
            lines[index] = (number, indent + len(content) - len(rest), rest)
            item, index = _block(lines, index, lines[index][1], depth + 1)
        else:
            item, index = _scalar_or_list(rest, number), index + 1
            if index < len(lines) and lines[index][1] > indent:
                raise _Refused
        result.append(item)
        result.item_lines.append(number)
    return result, index


def _scalar_or_list(text: str, line: int):
    if text.startswith("["):
        if not text.endswith("]"):
            raise _Refused
        inner = text[1:-1].strip(" ")
        result = YamlList()
        result.line = line
        if inner:
            result.extend(_flow_item(item.strip(" ")) for item in inner.split(","))
        result.item_lines = [line] * len(result)
        return result
    return _scalar(text, _BLOCK_PLAIN)


def _flow_item(text: str):
    if not text:
        raise _Refused
    return _scalar(text, _FLOW_PLAIN)


def _scalar(text: str, plain):
    if text[0] == '"':
        quoted = _DOUBLE.match(text)
        if not quoted:
            raise _Refused
        return quoted[1]
    if text[0] == "'":
        quoted = _SINGLE.match(text)
        if not quoted:
            raise _Refused
        return quoted[1].replace("''", "'")
    if not plain.match(text):
        raise _Refused
    return text if text[0] not in _TYPED_STARTS else _plain_value(text)


# The first characters for which PyYAML's resolver may give a plain scalar a type other than str.
_TYPED_STARTS = frozenset(first for first in _resolver.yaml_implicit_resolvers if first)


def _plain_value(text: str):
    """A plain scalar's value, typed as PyYAML types it; anything but a string, an int, a bool or
    null (a date, a float, '=') is refused rather than re-implemented."""
    return _typed_short(text) if len(text) <= 200 else _typed(text)


def _typed(text: str):
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    if tag not in (_INT, _BOOL, _NULL):
        raise _Refused
    try:
        return construct_scalar(yaml.ScalarNode(tag, text))
    except ValueError:  # e.g. an int too long to convert: PyYAML's path words the problem
        raise _Refused from None


# Keys, ids and kinds repeat in every file; only short texts are kept, so the cache stays small.
_typed_short = functools.lru_cache(maxsize=4096)(_typed)
