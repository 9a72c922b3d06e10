"""Markup lives in Jinja2 templates (edition/templating.py): autoescape on, escaping exactly as the
standard library's html.escape, and a deployment's own template wins over ours, for the site and the PDF."""
from __future__ import annotations

import shutil
from html import escape
from types import SimpleNamespace

from conftest import MINI
from hypothesis import given, strategies as st
from talkbook.edition.build import load_edition
from talkbook.edition.templating import environment, macros
from talkbook.pdf import print_html
from talkbook.pdf.make_pdf import template_overrides as pdf_overrides
from talkbook.web import render
from talkbook.adapter.mkdocs_events import template_overrides as site_overrides
from talkbook.web.pipeline import generate
from talkbook.web.render import RenderOptions


def test_autoescape_is_on_and_escapes_as_html_escape_does():
    assert environment(render.TEMPLATES).autoescape is True
    hostile = """<script>alert("x" & 'y')</script>"""
    rendered = macros(render.TEMPLATES, "talk.html").subtitle(hostile)
    assert rendered == f'<p class="tb-subtitle">{escape(hostile)}</p>'
    assert "<script>" not in rendered


@given(st.one_of(st.text(alphabet=st.sampled_from(list("a中 &<>\"'#;x")), max_size=12), st.integers(), st.floats()))
def test_every_printed_value_is_escaped_as_html_escape_does(value):
    """The finalize step's shortcut for a text with nothing to escape, against html.escape itself."""
    from talkbook.edition.templating import _finalize

    assert str(_finalize(value)) == escape(str(value))


def test_a_deployment_template_overrides_the_site_s(tmp_path):
    override = tmp_path / "talkbook"
    override.mkdir()
    template = (render.TEMPLATES / "talk.html").read_text(encoding="utf-8")
    assert "{{ L.edit_note }}" in template  # 编辑此注, from the talk's labels (edition/labels.py)
    (override / "talk.html").write_text(template.replace("{{ L.edit_note }}", "改进这条注释"), encoding="utf-8")
    options = dict(edit_base="https://example.test/edit/main/")
    _, ours = generate(MINI, RenderOptions(**options))
    _, theirs = generate(MINI, RenderOptions(**options, templates=(str(override),)))
    page = next(name for name in ours if name.startswith("talks/") and name.endswith("index.md"))
    assert "编辑此注" in ours[page] and "改进这条注释" not in ours[page]
    assert "改进这条注释" in theirs[page] and "编辑此注" not in theirs[page]


def test_a_deployment_template_overrides_the_print_document_s(tmp_path):
    override = tmp_path / "talkbook"
    override.mkdir()
    template = (print_html.TEMPLATES / "book.html").read_text(encoding="utf-8")
    (override / "book.html").write_text(template.replace('class="colophon"', 'class="colophon house"'),
                                        encoding="utf-8")
    edition = load_edition(MINI)
    ours = print_html.print_document(edition, edition.talks[:1], "p")
    theirs = print_html.print_document(edition, edition.talks[:1], "p", templates=(str(override),))
    assert 'class="colophon"' in ours and 'class="colophon house"' in theirs


def test_the_override_folders_are_talkbook_web_and_talkbook_pdf_under_the_theme_s_custom_dir(tmp_path):
    """Separate folders: the site's and the PDF's templates share names (talkmap.html), not macros."""
    assert site_overrides({"theme": SimpleNamespace(custom_dir="/x/overrides")}) == ("/x/overrides/talkbook/web",)
    assert site_overrides({"theme": SimpleNamespace(custom_dir=None)}) == ()
    shutil.copy(MINI / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert pdf_overrides(tmp_path) == ()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  custom_dir: house  # ours\n",
                                         encoding="utf-8")
    assert pdf_overrides(tmp_path) == (str(tmp_path / "house" / "talkbook" / "pdf"),)


def test_a_site_override_of_talkmap_html_leaves_the_pdf_alone(mini, tmp_path):
    """Issue 26: web/templates/talkmap.html copied to the override folder passed validate and build,
    then `pdf` failed with "'TemplateModule' object has no attribute 'contents_map'" (the PDF's
    talkmap.html has other macros). In talkbook/web/ it is the site's only; the PDF is built."""
    import contextlib
    import io

    from talkbook.cli import main

    config = mini / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n",
                                                                 "  name: material\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    web = mini / "overrides" / "talkbook" / "web"
    web.mkdir(parents=True)
    shutil.copy(render.TEMPLATES / "talkmap.html", web / "talkmap.html")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert main(["--root", str(mini), "validate"]) == 0, err.getvalue()
        assert main(["--root", str(mini), "pdf", "--out", str(tmp_path / "pdf")]) == 0, err.getvalue()
    assert (tmp_path / "pdf" / "demo.pdf").stat().st_size > 1000


def test_every_macro_the_stages_call_is_found_by_the_override_check():
    """The override check's list of called macros comes from reading the code; a macro the code
    calls that the list missed would let an override without it pass validate. Every macro of each
    stage's templates is either in the list or called only inside its own template."""
    import jinja2
    from jinja2 import nodes

    from talkbook.sources import template_overrides as overrides

    env = jinja2.Environment()
    for stage, (_what, folder) in overrides.STAGES.items():
        called = overrides.called_macros(stage)
        for template in sorted(folder.glob("*.html")):
            tree = env.parse(template.read_text(encoding="utf-8"))
            inside = {call.node.name for call in tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name)}
            for macro in tree.find_all(nodes.Macro):
                assert macro.name in called or macro.name in inside, (stage, template.name, macro.name)
