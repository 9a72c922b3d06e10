"""Builds you can rely on: the same inputs give the same bytes, a failed build leaves the previous
site as it was, and a transcript full of markup survives a real MkDocs build unchanged."""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
from pathlib import Path

from conftest import build_site, copy_mini
from talkbook.cli import EXIT_BUILD, EXIT_OK, EXIT_PROBLEMS, main
from talkbook.web.verify import recover_transcript

# MkDocs writes the build date into sitemap.xml (<lastmod>) and sitemap.xml.gz (<lastmod> and the
# gzip header's mtime), unless SOURCE_DATE_EPOCH fixes "now" (reproducible-builds.org). Builds
# that must match byte for byte set it, e.g. to the last commit's time: git log -1 --format=%ct.
EPOCH = "1700000000"  # 2023-11-14
DATED_FILES = {"sitemap.xml", "sitemap.xml.gz"}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256 of its bytes)."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def cli(*args: str) -> int:
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        return main(list(args))


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_mini(tmp_path / "mini")
    first = snapshot(build_site(project, tmp_path / "one"))
    second = snapshot(build_site(project, tmp_path / "two"))
    assert len(first) > 20 and DATED_FILES <= first.keys()
    assert first == second
    # The gzip header's mtime: the build day (midnight UTC) of the pinned epoch, not today.
    header = (tmp_path / "one" / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(header[4:8], "little") == 1699920000
    # Another day changes the sitemap only (the .gz always; sitemap.xml too when mkdocs.yml sets
    # site_url, which the mini project does not): nothing else depends on when we build.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 5 * 86400))
    later = snapshot(build_site(project, tmp_path / "later"))
    changed = {name for name in first if first[name] != later.get(name)}
    assert "sitemap.xml.gz" in changed and changed <= DATED_FILES


def _built_site(tmp_path) -> tuple[Path, Path, dict[str, str]]:
    project = copy_mini(tmp_path / "mini")
    site = tmp_path / "out" / "site"
    assert cli("--root", str(project), "build", "--site-dir", str(site)) == EXIT_OK
    return project, site, snapshot(site)


def _leftovers(site: Path) -> list[str]:
    """What a build left beside the site, apart from its lock file (kept: the next build locks it again)."""
    return sorted(p.name for p in site.parent.iterdir() if p.name not in (site.name, f".{site.name}.lock"))


def test_bad_sources_leave_the_previous_site_untouched(tmp_path):
    project, site, before = _built_site(tmp_path)
    note = project / "talks" / "demo" / "notes" / "debt-paper.md"
    note.write_text(note.read_text(encoding="utf-8").replace("kind: reference", "knd: reference"), encoding="utf-8")
    assert cli("--root", str(project), "build", "--site-dir", str(site)) == EXIT_PROBLEMS
    assert snapshot(site) == before
    assert _leftovers(site) == []


def test_a_failing_mkdocs_build_leaves_the_previous_site_untouched(tmp_path):
    """Valid sources, but MkDocs fails (a hand-written page where a generated one goes)."""
    project, site, before = _built_site(tmp_path)
    (project / "docs" / "glossary").mkdir()
    (project / "docs" / "glossary" / "index.md").write_text("# 手写的术语表\n", encoding="utf-8")
    assert cli("--root", str(project), "build", "--site-dir", str(site)) == EXIT_BUILD
    assert snapshot(site) == before
    assert _leftovers(site) == []


def test_a_crash_during_the_build_leaves_the_site_and_no_staging_folder(tmp_path):
    """An unexpected exception (here from a hook) propagates, but the site stays and the half-built
    staging folder goes."""
    project, site, before = _built_site(tmp_path)
    (project / "crash.py").write_text("def on_post_build(config):\n    raise RuntimeError('boom')\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - crash.py\n"),
                      encoding="utf-8")
    try:
        cli("--root", str(project), "build", "--site-dir", str(site))
    except RuntimeError as error:
        assert str(error) == "boom"
    else:
        raise AssertionError("the hook's exception was swallowed")
    assert snapshot(site) == before
    assert _leftovers(site) == []


