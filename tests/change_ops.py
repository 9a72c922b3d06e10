"""Read a paragraph's change operations (web/changes.py, what talkbook.js draws the change view from)
back into the two texts they stand for, as the browser would."""
from __future__ import annotations


def sides(ops) -> tuple[str, str]:
    """(what 通读 shows, the verbatim's words) that one paragraph's operations give back."""
    reading = verbatim = ""
    for op in ops:
        code = op[0]
        if code == "s":  # said and kept
            reading += op[1]
            verbatim += op[1]
        elif code in "ck":  # a correction or a case change: old, new
            verbatim += op[1]
            reading += op[2]
        elif code == "p":  # punctuation added
            reading += op[1]
        elif code == "i":  # an editor's insertion
            reading += f"〔{op[1]}〕"
        else:  # a filler, repeat or false start dropped
            verbatim += op[1]
    return reading, verbatim
