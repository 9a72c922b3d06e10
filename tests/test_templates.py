"""Markup lives in Jinja2 templates (edition/templating.py): autoescape on, escaping exactly as the
standard library's html.escape, and a deployment's own template wins over ours, for the site and the PDF."""
from __future__ import annotations

import shutil
from html import escape
from types import SimpleNamespace

from conftest import MINI
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


def test_the_override_folder_is_talkbook_under_the_theme_s_custom_dir(tmp_path):
    assert site_overrides({"theme": SimpleNamespace(custom_dir="/x/overrides")}) == ("/x/overrides/talkbook",)
    assert site_overrides({"theme": SimpleNamespace(custom_dir=None)}) == ()
    shutil.copy(MINI / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert pdf_overrides(tmp_path) == ()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  custom_dir: house  # ours\n",
                                         encoding="utf-8")
    assert pdf_overrides(tmp_path) == (str(tmp_path / "house" / "talkbook"),)
