"""`mkdocs serve` picks up an edited note without a restart (talks/ and glossary/ are watched)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from talkbook.bench.serve import fetch, free_port


def wait_for(predicate, seconds: float):
    """Poll until predicate() is truthy; the limit only stops a hung server, it measures nothing."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return predicate()


def test_editing_a_note_updates_the_served_page(mini):
    port = free_port()
    (mini / "mkdocs.yml").write_text((mini / "mkdocs.yml").read_text(encoding="utf-8") +
                                     "\nwatch:\n  - talks\n  - glossary\n", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=mini, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/talks/demo/"
    try:
        first = wait_for(lambda: fetch(url), 60)
        assert "“大一”是 DALL·E 的误识别。" in first, server.stderr.read1().decode() if not first else first[:300]
        note = mini / "talks" / "demo" / "notes" / "fix-dalle.md"
        note.write_text(note.read_text(encoding="utf-8").replace("的误识别。", "的误识别（已修改）。"),
                        encoding="utf-8")
        updated = wait_for(lambda: "的误识别（已修改）。" in fetch(url), 60)
        assert updated, "the served page did not change after the note was edited"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_site_config_watches_the_sources():
    from conftest import ROOT, read_config

    watched = read_config(ROOT)["watch"]
    assert {"talks", "glossary"} <= set(watched)


def test_a_broken_source_keeps_the_last_good_build_served_with_a_banner(mini):
    """While a note is broken, every page (and every asset) is still served at once, with a banner
    naming the problem as path:line; the fix brings the page back without it."""
    port = free_port()
    (mini / "mkdocs.yml").write_text((mini / "mkdocs.yml").read_text(encoding="utf-8") +
                                     "\nwatch:\n  - talks\n  - glossary\n", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=mini, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    url = base + "talks/demo/"
    note = mini / "talks" / "demo" / "notes" / "fix-dalle.md"
    good = note.read_text(encoding="utf-8")
    try:
        first = wait_for(lambda: fetch(url), 60)
        assert "“大一”是 DALL·E 的误识别。" in first, server.stderr.read1().decode() if not first else first[:300]
        assert "talkbook-serve-problems" not in first
        note.write_text(good.replace("kind: correction", "knd: correction"), encoding="utf-8")
        broken = wait_for(lambda: (lambda page: page if "talkbook-serve-problems" in page else "")(fetch(url)), 60)
        assert broken, "no banner appeared while the note was broken"
        assert "talks/demo/notes/fix-dalle.md:" in broken and "unknown key" in broken
        assert "“大一”是 DALL·E 的误识别。" in broken  # the last good page, still served
        assert "talkbook-serve-problems" in fetch(base + "glossary/")  # on every page
        assert fetch(base + "assets/talkbook.css"), "an asset was not served while the note was broken"
        note.write_text(good.replace("的误识别。", "的误识别（已修好）。"), encoding="utf-8")
        fixed = wait_for(lambda: (lambda page: page if "的误识别（已修好）。" in page else "")(fetch(url)), 60)
        assert fixed, "the page did not come back after the fix"
        assert "talkbook-serve-problems" not in fixed
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_server_watches_with_native_events_and_still_rebuilds_on_a_save(tmp_path):
    """preview/watch.py moves MkDocs' watches from polling to the platform's own events; a save must
    still ask for a rebuild, and every path watched before is watched after."""
    from mkdocs.livereload import LiveReloadServer
    from talkbook.preview import watch as serve_watch
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver:
        pytest.skip("this platform has no native file events; the server keeps polling")
    (tmp_path / "docs").mkdir()
    (tmp_path / "talks").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path / "site"))
    server.watch(str(tmp_path / "docs"))
    server.watch(str(tmp_path / "talks"))
    server.watch(str(tmp_path / "talks"))  # asked for twice, as MkDocs may
    assert serve_watch.settle_watches(server)
    assert isinstance(server.observer, Observer) and not isinstance(server.observer, PollingObserver)
    assert server._watched_paths == {str(tmp_path / "docs"): 1, str(tmp_path / "talks"): 2}
    assert not serve_watch.settle_watches(server)  # already settled: nothing to do
    server.observer.start()
    try:
        with server._rebuild_cond:
            server._want_rebuild = False
        (tmp_path / "talks" / "note.md").write_text("saved", encoding="utf-8")
        with server._rebuild_cond:
            asked = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=30)
        assert asked, "a save under a watched folder did not ask for a rebuild"
    finally:
        server.observer.stop()
        server.observer.join(timeout=10)


