"""terms: one pattern, longest spelling first, Latin edges that work next to Chinese characters."""
from talkbook.model import Term
from talkbook.terms import TermMatcher


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
