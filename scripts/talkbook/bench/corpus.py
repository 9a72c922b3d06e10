"""A synthetic corpus for benchmarks and tests: N talks of about 12 KB of mixed Chinese and English,
50 notes each, and a glossary of 10×N terms, written as ordinary sources (talks/, glossary/) that
validate. The same seed gives the same bytes: word choices come from random.Random seeded with a
string (hashed with SHA-512, so PYTHONHASHSEED does not matter).

Every quote is checked to occur exactly once in its transcript while the corpus is written, and
notes never overlap each other or a paragraph break, so the layout rules hold by construction."""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from talkbook.edition.anchor import occurrences
from talkbook.sources.correction_rules import MAX_QUOTE, MAX_REPLACE

TRANSCRIPT_BYTES = 12_000
NOTES_PER_TALK = 50
TERMS_PER_TALK = 10
CORRECTION_MAX = min(MAX_QUOTE, MAX_REPLACE)  # characters a correction may replace, and replace them with
SECTIONS = 8
SPEAKERS = (("host", "主持人"), ("guest-a", "嘉宾甲"), ("guest-b", "嘉宾乙"), ("guest-c", "嘉宾丙"))
NOTE_KINDS = ("context", "fact-check", "reference", "hindsight")

# Common characters; words are drawn from a vocabulary built of them, as ASR output of speech is.
# Without 音 and 声: random text would say 口音 or 掌声, which validation rightly refuses as a claim
# about the recording (sources/recording_claims.py).
HAN = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
       "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从"
       "业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又"
       "么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位"
       "入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
       "决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受"
       "联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议言报斗完类八离"
       "华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持历众书布复")
ENGLISH = ("model", "open source", "training", "inference", "dataset", "startup", "platform", "benchmark",
           "fine-tune", "prompt", "scaling", "latency", "GPU", "cluster", "pipeline", "deploy", "license",
           "community", "checkpoint", "token", "roadmap", "pricing", "demo", "feedback", "workflow", "user",
           "product", "business model", "cloud", "edge", "pretrain", "serving", "paper", "research", "team")
ADJECTIVES = ("Sparse", "Dense", "Latent", "Causal", "Federated", "Adaptive", "Quantized", "Distilled",
              "Recurrent", "Contrastive", "Generative", "Residual", "Stochastic", "Hierarchical", "Modular",
              "Synthetic", "Elastic", "Streaming", "Robust", "Private", "Hybrid", "Neural", "Semantic",
              "Multimodal", "Incremental", "Parallel", "Lossless", "Secure", "Implicit", "Zero-shot",
              "Few-shot", "Cross-lingual", "Autoregressive", "Differentiable", "Probabilistic", "Graph",
              "Bayesian", "Temporal", "Spectral", "Kernel")
NOUNS = ("Cache", "Router", "Encoder", "Decoder", "Adapter", "Tokenizer", "Scheduler", "Optimizer", "Sampler",
         "Retriever", "Embedding", "Attention", "Gateway", "Registry", "Compiler", "Allocator", "Planner",
         "Verifier", "Ranker", "Indexer", "Estimator", "Critic", "Policy", "Memory", "Buffer", "Codec",
         "Pruner", "Mixer", "Projector", "Aligner", "Classifier", "Detector", "Tracker", "Synthesizer",
         "Evaluator", "Labeler", "Monitor", "Profiler", "Sharder", "Validator")
SUFFIXES = ("模型", "系统", "协议", "框架", "算法", "平台", "方法", "架构")


@dataclass(frozen=True)
class SynthTerm:
    id: str
    name: str
    en: str
    alias: str


class _Text:
    """Words and sentences drawn from one seeded generator."""

    def __init__(self, rng: random.Random, vocabulary: list[str]):
        self.rng, self.vocabulary = rng, vocabulary

    def han(self, words: int) -> str:
        return "".join(self.rng.choice(self.vocabulary) for _ in range(words))

    def sentence(self, low: int = 6, high: int = 14) -> str:
        parts = [self.han(self.rng.randint(2, 5))]
        for _ in range(self.rng.randint(1, 3)):
            parts.append(self.rng.choice(ENGLISH))
            parts.append(self.han(self.rng.randint(1, 4)))
        return " ".join(parts)[: self.rng.randint(low, high) * 4] + "。"


