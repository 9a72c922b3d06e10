"""The fast check of CONTRIBUTING §12: is the reading's sequence of tokens derivable from the
verbatim's (corrections applied) by keeping, dropping fillers, dropping repeats and dropping what
{--…--} marks? tests/reference_derive.py states the same rules as a plain exhaustive search;
tests/test_faithful_property.py checks that both always agree.

The search is over states (i, j): the reading's first i tokens account for the verbatim's first j.
Moves (each one a rule of §12):
  keep    reading token i is verbatim token j (same(i, j): equal, or equal but for the letter case
          of a declared name) and is not marked              -> (i + 1, j + 1)
  marked  the same, for a token inside {--…--}                -> (i + 1, j + 1)
  filler  verbatim token j is a filler word                   -> (i, j + 1)
  repeat  verbatim tokens j..q-1, fillers aside, are one or more beginnings of verbatim q..q+p-1
          (whole copies, "我我", or a stutter's starts, "这这这套", "我们我们能我们能感知"), which the
          reading keeps as its next p unmarked tokens          -> (i + p, q + p)
          (so a dropped repeat is always justified by a KEPT copy after it: two dropped copies
          never justify each other)
A repeat spans at most MAX_REPEAT verbatim tokens: stutters are short, and the bound keeps each
state's work constant. The states of one i are few (the reading and the verbatim only drift
apart by the drops just behind), but a pathological run (a thousand 我) could make many: at most
MAX_STATES are kept per i, the ones nearest the reading; more is reported, never silently
accepted. Time and memory are linear in the tokens."""
from __future__ import annotations

import gc
import heapq
from dataclasses import dataclass

MAX_REPEAT = 24  # verbatim tokens one repeat move may drop (copies and fillers among them)
MAX_STATES = 64


@dataclass(frozen=True)
class Derivation:
    """how[j] for each verbatim token: ("keep", i) | ("marked", i) | ("filler",) | ("repeat",)."""

    how: tuple


@dataclass(frozen=True)
class Stuck:
    """No derivation: the furthest reading token any reached, i, and the verbatim tokens js it was
    reached at (ascending)."""

    i: int
    js: tuple[int, ...]
    crowded: bool  # some states were cut off at MAX_STATES


def derive(verbatim: list[str], filler: list[bool], reading: list[str], marked: list[bool],
           same, start: tuple[int, int] = (0, 0)) -> Derivation | Stuck:
    """same(i, j): whether reading token i may stand for verbatim token j. start: derive only
    verbatim[start[1]:] from reading[start[0]:] (the caller resumes there after a problem)."""
    # Millions of small records and no cycles: the cyclic collector would rescan them all, again and
    # again, as they grow (superlinear); reference counting frees them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _derive(verbatim, filler, reading, marked, same, start)
    finally:
        if enabled:
            gc.enable()


def _derive(verbatim, filler, reading, marked, same, start) -> Derivation | Stuck:
    n, m = len(verbatim), len(reading)
    next_same = _next_same(verbatim, start[1], n)
    parent: dict[tuple[int, int], tuple] = {start: ()}
    waiting: dict[int, list[int]] = {start[0]: [start[1]]}
    best, crowded = (start[0], [start[1]]), False
    for i in range(start[0], m + 1):
        heap = waiting.pop(i, None)
        if not heap:
            continue
        heapq.heapify(heap)
        seen = set(heap)
        if len(seen) > MAX_STATES:
            crowded = True
            heap = sorted(seen)[:MAX_STATES]
            seen = set(heap)
        best = (i, [])
        while heap:
            j = heapq.heappop(heap)
            best[1].append(j)
            if i == m and j == n:
                return Derivation(_walk(parent, (i, j), start, filler))
            if j >= n:
                continue
            if filler[j] and j + 1 not in seen:
                seen.add(j + 1)
                parent[i, j + 1] = (i, j, "filler")
                heapq.heappush(heap, j + 1)
            if i < m and same(i, j):
                _reach(parent, waiting, (i + 1, j + 1), (i, j, "marked" if marked[i] else "keep"))
            if i < m and not filler[j]:
                _repeats(verbatim, filler, marked, same, next_same, parent, waiting, i, j, m, n)
    return Stuck(best[0], tuple(best[1]), crowded)


def _reach(parent, waiting, state, how) -> None:
    if state not in parent:
        parent[state] = how
        waiting.setdefault(state[0], []).append(state[1])


def _next_same(verbatim: list[str], a: int, b: int) -> dict[int, int]:
    """j -> the next index after j (below b) holding the same token as j."""
    out, last = {}, {}
    for j in range(b - 1, a - 1, -1):
        if verbatim[j] in last:
            out[j] = last[verbatim[j]]
        last[verbatim[j]] = j
    return out


def _repeats(verbatim, filler, marked, same, next_same, parent, waiting, i, j, m, n) -> None:
    q = next_same.get(j, n)
    while q < n and q - j <= MAX_REPEAT:
        dropped = [verbatim[t] for t in range(j, q) if not filler[t]]
        p = shortest_cover(dropped, verbatim, q, n)
        if p and i + p <= m and all(not marked[i + t] and same(i + t, q + t) for t in range(p)):
            _reach(parent, waiting, (i + p, q + p), (i, j, "repeat", q))
        q = next_same.get(q, n)


def shortest_cover(dropped: list[str], verbatim: list[str], q: int, n: int) -> int:
    """The least p such that `dropped` is a sequence of beginnings of verbatim[q:q + p] (each of
    them at most p tokens long), or 0 if there is none."""
    # longest[k]: the least max piece length of a split of dropped[:k] (None: no split).
    longest: list[int | None] = [0] + [None] * len(dropped)
    for k in range(len(dropped)):
        if longest[k] is None:
            continue
        size = 0
        while k + size < len(dropped) and q + size < n and dropped[k + size] == verbatim[q + size]:
            size += 1
            cost = max(longest[k], size)
            if longest[k + size] is None or cost < longest[k + size]:
                longest[k + size] = cost
    return longest[-1] or 0


def _walk(parent, end, start, filler) -> tuple:
    how: dict[int, tuple] = {}
    state = end
    while state != start:
        i0, j0, kind, *extra = parent[state]
        if kind in ("keep", "marked"):
            how[j0] = (kind, i0)
        elif kind == "filler":
            how[j0] = ("filler",)
        else:
            q, j = extra[0], state[1]
            for t in range(j0, q):
                how[t] = ("filler",) if filler[t] else ("repeat",)
            for t in range(q, j):
                how[t] = ("keep", i0 + t - q)
        state = (i0, j0)
    return tuple(how[j] for j in sorted(how))
