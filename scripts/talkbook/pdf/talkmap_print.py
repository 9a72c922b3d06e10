"""The talk map on the PDF's contents page: edition.talkmap's geometry turned into what
templates/talkmap.html draws, for the A4 text column (SVG units across it), in print colours.

Unlike the site's map (web/talkmap_svg.py) the width is known, so which section numbers fit is
decided here; each section's first page comes from print.css's target-counter() after pagination."""
from __future__ import annotations

from types import SimpleNamespace as View

from talkbook.edition.labels import ZH, Labels
from talkbook.edition.talkmap import TalkMap

from .print_text import Anchors

WIDTH = 1000  # SVG units across the text column (about 162 mm: 1 unit = 0.16 mm)
SECTION_H, TURN_Y, TURN_H, LANE_H, LANE_GAP = 34, 38, 22, 6, 3
FONT = 20  # units: about 9 pt
DIGIT = 12  # units: width of a digit at FONT, with room to spare
# Okabe and Ito's colours (told apart with the common colour blindnesses); a pattern per speaker too.
COLOURS = ("#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#0072b2", "#d55e00", "#f0e442")
PATTERNS = 6  # slot 0 solid and five patterns (templates/talkmap.html)
KIND_COLOURS = {"correction": "#9a4600", "context": "#0072b2", "fact-check": "#007a5a",
                "reference": "#7a4fa3", "hindsight": "#b0307a"}
# Below this share a section's page number goes on a second row, clear of its neighbours'.
NARROW = 0.04


def _run(index: int, x: float, y: float, width: float, height: float) -> View:
    return View(x=f"{x:.1f}", y=y, width=f"{width:.1f}", height=height,
                colour=COLOURS[index % len(COLOURS)] if index >= 0 else "#cccccc",
                slot=index % PATTERNS if index >= 0 else 0)


def map_view(tmap: TalkMap, title: str = "", labels: Labels = ZH) -> View:
    """`title`: the talk's, when the book holds several (the caption names it); `labels`: the talk's
    language's words (edition/labels.py)."""
    anchors = Anchors(tmap.talk_id)
    prefix = f"map-{tmap.talk_id}"
    sections = []
    for s in tmap.sections:
        x, width = s.left * WIDTH, s.share * WIDTH
        sections.append(View(x=f"{x:.1f}", width=f"{width:.1f}", middle=f"{x + width / 2:.1f}",
                             fill="#e3e6ec" if s.number % 2 else "#c9ced8",
                             label=str(s.number) if width - 6 >= len(str(s.number)) * DIGIT else "",
                             anchor=anchors.section(s.id), left=f"{s.left * 100:.3f}", share=f"{s.share * 100:.3f}",
                             low=s.share < NARROW and s.number % 2 == 0))
    runs = [_run(r.speaker_index, r.left * WIDTH, TURN_Y, r.share * WIDTH, TURN_H) for r in tmap.runs]
    ticks = [View(x=f"{t.at * WIDTH:.1f}", y=TURN_Y + TURN_H + LANE_GAP + t.lane * (LANE_H + LANE_GAP),
                  colour=KIND_COLOURS[t.kind]) for t in tmap.ticks]
    # Each SVG is drawn on its own, so each legend swatch defines its pattern, under an id of its own.
    keys = []
    for index, label in tmap.speakers:
        key = _run(index, 0, 0, 30, 16)
        key.label, key.prefix = label, f"{prefix}-{index}"
        keys.append(key)
    return View(prefix=prefix, width=WIDTH, height=TURN_Y + TURN_H + LANE_GAP + len(tmap.kinds) * (LANE_H + LANE_GAP),
                section_h=SECTION_H, label_y=SECTION_H - 11, font=FONT, lane_h=LANE_H, sections=sections,
                runs=runs, ticks=ticks, keys=keys, title=title, slots=sorted({k.slot for k in keys} - {0}),
                kinds=[View(colour=KIND_COLOURS[k], name=labels.note_kind[k]) for k in tmap.kinds])
