"""The contributor's commands: new-note and new-term write a file only after the checks a pull
request would otherwise fail (and say exactly why not, with the fix), and validate's exit codes
and messages in both output formats, as CONTRIBUTING.md documents them."""
from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from talkbook.cli import EXIT_BUILD, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main

SOURCE = """# sources:
#   - title: 文章、论文或网页的标题
#     author: 作者或机构
#     year: 2023
#     url: https://
"""
# As the glossary cites this URL (one work, one citation: sources/same_work.py), in any project here.
FILLED = """sources:
  - title: Hidden Technical Debt in Machine Learning Systems
    author: D. Sculley, Gary Holt, Daniel Golovin et al. (Google)
    year: 2015
    url: https://proceedings.neurips.cc/paper/2015/hash/86df7dcfd896fcaf2674f757a2463eba-Abstract.html
"""


def run(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(project), *args])
    return code, out.getvalue(), err.getvalue()


def files(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def fill_in_sources(path: Path) -> None:
    """What the contributor does to the template: uncomment the sources and fill them in."""
    text = path.read_text(encoding="utf-8")
    assert SOURCE in text
    path.write_text(text.replace(SOURCE, FILLED), encoding="utf-8")


# ---- new-note ---------------------------------------------------------------------------------

def test_new_note_writes_a_template_that_validate_guides_to_completion(mini):
    code, out, err = run(mini, "new-note", "--talk", "demo", "--quote", "大一刚出来", "--id", "dalle-launch")
    assert (code, err) == (EXIT_OK, "")
    assert out == ("wrote talks/demo/notes/dalle-launch.md\n"
                   "the quote anchors once: “…们用MLOps来做部署 【大一刚出来】的时候很火 但是pass…”\n"
                   "next: write the note below the front matter and add its sources, "
                   "then check it with: bash scripts/dev validate\n")
    note = mini / "talks/demo/notes/dalle-launch.md"
    assert note.read_text(encoding="utf-8").startswith('---\nquote: "大一刚出来"\nkind: context  # correction | ')
    # Unedited, the template is refused with the one thing left to do ...
    assert run(mini, "validate") == (EXIT_PROBLEMS, "", "talks/demo/notes/dalle-launch.md:2: a context note must "
                                     "cite at least one source (title, author, year, url)\n1 problem(s) found.\n")
    # ... and once the sources are filled in, it is a valid note.
    fill_in_sources(note)
    assert run(mini, "validate")[0] == EXIT_OK


def test_new_note_default_id_is_the_quote_offset(mini):
    code, out, _ = run(mini, "new-note", "--talk", "demo", "--quote", "很火")
    assert code == EXIT_OK
    assert out.startswith("wrote talks/demo/notes/note-21.md\n")


def test_new_correction_template_needs_only_the_replacement(mini):
    code, _, _ = run(mini, "new-note", "--talk", "demo", "--quote", "MLOps", "--suffix", "收尾", "--kind", "correction",
                     "--id", "fix-mlops")
    assert code == EXIT_OK
    note = mini / "talks/demo/notes/fix-mlops.md"
    text = note.read_text(encoding="utf-8")
    assert 'suffix: "收尾"' in text
    assert run(mini, "validate")[2] == ("talks/demo/notes/fix-mlops.md:2: a correction needs 'replace' (the corrected "
                                        "reading); only an uncertain correction may go without one\n"
                                        "1 problem(s) found.\n")
    note.write_text(text.replace("# replace: 更正后的写法（去掉行首的 # 再填写）", "replace: ML Ops"), encoding="utf-8")
    assert run(mini, "validate")[0] == EXIT_OK


def test_new_note_refuses_an_ambiguous_quote_and_suggests_longer_ones(mini):
    before = files(mini)
    code, out, err = run(mini, "new-note", "--talk", "demo", "--quote", "我们用MLOps")
    assert (code, out) == (EXIT_PROBLEMS, "")
    assert err == ('talks/demo/transcript.txt:0: quote "我们用MLOps" occurs 2 times, it must occur once: '
                   "“…【我们用MLOps】来做部署 大一刚出来的时…”; “…l debt很重要 最后【我们用MLOps】收尾…”; "
                   'use a longer quote such as "我们用MLOps来", "我们用MLOps收", or add a prefix/suffix; or, for a correction that applies at every place, set occurrences: 2\n'
                   "1 problem(s) found.\nnothing was written.\n")
    assert files(mini) == before


def test_new_note_refuses_a_quote_not_in_the_transcript_and_shows_the_nearest(mini):
    code, _, err = run(mini, "new-note", "--talk", "demo", "--quote", "我们用MLOps去做")
    assert code == EXIT_PROBLEMS
    assert err.startswith('talks/demo/transcript.txt:0: quote "我们用MLOps去做" is not in the transcript; '
                          "nearest passages: “…【我们用MLOps来做】部署")


def test_new_note_never_overwrites(mini):
    before = files(mini)
    code, out, err = run(mini, "new-note", "--talk", "demo", "--quote", "很火", "--id", "fix-paas")
    assert (code, out) == (EXIT_PROBLEMS, "")
    assert err == ("talks/demo/notes/fix-paas.md:0: already exists; refusing to overwrite it: edit that file, "
                   "or choose another id\n1 problem(s) found.\nnothing was written.\n")
    assert files(mini) == before


def test_new_note_unknown_talk_suggests_the_nearest(mini):
    code, _, err = run(mini, "new-note", "--talk", "dem", "--quote", "很火")
    assert (code, err) == (EXIT_PROBLEMS, "talks/dem:0: no such talk; did you mean 'demo'?\n"
                                          "1 problem(s) found.\nnothing was written.\n")


@pytest.mark.parametrize("args, complaint", [
    (["--id", "Dalle_Launch"], "argument --id: 'Dalle_Launch' is not an id: use lowercase kebab-case"),
    (["--kind", "comment"], "argument --kind: invalid choice: 'comment'"),
])
def test_new_note_wrong_usage_exits_2(mini, args, complaint):
    code, _, err = run(mini, "new-note", "--talk", "demo", "--quote", "很火", *args)
    assert code == EXIT_USAGE
    assert complaint in err


# ---- new-term ---------------------------------------------------------------------------------

def test_new_term_writes_a_template_that_validate_guides_to_completion(mini):
    code, out, err = run(mini, "new-term", "gpu", "--term", "图形处理器", "--en", "GPU")
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("wrote glossary/gpu.md\n")
    term = mini / "glossary/gpu.md"
    assert term.read_text(encoding="utf-8").startswith('---\nterm: "图形处理器"\nen: "GPU"\n')
    assert run(mini, "validate")[2] == "glossary/gpu.md:2: missing required key 'sources'\n1 problem(s) found.\n"
    fill_in_sources(term)
    assert run(mini, "validate")[0] == EXIT_OK


def test_new_term_refuses_an_existing_id(mini):
    before = files(mini)
    code, _, err = run(mini, "new-term", "mlops", "--term", "机器学习运维")
    assert (code, err) == (EXIT_PROBLEMS, "glossary/mlops.md:0: the term 'mlops' already exists; edit that file, "
                                          "or choose another id\n1 problem(s) found.\nnothing was written.\n")
    assert files(mini) == before


def test_new_term_refuses_a_spelling_claimed_by_another_term(mini):
    """'ml ops' is mlops's alias 'ML ops' (line 4 of its file): spellings compare case-insensitively."""
    before = files(mini)
    code, _, err = run(mini, "new-term", "machine-learning-ops", "--term", "机器学习运维", "--en", "ml ops")
    assert code == EXIT_PROBLEMS
    assert err == ("glossary/mlops.md:4: the spelling 'ml ops' is already claimed by term 'mlops'; a spelling may "
                   "belong to one term only: extend that term (e.g. with an alias) instead, or choose another "
                   "spelling\n1 problem(s) found.\nnothing was written.\n")
    assert files(mini) == before


# ---- validate: exit codes and both output formats -------------------------------------------

def break_a_note(project: Path) -> None:
    """Two problems in one file: an unknown key (with a did-you-mean) and the missing key it was meant to be."""
    note = project / "talks/demo/notes/debt-paper.md"
    note.write_text(note.read_text(encoding="utf-8").replace("kind: reference", "knd: reference"), encoding="utf-8")


def test_validate_ok_exits_0_and_says_what_it_checked(mini):
    assert run(mini, "validate") == (EXIT_OK, "ok: 1 talk(s), 3 note(s), 4 term(s)\n", "")


def test_validate_text_format_prints_path_line_message_on_stderr(mini):
    break_a_note(mini)
    assert run(mini, "validate") == (EXIT_PROBLEMS, "", "talks/demo/notes/debt-paper.md:2: missing required key 'kind'\n"
                                     "talks/demo/notes/debt-paper.md:3: unknown key 'knd'; did you mean 'kind'?\n"
                                     "2 problem(s) found.\n")


def test_validate_github_format_prints_one_annotation_per_problem(mini):
    break_a_note(mini)
    assert run(mini, "validate", "--format", "github") == (
        EXIT_PROBLEMS,
        "::error file=talks/demo/notes/debt-paper.md,line=2::missing required key 'kind'\n"
        "::error file=talks/demo/notes/debt-paper.md,line=3::unknown key 'knd'; did you mean 'kind'?\n",
        "2 problem(s) found.\n")


def test_github_annotations_escape_what_would_end_them(mini):
    """A file name with ',' or ':' would end the file property early; a '%' or line break, the message."""
    (mini / "talks/demo/notes/a,b:c.md").write_text("no front matter 100%\n", encoding="utf-8")
    code, out, _ = run(mini, "validate", "--format", "github")
    assert code == EXIT_PROBLEMS
    assert "::error file=talks/demo/notes/a%2Cb%3Ac.md,line=1::the file must start with a '---' line" in out
    assert out.count("::error ") == len(out.splitlines())


def test_validate_wrong_usage_exits_2(mini):
    code, out, err = run(mini, "validate", "--format", "xml")
    assert (code, out) == (EXIT_USAGE, "")
    assert "argument --format: invalid choice: 'xml'" in err


def test_validate_help_documents_the_exit_codes(mini):
    code, out, _ = run(mini, "validate", "--help")
    assert code == EXIT_OK
    assert " ".join(out.split()).endswith("exit codes: 0 the sources are valid; 1 they have problems (each printed as "
                                          "path:line: message); 2 wrong usage. (build exits 3 when MkDocs itself fails.)")


def test_build_exits_3_when_mkdocs_fails_on_valid_sources(mini, tmp_path):
    """Valid sources, but a hand-written page links to a page that does not exist: strict MkDocs fails."""
    (mini / "docs" / "about.md").write_text("# 关于\n\n见[不存在的页面](missing.md)。\n", encoding="utf-8")
    site = tmp_path / "site"
    code, _, err = run(mini, "build", "--site-dir", str(site))
    assert code == EXIT_BUILD
    assert f"site build failed; {site} was left as it was: Aborted with 1 warnings in strict mode!" in err
    assert not site.exists()


def test_contributing_quotes_a_real_reading_text_error():
    """CONTRIBUTING's example of a rejected reading-text edit is validate's own message (the golden)."""
    from conftest import ROOT

    expected = (ROOT / "tests" / "bad_inputs" / "reading-dropped-words.expected").read_text(encoding="utf-8")
    assert "    " + expected.split("\n")[0] + "\n" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


# ---- an English talk: whole words, repeated misrecognitions -----------------------------------

@pytest.fixture
def english(tmp_path) -> Path:
    from conftest import ROOT, copy_mini

    return copy_mini(tmp_path / "mini", ROOT / "tests" / "fixtures" / "english-talk")


def test_new_note_refuses_a_quote_cut_inside_a_word_and_offers_the_whole_words(english):
    code, out, err = run(english, "new-note", "--talk", "kafka-to-postgres", "--quote", "ight kilobytes")
    assert (code, out) == (EXIT_PROBLEMS, "")
    assert err.startswith('talks/kafka-to-postgres/transcript.txt:0: quote "ight kilobytes" starts or ends inside '
                          'a word: ')
    assert 'quote whole words, such as "eight kilobytes"\n' in err


def test_new_note_names_occurrences_for_a_repeated_misrecognition_and_accepts_it(english):
    code, _, err = run(english, "new-note", "--talk", "kafka-to-postgres", "--quote", "cough car")
    assert code == EXIT_PROBLEMS and "set occurrences: 2\n" in err
    code, _, err = run(english, "new-note", "--talk", "kafka-to-postgres", "--quote", "cough car", "--occurrences", "2")
    assert code == EXIT_PROBLEMS and "--occurrences 2 is for corrections only" in err
    code, out, _ = run(english, "new-note", "--talk", "kafka-to-postgres", "--quote", "cough car", "--kind",
                       "correction", "--occurrences", "2", "--id", "kafka-again")
    assert code == EXIT_OK and out.startswith("wrote talks/kafka-to-postgres/notes/kafka-again.md\n"
                                              "the quote anchors 2 times, first: ")
    note = english / "talks/kafka-to-postgres/notes/kafka-again.md"
    text = note.read_text(encoding="utf-8")
    assert text.startswith('---\nquote: "cough car"\noccurrences: 2\nkind: correction')
    (english / "talks/kafka-to-postgres/notes/fix-kafka.md").unlink()  # the fixture's own correction of it
    note.write_text(text.replace("# replace: 更正后的写法（去掉行首的 # 再填写）", "replace: Kafka"), encoding="utf-8")
    # The talk is translated (translations/zh/): a new note needs its translation too, the old one's goes.
    code, _, err = run(english, "validate")
    assert code == EXIT_PROBLEMS
    assert "talks/kafka-to-postgres/translations/zh/notes/kafka-again.md:0: missing: " in err
    assert "talks/kafka-to-postgres/translations/zh/notes/fix-kafka.md:0: translates a note that does not exist" in err
    shutil.rmtree(english / "talks/kafka-to-postgres/translations")
    assert run(english, "validate")[0] == EXIT_OK


def test_new_term_for_an_english_talk_asks_for_the_english_name_and_definition(english):
    code, _, err = run(english, "new-term", "exactly-once", "--term", "恰好一次", "--talk", "kafka-to-postgres")
    assert code == EXIT_PROBLEMS
    assert err.startswith("talks/kafka-to-postgres/talk.yml:5: talk 'kafka-to-postgres' is in English: its readers "
                          "see the term's English name; give it with --en\n")
    assert run(english, "new-term", "exactly-once")[0] == EXIT_USAGE  # no name at all
    code, out, _ = run(english, "new-term", "exactly-once", "--en", "Exactly-once delivery", "--talk",
                       "kafka-to-postgres")
    assert code == EXIT_OK and out.startswith("wrote glossary/exactly-once.md\n")
    text = (english / "glossary/exactly-once.md").read_text(encoding="utf-8")
    assert text.startswith('---\nterm: "Exactly-once delivery"\nen: "Exactly-once delivery"\n')
    assert "\nshort_en: One-line definition in English" in text


def test_an_english_talk_shows_a_term_in_english_and_falls_back_visibly(english):
    """Idempotent consumer has short_en; Back pressure has only the Chinese definition."""
    from talkbook.web import urls
    from talkbook.web.pipeline import generate

    _, pages = generate(english)
    page = pages[urls.talk_page("kafka-to-postgres")]
    assert 'title="A message consumer that processes a message only once, however often it is delivered."' in page
    assert 'title="(In Chinese; no English definition yet) 下游处理不过来时让上游放慢的流量控制方式。"' in page
    # the note's term list; the talk's Chinese translation (translations/zh/) names it in Chinese in its own part
    own = re.sub(r'<div class="tb-note-tr" data-view="zh".*?</div>', "", page, flags=re.S)
    assert ">Idempotent consumer</a>" in own and ">幂等消费者</a>" not in own
    assert '<div class="tb-note-tr" data-view="zh" lang="zh" hidden>' in page and ">幂等消费者</a>" in page
    chinese = pages[urls.talk_page("demo")]
    assert "In Chinese" not in chinese
