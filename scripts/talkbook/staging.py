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


def replace_directory(staged: Path, target: Path) -> None:
    """Swap a fully written directory into place. `<target>.old` is where the previous one waits
    during the swap; whatever is left there (a folder, or a file someone made) is removed first."""
    old = target.with_name(target.name + ".old")
    _remove(old)
    if target.exists() or target.is_symlink():
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