def _vocabulary(seed: str) -> list[str]:
    rng = random.Random(f"{seed}:vocabulary")
    return sorted({"".join(rng.choice(HAN) for _ in range(rng.choice((1, 2, 2, 2, 3)))) for _ in range(600)})


def make_terms(count: int, seed: str) -> list[SynthTerm]:
    """`count` terms with unique spellings: English names from ADJECTIVES × NOUNS (1600), then, for
    corpora past 160 talks, from two adjectives and a noun (the first 1600 are the same either way)."""
    rng = random.Random(f"{seed}:terms")
    pairs = [(a, n) for a in ADJECTIVES for n in NOUNS]
    rng.shuffle(pairs)
    if count > len(pairs):
        triples = [(f"{a} {b}", n) for a in ADJECTIVES for b in ADJECTIVES if a != b for n in NOUNS]
        random.Random(f"{seed}:terms:3").shuffle(triples)
        pairs += triples
    if count > len(pairs):
        raise ValueError(f"at most {len(pairs)} synthetic terms; asked for {count}")
    terms, names = [], set()
    for adjective, noun in pairs[:count]:
        name = ""
        while not name or name in names:
            name = "".join(rng.choice(HAN) for _ in range(rng.randint(2, 3))) + rng.choice(SUFFIXES)
        names.add(name)
        en = f"{adjective} {noun}"
        slug = en.lower().replace(" ", "-")
        terms.append(SynthTerm(id=slug, name=name, en=en, alias=slug.replace("-", "")))
    return terms


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def _source(rng: random.Random, label: str) -> str:
    """A citation of a work of its own. Its URL carries the label's digest: random numbers alone
    collide among the thousands of citations of a large corpus, and two citations of one URL must
    agree on the title (sources/same_work.py), which a repeated label, and only that, gives."""
    year = rng.randint(2015, 2024)
    work = hashlib.sha256(label.encode("utf-8")).hexdigest()[:8]
    return (f"  - title: {_yaml(label + ' (synthetic source)')}\n    author: Synthetic Author\n"
            f"    year: {year}\n    url: https://example.org/{year}/{work}-{rng.randrange(10**6)}\n")


def term_file(term: SynthTerm, related: list[SynthTerm], text: _Text) -> str:
    rng = text.rng
    see = "".join(f"[{r.name}](term:{r.id})、" for r in related).rstrip("、")
    body = f"{text.sentence(20, 40)}\n\n{term.en} 与{see}有关。{text.sentence(15, 30)}\n"
    return ("---\n"
            f"term: {_yaml(term.name)}\nen: {_yaml(term.en)}\naliases: [{_yaml(term.alias)}]\n"
            f"short: {_yaml(text.sentence(8, 12))}\nrelated: [{', '.join(r.id for r in related)}]\n"
            f"sources:\n{_source(rng, term.en)}---\n{body}")


def _transcript(text: _Text, terms: list[SynthTerm]) -> list[str]:
    """Utterances (joined with spaces, as the ASR transcripts are) of about TRANSCRIPT_BYTES."""
    rng, utterances, size = text.rng, [], 0
    while size < TRANSCRIPT_BYTES:
        pieces = []
        for _ in range(rng.randint(3, 8)):
            roll = rng.random()
            if roll < 0.15 and terms:
                term = rng.choice(terms)
                pieces.append(rng.choice((term.name, term.en, term.alias)))
            elif roll < 0.35:
                pieces.append(rng.choice(ENGLISH))
            else:
                pieces.append(text.han(rng.randint(2, 6)))
        # Latin words next to each other need a space; Chinese is written without one.
        utterance = pieces[0]
        for before, piece in zip(pieces, pieces[1:]):
            glue = " " if before[-1].isascii() and piece[0].isascii() else ""
            utterance += glue + piece
        utterances.append(utterance)
        size += len(utterance.encode("utf-8")) + 1
    return utterances


def _unique_quote(transcript: str, start: int, low: int, limit: int) -> str | None:
    """The shortest quote of at least `low` characters from `start` that occurs once and stays
    below `limit` (an offset it must not reach); None if there is none."""
    for end in range(start + low, min(limit, start + 40, len(transcript)) + 1):
        quote = transcript[start:end]
        if quote[-1] != " " and len(occurrences(transcript, quote)) == 1:
            return quote
    return None


