"""The talk map on the PDF's contents page, drawn from edition.talkmap's geometry.

Unlike the site's map (site/talkmap_svg.py) it is drawn for one known width, the A4 text column, in
the SVG's own units (WeasyPrint's SVG renderer takes no CSS variables and no links), in print colours
given as attributes. Sections are numbered as in the contents list under it; under each section its
first page, an HTML link whose number print.css fills in with target-counter() after pagination."""
from __future__ import annotations

from html import escape

from talkbook.edition.labels import NOTE_KIND
from talkbook.edition.talkmap import TalkMap

from .print_text import Anchors

WIDTH = 1000  # SVG units across the text column (about 162 mm: 1 unit = 0.16 mm)
SECTION_H, TURN_Y, TURN_H, LANE_H, LANE_GAP = 34, 38, 22, 6, 3
FONT = 20  # units: about 9 pt
DIGIT = 12  # units: width of a digit at FONT, with room to spare
# Okabe and Ito's colours (told apart with the common colour blindnesses), one pattern per speaker too.
COLOURS = ("#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#0072b2", "#d55e00", "#f0e442")
PATTERNS = {1: '<path d="M0 10 L10 0" stroke="#333" stroke-width="1.6"/>',
            2: '<circle cx="5" cy="5" r="1.8" fill="#333"/>',
            3: '<path d="M0 5 H10" stroke="#333" stroke-width="1.6"/>',
            4: '<path d="M0 0 L10 10" stroke="#333" stroke-width="1.6"/>',
            5: '<path d="M5 0 V10 M0 5 H10" stroke="#333" stroke-width="1.6"/>'}
KIND_COLOURS = {"correction": "#9a4600", "context": "#0072b2", "fact-check": "#007a5a",
                "reference": "#7a4fa3", "hindsight": "#b0307a"}
# Below this share a section's page number goes on a second row, clear of its neighbours'.
NARROW = 0.04


def _fill(prefix: str, index: int) -> tuple[str, str]:
    """A speaker's colour and, if any, the fill of its pattern overlay."""
    colour = COLOURS[index % len(COLOURS)] if index >= 0 else "#cccccc"
    slot = index % (len(PATTERNS) + 1) if index >= 0 else 0
    return colour, (f"url(#{prefix}-p{slot})" if slot else "")


def _swatch(prefix: str, index: int, x: float, y: float, width: float, height: float) -> str:
    colour, pattern = _fill(prefix, index)
    rect = f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{height}" fill="{colour}" stroke="#fff" stroke-width="1"/>'
    if pattern:
        rect += f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{height}" fill="{pattern}"/>'
    return rect


def _defs(prefix: str) -> str:
    return "<defs>" + "".join(f'<pattern id="{prefix}-p{slot}" width="10" height="10" patternUnits="userSpaceOnUse">'
                              f'{shape}</pattern>' for slot, shape in PATTERNS.items()) + "</defs>"


def map_svg(tmap: TalkMap) -> str:
    prefix = f"map-{tmap.talk_id}"
    height = TURN_Y + TURN_H + LANE_GAP + len(tmap.kinds) * (LANE_H + LANE_GAP)
    parts = [f'<svg class="map-svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg">', _defs(prefix)]
    for seg in tmap.sections:
        x, width = seg.left * WIDTH, seg.share * WIDTH
        parts.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="{SECTION_H}" '
                     f'fill="{"#e3e6ec" if seg.number % 2 else "#c9ced8"}" stroke="#fff" stroke-width="2"/>')
        if width - 6 >= len(str(seg.number)) * DIGIT:
            parts.append(f'<text x="{x + width / 2:.1f}" y="{SECTION_H - 11}" text-anchor="middle" '
                         f'font-size="{FONT}" font-weight="bold" fill="#222">{seg.number}</text>')
    for run in tmap.runs:
        parts.append(_swatch(prefix, run.speaker_index, run.left * WIDTH, TURN_Y, run.share * WIDTH, TURN_H))
    for tick in tmap.ticks:
        y = TURN_Y + TURN_H + LANE_GAP + tick.lane * (LANE_H + LANE_GAP)
        parts.append(f'<rect x="{tick.at * WIDTH:.1f}" y="{y}" width="2.5" height="{LANE_H}" '
                     f'fill="{KIND_COLOURS[tick.kind]}"/>')
    parts.append("</svg>")
    return "".join(parts)


def map_pages(tmap: TalkMap) -> str:
    """Each section's first page, under its segment; a narrow section's on a second row."""
    anchors = Anchors(tmap.talk_id)
    links = []
    for seg in tmap.sections:
        row = " map-page--low" if seg.share < NARROW and seg.number % 2 == 0 else ""
        links.append(f'<a class="map-page{row}" href="#{escape(anchors.section(seg.id))}" '
                     f'style="left: {seg.left * 100:.3f}%; width: {seg.share * 100:.3f}%"></a>')
    return f'<div class="map-pages">{"".join(links)}</div>'


def legend(tmap: TalkMap) -> str:
    prefix = f"map-{tmap.talk_id}"
    # Each SVG is drawn on its own, so each swatch defines its pattern (under an id of its own).
    keys = "".join(f'<span class="map-key"><svg class="map-swatch" viewBox="0 0 30 16" width="7mm" height="3.7mm">{_defs(f"{prefix}-{index}")}'
                   f'{_swatch(f"{prefix}-{index}", index, 0, 0, 30, 16)}</svg>{escape(label)}</span>'
                   for index, label in tmap.speakers)
    kinds = "".join(f'<span class="map-key"><svg class="map-swatch" viewBox="0 0 6 16" width="1.4mm" height="3.7mm">'
                    f'<rect x="2" y="0" width="2.5" height="16" fill="{KIND_COLOURS[kind]}"/></svg>{NOTE_KIND[kind]}</span>'
                    for kind in tmap.kinds)
    notes = f'<span class="map-legend-head">注释（自上而下）</span>{kinds}' if kinds else ""
    return f'<p class="map-legend"><span class="map-legend-head">发言</span>{keys}{notes}</p>'


def contents_map(tmap: TalkMap, title: str = "") -> str:
    """The map with its page numbers, legend and caption, for the contents page. `title`: the talk's,
    when the book holds several."""
    whose = f"《{escape(title)}》" if title else "全场"
    return (f'<figure class="talk-map">{map_svg(tmap)}{map_pages(tmap)}{legend(tmap)}'
            f'<figcaption>{whose}示意：上排为各节（编号同下方目录，宽度按字数比例），其下为各节起始页码；'
            f'色带为说话人的发言，细线为注释的位置。</figcaption></figure>')
