"""The model between stages: frozen records built once by `structure`, read by `render` and `verify`.
Offsets are character offsets into the talk's verbatim transcript, end exclusive."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Source:
    """A cited work: title, author or publisher, year, URL."""

    title: str
    author: str
    year: int
    url: str

    @property
    def cited_author(self) -> str:
        """The author as citations print it, followed by '.': "OpenAI Inc." must not end in "..". """
        return self.author.rstrip(".")

    @property
    def title_stop(self) -> str:
        """What ends the title in a citation: "." unless the title ends a sentence itself ("2nd ed.",
        "Why?"), which must not print as "2nd ed.."."""
        return "" if self.title.rstrip().endswith((".", "?", "!", "。", "？", "！")) else "."


@dataclass(frozen=True)
class Term:
    """A glossary entry, shared by all talks."""

    id: str
    name: str  # the Chinese (or usual) name
    en: str  # English name, "" if none
    aliases: tuple[str, ...]  # other spellings, the transcripts' misspellings included
    short: str  # one-line definition, shown as tooltip
    body: str  # Markdown
    related: tuple[str, ...]  # term ids
    sources: tuple[Source, ...]
    path: str
    short_en: str = ""  # the one-line definition in English, "" if none (an English talk falls back to short)
    body_line: int = 0  # the file line on which the body starts (for problems about the body)
    hant: str = ""  # the name in traditional characters, declared where OpenCC converts it wrongly (edition/hant.py)

    def name_in(self, language: str) -> str:
        """The name a talk in `language` shows: an English talk the English name, if there is one."""
        return self.en or self.name if language == "en" else self.name

    def short_in(self, language: str) -> tuple[str, bool]:
        """(definition, whether it falls back to the Chinese one) for a talk in `language`."""
        if language == "en" and not self.short_en:
            return self.short, True
        return (self.short_en if language == "en" else self.short), False

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling the matcher looks for."""
        return tuple(dict.fromkeys(n for n in (self.name, self.en, *self.aliases) if n))


@dataclass(frozen=True)
class Note:
    """One margin note or correction, anchored to one range (or `occurrences` ranges) of the transcript."""

    id: str
    kind: str  # correction | context | fact-check | reference | hindsight
    title: str
    body: str  # Markdown
    ranges: tuple[tuple[int, int], ...]  # where its quote matched, in transcript order
    replace: str  # corrections: the corrected reading ("" otherwise)
    confidence: str  # corrections: certain | probable | uncertain
    terms: tuple[str, ...]
    see_also: tuple[str, ...]
    sources: tuple[Source, ...]
    path: str
    line: int  # line of the quote in the note file
    body_line: int
    gloss: str = ""  # the verdict in one short sentence, "" if none: the PDF's footnote (its title otherwise)
    # corrections: an editor's guess at what was meant, not a mishearing (CONTRIBUTING §5): never
    # certain, shown with its own class and label, counted apart from corrections
    emendation: bool = False

    @cached_property  # asked for every note in every paragraph's loops
    def replaces_text(self) -> bool:
        """Uncertain corrections annotate; only certain and probable ones change the reading text."""
        return self.kind == "correction" and bool(self.replace) and self.confidence != "uncertain"


@dataclass(frozen=True)
class Mention:
    """A glossary term found in the reading text, mapped back to transcript offsets."""

    term_id: str
    start: int
    end: int
    linked: bool  # False when only an earlier mention in the same section is linked


@dataclass(frozen=True)
class Paragraph:
    id: str  # "p" + start offset: stable whatever notes or other breaks are added
    number: int  # 1-based within its section, for citations
    start: int
    end: int
    speaker: str  # label of the speaker whose turn starts here, "" if the turn goes on
    speaker_certainty: str


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    title: str
    summary: str
    start: int
    end: int
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Speaker:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Piece:
    """A run of a reading paragraph (reading.md, aligned by reading_align) as shown. kind: "said"
    (the speaker's words, as the reading writes them), "punct" (added punctuation or spacing) or "insert" (an editorial insertion,
    without its brackets). start/end: the verbatim range a said piece covers; the point before
    which the others sit. note: the correction whose replacement a said piece shows, or "".
    was: for a said piece that changes only the letter case of one verbatim word to a declared
    name's spelling (rule 7 of CONTRIBUTING §12), the verbatim's spelling; "" otherwise.

    Every edit of the reading is recoverable from Reading (the change view relies on it): the
    verbatim words a paragraph leaves out are Reading.drops inside [start, end) with their reason;
    kind "punct" is added punctuation or spacing; "insert" an insertion; a said piece with `note`
    is a correction (old: transcript[start:end], new: text; the note says why); a said piece with
    `was` a case change (old: was, new: text); every other said piece is transcript[start:end]
    with only its spaces changed."""

    kind: str
    text: str
    start: int
    end: int
    note: str = ""
    was: str = ""


