"""Declarative schemas of every source file, and one checker that reports each deviation with its
line, the expected form, and the nearest valid key ("did you mean")."""
from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from urllib.parse import urlsplit
from dataclasses import dataclass, field

from talkbook.problems import Problems

from .yamlsource import Unreadable, YamlList, YamlMap

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DATE_PATTERN = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?\Z")
# Quotes, angle brackets and backslashes are not in any URL a note needs and are the usual tools
# for breaking out of an HTML attribute.
URL_PATTERN = re.compile(r"https?://[^\s/$.?#\"'<>`\\][^\s\"'<>`\\]*\Z")


def _has_host_and_port(url: str) -> bool:
    """A host name, and a port only if it is a number (https://:example.org/ has neither)."""
    try:
        parts = urlsplit(url)
        return bool(parts.hostname) and (parts.port is None or parts.port >= 0)
    except ValueError:
        return False


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, whether it is required, and what it means (for messages)."""

    kind: str  # line | title | text | id | ids | strs | year | date | url | choice | quote | quotes | int | bool | list | map
    required: bool = False
    choices: tuple = ()
    schema: dict = field(default_factory=dict)  # for list (of mappings) and map


def _halfwidth(value) -> str:
    """A hint when a value or key is typed in full-width forms (ｋｉｎｄ, ２０１５, 'a　b'), as a
    Chinese input method does: NFKC maps them to the ASCII the schema expects."""
    if not isinstance(value, str):
        return ""
    if unicodedata.normalize("NFKC", value) == value:
        return ""
    plain = unicodedata.normalize("NFKC", value).strip()
    if not plain.isascii():
        return ""
    return f"; it is written in full-width characters: write '{plain}' in half-width (ASCII) characters"


def _case_or_space_hint(value, allowed) -> str:
    """A hint when a value differs from an allowed one only in case or surrounding spaces
    (`kind: Context`, `related: [mlops ]`)."""
    if not isinstance(value, str):
        return ""
    for option in allowed:
        if value.strip() == option:
            return f"; remove the space around it: '{option}'"
        if value.strip().lower() == str(option):
            return f"; write it in lowercase: '{option}'"
    return ""


def _real_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a date that exists."""
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    try:
        datetime.datetime.strptime(value, formats[len(value)])
    except (KeyError, ValueError):
        return False
    return True


def _describe(value) -> str:
    if isinstance(value, YamlMap):
        return "a mapping"
    if isinstance(value, YamlList):
        return "a list"
    return f"{type(value).__name__} {value!r}"


QUOTE_SCHEMA = {
    "quote": Field("text", required=True),
    "prefix": Field("text"),
    "suffix": Field("text"),
}


