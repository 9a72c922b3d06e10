"""The Chinese words the edition shows for its fixed vocabulary (one table, used by every renderer)."""

NOTE_KIND = {
    "correction": "更正",
    "context": "背景",
    "fact-check": "核实",
    "reference": "参考",
    "hindsight": "后见",
}

CONFIDENCE = {
    "certain": "确定",
    "probable": "较可能",
    "uncertain": "存疑",
}

TURN_CERTAINTY = {
    "certain": "",
    "probable": "（推测）",
    "uncertain": "（存疑）",
}
