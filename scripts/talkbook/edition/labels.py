"""The words the edition shows for its fixed vocabulary, one table per language (a talk's `language`
in talk.yml): the site's talk pages, the PDF and the navigation all read them from here. A talk's
pages and its PDF use its own language's table; site chrome (navigation, home page) uses the
site's language (mkdocs.yml theme.language)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Labels:
    """One language's words. Templates format the {n} ones with the number they count."""

    lang: str  # the BCP 47 tag for lang attributes and the PDF's /Lang
    note_kind: dict = field(default_factory=dict)  # correction | context | fact-check | reference | hindsight
    confidence: dict = field(default_factory=dict)  # certain | probable | uncertain
    turn_certainty: dict = field(default_factory=dict)  # how a hedged speaker label ends
    list_sep: str = "、"  # between items of a run-in list
    colon: str = "："  # after a run-in label
    # the talk page
    speakers: str = "说话人"
    download_transcript: str = "下载原始转写稿"
    edit_note: str = "编辑此注"
    suggest_note: str = "建议注释"
    suggest_note_on: str = "为第 {n} 段建议注释"
    back_to_marker: str = "回到正文{name} 处"  # name: note_n or fix_n
    original: str = "原文"
    noted_only: str = "（仅注释，未改动正文）"
    terms: str = "词条"
    see_also: str = "另见"
    see_also_run_in: str = "另见"  # before the notes it names, inside a sentence
    note_n: str = "注 {n}"
    fix_n: str = "更正 {n}"  # corrections are numbered apart from the other notes (edition/numbering.py)
    fix_mark: str = "更{n}"  # a correction's marker and footnote call; another note's shows its number
    paragraph_link: str = "本段链接"
    paragraph_link_n: str = "第 {n} 段的链接"
    read_talk: str = "阅读全文"
    fallback: str = ""  # before a glossary definition shown in another language than the talk's
    # corrections and insertions in the text (web/inline.py, web/reading_view.py)
    fix_marker: str = "{name}，原文“{original}”"  # a correction marker's accessible name
    fix_tip: str = "原文：{original}（{confidence}）"
    emendation: str = "编者校改"  # a correction that is an emendation (CONTRIBUTING §5), before its confidence
    fix_tip_titled: str = "{tip}。{title}"
    term_originals: str = "（原文：{originals}）"  # after a term's definition when the link holds a correction
    inserted: str = "编者补字"
    # the 通读/逐字 switch
    view_group: str = "阅读方式"
    view_reading: str = "通读"
    view_reading_title: str = "标点、去掉口头语和重复、应用更正的通读文本"
    view_verbatim: str = "逐字"
    view_verbatim_title: str = "语音识别的原始逐字稿"
    # the site's talk map and term strips (web/talkmap_svg.py, web/templates/talkmap.html)
    map_nav: str = "全场地图"
    map_band: str = "全场地图：按节与发言划分"
    section_n: str = "第 {n} 节"
    map_section_aria: str = "第 {n} 节：{title}"
    map_section_tip: str = "第 {n} 节 {title}（{who}；{chars}，{share}）"
    map_section_line: str = "第 {n} 节 {title}：{who}；{chars}，占全文 {share}"
    map_turn: str = "{who}发言，自第 {n} 节起"
    map_turn_tip: str = "{turn}（{chars}，{share}）"
    map_chars: str = "{n} 字"
    map_under_one_percent: str = "不到 1%"
    map_no_speaker: str = "说话人未标注"
    strip_count: str = "（{n} 处）"
    strip_where: str = "{title}：{n} 处提及在全场中的位置"
    # the home page and the glossary (site chrome: the site's language)
    home_title: str = "注释版演讲"
    home_blurb: str = "逐字转写稿保持原样，更正、注释与术语作为编辑层叠加其上；每条注释都可以通过拉取请求改进。"
    sections_n: str = "{n} 节"
    notes_n: str = "{n} 条注释"
    terms_n: str = "{n} 个词条"
    mentions: str = "出现在演讲中"
    no_mentions: str = "收录的演讲中暂未出现。"
    glossary_index_intro: str = "共 {n} 个词条，按英文名排序。"
    # navigation and indexes
    talks: str = "讲座"
    glossary: str = "术语表"
    contents: str = "目录"
    # the PDF
    event: str = "活动"
    date: str = "日期"
    about_date: str = "关于日期"
    sources: str = "来源"
    sources_sep: str = "；"
    full_stop: str = "。"
    fix_applied: str = "原文“{original}”，改作“{replace}”（{confidence}）。"
    fix_suggested: str = "原文“{original}”，或应作“{replace}”（{confidence}，正文未改）。"
    appears_in: str = "出现于"
    related_notes: str = "相关注释"
    also_written: str = "又作"
    related_terms: str = "相关词条"
    in_talk: str = "《{title}》"  # which talk a glossary entry's references are in, in a book of several
    glossary_intro: str = "按英文名（无英文名者按中文名）排序；每条后列出正文中出现的段落（§节¶段）及其页码"
    glossary_intro_brief: str = "；正文未出现、只被其他词条提到的词条仅列释义和来源"
    no_terms: str = "正文未用到词条。"
    map_speech: str = "发言"  # the PDF contents page's talk map (pdf/templates/talkmap.html)
    map_notes: str = "注释（自上而下）"
    map_of_talk: str = "《{title}》"
    map_of_whole: str = "全场"
    map_caption: str = "示意：上排为各节（编号同下方目录，宽度按字数比例），其下为各节起始页码；色带为说话人的发言，细线为注释的位置。"
    colophon: str = ("依逐字转写稿排印，转写原文一字未改。编辑注释 {notes} 条（其中更正 {fixes} 条），排在页下；"
                     "更正处先列改后的文字，〔〕内为转写原文。文中加点线的词见书末{glossary}。")
    # The cover of a PDF that prints the reading text (reading.md) instead: print_reading.py's 〔〕 hold
    # the editor's insertions, and a correction shows only its corrected words, its original in the note.
    colophon_reading: str = ("依通读文本排印：在逐字转写稿上加了标点、分了段，略去口头语和重复，〔〕内为编者补出的字。"
                             "编辑注释 {notes} 条（其中更正 {fixes} 条），排在页下；更正处正文只列改后的文字，"
                             "转写原文见页下注。文中加点线的词见书末{glossary}。")

    def how_sure(self, note) -> str:
        """A correction's confidence as shown, led by the emendation label when it is one."""
        sure = self.confidence.get(note.confidence, note.confidence)
        return f"{self.emendation}{self.list_sep}{sure}" if getattr(note, "emendation", False) else sure


