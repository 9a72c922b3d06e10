"""The editorial policy's checkable rules beyond the golden bad inputs: what each rule lets through."""
from __future__ import annotations

from test_bad_inputs import apply_case, run_validate

HEARD = ("---\nquote: 很火\nkind: context\nsources:\n  - {title: T, author: A, year: 2020, url: \"https://example.org/\"}\n"
         "---\n{body}\n")


def test_a_talk_whose_recording_was_consulted_may_describe_it(mini):
    apply_case({"write": {"talks/demo/notes/heard.md": HEARD.replace("{body}", "“很火”在录音里听不清。")},
                "replace": {"talks/demo/talk.yml": [["language: zh", "language: zh\nrecording_consulted: true"]]}},
               mini)
    assert run_validate(mini) == (0, "")


def test_recording_consulted_false_keeps_the_rule(mini):
    apply_case({"write": {"talks/demo/notes/heard.md": HEARD.replace("{body}", "“很火”在录音里听不清。")},
                "replace": {"talks/demo/talk.yml": [["language: zh", "language: zh\nrecording_consulted: false"]]}},
               mini)
    code, report = run_validate(mini)
    assert code == 1 and "talks/demo/notes/heard.md:7: “录音里听” describes what the recording sounds like" in report


def test_figurative_and_provenance_wording_is_not_a_claim_about_sound(mini):
    body = ("这个说法听起来合理，听上去也不夸张。录音的出处没有注明，录音本身没有日期。\n"
            "录音转写里语音识别把它听成了“很火”，录音中的词被听错了。\n"
            "It sounds like a stretch; the recording's source is unknown.")
    apply_case({"write": {"talks/demo/notes/plain.md": HEARD.replace("{body}", body)}}, mini)
    assert run_validate(mini) == (0, "")


def test_without_a_source_policy_file_no_domain_is_rejected(mini):
    assert not (mini / "source-policy.yml").exists()
    apply_case({"replace": {"glossary/paas.md": [["https://doi.org/10.6028/NIST.SP.800-145",
                                                   "https://pledgetimes.com/x"]]}}, mini)
    assert run_validate(mini) == (0, "")


def test_a_different_kind_on_the_same_quote_is_allowed(mini):
    fact = HEARD.replace("kind: context", "kind: fact-check").replace("{body}", "核实。")
    apply_case({"write": {"talks/demo/notes/a.md": HEARD.replace("{body}", "背景。"),
                          "talks/demo/notes/b.md": fact}}, mini)
    assert run_validate(mini) == (0, "")
