"""`python -m talkbook bench-page --profile`: where a page's main-thread time goes while it loads, in
Chromium with the CPU slowed 4× (Lighthouse's mobile factor) and a phone's viewport. Lighthouse gives
one noisy figure (total blocking time); this splits the main thread's work during the load into
style, layout, script per file, HTML parsing, paint and the rest, from a Chromium trace (self time of
each trace event, so a style recalculation forced by a script counts as style, and is also listed
as forced under that script). Each figure is the median of --runs loads in fresh pages; the talk
page and plain Material's page with the same words are profiled alternately in one run, as
bench-page does with Lighthouse."""
from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

CPU_SLOWDOWN = 4
# Lighthouse's mobile preset: a Moto G Power's screen.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
         "has_touch": True}
DESKTOP = {"viewport": {"width": 1350, "height": 940}, "device_scale_factor": 1}
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.stack", "v8.execute", "blink.user_timing",
              "loading", "toplevel"]
SETTLE_MS = 5000  # after the load event: talkbook.js fits the map's labels one per task, timers run

# Trace event name -> the kind of work it is.
KINDS = {
    "UpdateLayoutTree": "style", "RecalculateStyles": "style", "ParseAuthorStyleSheet": "style",
    "Layout": "layout", "UpdateLayerTree": "layout", "IntersectionObserverController::computeIntersections": "layout",
    "ParseHTML": "parse HTML", "Paint": "paint", "PaintImage": "paint", "PrePaint": "paint", "Layerize": "paint",
    "CompositeLayers": "paint", "Commit": "paint", "HitTest": "other",
    "EvaluateScript": "script", "FunctionCall": "script", "TimerFire": "script", "EventDispatch": "script",
    "v8.compile": "script", "v8.compileModule": "script", "v8.run": "script", "V8.Execute": "script",
    "v8.evaluateModule": "script", "FireAnimationFrame": "script", "FireIdleCallback": "script",
    "RunMicrotasks": "script", "V8.GCScavenger": "GC", "MajorGC": "GC", "MinorGC": "GC",
    "BlinkGC.AtomicPhase": "GC", "V8.GC_MC_BACKGROUND_MARKING": "GC",
}


@dataclass
class Profile:
    busy: float = 0.0                                  # main-thread task time, ms
    blocking: float = 0.0                              # sum of each task's time over 50 ms, after first paint
    longest: float = 0.0
    kinds: dict = field(default_factory=lambda: defaultdict(float))
    scripts: dict = field(default_factory=lambda: defaultdict(float))   # file -> script self time
    forced: dict = field(default_factory=lambda: defaultdict(float))    # file -> style+layout it forced
    long_tasks: list = field(default_factory=list)     # (start ms after navigation, duration ms, what)


def kind_of(span: dict) -> str:
    name = span["name"]
    if name in KINDS:
        return KINDS[name]
    if name.startswith(("V8.GC", "BlinkGC")):
        return "GC"
    if name.startswith(("V8.", "v8.")) or span.get("cat", "").startswith("v8"):
        return "script"
    if name.startswith(("DocumentLoader::", "DecodedDataDocumentParser", "HTMLDocumentParser")):
        return "parse HTML"
    return "other"


def _file(url: str) -> str:
    name = url.split("?")[0].rsplit("/", 1)[-1]
    return name or url or "(inline)"


