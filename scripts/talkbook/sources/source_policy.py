"""Rule: no source on a domain the repository's source policy rejects. The policy file
(source-policy.yml at the repository root) lists content farms, scrapers and unauthorised mirrors,
each with the reason and the kind of source to cite instead, so that the rule and its reasons are
reviewed like any other editorial file. Without the file there is nothing to enforce."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from talkbook.problems import Problems

from .load import MarkdownRecord, read_source_text
from .schema import Field, check_mapping
from .yamlsource import YamlList, YamlMap, parse_yaml

POLICY_FILE = "source-policy.yml"

_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\Z")
_BODY_URL = re.compile(r"\]\((https?://[^)\s]+)\)")

_ENTRY_SCHEMA = {
    "domain": Field("line", required=True),
    "reason": Field("line", required=True),
    "instead": Field("line", required=True),
}
_POLICY_SCHEMA = {"blocked": Field("list", required=True, schema=_ENTRY_SCHEMA)}


@dataclass(frozen=True)
class BlockedDomain:
    domain: str  # a host name; its subdomains are blocked with it
    reason: str
    instead: str  # the kind of source to cite instead
    line: int  # where the policy file lists it


def load_policy(root: Path, problems: Problems) -> tuple[BlockedDomain, ...]:
    """The blocked domains of `root`/source-policy.yml; none if the file is missing or unreadable
    (what is wrong with it is reported)."""
    path = Path(root) / POLICY_FILE
    if not path.is_file() and not path.is_symlink():
        return ()
    text = read_source_text(Path(root), path, problems)
    data = parse_yaml(text, POLICY_FILE, problems, what=POLICY_FILE) if text is not None else None
    if not isinstance(data, YamlMap):
        return ()
    check_mapping(data, _POLICY_SCHEMA, POLICY_FILE, problems)  # reports every bad entry
    entries = data.get("blocked")
    blocked, seen = [], {}
    for index, entry in enumerate(entries if isinstance(entries, YamlList) else ()):
        if not isinstance(entry, YamlMap) or not all(isinstance(entry.get(key), str) and entry[key].strip()
                                                     for key in _ENTRY_SCHEMA):
            continue  # reported above; the well-formed entries still apply
        domain, line = entry["domain"].strip(), entry.line_of("domain")
        if not _DOMAIN.match(domain):
            problems.add(POLICY_FILE, line, f"blocked[{index + 1}]: '{domain}' is not a domain name; write the host "
                         f"alone in lowercase, like 'example.com' (no https://, no path)")
        elif domain in seen:
            problems.add(POLICY_FILE, line, f"'{domain}' is listed twice (first at line {seen[domain]}); keep one")
        else:
            seen[domain] = line
            blocked.append(BlockedDomain(domain, entry["reason"].strip(), entry["instead"].strip(), line))
    return tuple(blocked)


def policy_fingerprint(root: Path) -> str:
    """The policy file's bytes as a short hash, for build caches: a talk checked against one policy
    must be checked again when the policy changes."""
    path = Path(root) / POLICY_FILE
    if path.is_symlink() or not path.is_file():
        return "no policy" if not path.is_symlink() else "policy is a symlink"
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def _blocked(url: str, policy: tuple[BlockedDomain, ...]) -> BlockedDomain | None:
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None  # not a URL at all: the schema reports it
    return next((b for b in policy if host == b.domain or host.endswith("." + b.domain)), None)


def _report(url: str, path: str, line: int, policy, problems: Problems) -> None:
    entry = _blocked(url, policy)
    if entry is not None:
        problems.add(path, line, f"{url} is on {entry.domain}, which is not an acceptable source "
                     f"({entry.reason}; {POLICY_FILE}:{entry.line}); cite instead {entry.instead}")


def check_record(record: MarkdownRecord, policy: tuple[BlockedDomain, ...], problems: Problems) -> None:
    """Report every source URL and body link of a note, term or intro that the policy rejects."""
    if not policy or record.data is None:
        return
    sources = record.data.get("sources")
    for source in sources if isinstance(sources, YamlList) else ():
        url = source.get("url") if isinstance(source, YamlMap) else None
        if isinstance(url, str):
            _report(url, record.path, source.line_of("url"), policy, problems)
    for offset, line in enumerate(record.body.split("\n")):
        for url in _BODY_URL.findall(line):
            _report(url, record.path, record.body_line + offset, policy, problems)
