"""A quiet static file server on a free loopback port, for browser tests and benchmarks of a built site."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # one line per request would drown test output
        pass


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    """Serve `directory` on 127.0.0.1 in a daemon thread; call .shutdown() when done."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
