"""The rules of CONTRIBUTING §12 that concern the reading's own marks, checked before alignment:
false starts {--…--} (rule 5) and insertions 〔…〕 (rule 8), and characters no reading may hold."""
from __future__ import annotations

import unicodedata

from talkbook.problems import Problems

from .reading_text import MAX_MARKED, Mark, WrittenParagraph
from .tokens import tokens

MAX_INSERT_CHARS = 8  # Chinese: a lost word or two (〔当时〕, 〔最后一句：〕); the talk has none longer
MAX_INSERT_WORDS = 3  # space-separated languages: a lost word or two, and at most MAX_INSERT_LETTERS
MAX_INSERT_LETTERS = 24
# Brackets that look like 〔〕 but are not the insertion mark: inside an insertion they would fake
# its end and start (〔注﹞…﹝〕), and elsewhere a reader takes them for one.
LOOKALIKE_BRACKETS = "﹝﹞〘〙［］【】〖〗〚〛⦗⦘⟦⟧⟬⟭❲❳⸨⸩｟｠⦅⦆"
# Characters that show nothing (or a blank) and so can hide text or fake a word's edge.
_BLANK_LOOKING = set("\u115f\u1160\u3164\uffa0\u2800\u180e\u061c\u00ad\u034f")
NEGATIONS = {"zh": ("不", "没", "未", "别", "非", "无"),
             "en": ("not", "no", "never", "nobody", "nothing", "none", "nowhere", "neither", "nor", "cannot",
                    "without")}
# Words holding a negation character that negate nothing; dropping them is not flipping a sentence.
NOT_NEGATING = ("非常", "特别", "区别", "差别", "分别", "别人", "别的", "级别", "类别", "个别", "无论", "不过", "不管")
# Numerals: digits in any script, and Chinese numeral characters except 一, which is mostly the
# article "a" (一个) or inside words (一定, 一样, 一直); the numeral one is also "one" in English.
ZH_NUMERALS = set("〇二三四五六七八九十百千万亿两零")
EN_NUMBERS = {"zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
              "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "trillion"}


def hidden_char(char: str) -> bool:
    """Invisible, format, private-use, unassigned or blank-looking characters."""
    if char in "\n\t":
        return False
    category = unicodedata.category(char)
    return (category in ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp") or char in _BLANK_LOOKING
            or "\ufe00" <= char <= "\ufe0f" or "\U000e0000" <= char <= "\U000e01ef")


def check_characters(text: str, path: str, problems: Problems) -> bool:
    ok = True
    for number, line in enumerate(text.split("\n"), start=1):
        for column, char in enumerate(line, start=1):
            if hidden_char(char):
                problems.add(path, number, f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')}) at column "
                             f"{column} shows nothing or a blank; rule 8 of CONTRIBUTING §12: a reading holds only "
                             f"visible characters: remove it")
                ok = False
            elif char in LOOKALIKE_BRACKETS:
                problems.add(path, number, f"'{char}' at column {column} looks like the insertion bracket but is "
                             f"not one; rule 8 of CONTRIBUTING §12: insertions are written 〔…〕 only, and no "
                             f"other bracket of that look may appear: write 〔 〕 or （ ）")
                ok = False
    return ok


def _negations(text: str, language: str) -> list[str]:
    words = NEGATIONS.get(language, NEGATIONS["en"])
    if language == "zh":
        masked = text
        for word in NOT_NEGATING:
            masked = masked.replace(word, "□" * len(word))
        return [c for c in masked if c in words]
    out = []
    for token in tokens(text):
        low = token.text.lower()
        if low in words or low.endswith(("n't", "n’t")):
            out.append("n't" if low.endswith(("n't", "n’t")) and low not in words else low)
    return out


def _numbers(text: str, language: str) -> list[str]:
    out = []
    for token in tokens(text):
        low = token.text.lower()
        if any(c.isdigit() for c in low) or low in EN_NUMBERS or (language == "zh" and low in ZH_NUMERALS):
            out.append(low)
    return out


def _contains(kept: str, word: str, language: str) -> bool:
    if language == "zh" or word == "n't":
        return word in kept.lower() if word != "n't" else ("n't" in kept.lower() or "n’t" in kept.lower())
    return word in (t.text.lower() for t in tokens(kept))


def _groups(paragraph: WrittenParagraph) -> list[tuple[list[Mark], str]]:
    """Runs of false-start marks with nothing but spaces between them, each with the kept text
    that follows in the paragraph (up to MAX_MARKED of its characters, spaces aside)."""
    marks, groups, index = paragraph.marks, [], 0
    while index < len(marks):
        if marks[index].kind != "drop":
            index += 1
            continue
        group = [marks[index]]
        index += 1
        while index < len(marks) and (marks[index].kind == "drop" or
                                      (marks[index].kind == "text" and not marks[index].text.strip()
                                       and index + 1 < len(marks) and marks[index + 1].kind == "drop")):
            if marks[index].kind == "drop":
                group.append(marks[index])
            index += 1
        kept = "".join(m.text for m in marks[index:] if m.kind == "text")
        kept = "".join(c for c in kept if not c.isspace())[:MAX_MARKED]
        groups.append((group, kept))
    return groups


def check_marks(paragraphs: list[WrittenParagraph], path: str, language: str, problems: Problems) -> bool:
    ok = True
    for paragraph in paragraphs:
        for mark in paragraph.marks:
            if mark.kind == "insert":
                ok &= _check_insert(mark, path, language, problems)
        for group, kept in _groups(paragraph):
            dropped = "".join(m.text for m in group)
            shown = "".join(f"{{--{m.text}--}}" for m in group)
            size = sum(1 for c in dropped if not c.isspace())
            if len(group) > 1 and size > MAX_MARKED:
                problems.add(path, group[0].line, f"the adjacent false-start marks {shown} drop {size} characters "
                             f"together; rule 5 of CONTRIBUTING §12: marks side by side count as one, at most "
                             f"{MAX_MARKED} characters: keep the rest")
                ok = False
            for kind, found in (("negation", _negations(dropped, language)), ("number", _numbers(dropped, language))):
                for word in dict.fromkeys(found):
                    if not _contains(kept, word, language):
                        problems.add(path, group[0].line, f"the false-start mark {shown} drops the {kind} “{word}”, "
                                     f"and the kept words after it (“{kept}”) do not say it again; rule 5 of "
                                     f"CONTRIBUTING §12: a false start may drop a negation or a number only where "
                                     f"the speaker restarts with it: keep “{word}” in the reading")
                        ok = False
    return ok


def _check_insert(mark: Mark, path: str, language: str, problems: Problems) -> bool:
    text = mark.text
    if language == "zh":
        size = sum(1 for c in text if not c.isspace())
        if size <= MAX_INSERT_CHARS:
            return True
        limit = f"{MAX_INSERT_CHARS} characters"
    else:
        words = len(text.split())
        if words <= MAX_INSERT_WORDS and len(text) <= MAX_INSERT_LETTERS:
            return True
        limit = f"{MAX_INSERT_WORDS} words of {MAX_INSERT_LETTERS} characters in all"
    shown = text if len(text) <= 30 else text[:30] + "…"
    problems.add(path, mark.line, f"the insertion 〔{shown}〕 is longer than {limit}; rule 8 of CONTRIBUTING §12: "
                 f"an insertion restores a lost word or two; say more in a note")
    return False
