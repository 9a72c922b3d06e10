"""Justified Chinese lines. WeasyPrint 70 justifies a line by widening its spaces only
(layout/inline.py justify_line); a line of Chinese has few or none, so it stays short of the measure
by up to two characters where line-breaking rules pushed a mark to the next line, and a line with one
Latin word opens that word's spaces into holes. Chinese typesetting spreads the extra width between
all the characters instead; this does that for every justified line that holds Chinese text, by
giving the Chinese characters, marks and spaces of its text boxes a letter spacing (a Pango
attribute, set when the box is drawn); Latin words inside keep their letters together. Lines
without Chinese (an English talk, a URL alone) keep WeasyPrint's own justification.

install() replaces weasyprint.layout.inline.justify_line and Layout.set_text once per process;
make_pdf.py calls it before laying out. Both are WeasyPrint 70's (requirements.txt pins it), and
tests/test_pdf.py reads the justified lines back from the PDF."""
from __future__ import annotations

import re

_CHINESE = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"  # CJK marks, ideographs, full-width forms
_CJK = re.compile(f"[{_CHINESE}]")
# A Latin word (or number) inside a Chinese line stays whole: the spacing goes between the Chinese
# characters, marks and spaces only, never between the letters of "replicate" or "768".
_SPREAD = re.compile(f"[\\s{_CHINESE}]")
# Of the font size: past it a line keeps WeasyPrint's justification. Generous, since Latin words take
# none of the spacing: a line of two long names and a few Chinese characters still needs its gaps.
MOST_PER_CHARACTER = 1.0
_installed: list[bool] = []


def _raised(box) -> bool:
    return box.style["vertical_align"] != "baseline"


def _text_boxes(box, boxes, raised=False):
    """The line's text boxes that take the spacing, in order (TextBox has .text; inline boxes hold
    children; vertical-align is not inherited, so a raised inline box's text is known by its parent)."""
    raised = raised or _raised(box)
    if hasattr(box, "text") and box.text is not None and hasattr(box, "pango_layout"):
        if not raised and _CJK.search(box.text):
            boxes.append(box)
    for child in getattr(box, "children", ()) or ():
        if child.is_in_normal_flow():
            _text_boxes(child, boxes, raised)
    return boxes


def _spread_count(text: str) -> int:
    return len(_SPREAD.findall(text))


def _spread_ranges(text: str) -> list[tuple[int, int]]:
    """The byte ranges (UTF-8, as Pango counts) of the runs of characters that take the spacing."""
    ranges, offset, start = [], 0, None
    for character in text:
        size = len(character.encode())
        if _SPREAD.match(character):
            start = offset if start is None else start
        elif start is not None:
            ranges.append((start, offset))
            start = None
        offset += size
    if start is not None:
        ranges.append((start, offset))
    return ranges


def _spread(box, spacing: float, x_advance: float, spreading: dict[int, int]) -> float:
    """Move `box` right by x_advance and widen its text by `spacing` per character that takes it (as
    add_word_spacing does for spaces); return the advance for what follows. `spreading`: id of each
    text box spaced out -> how many of its characters take the spacing (counted once, by the caller)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        if id(box) not in spreading:  # a raised call ("更38") or Latin alone: moved along, not spaced out
            return x_advance
        extra = spacing * spreading[id(box)]
        box.pango_layout.cjk_letter_spacing = spacing
        box.width += extra
        return x_advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(child, spacing, x_advance, spreading)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)  # an atomic inline: a paragraph number, an inline-block
    return x_advance


def install() -> None:
    if _installed:
        return
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.ffi import pango

    original_justify = inline.justify_line
    original_set_text = line_break.Layout.set_text

    def justify_line(context, line, extra_width):
        counts = {id(box): _spread_count(box.text) for box in _text_boxes(line, [])}
        characters = sum(counts.values())
        if characters > 1 and extra_width > 0:
            spacing = extra_width / (characters - 1)
            if spacing <= MOST_PER_CHARACTER * line.style["font_size"]:
                _spread(line, spacing, 0, counts)
                return
        original_justify(context, line, extra_width)

    def set_text(self, text, justify=False):
        original_set_text(self, text, justify)
        spacing = getattr(self, "cjk_letter_spacing", 0)
        if justify and spacing and self.text:
            attributes = pango.pango_layout_get_attributes(self.layout)
            if attributes == line_break.ffi.NULL:
                attributes = line_break.ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
            for start, end in _spread_ranges(self.text):  # Pango owns each attribute once changed in
                attribute = pango.pango_attr_letter_spacing_new(int(spacing * line_break.TO_UNITS))
                attribute.start_index, attribute.end_index = start, end
                pango.pango_attr_list_change(attributes, attribute)
            pango.pango_layout_set_attributes(self.layout, attributes)

    inline.justify_line = justify_line
    line_break.Layout.set_text = set_text
    _installed.append(True)
