"""`mkdocs serve` rebuilds once per real change, and notices it at once.

MkDocs 1.6 watches with watchdog's PollingObserver, which looks at every watched folder twice a
second: a save waited 0.25 s on average before the rebuild began. Where the system reports changes
itself (inotify on Linux, FSEvents on macOS, ...), the hook moves the watches to watchdog's native
observer before the server starts. But native observers also report reads (inotify's "opened" and
"closed without writing"), and MkDocs counts every event as a change: each build's own reads of
talks/, docs/ and mkdocs.yml asked for the next build, forever (11 builds in 20 s after one save).

So every watch here goes through `SettledHandler`: read events are dropped, and any other event
counts only if a file's (mtime, size) differs from what was last seen, or it appeared or vanished.
`TALKBOOK_WATCH=poll` keeps MkDocs' polling (for file systems whose events misbehave: network
mounts, some containers), with the same filter. MkDocs 1.6.1 is the last 1.x release, so the
server's fields used here will not move; if they are not there, the server is left as it is."""
from __future__ import annotations

import logging
import os
import threading

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.livereload")

# Events that report a read, never a change (watchdog >= 4 on inotify).
READ_EVENTS = frozenset({"opened", "closed_no_write"})

Signature = tuple[int, int] | None  # (mtime_ns, size), or None when the file is not there


def signature(path: str) -> Signature:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def file_signatures(root: str) -> dict[str, Signature]:
    """Every file under root (or root itself, when it is a file), as watchdog names them."""
    if os.path.isfile(root):
        return {root: signature(root)}
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            found[path] = signature(path)
    return found


class SettledHandler(FileSystemEventHandler):
    """Calls `changed()` for an event only when a file really changed since it was last seen."""

    def __init__(self, root: str, changed):
        self.changed = changed
        self.lock = threading.Lock()
        self.seen = file_signatures(root)

    def real_change(self, event) -> bool:
        if event.event_type in READ_EVENTS:
            return False
        paths = [os.fsdecode(event.src_path)]
        if getattr(event, "dest_path", ""):
            paths.append(os.fsdecode(event.dest_path))
        if event.is_directory:
            # A folder moved or deleted: what was under it is gone (or elsewhere) as a whole.
            if event.event_type in ("moved", "deleted"):
                return self._forget_under(paths[0]) | (len(paths) > 1 and self._learn_under(paths[1]))
            return event.event_type == "created" and self._learn_under(paths[0])
        changed = False
        with self.lock:
            for path in paths:
                now = signature(path)
                if self.seen.get(path, None) != now or (now is None and path in self.seen):
                    changed = True
                if now is None:
                    self.seen.pop(path, None)
                else:
                    self.seen[path] = now
        return changed

    def _forget_under(self, folder: str) -> bool:
        prefix = folder.rstrip(os.sep) + os.sep
        with self.lock:
            gone = [path for path in self.seen if path.startswith(prefix)]
            for path in gone:
                del self.seen[path]
        return bool(gone)

    def _learn_under(self, folder: str) -> bool:
        found = file_signatures(folder)
        with self.lock:
            new = {path: sig for path, sig in found.items() if self.seen.get(path) != sig}
            self.seen.update(found)
        return bool(new)

    def on_any_event(self, event):
        if self.real_change(event):
            log.debug("talkbook: changed: %s", event)
            self.changed()


def wants_polling() -> bool:
    return os.environ.get("TALKBOOK_WATCH", "").strip().lower() == "poll"


def settle_watches(server) -> bool:
    """Re-create the server's watches, and every later one, with SettledHandler, on the platform's
    native observer unless TALKBOOK_WATCH=poll or there is none. False when the server is left as
    it is (a server of another shape, or one already started)."""
    fields = ("observer", "_watched_paths", "_watch_refs", "watch", "_rebuild_cond")
    if not all(hasattr(server, name) for name in fields):
        return False
    if server.observer.is_alive() or getattr(server, "_talkbook_settled", False):
        return False
    polling = wants_polling() or Observer is PollingObserver
    if not polling:
        server.observer = Observer()
    elif not isinstance(server.observer, PollingObserver):
        server.observer = PollingObserver()
    old = dict(server._watch_refs)
    for path, watch in old.items():
        try:
            server.observer.unschedule(watch)
        except KeyError:  # scheduled on the observer just replaced
            pass
    watched = dict(server._watched_paths)  # path -> how many asked for it
    server._watched_paths.clear()
    server._watch_refs.clear()

    def changed():
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    def watch(path, func=None, *, recursive=True):
        path = os.path.abspath(path)
        if func is not None and func is not server.builder:
            raise TypeError("Plugins can no longer pass a 'func' parameter to watch().")
        if path in server._watched_paths:
            server._watched_paths[path] += 1
            return
        server._watched_paths[path] = 1
        log.debug("Watching '%s'", path)
        server._watch_refs[path] = server.observer.schedule(SettledHandler(path, changed), path, recursive=recursive)

    server.watch = watch
    for path, count in watched.items():
        watch(path)
        server._watched_paths[path] = count
    server._talkbook_settled = True
    return True

