"""The edition's bibliography, derived: every source of every note and glossary term, one entry per
work, a work being its URL (sources/same_work.work_key, which validate holds to one title, author and
year). Nobody writes keys: a work's key is its number here, the same in the PDF and on the site.

Entries are sorted by author, year and title (case-folded), and numbered in that order, so a reader
finds a work by its author and a note's "[12]" by its number alike. Each entry lists who cites it: the
notes (in each talk's reading order) and the glossary terms (by id)."""
from __future__ import annotations

from dataclasses import dataclass

from talkbook.sources.same_work import work_key

from .model import Edition, Source, per_edition
from .numbering import note_numbers


@dataclass(frozen=True)
class Citer:
    """A note (talk_id, note_id) or a glossary term (talk_id "", term id) that cites a work."""

    talk_id: str
    id: str

    @property
    def is_term(self) -> bool:
        return not self.talk_id


@dataclass(frozen=True)
class Work:
    number: int  # 1-based: the key notes cite it by, "[number]"
    source: Source  # its first citation (validate makes every citation of the URL say the same)
    cited_by: tuple[Citer, ...]  # notes first (talk by talk, reading order), then terms

    @property
    def key(self) -> str:
        return f"[{self.number}]"


@dataclass(frozen=True)
class Bibliography:
    works: tuple[Work, ...]
    _by_key: dict

    def work(self, source: Source) -> Work:
        """The entry of `source` (any of its citations)."""
        return self._by_key[work_key(source.url)]

    def keys(self, sources: tuple[Source, ...]) -> list[Work]:
        """The entries of `sources`, each once, in the order cited."""
        return list(dict.fromkeys(self.work(s) for s in sources))


def _sort_key(source: Source) -> tuple:
    return (source.cited_author.casefold(), source.year, source.title.casefold(), work_key(source.url))


def build_bibliography(edition: Edition) -> Bibliography:
    first: dict[str, Source] = {}
    citers: dict[str, list[Citer]] = {}

    def cite(source: Source, citer: Citer) -> None:
        key = work_key(source.url)
        first.setdefault(key, source)
        if citer not in citers.setdefault(key, []):
            citers[key].append(citer)

    for talk in edition.talks:
        numbers = note_numbers(talk)
        for note in sorted(talk.notes, key=lambda n: numbers[n.id]):
            for source in note.sources:
                cite(source, Citer(talk.id, note.id))
    for term in edition.terms:
        for source in term.sources:
            cite(source, Citer("", term.id))
    order = sorted(first, key=lambda key: _sort_key(first[key]))
    works = tuple(Work(number, first[key], tuple(citers[key])) for number, key in enumerate(order, start=1))
    return Bibliography(works, {key: work for key, work in zip(order, works)})


bibliography = per_edition(build_bibliography)
