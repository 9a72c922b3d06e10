"""Problems found in the sources: each one knows its file and line, and they are reported all at once."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: `path:line: message`."""

    path: str  # repository-relative, forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Problems:
    """A collector passed through the stages so that every problem is found before we fail."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, message: str) -> None:
        self.items.append(Problem(path, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise BuildError(self.items)


class BuildError(Exception):
    """Raised once, at the end of a stage, with every problem that stage found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(self.problems)} problem(s); nothing was written.")
        return "\n".join(lines)


def decode_utf8(data: bytes, rel: str, problems: Problems) -> str | None:
    """`data` as UTF-8 text, or None after reporting its first bad byte at its line (one message for
    every file the project reads as text)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.add(rel, data.count(b"\n", 0, error.start) + 1,
                     f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
        return None
