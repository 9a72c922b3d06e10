"""terms: one pattern, longest spelling first, Latin edges that work next to Chinese characters."""
import shutil

from talkbook.edition.model import Term
from talkbook.edition.terms import TermMatcher


def term(term_id, name, *aliases, en=""):
    return Term(term_id, name, en, tuple(aliases), "", "", (), (), f"glossary/{term_id}.md")


MATCHER = TermMatcher([term("mlops", "MLOps"), term("paas", "平台即服务", "pass", en="PaaS"),
                       term("sd", "Stable Diffusion"), term("diffusion", "diffusion model", "diffusion"),
                       term("debt", "隐性技术债", "技术债")])


def found(text):
    return [(text[s:e], t) for s, e, t in MATCHER.find(text)]


def test_latin_term_glued_to_chinese_is_found():
    assert found("我们用MLOps来做") == [("MLOps", "mlops")]


def test_never_inside_a_longer_latin_word():
    assert found("passage和bypass和pass") == [("pass", "paas")]


def test_case_insensitive_for_latin():
    assert found("像PaaS和paas一样") == [("PaaS", "paas"), ("paas", "paas")]


def test_longest_spelling_wins():
    assert found("stable diffusion的diffusion") == [("stable diffusion", "sd"), ("diffusion", "diffusion")]
    assert found("隐性技术债和技术债") == [("隐性技术债", "debt"), ("技术债", "debt")]


def test_digits_count_as_part_of_a_latin_word():
    assert found("MLOps2") == []


def test_trie_pattern_finds_what_a_longest_first_alternation_finds():
    """The trie-shaped pattern (linear in the text) against the plain alternation it replaced."""
    import random
    import re

    from talkbook.bench.corpus import make_terms
    from talkbook.edition.terms import _LATIN, normalise

    def flat(spelling):
        pattern = re.escape(spelling)
        if _LATIN.match(spelling[0]):
            pattern = r"(?<![A-Za-z0-9])" + pattern
        if _LATIN.match(spelling[-1]):
            pattern += r"(?![A-Za-z0-9])"
        return pattern

    names = [(t.id, t.name, t.en, t.alias) for t in make_terms(300, "trie")]
    names += [("x1", "AI", "AI SaaS", "SaaS"), ("x2", "SaaS 1.0", "Ops", "MLOps"), ("x3", "a", "ab", "abc"),
              ("x4", "技术债", "隐性技术债", "pass")]
    matcher = TermMatcher([term(i, name, alias, en=en) for i, name, en, alias in names])
    spellings = sorted({normalise(s) for _i, *group in names for s in group}, key=lambda s: (-len(s), s))
    reference = re.compile("|".join(flat(s) for s in spellings), re.IGNORECASE)
    rng = random.Random(7)
    pieces = [s for _i, *group in names for s in group] + ["的", "我们", " ", "x", "1", "b", "SAAS", "技术"]
    text = "".join(rng.choice(pieces) for _ in range(3000))
    assert [(s, e) for s, e, _t in matcher.find(text)] == [m.span() for m in reference.finditer(text)]


def test_a_glossary_too_deeply_nested_for_a_trie_still_matches_longest_first():
    deep = TermMatcher([term(f"t{n}", "a" * n) for n in range(1, 1500)])
    assert [(e - s, t) for s, e, t in deep.find("的aaaaa的")] == [(5, "t5")]


