"""The package tree is the pipeline: sources -> edition -> (web -> adapter -> project_export | pdf) ->
(cli, bench). An import that goes against that flow (the edition reaching into the site, the PDF into
the site, sources into anything above them) fails here, and so does a circle of modules importing
each other (inside a function too), so the tree keeps telling the truth about the code."""
import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "talkbook"

# What each part may import besides itself. `problems` and `staging` (swap a finished folder in) are
# shared by every stage. The website has four rooms: `web` renders pages, `adapter` plugs them into
# MkDocs, `preview` is what `mkdocs serve` adds, `project_export` writes a plain MkDocs project.
ALLOWED = {
    "problems": set(),
    "staging": set(),
    "sources": {"problems"},
    "edition": {"problems", "sources"},
    "web": {"problems", "staging", "sources", "edition"},
    "pdf": {"problems", "staging", "sources", "edition"},
    "preview": {"problems"},
    "adapter": {"problems", "sources", "edition", "web", "preview"},
    "project_export": {"problems", "sources", "edition", "web", "adapter"},
    "cli": {"problems", "staging", "sources", "edition", "web", "pdf", "adapter", "project_export", "bench"},
    "__main__": {"cli"},
    "__init__": set(),
    "bench": {"problems", "sources", "edition", "web", "pdf", "adapter", "project_export"},
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
    module.write_text("from ..web import render\nfrom talkbook.pdf.make_pdf import export\n", encoding="utf-8")
    assert imported_parts(module, fake) == {("web", 1), ("pdf", 2)}


@functools.cache
def module_names(package: Path) -> frozenset[str]:
    """Dotted names below talkbook of every module in `package` (listed once, not once per file)."""
    return frozenset(".".join(p.relative_to(package).with_suffix("").parts) for p in package.rglob("*.py"))


def imported_modules(path: Path, package: Path = PACKAGE) -> set[str]:
    """Dotted names (below talkbook) of the talkbook modules `path` imports, wherever the import stands."""
    here = path.relative_to(package).with_suffix("").parts
    modules = module_names(package)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module.split(".") if node.module else []
            if node.level:
                target = list(here[:len(here) - node.level]) + module
            elif module[:1] == ["talkbook"]:
                target = module[1:]
            else:
                continue
            for alias in node.names:  # `from . import x` names a module; `from .x import f` names one in x
                name = ".".join(target + [alias.name])
                found.add(name if name in modules else ".".join(target))
        elif isinstance(node, ast.Import):
            found.update(".".join(a.name.split(".")[1:]) for a in node.names if a.name.startswith("talkbook."))
    return {name for name in found if name in modules} - {".".join(here)}


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports in `graph` (module -> modules it imports), or []."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_module_imports_itself_through_others():
    graph = {".".join(p.relative_to(PACKAGE).with_suffix("").parts): imported_modules(p) for p in MODULES}
    found = cycle(graph)
    assert not found, "modules import each other in a circle: " + " -> ".join(found)


def test_the_circle_check_sees_a_circle_made_inside_a_function(tmp_path):
    fake = tmp_path / "talkbook"
    (fake / "bench").mkdir(parents=True)
    (fake / "bench" / "scale.py").write_text("def bench():\n    from .cost import cost\n", encoding="utf-8")
    (fake / "bench" / "cost.py").write_text("from .scale import timer\n", encoding="utf-8")
    graph = {f"bench.{name}": imported_modules(fake / "bench" / f"{name}.py", fake) for name in ("scale", "cost")}
    assert cycle(graph) == ["bench.cost", "bench.scale", "bench.cost"]