def test_a_transcript_full_of_markup_survives_a_real_build(tmp_path):
    """Markdown and HTML syntax in the verbatim transcript reaches the reader as text: a strict
    MkDocs build (whose hook checks every talk page) succeeds, and the page gives the text back."""
    project = copy_mini(tmp_path / "mini")
    transcript = project / "talks" / "demo" / "transcript.txt"
    old = transcript.read_bytes()
    tricky = ("\n\n# 不是标题\n    不是代码\n- 不是列表 *不是强调* <b>不是粗体</b> <!-- 不是注释 --> &amp; &#x41; "
              "[不是链接](javascript:alert(1)) {: #p0 } <script>alert(1)</script> \\* ` ~~ | 结束")
    text = old.decode("utf-8").replace("最后我们用MLOps收尾", "最后我们用MLOps收尾" + tricky)
    transcript.write_bytes(text.encode("utf-8"))
    talk_yml = project / "talks" / "demo" / "talk.yml"
    talk_yml.write_text(talk_yml.read_text(encoding="utf-8").replace(
        hashlib.sha256(old).hexdigest(), hashlib.sha256(text.encode("utf-8")).hexdigest()), encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    page = site / "talks" / "demo" / "index.html"  # talk pages are index.md: the same with either URL style
    assert recover_transcript(page.read_text(encoding="utf-8")) == text


def run_cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return code, err.getvalue()


def test_a_leftover_file_named_site_old_does_not_break_the_swap(tmp_path):
    """The swap once used the fixed name site.old; now a name of its own, so a file of that name is
    neither in the way nor removed."""
    project, site, _before = _built_site(tmp_path)
    (site.parent / "site.old").write_text("left here by hand\n", encoding="utf-8")
    assert cli("--root", str(project), "build", "--site-dir", str(site)) == EXIT_OK
    assert _leftovers(site) == ["site.old"]
    assert (site.parent / "site.old").read_text(encoding="utf-8") == "left here by hand\n"


def test_a_strict_mkdocs_failure_prints_its_cause(tmp_path):
    """MkDocs' strict mode stops with "Aborted with 1 warnings"; the build also says which warning."""
    project, site, before = _built_site(tmp_path)
    (project / "docs" / "about.md").write_text("# 关于\n\n见 [缺失的页面](missing-page.md)。\n", encoding="utf-8")
    code, err = run_cli("--root", str(project), "build", "--site-dir", str(site))
    assert code == EXIT_BUILD
    assert "about.md" in err and "missing-page.md" in err, err
    assert snapshot(site) == before and _leftovers(site) == []


SLOW_HOOK = """import pathlib, time
def on_post_build(config):
    pathlib.Path({marker!r}).write_text('started')
    time.sleep(60)
"""


def _build_in_background(project: Path, site: Path, tmp_path: Path):
    import os
    import subprocess
    import sys
    import time

    marker = tmp_path / "hook-started"
    (project / "slow.py").write_text(SLOW_HOOK.format(marker=str(marker)), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - slow.py\n"),
                      encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "talkbook", "--root", str(project), "build", "--site-dir",
                                str(site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    deadline = time.monotonic() + 120  # stops a hung test only; measures nothing
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marker.exists(), process.communicate()
    return process


def test_a_terminated_build_leaves_no_staging_folder(tmp_path):
    """A cancelled CI job or `kill` sends SIGTERM mid-build: the staging folder goes, the site stays."""
    import signal

    project, site, before = _built_site(tmp_path)
    process = _build_in_background(project, site, tmp_path)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == EXIT_BUILD, err
    assert "interrupted (SIGTERM)" in err and "Traceback" not in err
    assert snapshot(site) == before and _leftovers(site) == []


def test_the_next_build_removes_the_staging_folder_of_a_killed_one(tmp_path):
    """SIGKILL cannot be caught: the next build removes the folder its dead process left."""
    import signal

    project, site, before = _built_site(tmp_path)
    process = _build_in_background(project, site, tmp_path)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert [name for name in _leftovers(site) if name.startswith(".site-")], "the killed build left nothing to test"
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - slow.py\n", ""), encoding="utf-8")
    assert cli("--root", str(project), "build", "--site-dir", str(site)) == EXIT_OK
    assert _leftovers(site) == []


def test_concurrent_builds_of_the_same_site_all_succeed_with_a_complete_site(tmp_path):
    """Six `talkbook build` at once once failed about 1 in 6 (rc 3, "No such file or directory:
    'lunr'") racing on the fixed `site.old`. Now each swaps under a name of its own, and a build
    waits for the one before it (the lock beside the site): every one succeeds, the site is whole."""
    import subprocess
    import sys

    project, site, before = _built_site(tmp_path)
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    builds = [subprocess.Popen([sys.executable, "-m", "talkbook", "--root", str(project), "build", "--site-dir",
                                str(site)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONPATH": str(scripts), "SOURCE_DATE_EPOCH": EPOCH})
              for _ in range(6)]
    results = [(build.wait(timeout=600), build.stdout.read().decode()) for build in builds]
    assert [code for code, _ in results] == [EXIT_OK] * 6, results
    assert sum("waiting for another build" in output for _, output in results) >= 1, results
    assert set(snapshot(site)) == set(before)
    assert _leftovers(site) == []