def _structure(transcript: str, starts: list[int], rng: random.Random):
    """Sections, turns and breaks at utterance starts: (sections, turns, breaks, paragraph starts)."""
    step = len(starts) // SECTIONS
    sections, turns, breaks, paragraph_starts = [], [], [], []
    for number in range(SECTIONS):
        first, last = number * step, ((number + 1) * step if number < SECTIONS - 1 else len(starts))
        quote = _unique_quote(transcript, starts[first], 10, len(transcript))
        # Rarely (once in the 1,000-talk corpus) a section's first utterance has no unique quote:
        # the section starts at the next one that has.
        while quote is None and first + 1 < last - 3:
            first += 1
            quote = _unique_quote(transcript, starts[first], 10, len(transcript))
        at = starts[first]
        sections.append((at, quote))
        turns.append((at, quote, SPEAKERS[number % len(SPEAKERS)][0]))
        paragraph_starts.append(at)
        inside = sorted(rng.sample(range(first + 1, last), 3))
        for kind, index in zip(("turn", "break", "break"), inside):
            at = starts[index]
            quote = _unique_quote(transcript, at, 10, len(transcript))
            if quote is None:
                continue
            if kind == "turn":
                turns.append((at, quote, SPEAKERS[(number + 1) % len(SPEAKERS)][0]))
            else:
                breaks.append((at, quote))
            paragraph_starts.append(at)
    if any(quote is None for _, quote in sections):
        raise ValueError("a section start has no unique quote; change the seed")
    return sections, turns, breaks, sorted(paragraph_starts)


def _note_spans(transcript: str, paragraph_starts: list[int], rng: random.Random) -> list[tuple[int, str]]:
    """NOTES_PER_TALK disjoint quotes, none crossing a paragraph start, each occurring once."""
    taken: list[tuple[int, int]] = []
    spans = []
    while len(spans) < NOTES_PER_TALK:
        start = rng.randrange(len(transcript) - 40)
        if transcript[start] == " ":
            continue
        limit = next((p for p in paragraph_starts if p > start), len(transcript))
        quote = _unique_quote(transcript, start, rng.randint(6, 12), limit)
        if quote is None:
            continue
        end = start + len(quote)
        if any(s <= end and start <= e for s, e in taken):
            continue
        taken.append((start, end))
        spans.append((start, quote))
    return sorted(spans)


def note_file(number: int, quote: str, text: _Text, terms: list[SynthTerm], earlier: list[str]) -> str:
    rng = text.rng
    lines = ["---", f"quote: {_yaml(quote)}"]
    correction = number % 3 == 0
    if correction:
        # Random words sound like nothing: the corpus's corrections are emendations (CONTRIBUTING §5),
        # one character changed, never certain.
        han = next((k for k, c in enumerate(quote) if "\u4e00" <= c <= "\u9fff"), None)
        new = text.han(1)
        replace = quote + new if han is None else quote[:han] + new + quote[han + 1:]
        if replace == quote:
            replace = quote + new
        # A correction replaces a misheard word, at most CORRECTION_MAX characters either way; a longer
        # quote (among the longer names of a 1,000-talk glossary) gets a note of another kind.
        correction = max(len(quote), len(replace)) <= CORRECTION_MAX
    if correction:
        lines += ["kind: correction", f"title: {_yaml(text.han(3))}", f"replace: {_yaml(replace)}",
                  "emendation: true", f"confidence: {('probable', 'probable', 'uncertain')[number // 3 % 3]}"]
    else:
        lines += [f"kind: {NOTE_KINDS[number % len(NOTE_KINDS)]}", f"title: {_yaml(text.han(4))}"]
    mentioned = rng.sample(terms, 1) if terms and rng.random() < 0.5 else []
    if mentioned:
        lines.append(f"terms: [{mentioned[0].id}]")
    if earlier and rng.random() < 0.3:
        lines.append(f"see_also: [{rng.choice(earlier)}]")
    if not correction:
        lines.append("sources:\n" + _source(rng, text.han(4)).rstrip("\n"))
    body = [text.sentence(15, 35) for _ in range(rng.randint(1, 3))]
    if terms and rng.random() < 0.5:
        term = rng.choice(terms)
        body.append(f"另见[{term.name}](term:{term.id})。")
    if earlier and rng.random() < 0.3:
        body.append(f"参看[前注](note:{rng.choice(earlier)})。")
    return "\n".join(lines) + "\n---\n" + "".join(body) + "\n"


