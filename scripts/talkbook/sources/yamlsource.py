"""Read YAML (whole files and Markdown front matter) into plain data that remembers its line numbers.

PyYAML's composer keeps a mark on every node; we keep those marks as `line` attributes so that
every later check can say `path:line`. Duplicate keys, which PyYAML would silently collapse, are
reported here. Aliases (`*name`) are refused: editorial files never need them, and a few nested
ones expand into billions of values (the "billion laughs" attack).
"""
from __future__ import annotations

import re
import unicodedata

import yaml

from talkbook.problems import Problems

from .yamldata import YamlList, YamlMap, construct_scalar, plain_tag


class Unreadable:
    """Stands for a value YAML could not construct (e.g. the date 2023-02-30). The problem is
    already reported; the schema skips it instead of reporting the same line again."""

    def __repr__(self) -> str:
        return "unreadable value"


class _AliasFound(yaml.YAMLError):
    def __init__(self, anchor: str, mark):
        super().__init__(anchor)
        self.anchor, self.problem_mark = anchor, mark


class _Loader(yaml.SafeLoader):
    """SafeLoader that stops at the first alias, before anything is expanded."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasFound(event.anchor, event.start_mark)
        return super().compose_node(parent, index)


try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml: _Loader reads everything
    _CParser = None

if _CParser is not None:
    class _FastLoader(yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml's event parser under PyYAML's own composer: the same nodes and lines as _Loader,
        aliases refused and depth bounded the same way, about five times faster (reading YAML was
        most of the generator's time). Any error is read again by _Loader, so messages never change."""

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _AliasFound(event.anchor, event.start_mark)
            return yaml.composer.Composer.compose_node(self, parent, index)


# libyaml's own composer (C) halves the time again, but it expands aliases and recurses without a
# limit (a list nested 50,000 deep crashes the interpreter). It reads only text that can hold no
# alias ('*') and so few collection marks that the nesting stays far within Python's recursion limit
# (which _convert needs too): a note's or a term's front matter.
_NESTING_MARKS = "[{-:?"
_C_COMPOSER_MAX_MARKS = 400