def analyse(events: list[dict]) -> Profile:
    """The renderer main thread's complete events from navigation start to the end of the trace."""
    renderers = {(e["pid"], e["tid"]) for e in events
                 if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"}
    busy: dict = defaultdict(float)  # the page's renderer is the busiest (an about:blank one is not)
    for event in events:
        if (event.get("pid"), event.get("tid")) in renderers and event.get("name") == "ParseHTML":
            busy[(event["pid"], event["tid"])] += event.get("dur", 0)
    main = max(busy, key=busy.get) if busy else None
    navigation = [e["ts"] for e in events if e.get("name") == "navigationStart" and (e["pid"], e["tid"]) == main]
    paints = [e["ts"] for e in events if e.get("name") == "firstContentfulPaint" and (e["pid"], e["tid"]) == main]
    start = min(navigation) if navigation else 0
    paint = min(paints) if paints else start
    spans = sorted((e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X"
                    and "dur" in e and e["ts"] >= start), key=lambda e: (e["ts"], -e["dur"]))
    profile = Profile()
    stack: list[dict] = []  # open spans, outermost first
    for span in spans:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= span["ts"]:
            stack.pop()
        span["_self"] = span["dur"]
        if stack:
            stack[-1]["_self"] -= span["dur"]
        span["_parent"] = stack[-1] if stack else None
        stack.append(span)
        if span["_parent"] is None and span["name"] in ("RunTask", "ThreadControllerImpl::RunTask"):
            ms = span["dur"] / 1000
            profile.busy += ms
            profile.longest = max(profile.longest, ms)
            if ms > 50 and span["ts"] >= paint:
                profile.blocking += ms - 50
            if ms > 50:
                profile.long_tasks.append(((span["ts"] - start) / 1000, ms, span))
    for span in spans:
        ms = span["_self"] / 1000
        if ms <= 0:
            continue
        kind = kind_of(span)
        # What a task spends outside any named piece of work is the browser's own (scheduling, IPC).
        if span["_parent"] is None and span["name"] in ("RunTask", "ThreadControllerImpl::RunTask"):
            kind = "other"
        profile.kinds[kind] += ms
        url = _script_of(span)
        if kind == "script":
            profile.scripts[url or "(browser)"] += ms
        elif kind in ("style", "layout") and url:
            profile.forced[url] += ms
    children: dict = defaultdict(list)
    for span in spans:
        if span["_parent"] is not None:
            children[id(span["_parent"])].append(span)
    profile.long_tasks = [(at, ms, _what(span, children)) for at, ms, span in profile.long_tasks]
    return profile


def _script_of(span: dict) -> str:
    """The file whose script this span is, or runs under (a forced style or layout)."""
    for at in _ancestry(span):
        data = at.get("args", {}).get("data", {}) or {}
        url = (data.get("url") or (data.get("stackTrace") or [{}])[0].get("url")) if isinstance(data, dict) else ""
        if url and at["name"] in ("EvaluateScript", "FunctionCall", "v8.compile", "v8.run", "TimerFire",
                                  "EventDispatch", "FireAnimationFrame", "v8.evaluateModule"):
            return _file(url)
        if at["name"] == "FunctionCall" and isinstance(data, dict) and data.get("functionName") is not None:
            return _file(data.get("url", ""))
    return ""


def _ancestry(span: dict):
    while span is not None:
        yield span
        span = span.get("_parent")


def _what(task: dict, children: dict) -> str:
    """A long task in a few words: its three largest pieces of work by kind (script by file)."""
    parts: dict = defaultdict(float)

    def walk(span, inherited):
        kind = kind_of(span) if span["name"] in KINDS or kind_of(span) != "other" else inherited or "other"
        label = "script " + (_script_of(span) or "?") if kind == "script" else kind
        if span["_self"] > 0:
            parts[label] += span["_self"] / 1000
        for child in children.get(id(span), ()):
            walk(child, kind)

    walk(task, "")
    top = sorted(parts.items(), key=lambda kv: -kv[1])[:3]
    return ", ".join(f"{label} {ms:.0f}" for label, ms in top)


def profile_load(browser, url: str, device: dict) -> Profile:
    context = browser.new_context(**device)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(SETTLE_MS)
    trace = json.loads(browser.stop_tracing())
    context.close()
    return analyse(trace["traceEvents"] if isinstance(trace, dict) else trace)


def median_table(named: dict[str, list[Profile]]) -> str:
    """Each page's median figures (ms of main thread under the slowdown), side by side."""
    names = list(named)
    kinds = sorted({k for profiles in named.values() for p in profiles for k in p.kinds},
                   key=lambda k: -statistics.median(p.kinds.get(k, 0) for p in named[names[0]]))
    rows = [("main-thread task time", lambda p: p.busy), ("blocking (tasks over 50 ms, after first paint)",
                                                          lambda p: p.blocking),
            ("longest task", lambda p: p.longest)]
    rows += [(f"  {kind}", (lambda k: lambda p: p.kinds.get(k, 0))(kind)) for kind in kinds]
    files = sorted({f for profiles in named.values() for p in profiles for f in p.scripts},
                   key=lambda f: -max(statistics.median(p.scripts.get(f, 0) for p in named[n]) for n in names))
    rows += [(f"  script: {f}", (lambda f: lambda p: p.scripts.get(f, 0))(f)) for f in files[:8]]
    forcing = sorted({f for profiles in named.values() for p in profiles for f in p.forced})
    rows += [(f"  style+layout forced by {f}", (lambda f: lambda p: p.forced.get(f, 0))(f)) for f in forcing]
    lines = ["| ms (median) | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, read in rows:
        lines.append(f"| {label} | " + " | ".join(f"{statistics.median(read(p) for p in named[n]):,.0f}"
                                                   for n in names) + " |")
    return "\n".join(lines)


def profile_pages(urls: dict[str, str], runs: int, device: dict, chromium: str, log=print) -> dict[str, list[Profile]]:
    """Each page loaded `runs` times in fresh contexts, taking turns (so both see the same noise)."""
    from playwright.sync_api import sync_playwright

    profiles: dict[str, list[Profile]] = {name: [] for name in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                             "--no-first-run"])
        try:
            for run in range(runs):
                for name, url in urls.items():
                    profiles[name].append(profile_load(browser, url, device))
                log(f"profile run {run + 1} of {runs} done")
        finally:
            browser.close()
    return profiles


def long_tasks(profile: Profile) -> str:
    return "\n".join(f"  {at:7,.0f} ms: {ms:5,.0f} ms ({what})" for at, ms, what in profile.long_tasks)
