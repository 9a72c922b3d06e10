"""What lets the built site work from disk with no request to another host: a local copy of the
iframe-worker shim (Material's offline plugin links a CDN copy unless extra.polyfills names one),
and a check that no configured stylesheet, script or font comes from another host."""
from __future__ import annotations

from pathlib import Path

# Where the shim is published in the site; mkdocs.yml's extra.polyfills must name this path.
SHIM = "vendor/iframe-worker-shim.js"
SHIM_SOURCE = Path(__file__).parent / "vendor" / "iframe-worker-shim.js"


def _is_remote(url: str) -> bool:
    return "://" in url or url.startswith("//")


def remote_assets(config) -> list[str]:
    """One message per configured asset that a browser would fetch from another host."""
    problems = []
    extra = config.get("extra") or {}
    for key, values in (("extra_css", config.get("extra_css")), ("extra_javascript", config.get("extra_javascript")),
                        ("extra.polyfills", extra.get("polyfills"))):
        for value in values or ():
            if _is_remote(str(value)):
                problems.append(f"mkdocs.yml {key}: {value} is fetched from another host; "
                                f"copy it into the site and name the local path")
    theme = config.get("theme")
    font = theme.get("font") if theme is not None else False
    if font is not False:
        problems.append("mkdocs.yml theme.font: Material loads these fonts from Google Fonts; set 'font: false'")
    return problems


def shim_bytes() -> bytes:
    return SHIM_SOURCE.read_bytes()
