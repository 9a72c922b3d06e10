"""Full-width Latin letters and digits (ＭＬＯｐｓ, ２０２３), as a Chinese input method types them:
they look like ASCII but match neither the transcript's words nor a term's spelling. Where that
matters (quotes, term spellings, links), messages name the first such character by code point."""
from __future__ import annotations

import re
import unicodedata

FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def fullwidth_hint(value: str) -> str:
    """'; it contains full-width 'ＭＬＯｐｓ' (U+FF2D FULLWIDTH LATIN CAPITAL LETTER M…); write 'MLOps''
    or '' when `value` has no full-width letter or digit."""
    found = FULLWIDTH_ALNUM.search(value) if isinstance(value, str) else None
    if found is None:
        return ""
    run, first = found.group(0), found.group(0)[0]
    return (f"; it contains the full-width letters or digits '{run}' (U+{ord(first):04X} {unicodedata.name(first)}"
            f"{', …' if len(run) > 1 else ''}): write '{unicodedata.normalize('NFKC', run)}' in half-width (ASCII)")