@dataclass(frozen=True)
class Drop:
    """Verbatim words the reading leaves out, and why: filler (a word of fillers.yml standing alone),
    repeat (copies of the words kept right after), marked (a false start, {--…--} in reading.md) or
    punct (the verbatim's own punctuation, which the reading redoes).
    Adjacent drops of one reason are merged; spaces between them may fall inside."""

    start: int
    end: int
    why: str


@dataclass(frozen=True)
class ReadingParagraph:
    """One paragraph of the reading text."""

    start: int  # verbatim range: paragraphs tile the transcript, dropped words included
    end: int
    pieces: tuple[Piece, ...]
    line: int  # its first line in reading.md
    # Where each of its later lines of reading.md starts in `text` (a translation's units are lines:
    # 对照 on a phone pairs them one by one); None when its lines cannot be told apart in `text`.
    unit_starts: tuple[int, ...] | None = None

    @property
    def text(self) -> str:
        return "".join(p.text if p.kind != "insert" else f"〔{p.text}〕" for p in self.pieces)


@dataclass(frozen=True)
class Reading:
    """A talk's reading text, aligned: its paragraphs and every verbatim run it leaves out."""

    path: str
    paragraphs: tuple[ReadingParagraph, ...]
    drops: tuple[Drop, ...]
    # (line of reading.md, the verbatim offset where its last word, kept or marked, ends), in order;
    # a line of insertions and punctuation only ends where the line before it does. A translation's
    # unit is one such line: its note markers go at its end (edition/translation.py).
    line_ends: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class TranslatedNote:
    """A note in another language: its title and gloss always, its body when translated ("" if not).
    Its sources are the note's own (one home per fact)."""

    id: str
    title: str
    gloss: str
    body: str  # Markdown
    path: str
    body_line: int


@dataclass(frozen=True)
class TranslatedUnit:
    """One line of reading.md in another language, tied to where its words end in the verbatim."""

    line: int  # of the talk's reading.md
    text: str
    end: int  # verbatim offset where the line's last word ends (Reading.line_ends)
    notes: tuple[str, ...]  # ids of the notes whose marker ends this unit: their quote ends in its words


@dataclass(frozen=True)
class TranslatedSection:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Translation:
    """A talk in another language (translations/<lang>/): each line of reading.md translated, with the
    talk's own words, its notes and its intro."""

    language: str
    path: str  # the translations/<lang> folder
    units: tuple[TranslatedUnit, ...]  # every line of the talk's reading.md, in order
    title: str
    subtitle: str
    event: str
    date_note: str
    speakers: tuple[tuple[str, str], ...]  # (speaker id, label)
    sections: tuple[TranslatedSection, ...]
    notes: tuple[TranslatedNote, ...]
    intro_title: str
    intro_body: str

    def note(self, note_id: str) -> TranslatedNote:
        return next(note for note in self.notes if note.id == note_id)

    def section(self, section_id: str) -> TranslatedSection:
        return next(section for section in self.sections if section.id == section_id)

    def speaker(self, speaker_id: str) -> str:
        return dict(self.speakers)[speaker_id]


@dataclass(frozen=True)
class Talk:
    id: str
    title: str
    subtitle: str
    date: str
    date_note: str
    event: str
    language: str
    speakers: tuple[Speaker, ...]
    transcript: str
    transcript_path: str
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]  # in order of their first anchor
    mentions: tuple[Mention, ...]  # in transcript order
    intro_title: str  # "" when the talk has no intro page
    intro_body: str
    tags: tuple[str, ...]
    path: str  # talk.yml
    reading: Reading | None = None  # the clean text over the verbatim, when the talk has reading.md
    translations: tuple[Translation, ...] = ()  # sorted by language

    def translation(self, language: str) -> Translation | None:
        return next((t for t in self.translations if t.language == language), None)

    def note(self, note_id: str) -> Note:
        return next(note for note in self.notes if note.id == note_id)

    def notes_after(self, paragraph: Paragraph, among: tuple[Note, ...] | None = None) -> list[Note]:
        """The notes shown after `paragraph`: those whose first quote ends in it. `among`, if given,
        holds them all (weave.by_paragraph's share of the paragraph) and is searched instead."""
        return [n for n in (self.notes if among is None else among) if paragraph.start < n.ranges[0][1] <= paragraph.end]


@dataclass(frozen=True)
class Edition:
    """Everything one build publishes."""

    talks: tuple[Talk, ...]
    terms: tuple[Term, ...]  # sorted by id

    def term(self, term_id: str) -> Term:
        return next(term for term in self.terms if term.id == term_id)


def per_edition(build):
    """Remember build(edition) for the latest edition, by identity. MkDocs hooks ask once per page;
    rebuilding a lookup each time costs pages × talks, and hashing an Edition would read all of it."""
    cached: list = []

    def get(edition: Edition):
        if not cached or cached[0] is not edition:
            cached[:] = [edition, build(edition)]
        return cached[1]

    get.__doc__ = build.__doc__
    return get
