"""How spellings of a term are compared: one key for the validator and the matcher alike."""


def normalise(spelling: str) -> str:
    """The key under which spellings are compared (case-insensitive, as the matcher is)."""
    return spelling.casefold()
