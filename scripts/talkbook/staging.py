"""Write a folder next to its target and swap it in only when complete, so a failed or interrupted
build never leaves half a site, and never leaves its staging folder behind."""
from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

_STAGED = re.compile(r"\.(?P<name>.+)-(?P<pid>\d+)-[^-]+\Z")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Staging folders of `target` whose build was killed outright (SIGKILL, a power cut): their
    process is gone, so nothing will ever finish or remove them. Returns what was removed."""
    removed = []
    for entry in target.parent.glob(f".{target.name}-*"):
        found = _STAGED.match(entry.name)
        if found and found["name"] == target.name and entry.is_dir() and not entry.is_symlink() \
                and not _alive(int(found["pid"])):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def new_staging_folder(target: Path) -> Path:
    """.<name>-<pid>-<random> beside the target: the pid lets a later build remove it if this one is killed."""
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-{os.getpid()}-", dir=target.parent))


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


_HELD: set[Path] = set()  # targets whose lock this process holds


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


@contextmanager
def exclusive(target: Path, waiting=None):
    """Hold the lock of `target` (fcntl.flock on `.<name>.lock` beside it) for the block: a second
    build of the same folder waits here, calling `waiting()` once, until the first is done. The
    kernel drops the lock when its process ends, however it ends, so a killed build never blocks.
    Re-entrant within a process (a build holds it, then swaps its folder in under it)."""
    import fcntl

    if target in _HELD:
        yield
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(target), "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        _HELD.add(target)
        try:
            yield
        finally:
            _HELD.discard(target)
            fcntl.flock(handle, fcntl.LOCK_UN)


def replace_directory(staged: Path, target: Path) -> None:
    """Swap a fully written directory into place. The previous one waits under a name of this
    process's own (`.<name>-<pid>-old…`, which a later build removes if this one is killed) until the
    new one is in; two processes swapping into the same target take turns (its lock)."""
    with exclusive(target):
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-{os.getpid()}-old", dir=target.parent))
        if target.exists() or target.is_symlink():
            old.rmdir()
            target.rename(old)
        staged.rename(target)
        _remove(old)


class Interrupted(Exception):
    """SIGTERM or SIGINT arrived during the build."""


@contextmanager
def interruptible():
    """Turn SIGTERM (a CI job cancelled, `kill`) and Ctrl-C into an exception, so that the cleanup
    code of the build runs; the previous handlers come back afterwards."""
    def stop(signum, _frame):
        raise Interrupted(signal.Signals(signum).name)

    try:
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread: signals cannot be caught here
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def write_atomically(data: bytes, target: Path) -> None:
    """Write next to the target and rename, so a failed build never leaves half a file (a PDF, the
    search index)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        staged.write_bytes(data)
        os.replace(staged, target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
