"""The site's talk map and term strips as inline SVG, drawn from edition.talkmap's geometry.

x positions and widths are percentages, so one SVG scales from 390 to 1440 px while its text keeps
its size; colours come from CSS variables (talkbook.css), so the slate scheme and print restyle it.
Speakers differ by colour and by pattern (solid, stripes, dots...) and are named in a legend and in
each run's tooltip; note kinds by colour and by lane. Section labels are the section's number here
when it fits a 390 px screen; talkbook.js replaces it with as much of the title as fits the width
shown (the full title is always in the tooltip and the text list). Class names all start tb-map,
which verify.py never reads as reading text."""
from __future__ import annotations

from html import escape

from talkbook.edition.labels import NOTE_KIND, TURN_CERTAINTY
from talkbook.edition.talkmap import TalkMap, TermStrip

NARROWEST = 390  # px: the narrowest screen the map is laid out for without JavaScript
DIGIT = 7.5  # px: width of a digit in the labels' font size, with room to spare
SECTION_Y, SECTION_H = 0, 22
TURN_Y, TURN_H = 25, 14
LANE_Y, LANE_H, LANE_GAP = 42, 4, 2
PATTERNS = 6  # speakers beyond this reuse patterns (with other colours: 7 colour variables)
COLOURS = 7


def _pct(fraction: float) -> str:
    return f"{fraction * 100:.3f}".rstrip("0").rstrip(".") + "%"


def _chars(count: int) -> str:
    return f"{count:,} 字"


def _share(fraction: float) -> str:
    return f"{fraction * 100:.0f}%" if fraction >= 0.01 else "不到 1%"


def speaker_class(index: int) -> str:
    return f"tb-map-s{index % COLOURS}" if index >= 0 else "tb-map-s-none"


def pattern_defs(prefix: str, indexes) -> str:
    """The patterns of the speaker slots in use (slot 0 is solid: no pattern). Ids are prefixed per
    map, since a page (the home page) may hold several maps."""
    shapes = {
        1: '<path class="tb-map-ink" d="M0 6 L6 0" />',
        2: '<circle class="tb-map-ink tb-map-dot" cx="3" cy="3" r="1.1" />',
        3: '<path class="tb-map-ink" d="M0 3 H6" />',
        4: '<path class="tb-map-ink" d="M0 0 L6 6" />',
        5: '<path class="tb-map-ink" d="M3 0 V6 M0 3 H6" />',
    }
    return "<defs>" + "".join(
        f'<pattern id="{prefix}-pat-{slot}" width="6" height="6" patternUnits="userSpaceOnUse">{shape}</pattern>'
        for slot, shape in shapes.items() if slot in {i % PATTERNS for i in indexes if i >= 0}) + "</defs>"


def _run_rects(prefix: str, index: int, x: str, y: int, width: str, height: int) -> str:
    rects = f'<rect class="tb-map-run" x="{x}" y="{y}" width="{width}" height="{height}" />'
    slot = index % PATTERNS if index >= 0 else 0
    if slot:
        rects += (f'<rect class="tb-map-hatch" x="{x}" y="{y}" width="{width}" height="{height}" '
                  f'fill="url(#{prefix}-pat-{slot})" />')
    return rects


def _turn_label(run) -> str:
    return f"{run.speaker}{TURN_CERTAINTY.get(run.certainty, '')}"


def _number_fits(share: float, number: int) -> bool:
    return share * NARROWEST - 4 >= len(str(number)) * DIGIT


def talk_map_html(tmap: TalkMap, href, small: bool = False) -> str:
    """The map of a talk. `href(fragment)` gives the link to a place in the talk page. `small`: the
    home page's version (sections and turns, no labels, no notes, no position indicator)."""
    prefix = f"tb-map-{tmap.talk_id}"
    lanes = 0 if small else len(tmap.kinds)
    height = TURN_Y + TURN_H + (LANE_GAP + lanes * (LANE_H + LANE_GAP) if lanes else 0)
    parts = [f'<svg class="tb-map-svg" width="100%" height="{height}" role="group" '
             f'aria-label="全场地图：按节与发言划分" focusable="false">',
             pattern_defs(prefix, [index for index, _ in tmap.speakers])]
    parts.append('<g class="tb-map-sections">')
    for seg in tmap.sections:
        x, width = _pct(seg.left), _pct(seg.share)
        who = "、".join(seg.speakers) or "说话人未标注"
        tip = f"第 {seg.number} 节 {seg.title}（{who}；{_chars(seg.chars)}，{_share(seg.share)}）"
        label = ""
        if not small:
            shown = str(seg.number) if _number_fits(seg.share, seg.number) else ""
            label = (f'<text class="tb-map-label" x="{_pct(seg.left + seg.share / 2)}" y="{SECTION_H - 7}" '
                     f'text-anchor="middle" data-number="{seg.number}" data-title="{escape(seg.title)}">'
                     f'{shown}</text>')
        parts.append(f'<a class="tb-map-section" href="{escape(href(seg.id))}" data-section="{escape(seg.id)}" data-start="{seg.start}" '
                     f'aria-label="第 {seg.number} 节：{escape(seg.title)}"><title>{escape(tip)}</title>'
                     f'<rect class="tb-map-seg tb-map-seg--{"odd" if seg.number % 2 else "even"}" x="{x}" '
                     f'y="{SECTION_Y}" width="{width}" height="{SECTION_H}" />{label}</a>')
    parts.append('</g><g class="tb-map-turns">')
    for run in tmap.runs:
        x, width = _pct(run.left), _pct(run.share)
        who = escape(_turn_label(run))
        tip = f"{who}发言，自第 {run.section_number} 节起（{_chars(run.chars)}，{_share(run.share)}）"
        parts.append(f'<a class="tb-map-turn {speaker_class(run.speaker_index)}" href="{escape(href(run.paragraph_id))}" '
                     f'aria-label="{who}发言，自第 {run.section_number} 节起"><title>{tip}</title>'
                     f'{_run_rects(prefix, run.speaker_index, x, TURN_Y, width, TURN_H)}</a>')
    parts.append("</g>")
    if lanes:
        parts.append('<g class="tb-map-notes" aria-hidden="true">')
        for tick in tmap.ticks:
            y = TURN_Y + TURN_H + LANE_GAP + tick.lane * (LANE_H + LANE_GAP)
            parts.append(f'<rect class="tb-map-tick tb-map-tick--{tick.kind}" x="{_pct(tick.at)}" y="{y}" '
                         f'width="2" height="{LANE_H}" />')
        parts.append("</g>")
    if not small:
        parts.append(f'<rect class="tb-map-here" x="0%" y="0" width="3" height="{height}" aria-hidden="true" />')
    parts.append("</svg>")
    return "".join(parts)


