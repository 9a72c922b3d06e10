"""Page references that follow their target when a later layout pass moves it.

WeasyPrint 70 re-lays out a page whose `target-counter(attr(href url), page)` depends on an anchor that
moved to another page only if it knows the dependency: build.py files it under
`anchor_name_from_token(token)`, which is None for an attr() token (the only kind a stylesheet can give
per element), so the dependency is lost. A page reference is then right only if the page it is printed
on happens to be laid out again after its target settled: the endnotes printed "第 9 页" for calls that
the last pass had moved to page 8 (tests/test_pdf.py, test_each_gloss_links…).

install() files it under the anchor the same content's lookup_target just resolved (build.py calls
lookup_target, then anchor_name_from_token on the same token, in one thread). Once per process; make_pdf.py
calls it before laying out, with cjk_justify.install()."""
from __future__ import annotations

_installed: list[bool] = []


def install() -> None:
    if _installed:
        return
    from weasyprint.css import targets

    original_lookup = targets.TargetCollector.lookup_target
    original_name = targets.anchor_name_from_token
    resolved: list[str | None] = [None]  # the anchor of the last attr() token looked up

    def lookup_target(self, anchor_token, source_box, css_token, parse_again):
        if anchor_token[0] == "attr()":
            attr_name, type_, fallback = anchor_token[1]
            value = source_box.element.get(attr_name, fallback)
            token = (("url", targets.get_url_tuple(value, source_box.style.base_url)) if type_ == "url"
                     else ("string", value))
            resolved[0] = original_name(token) if isinstance(value, str) and token[1] else None
        return original_lookup(self, anchor_token, source_box, css_token, parse_again)

    def anchor_name_from_token(anchor_token):
        if anchor_token[0] == "attr()":
            return resolved[0]
        return original_name(anchor_token)

    targets.TargetCollector.lookup_target = lookup_target
    targets.anchor_name_from_token = anchor_name_from_token
    _installed.append(True)