def _compose(text: str):
    if _CParser is not None:
        if "*" not in text and sum(map(text.count, _NESTING_MARKS)) <= _C_COMPOSER_MAX_MARKS:
            try:
                return yaml.compose(text, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                pass  # read again below, so problems keep PyYAML's wording and marks
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except (yaml.YAMLError, RecursionError):
            pass
    return yaml.compose(text, Loader=_Loader)


# A key written with a full-width colon (kind：) or a full-width space after the colon (kind:　x).
# Chinese text often has '：' in values, so this only explains a YAML error, never raises one.
_FULLWIDTH_SEPARATOR = re.compile(r"^[ \t]*(?:-[ \t]+)?([^\s:：#'\"]+?)[ \t\u3000]*(：|:\u3000)")
_ASCII_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def fullwidth_hints(text: str, first: int, last: int) -> list[tuple[int, str]]:
    """(line, message) for lines first..last (1-based, within `text`) whose key is followed by a
    full-width colon or space, or is itself written in full-width letters."""
    hints = []
    lines = text.split("\n")
    for number in range(max(1, first), min(len(lines), last) + 1):
        found = _FULLWIDTH_SEPARATOR.match(lines[number - 1])
        if not found:
            continue
        key = unicodedata.normalize("NFKC", found.group(1)).strip()
        if not _ASCII_KEY.match(key):
            continue
        what = "a full-width colon '：'" if found.group(2) == "：" else "a full-width space after the colon"
        if key != found.group(1):
            what += f" and full-width letters in '{found.group(1)}'"
        hints.append((number, f"'{found.group(0).strip()}' is written with {what}; YAML needs the half-width "
                              f"(ASCII) form: '{key}: '"))
    return hints


# The tags plain YAML gives a value; any other (!!python/object, !!binary, !ENV, ...) is refused.
_PLAIN_TAGS = {plain_tag(name) for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


_STR_TAG = plain_tag("str")


def _convert(node, path: str, offset: int, problems: Problems):
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):  # most values: the constructor returns node.value
        return node.value
    line = node.start_mark.line + 1 + offset
    if node.tag not in _PLAIN_TAGS:
        problems.add(path, line, f"YAML tag '{node.tag.replace(plain_tag(''), '!!')}' is not allowed; "
                     f"remove it and write a plain value")
        return Unreadable()
    if isinstance(node, yaml.MappingNode):
        result = YamlMap()
        result.line, result.key_lines = line, {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, offset, problems)
            key_line = key_node.start_mark.line + 1 + offset
            if isinstance(key, Unreadable):
                continue
            if not isinstance(key, (str, int)):
                problems.add(path, key_line, f"a key must be a plain word, not {type(key).__name__}")
                continue
            if key in result:
                problems.add(path, key_line, f"duplicate key '{key}' (first at line {result.key_lines[key]}); keep one")
                continue
            result[key] = _convert(value_node, path, offset, problems)
            result.key_lines[key] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        result = YamlList()
        result.line, result.item_lines = line, []
        for item in node.value:
            result.append(_convert(item, path, offset, problems))
            result.item_lines.append(item.start_mark.line + 1 + offset)
        return result
    try:
        return construct_scalar(node)
    except ValueError as error:  # 2023-02-30 looks like a date but is none; a 5000-digit number
        if node.tag.endswith(":timestamp"):
            problems.add(path, line, f"'{node.value}' is not a real date ({error}); write a date that exists, "
                         f"as YYYY-MM-DD")
        else:
            problems.add(path, line, f"cannot read the value '{node.value[:40]}' ({error}); quote it or correct it")
    return Unreadable()


def _syntax_problems(error: yaml.YAMLError, text: str, line_offset: int) -> list[tuple[int, str]]:
    """(line within `text`, message) explaining a YAML syntax error where it starts: PyYAML's
    context mark (the key or quote being read) is usually the line to fix, its problem mark only
    where reading gave up."""
    problem_mark, context_mark = getattr(error, "problem_mark", None), getattr(error, "context_mark", None)
    last = problem_mark.line + 1 if problem_mark else 1
    first = context_mark.line + 1 if context_mark else last - 1
    hints = fullwidth_hints(text, first, last)
    if hints:
        return hints
    problem = getattr(error, "problem", None) or str(error)
    if "'\\t'" in problem:
        return [(last, "a tab in YAML, which allows only spaces for indentation and around values; "
                       "replace the tab with spaces")]
    context = getattr(error, "context", None)
    if context and context_mark and first < last:
        return [(first, f"YAML syntax error: {context}, {problem} (at line {last + line_offset}); check "
                        f"indentation, colons and quotes")]
    return [(last, f"YAML syntax error: {problem}; check indentation, colons and quotes")]


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0, what: str = "the file"):
    """Parse one YAML document that must be a mapping; on any error record it and return None.
    `what` names the document in messages ("talk.yml", "the front matter")."""
    try:
        node = _compose(text)
    except _AliasFound as error:
        problems.add(path, error.problem_mark.line + 1 + line_offset,
                     f"YAML alias '*{error.anchor}' is not allowed here; write the value out in full")
        return None
    except RecursionError:
        problems.add(path, line_offset + 1, "YAML nested too deeply to read; flatten the lists and mappings")
        return None
    except yaml.YAMLError as error:
        for line, message in _syntax_problems(error, text, line_offset):
            problems.add(path, line + line_offset, message)
        return None
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        hints = fullwidth_hints(text, 1, text.count("\n") + 1)
        for hint_line, message in hints:
            problems.add(path, hint_line + line_offset, message)
        if not hints:
            problems.add(path, node.start_mark.line + 1 + line_offset,
                         f"{what} must be a mapping of 'key: value' lines")
        return None
    return _convert(node, path, line_offset, problems)  # compose already bounded the depth


def split_front_matter(text: str, path: str, problems: Problems):
    """Split `---` front matter from a Markdown body. Returns (data, body, body_first_line)."""
    lines = text.split("\n")
    if not text.strip():
        problems.add(path, 1, "the file is empty; it starts with front matter: a '---' line, 'key: value' lines "
                     "(see CONTRIBUTING.md), a '---' line, then the text")
        return None, text, 1
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, "the file must start with a '---' line that opens the YAML front matter")
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            known = len(problems.items)
            data = parse_yaml("\n".join(lines[1:index]), path, problems, line_offset=1, what="the front matter")
            if data is None and len(problems.items) == known:  # empty front matter
                data = YamlMap()
                data.line, data.key_lines = 2, {}
            return data, "\n".join(lines[index + 1:]), index + 2
    problems.add(path, 1, "the front matter opened on line 1 is never closed; add a '---' line after it")
    return None, text, 1
