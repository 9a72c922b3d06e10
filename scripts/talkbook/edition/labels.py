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
    summary_label: str = "本节提要"  # before a section's summary: the editor speaking, not the talk
    paragraph_link_n: str = "第 {n} 段的链接"
    read_talk: str = "阅读全文"
    # Without scripts a note's body is a link to the talk's notes page (web/notes_page.py)
    whole_note: str = "读此注全文"
    all_notes: str = "全部注释：{title}"
    back_to_talk: str = "回到正文"
    fallback: str = ""  # before a glossary definition shown in another language than the talk's
    # corrections and insertions in the text (web/inline.py, web/reading_view.py)
    fix_tip: str = "原文：{original}（{confidence}）"
    emendation: str = "编者校改"  # a correction that is an emendation (CONTRIBUTING §5), before its confidence
    fix_tip_titled: str = "{tip}。{title}"
    inserted: str = "编者补字"
    # 逐字 is the transcript's own words (CONTRIBUTING §12): a correction there is a marked word whose
    # tooltip and marker name say what the editors read instead (web/inline.py)
    fix_read_as: str = "编者读作：{replace}（{confidence}）"
    fix_marker_read_as: str = "{name}，编者读作“{replace}”"
    term_read_as: str = "（编者读作：{readings}）"  # after a term's definition when the link holds a correction
    # the change view: what 通读 changed from 逐字, one paragraph at a time (web/changes.py, talkbook.js)
    changes_button: str = "改"  # the button's label: one character, as ¶ fits the left gutter
    changes_button_n: str = "第 {n} 段通读相对逐字的改动"
    changes_region: str = "第 {n} 段的改动"
    changes_key: str = "删去：口头语、重复、口误（划去）；补：标点、编者补字〔〕；更正：原文 → 改作"
    change_filler: str = "删去口头语："
    change_repeat: str = "删去重复："
    change_marked: str = "删去口误："
    change_punct: str = "补标点："
    change_insert: str = "编者补字："
    change_fix: str = "更正：原文"
    change_fix_to: str = "，改作"
    change_case: str = "改大小写：原文"
    change_end: str = "；"
    # search entries of editorial text, apart from the speakers' words (web/templates/search.html)
    search_summary: str = "编者小结 · {section}"
    search_note: str = "编者{kind} · {name}"
    # the 通读/逐字 switch
    view_group: str = "阅读方式"
    view_reading: str = "通读"
    view_reading_title: str = "标点、去掉口头语和重复、应用更正的通读文本"
    view_verbatim: str = "逐字"
    view_verbatim_title: str = "语音识别的原始逐字稿"
    # the 简/繁 switch of a Chinese talk (edition/hant.py); the 繁 page shows these converted
    script_group: str = "字形"
    script_hans: str = "简"
    script_hans_title: str = "简体：编者与转写稿原文的写法"
    script_hant: str = "繁"
    script_hant_title: str = "繁体：构建时由简体自动转换（OpenCC）"
    view_verbatim_hant: str = "逐字（繁体转写）"  # 逐字 on the 繁 page: a rendering, not the transcript
    hant_note: str = "繁体页由简体自动转换（OpenCC），不是原文：转写稿原文是简体，下载的转写稿即原文。"
    # a translation's view (translations/<lang>/): its button says the language in that language
    self_name: str = "中文"
    view_translation_title: str = "编者逐句翻译的通读文本"
    view_parallel: str = "对照"
    search_translation: str = "中文译文 · {section}"  # a translation's search entry, in its own language
    view_parallel_title: str = "通读与译文对照：宽屏左右并排，窄屏逐段交替"
    # the site's talk map and term strips (web/talkmap_svg.py, web/templates/talkmap.html)
    map_nav: str = "全场地图"
    map_band: str = "全场地图：按节与发言划分"
    section_n: str = "第 {n} 节"
    map_section_aria: str = "{n} {title}"  # begins with what the band shows (a number, or number and title)
    map_section_meta: str = "{who}；{chars}，占全文 {share}"  # after a section's title in the map's list
    map_other_notes: str = "注释"  # the map's marks of notes other than corrections
    map_section_tip: str = "第 {n} 节 {title}（{who}；{chars}，{share}）"
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
    maintainers: str = "维护者"  # docs/maintainers/: architecture, performance, other engines
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
    # The PDF's back matter: each note in full (its footnote prints only its gloss) and the bibliography.
    endnotes: str = "注释"
    endnotes_intro: str = "页下注只印各条注释的标题和结论；全文、相关词条和来源在这里，按节排列，每条后注明正文页码。"
    bibliography: str = "参考文献"
    bibliography_intro: str = "注释和词条引用的文献，每种只列一次，按作者排序；编号与 PDF 注释中方括号里的号码相同，条后列出引用它的注释和词条。"
    cited_by: str = "引用"
    colophon: str = ("依逐字转写稿排印，转写原文一字未改。编辑注释 {notes} 条（其中更正 {fixes} 条），页下印标题和结论，"
                     "全文在书末注释；更正处先列改后的文字，〔〕内为转写原文。文中加点线的词见书末{glossary}。")
    # The cover of a PDF that prints the reading text (reading.md) instead: print_reading.py's 〔〕 hold
    # the editor's insertions, and a correction shows only its corrected words, its original in the note.
    colophon_reading: str = ("依通读文本排印：在逐字转写稿上加了标点、分了段，略去口头语和重复，〔〕内为编者补出的字。"
                             "编辑注释 {notes} 条（其中更正 {fixes} 条），页下印标题和结论，全文在书末注释；"
                             "更正处正文只列改后的文字，转写原文见页下注。文中加点线的词见书末{glossary}。")
    # The cover of a PDF that prints a translation (pdf --lang): the reading text in another language.
    colophon_translation: str = ("编者依通读文本逐句翻译，段落、分节与说话人同原文；〔〕内为原文中编者补出的字。编辑注释 {notes} 条"
                                 "（其中更正 {fixes} 条），编号与网页相同，页下印标题和结论，全文在书末注释。"
                                 "文中加点线的词见书末{glossary}。")
    # A note whose translation has only its title and gloss: its endnote prints the original body after this.
    body_in_original: str = "本注全文尚未译出，以下为原文："

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
    summary_label="In this section",
    paragraph_link_n="Link to paragraph {n}",
    read_talk="Read the talk",
    whole_note="Read the whole note",
    all_notes="All notes: {title}",
    back_to_talk="Back to the talk",
    fallback="(In Chinese; no English definition yet) ",
    fix_tip="Transcript: {original} ({confidence})",
    emendation="editor's emendation",
    fix_tip_titled="{tip}. {title}",
    inserted="Added by the editor",
    fix_read_as="Editors read: {replace} ({confidence})",
    fix_marker_read_as="{name}, editors read “{replace}”",
    term_read_as=" (editors read: {readings})",
    changes_button="±",
    changes_button_n="What the reading changed in paragraph {n}",
    changes_region="Changes in paragraph {n}",
    changes_key="Removed: fillers, repeats, false starts (struck); added: punctuation, the editor's words 〔 〕; corrected: transcript → reading",
    change_filler="removed filler: ",
    change_repeat="removed repeat: ",
    change_marked="removed false start: ",
    change_punct="added punctuation: ",
    change_insert="added by the editor: ",
    change_fix="corrected: transcript ",
    change_fix_to=", reading ",
    change_case="case changed: transcript ",
    change_end="; ",
    search_summary="Editor's summary · {section}",
    search_note="Editor's {kind} · {name}",
    view_group="View",
    view_reading="Reading",
    view_reading_title="The reading text: punctuated, without fillers and repeats, with corrections applied",
    view_verbatim="Verbatim",
    view_verbatim_title="The raw speech-recognition transcript, word for word",
    script_group="Script",
    script_hans="Simplified",
    script_hans_title="Simplified characters: as the editors and the transcript write them",
    script_hant="Traditional",
    script_hant_title="Traditional characters, converted from the simplified text at build time (OpenCC)",
    view_verbatim_hant="Verbatim (converted to traditional)",
    hant_note="This page is converted from simplified characters (OpenCC); the transcript itself is in simplified characters, as downloaded.",
    self_name="English",
    view_translation_title="The reading text, translated sentence by sentence by the editors",
    view_parallel="Parallel",
    search_translation="English translation · {section}",
    view_parallel_title="The reading text beside its translation: side by side on wide screens, paragraph by paragraph on narrow ones",
    map_nav="Talk map",
    map_band="Talk map by section and speaker",
    section_n="Section {n}",
    map_section_aria="{n} {title}",
    map_section_meta="{who}; {chars}, {share} of the talk",
    map_other_notes="Notes",
    map_section_tip="Section {n} {title} ({who}; {chars}, {share})",
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
    maintainers="For maintainers",
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
    endnotes="Notes",
    endnotes_intro=("A footnote gives a note's title and verdict; the note in full, its terms and sources are "
                    "here, section by section, each with the page of its call."),
    bibliography="Bibliography",
    bibliography_intro=("Every work the notes and the glossary cite, once, sorted by author; the number is the one "
                        "in the PDF's notes' brackets, and each entry lists the notes and terms that cite it."),
    cited_by="Cited by",
    colophon=("Printed from the verbatim transcript, not a word of it changed. {notes} editorial notes "
              "({fixes} of them corrections): their titles and verdicts at the foot of the page, in full at the "
              "end; a correction shows the corrected "
              "words, with the transcript's own in brackets. Words underlined with dots are in the {glossary} "
              "at the end."),
    colophon_reading=("Printed from the reading text: the verbatim transcript punctuated and paragraphed, fillers "
                      "and repetitions left out, words the editor added in 〔〕. {notes} editorial notes ({fixes} of "
                      "them corrections): their titles and verdicts at the foot of the page, in full at the end; "
                      "a correction shows the corrected words in "
                      "the text and the transcript's own in its note. Words underlined with dots are in the "
                      "{glossary} at the end."),
    colophon_translation=("Translated by the editors from the reading text, sentence by sentence; paragraphs, "
                          "sections and speakers as in the original, words the editor added in 〔〕. {notes} editorial "
                          "notes ({fixes} of them corrections), numbered as on the website: their titles and "
                          "verdicts at the foot of the page, in full at the end. Words underlined with dots are in "
                          "the {glossary} at the end."),
    body_in_original="This note has not been translated in full; here it is in the original language: ",
)

LABELS = {"zh": ZH, "en": EN}


def labels_for(language: str) -> Labels:
    """The table of a language talk.yml allows (sources/schema.py TALK_SCHEMA's `language`)."""
    return LABELS[language]


def labels_for_tag(tag: str) -> Labels | None:
    """The table for a BCP 47 tag of a translation (zh-Hant takes zh's), or None if there is none yet."""
    return LABELS.get(tag.split("-")[0])


# The Chinese tables under their old names, for code that has no talk at hand.
NOTE_KIND = ZH.note_kind
CONFIDENCE = ZH.confidence
TURN_CERTAINTY = ZH.turn_certainty