def start_serve(project, port):
    """`mkdocs serve` on `project` watching talks/ and glossary/, its log (stderr) in a file."""
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") +
                                        "\nwatch:\n  - talks\n  - glossary\n", encoding="utf-8")
    log = (project / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=log,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return server, project / "serve.log"


def builds(log) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("Building documentation")


def test_one_save_is_one_rebuild_and_then_the_server_settles(mini):
    """The native watcher also reports the build's own reads (opened, closed without writing): each
    once asked for a rebuild, whose reads asked for the next, forever (11 builds in 20 s). Now one
    save is one rebuild, counted from the server's log, and nothing follows while nobody writes."""
    port = free_port()
    server, log = start_serve(mini, port)
    url = f"http://127.0.0.1:{port}/talks/demo/"
    try:
        assert wait_for(lambda: fetch(url), 60), log.read_text(encoding="utf-8", errors="replace")
        time.sleep(4)  # anything the first build's own reads would set off happens here
        assert builds(log) == 1, log.read_text(encoding="utf-8", errors="replace")
        note = mini / "talks" / "demo" / "notes" / "fix-dalle.md"
        with note.open("a", encoding="utf-8") as file:
            file.write("\n又一行。\n")
        assert wait_for(lambda: builds(log) >= 2, 60), "the save did not rebuild"
        assert wait_for(lambda: "又一行。" in fetch(url), 60)
        time.sleep(8)
        assert builds(log) == 2, log.read_text(encoding="utf-8", errors="replace")
        note.read_text(encoding="utf-8")  # a read is not a change
        time.sleep(3)
        assert builds(log) == 2, log.read_text(encoding="utf-8", errors="replace")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_source_that_vanishes_mid_build_is_a_banner_not_an_error(monkeypatch):
    """A talk folder renamed or deleted while the preview reads it: the last good pages, with a
    banner naming the path; the next good build clears it."""
    from talkbook.preview import banner

    monkeypatch.setattr(banner, "STATE", banner.ServeState(serving=True, last_good=("good",)))

    def vanishing():
        raise FileNotFoundError(2, "No such file or directory", "talks/demo/notes/fix-dalle.md")

    assert banner.generate_or_fall_back(vanishing) == ("good",)
    assert banner.STATE.problems[0].startswith("talks/demo/notes/fix-dalle.md: No such file or directory while")
    assert "talkbook-serve-problems" in banner.add_banner("<html><body><p>x</p></body></html>")
    assert banner.generate_or_fall_back(lambda: ("new",)) == ("new",)
    assert banner.STATE.problems == []
    monkeypatch.setattr(banner, "STATE", banner.ServeState(serving=False))
    with pytest.raises(FileNotFoundError):  # `mkdocs build` still fails (the CLI says it in one line)
        banner.generate_or_fall_back(vanishing)


def test_renaming_and_deleting_a_talk_folder_while_serving_never_sticks(mini):
    """Renames and deletions of the talk folder, many landing mid-build: the server never logs
    MkDocs' "will appear stuck", and once the folder is back the page is served without a banner."""
    port = free_port()
    server, log = start_serve(mini, port)
    url = f"http://127.0.0.1:{port}/talks/demo/"
    talk, moved, kept = mini / "talks" / "demo", mini / "talks" / "demo-moved", mini / "demo-kept"
    try:
        assert wait_for(lambda: fetch(url), 60), log.read_text(encoding="utf-8", errors="replace")
        shutil.copytree(talk, kept)
        deadline = time.monotonic() + 12
        while time.monotonic() < deadline:
            for pause in (0.05, 0.1, 0.2, 0.3):  # different moments of a build
                talk.rename(moved)
                time.sleep(pause)
                moved.rename(talk)
                time.sleep(pause)
                shutil.rmtree(talk)
                time.sleep(pause)
                shutil.copytree(kept, talk)
                time.sleep(pause)
        note = talk / "notes" / "fix-dalle.md"
        note.write_text(note.read_text(encoding="utf-8").replace("的误识别。", "的误识别（最后）。"), encoding="utf-8")
        final = wait_for(lambda: (lambda page: page if "的误识别（最后）。" in page else "")(fetch(url)), 90)
        text = log.read_text(encoding="utf-8", errors="replace")
        assert final, text[-3000:]
        assert "talkbook-serve-problems" not in final
        assert "appear stuck" not in text and "Traceback" not in text, text[-3000:]
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_only_real_changes_ask_for_a_rebuild(tmp_path):
    """The filter under every watch: reads (opened, closed without writing) and events that leave a
    file's mtime and size as they were ask for nothing; a write, a new file, a move or a deletion do."""
    from talkbook.preview.watch import SettledHandler
    from watchdog.events import (DirMovedEvent, FileClosedNoWriteEvent, FileCreatedEvent, FileDeletedEvent,
                                 FileModifiedEvent, FileOpenedEvent)

    talks = tmp_path / "talks"
    (talks / "demo").mkdir(parents=True)
    note = talks / "demo" / "note.md"
    note.write_text("one", encoding="utf-8")
    asked = []
    handler = SettledHandler(str(talks), lambda: asked.append(1))

    def fire(event):
        before = len(asked)
        handler.dispatch(event)
        return len(asked) > before

    assert not fire(FileOpenedEvent(str(note)))
    assert not fire(FileClosedNoWriteEvent(str(note)))
    assert not fire(FileModifiedEvent(str(note)))  # e.g. only the access time changed
    note.write_text("one and more", encoding="utf-8")
    assert fire(FileModifiedEvent(str(note)))
    assert not fire(FileModifiedEvent(str(note)))  # the same change reported twice
    (talks / "demo" / "new.md").write_text("x", encoding="utf-8")
    assert fire(FileCreatedEvent(str(talks / "demo" / "new.md")))
    (talks / "demo").rename(talks / "moved")
    assert fire(DirMovedEvent(str(talks / "demo"), str(talks / "moved")))
    (talks / "moved" / "new.md").unlink()
    assert fire(FileDeletedEvent(str(talks / "moved" / "new.md")))
    assert not fire(FileDeletedEvent(str(talks / "moved" / "never-there.md")))


def test_talkbook_watch_poll_keeps_polling_with_the_same_filter(tmp_path, monkeypatch):
    """Where native events misbehave (network mounts, some containers): TALKBOOK_WATCH=poll."""
    from mkdocs.livereload import LiveReloadServer
    from talkbook.preview import watch as serve_watch
    from watchdog.observers.polling import PollingObserver

    monkeypatch.setenv("TALKBOOK_WATCH", "poll")
    (tmp_path / "talks").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path / "site"))
    server.watch(str(tmp_path / "talks"))
    assert serve_watch.settle_watches(server)
    assert isinstance(server.observer, PollingObserver)
    handlers = [h for watch in server.observer._handlers.values() for h in watch]
    assert handlers and all(isinstance(h, serve_watch.SettledHandler) for h in handlers)
