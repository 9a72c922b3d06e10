"""A time limit on one piece of work, so that an input which makes a library slow (a Markdown
converter's quadratic case the budgets missed) becomes an error naming the input instead of a
build, a CI job or `mkdocs serve` that never finishes. It uses SIGALRM, so it applies on the main
thread (where the CLI, `mkdocs build` and `mkdocs serve` run their builds); elsewhere, or when a
timer is already running, the work runs unlimited and only the budgets protect it."""
from __future__ import annotations

import contextlib
import signal
import threading


class TooSlow(Exception):
    """The work took longer than its limit; `subject` says which input it was working on."""

    def __init__(self, subject: str, seconds: float):
        self.subject, self.seconds = subject, seconds
        super().__init__(f"took more than {seconds:g} s")


def _can_time() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)


@contextlib.contextmanager
def time_limit(seconds: float, subject: str):
    if not _can_time():
        yield
        return

    def expire(_signum, _frame):
        raise TooSlow(subject, seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
