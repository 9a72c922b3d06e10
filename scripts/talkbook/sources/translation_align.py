"""Pair a translation's units with the source lines they were made from, by the hash each carries.

The pairing keeps as many hash-equal pairs as any order-preserving pairing can (a longest common
subsequence of the two hash sequences), so a unit whose line is still there, in order, is never
called stale. difflib.SequenceMatcher is not used: it takes the longest contiguous run first and
can then miss pairs ("aaca" against "cba" keeps one where two are possible), which would report a
current unit as stale. Between two kept pairs, the leftover source lines and translation units are
paired in order as stale (the line was edited after the unit was translated); what is left over on
one side is a missing translation (source lines) or an orphaned unit (translation units).
tests/test_translation_align.py checks this against a brute-force search on generated inputs."""
from __future__ import annotations

import bisect
from typing import NamedTuple


class Pair(NamedTuple):
    """source: index of a source line or None (an orphaned unit); unit: index of a translation unit
    or None (a missing translation); status: current | stale | missing | orphaned."""

    source: int | None
    unit: int | None
    status: str


def _kept(source: list[str], units: list[str]) -> list[tuple[int, int]]:
    """A longest common subsequence of the two sequences as (source index, unit index) pairs, by
    Hunt–Szymanski: the longest strictly increasing run of unit indices over all equal pairs taken
    in source order (unit indices descending within one source line). Fast when hashes rarely
    repeat, as lines of a text rarely do."""
    where: dict[str, list[int]] = {}
    for index, value in enumerate(units):
        where.setdefault(value, []).append(index)
    tails: list[int] = []  # tails[k]: the smallest unit index ending an increasing run of length k+1
    tail_nodes: list[int] = []  # the node of that run's last pair
    nodes: list[tuple[int, int, int]] = []  # (source index, unit index, previous node or -1)
    for i, value in enumerate(source):
        for j in reversed(where.get(value, ())):
            k = bisect.bisect_left(tails, j)
            nodes.append((i, j, tail_nodes[k - 1] if k else -1))
            if k == len(tails):
                tails.append(j)
                tail_nodes.append(len(nodes) - 1)
            else:
                tails[k] = j
                tail_nodes[k] = len(nodes) - 1
    pairs, node = [], tail_nodes[-1] if tail_nodes else -1
    while node != -1:
        i, j, node = nodes[node]
        pairs.append((i, j))
    return pairs[::-1]


def align(source: list[str], units: list[str]) -> list[Pair]:
    """Every source line and every unit exactly once, in the order of both."""
    result: list[Pair] = []
    i = j = 0
    for kept_i, kept_j in [*_kept(source, units), (len(source), len(units))]:
        gap_source, gap_units = range(i, kept_i), range(j, kept_j)
        for a, b in zip(gap_source, gap_units):
            result.append(Pair(a, b, "stale"))
        result.extend(Pair(a, None, "missing") for a in gap_source[len(gap_units):])
        result.extend(Pair(None, b, "orphaned") for b in gap_units[len(gap_source):])
        if kept_i < len(source):
            result.append(Pair(kept_i, kept_j, "current"))
        i, j = kept_i + 1, kept_j + 1
    return result