def legend_html(tmap: TalkMap, small: bool = False) -> str:
    """Who is who (colour and pattern) and, on the talk page, which lane holds which kind of note."""
    prefix = f"tb-map-{tmap.talk_id}"
    keys = []
    for index, label in tmap.speakers:
        keys.append(f'<span class="tb-map-key {speaker_class(index)}"><svg class="tb-map-swatch" width="22" height="12" aria-hidden="true">'
                    f'{_run_rects(prefix, index, "0", 0, "22", 12)}</svg>{escape(label)}</span>')
    html = f'<p class="tb-map-legend"><span class="tb-map-legend-head">发言</span>{"".join(keys)}'
    if not small and tmap.kinds:
        kinds = "".join(f'<span class="tb-map-key"><svg class="tb-map-swatch" width="6" height="12" aria-hidden="true">'
                        f'<rect class="tb-map-tick tb-map-tick--{kind}" x="2" y="0" width="2" height="12" /></svg>'
                        f'{NOTE_KIND[kind]}</span>' for kind in tmap.kinds)
        html += f'<span class="tb-map-legend-head">注释（自上而下）</span>{kinds}'
    return html + "</p>"


def text_list_html(tmap: TalkMap) -> str:
    """The map read aloud: each section with its speakers and length (hidden from sight, not from
    screen readers; sighted readers have the tooltips and the page's own headings)."""
    items = "".join(f'<li>第 {s.number} 节 {escape(s.title)}：{escape("、".join(s.speakers) or "说话人未标注")}；'
                    f'{_chars(s.chars)}，占全文 {_share(s.share)}</li>' for s in tmap.sections)
    return f'<ol class="tb-map-text">{items}</ol>'


def talk_page_map(tmap: TalkMap) -> list[str]:
    """The talk page's map: the band (sticky while reading, with the position indicator), then the
    legend and the text list, as top-level blocks so the band sticks for the whole page."""
    band = (f'<nav class="tb-map" aria-label="全场地图" data-length="{tmap.length}">'
            f'{talk_map_html(tmap, lambda fragment: "#" + fragment)}</nav>')
    return [band, f'<div class="tb-map-about">{legend_html(tmap)}{text_list_html(tmap)}</div>']


def home_map(tmap: TalkMap, href) -> str:
    return (f'<div class="tb-map tb-map--small">{talk_map_html(tmap, href, small=True)}'
            f'{legend_html(tmap, small=True)}{text_list_html(tmap)}</div>')


def term_strips_html(strips: tuple[TermStrip, ...], href) -> str:
    """One thin band per talk mentioning the term, a mark per mention linked to its passage.
    `href(talk_id, fragment)` links into a talk page. The marks are for pointers (no tab stop each:
    a term may be mentioned fifty times); the passage list below the strips links the same places."""
    rows = []
    for strip in strips:
        marks = []
        for mark in strip.marks:
            where = f"{strip.talk_title} › {mark.section_title} ¶{mark.paragraph_number}"
            marks.append(f'<a class="tb-strip-mark" href="{escape(href(strip.talk_id, mark.paragraph_id))}" '
                         f'tabindex="-1"><title>{escape(where)}：“{escape(mark.text)}”'
                         f'</title><rect class="tb-strip-hit" x="{_pct(mark.at)}" y="0" width="9" height="18" '
                         f'transform="translate(-4 0)" /><rect class="tb-strip-tick" x="{_pct(mark.at)}" y="3" '
                         f'width="2" height="12" transform="translate(-1 0)" /></a>')
        bounds = "".join(f'<rect class="tb-strip-section" x="{_pct(left)}" y="7" width="{_pct(share)}" height="4" />'
                         for left, share in strip.sections)
        count = len(strip.marks)
        rows.append(f'<li class="tb-strip"><span class="tb-strip-title">{escape(strip.talk_title)}'
                    f'<span class="tb-strip-count">（{count} 处）</span></span>'
                    f'<svg class="tb-strip-svg" width="100%" height="18" role="img" '
                    f'aria-label="{escape(strip.talk_title)}：{count} 处提及在全场中的位置" focusable="false">'
                    f'<g>{bounds}</g>{"".join(marks)}</svg></li>')
    return f'<ul class="tb-strips" data-search-exclude>{"".join(rows)}</ul>'
