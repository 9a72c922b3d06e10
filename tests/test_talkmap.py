"""The talk map's geometry (edition/talkmap.py): shares of the text, speaker turns, note ticks and
term mentions, on the mini fixture (known by hand) and on every included talk (invariants)."""
from __future__ import annotations

import pytest
from conftest import MINI, ROOT
from talkbook.edition.build import load_edition
from talkbook.edition.talkmap import NOTE_KINDS, talk_map, term_strips


@pytest.fixture(scope="module")
def mini():
    return load_edition(MINI)


def test_mini_sections_turns_and_ticks_by_hand(mini):
    talk = mini.talks[0]
    tmap = talk_map(talk)
    length = len(talk.transcript)
    # 第二节 starts at "第二点是": the first section holds everything before it.
    second = talk.transcript.index("第二点是")
    assert [(s.id, s.chars) for s in tmap.sections] == [("first", second), ("second", length - second)]
    assert tmap.sections[0].left == 0 and tmap.sections[1].left == pytest.approx(second / length)
    assert tmap.sections[0].speakers == ("主持人", "嘉宾甲") and tmap.sections[1].speakers == ("嘉宾甲",)
    assert tmap.sections[0].certainties == ("certain", "probable") and tmap.sections[1].certainties == ("probable",)
    guest = talk.transcript.index("但是pass")
    assert [(r.speaker, r.speaker_index, r.certainty, r.paragraph_id, r.chars) for r in tmap.runs] == [
        ("主持人", 0, "certain", "p0", guest), ("嘉宾甲", 1, "probable", f"p{guest}", length - guest)]
    assert tmap.kinds == ("correction", "reference")
    assert [(t.note_id, t.lane) for t in tmap.ticks] == [(n.id, tmap.kinds.index(n.kind)) for n in talk.notes]
    assert tmap.ticks[0].at == pytest.approx(talk.transcript.index("大一") / length)
    assert tmap.speakers == ((0, "主持人"), (1, "嘉宾甲"))


@pytest.mark.parametrize("root", [ROOT, MINI], ids=["real", "mini"])
def test_sections_tile_the_talk_and_turns_follow_each_other(root):
    for talk in load_edition(root).talks:
        tmap = talk_map(talk)
        assert [s.id for s in tmap.sections] == [s.id for s in talk.sections]
        assert sum(s.share for s in tmap.sections) == pytest.approx(1)
        assert sum(s.chars for s in tmap.sections) == len(talk.transcript)
        for before, after in zip(tmap.sections, tmap.sections[1:]):
            assert before.left + before.share == pytest.approx(after.left)
        for before, after in zip(tmap.runs, tmap.runs[1:]):
            assert before.left + before.share == pytest.approx(after.left)
        if tmap.runs:
            assert tmap.runs[-1].left + tmap.runs[-1].share == pytest.approx(1)
        assert list(tmap.kinds) == [k for k in NOTE_KINDS if k in {n.kind for n in talk.notes}]
        assert len(tmap.ticks) == len(talk.notes)
        assert all(0 <= t.at < 1 for t in tmap.ticks)


def test_term_strips_mark_every_mention_at_its_place(mini):
    talk = mini.talks[0]
    strips = term_strips(mini.talks)
    mentioned = {m.term_id for m in talk.mentions}
    assert set(strips) == mentioned
    mlops = strips["mlops"]
    assert [s.talk_id for s in mlops] == ["demo"]
    first, last = talk.transcript.index("MLOps"), talk.transcript.rindex("MLOps")
    assert [(m.paragraph_id, m.text) for m in mlops[0].marks] == [("p0", "MLOps"), ("p46", "MLOps")]
    assert [m.at for m in mlops[0].marks] == [first / len(talk.transcript), last / len(talk.transcript)]
    assert mlops[0].marks[1].section_title == "第二节"


def test_home_page_lists_each_talk_with_its_small_map_only_when_there_are_several(mini, tmp_path):
    import re
    import shutil

    from conftest import copy_mini
    from talkbook.web.pipeline import generate

    assert "tb-map" not in generate(MINI)[1]["index.md"]  # one talk: its map is on its own page
    project = copy_mini(tmp_path / "two")
    shutil.copytree(project / "talks" / "demo", project / "talks" / "demo2")
    edition, files = generate(project)
    home = files["index.md"]
    maps = re.findall(r'<div class="tb-map tb-map--small">.*?</div>', home, re.S)
    assert len(maps) == 2
    for talk, drawn in zip(edition.talks, maps):
        assert home.index(f"({'talks/' + talk.id + '/index.md'})") < home.index(drawn)  # under its own title
        sections = re.findall(r'<a class="tb-map-section" href="([^"]+)"', drawn)
        assert [h.split("#")[1] for h in sections] == [s.id for s in talk.sections]
        assert all(h.split("#")[0].startswith(f"talks/{talk.id}/") for h in sections)
        assert len(re.findall(r'class="tb-map-turn ', drawn)) == len(talk_map(talk).runs)
        assert "tb-map-here" not in drawn and "tb-map-label" not in drawn  # small: no indicator, no labels
        # Pattern ids are the talk's own: two maps on one page never share one.
        assert all(f"tb-map-{talk.id}-pat-" in ref for ref in re.findall(r'url\(#([^)]+)\)', drawn))