def _check_value(value, spec: Field, path: str, line: int, name: str, problems: Problems) -> bool:
    kind = spec.kind
    if isinstance(value, Unreadable):
        return False  # reported where YAML failed to read it
    if kind in ("line", "title", "text"):
        if not isinstance(value, str) or not value.strip():
            problems.add(path, line, f"'{name}' must be non-empty text, not {_describe(value)}")
            return False
        if kind != "text" and "\n" in value.strip():
            problems.add(path, line, f"'{name}' must be a single line")
            return False
        # A title becomes navigation and table-of-contents text, which Material copies into
        # tooltips as HTML when it is too long to show: a '<' there could start a tag.
        if kind == "title" and "<" in value:
            problems.add(path, line, f"'{name}' must not contain '<' (the site's navigation would read it as HTML); "
                         f"write ‹ or 〈 instead")
            return False
        return True
    if kind == "id":
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            plain = value.strip().lower() if isinstance(value, str) else ""
            space = isinstance(value, str) and value != value.strip()
            hint = _halfwidth(value) or (f"; {'remove the space around it' if space else 'write it'}: '{plain}'"
                                         if ID_PATTERN.match(plain) else "")
            problems.add(path, line, f"'{name}' must be an id in lowercase kebab-case like 'hidden-technical-debt', "
                         f"not {_describe(value)}{hint}")
            return False
        return True
    if kind in ("ids", "strs"):
        if not isinstance(value, YamlList):
            problems.add(path, line, f"'{name}' must be a list like [a, b], not {_describe(value)}")
            return False
        ok = True
        item_kind = "id" if kind == "ids" else "line"
        for index, item in enumerate(value):
            ok &= _check_value(item, Field(item_kind), path, value.line_of(index), f"{name}[{index + 1}]", problems)
        return ok
    if kind in ("year", "int"):
        low, high = (1900, 2100) if kind == "year" else (1, 10**6)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.add(path, line, f"'{name}' must be a whole number from {low} to {high}, not {_describe(value)}"
                         f"{_halfwidth(value)}")
            return False
        return True
    if kind == "bool":
        if not isinstance(value, bool):
            problems.add(path, line, f"'{name}' must be true or false, not {_describe(value)}")
            return False
        return True
    if kind == "date":
        if isinstance(value, datetime.date) or (isinstance(value, str) and DATE_PATTERN.match(value)
                                                 and _real_date(value)):
            return True
        problems.add(path, line, f"'{name}' must be a date written YYYY, YYYY-MM or YYYY-MM-DD that exists, "
                     f"not {_describe(value)}{_halfwidth(value)}")
        return False
    if kind == "url":
        if not isinstance(value, str) or not URL_PATTERN.match(value) or not _has_host_and_port(value):
            problems.add(path, line, f"'{name}' must be an http(s) URL like https://example.org/page, with no spaces, "
                         f"quotes or angle brackets; not {_describe(value)}{_halfwidth(value)}")
            return False
        return True
    if kind == "choice":
        if value not in spec.choices:
            options = ", ".join(str(choice) for choice in spec.choices)
            problems.add(path, line, f"'{name}' must be one of: {options}; not {_describe(value)}"
                         f"{_halfwidth(value) or _case_or_space_hint(value, spec.choices)}")
            return False
        return True
    if kind == "quote":
        if isinstance(value, str):
            return _check_value(value, Field("text"), path, line, name, problems)
        if isinstance(value, YamlMap):
            return check_mapping(value, QUOTE_SCHEMA, path, problems, where=f"'{name}'")
        problems.add(path, line, f"'{name}' must be a quote of the transcript (text), or a mapping with "
                     f"quote, prefix, suffix; not {_describe(value)}")
        return False
    if kind == "quotes":
        if not isinstance(value, YamlList):
            problems.add(path, line, f"'{name}' must be a list of quotes, not {_describe(value)}")
            return False
        ok = True
        for index, item in enumerate(value):
            ok &= _check_value(item, Field("quote"), path, value.line_of(index), f"{name}[{index + 1}]", problems)
        return ok
    if kind == "map":
        if not isinstance(value, YamlMap):
            problems.add(path, line, f"'{name}' must be a mapping of 'key: value' lines, not {_describe(value)}")
            return False
        return check_mapping(value, spec.schema, path, problems, where=f"'{name}'")
    if kind == "list":
        if not isinstance(value, YamlList):
            problems.add(path, line, f"'{name}' must be a list of '- key: value' items, not {_describe(value)}")
            return False
        ok = True
        for index, item in enumerate(value):
            where = f"{name}[{index + 1}]"
            if not isinstance(item, YamlMap):
                problems.add(path, value.line_of(index), f"{where} must be a mapping of 'key: value' lines, "
                             f"not {_describe(item)}")
                ok = False
                continue
            ok &= check_mapping(item, spec.schema, path, problems, where=where)
        return ok
    raise ValueError(f"unknown field kind {kind!r}")  # a bug in a schema, not in the input


