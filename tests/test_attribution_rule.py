"""Attribution hedging: a note on a turn talk.yml gives only as probable may not name the speaker
flatly (mini fixture: the guest's turn from "但是pass" on is probable; the host's first turn is certain)."""
from __future__ import annotations

import contextlib
import io

from conftest import copy_mini
from talkbook.cli import EXIT_OK, EXIT_PROBLEMS, main

NOTE = """---
quote: 很重要
kind: context
sources:
  - title: T
    author: A
    year: 2020
    url: https://example.org/
---
{body}
"""


def validate(project) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(project), "validate"])
    return code, err.getvalue()


def write_note(project, name: str, quote: str, body: str) -> None:
    path = project / "talks" / "demo" / "notes" / f"{name}.md"
    path.write_text(NOTE.replace("quote: 很重要", f"quote: {quote}").format(body=body), encoding="utf-8")


def test_a_flat_name_in_a_probable_turn_is_reported_with_path_and_line(tmp_path):
    project = copy_mini(tmp_path / "mini")
    write_note(project, "flat", "很重要", "第一句没有名字。\n嘉宾甲在这里说论文很重要。")
    code, err = validate(project)
    assert code == EXIT_PROBLEMS
    assert ("talks/demo/notes/flat.md:11: names “嘉宾甲” flatly, but talks/demo/talk.yml gives this turn to 嘉宾甲 "
            "as probable; hedge it right at the name") in err


def test_a_hedged_name_passes_and_only_its_own_sentence_counts(tmp_path):
    project = copy_mini(tmp_path / "mini")
    write_note(project, "hedged", "很重要", "嘉宾甲（推测）在这里说论文很重要。")
    assert validate(project)[0] == EXIT_OK
    write_note(project, "hedged", "很重要", "这可能是一篇论文。嘉宾甲说它很重要。")
    code, err = validate(project)
    assert code == EXIT_PROBLEMS and "hedged.md:10: names “嘉宾甲” flatly" in err


def test_a_certain_turn_may_name_its_speaker(tmp_path):
    project = copy_mini(tmp_path / "mini")
    write_note(project, "certain", "来做部署", "主持人说用 MLOps 来做部署。")
    assert validate(project)[0] == EXIT_OK


def test_a_glossary_entry_said_in_a_probable_turn_hedges_the_speaker(tmp_path):
    project = copy_mini(tmp_path / "mini")
    term = project / "glossary" / "mlops.md"
    text = term.read_text(encoding="utf-8")
    term.write_text(text.rstrip("\n") + "\n\n嘉宾甲说最后用它收尾。\n", encoding="utf-8")
    code, err = validate(project)
    assert code == EXIT_PROBLEMS
    line = len(text.rstrip("\n").split("\n")) + 2
    assert (f"glossary/mlops.md:{line}: names “嘉宾甲” flatly, but the term is said in a turn talks/demo/talk.yml "
            "gives to 嘉宾甲 only as probable") in err
    term.write_text(text.rstrip("\n") + "\n\n嘉宾甲（推测）说最后用它收尾。\n", encoding="utf-8")
    assert validate(project)[0] == EXIT_OK


def test_the_hedge_must_stand_at_the_name_not_elsewhere_in_the_sentence(tmp_path):
    """factcheck-1 #9: "嘉宾甲说这可能很重要" hedges the claim, not who said it; 可能性 hedges nothing."""
    project = copy_mini(tmp_path / "mini")
    for flat in ("嘉宾甲说论文可能很重要。", "嘉宾甲提到了商业化的可能性。", "嘉宾甲（推测）先说，嘉宾甲又说论文很重要。"):
        write_note(project, "near", "很重要", flat)
        code, err = validate(project)
        assert code == EXIT_PROBLEMS and "near.md:10: names “嘉宾甲” flatly" in err, flat
    for hedged in ("可能是嘉宾甲说论文很重要。", "这里（推测仍是嘉宾甲）说论文很重要。",
                   "嘉宾甲（这一段推测也是他）说论文很重要。", "嘉宾甲(可能)说论文很重要。"):
        write_note(project, "near", "很重要", hedged)
        assert validate(project)[0] == EXIT_OK, hedged


def test_a_glossary_hedge_elsewhere_in_the_sentence_is_not_enough(tmp_path):
    project = copy_mini(tmp_path / "mini")
    term = project / "glossary" / "mlops.md"
    text = term.read_text(encoding="utf-8")
    term.write_text(text.rstrip("\n") + "\n\n嘉宾甲说最后可能用它收尾。\n", encoding="utf-8")
    code, err = validate(project)
    assert code == EXIT_PROBLEMS and "names “嘉宾甲” flatly" in err
