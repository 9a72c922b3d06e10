"""Run axe-core, the accessibility rules engine, in a page open in Chromium and describe what it finds.

axe-core is the npm package `bash scripts/dev test` installs into .cache/npm (AXE_VERSION there);
it is injected from disk, so the tests need no network once it is installed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_PACKAGE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core"
VERSION = "4.14.1"  # scripts/dev: AXE_VERSION
# WCAG 2.1 A and AA, plus target-size (a WCAG 2.2 AA rule) for the small note markers.
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
ALSO = ["target-size"]

_RUN = """async ([tags, also]) => {
    // Colours are read as they end up, not halfway through a transition (Material fades colours in
    // 125-250 ms; a loaded machine once caught a link blue between its two values).
    await Promise.all(document.getAnimations().filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map(a => a.finished.catch(() => null)));
    const rules = Object.fromEntries(also.map(id => [id, {enabled: true}]));
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({
        target: n.target.map(t => Array.isArray(t) ? t.join(' >> ') : t).join(' | '),
        summary: n.failureSummary, html: n.html.slice(0, 160)}))}));
}"""


def axe_script() -> Path:
    """axe.min.js of the pinned version, or a failure that says how to install it."""
    script = AXE_PACKAGE / "axe.min.js"
    try:
        installed = json.loads((AXE_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        installed = None
    if installed != VERSION or not script.exists():
        pytest.fail(f"axe-core {VERSION} is not in {AXE_PACKAGE} (found: {installed}); run `bash scripts/dev test`, "
                    f"which installs it, or: npm install --prefix .cache/npm axe-core@{VERSION}")
    return script


def violations(page) -> list[dict]:
    """axe's violations of TAGS and ALSO on the page as it is now (each: id, impact, help, nodes)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_script()))
    return page.evaluate(_RUN, [TAGS, ALSO])


def describe(found: list[dict], limit: int = 8) -> str:
    """One block per rule: its id, impact and help, then up to `limit` elements with axe's summary."""
    lines = []
    for rule in found:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']} — {len(rule['nodes'])} element(s)")
        for node in rule["nodes"][:limit]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}\n        {summary}")
        if len(rule["nodes"]) > limit:
            lines.append(f"    … and {len(rule['nodes']) - limit} more")
    return "\n".join(lines)
