"""Read YAML (whole files and Markdown front matter) into plain data that remembers its line numbers.

PyYAML's composer keeps a mark on every node; we keep those marks as `line` attributes so that
every later check can say `path:line`. Duplicate keys, which PyYAML would silently collapse, are
reported here.
"""
from __future__ import annotations

import yaml

from .problems import Problems


class YamlMap(dict):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A sequence that knows the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


_scalars = yaml.constructor.SafeConstructor()


def _convert(node, path: str, offset: int, problems: Problems):
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result = YamlMap()
        result.line, result.key_lines = line, {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, offset, problems)
            key_line = key_node.start_mark.line + 1 + offset
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
    return _scalars.construct_object(node, deep=True)


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0):
    """Parse one YAML document; on a syntax error record it and return None."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        what = getattr(error, "problem", None) or str(error)
        problems.add(path, line, f"YAML syntax error: {what}; check indentation, colons and quotes")
        return None
    if node is None:
        return None
    try:
        return _convert(node, path, line_offset, problems)
    except yaml.YAMLError as error:  # e.g. a bad timestamp or an unknown tag
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        problems.add(path, line, f"YAML value error: {getattr(error, 'problem', error)}")
        return None


def split_front_matter(text: str, path: str, problems: Problems):
    """Split `---` front matter from a Markdown body. Returns (data, body, body_first_line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, "the file must start with a '---' line that opens the YAML front matter")
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            known = len(problems.items)
            data = parse_yaml("\n".join(lines[1:index]), path, problems, line_offset=1)
            if data is None and len(problems.items) == known:  # empty front matter
                data = YamlMap()
                data.line, data.key_lines = 2, {}
            elif data is not None and not isinstance(data, YamlMap):
                problems.add(path, 2, "the front matter must be a mapping of 'key: value' lines")
                data = None
            return data, "\n".join(lines[index + 1:]), index + 2
    problems.add(path, 1, "the front matter opened on line 1 is never closed; add a '---' line after it")
    return None, text, 1
