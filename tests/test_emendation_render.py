"""An emendation (CONTRIBUTING §5) is shown apart from a correction wherever corrections render:
the site's 逐字 and 通读, the PDF's transcript and reading text (a class of its own, and the label
in the tooltip); a plain correction keeps its look."""
from __future__ import annotations

from talkbook.edition.build import load_edition
from talkbook.edition.labels import labels_for
from talkbook.edition.numbering import note_numbers
from talkbook.pdf.print_reading import reading_html
from talkbook.pdf.print_text import Anchors
from talkbook.pdf.print_text import paragraph_html as print_paragraph
from talkbook.web.inline import render_paragraph_text
from talkbook.web.reading_view import paragraph_html as reading_paragraph

READING = ("我们用 MLOps 来做部署。DALL·E 刚出来的时候很火。\n\n但是 PaaS 一样的东西，\n\npassage 不算。\n\n"
           "第二点是，hidden technical debt 很重要。最后我们用 MLOps 手尾。\n")
EMENDATION = "---\nquote: 收尾\nkind: correction\nreplace: 手尾\nconfidence: probable\nemendation: true\n---\n编者推断。\n"


def test_an_emendation_renders_apart_from_a_correction(mini):
    (mini / "talks/demo/reading.md").write_text(READING, encoding="utf-8")
    (mini / "talks/demo/notes/fix-ending.md").write_text(EMENDATION, encoding="utf-8")
    talk = load_edition(mini).talks[0]
    L, numbers = labels_for("zh"), note_numbers(talk)
    last = talk.sections[-1].paragraphs[-1]
    first = talk.sections[0].paragraphs[0]
    site_verbatim = render_paragraph_text(talk.transcript, last, talk.notes, numbers, [], {}, L)
    assert 'class="tb-fix tb-fix--emendation"' in site_verbatim and "编者校改" in site_verbatim
    assert 'class="tb-fix tb-fix--emendation"' not in render_paragraph_text(talk.transcript, first, talk.notes,
                                                                           numbers, [], {}, L)
    reading = next(r for r in talk.reading.paragraphs if r.start <= last.start < r.end or r.start == last.start)
    site_reading = reading_paragraph(talk, reading, talk.notes, numbers, L)
    assert 'class="tb-rfix tb-rfix--emendation"' in site_reading and "编者校改" in site_reading
    anchors = Anchors(talk.id)
    printed = print_paragraph(talk.transcript, last, talk.notes, numbers, (), anchors, lambda note: "")
    assert 'class="fix whole emendation"' in printed
    printed_reading = reading_html(talk, last, talk.notes, numbers, anchors, lambda note: "")
    assert 'class="fix-new emendation"' in printed_reading
    assert "emendation" not in reading_html(talk, first, talk.notes, numbers, anchors, lambda note: "")