def _said_terms(transcript: str, glossary: list[SynthTerm], corrected: list[tuple[int, int]]) -> list[SynthTerm]:
    """The terms the talk says, as the site's matcher finds them (longest spelling first, whole words),
    outside the words its corrections change: a note may list only those (validate refuses others)."""
    from talkbook.edition.terms import TermMatcher

    class _Spelled:  # what TermMatcher reads of a term
        def __init__(self, term: SynthTerm):
            self.id, self.names = term.id, (term.name, term.en, term.alias)

    by_id = {term.id: term for term in glossary}
    hits = TermMatcher([_Spelled(term) for term in glossary]).find(transcript)
    ids = {term_id for start, end, term_id in hits if not any(a < end and start < b for a, b in corrected)}
    return [by_id[term_id] for term_id in sorted(ids)]


def write_talk(folder: Path, index: int, seed: str, vocabulary: list[str], glossary: list[SynthTerm]) -> None:
    rng = random.Random(f"{seed}:talk:{index}")
    text = _Text(rng, vocabulary)
    terms = rng.sample(glossary, min(len(glossary), 2 * TERMS_PER_TALK))
    utterances = _transcript(text, terms)
    transcript = " ".join(utterances)
    starts, at = [], 0
    for utterance in utterances:
        starts.append(at)
        at += len(utterance) + 1
    sections, turns, breaks, paragraph_starts = _structure(transcript, starts, rng)
    data = transcript.encode("utf-8")
    (folder / "notes").mkdir(parents=True)
    (folder / "transcript.txt").write_bytes(data)
    yml = [f"title: {_yaml(f'合成演讲 {index + 1}：' + text.han(4))}", 'date: "2024-01"',
           "event: 基准测试用的合成语料", "language: zh", "transcript:", "  file: transcript.txt",
           f"  sha256: {hashlib.sha256(data).hexdigest()}", "speakers:"]
    yml += [f"  - id: {sid}\n    label: {label}" for sid, label in SPEAKERS]
    yml.append("sections:")
    for number, (_at, quote) in enumerate(sections, start=1):
        yml += [f"  - id: s{number}", f"    title: {_yaml(text.han(5))}",
                f"    summary: {_yaml(text.sentence(15, 30))}", f"    start: {_yaml(quote)}"]
    yml.append("turns:")
    for _at, quote, speaker in sorted(turns):
        yml += [f"  - speaker: {speaker}", f"    start: {_yaml(quote)}", "    certainty: probable"]
    yml.append("breaks:")
    yml += [f"  - {_yaml(quote)}" for _at, quote in sorted(breaks)]
    (folder / "talk.yml").write_text("\n".join(yml) + "\n", encoding="utf-8")
    earlier: list[str] = []
    spans = _note_spans(transcript, paragraph_starts, rng)
    said = _said_terms(transcript, glossary, [(start, start + len(quote)) for number, (start, quote)
                                              in enumerate(spans) if number % 3 == 0])
    for number, (_start, quote) in enumerate(spans):
        note_id = f"note-{number + 1:02d}"
        (folder / "notes" / f"{note_id}.md").write_text(note_file(number, quote, text, said, earlier),
                                                         encoding="utf-8")
        earlier.append(note_id)


def write_corpus(root: Path, talks: int, seed: str = "talkbook") -> None:
    """Write talks/ and glossary/ for `talks` talks under `root` (which must not hold them yet)."""
    vocabulary = _vocabulary(seed)
    glossary = make_terms(TERMS_PER_TALK * talks, seed)
    rng = random.Random(f"{seed}:glossary")
    text = _Text(rng, vocabulary)
    (root / "glossary").mkdir(parents=True)
    for term in glossary:
        related = [r for r in rng.sample(glossary, min(3, len(glossary))) if r is not term][:2]
        (root / "glossary" / f"{term.id}.md").write_text(term_file(term, related, text), encoding="utf-8")
    for index in range(talks):
        write_talk(root / "talks" / f"talk-{index + 1:03d}", index, seed, vocabulary, glossary)
