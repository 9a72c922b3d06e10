"""The package tree is the pipeline: sources -> edition -> (web | pdf) -> (cli, bench). An import
that goes against that flow (the edition reaching into the site, the PDF into the site, sources into
anything above them) fails here, so the tree keeps telling the truth about the code."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "talkbook"

# What each part may import besides itself. `problems` is the one module every stage shares.
ALLOWED = {
    "problems": set(),
    "sources": {"problems"},
    "edition": {"problems", "sources"},
    "web": {"problems", "sources", "edition"},
    "pdf": {"problems", "sources", "edition"},
    "cli": {"problems", "sources", "edition", "web", "pdf", "bench"},
    "__main__": {"cli"},
    "__init__": set(),
    "bench": {"problems", "sources", "edition", "web", "pdf"},
}


def part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(path: Path, package: Path = PACKAGE) -> set[tuple[str, int]]:
    """(part, line) for every talkbook module `path` imports, relative imports resolved."""
    here = path.relative_to(package).with_suffix("").parts  # e.g. ('web', 'render')
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[:len(here) - node.level])
                target = base + (node.module.split(".") if node.module else [])
                names = [alias.name for alias in node.names] if not node.module and not base else []
                found.update((name, node.lineno) for name in names)
                if target:
                    found.add((target[0], node.lineno))
            elif node.module and node.module.split(".")[0] == "talkbook":
                parts = node.module.split(".")[1:]
                if parts:
                    found.add((parts[0], node.lineno))
                else:
                    found.update((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "talkbook" and len(parts) > 1:
                    found.add((parts[1], node.lineno))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_known_part():
    assert {part_of(path) for path in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.relative_to(PACKAGE).as_posix())
def test_imports_follow_the_pipeline(path):
    own = part_of(path)
    against = [f"{path.relative_to(PACKAGE)}:{line}: imports talkbook.{part}, against the flow "
               f"(talkbook.{own} may use {sorted(ALLOWED[own]) or 'nothing of talkbook'})"
               for part, line in sorted(imported_parts(path)) if part != own and part not in ALLOWED[own]]
    assert not against, "\n".join(against)


def test_the_check_sees_a_backward_import(tmp_path):
    """The checker itself: an edition module importing the site is caught, relative or absolute."""
    fake = tmp_path / "talkbook"
    (fake / "edition").mkdir(parents=True)
    module = fake / "edition" / "model.py"
    module.write_text("from ..web import render\nfrom talkbook.pdf.export import export\n", encoding="utf-8")
    assert imported_parts(module, fake) == {("web", 1), ("pdf", 2)}