def check_mapping(data: YamlMap, schema: dict, path: str, problems: Problems, where: str = "") -> bool:
    """Check keys (unknown, missing) and values of one mapping; report all problems; True if clean."""
    ok = True
    prefix = f"{where}: " if where else ""
    for key in data:
        if key not in schema:
            guess = difflib.get_close_matches(str(key), list(schema), n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed keys: {', '.join(schema)}"
            if _halfwidth(key):
                hint = _halfwidth(key)
            problems.add(path, data.line_of(key), f"{prefix}unknown key '{key}'{hint}")
            ok = False
    for name, spec in schema.items():
        if name not in data:
            if spec.required:
                problems.add(path, data.line, f"{prefix}missing required key '{name}'")
                ok = False
            continue
        ok &= _check_value(data[name], spec, path, data.line_of(name), name, problems)
    return ok


SOURCE_SCHEMA = {
    "title": Field("line", required=True),
    "author": Field("line", required=True),
    "year": Field("year", required=True),
    "url": Field("url", required=True),
    "accessed": Field("date"),
    "note": Field("line"),
}

NOTE_KINDS = ("correction", "context", "fact-check", "reference", "hindsight")
CONFIDENCES = ("certain", "probable", "uncertain")

NOTE_SCHEMA = {
    "quote": Field("text", required=True),
    "prefix": Field("text"),
    "suffix": Field("text"),
    "occurrences": Field("int"),
    "kind": Field("choice", required=True, choices=NOTE_KINDS),
    "title": Field("line"),
    "gloss": Field("line"),  # the verdict in one sentence: the PDF's footnote prints title and gloss
    "replace": Field("line"),
    "confidence": Field("choice", choices=CONFIDENCES),
    "emendation": Field("bool"),
    "each": Field("strs"),
    "terms": Field("ids"),
    "see_also": Field("ids"),
    "sources": Field("list", schema=SOURCE_SCHEMA),
}

TERM_SCHEMA = {
    "term": Field("title", required=True),
    "en": Field("title"),
    "aliases": Field("strs"),
    "short": Field("line", required=True),
    "short_en": Field("line"),  # the definition in English, for English talks (they fall back to short)
    "hant": Field("line"),  # the name in traditional characters where OpenCC gets it wrong (edition/hant.py)
    "related": Field("ids"),
    "sources": Field("list", required=True, schema=SOURCE_SCHEMA),
}

SPEAKER_SCHEMA = {
    "id": Field("id", required=True),
    "label": Field("line", required=True),
    "description": Field("line"),
}

SECTION_SCHEMA = {
    "id": Field("id", required=True),
    "title": Field("title", required=True),
    "summary": Field("text"),
    "start": Field("quote", required=True),
}

TURN_SCHEMA = {
    "speaker": Field("id", required=True),
    "start": Field("quote", required=True),
    "certainty": Field("choice", choices=CONFIDENCES),
}

TERM_LINK_POLICIES = ("first-per-section", "every")

TALK_SCHEMA = {
    "title": Field("title", required=True),
    "subtitle": Field("line"),
    "date": Field("date", required=True),
    "date_note": Field("text"),
    "event": Field("line", required=True),
    "language": Field("choice", required=True, choices=("zh", "en")),
    "transcript": Field("map", required=True, schema={
        "file": Field("line", required=True),
        "sha256": Field("line", required=True),
    }),
    "speakers": Field("list", schema=SPEAKER_SCHEMA),
    "sections": Field("list", required=True, schema=SECTION_SCHEMA),
    "turns": Field("list", schema=TURN_SCHEMA),
    "breaks": Field("quotes"),
    "term_links": Field("choice", choices=TERM_LINK_POLICIES),
    "tags": Field("strs"),
    # spellings whose letter case the reading text may use for a verbatim word (CONTRIBUTING §12)
    "names": Field("strs"),
    # true only when an editor listened to the recording; notes may then say what it sounds like
    "recording_consulted": Field("bool"),
}

INTRO_SCHEMA = {
    "title": Field("title", required=True),
}