def test_folded_matching_finds_what_the_ignorecase_pattern_finds():
    """find() matches a lower-cased copy of the text with case-sensitive patterns, one per group of
    first characters; the single re.IGNORECASE pattern (exact=True) is the reference, also for letters
    with odd case rules (ſ, K, final ς, µ, ẞ) and for keys or text that folding cannot handle (ı, İ)."""
    import random

    from talkbook.bench.corpus import make_terms

    rng = random.Random(11)

    def recase(s):
        return "".join(rng.choice((c, c.upper(), c.lower())) for c in s)

    many = [(t.name, t.en, t.alias) for t in make_terms(300, "fold")]
    big = TermMatcher([term(f"m{n}", *names) for n, names in enumerate(many)])
    assert big._folded is not None and len(big._folded) > 1 and MATCHER._folded is not None
    pieces = [recase(s) for names in many for s in names] + ["的", " ", "x", "1", "İ"]
    for _ in range(20):
        text = "".join(rng.choice(pieces) for _ in range(200))
        assert big.find(text) == big.find(text, exact=True)

    for case in range(300):
        alphabet = ("abcABC019的技术 -", "aAiIsSkK1ßẞſKΣσςµμꭰᎠ的 -", "aiIsS1ıİ的 ")[case % 3]
        spellings = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(12)]
        matcher = TermMatcher([term(f"t{n}", s) for n, s in enumerate(spellings) if s.strip()])
        pieces = [recase(s) for s in spellings] + list(alphabet)
        for _ in range(3):
            text = "".join(rng.choice(pieces) for _ in range(40))
            assert matcher.find(text) == matcher.find(text, exact=True), (spellings, text)


ENGLISH = TermMatcher([term("consumer", "幂等消费者", en="Idempotent consumer"),
                       term("process", "进程", en="process"), term("pass", "PaaS", "pass"), term("ml", "ML")],
                      inflect=True)


def english(text):
    return [(text[s:e], t) for s, e, t in ENGLISH.find(text)]


def test_in_an_english_talk_a_term_also_matches_its_plural_and_any_case():
    assert english("we built Idempotent Consumers and idempotent consumer") == [
        ("Idempotent Consumers", "consumer"), ("idempotent consumer", "consumer")]
    assert english("two processes, one Process, PaaSes") == [("processes", "process"), ("Process", "process"),
                                                             ("PaaSes", "pass")]


def test_in_an_english_talk_never_inside_another_word():
    assert english("passage bypass passes processor MLs XML") == [("passes", "pass"), ("MLs", "ml")]
    assert english("subprocess processed") == []
    text = "Idempotent Consumers passes processes subprocess MLs"
    assert ENGLISH.find(text) == ENGLISH.find(text, exact=True)  # the folded patterns and the reference


def test_a_chinese_talk_matches_no_plural_of_its_latin_words():
    assert found("passes和MLOpss") == []


def test_validate_refuses_a_listed_term_the_talk_never_says(tmp_path):
    """The English fixture talk beside the mini project; one of its notes lists MLOps, which it never
    says. Its `idempotent consumers` links the term Idempotent consumer (plural), so no problem there.
    An error, not a warning: CI (tests/test_edition_content.py) fails on it, so validate does too."""
    from conftest import ROOT, copy_mini
    from talkbook.cli import EXIT_PROBLEMS
    from test_contributing import run

    project = copy_mini(tmp_path / "mini", ROOT / "tests" / "fixtures" / "english-talk")
    # A changed note makes its translation stale (tests/test_translations.py): not this test's subject.
    shutil.rmtree(project / "talks" / "kafka-to-postgres" / "translations")
    note = project / "talks" / "kafka-to-postgres" / "notes" / "copy-statement.md"
    note.write_text(note.read_text(encoding="utf-8").replace("see_also: [fix-postgres]",
                                                            "see_also: [fix-postgres]\nterms: [mlops]"),
                    encoding="utf-8")
    code, out, err = run(project, "validate")
    assert code == EXIT_PROBLEMS and out == ""
    assert err == ("talks/kafka-to-postgres/notes/copy-statement.md:6: term 'mlops' is listed in terms, "
                   "but kafka-to-postgres's text never links to it: none of its spellings (MLOps, ML ops) matches "
                   "there as a whole word (where a longer term's spelling covers one, the longer term wins); if "
                   "the talk says it another way, add that spelling to aliases in glossary/mlops.md\n"
                   "1 problem(s) found.\n")