ZH = Labels(
    lang="zh",
    note_kind={"correction": "更正", "context": "背景", "fact-check": "核实", "reference": "参考", "hindsight": "后见"},
    confidence={"certain": "确定", "probable": "较可能", "uncertain": "存疑"},
    turn_certainty={"certain": "", "probable": "（推测）", "uncertain": "（存疑）"},
)

EN = Labels(
    lang="en",
    note_kind={"correction": "Correction", "context": "Context", "fact-check": "Fact check",
               "reference": "Reference", "hindsight": "Hindsight"},
    confidence={"certain": "certain", "probable": "probable", "uncertain": "uncertain"},
    turn_certainty={"certain": "", "probable": " (probably)", "uncertain": " (uncertain)"},
    list_sep=", ",
    colon=": ",
    speakers="Speakers",
    download_transcript="Download the raw transcript",
    edit_note="Edit this note",
    suggest_note="Suggest a note",
    suggest_note_on="Suggest a note on paragraph {n}",
    back_to_marker="Back to {name} in the text",
    original="Original",
    noted_only=" (noted only; the text is unchanged)",
    terms="Terms",
    see_also="See also",
    see_also_run_in="see also ",
    note_n="note {n}",
    fix_n="correction {n}",
    fix_mark="c{n}",
    paragraph_link="Link to this paragraph",
    paragraph_link_n="Link to paragraph {n}",
    read_talk="Read the talk",
    fallback="(In Chinese; no English definition yet) ",
    fix_marker="{name}, transcript: “{original}”",
    fix_tip="Transcript: {original} ({confidence})",
    emendation="editor's emendation",
    fix_tip_titled="{tip}. {title}",
    term_originals=" (transcript: {originals})",
    inserted="Added by the editor",
    view_group="View",
    view_reading="Reading",
    view_reading_title="The reading text: punctuated, without fillers and repeats, with corrections applied",
    view_verbatim="Verbatim",
    view_verbatim_title="The raw speech-recognition transcript, word for word",
    map_nav="Talk map",
    map_band="Talk map by section and speaker",
    section_n="Section {n}",
    map_section_aria="Section {n}: {title}",
    map_section_tip="Section {n} {title} ({who}; {chars}, {share})",
    map_section_line="Section {n} {title}: {who}; {chars}, {share} of the talk",
    map_turn="{who} speaking, from section {n}",
    map_turn_tip="{turn} ({chars}, {share})",
    map_chars="{n} characters",
    map_under_one_percent="under 1%",
    map_no_speaker="speaker not marked",
    strip_count=" ({n} mentions)",
    strip_where="{title}: where its {n} mentions fall in the talk",
    home_title="Annotated talks",
    home_blurb=("Each verbatim transcript stays as it was; corrections, notes and terms are an editorial layer "
                "over it, and every note can be improved by a pull request."),
    sections_n="{n} sections",
    notes_n="{n} notes",
    terms_n="{n} terms",
    mentions="In the talks",
    no_mentions="Not mentioned in any talk yet.",
    glossary_index_intro="{n} terms, sorted by English name.",
    talks="Talks",
    glossary="Glossary",
    contents="Contents",
    event="Event",
    date="Date",
    about_date="About the date",
    sources="Sources",
    sources_sep="; ",
    full_stop=".",
    fix_applied="Original “{original}”, read as “{replace}” ({confidence}).",
    fix_suggested="Original “{original}”, perhaps “{replace}” ({confidence}; the text is unchanged).",
    appears_in="Appears in",
    related_notes="Related notes",
    also_written="Also written",
    related_terms="Related terms",
    in_talk="“{title}”, ",
    glossary_intro=("Sorted by English name (by Chinese name where there is none); after each entry, the "
                    "paragraphs of the text that mention it (§section¶paragraph) and their pages"),
    glossary_intro_brief="; entries the text never mentions, only other entries, give their definition and sources",
    no_terms="The text uses no glossary term.",
    map_speech="Speech",
    map_notes="Notes (top to bottom)",
    map_of_talk="“{title}”",
    map_of_whole="The whole talk",
    map_caption=(": the top row is the sections (numbered as in the contents below, as wide as their share of "
                 "the words), with the page each starts on; the bands are the speakers' turns, the thin lines "
                 "the notes."),
    colophon=("Printed from the verbatim transcript, not a word of it changed. {notes} editorial notes "
              "({fixes} of them corrections) stand at the foot of the page; a correction shows the corrected "
              "words, with the transcript's own in brackets. Words underlined with dots are in the {glossary} "
              "at the end."),
    colophon_reading=("Printed from the reading text: the verbatim transcript punctuated and paragraphed, fillers "
                      "and repetitions left out, words the editor added in 〔〕. {notes} editorial notes ({fixes} of "
                      "them corrections) stand at the foot of the page; a correction shows the corrected words in "
                      "the text and the transcript's own in its note. Words underlined with dots are in the "
                      "{glossary} at the end."),
)

LABELS = {"zh": ZH, "en": EN}


def labels_for(language: str) -> Labels:
    """The table of a language talk.yml allows (sources/schema.py TALK_SCHEMA's `language`)."""
    return LABELS[language]


# The Chinese tables under their old names, for code that has no talk at hand.
NOTE_KIND = ZH.note_kind
CONFIDENCE = ZH.confidence
TURN_CERTAINTY = ZH.turn_certainty
