"""`mkdocs serve` notices a saved file at once. MkDocs 1.6 watches with watchdog's PollingObserver,
which looks at every watched folder twice a second: a save waited 0.25 s on average (0.5 s at
worst) before the rebuild began, and the polling itself stats every file under docs/, talks/,
glossary/ and scripts/talkbook/ all the time. Where the system reports changes itself (inotify on
Linux, FSEvents on macOS, ...), the hook moves the watches to watchdog's native observer before the
server starts. MkDocs 1.6.1 is the last 1.x release, so the server's fields used here will not
move; if they are not there, the server keeps polling as before: slower, never wrong."""
from __future__ import annotations

from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver


def use_native_events(server) -> bool:
    """Re-create the server's watches on the platform's native observer; False when it stays polling
    (no native observer here, a server of another shape, or one already started)."""
    fields = ("observer", "_watched_paths", "_watch_refs", "watch")
    if Observer is PollingObserver or not all(hasattr(server, name) for name in fields):
        return False
    if not isinstance(server.observer, PollingObserver) or server.observer.is_alive():
        return False
    watched = dict(server._watched_paths)  # path -> how many asked for it
    server.observer = Observer()
    server._watched_paths.clear()
    server._watch_refs.clear()
    for path, count in watched.items():
        server.watch(path)
        server._watched_paths[path] = count
    return True
