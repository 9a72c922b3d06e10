"""A deployment's template overrides, checked before anything is built.

The site's and the PDF's templates live in separate override folders, because the two stages have
templates of the same name with different macros (talkmap.html): `<theme.custom_dir>/talkbook/web/`
for the site and `<theme.custom_dir>/talkbook/pdf/` for the PDF. Each override must parse, must be
the name of a template of its stage, and must define every macro the stage's own template defines
(the stage calls them), or the build would fail later (`'TemplateModule' object has no attribute
…`) or in the other stage. Overrides arrive by pull request like everything else and are published,
so nothing in them may switch escaping off: `|safe`, `Markup(` and `{% autoescape %}` are refused."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes

from talkbook.problems import Problems, decode_utf8

ENGINE = Path(__file__).resolve().parents[1]  # scripts/talkbook
STAGES = {"web": ("the site", ENGINE / "web" / "templates"), "pdf": ("the PDF", ENGINE / "pdf" / "templates")}
SHARED = ENGINE / "edition" / "templates"  # a citation, in both; overridden per stage
FOLDER = "talkbook"
UNESCAPE = ("would publish its value unescaped: a note's title or a source's text could then run script on the "
            "published page; remove it (talkbook hands templates the HTML it made safe already as safe values)")


def custom_dir(root: Path) -> str | None:
    """mkdocs.yml's theme custom_dir, read line by line (the file holds !ENV tags a safe loader refuses)."""
    config = Path(root) / "mkdocs.yml"
    if not config.is_file() or config.is_symlink():
        return None
    for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
        found = re.match(r"\s+custom_dir:\s*['\"]?([^'\"#\s]+)", line)
        if found:
            return found.group(1)
    return None


def override_folder(root: Path, stage: str) -> Path | None:
    """Where a deployment puts its own templates of `stage` ("web" or "pdf"), if it has a custom_dir."""
    folder = custom_dir(root)
    return Path(root) / folder / FOLDER / stage if folder else None


def _stage_template(stage: str, name: str) -> Path | None:
    for folder in (STAGES[stage][1], SHARED):
        if (folder / name).is_file():
            return folder / name
    return None


_ENV = jinja2.Environment(autoescape=True)


def _macros(tree: nodes.Template) -> dict[str, int]:
    return {macro.name: macro.lineno for macro in tree.find_all(nodes.Macro)}


def called_macros(stage: str) -> set[str]:
    """Macro names the stage calls: `self.<templates>.name(` and `templates.name(` in its Python code
    (render.py and print_html.py hold each template's macros as an attribute and pass it on as
    `templates`), and `{% from … import name %}` in its
    templates. A template's own helpers, called only inside it, an override may do without."""
    code = "\n".join(path.read_text(encoding="utf-8") for path in (ENGINE / stage).glob("*.py"))
    called = set(re.findall(r"\b(?:self\.\w+|templates)\.([A-Za-z_]\w*)\(", code))
    for folder in (STAGES[stage][1], SHARED):
        for template in folder.glob("*.html"):
            for node in _ENV.parse(template.read_text(encoding="utf-8")).find_all(nodes.FromImport):
                called.update(name if isinstance(name, str) else name[0] for name in node.names)
    return called


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def check_overrides(root: Path, problems: Problems) -> bool:
    """Report every problem of every template override; True if none."""
    root = Path(root)
    folder = custom_dir(root)
    if folder is None or not (root / folder / FOLDER).is_dir():
        return True
    known = len(problems.items)
    base = root / folder / FOLDER
    for path in sorted(base.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue  # links are reported by find_symlinks
        rel = _rel(root, path)
        parts = path.relative_to(base).parts
        if len(parts) != 2 or parts[0] not in STAGES:
            stage_of = [stage for stage in STAGES if _stage_template(stage, path.name)]
            where = " or ".join(f"{folder}/{FOLDER}/{stage}/{path.name}" for stage in stage_of) or \
                f"{folder}/{FOLDER}/web/ or {folder}/{FOLDER}/pdf/"
            problems.add(rel, 0, f"template overrides go in {folder}/{FOLDER}/web/ (the site) or {folder}/{FOLDER}/pdf/ "
                         f"(the PDF), whose templates share names but not macros; move it to {where}")
            continue
        _check_one(root, rel, path, parts[0], problems)
    return len(problems.items) == known


def _check_one(root: Path, rel: str, path: Path, stage: str, problems: Problems) -> None:
    what, templates = STAGES[stage]
    default = _stage_template(stage, path.name)
    if default is None:
        names = sorted(p.name for folder in (templates, SHARED) for p in folder.glob("*.html"))
        problems.add(rel, 0, f"{what} has no template named {path.name!r}, so this override would never be used; "
                     f"its templates are: {', '.join(names)}")
        return
    source = decode_utf8(path.read_bytes(), rel, problems)
    if source is None:
        return
    try:
        tree = _ENV.parse(source)
    except jinja2.TemplateSyntaxError as error:
        problems.add(rel, error.lineno or 1, f"Jinja syntax error: {error.message}")
        return
    defined = _macros(tree)
    needed = {name: line for name, line in _macros(_ENV.parse(default.read_text(encoding="utf-8"))).items()
              if name in called_macros(stage)}
    for name in sorted(set(needed) - set(defined)):
        problems.add(rel, 1, f"defines no macro {name!r}, which {what} calls; copy it from "
                     f"{_rel(ENGINE.parents[1], default)} (line {needed[name]}) and change it there")
    for node in tree.find_all(nodes.Filter):
        if node.name == "safe":
            problems.add(rel, node.lineno, f"`|safe` {UNESCAPE}")
    for node in tree.find_all((nodes.ScopedEvalContextModifier, nodes.EvalContextModifier)):
        if any(option.key == "autoescape" for option in node.options):
            problems.add(rel, node.lineno, f"an {{% autoescape %}} block {UNESCAPE}")
    for number, line in enumerate(source.split("\n"), start=1):
        if "Markup(" in line:
            problems.add(rel, number, f"`Markup(` {UNESCAPE}")
