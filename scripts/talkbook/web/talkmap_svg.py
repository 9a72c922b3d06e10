"""The site's talk map and term strips: edition.talkmap's geometry turned into what templates/talkmap.html
draws as inline SVG (percentages, tooltips, labels, which pattern each speaker gets).

Speakers differ by colour and by pattern (solid, stripes, dots...) and are named in a legend and in
each run's tooltip; note kinds by colour and by lane. Section labels are the section's number when it
fits a 390 px screen; talkbook.js replaces it with as much of the title as fits the width shown (the
full title is always in the tooltip and the text list). Class names all start tb-map or tb-strip,
which verify.py never reads as reading text."""
from __future__ import annotations

from types import SimpleNamespace as View

from talkbook.edition.labels import Labels
from talkbook.edition.talkmap import TalkMap, TermStrip

NARROWEST = 390  # px: the narrowest screen the map is laid out for without JavaScript
DIGIT = 7.5  # px: width of a digit in the labels' font size, with room to spare
SECTION_H, TURN_Y, TURN_H = 22, 25, 14
LANE_H, LANE_GAP = 5, 3
# Notes are one lane of marks in two colours, as their markers in the text: corrections and the rest.
# Five kinds in four lanes of 2 px ticks read as a barcode (issue #28). Each group is one <path> in
# an SVG whose x axis is the transcript's characters, so 120 notes cost two elements, not 120.
NOTE_GROUPS = ("correction", "note")
TICK_PX = 2.5  # a mark's width at 1000 px, in proportion at other widths
PATTERNS = 6  # slot 0 solid and five patterns (templates/talkmap.html); speakers beyond reuse them
COLOURS = 7  # speaker colour variables in talkbook.css


def _pct(fraction: float) -> str:
    return f"{fraction * 100:.3f}".rstrip("0").rstrip(".") + "%"


def _chars(count: int, L: Labels) -> str:
    return L.map_chars.format(n=f"{count:,}")


def _share(fraction: float, L: Labels) -> str:
    return f"{fraction * 100:.0f}%" if fraction >= 0.01 else L.map_under_one_percent


def _speaker_class(index: int) -> str:
    return f"tb-map-s{index % COLOURS}" if index >= 0 else "tb-map-s-none"


def _slot(index: int) -> int:
    return index % PATTERNS if index >= 0 else 0


def _number_fits(share: float, number: int) -> bool:
    return share * NARROWEST - 4 >= len(str(number)) * DIGIT


def map_view(tmap: TalkMap, href, L: Labels, small: bool = False) -> View:
    """What the template draws, its words from `L`. `href(fragment)` links to a place in the talk page.
    `small`: the home page's version (sections and turns: no labels, no note lanes, no position
    indicator)."""
    lanes = 0 if small else min(1, len(tmap.kinds))
    sections = [View(id=s.id, start=s.start, number=s.number, title=s.title, href=href(s.id),
                     x=_pct(s.left), width=_pct(s.share), middle=_pct(s.left + s.share / 2),
                     parity="odd" if s.number % 2 else "even",
                     shown=str(s.number) if _number_fits(s.share, s.number) else "",
                     who=L.list_sep.join(label + L.turn_certainty.get(certainty, "")
                                      for label, certainty in zip(s.speakers, s.certainties)) or L.map_no_speaker, chars=_chars(s.chars, L),
                     share=_share(s.share, L))
                for s in tmap.sections]
    for s in sections:
        words = dict(n=s.number, title=s.title, who=s.who, chars=s.chars, share=s.share)
        s.aria, s.tip, s.meta = (L.map_section_aria.format(**words), L.map_section_tip.format(**words),
                                 L.map_section_meta.format(**words))
    runs = []
    for r in tmap.runs:
        turn = L.map_turn.format(who=r.speaker + L.turn_certainty.get(r.certainty, ""), n=r.section_number)
        runs.append(View(cls=_speaker_class(r.speaker_index), href=href(r.paragraph_id), x=_pct(r.left),
                         width=_pct(r.share), slot=_slot(r.speaker_index), label=turn,
                         tip=L.map_turn_tip.format(turn=turn, chars=_chars(r.chars, L), share=_share(r.share, L))))
    width = max(1, round(tmap.length * TICK_PX / 1000))
    ticks = [View(kind=group, d="".join(f"M{round(t.at * tmap.length)} 0h{width}v{LANE_H}h-{width}z" for t in tmap.ticks
                                        if (t.kind == "correction") == (group == "correction")))
             for group in NOTE_GROUPS] if lanes else []
    ticks = [t for t in ticks if t.d]
    keys = [View(cls=_speaker_class(index), label=label, x="0", width="22", slot=_slot(index))
            for index, label in tmap.speakers]
    return View(prefix=f"tb-map-{tmap.talk_id}", length=tmap.length, small=small, L=L,
                height=TURN_Y + TURN_H + (LANE_GAP + lanes * (LANE_H + LANE_GAP) if lanes else 0),
                section_h=SECTION_H, label_y=SECTION_H - 7, turn_y=TURN_Y, turn_h=TURN_H, lane_h=LANE_H,
                slots=sorted({k.slot for k in keys} - {0}), sections=sections, runs=runs, ticks=ticks, keys=keys,
                ticks_y=TURN_Y + TURN_H + LANE_GAP,
                kinds=[View(kind=t.kind, name=L.note_kind["correction"] if t.kind == "correction" else L.map_other_notes)
                       for t in ticks])


def talk_page_map(templates, tmap: TalkMap, L: Labels) -> list:
    """The talk page's map: the band (sticky while reading, with the position indicator), then the
    legend and the text list, as top-level blocks so the band sticks for the whole page."""
    view = map_view(tmap, lambda fragment: "#" + fragment, L)
    return [templates.talk_page_band(view), templates.talk_page_about(view)]


def home_map(templates, tmap: TalkMap, href, L: Labels):
    return templates.small_map(map_view(tmap, href, L, small=True))


def term_strips_html(templates, strips: tuple[TermStrip, ...], href, L: Labels):
    """One thin band per talk mentioning the term, a mark per mention linked to its passage.
    `href(talk_id, fragment)` links into a talk page."""
    rows = []
    for strip in strips:
        marks = [View(href=href(strip.talk_id, m.paragraph_id), x=_pct(m.at),
                      tip=f"{strip.talk_title} › {m.section_title} ¶{m.paragraph_number}：“{m.text}”")
                 for m in strip.marks]
        rows.append(View(title=strip.talk_title, count=len(strip.marks), marks=marks,
                         sections=[View(x=_pct(left), width=_pct(share)) for left, share in strip.sections]))
    return templates.strips(rows, L)
