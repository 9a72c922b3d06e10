"""The plain data YAML is read into: mappings and lists that remember the line of each entry, and
scalars typed as PyYAML's SafeLoader types them."""
from __future__ import annotations

import yaml


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


def plain_tag(name: str) -> str:
    """The full tag YAML gives a plain value of type `name` ("str", "int", "map", ...)."""
    return f"tag:yaml.org,2002:{name}"


_constructor = yaml.constructor.SafeConstructor()


def construct_scalar(node: yaml.ScalarNode):
    """The value of a scalar with a plain tag (int, bool, null, float, timestamp, str). Calls the
    tag's constructor directly: SafeConstructor.construct_object would keep every node it is given
    for as long as the process lives (all of a long `mkdocs serve`). Raises ValueError for values
    such as the date 2023-02-30."""
    return _constructor.yaml_constructors[node.tag](_constructor, node)
